"""Fuzzing the JSON import at scale: the demo project's export (with a stored agreement and an
open comment) mutated at one to three random places with hostile values, imported into a store;
counts how many imports were refused with a message, accepted (and the next draft generated),
or ended in an unexpected error (target: 0). The bounded version runs in every test run
(``tests/test_import_fuzz.py``); this one prints the figure for many more mutations.

Run: ``python benchmarks/fuzz_import.py [--count 2000] [--seed 1]``.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from importfuzz import Importer, demo_document, ids_of, one_round, paths_of  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        base = demo_document(Path(tmp))
        paths, ids = paths_of(base), ids_of(base)
        importer = Importer(Path(tmp))
        outcomes: collections.Counter[str] = collections.Counter()
        unexpected: list[tuple[str, list]] = []
        start = time.perf_counter()
        for _ in range(args.count):
            outcome, mutated = one_round(importer, base, paths, ids, rng)
            if outcome.startswith("unexpected"):
                unexpected.append((outcome, mutated))
                outcome = "unexpected"
            outcomes[outcome] += 1
        importer.close()
    seconds = time.perf_counter() - start
    print(f"{args.count} mutated files in {seconds:.0f} s: refused {outcomes['refused']}, "
          f"accepted {outcomes['accepted']}, unexpected {outcomes['unexpected']} "
          f"({100 * outcomes['unexpected'] / max(args.count, 1):.2f} %)")
    for outcome, mutated in unexpected[:20]:
        print(f"  {outcome}\n    at {mutated}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    raise SystemExit(main())
