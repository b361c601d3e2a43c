"""The form for writing a comment, a reply, or changing one, shown below the threads.

Inline rather than a modal dialog: the clause stays readable while one writes. The form only
collects; the window stores (``sig_submitted``) and, when the store refuses, shows the message
here with `show_error` while everything typed stays in place. The last author and role are
remembered in the preferences, so a reviewer types their name once.

Nothing typed is dropped silently: Esc or "Abbrechen" with a half-written text asks first
("Entwurf verwerfen?"); when the form closes because another clause was chosen, or is opened for
another comment, the text is kept as a draft and is back when the form is opened again for the
same clause (or comment).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kooperation.i18n import _
from kooperation.review.model import Comment, CommentKind, Role, kind_label, role_label, same_text
from kooperation.ui.input_guard import ask_discard
from kooperation.ui.message_line import MessageLine
from kooperation.ui.settings import Option, Settings

LAST_AUTHOR: Option[str] = Option("review/last_author", str, "", "Who wrote the last comment.")
LAST_ROLE: Option[str] = Option("review/last_role", str, "", "The role of the last comment's author.")

NEW, REPLY, EDIT = "new", "reply", "edit"


@dataclass
class FormValues:
    author: str
    role: Role
    kind: CommentKind
    text: str
    proposed_text: str


class CommentForm(QFrame):
    """Author, role, kind, text and (for a wording suggestion) the proposed wording."""

    sig_submitted = Signal()
    """The user pressed "Speichern"; `mode`, `target_id` and `values` say what to store."""

    sig_cancelled = Signal()
    """The user closed the form without storing."""

    sig_opened = Signal()
    """The form was opened for a new comment, a reply or a change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commentForm")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.mode = NEW
        self.target_id: str | None = None
        """The clause id (new comment) or comment id (reply, edit) the form is for."""
        self._clause_text = ""
        self._initial = ("", "")
        self._drafts: dict[tuple[str, str], tuple[int, str, str]] = {}
        """Texts set aside unsaved: (mode, target id) -> (kind, text, proposed wording)."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.author_edit = QLineEdit(self)
        self.author_edit.setMaxLength(200)
        self.author_edit.setPlaceholderText(_("Ihr Name, z. B. „Dr. Anna Berg“"))
        self.role_combo = QComboBox(self)
        for role in Role:
            self.role_combo.addItem(role_label(role), str(role))
        self.kind_combo = QComboBox(self)
        for kind in CommentKind:
            self.kind_combo.addItem(kind_label(kind), str(kind))
        who = QHBoxLayout()
        who.addWidget(self.author_edit, 2)
        role_label_ = QLabel(_("&Rolle:"), self)
        role_label_.setBuddy(self.role_combo)
        who.addWidget(role_label_)
        who.addWidget(self.role_combo, 1)
        author_label = QLabel(_("&Von:"), self)
        author_label.setBuddy(self.author_edit)
        form.addRow(author_label, who)
        self.kind_label = QLabel(_("&Art:"), self)
        self.kind_label.setBuddy(self.kind_combo)
        form.addRow(self.kind_label, self.kind_combo)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText(_("Was ist zu dieser Klausel zu sagen?"))
        lines = self.fontMetrics().lineSpacing()
        self.text_edit.setMinimumHeight(3 * lines + 12)
        self.text_edit.setMaximumHeight(6 * lines + 12)
        text_label = QLabel(_("&Text:"), self)
        text_label.setBuddy(self.text_edit)
        form.addRow(text_label, self.text_edit)
        self.proposed_edit = QPlainTextEdit(self)
        self.proposed_edit.setTabChangesFocus(True)
        self.proposed_edit.setMinimumHeight(5 * lines + 12)
        self.proposed_edit.setMaximumHeight(12 * lines + 12)
        self.proposed_label = QLabel(_("&Neue Fassung:"), self)
        self.proposed_label.setBuddy(self.proposed_edit)
        self.proposed_label.setToolTip(
            _("Der Wortlaut, den Sie für die Klausel vorschlagen; vorbelegt mit dem jetzigen Text.")
        )
        form.addRow(self.proposed_label, self.proposed_edit)
        layout.addLayout(form)

        self.message = MessageLine(self)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(_("Abbrechen"), self)
        self.cancel_button.setAutoDefault(False)
        self.save_button = QPushButton(_("Speichern"), self)
        self.save_button.setToolTip(_("Kommentar speichern (Strg+Eingabe)"))
        self.save_button.setAutoDefault(False)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.save_button.clicked.connect(self.sig_submitted.emit)
        self.cancel_button.clicked.connect(self.cancel)
        for key in (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return),
                    QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Enter)):
            QShortcut(key, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut).activated.connect(
                self.sig_submitted.emit
            )
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        ).activated.connect(self.cancel)
        self.hide()

    # --- opening ------------------------------------------------------------------------------

    def set_authors(self, authors: list[str]) -> None:
        """Names to complete the author field with."""
        completer = QCompleter(authors, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.author_edit.setCompleter(completer)

    def start_new(self, clause_id: str, heading: str, clause_text: str) -> None:
        if self._already_open(NEW, clause_id):
            return
        self._open(NEW, clause_id, _("Neuer Kommentar zu {heading}").format(heading=heading))
        self._clause_text = clause_text
        self._remembered_author()
        self.kind_combo.setCurrentIndex(0)
        self.text_edit.clear()
        self.proposed_edit.clear()
        self._kind_changed()
        self._settle()
        self._focus_first()

    def start_reply(self, parent: Comment) -> None:
        if self._already_open(REPLY, parent.id):
            return
        self._open(REPLY, parent.id, _("Antwort an {author}").format(author=parent.author))
        self._remembered_author()
        self.text_edit.clear()
        self.proposed_edit.clear()
        self._kind_changed()
        self._settle()
        self._focus_first()

    def start_edit(self, comment: Comment, clause_text: str) -> None:
        if self._already_open(EDIT, comment.id):
            return
        title = _("Antwort bearbeiten") if comment.parent_id else _("Kommentar bearbeiten")
        self._open(EDIT, comment.id, title)
        self._is_reply = comment.parent_id is not None
        self._clause_text = comment.original_text or clause_text
        self.author_edit.setText(comment.author)
        self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(str(comment.role))))
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(str(comment.kind))))
        self.text_edit.setPlainText(comment.text)
        self.proposed_edit.setPlainText(comment.proposed_text)
        self._kind_changed()
        self._settle()
        self.text_edit.setFocus()

    _is_reply = False

    def _already_open(self, mode: str, target_id: str) -> bool:
        """The form is open for this already: it stays as it is (with what is typed)."""
        if self.isHidden() or (self.mode, self.target_id) != (mode, target_id):
            return False
        self.text_edit.setFocus()
        return True

    def _open(self, mode: str, target_id: str, title: str) -> None:
        self._keep_draft()  # what was typed for another clause or comment waits there
        self.mode = mode
        self.target_id = target_id
        self._is_reply = mode == REPLY
        self.title.setText(title)
        self.message.clear()
        self.show()
        self.sig_opened.emit()

    def _remembered_author(self) -> None:
        settings = Settings()
        if not self.author_edit.text().strip():
            self.author_edit.setText(settings.get(LAST_AUTHOR))
        role = settings.get(LAST_ROLE)
        if role:
            self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(role)))

    def _settle(self) -> None:
        """Note what the form holds when opened (typing changes it), then bring back a draft
        set aside for the same clause or comment."""
        self._initial = self._content()
        draft = self._drafts.pop(self._key(), None)
        if draft is None:
            return
        kind, text, proposed = draft
        if not self._is_reply:
            self.kind_combo.setCurrentIndex(kind)
        self.text_edit.setPlainText(text)
        self.proposed_edit.setPlainText(proposed)
        self._kind_changed()
        self.message.show_message(_("Ihr angefangener Text ist wieder da; er ist noch nicht gespeichert."))

    def _focus_first(self) -> None:
        (self.text_edit if self.author_edit.text().strip() else self.author_edit).setFocus()

    def _kind_changed(self, *_args: object) -> None:
        reply = self._is_reply
        self.kind_label.setVisible(not reply)
        self.kind_combo.setVisible(not reply)
        suggestion = not reply and self.kind_combo.currentData() == CommentKind.SUGGESTION
        self.proposed_label.setVisible(suggestion)
        self.proposed_edit.setVisible(suggestion)
        if suggestion and not self.proposed_edit.toPlainText().strip():
            self.proposed_edit.setPlainText(self._clause_text)
        if reply:
            self.text_edit.setPlaceholderText(_("Ihre Antwort"))
        elif suggestion:
            self.text_edit.setPlaceholderText(_("Warum diese Änderung? (optional)"))
        else:
            self.text_edit.setPlaceholderText(_("Was ist zu dieser Klausel zu sagen?"))

    # --- reading ------------------------------------------------------------------------------

    def values(self) -> FormValues:
        kind = CommentKind.COMMENT if self._is_reply else CommentKind(self.kind_combo.currentData())
        return FormValues(
            author=self.author_edit.text().strip(),
            role=Role(self.role_combo.currentData()),
            kind=kind,
            text=self.text_edit.toPlainText().strip(),
            proposed_text=self.proposed_edit.toPlainText().strip()
            if kind == CommentKind.SUGGESTION
            else "",
        )

    @property
    def clause_text(self) -> str:
        """The clause's wording when the form was opened (the "before" of a suggestion)."""
        return self._clause_text

    def remember(self, values: FormValues) -> None:
        settings = Settings()
        settings.set(LAST_AUTHOR, values.author)
        settings.set(LAST_ROLE, str(values.role))

    def show_error(self, message: str) -> None:
        self.message.show_message(message, error=True)

    # --- unsaved text ---------------------------------------------------------------------------

    def _key(self) -> tuple[str, str]:
        return self.mode, self.target_id or ""

    def _content(self) -> tuple[str, str]:
        """The text and the proposed wording as far as the user wrote them (a proposal that is
        still the clause's own text counts as nothing)."""
        proposed = self.proposed_edit.toPlainText().strip() if not self.proposed_edit.isHidden() else ""
        if same_text(proposed, self._clause_text.strip()):
            proposed = ""  # the editor reads "§ 13" back with a plain space: still the clause's own
        return self.text_edit.toPlainText().strip(), proposed

    def is_dirty(self) -> bool:
        """Whether the open form holds typed text that is not stored."""
        return not self.isHidden() and self._content() != self._initial

    def has_unsaved(self) -> bool:
        """Whether typed text would be lost if the window closed now (open or set aside)."""
        return self.is_dirty() or bool(self._drafts)

    def _keep_draft(self) -> None:
        if self.is_dirty():
            self._drafts[self._key()] = (
                self.kind_combo.currentIndex(), self.text_edit.toPlainText(), self.proposed_edit.toPlainText()
            )

    def cancel(self) -> None:
        """Esc or "Abbrechen": a half-written text is dropped only when the user says so."""
        if self.is_dirty() and not ask_discard(
            self, _("Der angefangene Text ist noch nicht gespeichert. Verwerfen, und er ist verloren.")
        ):
            self.text_edit.setFocus()
            return
        self._drafts.pop(self._key(), None)
        self.message.clear()
        self.hide()
        self.sig_cancelled.emit()

    def set_aside(self) -> None:
        """Close without storing and without asking (another clause was chosen): typed text
        is kept and back when the form is opened again for the same clause."""
        self._keep_draft()
        self.message.clear()
        self.hide()
        self.sig_cancelled.emit()

    def finish(self) -> None:
        """What the form held is stored: close it, no draft remains."""
        self._drafts.pop(self._key(), None)
        self._initial = self._content()
        self.hide()
