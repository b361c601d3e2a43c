"""The window a partner fills in their card in ("Steckbrief ausfüllen", `kooperation.steckbrief`).

It shows only that one card: on top the project, who asks for it and the card's instruction;
below the same form as the partner page (`PartnerEditor`, with its checks of name, postcode and
e-mail address and the same limits on every text); at the bottom where the file is and what to
do next ("Datei zurückschicken an …"). Role and tier are shown but cannot be changed: the
cooperation sets them.

Every edit is written into the card file at once (`edited_card`, written atomically by
`write_user_file`: the file is whole before or after, never half). A write that fails (the
file is read-only, the stick was pulled) keeps the value in the window, says so in red and is
tried again with the next edit and on closing; closing with an edit not yet in the file asks
first. The window needs no database.
"""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kooperation.bundle import Bundle
from kooperation.domain.change_text import check_changes
from kooperation.domain.changes import field_change
from kooperation.errors import KooperationError
from kooperation.i18n import _
from kooperation.steckbrief import card_info, edited_card
from kooperation.ui import errors
from kooperation.ui.palette import INFO_BOX, follow_box_colours, make_muted, make_problem
from kooperation.ui.session import Change

LOCKED_FIELDS = ("role", "tier")
"""Fields of the card the partner sees but cannot change (the cooperation sets them)."""


class CardSession(QObject):
    """What `PartnerEditor` edits through in the card window: the card's one partner, every
    edit written into the card file at once (the part of `ProjectSession` the editor uses)."""

    sig_changed = Signal(object)  # Change
    sig_saved = Signal()
    sig_problem = Signal(str)  # a refused edit or a failed write, in German

    def __init__(self, path: str | Path, bundle: Bundle, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.bundle = bundle
        self.project = copy.deepcopy(bundle.project)
        self.unsaved = False
        self.saved_at: datetime | None = None

    @property
    def partner_id(self) -> str:
        return self.project.partners[0].id

    def end_merge(self) -> None:
        """Nothing to do: the card window has no undo stack of its own."""

    def set_lead_partner(self, _partner_id: str) -> bool:
        return False  # the role is the cooperation's to set

    def update_partner(self, partner_id: str, field: str, value: Any) -> bool:
        """Change one field of the card and write the file; False (and said) if refused."""
        partner = self.project.partner(partner_id)
        if partner is None or field in LOCKED_FIELDS:
            return False
        old = getattr(partner, field)
        if old == value:
            return True
        changes, error, note = check_changes(field_change("partners", partner_id, field, old, value))
        if error:
            self.sig_problem.emit(error)
            self.sig_changed.emit(Change("partners", (partner_id,), field))  # show the kept value
            return False
        setattr(partner, field, changes.rows[0].after[field])
        self.unsaved = True
        if note:
            self.sig_problem.emit(note)
        self.save()
        self.sig_changed.emit(Change("partners", (partner_id,), field))  # views show what is kept
        return True

    def save(self) -> bool:
        """Write the card as it is now into its file; False (and said) if that fails."""
        from kooperation.user_files import write_user_file

        if not self.unsaved:
            return True
        try:
            write_user_file(self.path, edited_card(self.bundle, self.project.partners[0]))
        except KooperationError as exc:
            self.sig_problem.emit(_("Nicht gespeichert: {error}\nIhre Eingaben bleiben im Fenster; beim "
                                    "nächsten Tippen und beim Schließen wird es noch einmal versucht.").format(error=exc))
            return False
        self.unsaved = False
        self.saved_at = datetime.now()
        self.sig_saved.emit()
        return True


class CardWindow(QWidget):
    """A window with one partner's card, read from ``path`` (``bundle``: the card as read)."""

    def __init__(self, path: str | Path, bundle: Bundle, parent: QWidget | None = None) -> None:
        from kooperation.ui.pages.partners import PartnerEditor

        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.session = CardSession(path, bundle, self)
        info = card_info(bundle)
        self.asked_by = str(info.get("asked_by") or "")
        partner = self.session.project.partners[0]
        self.setWindowTitle(_("Steckbrief ausfüllen – {partner}").format(partner=partner.name.strip() or _("(ohne Namen)")))
        layout = QVBoxLayout(self)

        box = QWidget()
        box.setObjectName("card_intro")
        follow_box_colours(box, INFO_BOX)
        box_layout = QVBoxLayout(box)
        title = QLabel(_("Steckbrief für die Kooperation „{project}“").format(project=bundle.project.name))
        title.setTextFormat(Qt.TextFormat.PlainText)  # everything shown here comes from the file
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        self.instruction = QLabel(str(info.get("instruction") or ""))
        self.instruction.setTextFormat(Qt.TextFormat.PlainText)
        self.instruction.setWordWrap(True)
        box_layout.addWidget(title)
        box_layout.addWidget(self.instruction)
        layout.addWidget(box)

        self.editor = PartnerEditor(self.session)  # type: ignore[arg-type]
        self.editor.set_partner(partner.id)
        for locked in (self.editor.role, self.editor.tier):
            locked.setEnabled(False)
            locked.setToolTip(_("Rolle und Partnerstufe legt die Kooperation fest; sie lassen sich im Steckbrief nicht ändern."))
        layout.addWidget(self.editor, 1)
        self.session.sig_changed.connect(lambda change: self.editor.refresh(change.field))

        self.problem = make_problem(QLabel())
        self.problem.setObjectName("card_problem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        layout.addWidget(self.problem)
        self.next_label = QLabel()
        self.next_label.setObjectName("card_next_step")
        self.next_label.setWordWrap(True)
        self.next_label.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.next_label.font()
        bold.setBold(True)
        self.next_label.setFont(bold)
        layout.addWidget(self.next_label)
        self.status = make_muted(QLabel())
        self.status.setObjectName("card_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.folder_button = QPushButton(_("Ordner der Datei öffnen"))
        self.folder_button.setToolTip(_("Den Ordner zeigen, in dem die Datei liegt, z. B. um sie an eine E-Mail anzuhängen"))
        self.folder_button.clicked.connect(self.show_folder)
        close = QPushButton(_("Schließen"))
        close.clicked.connect(self.close)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        self.session.sig_saved.connect(self._saved)
        self.session.sig_problem.connect(self._problem)
        self._show_status()
        self.resize(820, 860)

    @property
    def path(self) -> Path:
        return self.session.path

    def next_step(self) -> str:
        """What the partner does when the card is filled in."""
        if self.asked_by:
            return _("Wenn alles stimmt: Datei „{file}“ zurückschicken an {who}.").format(file=self.path.name, who=self.asked_by)
        return _("Wenn alles stimmt: Datei „{file}“ an die Person zurückschicken, von der Sie sie bekommen haben.").format(
            file=self.path.name)

    def _show_status(self) -> None:
        if self.session.saved_at is None:
            saved = _("Jede Eingabe wird sofort in der Datei gespeichert: {path}").format(path=self.path)
        else:
            saved = _("Gespeichert um {time} in {path}").format(time=self.session.saved_at.strftime("%H:%M:%S"), path=self.path)
        self.status.setText(saved)
        self.next_label.setText(self.next_step())

    def _saved(self) -> None:
        self.problem.setVisible(False)
        self._show_status()

    def _problem(self, message: str) -> None:
        self.problem.setText("⚠ " + message)
        self.problem.setVisible(True)

    def show_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.session.save():
            event.accept()
            return
        answer = QMessageBox.question(
            self, _("Steckbrief nicht gespeichert"),
            _("Die letzten Eingaben konnten nicht in die Datei „{file}“ geschrieben werden. Trotzdem "
              "schließen? Dann gehen sie verloren.").format(file=self.path.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            event.accept()
        else:
            event.ignore()


def choose_card(parent: QWidget) -> str | None:
    """Ask for a card file to open; None if cancelled."""
    from kooperation.steckbrief import SUFFIX

    settings = getattr(parent.window(), "settings", None)
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Steckbrief öffnen"), settings.last_import_dir if settings is not None else "",
        _("Steckbriefe (*{suffix});;Alle Dateien (*)").format(suffix=SUFFIX))
    return path or None


def open_card(parent: QWidget, path: str | None = None):
    """Open the card at ``path`` (or one the user chooses) in its own window and show it;
    returns the window (None if cancelled or refused, the reason shown)."""
    path = path or choose_card(parent)
    if path is None:
        return None
    try:
        window = open_card_window(path)
    except KooperationError as exc:
        errors.show_error(parent, str(exc))
        return None
    settings = getattr(parent.window(), "settings", None)
    if settings is not None:
        settings.last_import_dir = str(Path(path).parent)
    window.show()
    return window


def open_card_window(path: str | Path, parent: QWidget | None = None) -> CardWindow:
    """Read the card at ``path`` (`InputError` for anything wrong) and return its window (not shown)."""
    from kooperation.steckbrief import read_card_file

    return CardWindow(path, read_card_file(path), parent)
