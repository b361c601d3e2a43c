"""How fast the live preview follows typing, and how much memory the window with it takes.

In a fresh process the real application opens the example project (and, in another process,
the large 15-partner, 40-goal, 120-milestone project), shows the preview, and a script types
into the partner's short name a few keys at a time, waiting for the preview after each burst.
For every update it measures

* **after the debounce**: from the moment the debounce timer fires to the first paint of the
  preview's viewport after the new text is in (what the user waits for once typing pauses);
* **GUI part**: from the later of the debounce and the worker's result arriving on the GUI
  thread to that paint (the time the window cannot answer because of the preview);
* **ready**: how many updates were prepared before the debounce ended (the worker starts with
  the edit);

and a heartbeat on the GUI thread (as in ``bench_stalls.py``) reports the longest stall while
typing. Memory: the process's resident size (``VmRSS``, and the peak ``VmHWM``) with the demo
open and the preview shown, and after a draft (DOCX + PDF) is generated, next to a process that
shows an empty ``QMainWindow`` in the same run.

``--baseline DIR`` also runs another checkout's own copy of this script (its ``src/``) in the
same run, alternating with this tree, and prints its preview figures above this tree's.

Prints figures, asserts nothing. Run:
``python benchmarks/bench_preview.py [--runs N] [--baseline /path/to/other/checkout]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from gui_script import Heartbeat, Step, drive, drive_and_close, generate_draft, show_main_window  # noqa: E402

GOAL_LATENCY_MS = 30
GOAL_STALL_MS = 50
GOAL_RSS_MIB = 110
BURSTS = 8  # preview updates measured per process


def rss() -> dict[str, float]:
    """Current and peak resident size of this process in MiB."""
    out: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            key, _sep, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024
    return out


class PreviewClock:
    """Timestamps of one preview update: debounce fired, the newest state prepared (the worker
    starts with the edit, so this can come before the debounce ends), viewport painted."""

    def __init__(self, panel) -> None:
        from PySide6.QtCore import QEvent, QObject, Qt

        self.fired = self.arrived = self.painted = 0.0
        self.updated = False
        clock = self

        class PaintWatch(QObject):
            def eventFilter(self, _obj, event) -> bool:  # noqa: N802 - Qt's name
                if event.type() == QEvent.Type.Paint and clock.updated and not clock.painted:
                    clock.painted = time.perf_counter()
                return False

        # the timestamps are taken before the preview's own slots run
        panel._timer.timeout.disconnect()
        panel._timer.timeout.connect(self._fire)
        panel._timer.timeout.connect(panel._due)
        panel._signals.done.disconnect()
        panel._signals.done.connect(
            lambda change, prepared: (self._arrive(change == panel._change), panel._done(change, prepared)),
            Qt.QueuedConnection)
        panel.sig_updated.connect(self._updated)  # the new text is in: the next paint shows it
        self._watch = PaintWatch()
        panel.browser.viewport().installEventFilter(self._watch)

    def reset(self) -> None:
        self.fired, self.arrived, self.painted, self.updated = 0.0, 0.0, 0.0, False

    def _fire(self) -> None:
        self.fired, self.painted, self.updated = time.perf_counter(), 0.0, False

    def _arrive(self, newest: bool) -> None:
        if newest:
            self.arrived = time.perf_counter()

    def _updated(self) -> None:
        self.updated = True

    def figures(self) -> tuple[float, float, bool]:
        """After the debounce, the GUI part (from the later of debounce and result to the
        paint), and whether the result was ready when the debounce ended."""
        return ((self.painted - self.fired) * 1000, (self.painted - max(self.fired, self.arrived)) * 1000,
                bool(self.arrived) and self.arrived <= self.fired)


def run_window(db: str, project_id: str, draft: bool) -> dict:
    """One process: open ``project_id``, measure memory, type, (generate a draft)."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit

    from kooperation.ui.app import create_application, open_when_loaded

    app = create_application()
    beat = Heartbeat(phase=None)
    store, window = show_main_window(db)
    result: dict = {"latency": [], "gui": [], "ready": []}

    def script() -> Iterator[Step]:
        yield ("until", window.isVisible)
        opened: list[bool] = []
        open_when_loaded(store, window, opened.append)
        yield ("until", lambda: bool(opened))
        yield 1500  # the user reads the start page (the idle warm-up runs)
        window.open_project(project_id)
        project = window.project_window
        panel = project.preview
        yield ("until", lambda: panel.status.text() == "" and bool(panel.browser.toPlainText()))
        yield 1000
        result["rss_open"] = rss()
        clock = PreviewClock(panel)
        project.select_phase("partners")
        yield 300
        edit = project.pages["partners"].findChild(QLineEdit, "short_name")
        edit.setFocus()
        edit.selectAll()
        beat.enter("typing")
        for burst in range(BURSTS):
            clock.reset()
            for char in f"W{burst}x"[: 2 + burst % 2]:
                QTest.keyClick(edit, char)
                yield 60
            yield ("until", lambda: bool(clock.fired and clock.painted))
            latency, gui, ready = clock.figures()
            result["latency"].append(latency)
            result["gui"].append(gui)
            result["ready"].append(ready)
            yield 150
        beat.enter(None)
        result["stall"] = beat.longest.get("typing", 0.0)
        result["rss_typed"] = rss()
        if draft:
            yield from generate_draft(project)
            yield 500
            result["rss_draft"] = rss()

    drive_and_close(app, store, window, script())
    return result


def run_empty() -> dict:
    """The anchor: a process that shows an empty QMainWindow, painted."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1400, 900)
    window.show()
    result: dict = {}

    def script() -> Iterator[Step]:
        yield 1000
        result["rss_open"] = rss()

    drive(app, script())
    return result


def child(args: list[str]) -> dict:
    if args[0] == "empty":
        return run_empty()
    return run_window(args[1], args[2], args[3] == "draft")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--baseline", type=Path, default=None,
                        help="another checkout to measure in the same run (its own script and src/)")
    parser.add_argument("--json", action="store_true", help="one JSON line for run_all.py")
    args = parser.parse_args()
    if args.child:  # one run in a fresh process: nothing imported or loaded before
        print(json.dumps(child(args.child)))
        return 0
    from kooperation.domain.demo import demo_project
    from kooperation.store import open_store
    from large_project import large_project

    def spawn(*argv: str, tree: Path | None = None) -> dict:
        script, env = __file__, None
        if tree is not None:  # the other checkout measures itself with its own script
            script = str(tree.resolve() / "benchmarks" / "bench_preview.py")
            env = dict(os.environ, PYTHONPATH=str(tree.resolve() / "src"))
        out = subprocess.run([sys.executable, script, "--child", *argv], check=True, env=env,
                             capture_output=True, text=True, timeout=600).stdout
        return json.loads(out.strip().splitlines()[-1])

    empty: list[dict] = []
    demo: list[dict] = []
    large: list[dict] = []
    base_demo: list[dict] = []
    base_large: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KOOPERATION_DATA_DIR"] = tmp
        db = os.path.join(tmp, "bench.sqlite3")
        store = open_store(db)
        demo_id = store.save_project(demo_project()).id
        large_id = store.save_project(large_project()).id
        store.close()
        for _ in range(args.runs):
            empty.append(spawn("empty"))
            demo.append(spawn("window", db, demo_id, "draft"))
            large.append(spawn("window", db, large_id, "nodraft"))
            if args.baseline is not None:
                base_demo.append(spawn("window", db, demo_id, "draft", tree=args.baseline))
                base_large.append(spawn("window", db, large_id, "nodraft", tree=args.baseline))

    def med(values: list[float]) -> float:
        return statistics.median(values)

    if args.json:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from report import Row, emit

        anchor = med([r["rss_open"]["VmRSS"] for r in empty])
        out = []
        for name, runs in (("demo", demo), ("large", large)):
            out.append(Row(f"preview painted after the debounce ({name})",
                           med([x for r in runs for x in r["latency"]]), "ms", GOAL_LATENCY_MS))
            out.append(Row(f"longest stall while typing ({name})",
                           med([r["stall"] for r in runs]), "ms", GOAL_STALL_MS))
        out.append(Row("RSS, demo open with preview", med([r["rss_open"]["VmRSS"] for r in demo]),
                       "MiB", GOAL_RSS_MIB, note=f"empty window {anchor:.0f} MiB"))
        out.append(Row("RSS after a draft", med([r["rss_draft"]["VmRSS"] for r in demo]), "MiB"))
        emit(out, True)
        return 0

    print(f"live preview, {args.runs} fresh processes each, {BURSTS} updates per process")
    print(f"  {'project':<8} {'after debounce':>15} {'GUI part':>10} {'longest stall':>14} {'ready':>6}")
    measured = [("demo", demo), ("large", large)]
    if args.baseline is not None:
        measured = [("demo", base_demo), ("large", base_large)] + measured
        print(f"  first the baseline {args.baseline}, then this tree")
    for name, runs in measured:
        lat = [x for r in runs for x in r["latency"]]
        gui = [x for r in runs for x in r["gui"]]
        ready = [x for r in runs for x in r.get("ready", [])]
        stall = med([r["stall"] for r in runs])
        print(f"  {name:<8} {med(lat):12.0f} ms {med(gui):7.0f} ms {stall:11.0f} ms {f'{sum(ready)}/{len(lat)}' if ready else '-':>6}"
              f"   (goal <= {GOAL_LATENCY_MS} ms painted, <= {GOAL_STALL_MS} ms stall)")
    anchor = med([r["rss_open"]["VmRSS"] for r in empty])
    print(f"resident memory (MiB), medians; empty QMainWindow process: {anchor:.0f} MiB")
    rows = [
        ("demo open, preview shown", [r["rss_open"] for r in demo]),
        ("demo after typing", [r["rss_typed"] for r in demo]),
        ("demo after a draft", [r["rss_draft"] for r in demo]),
        ("large open, preview shown", [r["rss_open"] for r in large]),
        ("large after typing", [r["rss_typed"] for r in large]),
    ]
    for label, values in rows:
        now = med([v["VmRSS"] for v in values])
        peak = med([v["VmHWM"] for v in values])
        print(f"  {label:<27} {now:6.0f} (peak {peak:4.0f})  {now / anchor:4.2f}x empty"
              f"  {now - anchor:+5.0f} MiB")
    print(f"  goal: demo open with preview <= {GOAL_RSS_MIB} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
