"""A Gantt-like drawing of the roadmap that follows every edit of the milestones.

One row per milestone: its title on the left, a bar from start to end coloured by status (a
diamond when only one date is known), thin arrows from a prerequisite's end to the dependent's
start, a month axis with the years, a line for today and a legend. Double-clicking a row selects
that milestone in the table.
"""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import get_month_names
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from kooperation.domain.labels import format_day, milestone_status_label
from kooperation.domain.model import MilestoneStatus
from kooperation.i18n import _, current_language

STATUS_COLOURS = {
    "planned": "#5b8def",
    "in_progress": "#2f6fb0",
    "done": "#3d9b5b",
    "delayed": "#e0902f",
    "cancelled": "#9a9a9a",
}


def month_names() -> list[str]:
    """Abbreviated month names in the interface language ("Jan", "Feb", "Mär" …)."""
    locale = {"de": "de_DE", "en": "en_GB"}.get(current_language(), "de_DE")
    names = get_month_names("abbreviated", locale=locale)
    return [names[m].rstrip(".")[:3] for m in range(1, 13)]
ROW = 24
AXIS = 38
LEGEND = 30
LABEL_MAX = 230


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _next_month(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1)


class TimelineWidget(QWidget):
    sig_item_activated = Signal(str)
    """Emitted with a milestone's id when its row is double-clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[dict] = []
        self.setMouseTracking(True)
        self.setMinimumHeight(AXIS + LEGEND + ROW * 2)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self.setAccessibleName(_("Zeitplan der Meilensteine"))
        self.today = date.today()

    # --- data -----------------------------------------------------------------------------
    def set_items(self, items: list[dict]) -> None:
        self._items = [dict(item) for item in items]
        self.updateGeometry()
        self.update()

    def items(self) -> list[dict]:
        return list(self._items)

    def dated(self) -> list[dict]:
        return [i for i in self._items if i.get("start") or i.get("end")]

    def undated(self) -> list[dict]:
        return [i for i in self._items if not (i.get("start") or i.get("end"))]

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        rows = len(self.dated()) + (1 if self.undated() else 0)
        return QSize(700, AXIS + LEGEND + ROW * max(rows, 2) + 8)

    # --- geometry -------------------------------------------------------------------------
    def _range(self) -> tuple[date, date] | None:
        days = [d for i in self.dated() for d in (i.get("start"), i.get("end")) if d]
        if not days:
            return None
        first = _month_start(min(days))
        last = _next_month(max(days))
        return first, last

    def _label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(i.get("title") or "") for i in self.dated()), default=80)
        return min(LABEL_MAX, widest + 16, max(120, self.width() // 3))

    def _x(self, day: date, first: date, last: date, left: int) -> float:
        span = max(1, (last - first).days)
        width = max(1, self.width() - left - 12)
        return left + width * (day - first).days / span

    def row_rect(self, index: int) -> QRectF:
        return QRectF(0, AXIS + index * ROW, self.width(), ROW)

    def tooltip_for(self, item: dict) -> str:
        dates = " – ".join(format_day(d) for d in (item.get("start"), item.get("end")) if d)
        status = milestone_status_label(MilestoneStatus(item.get("status", "planned")))
        lines = [item.get("title") or _("(ohne Titel)"), dates, _("Status: {status}").format(status=status)]
        if item.get("responsible"):
            lines.append(_("Verantwortlich: {names}").format(names=", ".join(item["responsible"])))
        return "\n".join(line for line in lines if line)

    def _row_at(self, y: float) -> int | None:
        index = int((y - AXIS) // ROW)
        return index if y >= AXIS and 0 <= index < len(self.dated()) else None

    # --- drawing --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        palette = self.palette()
        text = palette.windowText().color()
        grid = QColor(text)
        grid.setAlpha(40)
        muted = QColor(text)
        muted.setAlpha(150)
        painter.fillRect(self.rect(), palette.base())
        bounds = self._range()
        dated = self.dated()
        metrics = QFontMetrics(self.font())
        if bounds is None:
            painter.setPen(muted)
            painter.drawText(self.rect().adjusted(12, 0, -12, 0), Qt.AlignVCenter | Qt.TextWordWrap,
                             _("Noch keine Meilensteine mit Terminen. Tragen Sie Beginn und Ende ein, dann erscheint hier der Zeitplan."))
            self._draw_undated(painter, muted, AXIS)
            return
        first, last = bounds
        left = self._label_width()
        # month axis with years
        months = month_names()
        month = first
        while month < last:
            x = self._x(month, first, last, left)
            nxt = self._x(_next_month(month), first, last, left)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, AXIS - 14), QPointF(x, AXIS + ROW * len(dated)))
            painter.setPen(muted)
            name = months[month.month - 1]
            if nxt - x <= metrics.horizontalAdvance("Mär") + 4:
                name = name[0]  # narrow: initials only
            if nxt - x > metrics.horizontalAdvance(name) + 2:
                painter.drawText(QRectF(x + 1, AXIS - 16, nxt - x - 1, 14), Qt.AlignLeft | Qt.AlignVCenter, name)
            if month.month == 1 or month == first:
                painter.setPen(text)
                painter.drawText(QRectF(x + 2, 2, 80, 16), Qt.AlignLeft | Qt.AlignVCenter, str(month.year))
            month = _next_month(month)
        # rows
        positions: dict[str, tuple[float, float, float]] = {}
        for index, item in enumerate(dated):
            rect = self.row_rect(index)
            if index % 2:
                shade = QColor(text)
                shade.setAlpha(12)
                painter.fillRect(rect, shade)
            painter.setPen(text)
            title = metrics.elidedText(item.get("title") or _("(ohne Titel)"), Qt.ElideRight, left - 12)
            painter.drawText(QRectF(6, rect.top(), left - 10, ROW), Qt.AlignLeft | Qt.AlignVCenter, title)
            colour = QColor(STATUS_COLOURS.get(item.get("status", "planned"), STATUS_COLOURS["planned"]))
            start, end = item.get("start"), item.get("end")
            y = rect.center().y()
            if start and end and end >= start:
                x0 = self._x(start, first, last, left)
                x1 = max(x0 + 3, self._x(end + timedelta(days=1), first, last, left))
                bar = QRectF(x0, rect.top() + 5, x1 - x0, ROW - 10)
                painter.setPen(Qt.NoPen)
                painter.setBrush(colour)
                painter.drawRoundedRect(bar, 3, 3)
                positions[item["id"]] = (x0, x1, y)
            else:
                day = start or end
                x = self._x(day, first, last, left)
                diamond = QPolygonF([QPointF(x, y - 7), QPointF(x + 7, y), QPointF(x, y + 7), QPointF(x - 7, y)])
                painter.setPen(Qt.NoPen)
                painter.setBrush(colour)
                painter.drawPolygon(diamond)
                positions[item["id"]] = (x, x, y)
        # dependencies
        painter.setPen(QPen(muted, 1))
        painter.setBrush(Qt.NoBrush)
        for item in dated:
            target = positions.get(item["id"])
            for dep in item.get("depends_on") or []:
                source = positions.get(dep)
                if not source or not target:
                    continue
                path = QPainterPath(QPointF(source[1], source[2]))
                mid = max(source[1] + 6, target[0] - 6)
                path.lineTo(mid, source[2])
                path.lineTo(mid, target[2])
                path.lineTo(target[0], target[2])
                painter.drawPath(path)
                painter.setBrush(muted)
                painter.drawPolygon(QPolygonF([QPointF(target[0], target[2]), QPointF(target[0] - 5, target[2] - 3), QPointF(target[0] - 5, target[2] + 3)]))
                painter.setBrush(Qt.NoBrush)
        # today
        if first <= self.today < last:
            x = self._x(self.today, first, last, left)
            painter.setPen(QPen(QColor("#d0453a"), 1.5, Qt.DashLine))
            painter.drawLine(QPointF(x, AXIS - 14), QPointF(x, AXIS + ROW * len(dated)))
            painter.drawText(QRectF(x + 3, AXIS - 30, 60, 14), Qt.AlignLeft | Qt.AlignVCenter, _("heute"))
        bottom = AXIS + ROW * len(dated)
        bottom = self._draw_undated(painter, muted, bottom)
        self._draw_legend(painter, text, bottom + 4)

    def _draw_undated(self, painter: QPainter, colour: QColor, top: float) -> float:
        undated = self.undated()
        if not undated:
            return top
        painter.setPen(colour)
        names = ", ".join(i.get("title") or _("(ohne Titel)") for i in undated)
        text = _("Ohne Termin: {names}").format(names=names)
        elided = QFontMetrics(self.font()).elidedText(text, Qt.ElideRight, self.width() - 12)
        painter.drawText(QRectF(6, top, self.width() - 12, ROW), Qt.AlignLeft | Qt.AlignVCenter, elided)
        return top + ROW

    def _draw_legend(self, painter: QPainter, text: QColor, top: float) -> None:
        x = 6.0
        metrics = QFontMetrics(self.font())
        for status, colour in STATUS_COLOURS.items():
            label = milestone_status_label(MilestoneStatus(status))
            painter.setPen(Qt.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(QRectF(x, top + 6, 14, 10), 2, 2)
            painter.setPen(text)
            painter.drawText(QRectF(x + 18, top, 200, 22), Qt.AlignLeft | Qt.AlignVCenter, label)
            x += 18 + metrics.horizontalAdvance(label) + 16

    # --- interaction ------------------------------------------------------------------------
    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        index = self._row_at(event.position().y())
        if index is not None:
            self.sig_item_activated.emit(self.dated()[index]["id"])

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        index = self._row_at(event.position().y())
        if index is None:
            QToolTip.hideText()
            return
        QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_for(self.dated()[index]), self)
