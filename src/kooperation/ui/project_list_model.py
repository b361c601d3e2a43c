"""The projects of the store as a table: a model over `ProjectSummary` rows and a search filter.

The model holds only the summaries the store returned (as Anki's browser table does); it never
reaches into the store itself. The start page refills it after every change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)

from kooperation.i18n import _, current_language, ngettext, pgettext
from kooperation.store.quick import ProjectSummary

COL_NAME, COL_PARTNERS, COL_CHANGED, COL_DRAFTS, COL_OPEN = range(5)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The project id of a row (str)."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
"""A value that sorts naturally: folded text, a timestamp or a number."""

_Index = QModelIndex | QPersistentModelIndex

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _ALIGNMENT, _ACCESSIBLE, SORT_ROLE, ID_ROLE})
"""The roles `ProjectListModel.data` answers. A view asks each cell it paints for seven roles
(font, colours, check state and icon too); the others return at once."""

_BABEL_LOCALES = {"de": "de_DE", "en": "en_GB"}


def headers() -> list[str]:
    return [_("Name"), pgettext("Mehrzahl", "Partner"), _("Zuletzt geändert"), _("Entwürfe"), _("Offene Punkte")]


def format_changed(value: datetime | None, now: datetime | None = None) -> str:
    """A change time for people: "heute, 14:05", "gestern, 09:30" or "03.02.2025, 17:45"."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    local = value.astimezone()
    today = (now.astimezone() if now is not None else datetime.now().astimezone()).date()
    locale = _BABEL_LOCALES.get(current_language(), "de_DE")
    time_text = _short_time(local, locale)
    day: date = local.date()
    if day == today:
        return _("heute, {time}").format(time=time_text)
    if day == today - timedelta(days=1):
        return _("gestern, {time}").format(time=time_text)
    return f"{_medium_date(day, locale)}, {time_text}"


# German times and dates are written with Babel's (CLDR's) de_DE patterns spelt out - short time
# "HH:mm", medium date "dd.MM.y" - because loading Babel and its locale data costs the start
# page 30 ms before its first paint. The test "german_change_times_match_babel" in
# tests/test_ui_start_page.py compares them with Babel; other languages ask Babel.
def _short_time(local: datetime, locale: str) -> str:
    if locale == "de_DE":
        return f"{local.hour:02d}:{local.minute:02d}"
    from babel.dates import format_time

    return format_time(local, "short", locale=locale)


def _medium_date(day: date, locale: str) -> str:
    if locale == "de_DE":
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    from babel.dates import format_date

    return format_date(day, "medium", locale=locale)


class ProjectListModel(QAbstractTableModel):
    """One row per project the search matches; columns Name, Partner, Zuletzt geändert,
    Entwürfe, Offene Punkte. The model sorts and searches itself, so the view shows it directly:
    a `QSortFilterProxyModel` in between asked Python for every row's filter at each refill and
    for two counts at every cell it mapped, a fifth of the time to paint a screenful of rows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[ProjectSummary] = []  # every project, sorted by `_sort`
        self._rows: list[ProjectSummary] = []  # those the search matches, in the same order
        self._words: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._headers = headers()

    # --- filling ------------------------------------------------------------------------------

    def set_projects(self, projects: list[ProjectSummary]) -> None:
        self.beginResetModel()
        self._all = [projects[i] for i in self._order(projects)]
        self._rows = self._matching(self._all)
        self.endResetModel()

    # --- sorting and searching ----------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by the `SORT_ROLE` values of ``column`` (-1: the store's order), equal
        values in the order shown before, as Qt's stable sort did (sorted by name, then by
        drafts: equal numbers of drafts stay in name order). One key per row: a filter model
        sorting them called Python twice per comparison, with 1,000 projects 12,000 calls and a
        fifth of the start page's start-up. Selections and other persistent indexes move with
        their rows."""
        self._sort = (column, order)
        if not self._all:
            return
        self._all = [self._all[i] for i in self._order(self._all)]
        self._show(self._matching(self._all))

    def _order(self, rows: list[ProjectSummary]) -> list[int]:
        """The positions of ``rows`` in the order of ``_sort`` (stable)."""
        column, order = self._sort
        if not 0 <= column < len(self._headers):
            return list(range(len(rows)))
        keys = [self._sort_key(p, column) for p in rows]
        return sorted(range(len(rows)), key=keys.__getitem__,
                      reverse=order == Qt.SortOrder.DescendingOrder)

    def set_search(self, text: str) -> None:
        """Show only the projects whose name or partner names contain every word of ``text``
        (case-folded); an empty text shows all. A selected project stays selected while it
        matches."""
        words = text.casefold().split()
        if words == self._words:
            return
        self._words = words
        self._show(self._matching(self._all))

    def _matching(self, rows: list[ProjectSummary]) -> list[ProjectSummary]:
        if not self._words:
            return list(rows)
        return [p for p in rows if self._matches(search_text(p))]

    def _matches(self, haystack: str) -> bool:
        return all(word in haystack for word in self._words)

    def _show(self, rows: list[ProjectSummary]) -> None:
        """Show ``rows`` instead of the rows shown now. Persistent indexes (the selection, the
        current row) move with their projects; those of projects no longer shown become
        invalid. Like `QSortFilterProxyModel.invalidate`, one layout change, also when the
        number of rows changes."""
        self.layoutAboutToBeChanged.emit()
        shown = self._rows
        self._rows = rows
        new_row = {id(p): row for row, p in enumerate(rows)}
        moved = self.persistentIndexList()
        targets = []
        for index in moved:
            row = new_row.get(id(shown[index.row()]), -1)
            targets.append(self.index(row, index.column()) if row >= 0 else QModelIndex())
        self.changePersistentIndexList(moved, targets)
        self.layoutChanged.emit()

    def all_count(self) -> int:
        """How many projects there are, shown or not."""
        return len(self._all)

    def summary(self, row: int) -> ProjectSummary:
        return self._rows[row]

    def row_of(self, project_id: str) -> int:
        """The row of ``project_id``, or -1 (also when the search hides it)."""
        return next((i for i, p in enumerate(self._rows) if p.id == project_id), -1)

    # --- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (COL_DRAFTS, COL_OPEN):
            return _RIGHT
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role not in _ROLES:
            return None
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        return self._value(self._rows[row], index.column(), role)

    def _value(self, p: ProjectSummary, col: int, role: int) -> Any:
        """What ``role`` holds for column ``col`` of ``p`` (one of `_ROLES`)."""
        if role == _DISPLAY:
            return self._display(p, col)
        if role == _ALIGNMENT:
            return _RIGHT if col in (COL_DRAFTS, COL_OPEN) else None
        if role == _TOOLTIP:
            return self._tooltip(p, col)
        if role == SORT_ROLE:
            return self._sort_key(p, col)
        if role == ID_ROLE:
            return p.id
        return self._tooltip(p, col) or self._display(p, col)  # _ACCESSIBLE

    def _display(self, p: ProjectSummary, col: int) -> str:
        if col == COL_NAME:
            return p.name
        if col == COL_PARTNERS:
            return ", ".join(p.partner_names) if p.partner_names else _("noch keine")
        if col == COL_CHANGED:
            return format_changed(p.updated_at)
        if col == COL_DRAFTS:
            return str(p.draft_count)
        if col == COL_OPEN:
            return str(p.open_topics)
        return ""

    def _tooltip(self, p: ProjectSummary, col: int) -> str | None:
        if col == COL_PARTNERS and p.partner_names:
            return "\n".join(p.partner_names)
        if col == COL_DRAFTS:
            return ngettext(
                "{n} gespeicherte Entwurfsversion",
                "{n} gespeicherte Entwurfsversionen",
                p.draft_count,
            ).format(n=p.draft_count)
        if col == COL_OPEN:
            return ngettext(
                "{n} Regelthema noch offen oder zu besprechen",
                "{n} Regelthemen noch offen oder zu besprechen",
                p.open_topics,
            ).format(n=p.open_topics)
        if col == COL_NAME:
            return p.name
        return None

    @staticmethod
    def _sort_key(p: ProjectSummary, col: int) -> Any:
        if col == COL_NAME:
            return p.name.casefold()
        if col == COL_PARTNERS:
            return ", ".join(p.partner_names).casefold()
        if col == COL_CHANGED:
            return p.updated_at.timestamp() if p.updated_at else 0.0
        if col == COL_DRAFTS:
            return p.draft_count
        if col == COL_OPEN:
            return p.open_topics
        return None


def search_text(p: ProjectSummary) -> str:
    """What the search field looks in: the name and the partner names, case-folded."""
    return " ".join([p.name, *p.partner_names]).casefold()


class RecentProjectsModel(QAbstractListModel):
    """The projects under "Zuletzt geöffnet", newest first; the tooltip gives partners and the
    last change. ``row_height`` (set by the view's owner) makes the rows easy to click."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ProjectSummary] = []
        self.row_height = 0

    def set_projects(self, projects: list[ProjectSummary]) -> None:
        self.beginResetModel()
        self._rows = list(projects)
        self.endResetModel()

    def ids(self) -> list[str]:
        return [p.id for p in self._rows]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        p = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return p.name
        if role == ID_ROLE:
            return p.id
        if role == Qt.ItemDataRole.SizeHintRole and self.row_height:
            return QSize(0, self.row_height)
        if role == Qt.ItemDataRole.ToolTipRole:
            details = [p.name]
            if p.partner_names:
                details.append(", ".join(p.partner_names))
            if p.updated_at:
                details.append(
                    _("Zuletzt geändert: {when}").format(when=format_changed(p.updated_at))
                )
            return "\n".join(details)
        return None
