"""How long does importing a damaged or hostile DOCX take? Every case must end within 2 s:
imported, or refused with a German message and the store unchanged.

Mutates the review export of the demo agreement ~2,000 times (the mutations of
``tests/docx_mutations.py``: truncated and bit-flipped zips, deep nesting, huge attributes,
duplicated comments, broken bookmarks, wrong namespaces, enormous text, storms of tracked
changes, ...), imports each into a fresh copy of a store and prints the time per mutation kind,
the percentiles, the number of cases over 2 s and the slowest cases (name and seed replay
them). Asserts nothing but prints every crash (an exception that is not the app's own).

Run: ``python benchmarks/bench_hostile_docx.py [--cases 2000] [--only NAME] [--seed-from 0]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from docx_mutations import MUTATIONS, make_template, mutate, run_import  # noqa: E402

LIMIT = 2.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--only", choices=MUTATIONS, action="append")
    parser.add_argument("--seed-from", type=int, default=0)
    args = parser.parse_args()
    kinds = args.only or MUTATIONS
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        template, base = make_template(workdir)
        times: dict[str, list[float]] = {k: [] for k in kinds}
        results: list[tuple[float, str, int, str]] = []
        crashes = changed = imported = 0
        started = time.perf_counter()
        for i in range(args.cases):
            kind, seed = kinds[i % len(kinds)], args.seed_from + i // len(kinds)
            data = mutate(base, kind, seed)
            try:
                outcome = run_import(template, workdir, data)
            except Exception:  # a crash: what the benchmark is there to find
                crashes += 1
                print(f"CRASH {kind} seed {seed}:\n{traceback.format_exc()}")
                continue
            times[kind].append(outcome.seconds)
            if outcome.refused is None:
                imported += 1
                what = f"imported, {outcome.added} added"
            else:
                what = "refused: " + outcome.refused[:90]
                if outcome.after != outcome.before:
                    changed += 1
                    print(f"STORE CHANGED on refusal: {kind} seed {seed}")
            results.append((outcome.seconds, kind, seed, what))
        wall = time.perf_counter() - started
    every = [r[0] for r in results]
    print(f"{len(results)} cases in {wall:.0f} s: {imported} imported, "
          f"{len(results) - imported} refused, {crashes} crashes, {changed} store changes")
    print(f"{'mutation':22} {'n':>5} {'median':>8} {'p95':>8} {'max':>8}")
    for kind, values in times.items():
        if values:
            print(f"{kind:22} {len(values):5} {statistics.median(values):8.3f} "
                  f"{percentile(values, 0.95):8.3f} {max(values):8.3f}")
    if every:
        print(f"{'all':22} {len(every):5} {statistics.median(every):8.3f} "
              f"{percentile(every, 0.95):8.3f} {max(every):8.3f}   p99 {percentile(every, 0.99):.3f}")
    print(f"over {LIMIT:.0f} s: {sum(t > LIMIT for t in every)}")
    print("slowest:")
    for seconds, kind, seed, what in sorted(results, reverse=True)[:10]:
        print(f"  {seconds:6.3f} s  {kind} seed {seed}: {what}")
    return 1 if crashes or changed else 0


if __name__ == "__main__":
    sys.exit(main())
