"""All comments of the reviewed version in one list, with filters by status, author and clause.

Choosing a comment announces it (``sig_comment_chosen``); the window then selects its clause
and shows its thread. Replies are not rows of their own: a thread counts as written by someone
when the comment or one of its replies is theirs.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.versions import version_label
from kooperation.i18n import _, ngettext
from kooperation.review.model import Comment, CommentStatus, kind_label, role_label, status_label

from .clause_list import RECHECK_MARK
from .state import ReviewState

COL_CLAUSE, COL_STATUS, COL_AUTHOR, COL_TEXT = range(4)
COMMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The comment id of a row (str)."""

_Index = QModelIndex | QPersistentModelIndex


def short_heading(state: ReviewState, clause_id: str) -> str:
    """"§ 7" for a numbered clause, else its title."""
    clause = state.clause(clause_id)
    if clause is None:
        return "?"
    return f"§ {clause.number}" if clause.number else clause.title


def first_line(text: str, limit: int = 90) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class CommentTableModel(QAbstractTableModel):
    """The top-level comments that pass the filters."""

    def __init__(self, state: ReviewState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._rows: list[Comment] = []

    def set_comments(self, comments: list[Comment]) -> None:
        self.beginResetModel()
        self._rows = list(comments)
        self.endResetModel()

    def comment(self, row: int) -> Comment:
        return self._rows[row]

    def row_of(self, comment_id: str) -> int:
        return next((i for i, c in enumerate(self._rows) if c.id == comment_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else 4

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            COL_CLAUSE: _("Klausel"),
            COL_STATUS: _("Status"),
            COL_AUTHOR: _("Von"),
            COL_TEXT: _("Kommentar"),
        }.get(section)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        comment = self._rows[index.row()]
        col = index.column()
        if role == COMMENT_ID_ROLE:
            return comment.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(comment, col)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._tooltip(comment)
        return None

    def _display(self, comment: Comment, col: int) -> str:
        if col == COL_CLAUSE:
            return short_heading(self.state, comment.clause_id)
        if col == COL_STATUS:
            if comment.continued_in:  # an earlier version's comment: where it went
                return "→ " + version_label(self.state.version.kind, comment.continued_in)
            mark = f" {RECHECK_MARK}" if comment.needs_recheck and comment.status == "open" else ""
            return status_label(comment.status) + mark
        if col == COL_AUTHOR:
            return comment.author
        text = comment.text or comment.proposed_text
        replies = len(self.state.replies(comment.id))
        if replies:
            return _("{text} (+{n})").format(text=first_line(text), n=replies)
        return first_line(text)

    def _tooltip(self, comment: Comment) -> str:
        replies = len(self.state.replies(comment.id))
        lines = [
            _("{kind} von {author} ({role}) zu {heading}, {status}").format(
                kind=kind_label(comment.kind),
                author=comment.author,
                role=role_label(comment.role),
                heading=self.state.heading(comment.clause_id),
                status=status_label(comment.status),
            ),
            first_line(comment.text or comment.proposed_text, 300),
        ]
        if replies:
            lines.append(ngettext("{n} Antwort", "{n} Antworten", replies).format(n=replies))
        if comment.continued_in:
            lines.append(_("weitergeführt in {version}").format(
                version=version_label(self.state.version.kind, comment.continued_in)))
        return "\n".join(lines)


class CommentListPanel(QWidget):
    """Filters over a table of the version's comments."""

    sig_comment_chosen = Signal(str)
    """The user chose a comment in the list; carries its id."""

    def __init__(self, state: ReviewState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._clause_id: str | None = None
        self.model = CommentTableModel(state, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(_("Alle Kommentare dieser Version"), self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)

        filters = QFormLayout()
        filters.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.status_combo = QComboBox(self)
        self.status_combo.addItem(_("alle"), None)
        for status in CommentStatus:
            self.status_combo.addItem(status_label(status), str(status))
        self.author_combo = QComboBox(self)
        self.clause_check = QCheckBox(_("nur gewählte Klausel"), self)
        status_label_ = QLabel(_("&Status:"), self)
        status_label_.setBuddy(self.status_combo)
        author_label = QLabel(_("&Von:"), self)
        author_label.setBuddy(self.author_combo)
        filters.addRow(status_label_, self.status_combo)
        filters.addRow(author_label, self.author_combo)
        filters.addRow(self.clause_check)
        layout.addLayout(filters)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.setAccessibleName(_("Kommentare"))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col in (COL_CLAUSE, COL_STATUS, COL_AUTHOR):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel(self)
        layout.addWidget(self.count_label)

        self.status_combo.currentIndexChanged.connect(self.refresh)
        self.author_combo.currentIndexChanged.connect(self.refresh)
        self.clause_check.toggled.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.clicked.connect(self._clicked)
        state.sig_changed.connect(self.refresh)
        self.refresh()

    # --- filters ------------------------------------------------------------------------------

    def set_clause(self, clause_id: str | None) -> None:
        """The clause chosen in the window (for "nur gewählte Klausel")."""
        self._clause_id = clause_id
        if self.clause_check.isChecked():
            self.refresh()

    def set_status_filter(self, status: str | None) -> None:
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))

    def set_author_filter(self, author: str | None) -> None:
        self.author_combo.setCurrentIndex(max(0, self.author_combo.findData(author)))

    def _fill_authors(self) -> None:
        wanted = self.author_combo.currentData()
        self.author_combo.blockSignals(True)
        self.author_combo.clear()
        self.author_combo.addItem(_("alle"), None)
        for author in self.state.authors():
            self.author_combo.addItem(author, author)
        self.author_combo.setCurrentIndex(max(0, self.author_combo.findData(wanted)))
        self.author_combo.blockSignals(False)

    def _passes(self, comment: Comment) -> bool:
        status = self.status_combo.currentData()
        author = self.author_combo.currentData()
        if status and comment.status != status:
            return False
        if author and author not in {comment.author, *(r.author for r in self.state.replies(comment.id))}:
            return False
        return not (self.clause_check.isChecked() and comment.clause_id != self._clause_id)

    def refresh(self, *_args: object) -> None:
        """Refill the list from the state, keeping the chosen comment when it still shows."""
        chosen = self.current_comment_id()
        self._fill_authors()
        top = self.state.top_level()
        shown = [c for c in top if self._passes(c)]
        self.model.set_comments(shown)
        self.count_label.setText(
            ngettext(
                "{shown} von {total} Kommentar angezeigt",
                "{shown} von {total} Kommentaren angezeigt",
                len(top),
            ).format(shown=len(shown), total=len(top))
        )
        if chosen:
            self.select_comment(chosen, announce=False)

    # --- choosing -----------------------------------------------------------------------------

    def current_comment_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(COMMENT_ID_ROLE) if index.isValid() else None

    def select_comment(self, comment_id: str, announce: bool = True) -> bool:
        row = self.model.row_of(comment_id)
        if row < 0:
            return False
        self._announce = announce
        try:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
        finally:
            self._announce = True
        self.table.scrollTo(self.model.index(row, 0))
        return True

    _announce = True

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and self._announce:
            self.sig_comment_chosen.emit(current.data(COMMENT_ID_ROLE))

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_comment_chosen.emit(index.data(COMMENT_ID_ROLE))
