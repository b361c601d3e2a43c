"""A Gantt-like drawing of the roadmap that follows every edit of the milestones.

One row per milestone: its title on the left, a bar from start to end coloured by status (a
diamond when only one date is known, or start and end are the same day), thin arrows from a
prerequisite's end to the dependent's start, a month axis with the years, a line for today and a
legend. Milestones without any date are named in one line below. Double-clicking a row (or
pressing Enter on it) asks the page to select that milestone in the table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from babel.dates import get_month_names
from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from kooperation.domain.labels import format_day, milestone_status_label
from kooperation.domain.model import MilestoneStatus
from kooperation.i18n import _, current_language

# Mid-tone fills that stand out on a light base; the dark set is a step lighter for a dark base.
STATUS_COLOURS = {
    "planned": "#8fa8c8",
    "in_progress": "#2f6db5",
    "done": "#3c9a5f",
    "delayed": "#e08a1e",
    "cancelled": "#a3a7ad",
}
STATUS_COLOURS_DARK = {
    "planned": "#7d97bb",
    "in_progress": "#4a8ad8",
    "done": "#4caf6e",
    "delayed": "#f0a040",
    "cancelled": "#73777d",
}
TODAY_COLOUR = "#d0453a"

ROW = 24  # minimum row height; grows with the font
AXIS = 38  # minimum height of the axis band (years above months)
LEGEND = 24  # height of one legend line
LABEL_MAX = 320
PAD = 10
_FIRST_DAY, _LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 11, 30)


def month_names() -> list[str]:
    """Abbreviated month names in the interface language ("Jan", "Feb", "Mär" …)."""
    locale = {"de": "de_DE", "en": "en_GB"}.get(current_language(), "de_DE")
    names = get_month_names("abbreviated", locale=locale)
    return [names[m].rstrip(".")[:3] for m in range(1, 13)]


def _month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _add_months(d: dt.date, n: int) -> dt.date:
    total = d.year * 12 + d.month - 1 + n
    return dt.date(total // 12, total % 12 + 1, 1)


def _next_month(d: dt.date) -> dt.date:
    return _add_months(d, 1)


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, str) and value.strip():
        try:
            value = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    if not isinstance(value, dt.date):
        return None
    return min(max(value, _FIRST_DAY), _LAST_DAY)  # absurd years must not break the axis


def _status(value: object) -> str:
    return str(value) if str(value) in STATUS_COLOURS else "planned"


def status_label(status: str) -> str:
    return milestone_status_label(MilestoneStatus(_status(status)))


@dataclass
class _Item:
    id: str
    title: str
    start: dt.date | None
    end: dt.date | None
    status: str
    depends_on: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, raw: dict) -> _Item:
        start, end = _as_date(raw.get("start")), _as_date(raw.get("end"))
        if start and end and end < start:
            start, end = end, start
        return cls(
            id=str(raw.get("id") or ""),
            title=str(raw.get("title") or "").strip() or _("(ohne Titel)"),
            start=start,
            end=end,
            status=_status(raw.get("status")),
            depends_on=[str(d) for d in raw.get("depends_on") or []],
            responsible=[str(r) for r in raw.get("responsible") or []],
        )

    @property
    def is_point(self) -> bool:
        return self.start is None or self.end is None or self.start == self.end


@dataclass
class _Layout:
    row: int
    axis: int
    label_w: int
    left: float
    right: float
    first: dt.date | None = None
    last: dt.date | None = None

    def x(self, day: dt.date) -> float:
        assert self.first and self.last
        span = max(1, (self.last - self.first).days)
        return self.left + (self.right - self.left) * (day - self.first).days / span

    def row_top(self, index: int) -> float:
        return self.axis + index * self.row


class TimelineWidget(QWidget):
    """The roadmap of the "Goals & roadmap" page, drawn from plain milestone dicts."""

    sig_item_activated = Signal(str)
    """Emitted with a milestone's id when its row is double-clicked (or Enter is pressed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._raw: list[dict] = []
        self._items: list[_Item] = []
        self._hover: int | None = None
        self._current: str | None = None
        self.today = dt.date.today()
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.StrongFocus)
        # never squeezed below the rows it needs: a scroll area around it scrolls instead
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Minimum)
        self.setAccessibleName(_("Zeitplan der Meilensteine"))

    # --- data -----------------------------------------------------------------------------
    def set_items(self, items: list[dict]) -> None:
        """Show these milestones (``id``, ``title``, ``start``, ``end``, ``status``,
        ``depends_on``, ``responsible``); the widget repaints at once."""
        self._raw = [dict(item) for item in items]
        self._items = [_Item.from_dict(item) for item in self._raw]
        self._hover = None
        self.updateGeometry()
        self.update()

    def items(self) -> list[dict]:
        return [dict(item) for item in self._raw]

    def dated(self) -> list[dict]:
        """The milestones with at least one date, in row order."""
        return [raw for raw, it in zip(self._raw, self._items, strict=True) if it.start or it.end]

    def undated(self) -> list[dict]:
        return [raw for raw, it in zip(self._raw, self._items, strict=True) if not (it.start or it.end)]

    def set_current(self, item_id: str | None) -> None:
        """Mark the milestone selected in the table (or none)."""
        self._current = item_id
        self.update()

    def _rows(self) -> list[_Item]:
        return [it for it in self._items if it.start or it.end]

    # --- geometry -------------------------------------------------------------------------
    def _layout(self) -> _Layout:
        fm = self.fontMetrics()
        row = max(ROW, fm.height() + 10)
        axis = max(AXIS, 2 * fm.height() + 8)
        rows = self._rows()
        widest = max((fm.horizontalAdvance(it.title) for it in rows), default=80)
        label_w = int(min(widest + 20, max(140, self.width() * 0.34), LABEL_MAX))
        layout = _Layout(row, axis, label_w, label_w + 4.0, max(label_w + 40.0, self.width() - PAD))
        days = [d for it in rows for d in (it.start, it.end) if d]
        if days:
            lo, hi = min(days), max(days)
            # show today when it is close to the roadmap ("we are here")
            if _add_months(lo, -6) <= self.today < lo:
                lo = self.today
            if hi < self.today <= _add_months(_month_start(hi), 7):
                hi = self.today
            layout.first, layout.last = _month_start(lo), _next_month(hi)
        return layout

    def row_rect(self, index: int) -> QRectF:
        layout = self._layout()
        return QRectF(0, layout.row_top(index), self.width(), layout.row)

    def _bottom_parts(self, layout: _Layout) -> tuple[float, float, float]:
        """Tops of the today band, the undated line and the legend."""
        rows_bottom = layout.row_top(len(self._rows()) if self._rows() else 2)
        today_top = rows_bottom
        undated_top = today_top + (self.fontMetrics().height() + 4 if self._rows() else 0)
        legend_top = undated_top + (layout.row if self.undated() else 0)
        return today_top, undated_top, legend_top

    def _legend_entries(self) -> list[tuple[str, str]]:
        entries = [(status, status_label(status)) for status in STATUS_COLOURS]
        return entries + [("today", _("heute"))]

    def _legend_lines(self, width: float) -> list[list[tuple[str, str, float]]]:
        """The legend entries flowed into lines that fit ``width``: (kind, label, x)."""
        fm = self.fontMetrics()
        lines: list[list[tuple[str, str, float]]] = [[]]
        x = 6.0
        for kind, label in self._legend_entries():
            w = 20 + fm.horizontalAdvance(label) + 16
            if lines[-1] and x + w > width:
                lines.append([])
                x = 6.0
            lines[-1].append((kind, label, x))
            x += w
        return lines

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        layout = self._layout()
        legend = len(self._legend_lines(max(self.width(), 320))) * LEGEND if self._rows() else 0
        return QSize(700, int(self._bottom_parts(layout)[2] + legend + 6))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(320, self.sizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # the legend may wrap differently
        super().resizeEvent(event)

    def tooltip_for(self, item: dict) -> str:
        """Title, dates, status and who is responsible, one per line."""
        it = _Item.from_dict(item)
        if it.start and it.end and it.start != it.end:
            dates = f"{format_day(it.start)} – {format_day(it.end)}"
        else:
            dates = format_day(it.start or it.end) or _("Ohne Termin")
        lines = [it.title, dates, _("Status: {status}").format(status=status_label(it.status))]
        if it.responsible:
            lines.append(_("Verantwortlich: {names}").format(names=", ".join(it.responsible)))
        return "\n".join(lines)

    def _row_at(self, y: float) -> int | None:
        layout = self._layout()
        if y < layout.axis:
            return None
        index = int((y - layout.axis) // layout.row)
        return index if 0 <= index < len(self._rows()) else None

    # --- drawing --------------------------------------------------------------------------
    def _colours(self) -> dict[str, QColor]:
        palette = self.palette()
        text = palette.color(QPalette.Text)
        base = palette.color(QPalette.Base)
        dark = base.lightness() < 128
        table = STATUS_COLOURS_DARK if dark else STATUS_COLOURS
        colours = {k: QColor(v) for k, v in table.items()}

        def alpha(colour: QColor, a: int) -> QColor:
            c = QColor(colour)
            c.setAlpha(a)
            return c

        colours.update(text=text, base=base, muted=alpha(text, 160), grid=alpha(text, 34),
                       year=alpha(text, 90), shade=alpha(text, 12), arrow=alpha(text, 140),
                       hover=alpha(palette.color(QPalette.Highlight), 40),
                       current=alpha(palette.color(QPalette.Highlight), 80), today=QColor(TODAY_COLOUR))
        return colours

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        c = self._colours()
        painter.fillRect(self.rect(), c["base"])
        layout = self._layout()
        rows = self._rows()
        today_top, undated_top, legend_top = self._bottom_parts(layout)
        if not rows:
            painter.setPen(c["muted"])
            hint = QRectF(6, 6, self.width() - 12, layout.axis + 2 * layout.row - 12)
            painter.drawText(hint, Qt.AlignVCenter | Qt.TextWordWrap, _(
                "Noch keine Meilensteine mit Terminen. Tragen Sie Beginn und Ende ein, dann "
                "erscheint hier der Zeitplan."))
            self._draw_undated(painter, c, undated_top, layout.row)
            return
        self._draw_axis(painter, c, layout, len(rows))
        self._draw_rows(painter, c, layout, rows)
        self._draw_today(painter, c, layout, len(rows), today_top)
        self._draw_undated(painter, c, undated_top, layout.row)
        self._draw_legend(painter, c, legend_top)

    def _draw_axis(self, painter: QPainter, c: dict[str, QColor], layout: _Layout, n_rows: int) -> None:
        assert layout.first and layout.last
        fm = self.fontMetrics()
        small = QFont(self.font())
        if small.pointSizeF() > 0:
            small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
        else:  # a font set in pixels
            small.setPixelSize(max(8, round(small.pixelSize() * 0.85)))
        sfm = QFontMetrics(small)
        rows_bottom = layout.row_top(n_rows)
        months = (layout.last.year - layout.first.year) * 12 + layout.last.month - layout.first.month
        month_w = (layout.right - layout.left) / max(1, months)
        names = month_names()
        # month labels: names, initials, quarters or none - the same for the whole axis
        if month_w >= max(sfm.horizontalAdvance(n) for n in names) + 4:
            mode = "name"
        elif month_w >= max(sfm.horizontalAdvance(n[0]) for n in names) + 4:
            mode = "initial"
        elif 3 * month_w >= sfm.horizontalAdvance(_("Q{n}").format(n=4)) + 6:
            mode = "quarter"
        else:
            mode = ""
        step = 1 if month_w >= 10 else 3 if 3 * month_w >= 10 else 12
        year_step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
                         if s * 12 * month_w >= fm.horizontalAdvance("2027") + 8 or s == 1000)
        month_top = layout.axis - fm.height() - 4
        month = layout.first
        last_year_x = -1e9
        year_lines: list[QLineF] = []
        month_lines: list[QLineF] = []
        while month < layout.last:
            x = round(layout.x(month)) + 0.5
            nxt = layout.x(_next_month(month))
            new_year = month.month == 1
            if new_year and month.year % year_step == 0:
                year_lines.append(QLineF(x, 2, x, rows_bottom))
            elif not new_year and step < 12 and (month.month - 1) % step == 0:
                month_lines.append(QLineF(x, month_top, x, rows_bottom))
            label = ""
            if mode == "name":
                label = names[month.month - 1]
            elif mode == "initial":
                label = names[month.month - 1][0]
            elif mode == "quarter" and month.month % 3 == 1:
                label = _("Q{n}").format(n=month.month // 3 + 1)  # quarter
            if label:
                width = nxt - x if mode != "quarter" else 3 * month_w
                painter.setPen(c["muted"])
                painter.setFont(small)
                painter.drawText(QRectF(x + 2, month_top, width - 2, fm.height() + 2),
                                 Qt.AlignLeft | Qt.AlignVCenter, label)
                painter.setFont(self.font())
            year_w = fm.horizontalAdvance("2027") + 8
            # the first month names its year only if the next January leaves room for that
            leading = month == layout.first and layout.x(dt.date(month.year + 1, 1, 1)) - x >= year_w
            fits = x - last_year_x >= year_w and x + year_w - 4 <= self.width()
            if (new_year and month.year % year_step == 0 or leading) and fits:
                painter.setPen(c["text"])
                bold = QFont(self.font())
                bold.setBold(True)
                painter.setFont(bold)
                painter.drawText(QRectF(x + 3, 1, 60, fm.height() + 2), Qt.AlignLeft | Qt.AlignVCenter, str(month.year))
                painter.setFont(self.font())
                last_year_x = x
            month = _next_month(month) if months < 1200 else _add_months(month, 12 - month.month + 1)
        # grid lines sit on pixel centres: no antialiasing needed, and much faster without
        painter.setRenderHint(QPainter.Antialiasing, False)
        painter.setPen(QPen(c["grid"], 1))
        painter.drawLines(month_lines)
        painter.setPen(QPen(c["year"], 1))
        painter.drawLines(year_lines)
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setPen(QPen(c["grid"], 1))
        painter.drawLine(QPointF(0, layout.axis - 0.5), QPointF(self.width(), layout.axis - 0.5))

    def _draw_rows(self, painter: QPainter, c: dict[str, QColor], layout: _Layout, rows: list[_Item]) -> None:
        fm = self.fontMetrics()
        positions: dict[str, tuple[float, float, float]] = {}
        for index, it in enumerate(rows):
            top = layout.row_top(index)
            rect = QRectF(0, top, self.width(), layout.row)
            if it.id and it.id == self._current:
                painter.fillRect(rect, c["current"])
            elif index == self._hover:
                painter.fillRect(rect, c["hover"])
            elif index % 2:
                painter.fillRect(rect, c["shade"])
            y = top + layout.row / 2
            if it.is_point:
                x = layout.x(it.start or it.end)
                positions[it.id] = (x - 7, x + 7, y)
            else:
                x0 = layout.x(it.start)
                x1 = max(x0 + 3, layout.x(it.end + dt.timedelta(days=1)))
                positions[it.id] = (x0, x1, y)
        # arrows first, so bars cover the stretches that cross them
        painter.setPen(QPen(c["arrow"], 1))
        for it in rows:
            target = positions.get(it.id)
            for dep in it.depends_on:
                source = positions.get(dep)
                if source and target and dep != it.id:
                    self._draw_arrow(painter, c, layout, source, target)
        for index, it in enumerate(rows):
            x0, x1, y = positions[it.id]
            painter.setPen(Qt.NoPen)
            painter.setBrush(c[it.status])
            if it.is_point:
                x = (x0 + x1) / 2
                painter.drawPolygon(QPolygonF([QPointF(x, y - 7), QPointF(x + 7, y), QPointF(x, y + 7), QPointF(x - 7, y)]))
            else:
                h = min(14.0, layout.row - 10.0)
                painter.drawRoundedRect(QRectF(x0, y - h / 2, x1 - x0, h), 3, 3)
            font = QFont(self.font())
            font.setStrikeOut(it.status == "cancelled")
            painter.setFont(font)
            painter.setPen(c["muted"] if it.status == "cancelled" else c["text"])
            title = fm.elidedText(it.title, Qt.ElideRight, layout.label_w - 14)
            painter.drawText(QRectF(6, layout.row_top(index), layout.label_w - 10, layout.row),
                             Qt.AlignLeft | Qt.AlignVCenter, title)
        painter.setFont(self.font())
        painter.setBrush(Qt.NoBrush)

    def _draw_arrow(self, painter: QPainter, c: dict[str, QColor], layout: _Layout,
                    source: tuple[float, float, float], target: tuple[float, float, float]) -> None:
        """From the prerequisite's end to the dependent's start, with right angles; when the
        dependent starts before the prerequisite ends, the line runs along the row border."""
        _, sx, sy = source
        tx, _, ty = target
        path = QPainterPath(QPointF(sx, sy))
        if tx - sx >= 12:
            path.lineTo(sx + 6, sy)
            path.lineTo(sx + 6, ty)
        else:
            border = ty - layout.row / 2 if ty > sy else ty + layout.row / 2
            path.lineTo(sx + 6, sy)
            path.lineTo(sx + 6, border)
            path.lineTo(tx - 8, border)
            path.lineTo(tx - 8, ty)
        path.lineTo(tx - 4, ty)
        painter.setBrush(Qt.NoBrush)
        painter.drawPath(path)
        painter.setBrush(c["arrow"])
        painter.drawPolygon(QPolygonF([QPointF(tx, ty), QPointF(tx - 5, ty - 3.5), QPointF(tx - 5, ty + 3.5)]))
        painter.setBrush(Qt.NoBrush)

    def _draw_today(self, painter: QPainter, c: dict[str, QColor], layout: _Layout, n_rows: int, band: float) -> None:
        assert layout.first and layout.last
        fm = self.fontMetrics()
        label = _("heute")
        painter.setPen(c["today"])
        if layout.first <= self.today < layout.last:
            x = layout.x(self.today)
            painter.setPen(QPen(c["today"], 1.5, Qt.DashLine))
            painter.drawLine(QPointF(x, layout.axis - fm.height() - 4), QPointF(x, band))
            w = fm.horizontalAdvance(label) + 6
            left = min(max(x - w / 2, layout.left), self.width() - w - 2)
            painter.drawText(QRectF(left, band, w, fm.height() + 4), Qt.AlignCenter, label)
        elif self.today < layout.first:
            painter.drawText(QRectF(layout.left, band, 200, fm.height() + 4), Qt.AlignLeft | Qt.AlignVCenter,
                             f"◂ {label} ({format_day(self.today)})")
        else:
            painter.drawText(QRectF(layout.right - 200, band, 200, fm.height() + 4), Qt.AlignRight | Qt.AlignVCenter,
                             f"{label} ({format_day(self.today)}) ▸")

    def _undated_text(self) -> str:
        names = ", ".join(_Item.from_dict(i).title for i in self.undated())
        return _("Ohne Termin: {names}").format(names=names)

    def _draw_undated(self, painter: QPainter, c: dict[str, QColor], top: float, height: float) -> None:
        if not self.undated():
            return
        painter.setPen(c["muted"])
        elided = self.fontMetrics().elidedText(self._undated_text(), Qt.ElideRight, self.width() - 12)
        painter.drawText(QRectF(6, top, self.width() - 12, height), Qt.AlignLeft | Qt.AlignVCenter, elided)

    def _draw_legend(self, painter: QPainter, c: dict[str, QColor], top: float) -> None:
        for n, line in enumerate(self._legend_lines(self.width())):
            y = top + n * LEGEND
            for kind, label, x in line:
                if kind == "today":
                    painter.setPen(QPen(c["today"], 1.5, Qt.DashLine))
                    painter.drawLine(QPointF(x + 7, y + 5), QPointF(x + 7, y + LEGEND - 5))
                else:
                    painter.setPen(Qt.NoPen)
                    painter.setBrush(c[kind])
                    painter.drawRoundedRect(QRectF(x, y + LEGEND / 2 - 5, 14, 10), 2, 2)
                painter.setPen(c["text"])
                painter.drawText(QRectF(x + 20, y, 300, LEGEND), Qt.AlignLeft | Qt.AlignVCenter, label)
        painter.setBrush(Qt.NoBrush)

    # --- interaction ------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.ToolTip:
            pos = event.pos()
            index = self._row_at(pos.y())
            _t, undated_top, legend_top = self._bottom_parts(self._layout())
            if index is not None:
                QToolTip.showText(event.globalPos(), self.tooltip_for(self.dated()[index]), self)
            elif self.undated() and undated_top <= pos.y() < legend_top:
                QToolTip.showText(event.globalPos(), self._undated_text(), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        index = self._row_at(event.position().y())
        if index != self._hover:
            self._hover = index
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        index = self._row_at(event.position().y())
        if index is not None:
            self._activate(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Up and Down move the marked row, Enter selects that milestone in the table."""
        rows = self._rows()
        ids = [it.id for it in rows]
        pos = ids.index(self._current) if self._current in ids else -1
        if event.key() in (Qt.Key_Down, Qt.Key_Up) and rows:
            pos = min(len(rows) - 1, pos + 1) if event.key() == Qt.Key_Down else max(0, pos - 1)
            self.set_current(ids[pos])
        elif event.key() in (Qt.Key_Return, Qt.Key_Enter) and pos >= 0:
            self._activate(pos)
        else:
            super().keyPressEvent(event)

    def _activate(self, index: int) -> None:
        item_id = self._rows()[index].id
        self._current = item_id
        self.update()
        self.sig_item_activated.emit(item_id)
