"""A table that Tab walks cell by cell, as in a spreadsheet, and leaves after its last cell.

Qt's own Tab navigation in a table wraps from the last cell to the first, so the keyboard never
gets out; without it, Tab leaves the table at once and its cells are reached only with the arrow
keys. `CellTabTableView` walks the cells - also out of an open editor (a combo box, a date, a
list), which Qt closes and opens again in the next cell - and hands the focus on to the next
widget after the last cell (Shift+Tab: to the previous one before the first cell).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget


class CellTabTableView(QTableView):
    """See the module docstring."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabKeyNavigation(True)

    def _position(self, index: QModelIndex) -> tuple[int, int]:
        return index.row(), self.horizontalHeader().visualIndex(index.column())

    def at_edge(self, forward: bool) -> bool:
        """Whether Tab (``forward``) or Shift+Tab would wrap around: the current cell is the last
        (or first) one."""
        current = self.currentIndex()
        if not current.isValid():
            return False
        cursor = QAbstractItemView.CursorAction.MoveNext if forward else QAbstractItemView.CursorAction.MovePrevious
        following = self.moveCursor(cursor, Qt.KeyboardModifier.NoModifier)
        if not following.isValid() or following == current:
            return True
        if forward:
            return self._position(following) <= self._position(current)
        return self._position(following) >= self._position(current)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt API
        if self.tabKeyNavigation() and self.at_edge(next):
            return QWidget.focusNextPrevChild(self, next)  # out of the table
        return super().focusNextPrevChild(next)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802 - Qt API
        forward = hint == QAbstractItemDelegate.EndEditHint.EditNextItem
        backward = hint == QAbstractItemDelegate.EndEditHint.EditPreviousItem
        if (forward or backward) and self.at_edge(forward):
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
            QWidget.focusNextPrevChild(self, forward)
            return
        super().closeEditor(editor, hint)
