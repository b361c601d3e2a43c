"""The built program (scripts/build_app.py) next to the source tree: size and start-up.

Start-up is measured as a user sees it, whole process from its start: each run starts the
program's ``selftest`` (a first start in an empty folder: the window is painted, the example
project is opened) and notes when it reports "Startseite gezeichnet" and "Beispielprojekt …
geöffnet" on its output. The same for ``python -m kooperation selftest`` from the source tree
(byte code cached, as installed), and an empty Qt main window painted as the anchor, in turns,
medians of ``--runs`` runs. Prints figures, asserts nothing.

Run: ``python benchmarks/bench_build.py [--runs N] [--program dist/kooperation/kooperation]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_startup import EMPTY  # noqa: E402
from report import Row, compile_sources, emit, user_env  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from build_app import folder_size  # noqa: E402

MOMENTS = ("Startseite gezeichnet", "Beispielprojekt")


def selftest_moments(command: list[str], env: dict[str, str]) -> list[float]:
    """Seconds from the start of ``command`` (a selftest) to each line of `MOMENTS`."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    seen: list[float] = []
    assert process.stdout is not None
    for line in process.stdout:
        if len(seen) < len(MOMENTS) and line.startswith(MOMENTS[len(seen)]):
            seen.append(time.perf_counter() - start)
    if process.wait() != 0 or len(seen) != len(MOMENTS):
        raise SystemExit(f"{command[0]} selftest failed")
    return seen


def empty_window(env: dict[str, str]) -> float:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", EMPTY], env=env, capture_output=True, text=True, check=True).stdout
    return float(out.split()[0]) - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--program", type=Path, default=ROOT / "dist" / "kooperation" / "kooperation")
    parser.add_argument("--json", action="store_true", help="one JSON line for run_all.py")
    args = parser.parse_args()
    if not args.program.exists():
        print(f"no built program at {args.program}: run python scripts/build_app.py first", file=sys.stderr)
        return 1
    compile_sources()
    env = {**user_env(), "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    built_env = {**env, "PYTHONPATH": ""}
    empty, built, source = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        env["KOOPERATION_DATA_DIR"] = built_env["KOOPERATION_DATA_DIR"] = tmp
        for _ in range(args.runs):  # in turns: the machine's load falls on all three alike
            empty.append(empty_window(env))
            built.append(selftest_moments([str(args.program), "selftest"], built_env))
            source.append(selftest_moments([sys.executable, "-m", "kooperation", "selftest"], env))
    t_empty = statistics.median(empty)
    b_start, b_project = (statistics.median(m) for m in zip(*built, strict=True))
    s_start, s_project = (statistics.median(m) for m in zip(*source, strict=True))
    bundle = args.program.parent
    archives = sorted((ROOT / "dist").glob("kooperation-*.tar.gz"))
    rows = [
        Row("built program: folder", folder_size(bundle) / 2**20, "MiB"),
        *([Row("built program: archive to download", archives[-1].stat().st_size / 2**20, "MiB")] if archives else []),
        Row("empty Qt main window painted", t_empty * 1000, "ms"),
        Row("first start, start page painted: built / source tree", b_start / s_start, "×",
            note=f"{b_start * 1000:.0f} vs {s_start * 1000:.0f} ms"),
        Row("first start, start page painted: built / empty window", b_start / t_empty, "×"),
        Row("first start, example open in the project window: built / source tree", b_project / s_project, "×",
            note=f"{b_project * 1000:.0f} vs {s_project * 1000:.0f} ms"),
    ]
    emit(rows, args.json, f"built program vs source tree, median of {args.runs} runs each")
    return 0


if __name__ == "__main__":
    sys.exit(main())
