"""The pictures of the meeting pages, drawn with QPainter in the colours of the palette.

`FactorChart` shows the 20 success and failure factors as horizontal bars (longer is better for
the cooperation, whichever kind the factor is); `ProgressChart` shows how goals and milestones
progressed from review to review, one row per goal or milestone and one column per review.
Both draw on the palette's base colour with its text colour, so they follow a switch between
light and dark; the few signal colours come in a light and a dark variant. Each offers the same
content as text (`text_alternative`, also its accessible description and tooltips).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from kooperation.domain.checks import FactorKind, Rating
from kooperation.domain.checks_logic import FactorScore
from kooperation.domain.labels import format_day
from kooperation.domain.meeting import ReviewStatus
from kooperation.i18n import _

RATING_COLOURS = {
    "light": {Rating.GOOD: "#2e7d32", Rating.PARTLY: "#b86e00", Rating.POOR: "#c62828"},
    "dark": {Rating.GOOD: "#66bb6a", Rating.PARTLY: "#ffb74d", Rating.POOR: "#ef7070"},
}
"""Bar colours per rating: green, amber, red; lighter on dark backgrounds."""

STATUS_COLOURS = {
    "light": {
        ReviewStatus.ON_TRACK: "#2f6db5", ReviewStatus.AT_RISK: "#b86e00",
        ReviewStatus.OFF_TRACK: "#c62828", ReviewStatus.DONE: "#2e7d32",
        ReviewStatus.DROPPED: "#8a8f96",
    },
    "dark": {
        ReviewStatus.ON_TRACK: "#5c9ce6", ReviewStatus.AT_RISK: "#ffb74d",
        ReviewStatus.OFF_TRACK: "#ef7070", ReviewStatus.DONE: "#66bb6a",
        ReviewStatus.DROPPED: "#8a8f96",
    },
}
"""Progress bar colours per review status."""


def review_status_label(status: ReviewStatus | str) -> str:
    """"im Plan", "gefährdet" … from the checklist catalogue, in the current language."""
    from kooperation.domain.checks import load_checks

    return load_checks().living.status_label(status)


def _scheme(palette: QPalette) -> str:
    return "dark" if palette.color(QPalette.ColorRole.Base).lightness() < 128 else "light"


def _alpha(colour: QColor, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


class _Chart(QWidget):
    """Common ground: base background with a frame, text colours from the palette, tooltips
    per row, the text alternative as accessible description."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the page's own fields carry the same content
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def colours(self) -> dict[str, QColor]:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        return {
            "base": palette.color(QPalette.ColorRole.Base),
            "text": text,
            "muted": _alpha(text, 170),
            "grid": _alpha(text, 40),
            "track": _alpha(text, 22),
            "frame": _alpha(text, 60),
            "highlight": _alpha(palette.color(QPalette.ColorRole.Highlight), 60),
        }

    def _paint_frame(self, painter: QPainter, c: dict[str, QColor]) -> None:
        painter.setPen(QPen(c["frame"], 1))
        painter.setBrush(c["base"])
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)

    def text_alternative(self) -> str:  # pragma: no cover - overridden
        return ""

    def _update_description(self) -> None:
        self.setAccessibleDescription(self.text_alternative())
        self.updateGeometry()
        self.update()

    def row_tip(self, pos: QPointF) -> str:  # pragma: no cover - overridden
        return ""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            tip = self.row_tip(QPointF(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


# --- success and failure factors ------------------------------------------------------------------


class FactorChart(_Chart):
    """Horizontal bars for the factors, grouped by kind: the longer, the better for the
    cooperation (a failure factor that does not apply is a full bar). Not rated: no bar;
    not relevant: a note instead of a bar."""

    sig_factor_clicked = Signal(str)
    """Emitted with a factor id when its row is clicked."""

    MARGIN = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Bild der Erfolgs- und Misserfolgsfaktoren"))
        self.scores: list[FactorScore] = []
        self._rows: list[tuple[QRectF, FactorScore]] = []

    def set_scores(self, scores: Sequence[FactorScore]) -> None:
        self.scores = list(scores)
        self._update_description()

    def group_title(self, kind: FactorKind) -> str:
        from kooperation.domain.checks import load_checks

        return load_checks().factors.group_title(kind)

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 8

    def _layout(self) -> list[tuple[str, object, float]]:
        """(what, item, y): group titles and factor rows from the top."""
        y = float(self.MARGIN)
        items: list[tuple[str, object, float]] = []
        row = self._row_height()
        kind = None
        for score in self.scores:
            if score.kind != kind:
                kind = score.kind
                if items:
                    y += 6
                items.append(("title", kind, y))
                y += row
            items.append(("row", score, y))
            y += row
        items.append(("end", None, y))
        return items

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        items = self._layout()
        return QSize(420, int(items[-1][2]) + self.MARGIN + self._row_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(240, self.sizeHint().height())

    def legend(self) -> str:
        return _("Längerer Balken = besser für die Kooperation; ohne Balken = noch nicht bewertet.")

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = self.colours()
        self._paint_frame(painter, c)
        fm = self.fontMetrics()
        row_h = self._row_height()
        width = self.width() - 2 * self.MARGIN
        show_value = width >= 520
        value_w = max((fm.horizontalAdvance(s.label) for s in self.scores if s.label), default=0) + 12 if show_value else 0
        label_w = min(max((fm.horizontalAdvance(self._title(s)) for s in self.scores), default=0) + 12, int(width * 0.5))
        bar_x = self.MARGIN + label_w
        bar_w = max(40, width - label_w - value_w)
        colours = RATING_COLOURS[_scheme(self.palette())]
        bold = QFont(self.font())
        bold.setBold(True)
        self._rows = []
        for what, item, y in self._layout():
            if what == "title":
                painter.setFont(bold)
                painter.setPen(c["text"])
                painter.drawText(QRectF(self.MARGIN, y, width, row_h), Qt.AlignmentFlag.AlignVCenter, self.group_title(item))
                painter.setFont(self.font())
            elif what == "row":
                score: FactorScore = item
                rect = QRectF(self.MARGIN, y, width, row_h)
                self._rows.append((rect, score))
                painter.setPen(c["text"])
                title = fm.elidedText(self._title(score), Qt.TextElideMode.ElideRight, label_w - 10)
                painter.drawText(QRectF(self.MARGIN, y, label_w - 8, row_h), Qt.AlignmentFlag.AlignVCenter, title)
                track = QRectF(bar_x, y + 4, bar_w, row_h - 8)
                painter.fillRect(track, c["track"])
                if score.rating is Rating.NOT_RELEVANT:
                    painter.setPen(c["muted"])
                    painter.drawText(track.adjusted(6, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, score.label)
                elif score.score is not None:
                    length = max(6.0, bar_w * score.score)
                    painter.fillRect(QRectF(bar_x, y + 4, length, row_h - 8), QColor(colours[score.rating]))
                if show_value and score.label and score.rating is not Rating.NOT_RELEVANT:
                    # "trifft zu" / "nicht erfüllt" in red: the short bar alone is easy to miss
                    painter.setPen(QColor(colours[Rating.POOR]) if score.rating is Rating.POOR else c["muted"])
                    painter.drawText(QRectF(bar_x + bar_w + 8, y, value_w, row_h), Qt.AlignmentFlag.AlignVCenter, score.label)
        # quarter lines over the bars
        painter.setPen(QPen(c["grid"], 1, Qt.PenStyle.DotLine))
        top = self.MARGIN + row_h
        bottom = self._layout()[-1][2]
        for quarter in (0.5, 1.0):
            x = bar_x + bar_w * quarter
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))
        painter.setPen(c["muted"])
        painter.drawText(QRectF(self.MARGIN, bottom + 2, width, row_h), Qt.AlignmentFlag.AlignVCenter, fm.elidedText(self.legend(), Qt.TextElideMode.ElideRight, width))

    def _title(self, score: FactorScore) -> str:
        number = next((i for i, s in enumerate(self.scores, start=1) if s.factor_id == score.factor_id), 0)
        return f"{number}. {score.title}"

    def _score_at(self, pos: QPointF) -> FactorScore | None:
        return next((s for rect, s in self._rows if rect.contains(pos)), None)

    def row_tip(self, pos: QPointF) -> str:
        score = self._score_at(pos)
        if score is None:
            return ""
        return _("{factor}: {rating}").format(factor=score.title, rating=score.label or _("noch nicht bewertet"))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        score = self._score_at(QPointF(event.position()))
        if score is not None and event.button() == Qt.MouseButton.LeftButton:
            self.sig_factor_clicked.emit(score.factor_id)
        super().mouseReleaseEvent(event)

    def text_alternative(self) -> str:
        lines = []
        for number, score in enumerate(self.scores, start=1):
            lines.append(_("{number}. {factor}: {rating}").format(
                number=number, factor=score.title, rating=score.label or _("noch nicht bewertet")))
        return "\n".join(lines)


# --- progress over the reviews -------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressPoint:
    """One goal or milestone at one review."""

    target_id: str
    day: date
    status: ReviewStatus
    progress: int


@dataclass(frozen=True)
class ProgressRow:
    target_id: str
    label: str
    group: str  # the heading the row belongs to ("Ziele", "Meilensteine")


class ProgressChart(_Chart):
    """One row per goal or milestone, one column per review (oldest left): a bar as long as the
    progress, in the colour of the status, with the percentage. The selected review's column is
    highlighted. When the columns do not fit, the latest ones are shown."""

    MARGIN = 10
    COLUMN = 78

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Verlauf der Ziele und Meilensteine"))
        self.rows: list[ProgressRow] = []
        self.days: list[date] = []
        self._points: dict[tuple[str, date], ProgressPoint] = {}
        self.selected: date | None = None
        self._cells: list[tuple[QRectF, ProgressRow, date]] = []

    def set_data(self, rows: Sequence[ProgressRow], points: Sequence[ProgressPoint], selected: date | None = None) -> None:
        self.rows = list(rows)
        self._points = {(p.target_id, p.day): p for p in points}
        self.days = sorted({p.day for p in points})
        self.selected = selected
        self._update_description()

    def points(self) -> list[ProgressPoint]:
        """Every data point drawn (for tests and the text alternative)."""
        return [self._points[key] for key in sorted(self._points, key=lambda k: (k[1], k[0]))]

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 8

    def _groups(self) -> list[tuple[str, list[ProgressRow]]]:
        groups: list[tuple[str, list[ProgressRow]]] = []
        for row in self.rows:
            if not groups or groups[-1][0] != row.group:
                groups.append((row.group, []))
            groups[-1][1].append(row)
        return groups

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        lines = 1 + len(self.rows) + len(self._groups()) if self.days else 2
        return QSize(480, self.MARGIN * 2 + lines * self._row_height() + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(260, self.sizeHint().height())

    def empty_text(self) -> str:
        return _("Noch keine Überprüfung: Legen Sie die erste an, dann erscheint hier der Verlauf.")

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = self.colours()
        self._paint_frame(painter, c)
        fm = QFontMetrics(self.font())
        row_h = self._row_height()
        width = self.width() - 2 * self.MARGIN
        self._cells = []
        if not self.days or not self.rows:
            painter.setPen(c["muted"])
            painter.drawText(QRectF(self.MARGIN, self.MARGIN, width, self.height() - 2 * self.MARGIN),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text())
            return
        label_w = min(max(fm.horizontalAdvance(r.label) for r in self.rows) + 16, max(120, width // 3))
        fitting = max(1, (width - label_w) // self.COLUMN)
        days = self.days[-fitting:]
        column = min(120, (width - label_w) / max(1, len(days)))
        x0 = self.MARGIN + label_w
        colours = STATUS_COLOURS[_scheme(self.palette())]
        y = float(self.MARGIN)
        painter.setPen(c["muted"])
        if len(days) < len(self.days):
            painter.drawText(QRectF(self.MARGIN, y, label_w - 8, row_h), Qt.AlignmentFlag.AlignVCenter, "…")
        for i, day in enumerate(days):
            rect = QRectF(x0 + i * column, y, column, row_h)
            if day == self.selected:
                painter.fillRect(QRectF(rect.left(), y, column, self.height() - y - self.MARGIN), c["highlight"])
            painter.setPen(c["text"])
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, fm.elidedText(format_day(day), Qt.TextElideMode.ElideRight, int(column) - 4))
        y += row_h
        bold = QFont(self.font())
        bold.setBold(True)
        for group, rows in self._groups():
            painter.setFont(bold)
            painter.setPen(c["text"])
            painter.drawText(QRectF(self.MARGIN, y, width, row_h), Qt.AlignmentFlag.AlignVCenter, group)
            painter.setFont(self.font())
            painter.setPen(QPen(c["grid"], 1))
            painter.drawLine(QPointF(self.MARGIN, y + row_h - 1), QPointF(self.MARGIN + width, y + row_h - 1))
            y += row_h
            for row in rows:
                painter.setPen(c["text"])
                painter.drawText(QRectF(self.MARGIN, y, label_w - 8, row_h), Qt.AlignmentFlag.AlignVCenter,
                                 fm.elidedText(row.label, Qt.TextElideMode.ElideRight, label_w - 10))
                for i, day in enumerate(days):
                    cell = QRectF(x0 + i * column + 4, y + 3, column - 8, row_h - 6)
                    self._cells.append((cell, row, day))
                    point = self._points.get((row.target_id, day))
                    painter.fillRect(cell, c["track"])
                    if point is None:
                        continue
                    bar = QRectF(cell.left(), cell.top(), max(3.0, cell.width() * point.progress / 100), cell.height())
                    fill = QColor(colours[point.status])
                    painter.fillRect(bar, fill)
                    text = "✓" if point.status is ReviewStatus.DONE and point.progress >= 100 else f"{point.progress} %"
                    # the part of the number over the bar in the colour that reads on the bar
                    on_bar = QColor("#ffffff") if fill.lightness() < 140 else QColor("#000000")
                    for clip, pen in ((bar, on_bar), (QRectF(bar.right(), cell.top(), cell.right() - bar.right(), cell.height()), c["text"])):
                        if clip.width() <= 0:
                            continue
                        painter.save()
                        painter.setClipRect(clip)
                        painter.setPen(pen)
                        painter.drawText(cell.adjusted(2, 0, -3, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
                        painter.restore()
                y += row_h

    def row_tip(self, pos: QPointF) -> str:
        for rect, row, day in self._cells:
            if rect.contains(pos):
                point = self._points.get((row.target_id, day))
                if point is None:
                    return _("{target} am {day}: nicht erfasst").format(target=row.label, day=format_day(day))
                return _("{target} am {day}: {status}, {progress} %").format(
                    target=row.label, day=format_day(day), status=review_status_label(point.status), progress=point.progress)
        return ""

    def text_alternative(self) -> str:
        lines = []
        for row in self.rows:
            values = [
                _("{day}: {status}, {progress} %").format(day=format_day(day), status=review_status_label(p.status), progress=p.progress)
                for day in self.days
                if (p := self._points.get((row.target_id, day))) is not None
            ]
            if values:
                lines.append(f"{row.label}: {'; '.join(values)}")
        return "\n".join(lines) or self.empty_text()
