"""Phase 3, goals and roadmap: the goals table, the milestones table with the description of the
selected milestone, and a timeline that follows every edit.

Every edit goes through the `ProjectSession` and is stored at once; refused entries (an end
before the start, a dependency cycle) are explained in red under the table they came from.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.labels import horizon_label, milestone_status_label, priority_label
from kooperation.domain.model import Horizon, MilestoneStatus, Priority
from kooperation.i18n import _
from kooperation.ui.cell_table import CellTabTableView
from kooperation.ui.goal_models import (
    ID_ROLE,
    ChoiceDelegate,
    GoalTableModel,
    MilestoneDateDelegate,
    MilestoneTableModel,
    MultiChoiceDelegate,
    SortProxy,
    TextDelegate,
)
from kooperation.ui.pages.base import Page, set_help
from kooperation.ui.palette import make_problem
from kooperation.ui.session import Change, ProjectSession
from kooperation.ui.timeline import TimelineWidget


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


def _message_label() -> QLabel:
    """A label for refused entries: red text that stays until the next successful edit."""
    label = make_problem(QLabel())
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    label.hide()
    return label


def _table(model: GoalTableModel | MilestoneTableModel, accessible: str) -> tuple[QTableView, SortProxy]:
    proxy = SortProxy()
    proxy.setSourceModel(model)
    view = CellTabTableView()
    view.setModel(proxy)
    view.setItemDelegate(TextDelegate(view))
    view.setAccessibleName(accessible)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(
        QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed | QAbstractItemView.AnyKeyPressed
    )
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.ElideRight)
    header = view.horizontalHeader()
    header.setSortIndicatorClearable(True)
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignLeft | Qt.AlignVCenter)
    # order of entry until a header is clicked: no sort column before sorting is switched on
    # (switching it on sorts by the header's column, 0 by default: 120 milestones asked the
    # model some 1,500 times for a sort that was undone at once)
    header.setSortIndicator(-1, Qt.AscendingOrder)
    view.setSortingEnabled(True)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
    return view, proxy


class GoalsPage(Page):
    """Goals (short, medium, long term) and the roadmap of milestones with its timeline."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = _("Ziele & Roadmap")
        self._last_area = "milestones"
        self._own_description_edit = False

        # --- goals -------------------------------------------------------------------------
        self.goal_model = GoalTableModel(session, self)
        self.goals_view, self.goal_proxy = _table(self.goal_model, _("Ziele"))
        gm = GoalTableModel
        self.goals_view.setItemDelegateForColumn(gm.HORIZON, ChoiceDelegate(lambda: [(horizon_label(h), h) for h in Horizon], self))
        self.goals_view.setItemDelegateForColumn(gm.PRIORITY, ChoiceDelegate(lambda: [(priority_label(p), p) for p in Priority], self))
        self.goals_view.setItemDelegateForColumn(gm.OWNER, ChoiceDelegate(self._owner_choices, self))
        set_help(
            self.goals_view,
            _("Ziele"),
            _(
                "Was wollen Sie gemeinsam erreichen? Teilen Sie Ihre Ziele in kurzfristige (etwa im "
                "ersten Jahr), mittelfristige (ein bis drei Jahre) und langfristige Ziele ein und geben "
                "Sie jedem eine Priorität. Ein Partner ist für jedes Ziel verantwortlich und achtet "
                "darauf, dass es vorangeht. Der Indikator sagt, woran alle erkennen, dass das Ziel "
                "erreicht ist – möglichst messbar, zum Beispiel „12 Teilnehmende“ oder „Antrag "
                "eingereicht“. Die Ziele stehen als Anlage im Vertrag. Doppelklick oder einfach "
                "lostippen ändert eine Zelle; ein Klick auf eine Spaltenüberschrift sortiert."
            ),
            "anlage_ziele",
        )
        self.add_goal_button = QPushButton(_("Ziel hinzufügen"))
        self.remove_goal_button = QPushButton(_("Ziel entfernen"))
        self.add_goal_button.clicked.connect(self.add_goal)
        self.remove_goal_button.clicked.connect(self.remove_goal)
        self.goals_message = _message_label()

        goals_box = QWidget()
        goals_layout = QVBoxLayout(goals_box)
        goals_layout.setContentsMargins(0, 0, 0, 4)
        goals_layout.addLayout(self._bar(_("Ziele"), self.add_goal_button, self.remove_goal_button))
        goals_layout.addWidget(self.goals_view, 1)
        goals_layout.addWidget(self.goals_message)

        # --- milestones --------------------------------------------------------------------
        self.milestone_model = MilestoneTableModel(session, self)
        self.milestones_view, self.milestone_proxy = _table(self.milestone_model, _("Meilensteine"))
        mm = MilestoneTableModel
        dates = MilestoneDateDelegate(self)
        dates.sig_refused.connect(lambda text: self._show_message("milestones", text))
        self.milestones_view.setItemDelegateForColumn(mm.START, dates)
        self.milestones_view.setItemDelegateForColumn(mm.END, dates)
        self.milestones_view.setItemDelegateForColumn(mm.RESPONSIBLE, MultiChoiceDelegate(self._partner_choices, self))
        self.milestones_view.setItemDelegateForColumn(mm.DEPENDS, MultiChoiceDelegate(self._dependency_choices, self))
        self.milestones_view.setItemDelegateForColumn(
            mm.STATUS, ChoiceDelegate(lambda: [(milestone_status_label(s), s) for s in MilestoneStatus], self)
        )
        set_help(
            self.milestones_view,
            _("Meilensteine"),
            _(
                "Die Meilensteine sind Ihr gemeinsamer Fahrplan: Was soll bis wann geschafft sein? "
                "Tragen Sie Beginn und Ende ein (Entf entfernt ein Datum), wählen Sie die "
                "verantwortlichen Partner und die Meilensteine, die vorher fertig sein müssen "
                "(Voraussetzungen). Ein Meilenstein kann nicht – auch nicht über Umwege – von sich "
                "selbst abhängen. Der Fahrplan steht als Anlage im Vertrag und ist die Grundlage, "
                "um später gemeinsam zu prüfen, wie weit Sie gekommen sind."
            ),
            "anlage_roadmap",
        )
        self.add_milestone_button = QPushButton(_("Meilenstein hinzufügen"))
        self.remove_milestone_button = QPushButton(_("Meilenstein entfernen"))
        self.add_milestone_button.clicked.connect(self.add_milestone)
        self.remove_milestone_button.clicked.connect(self.remove_milestone)
        self.milestones_message = _message_label()
        self.milestone_model.sig_rejected.connect(lambda text: self._show_message("milestones", text))
        self.goal_model.sig_submitted.connect(lambda: setattr(self, "_last_area", "goals"))
        self.milestone_model.sig_submitted.connect(lambda: setattr(self, "_last_area", "milestones"))

        self.description_label = QLabel(_("Beschreibung des gewählten Meilensteins:"))
        self.description_label.setWordWrap(True)
        self.description_label.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.description = QPlainTextEdit()
        self.description.setAccessibleName(_("Beschreibung des Meilensteins"))
        self.description.setPlaceholderText(_("Was gehört dazu, was ist das Ergebnis? (optional)"))
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 2 + 14)
        self.description.textChanged.connect(self._description_typed)
        self.description.installEventFilter(self)
        self.description_label.setBuddy(self.description)
        set_help(
            self.description,
            _("Beschreibung des Meilensteins"),
            _(
                "Beschreiben Sie in wenigen Sätzen, was zu diesem Meilenstein gehört und woran man "
                "erkennt, dass er erreicht ist. Die Beschreibung wird sofort gespeichert."
            ),
            "anlage_roadmap",
        )

        milestones_box = QWidget()
        ms_layout = QVBoxLayout(milestones_box)
        ms_layout.setContentsMargins(0, 4, 0, 4)
        ms_layout.addLayout(self._bar(_("Meilensteine"), self.add_milestone_button, self.remove_milestone_button))
        ms_layout.addWidget(self.milestones_view, 1)
        ms_layout.addWidget(self.milestones_message)
        description_row = QHBoxLayout()
        description_row.addWidget(self.description_label, 0, Qt.AlignTop)
        description_row.addWidget(self.description, 1)
        self.description_label.setFixedWidth(self.fontMetrics().horizontalAdvance(_("Beschreibung des")) * 3 // 2)
        ms_layout.addLayout(description_row)

        # --- timeline ----------------------------------------------------------------------
        self.timeline = TimelineWidget()
        self.timeline.sig_item_activated.connect(lambda mid: self.focus_entity("milestones", mid))
        set_help(
            self.timeline,
            _("Zeitplan"),
            _(
                "Der Zeitplan zeigt alle Meilensteine als Balken von Beginn bis Ende, Pfeile "
                "verbinden Voraussetzungen mit dem, was darauf aufbaut. Ein Doppelklick auf einen "
                "Balken wählt den Meilenstein in der Tabelle aus."
            ),
            "anlage_roadmap",
        )

        self.splitter = QSplitter(Qt.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(goals_box)
        self.splitter.addWidget(milestones_box)
        # the timeline is as tall as its rows need; the scroll area lets it share the page
        self.timeline_area = QScrollArea()
        self.timeline_area.setWidget(self.timeline)
        self.timeline_area.setWidgetResizable(True)
        self.timeline_area.setFrameShape(QFrame.NoFrame)
        self.timeline_area.setFocusPolicy(Qt.NoFocus)  # the timeline itself takes the focus
        self.timeline_area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.splitter.addWidget(self.timeline_area)
        self.splitter.setStretchFactor(0, 21)
        self.splitter.setStretchFactor(1, 34)
        self.splitter.setStretchFactor(2, 25)
        self.splitter.setSizes([200, 330, 270])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._size_columns()
        self._viewports = {self.goals_view.viewport(): self.goals_view, self.milestones_view.viewport(): self.milestones_view}
        for viewport in self._viewports:
            viewport.installEventFilter(self)
        self.milestones_view.selectionModel().currentRowChanged.connect(lambda *_a: self._show_description())
        self.goals_view.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        session.sig_error.connect(self._session_error)
        self._update_timeline()
        self._show_description()

    # --- layout helpers -----------------------------------------------------------------------
    @staticmethod
    def _bar(title: str, *buttons: QPushButton) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(_heading(title))
        bar.addStretch(1)
        for button in buttons:
            bar.addWidget(button)
        return bar

    def _size_columns(self) -> None:
        """Measure the natural width of the short columns (header and contents) and fit them.
        Done at start and when partners change, not after every edit."""

        def natural(view: QTableView, column: int, samples: Sequence[str] = (), cap: int = 240) -> tuple[int, int]:
            """(width of header and contents, width of the header alone)."""
            model = view.model().sourceModel()  # the same rows as the sort proxy, in another order
            title = str(model.headerData(column, Qt.Horizontal) or "")
            texts = model.column_texts(column)
            metrics = view.fontMetrics()
            widest = max((metrics.horizontalAdvance(t) for t in texts.union(samples)), default=0)
            header = view.horizontalHeader().fontMetrics().horizontalAdvance(title) + 22  # sort arrow
            return min(max(widest + 16, header), max(cap, header)), header

        def fixed(*args) -> tuple[int, int]:
            width, _header = natural(*args)
            return width, width

        def flexible(*args) -> tuple[int, int]:
            return natural(*args)

        g, gm = self.goals_view, GoalTableModel
        m, mm = self.milestones_view, MilestoneTableModel
        dates = ["00.00.0000", _("kein Datum")]
        self._natural = {
            g: {
                gm.HORIZON: fixed(g, gm.HORIZON, [horizon_label(h) for h in Horizon]),
                gm.PRIORITY: fixed(g, gm.PRIORITY, [priority_label(p) for p in Priority]),
                gm.OWNER: flexible(g, gm.OWNER, [_("— niemand —")] + [p.display_name for p in self.session.project.partners]),
            },
            m: {
                mm.START: fixed(m, mm.START, dates),
                mm.END: fixed(m, mm.END, dates),
                mm.STATUS: fixed(m, mm.STATUS, [milestone_status_label(s) for s in MilestoneStatus]),
                mm.RESPONSIBLE: flexible(m, mm.RESPONSIBLE),
                mm.DEPENDS: flexible(m, mm.DEPENDS),
            },
        }
        for view in (g, m):
            header = view.horizontalHeader()
            header.setMinimumSectionSize(48)
            for column in range(header.count()):
                flexible = column not in self._natural[view]
                header.setSectionResizeMode(column, QHeaderView.Stretch if flexible else QHeaderView.Interactive)
            self._fit_columns(view)

    def _fit_columns(self, view: QTableView) -> None:
        """Short columns get their natural width; list columns (names, prerequisites) at most
        theirs and two sevenths of the room left, never less than their header, so the text
        columns keep the largest share also in a narrow window."""
        widths = getattr(self, "_natural", {}).get(view)
        if not widths:
            return
        room = view.viewport().width() - sum(w for w, least in widths.values() if w == least)
        for column, (width, least) in widths.items():
            view.horizontalHeader().resizeSection(column, width if width == least else max(least, min(width, room * 2 // 7)))

    # --- choices for the delegates --------------------------------------------------------------
    def _owner_choices(self) -> list[tuple[str, str | None]]:
        return [(_("— niemand —"), None)] + [(p.display_name, p.id) for p in self.session.project.partners]

    def _partner_choices(self, _index: QModelIndex) -> list[tuple[str, str]]:
        return [(p.display_name, p.id) for p in self.session.project.partners]

    def _dependency_choices(self, index: QModelIndex) -> list[tuple[str, str]]:
        own = index.data(ID_ROLE)
        return [
            (f"{n}: {m.title or _('(ohne Titel)')}", m.id)
            for n, m in enumerate(self.session.project.milestones, start=1)
            if m.id != own
        ]

    # --- selection ------------------------------------------------------------------------------
    def _selected_id(self, view: QTableView) -> str | None:
        index = view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def selected_goal_id(self) -> str | None:
        return self._selected_id(self.goals_view)

    def selected_milestone_id(self) -> str | None:
        return self._selected_id(self.milestones_view)

    def _select(self, view: QTableView, model: GoalTableModel | MilestoneTableModel, entity_id: str, column: int = 0) -> QModelIndex:
        row = model.row_of(entity_id)
        if row < 0:
            return QModelIndex()
        index = view.model().mapFromSource(model.index(row, column))
        view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
        )
        view.scrollTo(index)
        return index

    def focus_entity(self, kind: str, entity_id: str) -> None:
        if kind in ("goals", "goal"):
            index = self._select(self.goals_view, self.goal_model, entity_id)
            view = self.goals_view
        elif kind in ("milestones", "milestone"):
            index = self._select(self.milestones_view, self.milestone_model, entity_id)
            view = self.milestones_view
        else:
            return
        if index.isValid():
            view.setFocus(Qt.OtherFocusReason)

    # --- actions --------------------------------------------------------------------------------
    def add_goal(self) -> None:
        """A new goal at the end, its text cell open for typing."""
        self._last_area = "goals"
        goal = self.session.add_goal()
        self._start_editing(self.goals_view, self.goal_model, goal.id, GoalTableModel.TEXT)

    def remove_goal(self) -> None:
        goal_id = self.selected_goal_id()
        if goal_id:
            self._last_area = "goals"
            self.session.remove_goal(goal_id)

    def add_milestone(self) -> None:
        """A new milestone at the end, its title cell open for typing."""
        self._last_area = "milestones"
        milestone = self.session.add_milestone()
        self._start_editing(self.milestones_view, self.milestone_model, milestone.id, MilestoneTableModel.TITLE)

    def remove_milestone(self) -> None:
        milestone_id = self.selected_milestone_id()
        if milestone_id:
            self._last_area = "milestones"
            self.session.remove_milestone(milestone_id)

    def _start_editing(self, view: QTableView, model, entity_id: str, column: int) -> None:
        index = self._select(view, model, entity_id, column)
        if index.isValid():
            view.setFocus(Qt.OtherFocusReason)
            view.edit(index)

    # --- reactions ------------------------------------------------------------------------------
    def on_changed(self, change: Change) -> None:
        if change.kind in ("goals", "partners", "project"):
            self._refresh(self.goals_view, self.goal_model)
            self._clear_message("goals")
        if change.kind in ("milestones", "partners", "project"):
            self._clear_message("milestones")
            self._refresh(self.milestones_view, self.milestone_model)
            if change.field != "description":  # the timeline does not show descriptions
                self._update_timeline()
            self._show_description()
        if change.kind in ("partners", "project"):
            self._size_columns()

    def _update_timeline(self) -> None:
        self.timeline.set_items(self.milestone_model.timeline_items())
        # all rows stay readable: the scroll area scrolls when the timeline is taller than its room
        self.timeline.setMinimumHeight(self.timeline.sizeHint().height())

    def _refresh(self, view: QTableView, model: GoalTableModel | MilestoneTableModel) -> None:
        """Renew a table; the selected row stays selected (also after a full reset)."""
        selected = self._selected_id(view)
        model.refresh()
        if selected and self._selected_id(view) != selected and model.row_of(selected) >= 0:
            self._select(view, model, selected, max(view.currentIndex().column(), 0))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_goal_button.setEnabled(self.selected_goal_id() is not None)
        self.remove_milestone_button.setEnabled(self.selected_milestone_id() is not None)

    def _show_description(self) -> None:
        """Show the selected milestone's description, unless it is the one being typed."""
        self._update_buttons()
        milestone = self.session.project.milestone(self.selected_milestone_id())
        self.description.setEnabled(milestone is not None)
        self.description_label.setEnabled(milestone is not None)
        text = milestone.description if milestone else ""
        if self.description.toPlainText() != text:
            self._own_description_edit = True
            try:
                self.description.setPlainText(text)
            finally:
                self._own_description_edit = False

    def _description_typed(self) -> None:
        milestone_id = self.selected_milestone_id()
        if self._own_description_edit or milestone_id is None:
            return
        self._last_area = "milestones"
        self.session.update_milestone(milestone_id, "description", self.description.toPlainText())

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.description and event.type() == event.Type.FocusOut:
            self.session.end_merge()  # typing again later is a new undo step
        elif event.type() == event.Type.Resize and obj in self._viewports:
            self._fit_columns(self._viewports[obj])
        return super().eventFilter(obj, event)

    # --- messages -------------------------------------------------------------------------------
    def _session_error(self, text: str) -> None:
        self._show_message(self._last_area, text)

    def _show_message(self, area: str, text: str) -> None:
        label = self.goals_message if area == "goals" else self.milestones_message
        label.setText(f"⚠ {text}")
        label.show()

    def _clear_message(self, area: str) -> None:
        label = self.goals_message if area == "goals" else self.milestones_message
        label.clear()
        label.hide()

    def message(self, area: str = "milestones") -> str:
        """The refusal shown under a table, empty if none (for tests and the window)."""
        label = self.goals_message if area == "goals" else self.milestones_message
        return label.text() if label.isVisibleTo(self) else ""
