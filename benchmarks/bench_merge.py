"""How long the window stops responding while a large project goes to a partner and comes back.

The large project (15 partners, 40 goals, 120 milestones, three draft versions with a 300 KB
PDF each) is open in the real window. "Projekt weitergeben …" writes it; a second store (the
partner's laptop) takes the file, edits a partner, a goal and a rule and adds a draft; then
"Änderungen übernehmen …" reads the partner's file, shows the merge dialog and stores the merge
with its defaults. A heartbeat on the GUI thread (5 ms timer) measures the longest gap per
phase, next to the goal (issue 12: no stall over 50 ms). For context it also times reading the
file (on a worker) and planning (GUI thread) outside the window.

Prints figures, asserts nothing. Run: ``python benchmarks/bench_merge.py [--runs N]``.
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
from gui_script import Heartbeat, Step, longest_stalls  # noqa: E402
from report import Row, compile_sources, emit, user_env  # noqa: E402

GOAL_MS = 50
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 1200  # about 300 KB that does not pack away


def prepare(tmp: str) -> tuple[str, str]:
    """The window's store with the large project and three drafts; returns (db, project id)."""
    from kooperation.domain.serialize import project_to_dict
    from kooperation.store import open_store
    from large_project import large_project

    db = os.path.join(tmp, "hier.sqlite3")
    with open_store(db) as store:
        pid = store.save_project(large_project()).id
        for i in range(3):
            snapshot = json.dumps(project_to_dict(store.load_project(pid)))
            store.add_draft_version(pid, "vertrag", "de", snapshot, f"h{i}", [("pdf", "v.pdf", PDF)], note=str(i))
    return db, pid


def partner_edits(tmp: str, sent: Path) -> Path:
    """The partner's laptop: take the file, edit, draft, send back."""
    from kooperation.bundle import read_bundle_file, write_bundle
    from kooperation.domain.model import Goal
    from kooperation.domain.serialize import project_to_dict
    from kooperation.merging import apply_plan, plan_merge
    from kooperation.store import open_store

    with open_store(os.path.join(tmp, "laptop.sqlite3")) as laptop:
        bundle = read_bundle_file(sent)
        apply_plan(laptop, plan_merge(laptop, bundle))
        pid = bundle.project.id
        p = laptop.load_project(pid)
        p.partners[3].city = "Metzingen"
        p.partners[4].need = "Vom Laptop"
        p.goals.append(Goal(text="Vom Laptop"))
        p.decisions["beitraege"].params["approval_limit_eur"] = 9000
        laptop.save_project(p)
        laptop.add_draft_version(pid, "vertrag", "de", json.dumps(project_to_dict(p)), "laptop",
                                 [("pdf", "v.pdf", PDF)], note="laptop")
        project, drafts, known = laptop.prepare_bundle(pid)
        base = laptop.common_state(pid, [known[0].state_hash]) if known else None
        back = Path(tmp) / "zurueck.kooperation"
        back.write_bytes(write_bundle(project, drafts, known, base))
    return back


def script(app, window, beat: Heartbeat, tmp: str, pid: str) -> Iterator[Step]:
    from PySide6.QtWidgets import QFileDialog

    files = window.project_files
    yield ("until", lambda: window.isVisible())
    window.open_project(pid)
    project = window.project_window
    yield ("until", lambda: project.preview.status.text() == "")
    yield 300
    session = project.session
    session.update_partner(session.project.partners[3].id, "city", "Pfullingen")
    session.set_param("beitraege", "approval_limit_eur", 1000)
    yield 600  # the preview's debounce starts its update
    yield ("until", lambda: project.preview.status.text() == "")
    yield 500

    sent = Path(tmp) / "an-partner.kooperation"
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(sent), ""))
    beat.enter("Projekt weitergeben")
    window.act_share.trigger()
    yield ("until", lambda: not files.busy)
    yield 200
    beat.enter(None)
    back = partner_edits(tmp, sent)
    yield 200

    QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (str(back), ""))
    beat.enter("read file, plan, show dialog")
    window.act_take_over.trigger()
    yield ("until", lambda: files.dialog is not None and files.dialog.isVisible())
    yield 300
    beat.enter("store merge, reload the window")
    files.dialog.apply_button.click()
    yield ("until", lambda: files.dialog is None)
    yield 20
    beat.enter("window catches up (pages, preview) as after any outside change")
    yield 600
    yield ("until", lambda: project.preview.status.text() == "")
    yield 300
    beat.enter("end")
    app.quit()


def run_once(tmp: str, db: str, pid: str) -> dict[str, float]:
    return longest_stalls(db, lambda app, store, window, beat: script(app, window, beat, tmp, pid), phase=None)


def core_times(tmp: str, db: str, pid: str) -> dict[str, float]:
    """Reading the partner's file and planning, outside the window (ms)."""
    from kooperation.bundle import read_bundle_file
    from kooperation.merging import plan_merge
    from kooperation.store import open_store

    back = Path(tmp) / "zurueck.kooperation"
    with open_store(db) as store:
        t0 = time.perf_counter()
        bundle = read_bundle_file(back)
        t1 = time.perf_counter()
        plan_merge(store, bundle)
        t2 = time.perf_counter()
    return {"read file (worker)": (t1 - t0) * 1000, "plan_merge: store reads (GUI thread) + merge (worker)": (t2 - t1) * 1000}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="one JSON line for run_all.py")
    parser.add_argument("--child", nargs=3, metavar=("TMP", "DB", "ID"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        stalls = run_once(*args.child)
        print(json.dumps({"stalls": stalls, "core": core_times(*args.child)}))
        return 0
    results = []
    compile_sources()
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["KOOPERATION_DATA_DIR"] = tmp
            db, pid = prepare(tmp)
            out = subprocess.run(
                [sys.executable, __file__, "--child", tmp, db, pid],
                check=True, capture_output=True, text=True, timeout=600, env=user_env(),
            ).stdout
            results.append(json.loads(out.strip().splitlines()[-1]))
    rows = [
        Row(f"longest GUI-thread stall: {phase}", statistics.median(r["stalls"].get(phase, 0.0) for r in results),
            "ms", GOAL_MS, note=f"max {max(r['stalls'].get(phase, 0.0) for r in results):.0f} ms")
        for phase in results[0]["stalls"]
    ]
    rows += [Row(what, statistics.median(r["core"][what] for r in results), "ms")
             for what in results[0]["core"]]
    emit(rows, args.json, f"Partners' laptops: large project, median of {args.runs} fresh processes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
