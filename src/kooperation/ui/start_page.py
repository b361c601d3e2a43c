"""The start page: the projects in the store, search, new / open / duplicate / delete (with
undo), the example project and the recently opened projects.

Everything the page changes goes through the store; the table is refilled from
``store.list_projects()`` afterwards. Opening a project is not done here: the page emits
`StartPage.sig_open_project` and the main window decides.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kooperation.errors import KooperationError
from kooperation.i18n import _, ngettext
from kooperation.store.quick import ProjectSummary
from kooperation.ui.errors import show_error
from kooperation.ui.project_list_model import (
    COL_CHANGED,
    COL_DRAFTS,
    COL_NAME,
    COL_OPEN,
    COL_PARTNERS,
    ID_ROLE,
    ProjectListModel,
    RecentProjectsModel,
    format_changed,
)
from kooperation.ui.settings import Settings

if TYPE_CHECKING:
    from kooperation.domain.model import Project
    from kooperation.domain.serialize import DraftVersion
    from kooperation.store.repository import Store

PAGE_TABLE, PAGE_EMPTY, PAGE_NO_MATCH = range(3)
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _label(
    text: str, *, scale: float = 1.0, bold: bool = False, wrap: bool = True, centre: bool = False
) -> QLabel:
    label = QLabel(text)
    if scale != 1.0 or bold:
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(bold)
        label.setFont(font)
    label.setWordWrap(wrap)
    if centre:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def _button(text: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    button.setAutoDefault(False)
    return button


def _message_page(labels: list[QLabel], buttons: list[QPushButton]) -> QWidget:
    """A framed page with centred text and buttons (the empty state, "nothing found")."""
    page = QFrame()
    page.setFrameShape(QFrame.Shape.StyledPanel)
    centre = QHBoxLayout(page)
    inner = QWidget()
    inner.setMaximumWidth(620)
    centre.addWidget(inner)
    layout = QVBoxLayout(inner)
    layout.setContentsMargins(32, 32, 32, 32)
    layout.setSpacing(12)
    layout.addStretch(1)
    for label in labels:
        layout.addWidget(label)
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        button.setMinimumHeight(button.sizeHint().height() + 8)
        row.addWidget(button)
    row.addStretch(1)
    layout.addSpacing(8)
    layout.addLayout(row)
    layout.addStretch(2)
    return page


class StartPage(QWidget):
    """The list of projects and what can be done with them."""

    sig_open_project = Signal(str)
    """A project should be opened; carries its id."""

    sig_message = Signal(str)
    """A short confirmation for the status bar ("Projekt „X“ dupliziert.")."""

    def __init__(self, store: Store, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self._summaries: dict[str, ProjectSummary] = {}
        self._deleted: tuple[Project, list[DraftVersion]] | None = None
        self._loaded = False
        self.model = ProjectListModel(self)
        self._build()
        self._connect()
        self.refresh()

    # --- construction -------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.setSpacing(12)
        title = _label(_("Ihre Kooperationsprojekte"), scale=1.5, bold=True, wrap=False)
        title.setAccessibleName(_("Startseite"))
        self.intro = _label("")
        outer.addWidget(title)
        outer.addWidget(self.intro)

        # search and actions (hidden while the store is empty: the empty state has its own)
        self.toolbar = QWidget()
        bar = QHBoxLayout(self.toolbar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Projekte durchsuchen …"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Projekte durchsuchen"))
        self.search.setToolTip(_("Sucht in Projektnamen und Partnernamen (Strg+F)"))
        self.search.setMinimumWidth(260)
        bar.addWidget(self.search, 1)
        self.btn_new = _button(_("&Neues Projekt …"), _("Ein leeres Projekt anlegen (Strg+N)"))
        self.btn_open = _button(_("Ö&ffnen"), _("Das ausgewählte Projekt öffnen (Eingabetaste)"))
        self.btn_duplicate = _button(
            _("Dupli&zieren"), _("Eine Kopie des ausgewählten Projekts anlegen (ohne Entwürfe)")
        )
        self.btn_delete = _button(
            _("&Löschen …"), _("Das ausgewählte Projekt mit seinen Entwürfen löschen (Entf)")
        )
        self.btn_example = _button(
            _("Beis&pielprojekt anlegen"),
            _("Ein ausgefülltes Beispiel („Lernfabrik Neckar-Alb“) zum Ausprobieren anlegen"),
        )
        for b in (self.btn_new, self.btn_open, self.btn_duplicate, self.btn_delete):
            bar.addWidget(b)
        bar.addSpacing(12)
        bar.addWidget(self.btn_example)
        outer.addWidget(self.toolbar)
        outer.addWidget(self._build_undo_bar())

        body = QHBoxLayout()
        body.setSpacing(16)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_table())
        self.empty_label = _label(
            _(
                "Noch keine Projekte. Legen Sie ein neues Projekt an oder probieren Sie das "
                "Beispielprojekt aus."
            ),
            scale=1.2,
            centre=True,
        )
        explain = _label(
            _(
                "Kooperation führt Sie und Ihre Partner Schritt für Schritt zu Ihrer "
                "Kooperationsvereinbarung: Partner, Geschäftsmodell, Ziele und Fahrplan, "
                "Kooperationsform und Regeln. Aus Ihren Antworten entstehen Vertragsentwürfe als "
                "DOCX und PDF, die Ihre Rechtsberatung kommentieren kann. Alles bleibt auf diesem "
                "Rechner, und jede Eingabe wird sofort gespeichert."
            ),
            centre=True,
        )
        tour = _label(
            _("Ein kurzer Rundgang zeigt Ihnen danach das Projektfenster; F1 öffnet jederzeit das Handbuch."),
            centre=True,
        )
        self.btn_empty_new = _button(_("Neues Projekt anlegen …"))
        self.btn_empty_example = _button(_("Beispielprojekt ausprobieren"))
        self.btn_empty_new.setDefault(True)
        self.stack.addWidget(
            _message_page([self.empty_label, explain, tour], [self.btn_empty_new, self.btn_empty_example])
        )
        self.no_match_label = _label("", centre=True)
        self.btn_clear_search = _button(_("Suche zurücksetzen"))
        self.stack.addWidget(_message_page([self.no_match_label], [self.btn_clear_search]))
        body.addWidget(self.stack, 1)
        body.addWidget(self._build_recent())
        outer.addLayout(body, 1)

        # reading order: the toolbar row, the undo bar under it, then the list (or the empty
        # state's buttons) and the side panel; Down or Enter in the search field jumps to the list
        order = [
            self.search,
            self.btn_new,
            self.btn_open,
            self.btn_duplicate,
            self.btn_delete,
            self.btn_example,
            self.btn_undo,
            self.btn_undo_close,
            self.table,
            self.btn_empty_new,
            self.btn_empty_example,
            self.btn_clear_search,
            self.recent_list,
        ]
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)

    def _build_undo_bar(self) -> QWidget:
        """The non-modal bar "Projekt „X“ gelöscht. [Rückgängig] [×]" shown after a deletion."""
        self.undo_bar = QFrame()
        self.undo_bar.setObjectName("undoBar")
        # palette roles, not a style sheet: they follow a switch between light and dark
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.undo_bar.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.undo_bar.setAutoFillBackground(True)
        layout = QHBoxLayout(self.undo_bar)
        layout.setContentsMargins(12, 6, 6, 6)
        self.undo_label = _label("")
        self.btn_undo = _button(
            _("&Rückgängig"), _("Das gelöschte Projekt mit seinen Entwürfen wiederherstellen")
        )
        self.btn_undo_close = QToolButton()
        self.btn_undo_close.setText("×")
        self.btn_undo_close.setAutoRaise(True)
        self.btn_undo_close.setToolTip(_("Hinweis schließen"))
        self.btn_undo_close.setAccessibleName(_("Hinweis schließen"))
        layout.addWidget(self.undo_label, 1)
        layout.addWidget(self.btn_undo)
        layout.addWidget(self.btn_undo_close)
        self.undo_bar.hide()
        return self.undo_bar

    def _build_table(self) -> QWidget:
        self.table = table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setSortingEnabled(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setTabKeyNavigation(False)
        table.setShowGrid(False)
        table.verticalHeader().hide()
        table.setAccessibleName(_("Projekte"))
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_PARTNERS, QHeaderView.ResizeMode.Stretch)
        # fixed widths from the widest text a column can hold: sizing to contents would ask the
        # model for every row (84,000 calls at 1,000 projects) at each refresh
        for col in (COL_CHANGED, COL_DRAFTS, COL_OPEN):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        self._size_fixed_columns()
        header.resizeSection(COL_NAME, 260)
        table.sortByColumn(COL_CHANGED, Qt.SortOrder.DescendingOrder)
        table.installEventFilter(self)
        return table

    def _size_fixed_columns(self) -> None:
        """Width of the columns with short values: their header or their widest possible value
        (a date with time, a four-digit count), whichever is wider, plus room for the cell's
        margins and the header's sort arrow (measured in the font, not asked from the style:
        reading the style's metrics enumeration costs a start-up 20 ms)."""
        header = self.table.horizontalHeader()
        cell = self.table.fontMetrics()
        head = header.fontMetrics()
        margin = 2 * cell.averageCharWidth() + 8
        arrow = 2 * head.height()
        samples = {
            COL_CHANGED: [
                format_changed(datetime(2026, 12, 28, 23, 58, tzinfo=UTC)),
                format_changed(datetime.now(UTC)),
                format_changed(datetime.now(UTC) - timedelta(days=1)),
            ],
            COL_DRAFTS: ["8888"],
            COL_OPEN: ["88"],
        }
        for col, texts in samples.items():
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
            width = max(
                head.horizontalAdvance(title) + arrow,
                *(cell.horizontalAdvance(text) + margin for text in texts),
            )
            header.resizeSection(col, width)

    def _build_recent(self) -> QWidget:
        """The side panel: "Zuletzt geöffnet" and the five steps of the journey."""
        self.recent_panel = QWidget()
        self.recent_panel.setFixedWidth(300)
        layout = QVBoxLayout(self.recent_panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.recent_model = RecentProjectsModel(self)
        self.recent_model.row_height = self.fontMetrics().height() + 12
        self.recent_list = QListView()
        self.recent_list.setModel(self.recent_model)
        self.recent_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.recent_list.setAccessibleName(_("Zuletzt geöffnete Projekte"))
        self.recent_list.setToolTip(_("Klicken oder Eingabetaste öffnet das Projekt"))
        self.recent_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.recent_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.recent_list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.recent_list.installEventFilter(self)
        self.recent_empty = _label(_("Noch kein Projekt geöffnet."))
        self.recent_empty.setEnabled(False)
        steps = (
            _("<b>Partner</b>: ein Steckbrief je Organisation"),
            _("<b>Geschäftsmodell</b>: Nutzen, Zielgruppen, Einnahmen, Kosten"),
            _("<b>Ziele und Fahrplan</b>: Ziele, Meilensteine, Termine"),
            _("<b>Kooperationsform und Regeln</b>: vereinbart oder noch zu besprechen"),
            _("<b>Entwürfe</b>: Vertrag, Absichtserklärung, Vertraulichkeitsvereinbarung und Projektskizze als DOCX und PDF"),
        )
        items = "".join(f"<li style='margin-bottom: 4px'>{step}</li>" for step in steps)
        journey = _label(f"<ol style='margin-left: -20px'>{items}</ol>")
        journey.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(_label(_("Zuletzt geöffnet"), bold=True))
        layout.addWidget(self.recent_list)
        layout.addWidget(self.recent_empty)
        layout.addSpacing(16)
        layout.addWidget(_label(_("So entsteht Ihr Vertragsentwurf"), bold=True))
        layout.addWidget(journey)
        layout.addStretch(1)
        return self.recent_panel

    def _connect(self) -> None:
        self.search.textChanged.connect(self._on_search)
        self.search.returnPressed.connect(self._focus_first_row)
        self.search.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.btn_new.clicked.connect(self.new_project)
        self.btn_open.clicked.connect(self.open_selected)
        self.btn_duplicate.clicked.connect(self.duplicate_selected)
        self.btn_delete.clicked.connect(self.delete_selected)
        self.btn_example.clicked.connect(self.create_example)
        self.btn_empty_new.clicked.connect(self.new_project)
        self.btn_empty_example.clicked.connect(self.create_example)
        self.btn_clear_search.clicked.connect(self.clear_search)
        self.btn_undo.clicked.connect(self.undo_delete)
        self.btn_undo_close.clicked.connect(self.dismiss_undo)
        self.recent_list.clicked.connect(self._open_recent)

    # --- keyboard -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.table:
                if key in _ENTER_KEYS:
                    self.open_selected()
                    return True
                if key == Qt.Key.Key_Delete:
                    self.delete_selected()
                    return True
            elif watched is self.recent_list and key in _ENTER_KEYS:
                self._open_recent(self.recent_list.currentIndex())
                return True
            elif watched is self.search:
                if key == Qt.Key.Key_Down:
                    self._focus_first_row()
                    return True
                if key == Qt.Key.Key_Escape and self.search.text():
                    self.clear_search()
                    return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        """Put the cursor into the search field with its text selected (Ctrl+F, Ctrl+O)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear_search(self) -> None:
        self.search.clear()
        self.search.setFocus()

    def _focus_first_row(self) -> None:
        if self.model.rowCount() == 0:
            return
        if not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- state --------------------------------------------------------------------------------

    def refresh(self, select_id: str | None = None) -> None:
        """Reload the projects from the store, keeping (or setting) the selection."""
        keep = select_id or self.selected_project_id()
        try:
            projects = self.store.list_projects()
            self._loaded = True
        except KooperationError as exc:
            show_error(self, str(exc))
            projects = []
            self._loaded = False
        self._summaries = {p.id: p for p in projects}
        self.model.set_projects(projects)
        if keep:
            self.select_project(keep)
        self._update_page()
        self.refresh_recent()
        self._update_actions()

    def _update_page(self) -> None:
        empty = self.model.all_count() == 0
        self.toolbar.setVisible(not empty)
        self.intro.setText(
            _(
                "Willkommen! Hier sammeln Sie Ihre Kooperationsprojekte – vom ersten Treffen bis "
                "zum Vertragsentwurf. Jede Eingabe wird sofort gespeichert."
            )
            if empty
            else _(
                "Wählen Sie ein Projekt, um daran weiterzuarbeiten, oder legen Sie ein neues an. "
                "Jede Eingabe wird sofort gespeichert."
            )
        )
        if empty:
            self.stack.setCurrentIndex(PAGE_EMPTY)
        elif self.model.rowCount() == 0:
            self.no_match_label.setText(
                _("Kein Projekt passt zu „{text}“.").format(text=self.search.text().strip())
            )
            self.stack.setCurrentIndex(PAGE_NO_MATCH)
        else:
            self.stack.setCurrentIndex(PAGE_TABLE)

    def _on_search(self, text: str) -> None:
        self.model.set_search(text)
        self._update_page()
        self._update_actions()

    def _update_actions(self, *_args: object) -> None:
        has = self.selected_project_id() is not None
        for b in (self.btn_open, self.btn_duplicate, self.btn_delete):
            b.setEnabled(has)

    def is_empty_state_shown(self) -> bool:
        return self.stack.currentIndex() == PAGE_EMPTY

    def selected_project_id(self) -> str | None:
        if self.stack.currentIndex() != PAGE_TABLE and self.model.rowCount() == 0:
            return None
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return rows[0].data(ID_ROLE)

    def select_project(self, project_id: str) -> bool:
        row = self.model.row_of(project_id)
        if row < 0:
            return False
        index = self.model.index(row, COL_NAME)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _name(self, project_id: str) -> str:
        summary = self._summaries.get(project_id)
        return summary.name if summary else project_id

    # --- recent projects ----------------------------------------------------------------------

    def add_recent(self, project_id: str) -> None:
        """Note that ``project_id`` was opened (first in "Zuletzt geöffnet")."""
        self.settings.add_recent_project(project_id)
        if project_id in self._summaries:
            self.refresh_recent()
        else:
            self.refresh()  # a project the list has not seen yet (just imported or created)

    def refresh_recent(self) -> None:
        """Show the recent projects that still exist (keeping one whose deletion can be undone)."""
        known = self._summaries
        pending = self._deleted[0].id if self._deleted else None
        ids = self.settings.recent_projects
        kept = [i for i in ids if i in known or i == pending] if self._loaded else ids
        if kept != ids:
            self.settings.recent_projects = kept
        self.recent_model.set_projects([known[i] for i in kept if i in known])
        count = self.recent_model.rowCount()
        if count:
            height = self.recent_model.row_height * count + 2 * self.recent_list.frameWidth()
            self.recent_list.setFixedHeight(height + 4)
        self.recent_list.setVisible(count > 0)
        self.recent_empty.setVisible(count == 0)
        self.recent_panel.setVisible(bool(known) or count > 0)

    def recent_ids(self) -> list[str]:
        """The ids shown in "Zuletzt geöffnet", in order."""
        return self.recent_model.ids()

    def _open_recent(self, index: QModelIndex) -> None:
        project_id = index.data(ID_ROLE) if index.isValid() else None
        if project_id:
            self.sig_open_project.emit(project_id)

    # --- actions ------------------------------------------------------------------------------

    def open_selected(self) -> None:
        project_id = self.selected_project_id()
        if project_id:
            self.sig_open_project.emit(project_id)

    def _call(self, method, *args):
        """``method(*args)`` on the store; a `KooperationError` becomes a message (and None)."""
        try:
            return method(*args)
        except KooperationError as exc:
            show_error(self, str(exc))
            return None

    def _show_new(self, project: Project, message: str, open_it: bool) -> str:
        """List and select a project just stored; say so; open it if asked."""
        if self.search.text():
            self.search.clear()  # so that the new project is visible
        self.refresh(select_id=project.id)
        self.sig_message.emit(message.format(name=project.name))
        if open_it:
            self.sig_open_project.emit(project.id)
        return project.id

    def new_project(self) -> str | None:
        """Ask for a name, store an empty project and open it; returns its id."""
        name, ok = QInputDialog.getText(
            self, _("Neues Projekt"), _("Wie soll das neue Kooperationsprojekt heißen?")
        )
        if not ok:
            return None
        if not name.strip():
            show_error(self, _("Bitte geben Sie einen Namen für das Projekt ein."))
            return None
        from kooperation.domain.model import Project

        project = self._call(self.store.save_project, Project(name=name.strip()))
        return project and self._show_new(project, _("Projekt „{name}“ angelegt."), True)

    def create_example(self) -> str | None:
        """Store a new copy of the example project and open it; returns its id."""
        from kooperation.domain.demo import demo_project

        project = self._call(self.store.save_project, demo_project())
        return project and self._show_new(project, _("Beispielprojekt „{name}“ angelegt."), True)

    def duplicate_selected(self) -> str | None:
        """Copy the selected project (without its drafts) as "<Name> (Kopie)"; returns its id."""
        project_id = self.selected_project_id()
        if not project_id:
            return None
        new_name = _("{name} (Kopie)").format(name=self._name(project_id))
        copy = self._call(self.store.duplicate_project, project_id, new_name)
        return copy and self._show_new(copy, _("Kopie „{name}“ angelegt."), False)

    def delete_selected(self) -> bool:
        """Ask, then delete the selected project; offers to undo it in a bar above the list."""
        project_id = self.selected_project_id()
        if not project_id:
            return False
        summary = self._summaries.get(project_id)
        name = self._name(project_id)
        text = _("Das Projekt „{name}“ wirklich löschen?").format(name=name)
        if summary and summary.draft_count:
            text += " " + ngettext(
                "Auch seine gespeicherte Entwurfsversion wird gelöscht.",
                "Auch seine {n} gespeicherten Entwurfsversionen werden gelöscht.",
                summary.draft_count,
            ).format(n=summary.draft_count)
        text += "\n\n" + _("Sie können das Löschen gleich danach rückgängig machen.")
        answer = QMessageBox.question(
            self,
            _("Projekt löschen"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            project = self.store.load_project(project_id)
            drafts = self.store.get_drafts(project_id)
            self.store.delete_project(project_id)
        except KooperationError as exc:
            show_error(self, str(exc))
            self.refresh()
            return False
        row = self.table.currentIndex().row()
        self._deleted = (project, drafts)
        self.undo_label.setText(_("Projekt „{name}“ gelöscht.").format(name=project.name))
        self.undo_bar.show()
        self.refresh()
        if self.model.rowCount():  # keep the keyboard where it was: select the next project
            self.table.selectRow(min(max(row, 0), self.model.rowCount() - 1))
        self.sig_message.emit(_("Projekt „{name}“ gelöscht.").format(name=project.name))
        return True

    def undo_delete(self) -> str | None:
        """Restore the last deleted project with its draft versions; returns its id."""
        if self._deleted is None:
            return None
        project, drafts = self._deleted
        restored = self._call(self.store.import_project, project, drafts, "new")
        if restored is None:
            return None
        self._deleted = None
        self.undo_bar.hide()
        self.refresh(select_id=restored.id)
        self.table.setFocus()
        self.sig_message.emit(_("Projekt „{name}“ wiederhergestellt.").format(name=restored.name))
        return restored.id

    def dismiss_undo(self) -> None:
        self._deleted = None
        self.undo_bar.hide()
        self.refresh_recent()
