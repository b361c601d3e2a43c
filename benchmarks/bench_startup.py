"""Start-up cost of the window, measured against an empty Qt main window in the same run.

Each measurement is a fresh process (imports included) that shows its window, lets the event loop
paint once and exits; the time is taken from before the process starts to its exit, and the
peak memory (max RSS) is read from the child's resource usage. Prints figures, asserts nothing.

Target (issue 3): start page shown in under 3x the cost of an empty Qt main window.
Run: ``python benchmarks/bench_startup.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

EMPTY = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1280, 800); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

START_PAGE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from kooperation.store import open_store
from kooperation.ui.main_window import MainWindow
app = QApplication(sys.argv)
store = open_store(sys.argv[1])
w = MainWindow(store); w.resize(1280, 800); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

PROJECT_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from kooperation.store import open_store
from kooperation.ui.main_window import MainWindow
app = QApplication(sys.argv)
store = open_store(sys.argv[1])
w = MainWindow(store); w.resize(1280, 800); w.show()
w.open_project(store.list_projects()[0].id)
QTimer.singleShot(0, app.quit)
app.exec()
"""


def measure(code: str, args: list[str], runs: int) -> tuple[float, float]:
    times, peaks = [], []
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], check=True, env=env, capture_output=True, timeout=120)
        times.append(time.perf_counter() - start)
        peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
    return statistics.median(times), max(peaks) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.sqlite3")
        from kooperation.domain.demo import demo_project
        from kooperation.store import open_store

        store = open_store(db)
        store.save_project(demo_project())
        store.close()
        os.environ["KOOPERATION_DATA_DIR"] = tmp
        t_empty, m_empty = measure(EMPTY, [], args.runs)
        t_start, m_start = measure(START_PAGE, [db], args.runs)
        t_project, m_project = measure(PROJECT_WINDOW, [db], args.runs)
    print(f"empty Qt main window : {t_empty * 1000:7.0f} ms  (max RSS of the runs so far {m_empty:.0f} MiB)")
    print(f"start page shown     : {t_start * 1000:7.0f} ms  ratio {t_start / t_empty:.2f} (target < 3)  max RSS {m_start:.0f} MiB")
    print(f"project window shown : {t_project * 1000:7.0f} ms  ratio {t_project / t_empty:.2f}  max RSS {m_project:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
