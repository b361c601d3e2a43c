"""Saving the work plan as a poster (PDF, A0 or A3) from the window.

The size is asked first, then the file; the poster is rendered off the GUI thread (reportlab
keeps module-level state, so it shares the draft renderer's lock) and written complete or not at
all. A problem reaches the user as a message; nothing else changes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from kooperation.domain.model import Project
from kooperation.i18n import _
from kooperation.ui.errors import show_error
from kooperation.ui.operations import Operation
from kooperation.ui.settings import Settings


def _write(_progress, project: Project, path: Path, size: str) -> Path:
    """On the worker: render and write the poster."""
    from kooperation.drafts import RENDER_LOCK
    from kooperation.render.poster import write_poster

    with RENDER_LOCK:
        return write_poster(project, path, size)


def ask_poster_file(parent: QWidget, project: Project, settings: Settings | None = None) -> tuple[Path, str] | None:
    """Ask for the size and the file name; None if the user cancels."""
    from kooperation.drafts import slug
    from kooperation.render.poster import POSTER_SIZES

    sizes = list(POSTER_SIZES)
    size, ok = QInputDialog.getItem(
        parent,
        _("Arbeitsplan als Plakat"),
        _("Papierformat (quer):"),
        sizes,
        0,
        False,
    )
    if not ok or size not in POSTER_SIZES:
        return None
    folder = Path(settings.last_export_dir) if settings is not None and settings.last_export_dir else Path.home()
    suggestion = folder / f"{slug(project.name)}_{_('Arbeitsplan')}_{size}.pdf"
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Plakat speichern"),
        str(suggestion),
        _("PDF-Dateien (*.pdf)"),
    )
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    if settings is not None:
        settings.last_export_dir = str(target.parent)
    return target, size


def save_poster(
    parent: QWidget,
    project: Project,
    on_saved: Callable[[str], None] | None = None,
    settings: Settings | None = None,
) -> Operation | None:
    """Ask for size and file, then write the poster; ``on_saved(message)`` when it is written."""
    choice = ask_poster_file(parent, project, settings)
    if choice is None:
        return None
    target, size = choice

    def saved(path: Path) -> None:
        if on_saved is not None:
            on_saved(_("Plakat ({size}) gespeichert: {path}").format(size=size, path=path))

    return (
        Operation(parent, _write, copy.deepcopy(project), target, size)
        .on_success(saved)
        .on_failure(lambda message: show_error(parent, message))
        .run()
    )
