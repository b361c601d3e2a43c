"""The comment threads of one clause: a card per comment with its replies and its actions.

A card shows who wrote what and when, where it came from (typed in the app, a Word comment, a
tracked change or an edit without tracking), whether it must be checked again because the
clause changed, and for a wording suggestion the old and the new wording word by word. Its
buttons announce what the user wants (``sig_action``); the window does it.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.versions import version_label
from kooperation.i18n import _
from kooperation.review.model import (
    Comment,
    CommentKind,
    CommentStatus,
    Origin,
    is_part,
    kind_label,
    role_label,
    status_label,
)
from kooperation.ui.palette import (
    WARNING_BORDER,
    follow_palette,
    inherited_palette,
    make_muted,
    scheme,
    set_text_colour,
)
from kooperation.ui.project_list_model import format_changed

from . import html_text
from .state import ReviewState

ACTIONS = ("reply", "resolve", "reject", "reopen", "checked", "adopt", "edit", "delete")
"""What a card can ask for; ``sig_action`` carries one of these with the comment's id."""

STATUS_COLOURS = {
    CommentStatus.OPEN: WARNING_BORDER,
    CommentStatus.RESOLVED: "#2e8540",
    CommentStatus.REJECTED: "#8a8a8a",
}
"""The stripe at the left edge of a card (not text: visible on light and dark backgrounds)."""

STATUS_CHIPS = {
    CommentStatus.OPEN: html_text.OPEN_CHIP,
    CommentStatus.RESOLVED: html_text.DONE_CHIP,
    CommentStatus.REJECTED: html_text.GREY_CHIP,
}

RECHECK = {"light": "#7a4100", "dark": "#ffcc80"}
"""The re-check warning: dark amber on light backgrounds, light amber on dark ones."""


def origin_text(comment: Comment) -> str:
    """Where the comment came from, for people ("" when it was typed in the app)."""
    return {
        Origin.WORD_COMMENT: _("aus Word-Kommentar"),
        Origin.TRACKED_CHANGE: _("aus nachverfolgter Änderung"),
        Origin.PLAIN_EDIT: _("aus Änderung ohne Nachverfolgung"),
    }.get(comment.origin, "")


def recheck_text(comment: Comment, kind: str = "vertrag") -> str:
    if comment.carried_from:
        return _("muss neu geprüft werden (Klausel geändert seit {version})").format(
            version=version_label(kind, comment.carried_from)
        )
    return _("muss neu geprüft werden (Klausel geändert)")


def continued_text(comment: Comment, kind: str = "vertrag") -> str:
    """"→ weitergeführt in Vertrag v3" for a comment an earlier version keeps ("" otherwise)."""
    if not comment.continued_in:
        return ""
    return "→ " + _("weitergeführt in {version}").format(
        version=version_label(kind, comment.continued_in)
    )


def _label(text: str = "", rich: bool = False, parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)  # wrapped text: as tall as its width needs, no taller
    label.setSizePolicy(policy)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _small_button(text: str, tip: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button


class CommentCard(QFrame):
    """One comment with its replies and the buttons to act on it."""

    def __init__(self, view: ThreadView, comment: Comment, replies: list[Comment]) -> None:
        super().__init__(view.container)
        self.comment = comment
        self.setObjectName("commentCard")
        self.highlighted = False
        # never taller than its content: the room below the last card belongs to the stretch
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setAccessibleName(
            _("{kind} von {author}, {status}").format(
                kind=kind_label(comment.kind), author=comment.author, status=status_label(comment.status)
            )
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 10, 6)
        layout.setSpacing(4)
        kind = view.state.version.kind
        layout.addWidget(_label(self._header(comment, kind, comment.id in view.state.adopted_ids), rich=True, parent=self))
        continued = continued_text(comment, kind)
        if continued:
            self.continued = _label(continued, parent=self)
            self.continued.setObjectName("continued")
            font = self.continued.font()
            font.setBold(True)
            self.continued.setFont(font)
            layout.addWidget(self.continued)
        if comment.needs_recheck and comment.status == CommentStatus.OPEN:
            warn = _label("⚠ " + recheck_text(comment, kind), parent=self)
            warn.setObjectName("recheck")
            font = warn.font()
            font.setBold(True)
            warn.setFont(font)
            follow_palette(
                warn, lambda w: set_text_colour(w, QColor(RECHECK[scheme(inherited_palette(w))]))
            )
            layout.addWidget(warn)
        if comment.text.strip():
            self.body = _label(comment.text, parent=self)
            layout.addWidget(self.body)
        if comment.kind == CommentKind.SUGGESTION and comment.proposed_text.strip():
            layout.addWidget(_label(self._suggestion(view.state, comment), rich=True, parent=self))
        read_only = view.state.read_only
        for reply in replies:
            layout.addWidget(self._reply_row(view, reply, read_only))
        self.buttons: dict[str, QPushButton] = {}
        if not read_only:  # an earlier version: its record as it was, nothing to press
            layout.addLayout(self._buttons(view, comment))
        self.set_highlighted(False)

    @staticmethod
    def _header(comment: Comment, kind: str = "vertrag", adopted: bool = False) -> str:
        facts = [role_label(comment.role), kind_label(comment.kind), format_changed(comment.created_at)]
        origin = origin_text(comment)
        if origin:
            facts.append(origin)
        if comment.carried_from and not comment.needs_recheck:
            facts.append(_("übernommen aus {version}").format(version=version_label(kind, comment.carried_from)))
        status = html_text.chip(status_label(comment.status), STATUS_CHIPS[CommentStatus(comment.status)])
        if adopted:
            status += " " + html_text.chip(_("als Fassung übernommen"), html_text.ADOPTED_CHIP)
        return "<b>{author}</b> · {facts} · {status}".format(
            author=html_text.escape(comment.author),
            facts=html_text.escape(" · ".join(facts)),
            status=status,
        )

    @staticmethod
    def _suggestion(state: ReviewState, comment: Comment) -> str:
        from kooperation.review.compare import diff_texts

        before = comment.original_text
        if not before.strip():
            clause = state.clause(comment.clause_id)
            before = clause.text if clause else ""
        segments = diff_texts(before, comment.proposed_text) if before else []
        shown = (
            html_text.segments_html(segments)
            if segments
            else html_text.escape(comment.proposed_text)
        )
        return "<b>{label}</b><br/>{text}".format(
            label=html_text.escape(_("Vorgeschlagene Fassung (Änderungen markiert):")), text=shown
        )

    def _reply_row(self, view: ThreadView, reply: Comment, read_only: bool = False) -> QWidget:
        row = QFrame(self)
        row.setObjectName("replyRow")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(18, 2, 0, 2)
        author = html_text.escape(reply.author)
        facts = html_text.escape(", ".join((role_label(reply.role), format_changed(reply.created_at))))
        text = f"↳ <b>{author}</b> ({facts}): {html_text.escape(reply.text)}"
        layout.addWidget(_label(text, rich=True, parent=row), 1)
        if read_only:
            return row
        edit = _small_button(_("Bearbeiten"), _("Antwort bearbeiten"), row)
        edit.clicked.connect(lambda: view.sig_action.emit("edit", reply.id))
        delete = _small_button(_("Löschen"), _("Antwort löschen"), row)
        delete.clicked.connect(lambda: view.sig_action.emit("delete", reply.id))
        layout.addWidget(edit, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(delete, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _buttons(self, view: ThreadView, comment: Comment) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(4)
        wanted = [("reply", _("Antworten …"))]
        if comment.status == CommentStatus.OPEN:
            if (comment.kind == CommentKind.SUGGESTION and comment.proposed_text.strip()
                    and not is_part(comment.clause_id)):  # only a § clause has a wording
                wanted.append(("adopt", _("Fassung übernehmen")))
            wanted += [("resolve", _("Erledigt")), ("reject", _("Ablehnen"))]
            if comment.needs_recheck:
                wanted.append(("checked", _("Neu geprüft")))
        else:
            wanted.append(("reopen", _("Wieder öffnen")))
        wanted += [("edit", _("Bearbeiten …")), ("delete", _("Löschen"))]
        for action, text in wanted:
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, a=action: view.sig_action.emit(a, comment.id))
            self.buttons[action] = button
            row.addWidget(button)
        row.addStretch(1)
        return row

    def set_highlighted(self, on: bool) -> None:
        """Mark the card as the one chosen in the list (a thicker border in the accent)."""
        self.highlighted = on
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        """A rounded border in the palette's colours and a stripe in the status colour; painted
        rather than styled, so a switch between light and dark follows at once."""
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        role = QPalette.ColorRole.Highlight if self.highlighted else QPalette.ColorRole.Mid
        width = 2 if self.highlighted else 1
        painter.setPen(QPen(palette.color(role), width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = width / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 4, 4)
        stripe = QColor(STATUS_COLOURS[CommentStatus(self.comment.status)])
        painter.fillRect(QRectF(0, 0, 5, self.height()), stripe)
        painter.end()


class ThreadView(QScrollArea):
    """The cards of the comments on one clause, oldest first."""

    sig_action = Signal(str, str)
    """A card's button was pressed: (action, comment id), the action one of `ACTIONS`."""

    def __init__(self, state: ReviewState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.clause_id: str | None = None
        self.cards: dict[str, CommentCard] = {}
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.container = QWidget(self)
        self.box = QVBoxLayout(self.container)
        self.box.setContentsMargins(0, 0, 4, 0)
        self.empty = _label(_("Noch keine Kommentare zu dieser Klausel."), parent=self.container)
        make_muted(self.empty)
        self.box.addWidget(self.empty)
        self.box.addStretch(1)
        self.setWidget(self.container)
        self._highlighted: str | None = None
        state.sig_changed.connect(self.refresh)

    def show_clause(self, clause_id: str | None) -> None:
        self.clause_id = clause_id
        self._highlighted = None
        self.refresh()
        self.verticalScrollBar().setValue(0)

    def refresh(self) -> None:
        for card in self.cards.values():
            self.box.removeWidget(card)
            card.hide()  # at once, not only when Qt gets round to deleting it
            card.deleteLater()
        self.cards = {}
        threads = self.state.threads(self.clause_id) if self.clause_id else []
        for n, comment in enumerate(threads):
            card = CommentCard(self, comment, self.state.replies(comment.id))
            self.box.insertWidget(n, card)
            card.show()  # at once (a layout would show it only when the event loop runs)
            self.cards[comment.id] = card
        self.empty.setVisible(not threads)
        if self._highlighted in self.cards:
            self.cards[self._highlighted].set_highlighted(True)

    def highlight(self, comment_id: str) -> None:
        """Mark the card of ``comment_id`` (a reply: its comment's card) and scroll to it."""
        comment = self.state.comment(comment_id)
        if comment is not None and comment.parent_id:
            comment_id = comment.parent_id
        for cid, card in self.cards.items():
            card.set_highlighted(cid == comment_id)
        self._highlighted = comment_id
        card = self.cards.get(comment_id)
        if card is not None:
            self.ensureWidgetVisible(card, 0, 0)
