"""Table models and editing delegates of the goals and roadmap page.

The models show rows taken from ``session.project`` and write every edit through the
`ProjectSession`, which stores it at once; they never change the project themselves. ``EditRole``
carries the raw value (enum, partner id, date, list of ids), ``DisplayRole`` the German text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from kooperation.domain.labels import (
    format_day,
    horizon_label,
    milestone_status_label,
    priority_label,
)
from kooperation.domain.model import Goal, Horizon, Milestone, MilestoneStatus, Priority
from kooperation.i18n import _
from kooperation.ui.date_edit import DateDelegate
from kooperation.ui.session import ProjectSession

ID_ROLE = Qt.UserRole + 1
"""The id of the goal or milestone of a row (every column)."""

SORT_ROLE = Qt.UserRole + 2
"""A key that sorts a column meaningfully (horizon before priority, dates in order)."""

_ORDER = {
    **{h: i for i, h in enumerate((Horizon.SHORT, Horizon.MEDIUM, Horizon.LONG))},
    **{p: i for i, p in enumerate((Priority.HIGH, Priority.MEDIUM, Priority.LOW))},
}

Choices = Callable[[], Sequence[tuple[str, Any]]]
"""Returns (label, value) pairs, asked each time an editor opens so it follows the partners."""


class _RowsModel(QAbstractTableModel):
    """Rows of one kind of entity from the session, refreshed without disturbing open editors."""

    headers: tuple[str, ...] = ()

    sig_submitted = Signal()
    """Emitted when an entry is about to be stored (so a refusal can be shown beside the table)."""

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[Any] = list(self._fetch())

    def _fetch(self) -> Sequence[Any]:
        raise NotImplementedError

    # --- structure ---------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(self.headers):
            return self.headers[section]
        if orientation == Qt.Vertical and role == Qt.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.NoItemFlags
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsEditable

    def row_of(self, entity_id: str) -> int:
        """The row showing ``entity_id``, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == entity_id), -1)

    def entity(self, row: int) -> Any:
        return self._rows[row]

    def refresh(self) -> None:
        """Take the rows from the session again. Rows added or removed one at a time are inserted
        or removed (editors and selection elsewhere stay); otherwise only the data is renewed."""
        new = list(self._fetch())
        old_ids = [r.id for r in self._rows]
        new_ids = [r.id for r in new]
        if old_ids == new_ids:
            self._rows = new
        elif len(new_ids) == len(old_ids) + 1 and (at := _one_removed(new_ids, old_ids)) is not None:
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows = new
            self.endInsertRows()
        elif len(new_ids) + 1 == len(old_ids) and (at := _one_removed(old_ids, new_ids)) is not None:
            self.beginRemoveRows(QModelIndex(), at, at)
            self._rows = new
            self.endRemoveRows()
        else:
            self.beginResetModel()
            self._rows = new
            self.endResetModel()
            return
        if self._rows:
            # a range (not a single cell) so that an open editor keeps what is being typed
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.headers) - 1))

    def column_texts(self, column: int) -> set[str]:
        """The different texts shown in ``column`` ("" for an empty cell): what the page
        measures to size its columns."""
        return {str(self.data(self.index(row, column)) or "") for row in range(len(self._rows))}

    def _partner_names(self, ids: Sequence[str]) -> str:
        project = self.session.project
        return ", ".join(p.display_name for p in (project.partner(i) for i in ids) if p is not None)

    def _placeholder(self, role: int) -> Any:
        if role == Qt.ForegroundRole:
            return QPalette().brush(QPalette.Disabled, QPalette.Text)
        return None


def _one_removed(longer: list[str], shorter: list[str]) -> int | None:
    """The position at which ``longer`` has one element more than ``shorter``, if that is all."""
    for i, entity_id in enumerate(shorter):
        if longer[i] != entity_id:
            return i if longer[i + 1 :] == shorter[i:] else None
    return len(shorter)


class GoalTableModel(_RowsModel):
    """The goals: text, horizon, priority, owner, indicator."""

    TEXT, HORIZON, PRIORITY, OWNER, INDICATOR = range(5)
    FIELDS = ("text", "horizon", "priority", "owner_id", "indicator")

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        self.headers = (_("Ziel"), _("Horizont"), _("Priorität"), _("Verantwortlich"), _("Indikator"))
        super().__init__(session, parent)

    def _fetch(self) -> Sequence[Goal]:
        return self.session.project.goals

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        goal: Goal = self._rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return goal.id
        if role == Qt.EditRole:
            return getattr(goal, self.FIELDS[col])
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            if col == self.TEXT:
                return goal.text or (_("(neues Ziel – bitte beschreiben)") if role == Qt.DisplayRole else None)
            if col == self.HORIZON:
                return horizon_label(goal.horizon)
            if col == self.PRIORITY:
                return priority_label(goal.priority)
            if col == self.OWNER:
                owner = self.session.project.partner(goal.owner_id)
                return owner.display_name if owner else _("— niemand —")
            return goal.indicator or None
        if role == SORT_ROLE:
            horizon, priority = _ORDER[goal.horizon], _ORDER[goal.priority]
            if col == self.HORIZON:
                return horizon * 10 + priority
            if col == self.PRIORITY:
                return priority * 10 + horizon
            return str(self.data(index, Qt.DisplayRole) or "").casefold()
        if col == self.TEXT and not goal.text or col == self.OWNER and goal.owner_id is None:
            return self._placeholder(role)
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.EditRole:
            return False
        goal: Goal = self._rows[index.row()]
        col = index.column()
        if col in (self.TEXT, self.INDICATOR):
            value = str(value or "").strip()
        elif col == self.HORIZON:
            value = Horizon(value)
        elif col == self.PRIORITY:
            value = Priority(value)
        elif col == self.OWNER:
            value = value or None
        self.sig_submitted.emit()
        self.session.end_merge()
        return self.session.update_goal(goal.id, self.FIELDS[col], value)


def _day_text(day) -> str:
    """A milestone's date as its column shows it."""
    return format_day(day) if day else _("kein Datum")


class MilestoneTableModel(_RowsModel):
    """The milestones: title, start, end, responsible partners, dependencies, status."""

    TITLE, START, END, RESPONSIBLE, DEPENDS, STATUS = range(6)
    FIELDS = ("title", "start", "end", "responsible_ids", "depends_on_ids", "status")

    sig_rejected = Signal(str)
    """Emitted with a message in plain words when an entry is refused before reaching the store."""

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        self.headers = (_("Meilenstein"), _("Beginn"), _("Ende"), _("Verantwortlich"), _("Voraussetzungen"), _("Status"))
        super().__init__(session, parent)

    def _fetch(self) -> Sequence[Milestone]:
        return self.session.project.milestones

    def column_texts(self, column: int) -> set[str]:
        """As `_RowsModel.column_texts`; the dates formatted once per different day and the
        milestones numbered once (for 120 milestones, 240 dates and 120 numberings fewer)."""
        if column in (self.START, self.END):
            days = {ms.start if column == self.START else ms.end for ms in self._rows}
            return {_day_text(day) for day in days}
        if column == self.DEPENDS:
            numbers = self._numbers()
            return {self._titles(ms.depends_on_ids, numbers) for ms in self._rows}
        return super().column_texts(column)

    def _numbers(self) -> dict[str, int]:
        """Each milestone's number (its row and its annex), by id."""
        return {m.id: n for n, m in enumerate(self.session.project.milestones, start=1)}

    def _titles(self, ids: Sequence[str], numbers: dict[str, int] | None = None) -> str:
        """Prerequisites as "3: Lernfabrik-Konzept" (the number of the row and of the annex)."""
        numbers = self._numbers() if numbers is None else numbers
        return ", ".join(
            f"{numbers[m.id]}: {m.title or _('(ohne Titel)')}"
            for m in (self.session.project.milestone(i) for i in ids)
            if m is not None
        )

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        ms: Milestone = self._rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return ms.id
        if role == Qt.EditRole:
            value = getattr(ms, self.FIELDS[col])
            return list(value) if isinstance(value, list) else value
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            if col == self.TITLE:
                if role == Qt.ToolTipRole:
                    return ms.description or None
                return ms.title or _("(neuer Meilenstein – bitte benennen)")
            if col in (self.START, self.END):
                day = ms.start if col == self.START else ms.end
                return _day_text(day) if day or role == Qt.DisplayRole else None
            if col == self.RESPONSIBLE:
                return self._partner_names(ms.responsible_ids) or None
            if col == self.DEPENDS:
                return self._titles(ms.depends_on_ids) or None
            return milestone_status_label(ms.status)
        if role == SORT_ROLE:
            if col in (self.START, self.END):
                day = ms.start if col == self.START else ms.end
                return day.toordinal() if day else 10**7
            return str(self.data(index, Qt.DisplayRole) or "").casefold()
        empty = (
            col == self.TITLE and not ms.title
            or col == self.START and ms.start is None
            or col == self.END and ms.end is None
        )
        return self._placeholder(role) if empty else None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.EditRole:
            return False
        self.sig_submitted.emit()
        ms: Milestone = self._rows[index.row()]
        col = index.column()
        if col == self.TITLE:
            value = str(value or "").strip()
        elif col in (self.START, self.END):
            value = value or None
            start = value if col == self.START else ms.start
            end = value if col == self.END else ms.end
            if start and end and end < start:
                self.sig_rejected.emit(
                    _("Das Ende ({end}) liegt vor dem Beginn ({start}).").format(end=format_day(end), start=format_day(start))
                    + " "
                    + _("Die Eingabe wurde nicht gespeichert.")
                )
                return False
        elif col in (self.RESPONSIBLE, self.DEPENDS):
            value = list(value or [])
        elif col == self.STATUS:
            value = MilestoneStatus(value)
        self.session.end_merge()
        return self.session.update_milestone(ms.id, self.FIELDS[col], value)

    def timeline_items(self) -> list[dict[str, Any]]:
        """The milestones as the timeline draws them."""
        project = self.session.project
        return [
            {
                "id": m.id,
                "title": m.title,
                "start": m.start,
                "end": m.end,
                "status": str(m.status),
                "depends_on": list(m.depends_on_ids),
                "responsible": [p.display_name for p in (project.partner(i) for i in m.responsible_ids) if p],
            }
            for m in project.milestones
        ]


class SortProxy(QSortFilterProxyModel):
    """Sorts by `SORT_ROLE`; unsorted (column -1) it keeps the order of entry."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)


# --- delegates ------------------------------------------------------------------------------


def _fill_once(editor: QWidget) -> bool:
    """True the first time an editor is filled. The tables are refreshed after every change
    (also changes elsewhere); an open editor keeps what the user has typed or ticked so far."""
    if editor.property("kooperation_filled"):
        return False
    editor.setProperty("kooperation_filled", True)
    return True


class TextDelegate(QStyledItemDelegate):
    """The default line edit, filled once (see `_fill_once`)."""

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        if _fill_once(editor):
            super().setEditorData(editor, index)


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of (label, value) pairs; a choice is stored as soon as it is made."""

    def __init__(self, choices: Choices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        for label, value in self._choices():
            combo.addItem(label, "" if value is None else str(value))
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        if not _fill_once(editor):
            return
        value = index.data(Qt.EditRole)
        pos = editor.findData("" if value is None else str(value))
        editor.setCurrentIndex(max(pos, 0))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802
        model.setData(index, editor.currentData(), Qt.EditRole)


class MilestoneDateDelegate(DateDelegate):
    """Beginning or end of a milestone; the calendar of an empty date opens at the other end."""

    def suggestion(self, index: QModelIndex) -> date | None:
        other = MilestoneTableModel.END if index.column() == MilestoneTableModel.START else MilestoneTableModel.START
        return index.siblingAtColumn(other).data(Qt.EditRole) or None


class CheckList(QListWidget):
    """A list of checkable entries; a click anywhere on an entry or Space toggles it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.StyledPanel)
        self.setAutoFillBackground(True)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.itemClicked.connect(self._toggle)

    def add(self, label: str, value: str, checked: bool) -> None:
        item = QListWidgetItem(label, self)
        item.setData(Qt.UserRole, value)
        item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
        item.setCheckState(Qt.Checked if checked else Qt.Unchecked)
        item.setSizeHint(QSize(self.fontMetrics().horizontalAdvance(label) + 40, self.fontMetrics().height() + 8))

    def _toggle(self, item: QListWidgetItem) -> None:
        item.setCheckState(Qt.Unchecked if item.checkState() == Qt.Checked else Qt.Checked)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key_Space and self.currentItem() is not None:
            self._toggle(self.currentItem())
            return
        super().keyPressEvent(event)

    def set_checked(self, values: Sequence[str]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in values else Qt.Unchecked)

    def checked(self) -> list[str]:
        return [
            self.item(i).data(Qt.UserRole) for i in range(self.count()) if self.item(i).checkState() == Qt.Checked
        ]


class MultiChoiceDelegate(QStyledItemDelegate):
    """Several of (label, id) pairs, ticked in a list that opens over the cell; stored with Enter
    or when the list loses the focus, Esc discards."""

    def __init__(self, choices: Callable[[QModelIndex], Sequence[tuple[str, str]]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:  # noqa: N802
        editor = CheckList(parent)
        current = index.data(Qt.EditRole) or []
        for label, value in self._choices(index):
            editor.add(label, value, value in current)
        if editor.count():
            editor.setCurrentRow(0)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        if _fill_once(editor):
            editor.set_checked(index.data(Qt.EditRole) or [])

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802
        chosen = editor.checked()
        # keep the stored order for entries still ticked, append new ones in list order
        current = [v for v in (index.data(Qt.EditRole) or []) if v in chosen]
        model.setData(index, current + [v for v in chosen if v not in current], Qt.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802
        view = editor.parentWidget()
        rows = max(editor.count(), 1)
        height = rows * (editor.fontMetrics().height() + 8) + 2 * editor.frameWidth() + 2
        width = max(option.rect.width(), editor.sizeHintForColumn(0) + 40, 200)
        area = view.rect() if view is not None else option.rect
        height = min(height, max(area.height(), option.rect.height()))
        x = min(option.rect.left(), max(area.right() - width, 0))
        y = option.rect.top()
        if y + height > area.bottom():
            y = max(area.bottom() - height, 0)
        editor.setGeometry(x, y, width, height)
