"""In the meeting: "Vereinbart & offen" - the phase-4 sheet of the workshop as one screen.

Three areas in large type, readable on a projector: the chosen cooperation form; what we agree
(the agreed rule topics, each in one line, and the agreed free points); what we must still
settle (the open topics with their notes, the open free points). Everything is editable in the
meeting: a topic or point moves between agreed and open with one button, notes and points are
typed in place, new points are added at the bottom. It all feeds the draft, stored at once.
The three headings of the sheet are texts of the catalogue (``checks.yaml``, ``board``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.catalogue import check_decision, load_catalogue
from kooperation.domain.checks import load_checks
from kooperation.domain.labels import decision_status_label
from kooperation.domain.meeting import Assessment, BoardItem
from kooperation.domain.model import DecisionStatus
from kooperation.drafting.build import summarize_decision
from kooperation.i18n import _
from kooperation.ui.meeting_widgets import bold_label, clear_layout, muted, scale_font, scroll_area
from kooperation.ui.pages.base import Page, focusable, set_help
from kooperation.ui.param_editors import FocusPlainTextEdit
from kooperation.ui.session import Change, ProjectSession
from kooperation.ui.topic_panel import heading, separator

BIG = 1.2
"""How much larger than the window's type the board is (it is read from the back of a room)."""


class BoardPage(Page):
    """Chosen form, agreed points, open points - editable, for the whole room to read."""

    sig_topic_requested = Signal(str)
    """Emitted with a rule topic id when the user asks to open the topic."""

    sig_page_requested = Signal(str)
    """Emitted with a page key (``form_guide``) when the user asks to go there."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = _("Vereinbart & offen")
        self.catalogue = load_catalogue()
        self.checks = load_checks()
        self.topic_notes: dict[str, FocusPlainTextEdit] = {}
        self.topic_buttons: dict[str, QPushButton] = {}
        self.item_edits: dict[str, QLineEdit] = {}
        self.item_buttons: dict[str, QPushButton] = {}
        self.item_remove: dict[str, QPushButton] = {}
        self.summaries: dict[str, QLabel] = {}
        self.note_texts: dict[str, QLabel] = {}
        self._structure: tuple | None = None

        content = QWidget()
        scale_font(content, BIG)
        box = QVBoxLayout(content)
        box.setContentsMargins(20, 14, 20, 20)
        box.setSpacing(10)

        # --- the form ------------------------------------------------------------------------
        box.addWidget(heading(self.checks.board.form.get_text(), BIG * 1.2))
        form_row = QHBoxLayout()
        form_row.setSpacing(12)
        self.form_label = bold_label()
        self.form_label.setObjectName("boardForm")
        scale_font(self.form_label, BIG * 1.3)
        form_row.addWidget(self.form_label, 1)
        self.form_status_button = QPushButton()
        self.form_status_button.clicked.connect(self._toggle_form_status)
        set_help(self.form_status_button, _("Form vereinbaren"), _("Hält fest, ob die Partner die gewählte Form vereinbart haben oder ob sie noch zu besprechen ist."))
        self.form_guide_button = QPushButton(_("Zur Entscheidungshilfe"))
        self.form_guide_button.clicked.connect(lambda: self.sig_page_requested.emit("form_guide"))
        for button in (self.form_status_button, self.form_guide_button):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            form_row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        box.addLayout(form_row)
        self.form_status_label = muted()
        box.addWidget(self.form_status_label)
        box.addWidget(separator())

        # --- agreed and open (rebuilt when something moves): one above the other, side by
        # side when the page is wide (a projector in full screen)
        self.lists_host = QWidget()
        self.lists = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.lists_host)
        self.lists.setContentsMargins(0, 0, 0, 0)
        self.lists.setSpacing(24)
        self.agreed_col, self.agreed_box = self._column()
        self.open_col, self.open_box = self._column()
        self.lists.addWidget(self.agreed_col, 1)
        self.lists.addWidget(self.open_col, 1)
        box.addWidget(self.lists_host)

        self.add_row = QWidget()
        add_row = QHBoxLayout(self.add_row)
        add_row.setContentsMargins(0, 6, 0, 0)
        self.add_edit = QLineEdit()
        self.add_edit.setPlaceholderText(_("Weiteren Punkt eintragen, z. B. IT-Sicherheit"))
        self.add_edit.setAccessibleName(_("Neuer Punkt"))
        set_help(self.add_edit, _("Weitere Punkte"), _("Punkte, die kein Regelungsthema abdeckt. Sie erscheinen im Entwurf bei den offenen Punkten oder, wenn vereinbart, bei den Vereinbarungen."))
        self.add_edit.returnPressed.connect(self.add_point)
        self.add_button = QPushButton(_("Hinzufügen"))
        self.add_button.clicked.connect(self.add_point)
        add_row.addWidget(self.add_edit, 1)
        add_row.addWidget(self.add_button)
        self.open_box.addWidget(self.add_row)
        box.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroll = scroll_area(content)
        layout.addWidget(self.scroll)
        self.refresh()

    # --- structure -------------------------------------------------------------------------------
    def _topics(self) -> list[tuple[str, bool]]:
        project = self.session.project
        return [(t.id, project.decision(t.id).is_open) for t in self.catalogue.topics]

    def _items(self) -> list[tuple[str, bool]]:
        return [(b.id, b.agreed) for b in self.session.project.assessment.board]

    def refresh(self) -> None:
        project = self.session.project
        form = self.catalogue.form(project.form) if project.form is not None else None
        agreed = DecisionStatus(project.form_status) is DecisionStatus.AGREED
        self.form_label.setText(form.label.get_text() if form else self.checks.form_missing.get_text())
        self.form_status_label.setText(
            _("Stand: {status}").format(status=decision_status_label(DecisionStatus(project.form_status)))
            if form else _("Die Entscheidungshilfe zeigt, welche Form zu Ihren Antworten passt."))
        self.form_status_button.setText(_("Wieder offen") if agreed and form else _("Als vereinbart festhalten"))
        self.form_status_button.setEnabled(form is not None)
        structure = (tuple(self._topics()), tuple(self._items()))
        if structure != self._structure:
            self._rebuild(structure)
        else:
            self._update_texts()

    def _rebuild(self, structure: tuple) -> None:
        focus = self._focus_key()
        self._structure = structure
        self.open_box.removeWidget(self.add_row)  # kept: it stays under the open points
        clear_layout(self.agreed_box)
        clear_layout(self.open_box)
        for mapping in (self.topic_notes, self.topic_buttons, self.item_edits, self.item_buttons, self.item_remove,
                        self.summaries, self.note_texts):
            mapping.clear()
        topics, items = structure
        project = self.session.project
        self.agreed_box.addWidget(heading(self.checks.board.agreed.get_text(), BIG * 1.2))
        agreed_topics = [t for t, is_open in topics if not is_open]
        agreed_items = [b for b in project.assessment.board if b.agreed]
        for topic_id in agreed_topics:
            self.agreed_box.addWidget(self._topic_row(topic_id, agreed=True))
        for item in agreed_items:
            self.agreed_box.addWidget(self._item_row(item))
        if not agreed_topics and not agreed_items:
            self.agreed_box.addWidget(muted(_("Noch nichts vereinbart.")))
        self.open_box.addWidget(heading(self.checks.board.open.get_text(), BIG * 1.2))
        open_topics = [t for t, is_open in topics if is_open]
        open_items = [b for b in project.assessment.board if not b.agreed]
        for topic_id in open_topics:
            self.open_box.addWidget(self._topic_row(topic_id, agreed=False))
        for item in open_items:
            self.open_box.addWidget(self._item_row(item))
        if not open_topics and not open_items:
            self.open_box.addWidget(muted(_("Nichts mehr offen – alle Punkte sind vereinbart.")))
        self.open_box.addWidget(self.add_row)
        for column in (self.agreed_box, self.open_box):
            column.addStretch(1)  # side by side, the shorter column keeps its rows together
        self._update_texts()
        # built after the window: the new fields between the form's buttons and the add row
        previous = self.form_guide_button
        adding = (self.add_edit, self.add_button)
        for widget in [*focusable(self.agreed_col), *(w for w in focusable(self.open_col) if w not in adding), *adding]:
            QWidget.setTabOrder(previous, widget)
            previous = widget
        self._restore_focus(focus)

    @staticmethod
    def _column() -> tuple[QWidget, QVBoxLayout]:
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        return column, box

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        wide = event.size().width() >= 1100
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.lists.direction() != direction:
            self.lists.setDirection(direction)

    def _topic_row(self, topic_id: str, agreed: bool) -> QWidget:
        """An agreed topic in two lines (name, what was agreed; its note if there is one) with
        its buttons beside; an open topic also with a field for what is still to settle."""
        topic = self.catalogue.topic(topic_id)
        label = topic.label.get_text()
        decision = self.session.project.decision(topic_id)
        row = QWidget()
        row.setObjectName("topic_" + topic_id)
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.addWidget(bold_label(f"{'✓' if agreed else '●'}  {label}"), 0, 0)
        summary = muted()
        self.summaries[topic_id] = summary
        grid.addWidget(summary, 1, 0)
        if agreed:
            note_text = muted()
            note_text.setObjectName("note_" + topic_id)
            self.note_texts[topic_id] = note_text
            grid.addWidget(note_text, 2, 0)
        else:
            note = FocusPlainTextEdit()
            note.setTabChangesFocus(True)
            note.setPlaceholderText(_("Was ist noch zu klären, bis wann, wer kümmert sich?"))
            note.setAccessibleName(_("Notiz zu „{topic}“").format(topic=label))
            note.setFixedHeight(note.fontMetrics().lineSpacing() * 2 + 16)
            note.textChanged.connect(lambda t=topic_id, n=note: self._note_typed(t, n.toPlainText()))
            note.sig_focus_left.connect(self.session.end_merge)
            set_help(note, label, _("Die Notiz erscheint im Entwurf beim offenen Punkt; sie wird sofort gespeichert."), topic_id)
            self.topic_notes[topic_id] = note
            grid.addWidget(note, 2, 0)
        buttons = QHBoxLayout() if agreed else QVBoxLayout()
        buttons.setSpacing(4)
        toggle = QPushButton(_("Wieder offen") if agreed else _("Vereinbart"))
        name = _("{topic}: wieder offen") if agreed else _("{topic}: vereinbart")
        toggle.setAccessibleName(name.format(topic=label))
        if not agreed and decision.variant is None:
            toggle.setEnabled(False)
            toggle.setToolTip(_("Wählen Sie zuerst auf der Seite „Form & Regeln“ eine Variante."))
        toggle.clicked.connect(lambda _c=False, t=topic_id, a=agreed: self.set_topic_agreed(t, not a))
        self.topic_buttons[topic_id] = toggle
        show = QPushButton(_("Zum Thema"))
        show.setAccessibleName(_("Zum Thema „{topic}“").format(topic=label))
        show.clicked.connect(lambda _c=False, t=topic_id: self.sig_topic_requested.emit(t))
        for button in (toggle, show):
            buttons.addWidget(button)
        if not agreed:
            buttons.addStretch(1)
        grid.addLayout(buttons, 0, 1, 3, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        return row

    def _item_row(self, item: BoardItem) -> QWidget:
        row = QWidget()
        row.setObjectName("item_" + item.id)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 4, 0, 4)
        line.setSpacing(10)
        line.addWidget(bold_label("✓" if item.agreed else "●"))
        edit = QLineEdit()
        edit.setAccessibleName(_("Punkt"))
        edit.setPlaceholderText(_("Was ist zu vereinbaren?"))
        edit.textEdited.connect(lambda text, i=item.id: self._item_typed(i, text))
        edit.editingFinished.connect(self.session.end_merge)
        self.item_edits[item.id] = edit
        line.addWidget(edit, 1)
        toggle = QPushButton(_("Wieder offen") if item.agreed else _("Vereinbart"))
        toggle.clicked.connect(lambda _c=False, i=item.id, a=item.agreed: self.set_item_agreed(i, not a))
        remove = QPushButton(_("Entfernen"))
        remove.setToolTip(_("Entfernt den Punkt (rückgängig machen mit Strg+Z)."))
        remove.clicked.connect(lambda _c=False, i=item.id: self.remove_point(i))
        self.item_buttons[item.id] = toggle
        self.item_remove[item.id] = remove
        line.addWidget(toggle)
        line.addWidget(remove)
        return row

    def _update_texts(self) -> None:
        project = self.session.project
        for topic_id, summary in self.summaries.items():
            decision = project.decision(topic_id)
            checked = check_decision(self.catalogue.topic(topic_id), decision, project)
            # the variant in one line; its values (often many) in the tooltip
            summary.setText(checked.variant.label.get_text() if checked.variant else summarize_decision(checked, project))
            summary.setToolTip(summarize_decision(checked, project))
            note = self.topic_notes.get(topic_id)
            if note is not None and note.toPlainText() != decision.note:
                note.blockSignals(True)
                note.setPlainText(decision.note)
                note.blockSignals(False)
            note_text = self.note_texts.get(topic_id)
            if note_text is not None:
                note_text.setText(_("Notiz: {note}").format(note=decision.note) if decision.note.strip() else "")
                note_text.setVisible(bool(decision.note.strip()))
        for item in project.assessment.board:
            edit = self.item_edits.get(item.id)
            if edit is not None and edit.text() != item.text:
                edit.setText(item.text)

    # --- focus across rebuilds -------------------------------------------------------------------
    def _focus_key(self) -> tuple[str, str] | None:
        for kind, mapping in (("note", self.topic_notes), ("topic", self.topic_buttons), ("item", self.item_edits),
                              ("item_button", self.item_buttons), ("item_remove", self.item_remove)):
            for key, widget in mapping.items():
                if widget.hasFocus():
                    return kind, key
        return None

    def _restore_focus(self, focus: tuple[str, str] | None) -> None:
        if focus is None:
            return
        kind, key = focus
        mapping = {"note": self.topic_notes, "topic": self.topic_buttons, "item": self.item_edits,
                   "item_button": self.item_buttons, "item_remove": self.item_edits}[kind]
        widget = mapping.get(key) or (self.add_edit if kind == "item_remove" else None)
        if widget is not None and widget.isEnabled():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(widget, 0, 60)

    # --- editing ---------------------------------------------------------------------------------
    def _toggle_form_status(self) -> None:
        project = self.session.project
        if project.form is None:
            return
        agreed = DecisionStatus(project.form_status) is DecisionStatus.AGREED
        self.session.end_merge()  # each toggle an undo step of its own
        self.session.set_project_field("form_status", DecisionStatus.OPEN if agreed else DecisionStatus.AGREED)
        self.session.end_merge()

    def set_topic_agreed(self, topic_id: str, agreed: bool) -> None:
        status = DecisionStatus.AGREED if agreed else DecisionStatus.OPEN
        text = _("Thema vereinbaren") if agreed else _("Thema wieder öffnen")
        self.session.set_decision(topic_id, status=status, text=text)

    def _note_typed(self, topic_id: str, text: str) -> None:
        self.session.set_decision(topic_id, note=text, merge_key=("note", topic_id))

    def _edit_board(self, mutate, text: str, merge_key: tuple | None = None) -> None:
        self.session.edit_assessment(mutate, text=text, merge_key=merge_key, part="board")

    def add_point(self) -> None:
        """Add the typed point as still to be discussed."""
        text = self.add_edit.text().strip()
        if not text:
            self.add_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        item = BoardItem(text=text)
        self._edit_board(lambda a: a.board.append(item), _("Punkt hinzufügen"))
        self.add_edit.clear()

    def _item_typed(self, item_id: str, text: str) -> None:
        def mutate(assessment: Assessment) -> None:
            for item in assessment.board:
                if item.id == item_id:
                    item.text = text

        self._edit_board(mutate, _("Punkt bearbeiten"), ("board", item_id))

    def set_item_agreed(self, item_id: str, agreed: bool) -> None:
        def mutate(assessment: Assessment) -> None:
            for item in assessment.board:
                if item.id == item_id:
                    item.agreed = agreed

        self._edit_board(mutate, _("Punkt vereinbaren") if agreed else _("Punkt wieder öffnen"))

    def remove_point(self, item_id: str) -> None:
        def mutate(assessment: Assessment) -> None:
            assessment.board = [b for b in assessment.board if b.id != item_id]

        self._edit_board(mutate, _("Punkt entfernen"))

    # --- Page ------------------------------------------------------------------------------------
    def on_changed(self, change: Change) -> None:
        if change.kind == "assessment" and change.field not in (None, "board"):
            return
        if change.kind in ("assessment", "decisions", "project", "partners"):
            self.refresh()

    def focus_entity(self, kind: str, entity_id: str) -> None:
        widget = self.topic_notes.get(entity_id) if kind == "decisions" else self.item_edits.get(entity_id)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(widget, 0, 60)

