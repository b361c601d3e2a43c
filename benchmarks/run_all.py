"""Run every benchmark and print one table of what a user sees, next to the goals of issue 12.

Each benchmark runs as its own process with ``--json`` and reports rows (what, figure, goal);
this script collects them into one Markdown table (``--out FILE`` writes it to a file as well).
Benchmarks that are missing or fail are listed as such; nothing here asserts. The machines are
shared and noisy: every figure is a median of several runs and, where it matters, a ratio to
an anchor measured in the same run (an empty Qt window, LibreOffice).

Run: ``python benchmarks/run_all.py [--quick] [--out results.md] [--many STORE]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from report import Row, rows_from_json, table  # noqa: E402

# (script, arguments, arguments with --quick)
BENCHMARKS = [
    ("bench_startup.py", ["--runs", "7"], ["--runs", "3"]),
    # stalls: a median of 3 even when quick (one run let a rare spike read as a missed goal: one
    # typing run of 53 ms, where 12 runs had medians of 17-28 and at most 36 ms)
    ("bench_stalls.py", ["--runs", "3"], ["--runs", "3"]),
    ("bench_render.py", [], ["--runs", "3"]),
    ("bench_generate.py", [], ["--runs", "3"]),
    ("bench_preview.py", [], ["--runs", "3"]),
    ("bench_store_scale.py", ["--projects", "100", "--versions", "20"], ["--projects", "10", "--versions", "20"]),
]


def run(script: str, args: list[str]) -> tuple[list[Row], str]:
    """The rows a benchmark reports, or none and why."""
    path = HERE / script
    if not path.exists():
        return [], "not present"
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    try:
        done = subprocess.run(
            [sys.executable, str(path), *args, "--json"], capture_output=True, text=True,
            timeout=3600, env=env, check=False,
        )
    except subprocess.TimeoutExpired:
        return [], "timed out"
    lines = [line for line in done.stdout.splitlines() if line.startswith("[")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return [], f"failed: {tail[:200]}"
    return rows_from_json(lines[-1]), ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs and a smaller store")
    parser.add_argument("--out", help="also write the table to this file")
    parser.add_argument("--many", metavar="PATH", help="a store of 1,000 projects x 20 versions for "
                        "the start page's goal, made once with `python benchmarks/bench_startup.py "
                        "--build-many PATH 1000 20` (11 minutes, 520 MB)")
    args = parser.parse_args()
    rows: list[Row] = []
    problems: list[str] = []
    started = time.time()
    for script, full, quick in BENCHMARKS:
        print(f"… {script}", file=sys.stderr, flush=True)
        extra = ["--many", args.many] if args.many and script == "bench_startup.py" else []
        found, problem = run(script, [*(quick if args.quick else full), *extra])
        rows += found
        if problem:
            problems.append(f"- {script}: {problem}")
    text = table(rows)
    if problems:
        text += "\n\nNot measured:\n" + "\n".join(problems)
    text += f"\n\n({time.time() - started:.0f} s, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})"
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
