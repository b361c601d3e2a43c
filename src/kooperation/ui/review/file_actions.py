"""Word files in and out of the review window: importing what the reviewer sent back, and
exporting the version with its comments for the reviewer.

The import runs on the GUI thread (it writes to the store, in one transaction) and ends with a
report of what was taken over; the export renders on a worker (`Operation`) and writes the
files when that is done, completely or not at all.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication

from kooperation.errors import KooperationError
from kooperation.i18n import _, ngettext
from kooperation.ui.operations import Operation

from . import files

if TYPE_CHECKING:
    from .review_window import ReviewWindow


class ReviewFileActions(QObject):
    """The file actions of one review window."""

    def __init__(self, window: ReviewWindow) -> None:
        super().__init__(window)
        self.window = window
        self._export: Operation | None = None

    def import_word(self, path: Path | None = None) -> None:
        """Take over the comments and changes of a Word file the reviewer sent back."""
        from kooperation.review.importer import import_review_file

        from .report_dialog import ImportReportDialog

        path = path or files.choose_open_path(self.window, _("Word-Datei mit Anmerkungen importieren"))
        if path is None:
            return
        files.remember_folder(path)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:  # on the GUI thread: the import writes to the store (one transaction)
            report = import_review_file(
                self.window.session.store, self.window.state.project_id, self.window.state.draft_id, path
            )
        except KooperationError as exc:
            self.window.message.show_message(
                _("Die Datei wurde nicht übernommen. {message}").format(message=exc), error=True
            )
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.window.state.reload()
        self.window.message.show_message(report.lines()[0])
        if report.added:
            self.window.show_comment(report.added[0].id)
        self.window.report_dialog = ImportReportDialog(path.name, report.lines(), self.window)
        self.window.report_dialog.exec()

    def export_for_review(self) -> None:
        """Save the version with its comments for the reviewer (DOCX and PDF, as it has them)."""
        from .export_job import export_base, review_export

        formats = {f.format for f in self.window.version.files}
        if not formats:
            self.window.message.show_message(_("Diese Version hat keine Dateien."), error=True)
            return
        if self._export is not None:
            return
        first = "docx" if "docx" in formats else "pdf"
        name = f"{export_base(self.window.session.project.name, self.window.version)}.{first}"
        path = files.choose_save_path(self.window, _("Zur Prüfung exportieren"), name)
        if path is None:
            return
        self._export = Operation(
            self, review_export, self.window.session.project.name, self.window.version,
            list(self.window.state.comments), list(self.window.state.rows),
        )
        self._export.on_success(partial(self._exported, path)).on_failure(self._export_failed)
        self.window.export_action.setEnabled(False)
        self.window.message.show_message(_("Die Dateien werden erzeugt …"))
        self._export.run()

    def _exported(self, path: Path, result) -> None:
        self._export = None
        self.window.export_action.setEnabled(True)
        targets = [(path.with_suffix(f".{fmt}"), data) for fmt, _name, data in result.files]
        problem = files.write_files(targets)
        if problem:
            self.window.message.show_message(problem, error=True)
            return
        notes = [files.saved_message([p for p, _data in targets])]
        if result.missing_docx:
            notes.append(_(
                "Diese Version hat keine Word-Datei; gespeichert wurde nur das PDF mit den "
                "Kommentaren im Anhang. Für Kommentare in Word erzeugen Sie eine Version mit DOCX."
            ))
        if result.unplaced:
            notes.append(ngettext(
                "{n} offener Kommentar gehört zu einer Klausel, die die Word-Datei nicht enthält; "
                "er steht nur im PDF.",
                "{n} offene Kommentare gehören zu Klauseln, die die Word-Datei nicht enthält; "
                "sie stehen nur im PDF.",
                len(result.unplaced),
            ).format(n=len(result.unplaced)))
        self.window.message.show_message(" ".join(notes), error=bool(result.missing_docx or result.unplaced))

    def _export_failed(self, message: str) -> None:
        self._export = None
        self.window.export_action.setEnabled(True)
        self.window.message.show_message(
            _("Die Dateien konnten nicht erzeugt werden. {message}").format(message=message), error=True
        )
