"""Journey step 4: the cooperation form and every rule topic.

Left the list of "Kooperationsform" and the topics, each with its status mark; right the panel
of the selected entry in a scroll area. Panels are built when selected and refreshed from the
session's change signal, never rebuilt while the user works in them.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.catalogue import Catalogue, load_catalogue
from kooperation.domain.consistency import find_conflicts
from kooperation.domain.model import CooperationForm, DecisionStatus, Project, RuleDecision
from kooperation.i18n import _
from kooperation.ui.pages.base import Page, place_after, set_help
from kooperation.ui.palette import WARNING_BORDER, make_muted, make_problem
from kooperation.ui.param_editors import wrapped_label
from kooperation.ui.session import Change, ProjectSession
from kooperation.ui.topic_panel import (
    ChoiceItem,
    StatusSwitch,
    TopicPanel,
    conflict_text,
    heading,
    section_title,
    separator,
    tab_stop_on_checked,
)

FORM_ENTRY = "__form__"
FORM_CLAUSE = "rechtsnatur"
MARK_AGREED, MARK_OPEN, MARK_NONE, MARK_CONFLICT = "✓", "●", "○", "⚠"


def topic_mark(decision: RuleDecision) -> str:
    """✓ agreed, ● chosen but still to be discussed, ○ nothing chosen yet."""
    if decision.variant is None:
        return MARK_NONE
    return MARK_OPEN if decision.is_open else MARK_AGREED


def form_mark(project: Project) -> str:
    if project.form is None:
        return MARK_NONE
    return (
        MARK_AGREED if DecisionStatus(project.form_status) is DecisionStatus.AGREED else MARK_OPEN
    )


def mark_words(mark: str) -> str:
    return {
        MARK_AGREED: _("vereinbart"),
        MARK_OPEN: _("offen"),
        MARK_NONE: _("noch nichts gewählt"),
        MARK_CONFLICT: _("Widerspruch"),
    }[mark]


def gbr_warning() -> str:
    return _(
        "Achtung: Auch ohne Vertrag können Partner, die gemeinsam einen Zweck verfolgen, eine "
        "Gesellschaft bürgerlichen Rechts (GbR) bilden – mit gemeinsamer, unbeschränkter Haftung "
        "jedes Partners für die Schulden aller. Die Vereinbarung schließt das ausdrücklich aus; "
        "Vertraulichkeit und Abwerbeverbot lassen sich aber nur mit einer verbindlichen Form sicher "
        "regeln."
    )


class _WarningFrame(QFrame):
    """An amber rounded border around a warning, drawn (not a style sheet: a style sheet would
    freeze the text colours of the children at the palette of the moment it was applied)."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(WARNING_BORDER), 2))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 4, 4)


class FormPanel(QWidget):
    """The choice of the cooperation form, with explanations and the GbR warning."""

    def __init__(
        self, session: ProjectSession, catalogue: Catalogue, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.catalogue = catalogue
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 16)
        box.setSpacing(8)
        box.addWidget(make_muted(wrapped_label(_("Kooperationsform"))))
        box.addWidget(heading(_("Wie verbindlich soll die Zusammenarbeit sein?")))
        box.addWidget(
            wrapped_label(
                _(
                    "Die Form bestimmt, wie fest sich die Partner binden, wer nach außen haftet und "
                    "welches Dokument entsteht. Für die meisten Verbünde von fünf bis sieben "
                    "Partnern passt die vertragliche Kooperation; eine eigene Organisation lohnt "
                    "sich erst, wenn das gemeinsame Geschäft auf Dauer angelegt ist."
                )
            )
        )
        set_help(
            self, _("Kooperationsform"), _("Die rechtliche Form der Zusammenarbeit."), FORM_CLAUSE
        )
        box.addSpacing(6)
        box.addWidget(section_title(_("Welche Form passt zu uns?")))
        self.group = QButtonGroup(self)
        self.items: dict[str, ChoiceItem] = {}
        for index, form in enumerate(catalogue.forms):
            explanation = form.explanation.get_text()
            title = form.document_title.get_text()
            if title:
                explanation += "\n" + _("Dokument: {title}").format(title=title)
            item = ChoiceItem(form.label.get_text(), explanation)
            set_help(item, form.label.get_text(), form.explanation.get_text(), FORM_CLAUSE)
            self.group.addButton(item.radio, index)
            self.items[form.id] = item
            box.addWidget(item)
            if form.id == CooperationForm.NETZWERK.value:
                self.warning = self._warning_box(gbr_warning())
                box.addWidget(self.warning)
        self.group.idClicked.connect(self._form_clicked)
        self.conflict_note = make_problem(wrapped_label(""))
        self.conflict_note.setObjectName("conflictNote")
        self.conflict_note.hide()
        box.addWidget(self.conflict_note)

        box.addSpacing(6)
        box.addWidget(separator())
        box.addWidget(section_title(_("Wie steht es um die Form?")))
        self.status = StatusSwitch(
            _("Diese Form vereinbaren wir"), _("Darüber müssen wir uns noch verständigen")
        )
        set_help(
            self.status,
            _("Vereinbart oder offen"),
            _("Solange die Form offen ist, erscheint sie im Entwurf als offener Punkt."),
            FORM_CLAUSE,
        )
        self.status.sig_status_chosen.connect(self._status_chosen)
        box.addWidget(self.status)
        box.addStretch(1)

    def _warning_box(self, text: str) -> QFrame:
        frame = _WarningFrame()
        frame.setObjectName("gbrWarning")
        row = QHBoxLayout(frame)
        row.setContentsMargins(10, 8, 10, 8)
        row.setSpacing(8)
        sign = wrapped_label("⚠")
        font = QFont(sign.font())
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.3)
        sign.setFont(font)
        sign.setAlignment(Qt.AlignmentFlag.AlignTop)
        sign.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
        self.warning_text = wrapped_label(text)
        row.addWidget(sign, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.warning_text, 1)
        frame.setAccessibleName(text)
        # indent under the radio's text like an explanation
        outer = QWidget()
        outer_box = QHBoxLayout(outer)
        indent = self.style().pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth) + 8
        outer_box.setContentsMargins(indent, 0, 0, 6)
        outer_box.addWidget(frame)
        return outer

    def _form_clicked(self, index: int) -> None:
        form = CooperationForm(self.catalogue.forms[index].id)
        if self.session.project.form != form:
            self.session.set_project_field("form", form)

    def _status_chosen(self, status: DecisionStatus) -> None:
        self.session.set_project_field("form_status", status)

    def refresh(self, project: Project | None = None) -> None:
        project = project or self.session.project
        form = project.form.value if project.form is not None else None
        item = self.items.get(str(form)) if form else None
        if item is None:
            checked = self.group.checkedButton()
            if checked is not None:
                self.group.setExclusive(False)
                checked.setChecked(False)
                self.group.setExclusive(True)
        elif not item.radio.isChecked():
            item.radio.setChecked(True)
        tab_stop_on_checked(self.group)
        hint = (
            ""
            if form
            else _("Wählen Sie zuerst eine Form aus; erst dann kann sie vereinbart werden.")
        )
        self.status.set_status(project.form_status, form is not None, hint)
        text = "\n".join(conflict_text(c) for c in find_conflicts(project) if c.form)
        if text != self.conflict_note.text():
            self.conflict_note.setText(text)
        self.conflict_note.setVisible(bool(text))


class RulesPage(Page):
    """Step 4: cooperation form and rule topics."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = _("Form & Regeln")
        self.catalogue = load_catalogue()
        self.panel: FormPanel | TopicPanel | None = None
        self._entry: str | None = None

        self.list = QListWidget()
        self.list.setAccessibleName(_("Form und Regelungsthemen"))
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        entries = [(FORM_ENTRY, _("Kooperationsform"))] + [
            (t.id, t.label.get_text()) for t in self.catalogue.topics
        ]
        for entry, label in entries:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, entry)
            item.setData(Qt.ItemDataRole.UserRole + 1, label)
            self.list.addItem(item)
        widest = max(
            self.list.fontMetrics().horizontalAdvance(f"{mark}  {label}")
            for _e, label in entries
            for mark in (MARK_NONE, MARK_CONFLICT)
        )
        row_size = QSize(widest + 16, self.list.fontMetrics().height() + 12)
        for row in range(self.list.count()):
            self.list.item(row).setSizeHint(row_size)
        self.list.setMinimumWidth(self.list.fontMetrics().averageCharWidth() * 16)
        list_width = min(widest + 40, self.list.fontMetrics().averageCharWidth() * 30)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setWordWrap(False)
        legend = make_muted(
            wrapped_label(
                "\n".join(
                    f"{mark}  {mark_words(mark)}"
                    for mark in (MARK_AGREED, MARK_OPEN, MARK_NONE, MARK_CONFLICT)
                )
            )
        )
        legend.setContentsMargins(4, 4, 4, 4)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.list, 1)
        left_box.addWidget(legend)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Tab goes from the list to the panel's choices, which scroll into view
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.scroll)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([list_width, max(400, 1100 - list_width)])
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(splitter)

        self.list.currentItemChanged.connect(self._current_changed)
        session.sig_error.connect(self._edit_failed)
        self.update_marks()
        self.list.setCurrentRow(0)

    # --- list -------------------------------------------------------------------------------
    def update_marks(self) -> None:
        project = self.session.project
        conflicts = find_conflicts(project, self.catalogue)
        in_conflict = {t for c in conflicts for t in c.topics}
        if any(c.form for c in conflicts):
            in_conflict.add(FORM_ENTRY)
        for row in range(self.list.count()):
            item = self.list.item(row)
            entry = item.data(Qt.ItemDataRole.UserRole)
            if entry in in_conflict:
                mark = MARK_CONFLICT
            elif entry == FORM_ENTRY:
                mark = form_mark(project)
            else:
                mark = topic_mark(project.decision(entry))
            text = f"{mark}  {item.data(Qt.ItemDataRole.UserRole + 1)}"
            if item.text() != text:
                item.setText(text)
            item.setToolTip(f"{item.data(Qt.ItemDataRole.UserRole + 1)}: {mark_words(mark)}")

    def mark(self, entry: str) -> str:
        """The status mark currently shown for ``entry`` (a topic id or `FORM_ENTRY`)."""
        return self._item(entry).text().split(" ", 1)[0]

    def _item(self, entry: str) -> QListWidgetItem:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == entry:
                return self.list.item(row)
        raise KeyError(entry)

    def select(self, entry: str) -> None:
        """Show the form (`FORM_ENTRY`) or the topic with this id."""
        self.list.setCurrentItem(self._item(entry))

    def _current_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if current is not None:
            self._show(current.data(Qt.ItemDataRole.UserRole))

    def _show(self, entry: str) -> None:
        if entry == self._entry and self.panel is not None:
            return
        self._entry = entry
        self.session.end_merge()
        if entry == FORM_ENTRY:
            panel: FormPanel | TopicPanel = FormPanel(self.session, self.catalogue)
        else:
            panel = TopicPanel(self.session, self.catalogue.topic(entry))
        panel.refresh(self.session.project)
        old = self.scroll.takeWidget()
        self.scroll.setWidget(panel)
        place_after(self.list, panel)  # Tab: list, then the panel in reading order
        self.panel = panel
        if old is not None:
            old.hide()
            old.deleteLater()
        self.scroll.verticalScrollBar().setValue(0)

    # --- Page -------------------------------------------------------------------------------
    def _edit_failed(self, _message: str) -> None:
        """An edit was refused and nothing stored: show the stored state again (the window
        shows the message)."""
        if self.panel is not None:
            self.panel.refresh(self.session.project)

    def on_changed(self, change: Change) -> None:
        # a value in one topic can contradict another topic, the partner list or the roadmap
        # (kooperation.domain.consistency): the shown panel refreshes on every such change
        if change.kind not in ("decisions", "project", "partners", "wordings", "milestones"):
            return
        if change.kind != "wordings":
            self.update_marks()
        panel = self.panel
        if isinstance(panel, TopicPanel) or (
            isinstance(panel, FormPanel) and change.kind in ("project", "decisions")
        ):
            panel.refresh(self.session.project)

    def focus_entity(self, kind: str, entity_id: str) -> None:
        if kind == "decisions" and entity_id in self.catalogue.topic_ids:
            self.select(entity_id)
        elif kind == "project" and entity_id in ("form", "form_status"):
            self.select(FORM_ENTRY)
