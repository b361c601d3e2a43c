"""What an import of a returned Word file did, in plain sentences.

The first line says how many comments were taken over; then what had been imported before,
what could not be put on a clause and which clauses the file no longer contains. The lines come
from the importer's report (`ImportReport.lines`), so the window and the command line say the
same.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from kooperation.i18n import _

from . import html_text


class ImportReportDialog(QDialog):
    """A small dialog with the report lines; the first one as headline."""

    def __init__(self, file_name: str, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = list(lines)
        self.setWindowTitle(_("Import aus Word"))
        self.resize(560, 320)
        layout = QVBoxLayout(self)
        head = QLabel(_("„{name}“ wurde gelesen.").format(name=file_name), self)
        head.setWordWrap(True)
        layout.addWidget(head)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        body = "".join(f"<li>{html_text.escape(line)}</li>" for line in self.lines[1:])
        first = html_text.escape(self.lines[0]) if self.lines else ""
        self.browser.setHtml(
            "<p><b>{first}</b></p>{rest}".format(first=first, rest=f"<ul>{body}</ul>" if body else "")
        )
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def text(self) -> str:
        """The report as shown (for tests and screen readers)."""
        return "\n".join(self.lines)
