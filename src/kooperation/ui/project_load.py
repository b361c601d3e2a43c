"""Reading a project for its window, on a worker thread while the window is already drawn.

Opening a project read it from the store, built the window and painted it in one turn of the
event loop: the window stood still for that long (65 ms for the example, 96 ms for a network of
15 partners). Now `MainWindow.open_project` shows the frame of the project window at once (the
phases, a short "Projekt wird geladen …"), and `read_project` runs as an `Operation` once that
frame is painted; back on the GUI thread the window makes its session from what was read and
builds the page shown (`ProjectWindow._loaded`).

The worker only reads: the store gives every thread a connection of its own (`reads_on_worker`),
so the GUI thread may go on using the store meanwhile, and nothing the worker makes is a Qt
object (no object changes threads). Whoever needs the project before it arrives (a test, a menu
command) reads it on the GUI thread at once; the worker's late result is then dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kooperation.domain.model import Project


@dataclass(frozen=True)
class LoadedProject:
    """What a project window starts from: the project, its revision, how many drafts it has."""

    project: Project
    revision: int
    draft_count: int


def read_project(_progress: Any, store: Any, project_id: str) -> LoadedProject:
    """Read ``project_id`` from ``store`` (on a worker or on the GUI thread); raises the store's
    `KooperationError` (e.g. the project was deleted meanwhile). ``_progress`` is the
    `Operation`'s progress callback (unused: a read is short)."""
    project, revision = store.load_tracked(project_id)
    return LoadedProject(project, revision, len(store.list_drafts(project.id)))


def reads_on_worker(store: Any) -> bool:
    """Whether ``store`` may be read on a worker thread while the GUI thread uses it: true when
    every thread gets a connection of its own (a SQLite file, a server). An in-memory SQLite
    database has a single connection that all threads share (SQLAlchemy's ``StaticPool``): it is
    read on the GUI thread."""
    from sqlalchemy.pool import StaticPool

    engine = getattr(store, "engine", None)
    return engine is not None and not isinstance(engine.pool, StaticPool)
