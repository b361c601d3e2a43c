"""Where the window's resident memory goes (issue 12: goal <= 110 MiB with the demo open and its
preview shown), to decide what to make lazy or smaller.

Two views, each in fresh processes, medians of ``--runs``:

* **stages**: the real application opens the example project as in ``bench_preview.py``, and the
  resident size (``VmRSS``) is read after each stage: the empty ``QMainWindow`` process (anchor),
  the start page, the database layer loaded, the warm-up, the project window, the preview shown,
  the other pages built in idle moments, and after a draft (DOCX + PDF);
* **libraries**: a process shows an empty ``QMainWindow`` and then imports the libraries one group
  after the other in the order the application does; what each group adds is what the window
  would save if it did not import it (a group's shared C libraries count where they first load).
  The groups under "after a draft" are what making a draft adds; they are not loaded before.

Prints figures, asserts nothing. Run: ``python benchmarks/bench_memory.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from gui_script import drive_and_close, generate_draft, show_main_window  # noqa: E402

GROUPS: list[tuple[str, list[str]]] = [
    ("the application's Qt modules (start page)", ["kooperation.ui.app", "kooperation.ui.main_window"]),
    ("PyYAML", ["yaml"]),
    ("Jinja2 (conditions, clause templates)", ["jinja2.sandbox"]),
    ("Babel + German locale data", ["babel.dates", "babel.numbers", "!locale"]),
    ("catalogue, labels, domain model", ["kooperation.domain.labels", "kooperation.domain.serialize"]),
    ("SQLAlchemy core", ["sqlalchemy"]),
    ("SQLAlchemy ORM", ["sqlalchemy.orm"]),
    ("store layer (models, repository)", ["kooperation.store.repository"]),
    ("project window, first page, preview", ["kooperation.ui.project_window", "kooperation.ui.pages.partners"]),
    ("lxml + drafting (clause markup)", ["kooperation.drafting.build", "kooperation.render.html"]),
    ("the other pages", ["kooperation.ui.pages.drafts", "kooperation.ui.pages.rules",
                         "kooperation.ui.pages.goals", "kooperation.ui.pages.factors",
                         "kooperation.ui.pages.living", "kooperation.ui.pages.board"]),
    ("after a draft: reportlab", ["reportlab.platypus"]),
    ("after a draft: python-docx", ["docx"]),
    ("after a draft: fontTools (font subsets)", ["fontTools.subset"]),
]


def rss() -> float:
    """This process's resident size in MiB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_stages(db: str, project_id: str) -> dict[str, float]:
    from kooperation.ui.app import create_application, open_when_loaded

    app = create_application()
    store, window = show_main_window(db)
    out: dict[str, float] = {}

    def script() -> Iterator:
        yield ("until", window.isVisible)
        yield 200
        out["start page shown"] = rss()
        opened: list[bool] = []
        open_when_loaded(store, window, opened.append)
        yield ("until", lambda: bool(opened))
        out["database layer loaded, store open"] = rss()
        yield 1500
        out["warm-up done (catalogue, library, drafting)"] = rss()
        window.open_project(project_id)
        project = window.project_window
        panel = project.preview
        yield ("until", lambda: project.loaded)
        out["project window with its first page"] = rss()
        yield ("until", lambda: panel.status.text() == "" and bool(panel.browser.toPlainText()))
        out["preview shown"] = rss()
        yield 1000
        out["other pages built (= bench_preview's figure)"] = rss()
        yield from generate_draft(project)
        yield 500
        out["after a draft (DOCX + PDF)"] = rss()

    drive_and_close(app, store, window, script())
    return out


def run_libraries() -> dict[str, float]:
    from PySide6.QtWidgets import QApplication, QMainWindow

    import kooperation.ui  # noqa: F401 - as in the application: sources stay out of linecache

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1400, 900)
    window.show()
    for _ in range(20):
        app.processEvents()
    out = {"empty QMainWindow": rss()}
    for label, names in GROUPS:
        for name in names:
            if name == "!locale":  # what the preview's dates and amounts read
                from babel import Locale

                Locale.parse("de_DE").date_formats  # noqa: B018 - loads the data
            else:
                importlib.import_module(name)
        out[label] = rss()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = run_libraries() if args.child[0] == "libraries" else run_stages(*args.child[1:])
        print(json.dumps(result))
        return 0
    from kooperation.domain.demo import demo_project
    from kooperation.store import open_store

    def spawn(*argv: str) -> dict[str, float]:
        out = subprocess.run([sys.executable, __file__, "--child", *argv], check=True,
                             capture_output=True, text=True, timeout=600).stdout
        return json.loads(out.strip().splitlines()[-1])

    def spawn_empty() -> dict[str, float]:
        script = str(Path(__file__).resolve().parent / "bench_preview.py")
        out = subprocess.run([sys.executable, script, "--child", "empty"], check=True,
                             capture_output=True, text=True, timeout=600).stdout
        return {"empty QMainWindow process (anchor)": json.loads(out.strip().splitlines()[-1])["rss_open"]["VmRSS"]}

    stages: list[dict[str, float]] = []
    libraries: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KOOPERATION_DATA_DIR"] = tmp
        db = os.path.join(tmp, "bench.sqlite3")
        store = open_store(db)
        demo_id = store.save_project(demo_project()).id
        store.close()
        for _ in range(args.runs):
            stages.append({**spawn_empty(), **spawn("stages", db, demo_id)})
            libraries.append(spawn("libraries"))

    def table(title: str, runs: list[dict[str, float]]) -> None:
        print(title)
        before = None
        for key in runs[0]:
            now = statistics.median(r[key] for r in runs)
            step = "" if before is None else f"{now - before:+6.1f}"
            print(f"  {key:<48} {now:6.1f} MiB {step:>7}")
            before = now

    print(f"resident memory of the window (MiB, medians of {args.runs} fresh processes each)")
    table("stages of opening the demo (each step: what it added)", stages)
    table("libraries imported one group after the other after an empty QMainWindow", libraries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
