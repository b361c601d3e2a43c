"""The panel for one rule topic: question, explanation, variants, parameters, status and note.

The panel builds its widgets once from the catalogue and afterwards only shows the project's
current state in them (`refresh`): values that did not change are not touched, so refreshing
while the user types disturbs nothing. Every edit goes straight to the session.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.catalogue import (
    Param,
    Topic,
    check_decision,
    default_value,
    param_applies,
    partner_choices,
)
from kooperation.domain.consistency import Conflict, conflicts_for, find_conflicts
from kooperation.domain.labels import describe_value
from kooperation.domain.model import DecisionStatus, Project
from kooperation.domain.topic_hints import topic_hints
from kooperation.i18n import _
from kooperation.ui.pages.base import set_help
from kooperation.ui.palette import make_muted, make_problem
from kooperation.ui.param_editors import (
    FocusPlainTextEdit,
    ParamEditor,
    make_editor,
    wrapped_label,
)
from kooperation.ui.session import ProjectSession
from kooperation.ui.wording_view import topic_note

# --- building blocks shared with the form panel ---------------------------------------------


class ClickLabel(QLabel):
    """A wrapped label that clicks its radio button when clicked itself."""

    sig_clicked = Signal()
    """Emitted on a left click."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton:
            self.sig_clicked.emit()
        super().mouseReleaseEvent(event)


def tab_stop_on_checked(group: QButtonGroup) -> None:
    """Tab enters a group of radio buttons at its checked button (the first enabled one while
    none is checked); the arrow keys move within the group. Qt itself keeps the stop on the
    button that last had the focus, which after an undo or at the start may not be the choice."""
    buttons = [b for b in group.buttons() if b.isEnabled()]
    stop = group.checkedButton()
    if stop is None or not stop.isEnabled():
        stop = buttons[0] if buttons else None
    for button in group.buttons():
        policy = Qt.FocusPolicy.StrongFocus if button is stop else Qt.FocusPolicy.ClickFocus
        if button.focusPolicy() != policy:
            button.setFocusPolicy(policy)


def heading(text: str, scale: float = 1.35) -> QLabel:
    label = wrapped_label(text)
    font = QFont(label.font())
    font.setBold(True)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def section_title(text: str) -> QLabel:
    return heading(text, 1.1)


class ChoiceItem(QWidget):
    """A radio button with a bold, wrapping title and a plain explanation under it."""

    def __init__(self, title: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.radio = QRadioButton()
        self.radio.setAccessibleName(title)
        self.radio.setAccessibleDescription(explanation)
        self.title = ClickLabel(title)
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.explanation = make_muted(wrapped_label(explanation))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 6)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.radio, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.title, 0, 1)
        grid.addWidget(self.explanation, 1, 1)
        grid.setColumnStretch(1, 1)
        self.title.sig_clicked.connect(self._click)

    def _click(self) -> None:
        if self.radio.isEnabled():
            self.radio.click()
            self.radio.setFocus(Qt.FocusReason.MouseFocusReason)


class StatusSwitch(QWidget):
    """Agreed ("Diese Vereinbarung treffen wir") or still to be discussed."""

    sig_status_chosen = Signal(object)
    """Emitted when the user picks a status; carries the `DecisionStatus`."""

    def __init__(self, agreed_text: str, open_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agreed = QRadioButton(agreed_text)
        self.open = QRadioButton(open_text)
        self.group = QButtonGroup(self)
        self.group.addButton(self.agreed)
        self.group.addButton(self.open)
        self.hint = make_muted(wrapped_label(""))
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        box.addWidget(self.agreed, 0, Qt.AlignmentFlag.AlignLeft)
        box.addWidget(self.open, 0, Qt.AlignmentFlag.AlignLeft)
        box.addWidget(self.hint)
        self.agreed.clicked.connect(lambda: self.sig_status_chosen.emit(DecisionStatus.AGREED))
        self.open.clicked.connect(lambda: self.sig_status_chosen.emit(DecisionStatus.OPEN))

    def set_status(self, status: DecisionStatus, can_agree: bool, hint: str = "") -> None:
        agreed = DecisionStatus(status) is DecisionStatus.AGREED and can_agree
        button = self.agreed if agreed else self.open
        if not button.isChecked():
            button.setChecked(True)
        self.agreed.setEnabled(can_agree)
        tab_stop_on_checked(self.group)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))


def separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def _missing_text() -> str:
    return _("Bitte angeben: solange der Wert fehlt, bleibt dieser Punkt im Entwurf offen.")


def conflict_text(conflict: Conflict) -> str:
    """A contradiction as the rules page shows it."""
    return _("Widerspruch: {message}").format(message=conflict.message)


def _place_conflicts(
    conflicts: list[Conflict], topic_id: str, visible: list[str]
) -> tuple[dict[str, list[Conflict]], list[Conflict]]:
    """Each contradiction goes under the first visible row of its parameters in this topic;
    those without one are shown once for the whole topic."""
    at_row: dict[str, list[Conflict]] = {}
    unplaced = []
    for conflict in conflicts:
        row = next((p for p in conflict.params_of(topic_id) if p in visible), None)
        if row is None:
            unplaced.append(conflict)
        else:
            at_row.setdefault(row, []).append(conflict)
    return at_row, unplaced


# --- one parameter --------------------------------------------------------------------------


class _ParamLabel(QLabel):
    """A parameter's label: on one line up to about 32 characters, wrapped beyond that, and
    narrower still when the page is narrow."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        metrics = self.fontMetrics()
        width = min(metrics.horizontalAdvance(self.text()) + 4, metrics.horizontalAdvance("n" * 32))
        width += self.contentsMargins().left() + self.contentsMargins().right()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        width = min(self.sizeHint().width(), self.fontMetrics().horizontalAdvance("n" * 14))
        return QSize(width, self.heightForWidth(width))


class ParamRow:
    """Label, editor, "Vorschlag" mark, help and problem of one parameter (in the panel's grid)."""

    def __init__(self, param: Param, variant: str | None, topic: Topic) -> None:
        self.param = param
        self.variant = variant
        self.label = _ParamLabel(param.label.get_text())
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.editor: ParamEditor = make_editor(param)
        self.label.setBuddy(self.editor.focus_widget())
        self.suggestion = make_muted(QLabel(_("Vorschlag")))
        font = QFont(self.suggestion.font())
        font.setItalic(True)
        self.suggestion.setFont(font)
        self.suggestion.setToolTip(
            _(
                "Noch nicht eingestellt: der Entwurf verwendet diesen Vorschlag, bis Sie etwas anderes wählen."
            )
        )
        self.reset = QToolButton()
        self.reset.setText("↺")
        self.reset.setAutoRaise(True)
        self.reset.setToolTip(_("Zurück zum Vorschlag"))
        self.reset.setAccessibleName(_("Zurück zum Vorschlag"))
        self.help = make_muted(wrapped_label(param.help.get_text()))
        self.help.setVisible(bool(param.help.get_text()))
        self.problem = make_problem(wrapped_label(""))
        self.problem.hide()

        self.field = QWidget()
        column = QVBoxLayout(self.field)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        line = QHBoxLayout()
        line.setSpacing(6)
        line.addWidget(self.editor, 1 if self.editor.wide else 0)
        # "Vorschlag" and the reset button share one slot of fixed width, so that wide editors
        # line up whether or not they show one of them
        slot = QWidget()
        slot_box = QHBoxLayout(slot)
        slot_box.setContentsMargins(0, 0, 0, 0)
        slot_box.setSpacing(0)
        slot_box.addWidget(self.suggestion)
        slot_box.addWidget(self.reset)
        slot_box.addStretch(1)
        slot.setFixedWidth(
            max(self.suggestion.sizeHint().width(), self.reset.sizeHint().width()) + 4
        )
        line.addWidget(slot)
        if not self.editor.wide:
            line.addStretch(1)
        # the label's first line sits level with the text in the editor
        offset = (
            self.editor.focus_widget().sizeHint().height() - self.label.fontMetrics().height()
        ) // 2
        self.label.setContentsMargins(0, max(0, offset), 0, 0)
        column.addLayout(line)
        column.addWidget(self.help)
        column.addWidget(self.problem)
        help_text = param.help.get_text() or topic.explanation.get_text()
        set_help(self.field, param.label.get_text(), help_text, topic.id)

    def set_visible(self, visible: bool) -> None:
        self.label.setVisible(visible)
        self.field.setVisible(visible)

    def show(
        self, stored: Any, default: Any, problem: str | None, project: Project | None = None
    ) -> None:
        suggested = stored is None and default is not None
        self.editor.set_value(default if stored is None else stored)
        self.editor.set_suggested(suggested)
        self.suggestion.setVisible(suggested)
        can_reset = stored is not None and default is not None and stored != default
        self.reset.setVisible(can_reset)
        if can_reset:
            tip = _("Zurück zum Vorschlag: {value}").format(
                value=describe_value(self.param, default, project)
            )
            self.reset.setToolTip(tip)
        self.problem.setText(problem or "")
        self.problem.setVisible(bool(problem))


# --- the topic panel ------------------------------------------------------------------------


class TopicPanel(QWidget):
    """Everything the partners decide on one rule topic."""

    def __init__(
        self, session: ProjectSession, topic: Topic, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.topic = topic
        tid = topic.id
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 16)
        box.setSpacing(8)

        kicker = make_muted(wrapped_label(topic.label.get_text()))
        box.addWidget(kicker)
        self.question = heading(topic.question.get_text())
        box.addWidget(self.question)
        self.explanation = wrapped_label(topic.explanation.get_text())
        box.addWidget(self.explanation)
        # what this project's own data (business model, partners) makes of the topic
        self.project_hint = wrapped_label("")
        self.project_hint.setObjectName("projectHint")
        self.project_hint.hide()
        box.addWidget(self.project_hint)
        set_help(self, topic.label.get_text(), topic.explanation.get_text(), tid)

        box.addSpacing(6)
        box.addWidget(section_title(_("Welche Regelung passt zu uns?")))
        self.variant_group = QButtonGroup(self)
        self.variant_items: dict[str, ChoiceItem] = {}
        for index, variant in enumerate(topic.variants):
            item = ChoiceItem(variant.label.get_text(), variant.explanation.get_text())
            set_help(item, variant.label.get_text(), variant.explanation.get_text(), tid)
            self.variant_group.addButton(item.radio, index)
            self.variant_items[variant.id] = item
            box.addWidget(item)
        self.variant_group.idClicked.connect(self._variant_clicked)
        # contradictions with other topics or the partner list that no parameter row shows
        self.conflict_note = make_problem(wrapped_label(""))
        self.conflict_note.setObjectName("conflictNote")
        self.conflict_note.hide()
        box.addWidget(self.conflict_note)

        self.params_title = section_title(_("Einzelheiten"))
        box.addSpacing(6)
        box.addWidget(self.params_title)
        self.wording_note = make_problem(wrapped_label(""))
        self.wording_note.setObjectName("wordingNote")
        self.wording_note.hide()
        box.addWidget(self.wording_note)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        self.rows: list[ParamRow] = []
        self.conflicts: list[Conflict] = []
        for param in topic.params:
            self._add_row(grid, param, None)
        for variant in topic.variants:
            for param in variant.params:
                self._add_row(grid, param, variant.id)
        box.addLayout(grid)

        box.addSpacing(6)
        box.addWidget(separator())
        box.addWidget(section_title(_("Wie steht es um dieses Thema?")))
        self.status = StatusSwitch(
            _("Diese Vereinbarung treffen wir"), _("Darüber müssen wir uns verständigen")
        )
        set_help(
            self.status,
            _("Vereinbart oder offen"),
            _(
                "Vereinbarte Themen erscheinen im Entwurf als Regelung. Offene Themen bleiben im "
                "Entwurf sichtbar markiert und stehen in der Liste der offenen Punkte im Anhang."
            ),
            tid,
        )
        self.status.sig_status_chosen.connect(self._status_chosen)
        box.addWidget(self.status)

        note_label = QLabel(_("Notiz"))
        box.addWidget(note_label)
        self.note = FocusPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(
            _("Zum Beispiel, was noch zu klären ist und wer sich darum kümmert")
        )
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 14)
        note_label.setBuddy(self.note)
        set_help(
            self.note,
            _("Notiz"),
            _(
                "Ihre Notiz zu diesem Thema; offene Punkte erscheinen mit der Notiz im Anhang des Entwurfs."
            ),
            tid,
        )
        self.note.textChanged.connect(self._note_changed)
        self.note.sig_focus_left.connect(session.end_merge)
        box.addWidget(self.note)
        box.addStretch(1)

    # --- building ---------------------------------------------------------------------------
    def _add_row(self, grid: QGridLayout, param: Param, variant: str | None) -> None:
        row = ParamRow(param, variant, self.topic)
        r = len(self.rows)
        grid.addWidget(row.label, r, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(row.field, r, 1)
        row.editor.sig_edited.connect(
            lambda value, p=param: self.session.set_param(self.topic.id, p.id, value)
        )
        row.editor.sig_finished.connect(self.session.end_merge)
        row.reset.clicked.connect(lambda _checked=False, p=param: self._reset(p))
        self.rows.append(row)

    # --- user actions -----------------------------------------------------------------------
    def _variant_clicked(self, index: int) -> None:
        variant = self.topic.variants[index]
        if self.session.decision(self.topic.id).variant != variant.id:
            self.session.set_decision(self.topic.id, variant=variant.id, text=_("Variante wählen"))

    def _status_chosen(self, status: DecisionStatus) -> None:
        self.session.set_decision(self.topic.id, status=status, text=_("Status ändern"))

    def _note_changed(self) -> None:
        self.session.set_decision(
            self.topic.id, note=self.note.toPlainText(), merge_key=("note", self.topic.id)
        )

    def _reset(self, param: Param) -> None:
        self.session.end_merge()
        self.session.set_param(self.topic.id, param.id, None)

    # --- showing the state ------------------------------------------------------------------
    def visible_rows(self) -> list[ParamRow]:
        return [row for row in self.rows if row.field.isVisibleTo(self)]

    def row(self, param_id: str) -> ParamRow:
        """The visible row of ``param_id`` (or the first one if none is visible)."""
        rows = [r for r in self.rows if r.param.id == param_id]
        return next((r for r in rows if r.field.isVisibleTo(self)), rows[0])

    def refresh(self, project: Project | None = None) -> None:
        project = project or self.session.project
        decision = project.decision(self.topic.id)
        variant = decision.variant if self.topic.variant(decision.variant) else None

        item = self.variant_items.get(variant) if variant else None
        if item is None:
            checked = self.variant_group.checkedButton()
            if checked is not None:
                self.variant_group.setExclusive(False)
                checked.setChecked(False)
                self.variant_group.setExclusive(True)
        elif not item.radio.isChecked():
            item.radio.setChecked(True)
        tab_stop_on_checked(self.variant_group)

        params = self.topic.params_for(variant)
        stored = {p.id: decision.params.get(p.id) for p in params}
        context = dict(stored)
        for p in params:
            if context[p.id] is None:
                context[p.id] = default_value(p, project, stored, params)
        checked_decision = check_decision(self.topic, decision, project)
        problems = {pr.param.id: pr.message for pr in checked_decision.problems}
        shown = [
            (row.variant is None or row.variant == variant)
            and param_applies(row.param, variant, context, project)
            for row in self.rows
        ]
        visible_ids = [row.param.id for row, visible in zip(self.rows, shown, strict=True) if visible]
        self.conflicts = conflicts_for(self.topic.id, find_conflicts(project))
        at_row, unplaced = _place_conflicts(self.conflicts, self.topic.id, visible_ids)
        any_visible = False
        for row, visible in zip(self.rows, shown, strict=True):
            row.set_visible(visible)
            if row.param.type == "partner" and row.param.voting_only:
                # only full partners may coordinate, keep the budget or sell for all; a stored
                # choice of another partner stays visible (marked) next to its contradiction
                choices = partner_choices(row.param, project)
                stored = project.partner(decision.params.get(row.param.id))
                flagged = () if stored is None or any(p.id == stored.id for p in choices) else (stored.id,)
                row.editor.set_partners(choices + ([stored] if flagged else []), flagged)
            else:
                row.editor.set_partners(project.partners)
            if not visible:
                continue
            any_visible = True
            message = problems.get(row.param.id)
            if message == _("fehlt"):
                message = _missing_text()
            elif message:
                message = f"{row.param.label.get_text()}: {message}"
            message = "\n".join(m for m in [message, *map(conflict_text, at_row.get(row.param.id, []))] if m)
            row.show(
                decision.params.get(row.param.id),
                default_value(row.param, project, stored, params),
                message,
                project,
            )
        self.params_title.setVisible(any_visible)
        text = "\n".join(conflict_text(c) for c in unplaced)
        if text != self.conflict_note.text():
            self.conflict_note.setText(text)
        self.conflict_note.setVisible(bool(text))
        hint = "\n".join(topic_hints(project, self.topic.id))
        if hint != self.project_hint.text():
            self.project_hint.setText(hint)
        self.project_hint.setVisible(bool(hint))
        note = topic_note(project, self.topic.id) if project.wordings else ""
        if note != self.wording_note.text():
            self.wording_note.setText(note)
        self.wording_note.setVisible(bool(note))

        hint = (
            ""
            if variant
            else _(
                "Wählen Sie zuerst eine Regelung aus; erst dann kann das Thema vereinbart werden."
            )
        )
        if variant and self.conflicts:
            hint = _(
                "Solange der Widerspruch besteht, bleibt das Thema im Entwurf offen und steht in "
                "der Liste der offenen Punkte."
            )
        self.status.set_status(decision.status, variant is not None, hint)
        if self.note.toPlainText() != decision.note:
            self.note.blockSignals(True)
            self.note.setPlainText(decision.note)
            self.note.blockSignals(False)
