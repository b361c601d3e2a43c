"""The stored draft versions of a project as a table, newest first ("Vertrag v3", "Skizze v2":
each kind counts its versions on its own).

The model holds only the `DraftVersionInfo` rows the store returned (no file contents); the
drafts page refills it whenever the session says drafts changed.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from babel.dates import format_date, format_time
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from kooperation.domain.serialize import DraftVersionInfo
from kooperation.domain.versions import kind_title, version_label
from kooperation.i18n import _, current_language
from kooperation.ui.project_list_model import format_changed

COL_NUMBER, COL_KIND, COL_CREATED, COL_FORMATS, COL_HASH, COL_NOTE = range(6)

NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1
"""The version number of a row (int; each kind counts on its own)."""

_Index = QModelIndex | QPersistentModelIndex
_BABEL_LOCALES = {"de": "de_DE", "en": "en_GB"}


def kind_label(kind: str) -> str:
    """The name of a document kind for people."""
    return kind_title(kind)


def format_size(size: int) -> str:
    """A file size for people: "37 KB", "1,2 MB"."""
    if size < 1024 * 1024:
        return _("{n} KB").format(n=max(1, round(size / 1024)))
    return _("{n} MB").format(n=f"{size / (1024 * 1024):.1f}".replace(".", ","))


def headers() -> list[str]:
    return [_("Version"), _("Art"), _("Erstellt"), _("Formate"), _("Prüfsumme"), _("Notiz")]


class DraftListModel(QAbstractTableModel):
    """One row per stored version; see `headers` for the columns."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DraftVersionInfo] = []
        self._headers = headers()

    def set_drafts(self, drafts: list[DraftVersionInfo]) -> None:
        """Show ``drafts`` (as the store lists them, oldest first; the newest comes first)."""
        self.beginResetModel()
        self._rows = sorted(reversed(drafts), key=lambda d: d.created_at, reverse=True)
        self.endResetModel()

    def info(self, row: int) -> DraftVersionInfo:
        return self._rows[row]

    def row_of(self, number: int, kind: str = "vertrag") -> int:
        """The row of version ``number`` of ``kind``, or -1."""
        return next(
            (i for i, d in enumerate(self._rows) if d.number == number and d.kind == kind), -1
        )

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
        if role == Qt.ItemDataRole.ToolTipRole and section == COL_HASH:
            return _(
                "Gleiche Prüfsumme heißt: gleicher Inhalt. So sehen Sie, ob sich zwischen zwei Versionen etwas geändert hat."
            )
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        d = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(d, col)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._tooltip(d, col) or self._display(d, col)
        if role == NUMBER_ROLE:
            return d.number
        return None

    @staticmethod
    def _display(d: DraftVersionInfo, col: int) -> str:
        if col == COL_NUMBER:
            return version_label(d.kind, d.number)
        if col == COL_KIND:
            return kind_label(d.kind)
        if col == COL_CREATED:
            return format_changed(d.created_at)
        if col == COL_FORMATS:
            return ", ".join(f.upper() for f in d.formats)
        if col == COL_HASH:
            return d.content_hash[:10]
        if col == COL_NOTE:
            return d.note
        return ""

    @staticmethod
    def _tooltip(d: DraftVersionInfo, col: int) -> str | None:
        if col == COL_CREATED and d.created_at is not None:
            when = d.created_at if d.created_at.tzinfo else d.created_at.replace(tzinfo=UTC)
            locale = _BABEL_LOCALES.get(current_language(), "de_DE")
            local = when.astimezone()
            return "{date}, {time}".format(
                date=format_date(local, "full", locale=locale),
                time=format_time(local, "short", locale=locale),
            )
        if col == COL_FORMATS:
            return "\n".join(f"{f.filename} ({format_size(f.size)})" for f in d.files)
        if col == COL_HASH:
            return d.content_hash
        if col == COL_KIND:
            return _("{kind}, Sprache: {language}").format(
                kind=kind_label(d.kind), language=d.language.upper()
            )
        return None
