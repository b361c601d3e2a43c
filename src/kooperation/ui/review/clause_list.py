"""The clauses of the reviewed version, as numbered in the document, with their open comments.

One row per clause: the heading ("§ 7 Austritt"), the number of open comments and a mark when
one of them must be checked again because the clause changed since it was written. The other
parts of the document (title page, parties, preamble, signatures, annexes) have rows too, in
their place, named by their label ("Präambel", "Anlage 2 – Ziele") and shown in italics.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from kooperation.i18n import _, ngettext
from kooperation.review.model import ClauseText

from .state import ReviewState

COL_HEADING, COL_OPEN, COL_RECHECK = range(3)
CLAUSE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The clause id of a row (str)."""

RECHECK_MARK = "⚠"

_Index = QModelIndex | QPersistentModelIndex


class ClauseListModel(QAbstractTableModel):
    """The clauses of a `ReviewState`; refreshed when its comments change."""

    def __init__(self, state: ReviewState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._rows: list[ClauseText] = list(state.rows)
        self._counts: dict[str, tuple[int, bool]] = {}
        self._count()
        state.sig_changed.connect(self.refresh)

    def _count(self) -> None:
        self._counts = {
            c.id: (self.state.open_count(c.id), self.state.needs_recheck(c.id)) for c in self._rows
        }

    def refresh(self) -> None:
        """Recount the open comments (the rows stay: a version's clauses never change)."""
        self._count()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, COL_RECHECK))

    def clause(self, row: int) -> ClauseText:
        return self._rows[row]

    def row_of(self, clause_id: str) -> int:
        return next((i for i, c in enumerate(self._rows) if c.id == clause_id), -1)

    # --- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else 3

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {COL_HEADING: _("Klausel"), COL_OPEN: _("Offen"), COL_RECHECK: ""}.get(section)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        clause = self._rows[index.row()]
        open_count, recheck = self._counts.get(clause.id, (0, False))
        col = index.column()
        if role == CLAUSE_ID_ROLE:
            return clause.id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_HEADING:
                return clause.heading
            if col == COL_OPEN:
                return str(open_count) if open_count else ""
            return RECHECK_MARK if recheck else ""
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._describe(clause, open_count, recheck)
        if role == Qt.ItemDataRole.FontRole and col == COL_HEADING and (open_count or clause.is_part):
            font = QFont()
            font.setBold(bool(open_count))
            font.setItalic(clause.is_part)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col != COL_HEADING:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _describe(clause: ClauseText, open_count: int, recheck: bool) -> str:
        parts = [clause.heading]
        if open_count:
            parts.append(
                ngettext("{n} offener Kommentar", "{n} offene Kommentare", open_count).format(
                    n=open_count
                )
            )
        else:
            parts.append(_("keine offenen Kommentare"))
        if recheck:
            parts.append(_("Klausel hat sich geändert: Kommentar muss neu geprüft werden"))
        return " – ".join(parts)


class ClauseListView(QTableView):
    """The clause list as a compact table without grid: heading, open count, mark."""

    def __init__(self, model: ClauseListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setAccessibleName(_("Klauseln"))
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_HEADING, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_OPEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_RECHECK, QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def current_clause_id(self) -> str | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return rows[0].data(CLAUSE_ID_ROLE) if rows else None

    def select_clause(self, clause_id: str) -> bool:
        row = self.model().row_of(clause_id)  # type: ignore[attr-defined]
        if row < 0:
            return False
        if self.current_clause_id() != clause_id:
            self.selectRow(row)
        self.scrollTo(self.model().index(row, 0))
        return True
