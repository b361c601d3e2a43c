"""Start-up cost of the window, measured against an empty Qt main window in the same run.

Each measurement is a fresh process (imports included, the byte code cached as after the first
start: `report.user_env`). It shows its window and prints the wall-clock time once the window
has been painted (its first paint event, then one more turn of the event loop); the figure is
the time from just before the process was started to then. The start page is the program's, as
a user starts it (`PROGRAM`: ``kooperation`` without arguments, as the desktop starts it, on the
store of ``KOOPERATION_DB``), timed at the program's own after-first-paint moment. A second
process (`APPLICATION`, the steps of ``kooperation.ui.app.run`` written out) then finishes
opening the store (the database layer is loaded after the window is shown) and opens a
project; those moments are printed too. The empty window and the application start in turns,
one process at a time, so that both see the same load. The peak memory (max RSS) is each
process's own (``wait4``). Prints figures, asserts nothing; medians of ``--runs`` runs.

``--many STORE`` adds a third process per turn: the application on a store with many projects,
e.g. 1,000 projects of 20 versions each, made once (11 minutes, 520 MB) with
``--build-many STORE 1000 20`` as ``bench_store_scale.py`` builds its stores.

Goals (issue 12): start page painted in at most 1.5x the time of an empty Qt main window
painted; with 1,000 projects x 20 versions in at most 1.1x the time with 1 project.
Run: ``python benchmarks/bench_startup.py [--runs N] [--many STORE]``.

Where the time goes (2026-12-03, quiet machine, offscreen): the empty window ~90 ms, the start
page ~145 ms. Of the difference, importing the window's modules ~38 ms (14 of them PySide6
making the 93 enumerations of the ``Qt`` namespace at their first use, which the empty window
never touches), building the main window ~14 ms, and the paint a few ms more. With 1,000
projects: reading their summaries ~11 ms (four index passes and the summaries; two of the
indexes came with migration 0012), painting a screenful of rows instead of one ~7 ms; sorting
the list no longer calls Python per comparison (it took 27 ms).

Measured again on 2026-12-04 (85 ms empty, 140 ms start page, 157 ms with 1,000 projects):
PySide6 makes 171 Python enumerations before the first paint, 20 ms in all (the ``Qt``
namespace's 93 at `from PySide6.QtCore import Qt`, 12 ms; the other 78 come with the classes
the window imports, 8 ms); ``PYSIDE6_OPTION_LAZY`` changes nothing of it. With 1,000 projects
the store is read in ~10 ms (the four queries 5.4 ms on a warm connection, a fresh connection
reading the schema ~1.6, the summaries 1.4) and the table of 21 rows paints in 4.2 ms instead of
0.4; 1.7 ms of those are Qt laying out and eliding the partner names (153 characters per row
in the demo). Answering seven roles per cell through Python is ~0.6 ms of it (tried: one
``multiData`` call per cell instead saves that only without the search's filter model).

Measured again on 2026-12-04, later (in-process marks, medians of 9; 1 project / 1,000):
reading the list 0.8 / 11.1 ms, the first paint 3.5 / 8.9 ms. Three changes (1.12x -> 1.09x,
154-160 ms): migration 0013 keeps only the open topics in their index and the projects in list
order in theirs (a fresh connection: open topics 2.4 -> 0.7 ms, projects 1.4 -> 0.6 ms, both
read from the index alone); the change times are made aware with ``datetime.combine`` instead
of ``replace(tzinfo=...)`` (building the summaries 1.4 -> 0.9 ms); the list model searches
itself, so no ``QSortFilterProxyModel`` stands between it and the table (it asked Python for
each of the 1,000 rows' filter and for two counts at every cell it mapped: the paint 4.4 ->
3.4 ms warm). Now: reading 7.9 ms (the partner names 2.4 and the versions counted 2.8 on a
fresh connection, most of it SQLite reading index pages and Python making 4,000 rows), the
paint 8.1 ms. Tried again, without the filter model: ``multiData`` (no gain, 3.38 against
3.40 ms); a screenful paints 950 Python calls, the rest is Qt laying out the text (the partner
names 1.3 ms).

Measured as a user starts it (2026-12-04, third round, medians of 15 in turns; empty window
86 ms). Until then the start page was timed from a script that imported ``kooperation.ui.app``
itself (134 ms, 1.56x); the program itself took 161 ms (1.87x), and more of it was ours:
* an application-wide event filter in Python for the files macOS hands over (``FileOpener``)
  saw every event of every object, and Qt for Python set up the class of each object it was
  handed, enumerations included: 106 more enumerations (8 ms) before the first paint, and a
  Python call for every event of the whole session. Now the application class takes the
  file-open events in its own ``event`` (`kooperation.ui.app.Application`);
* the input guard looked for an earlier guard with ``app.findChild`` and for the value fields
  with ``app.allWidgets`` (every object of the application handed to Python: 9 ms just after
  the first paint); now each window is asked for its value fields alone (2 ms);
* the program built the parser of every command before it started the window (5 ms); alone,
  ``kooperation`` now builds none, and the CLI imports its file writer (hashlib, socket) only
  where it writes;
* the automatic garbage collector ran some 40 times while the window's modules loaded (5 ms);
  the program now switches it off first, as the window does anyway (`ui.collector`);
* opening a store imported SQLAlchemy's PostgreSQL dialect (an index's ``postgresql_where``),
  20 ms on the worker that loads the database layer.
Now 133-135 ms, 1.56-1.58x the empty window (15 and 21 runs); 1,000 projects 148-149 ms,
1.10-1.11x.
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
from report import Row, compile_sources, emit, user_env  # noqa: E402

# Both processes print the moment their window has been *painted*: the first paint event of the
# window, then one more turn of the event loop (so the picture is flushed). A zero timer started
# after show() would fire before the paint and flatter the figure.
PAINTED = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
class Painted(QObject):
    def __init__(self, widget, then):
        super().__init__(widget)
        self.widget, self.then = widget, then
        widget.installEventFilter(self)
    def eventFilter(self, obj, event):
        if obj is self.widget and event.type() == QEvent.Type.Paint and self.then:
            then, self.then = self.then, None
            QTimer.singleShot(0, then)
        return False
"""

EMPTY = PAINTED + """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1280, 800)
def painted():
    print(time.time(), flush=True)
    app.quit()
Painted(w, painted)
w.show()
app.exec()
"""

# the same steps as kooperation.ui.app.run, with time stamps; the program (cli.main) switches the
# automatic garbage collector off before the window's modules load
APPLICATION = "import gc\ngc.disable()\n" + PAINTED + """
import sys
from kooperation.ui.app import create_application, create_main_window, finish_opening, open_for_window
from kooperation.ui.input_guard import install_input_guard
app = create_application()
store = open_for_window(sys.argv[1])
w = create_main_window(store); w.resize(1280, 800)
def painted():
    print(time.time(), flush=True)               # start page painted
    install_input_guard(app)
    finish_opening(store, w)
    print(time.time(), flush=True)               # store open, every action ready
    w.open_project(store.list_projects()[0].id)
    pw = w.project_window
    if getattr(pw, "loaded", True):
        Painted(pw, project_painted)
    else:  # the frame is drawn first; what counts is the page, once the project is read
        pw.sig_loaded.connect(lambda: Painted(pw.stack.currentWidget(), project_painted))
def project_painted():
    print(time.time(), flush=True)               # project window painted
    app.quit()
Painted(w, painted)
w.show()
app.exec()
"""

# the start page as a user starts the program (`kooperation`, as the desktop does: no arguments,
# the store from KOOPERATION_DB): all the program does before its window is counted. The moment
# is the program's own: it waits for its window's first paint and one more turn of the event loop
# (`after_first_paint`, as PAINTED does) before it installs the input guard and loads the
# database layer; the time is printed there, before that work, and the process ends (the later
# moments are APPLICATION's)
PROGRAM = """
import os, sys, time
from kooperation import cli
os.environ["KOOPERATION_DB"] = sys.argv[1]
start_gui = cli._start_gui
def start(args):
    from kooperation.ui import app as ui_app
    after_first_paint = ui_app.after_first_paint
    def painted(widget, then, *rest):
        def first():
            print(time.time(), flush=True)       # start page painted
            os._exit(0)
        after_first_paint(widget, first, *rest)
    ui_app.after_first_paint = painted
    return start_gui(args)
cli._start_gui = start
sys.argv = ["kooperation"]
cli.run()
"""


def measure(code: str, args: list[str], runs: int) -> tuple[list[float], float]:
    """Median seconds from process start to each printed moment, and the largest peak resident
    size of those processes in MiB (each process's own, from ``wait4``)."""
    moments: list[list[float]] = []
    peaks = []
    env = {**user_env(), "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    for _ in range(runs):
        start = time.time()
        child = subprocess.Popen([sys.executable, "-c", code, *args], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        out = child.stdout.read() if child.stdout else ""
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise RuntimeError(f"the measured process ended with {child.returncode}")
        moments.append([float(line) - start for line in out.split()])
        peaks.append(usage.ru_maxrss)
    return [statistics.median(m) for m in zip(*moments, strict=True)], max(peaks) / 1024


def build_many(path: Path, projects: int, versions: int) -> None:
    """A store of ``projects`` projects with ``versions`` stored versions each, as
    ``bench_store_scale.py`` builds it (real renders of the demo, each version changed)."""
    import pickle

    import bench_store_scale

    with tempfile.TemporaryDirectory() as tmp:
        variants = Path(tmp) / "variants.pickle"
        variants.write_bytes(pickle.dumps(bench_store_scale.render_variants(4)))
        bench_store_scale.build(path, projects, versions, variants)


def many_label(path: str) -> str:
    """"1,000 projects x 20 versions" for the store at ``path``."""
    import sqlite3

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        projects = conn.execute("SELECT count(*) FROM project").fetchone()[0]
        versions = conn.execute("SELECT count(*) FROM draft_version").fetchone()[0]
    return f"{projects:,} projects x {versions // max(projects, 1)} versions"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", help="an existing store to start on (default: one with the demo)")
    parser.add_argument("--json", action="store_true", help="one JSON line for run_all.py")
    parser.add_argument("--many", metavar="PATH", help="a store with many projects (e.g. 1,000 x 20 "
                        "versions, built by --build-many) whose start page is measured in turns with "
                        "the 1-project one")
    parser.add_argument("--build-many", nargs=3, metavar=("PATH", "PROJECTS", "VERSIONS"),
                        help="build that store (bench_store_scale's realistic versions; 1,000 x 20 take "
                        "about 11 minutes and 520 MB) and exit")
    args = parser.parse_args()
    if args.build_many:
        path, projects, versions = args.build_many
        build_many(Path(path), int(projects), int(versions))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = os.path.join(tmp, "bench.sqlite3")
            from kooperation.domain.demo import demo_project
            from kooperation.store import open_store

            store = open_store(db)
            store.save_project(demo_project())
            store.close()
        os.environ["KOOPERATION_DATA_DIR"] = tmp
        compile_sources()
        # in turns, one process of each at a time, so that both see the same load
        empties, programs, apps, many = [], [], [], []
        for _ in range(args.runs):
            empties.append(measure(EMPTY, [], 1))
            programs.append(measure(PROGRAM, [db], 1))
            apps.append(measure(APPLICATION, [db], 1))
            if args.many:
                many.append(measure(PROGRAM, [args.many], 1))
        t_empty = statistics.median(times[0] for times, _peak in empties)
        m_empty = max(peak for _times, peak in empties)
        t_start = statistics.median(times[0] for times, _peak in programs)
        t_ready, t_project = (statistics.median(times[i] for times, _peak in apps) for i in (1, 2))
        m_app = max(peak for _times, peak in apps)
    label = f" ({os.path.basename(args.db)})" if args.db else ""
    rows = [
        Row("empty Qt main window painted", t_empty * 1000, "ms", note=f"max RSS {m_empty:.0f} MiB"),
        Row(f"start page painted / empty window{label}", t_start / t_empty, "×", 1.5,
            note=f"{t_start * 1000:.0f} ms"),
        Row(f"store open, every action ready / empty window{label}", t_ready / t_empty, "×",
            note=f"{t_ready * 1000:.0f} ms"),
        Row(f"project window painted / empty window{label}", t_project / t_empty, "×",
            note=f"{t_project * 1000:.0f} ms"),
        Row("peak RSS, start page and demo project open", m_app, "MiB"),
    ]
    if many:
        t_many = statistics.median(times[0] for times, _peak in many)
        rows.append(Row(f"start page painted, {many_label(args.many)} / 1 project", t_many / t_start,
                        "×", 1.1, note=f"{t_many * 1000:.0f} ms"))
    emit(rows, args.json, f"start-up, median of {args.runs} fresh processes each")
    return 0


if __name__ == "__main__":
    sys.exit(main())
