"""Phase 2 of the journey: the cooperative business model as a reduced Business Model Canvas.

Five fields laid out like the canvas on the workshop wall: key partners left, the value
proposition wide in the centre, customer segments right; below them the costs (management,
development, infrastructure) and the revenue streams. Each field shows its guiding question
above it and is stored at once while typing; undo and redo refresh the field without touching
the others.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, QSize, Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kooperation.i18n import _
from kooperation.ui.pages.base import Page, set_help
from kooperation.ui.palette import make_muted
from kooperation.ui.session import Change, ProjectSession


@dataclass(frozen=True)
class CanvasField:
    """One text field of the canvas: the `BusinessModel` attribute, its title, the guiding
    question of the workshop (seed 000, phase 2), a placeholder and where the text appears."""

    field: str
    title: str
    question: str
    placeholder: str
    appears: str


def _appears_in_preamble() -> str:
    return _("Der Text erscheint in der Präambel des Kooperationsvertrags und in der Projektskizze.")


def canvas_fields() -> dict[str, CanvasField]:
    """The canvas fields by attribute name (a function, so that the texts follow the language)."""
    sketch = _("Der Text erscheint in der Projektskizze.")
    costs = _("Welche Kosten sind in der Umsetzung zu erwarten (z. B. für Management, Entwicklung "
              "und Infrastruktur)?")
    fields = [
        CanvasField(
            "value_proposition", _("Nutzenversprechen"),
            _("Welches Versprechen soll das angedachte Gesamtprodukt auf dem Markt erfüllen? Worin "
              "besteht der Innovationsgrad und das Wertschöpfungspotenzial?"),
            _("z. B. Eine Lernfabrik, in der Fachkräfte vernetzte Fertigung an echten Anlagen "
              "lernen …"),
            _appears_in_preamble()),
        CanvasField(
            "customer_segments", _("Kundensegmente"),
            _("Wer ist an der Nutzung des geplanten Produkts interessiert? Wer sind die Abnehmer?"),
            _("z. B. kleine und mittlere Betriebe der Region, Studierende …"),
            _appears_in_preamble()),
        CanvasField(
            "key_partners", _("Schlüsselpartner"),
            _("Welche Partner sind für die Einzelunternehmen oder das Gesamtkonsortium wichtig, um "
              "die Umsetzung technisch und organisatorisch umsetzen zu können?"),
            _("z. B. Kammern, Zulieferer, Fördermittelgeber …"), sketch),
        CanvasField(
            "revenue_streams", _("Einnahmequellen"),
            _("Wie soll mit dem Produkt Geld verdient werden und welche Erlösmodelle sind "
              "denkbar?"),
            _("z. B. Kursgebühren, Lizenzen, Fördermittel …"), sketch),
        CanvasField("costs_management", _("Management"), costs,
                    _("z. B. Koordination, Abrechnung …"), sketch),
        CanvasField("costs_development", _("Entwicklung"), costs,
                    _("z. B. Lernmodule, Software …"), sketch),
        CanvasField("costs_infrastructure", _("Infrastruktur"), costs,
                    _("z. B. Räume, Anlagen, IT …"), sketch),
    ]
    return {f.field: f for f in fields}


COST_FIELDS = ("costs_management", "costs_development", "costs_infrastructure")


class _Question(QLabel):
    """The guiding question above a field: muted, italic, wrapped. Its preferred height is the
    height of the text at its real width (a plain wrapped label guesses a narrower width and
    asks for empty lines in wide boxes)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        font = QFont(self.font())
        font.setItalic(True)
        self.setFont(font)
        make_muted(self)  # follows dark and light
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().sizeHint()
        if self.width() > hint.width():
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()


class _CanvasEdit(QPlainTextEdit):
    """A text field that asks only for its minimum height, so that a short window squeezes the
    fields rather than the guiding questions; extra room still goes to the fields."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(super().sizeHint().width(), self.minimumHeight())


class BusinessModelPage(Page):
    """The reduced Business Model Canvas: five fields, each with its guiding question."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = _("Geschäftsmodell")
        self.fields = canvas_fields()
        self.edits: dict[str, QPlainTextEdit] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields; they scroll into view
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        intro = QLabel(_("Beschreiben Sie gemeinsam, welchen Nutzen die Kooperation stiftet, für "
                         "wen, mit wem und wie sie sich trägt. Stichworte genügen – wie auf den "
                         "Karten im Workshop."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(10)
        layout.addLayout(grid, 1)
        # four columns: the centre (value proposition) takes two, the rows below four equal parts
        grid.addWidget(self._box("key_partners"), 0, 0)
        grid.addWidget(self._box("value_proposition", emphasis=True), 0, 1, 1, 2)
        grid.addWidget(self._box("customer_segments"), 0, 3)
        grid.addWidget(self._costs_box(), 1, 0, 1, 3)
        grid.addWidget(self._box("revenue_streams"), 1, 3)
        for column in range(4):
            grid.setColumnStretch(column, 1)
            grid.setColumnMinimumWidth(column, self.fontMetrics().horizontalAdvance("M") * 11)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)

        self.refresh()

    # --- building -------------------------------------------------------------------------------

    def _edit(self, field: str, minimum_lines: int) -> QPlainTextEdit:
        spec = self.fields[field]
        edit = _CanvasEdit()
        edit.setObjectName(field)
        edit.setPlaceholderText(spec.placeholder)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * minimum_lines + 16)
        edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        edit.setAccessibleName(spec.title)
        edit.textChanged.connect(lambda f=field: self._typed(f))
        edit.installEventFilter(self)
        help_title = spec.title if field not in COST_FIELDS else _("Kosten: {part}").format(
            part=spec.title)
        set_help(edit, help_title, f"{spec.question}\n\n{spec.appears}")
        self.edits[field] = edit
        return edit

    def _box(self, field: str, emphasis: bool = False) -> QGroupBox:
        spec = self.fields[field]
        box = QGroupBox(spec.title)
        if emphasis:
            font = QFont(box.font())
            font.setBold(True)
            box.setFont(font)
        box_layout = QVBoxLayout(box)
        question = _Question(spec.question)
        question.setFont(_unbold(question.font()))
        box_layout.addWidget(question)
        box_layout.addWidget(self._edit(field, 5), 1)
        if emphasis:
            self._edit_font(field)
        return box

    def _costs_box(self) -> QGroupBox:
        box = QGroupBox(_("Kosten"))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(_Question(self.fields[COST_FIELDS[0]].question))
        parts = QWidget()  # a widget, not a nested layout: keeps the question's wrapping height
        grid = QGridLayout(parts)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, field in enumerate(COST_FIELDS):
            caption = QLabel(self.fields[field].title)
            edit = self._edit(field, 4)
            caption.setBuddy(edit)
            grid.addWidget(caption, 0, column)
            grid.addWidget(edit, 1, column)
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(1, 1)
        box_layout.addWidget(parts, 1)
        return box

    def _edit_font(self, field: str) -> None:
        """The group title of the centre field is bold; its text is not."""
        edit = self.edits[field]
        edit.setFont(_unbold(edit.font()))

    # --- editing --------------------------------------------------------------------------------

    def _typed(self, field: str) -> None:
        self.session.set_business_model_field(field, self.edits[field].toPlainText())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FocusOut and watched in self.edits.values():
            self.session.end_merge()
        return super().eventFilter(watched, event)

    def refresh(self, field: str | None = None) -> None:
        """Show the stored text (of ``field`` only, if given) where it differs from the widget,
        keeping the cursor near where it was."""
        bm = self.session.project.business_model
        for name, edit in self.edits.items():
            if field not in (None, name):
                continue
            text = getattr(bm, name)
            if edit.toPlainText() == text:
                continue
            position = edit.textCursor().position()
            with QSignalBlocker(edit):
                edit.setPlainText(text)
                cursor = edit.textCursor()
                cursor.setPosition(min(position, len(text)))
                edit.setTextCursor(cursor)

    # --- Page -----------------------------------------------------------------------------------

    def on_changed(self, change: Change) -> None:
        if change.kind == "business_model":
            self.refresh(change.field)
        elif change.kind == "project":
            self.refresh()

    def focus_entity(self, kind: str, entity_id: str) -> None:
        if kind == "business_model" and entity_id in self.edits:
            self.edits[entity_id].setFocus(Qt.FocusReason.OtherFocusReason)


def _unbold(font: QFont) -> QFont:
    font = QFont(font)
    font.setBold(False)
    return font
