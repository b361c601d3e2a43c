"""Choosing where review files go, and writing them completely or not at all.

Shared by the review window and the compare dialog. The folder of the last review file is
remembered in the preferences; files are written through a temporary file and a rename
(`kooperation.atomic.write_atomic`), so a full disk never leaves half a document.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from kooperation.atomic import write_atomic
from kooperation.i18n import _
from kooperation.ui.settings import LAST_EXPORT_DIR, Option, Settings

LAST_REVIEW_DIR: Option[str] = Option(
    "review/last_dir", str, "", "Folder of the last imported or exported review file."
)


def review_folder() -> str:
    """Where the file dialogs of the review start: the last folder used, else the documents."""
    settings = Settings()
    return (
        settings.get(LAST_REVIEW_DIR)
        or settings.get(LAST_EXPORT_DIR)
        or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    )


def remember_folder(path: Path) -> None:
    Settings().set(LAST_REVIEW_DIR, str(path.parent))


def file_filter(fmt: str) -> str:
    return {"docx": _("Word-Dokument (*.docx)"), "pdf": _("PDF-Dokument (*.pdf)")}.get(fmt, f"*.{fmt}")


def choose_save_path(parent: QWidget, title: str, filename: str) -> Path | None:
    """Ask where to save ``filename``; the answer keeps the file's extension."""
    fmt = Path(filename).suffix.lstrip(".").lower()
    folder = review_folder()
    chosen, _selected = QFileDialog.getSaveFileName(
        parent, title, str(Path(folder) / filename) if folder else filename, file_filter(fmt)
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != f".{fmt}":
        path = path.with_name(f"{path.name}.{fmt}")
    return path


def choose_open_path(parent: QWidget, title: str) -> Path | None:
    chosen, _selected = QFileDialog.getOpenFileName(parent, title, review_folder(), file_filter("docx"))
    return Path(chosen) if chosen else None


def write_files(files: list[tuple[Path, bytes]]) -> str | None:
    """Write every file; returns None, or a message in plain words for the first that failed."""
    for path, data in files:
        try:
            write_atomic(path, data, make_folder=True)
        except OSError as exc:
            return _("Die Datei konnte nicht unter „{path}“ gespeichert werden: {reason}.").format(
                path=path, reason=exc.strerror or exc
            )
    if files:
        remember_folder(files[0][0])
    return None


def saved_message(paths: list[Path]) -> str:
    """"Gespeichert: a.docx, a.pdf in „/folder“."""
    names = ", ".join(p.name for p in paths)
    return _("Gespeichert: {names} in „{folder}“.").format(names=names, folder=paths[0].parent)
