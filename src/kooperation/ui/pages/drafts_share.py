"""The drafts page's row for handing a stored version on: "Drucken …", "Druckvorschau …" and
"Per E-Mail senden …" (the work is done in `kooperation.ui.printing` and `kooperation.ui.mail`).

Printing prints the version's stored PDF; a version stored without a PDF (DOCX only) says so.
The e-mail takes every stored file of the version (DOCX to comment on, PDF to read).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from kooperation.domain.versions import kind_title
from kooperation.errors import KooperationError
from kooperation.i18n import _
from kooperation.ui.pages.base import set_help

if TYPE_CHECKING:
    from kooperation.ui.pages.drafts import DraftsPage


class ShareActions:
    """The buttons of the row and what they do, for one `DraftsPage`."""

    def __init__(self, page: DraftsPage, parent: QWidget) -> None:
        self.page = page
        self.row = QHBoxLayout()
        label = QLabel(_("Weitergeben:"), parent)
        self.print_button = QPushButton(_("Dr&ucken …"), parent)
        self.print_button.setToolTip(_("Das PDF der gewählten Version drucken (Strg+P)"))
        self.print_button.clicked.connect(lambda: self.print_selected())
        set_help(self.print_button, _("Drucken"), _("Druckt das gespeicherte PDF der gewählten Version – genau so, wie es gespeichert ist. Im Druckdialog wählen Sie Drucker, Seiten und Anzahl der Exemplare."))
        self.preview_button = QPushButton(_("Druck&vorschau …"), parent)
        self.preview_button.clicked.connect(lambda: self.preview_selected())
        set_help(self.preview_button, _("Druckvorschau"), _("Zeigt die Seiten so, wie sie gedruckt werden; von dort aus können Sie auch drucken."))
        self.mail_button = QPushButton(_("Per E-&Mail senden …"), parent)
        self.mail_button.clicked.connect(lambda: self.mail_selected())
        from kooperation.ui.mail import how_it_works

        set_help(self.mail_button, _("Per E-Mail senden"), how_it_works() + " " + _("Betreff und Text sind vorbereitet; Sie ergänzen die Empfänger und schicken die Nachricht selbst ab. Kooperation selbst verschickt nichts."))
        label.setBuddy(self.print_button)
        self.row.addWidget(label)
        for button in (self.print_button, self.preview_button, self.mail_button):
            self.row.addWidget(button)
        self.row.addStretch(1)

    def update(self) -> None:
        """Enable the buttons for the selected version (printing needs its PDF)."""
        info = self.page.selected_info()
        has_pdf = info is not None and "pdf" in info.formats
        self.print_button.setEnabled(has_pdf)
        self.preview_button.setEnabled(has_pdf)
        self.mail_button.setEnabled(info is not None)

    def _title(self) -> str:
        info = self.page.selected_info()
        return f"{kind_title(info.kind)} v{info.number}" if info is not None else ""

    def _message(self, text: str, error: bool = False) -> None:
        self.page.list_message.show_message(text, error=error)

    def _pdf(self) -> bytes | None:
        """The stored PDF of the selected version, or a message why there is none."""
        info = self.page.selected_info()
        if info is None:
            self._message(_("Bitte wählen Sie zuerst eine Version in der Liste."), error=True)
            return None
        file = self.page._selected_file("pdf")
        if file is None:
            self._message(
                _("Von {title} ist kein PDF gespeichert. Erzeugen Sie den Entwurf mit PDF, um ihn "
                  "zu drucken.").format(title=self._title()),
                error=True,
            )
            return None
        return file.content

    def print_selected(self):
        """The system's print dialog for the selected version's PDF, then the print job."""
        pdf = self._pdf()
        if pdf is None:
            return None
        from kooperation.ui.printing import print_pdf

        return print_pdf(self.page, pdf, self._title(), self._message)

    def preview_selected(self):
        """The print preview of the selected version's PDF."""
        pdf = self._pdf()
        if pdf is None:
            return None
        from kooperation.ui.printing import preview_pdf

        return preview_pdf(self.page, pdf, self._title(), self._message)

    def mail_selected(self):
        """The selected version's files (DOCX and PDF) into a new message of the mail program."""
        info = self.page.selected_info()
        if info is None:
            self._message(_("Bitte wählen Sie zuerst eine Version in der Liste."), error=True)
            return None
        session = self.page.session
        try:
            draft = session.store.get_draft(session.project.id, info.number, info.kind)
        except KooperationError as exc:
            self._message(str(exc), error=True)
            return None
        if not draft.files:
            self._message(_("Zu {title} ist keine Datei gespeichert.").format(title=self._title()), error=True)
            return None
        from kooperation.ui.mail import send_files

        return send_files(
            self.page,
            [(file.filename, file.content) for file in draft.files],
            kind=info.kind,
            number=info.number,
            project_id=session.project.id,
            project_name=session.project.name,
            message=self._message,
        )
