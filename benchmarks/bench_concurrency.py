"""What two windows on one store cost the person typing: prints figures, asserts nothing.

Measured in one process with a 15-partner project (30 goals, 40 milestones):
- one keystroke stored (a field edit: check, write of that field only, commit with fsync);
- an edit that changes the structure (a goal added, a partner removed with its references);
- the poll an idle window makes every second to notice changes made elsewhere, and the reload
  when there was one;
- a keystroke while another program holds the write lock (it must return at once and wait in
  the queue), against the 5 s a write used to wait.

Run: ``python benchmarks/bench_concurrency.py``.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from kooperation.domain.demo import demo_project
    from kooperation.domain.model import Goal, Milestone, Partner
    from kooperation.store import open_store
    from kooperation.ui.session import ProjectSession

    app = QApplication.instance() or QApplication([])  # noqa: F841
    folder = Path(tempfile.mkdtemp())
    store = open_store(folder / "bench.sqlite3")
    project = demo_project()
    project.partners += [Partner(name=f"Partner {i}", city="Ulm") for i in range(11)]
    project.goals += [Goal(text=f"Ziel {i}") for i in range(30)]
    project.milestones += [Milestone(title=f"Meilenstein {i}") for i in range(40)]
    project = store.save_project(project)
    session = ProjectSession(store, project.id)
    other = ProjectSession(open_store(folder / "bench.sqlite3"), project.id)

    def timed(action, n: int) -> list[float]:
        times = []
        for i in range(n):
            t0 = time.perf_counter()
            action(i)
            times.append((time.perf_counter() - t0) * 1000)
        return times

    def show(label: str, times: list[float]) -> None:
        print(f"{label:<44}: median {statistics.median(times):6.1f} ms   max {max(times):6.1f} ms")

    pid = project.partners[0].id
    show("keystroke stored (field edit)", timed(lambda i: session.update_partner(pid, "city", "U" * (i + 1)), 100))
    show("goal added (structural)", timed(lambda i: session.add_goal(), 20))
    partners = [p.id for p in session.project.partners[5:15]]
    show("partner removed with its references", timed(lambda i: session.remove_partner(partners[i]), 10))
    show("idle poll, nothing changed", timed(lambda i: session.check_external(), 200))

    reloads = []
    for i in range(20):
        other.check_external()
        other.update_goal(other.project.goals[0].id, "text", f"Anderswo {i}")
        t0 = time.perf_counter()
        assert session.check_external()
        reloads.append((time.perf_counter() - t0) * 1000)
    show("poll after a change elsewhere (reload)", reloads)

    started = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(folder / "bench.sqlite3", isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        started.set()
        time.sleep(2)
        conn.execute("ROLLBACK")
        conn.close()

    holder = threading.Thread(target=hold)
    holder.start()
    started.wait()
    show("keystroke while another program locks", timed(lambda i: session.update_partner(pid, "city", "L" * (i + 1)), 10))
    print(f"{'edits waiting for the lock':<44}: {session.pending}")
    holder.join()
    session.flush_pending()
    print(f"{'edits waiting after the lock is gone':<44}: {session.pending}")
    print(f"{'a write used to wait for a lock up to':<44}: 5000 ms (busy timeout)")


if __name__ == "__main__":
    main()
