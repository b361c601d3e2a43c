"""The partners of a project as a list of profile cards: a model over `Partner` objects and a
delegate that draws each one as a small card.

The model only holds the partners the session handed it (copies of ``session.project``); the
partners page refills it, or updates one row, after every change the session announces.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from kooperation.domain.labels import sector_label, standing_label
from kooperation.domain.model import Partner, PartnerRole
from kooperation.i18n import _

ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The partner id of a row (str)."""
PARTNER_ROLE = Qt.ItemDataRole.UserRole + 2
"""The `Partner` of a row."""

_Index = QModelIndex | QPersistentModelIndex

LEAD_STAR = "★"
LEAD_COLOR = QColor("#d49b00")
"""Gold that reads on light and dark card backgrounds."""


def card_subtitle(partner: Partner) -> str:
    """Second line of a card: the short name used in the contract and the legal form."""
    parts = [p for p in (partner.short_name.strip(), partner.legal_form.strip()) if p]
    return " · ".join(parts) or _("Kurzbezeichnung und Rechtsform fehlen noch")


def card_details(partner: Partner) -> str:
    """Third line of a card: sector and standing (lead partner or tier)."""
    return f"{sector_label(partner.sector)} · {standing_label(partner)}"


class PartnerListModel(QAbstractListModel):
    """One row per partner, in contract order (the order of ``project.partners``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Partner] = []

    # --- filling ------------------------------------------------------------------------------

    def set_partners(self, partners: list[Partner]) -> None:
        self.beginResetModel()
        self._rows = list(partners)
        self.endResetModel()

    def update_partner(self, partner: Partner) -> None:
        """Replace one partner in place (a field was edited): the selection stays untouched."""
        row = self.row_of(partner.id)
        if row < 0:
            return
        self._rows[row] = partner
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def partner(self, row: int) -> Partner | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, partner_id: str | None) -> int:
        """The row of ``partner_id``, or -1."""
        return next((i for i, p in enumerate(self._rows) if p.id == partner_id), -1)

    # --- Qt model API -------------------------------------------------------------------------

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
        if role == PARTNER_ROLE:
            return p
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [p.name, card_subtitle(p), card_details(p)]
            if p.address:
                lines.append(p.address)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{index.row() + 1}. {p.name}, {card_details(p)}"
        return None


class PartnerCardDelegate(QStyledItemDelegate):
    """Draws a partner as a card: position number, name in bold (a star for the lead partner),
    short name and legal form, sector and role. Sizes follow the font, so 200 % scaling works."""

    PAD = 8
    GAP = 2

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        small = QFont(option.font)
        if small.pointSizeF() > 0:
            small.setPointSizeF(small.pointSizeF() * 0.92)
        return bold, small

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        bold, small = self._fonts(option)
        height = QFontMetrics(bold).lineSpacing() + 2 * QFontMetrics(small).lineSpacing()
        return QSize(120, height + 2 * self.PAD + 2 * self.GAP + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        partner = index.data(PARTNER_ROLE)
        if not isinstance(partner, Partner):
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        card = option.rect.adjusted(4, 3, -4, -3)
        if selected:
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1.5))
            painter.setBrush(pal.color(QPalette.ColorRole.Highlight))
        else:
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
            painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(card, 6, 6)

        text_color = pal.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_color)
        muted.setAlphaF(0.72)
        bold, small = self._fonts(option)
        fm_bold, fm_small = QFontMetrics(bold), QFontMetrics(small)

        inner = card.adjusted(self.PAD, self.PAD - 2, -self.PAD, -self.PAD + 2)
        number = f"{index.row() + 1}"
        number_width = fm_bold.horizontalAdvance("99") + self.PAD
        painter.setFont(bold)
        painter.setPen(muted)
        painter.drawText(
            QRect(inner.left(), inner.top(), number_width, fm_bold.lineSpacing()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            number,
        )
        left = inner.left() + number_width
        width = inner.right() - left
        y = inner.top()

        name_left = left
        if partner.role is PartnerRole.LEAD:
            painter.setPen(LEAD_COLOR if not selected else text_color)
            star_width = fm_bold.horizontalAdvance(LEAD_STAR + " ")
            painter.drawText(
                QRect(left, y, star_width, fm_bold.lineSpacing()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                LEAD_STAR,
            )
            name_left += star_width
        painter.setPen(text_color)
        name = partner.name.strip() or _("(ohne Namen)")
        name_width = inner.right() - name_left
        painter.drawText(
            QRect(name_left, y, name_width, fm_bold.lineSpacing()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            fm_bold.elidedText(name, Qt.TextElideMode.ElideRight, name_width),
        )
        y += fm_bold.lineSpacing() + self.GAP

        painter.setFont(small)
        for line, color in ((card_subtitle(partner), text_color), (card_details(partner), muted)):
            painter.setPen(color)
            painter.drawText(
                QRect(left, y, width, fm_small.lineSpacing()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                fm_small.elidedText(line, Qt.TextElideMode.ElideRight, width),
            )
            y += fm_small.lineSpacing() + self.GAP
        painter.restore()

