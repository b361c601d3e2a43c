"""One phase of the work plan (Arbeitsplan) as a card for the projector.

A card shows the phase's number and name, its state (done, begun, not yet begun), the summary
of what the project holds and a few lines of detail, and the phase timer once it has run. The
current phase is drawn with a thick border and its head in the highlight colour. Every colour
comes from the palette at paint or refresh time, so light, dark and high-contrast themes work.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextDocument,
)
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kooperation.domain.checks_logic import PhaseState, PhaseStatus
from kooperation.i18n import _, ngettext
from kooperation.ui.palette import muted_colour

MIN_DETAILS_SCALE = 0.55
"""The partners card shrinks its type to no less than this share of the normal detail size …"""
MIN_DETAILS_PX = 10
"""… and never below this many pixels."""


def _column_html(lines: list[str], columns: int, px: int, wrap: bool = True) -> str:
    """``lines`` (plain text, escaped here) in ``columns`` columns, top to bottom and then on in
    the next column, each line with a hanging indent (or kept on one line: ``wrap=False``)."""
    rows = -(-len(lines) // columns)
    indent = round(px * 0.8)
    gap = round(px * 0.8)
    style = f"margin:0; margin-left:{indent}px; text-indent:-{indent}px;" if wrap else "margin:0; white-space:pre;"
    cells = []
    for column in range(columns):
        part = lines[column * rows : (column + 1) * rows]
        body = "".join(f'<p style="{style}">{html.escape(line)}</p>' for line in part)
        pad = f"padding-right:{gap}px;" if column < columns - 1 else ""
        cells.append(f'<td width="{100 // columns}%" valign="top" style="{pad}">{body}</td>')
    return f'<table width="100%" cellspacing="0" cellpadding="0"><tr>{"".join(cells)}</tr></table>'


def _html_height(text: str, font: QFont, width: int) -> float:
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(font)
    doc.setHtml(text)
    doc.setTextWidth(width)
    return doc.size().height() + 2  # a little room for rounding


def state_text(state: PhaseState) -> str:
    return {
        PhaseState.DONE: _("✓ erledigt"),
        PhaseState.STARTED: _("◐ begonnen"),
        PhaseState.EMPTY: _("○ noch nicht begonnen"),
    }[state]


def _colour(label: QLabel, colour: QColor, role: QPalette.ColorRole = QPalette.ColorRole.WindowText) -> None:
    palette = label.palette()
    if palette.color(role) != colour:
        palette.setColor(role, colour)
        label.setPalette(palette)


class _Details(QLabel):
    """The detail lines of a card. Its size never follows its text (the card fits the text to the
    room it has), so the row of cards keeps its height while the text is refitted."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return False

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(0, 0)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(0, 0)


class PhaseCard(QFrame):
    """A phase of the work plan; click it to make it the current phase."""

    sig_clicked = Signal(int)
    """Emitted with the card's index when it is clicked."""

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.current = False
        self.base = 20.0
        self._lines: list[str] = []
        self.show_all = False
        self.columns = 1  # the columns the details are set in (a long partner list: up to 4)
        self.details_px = 0  # the type size of the details, in pixels
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAutoFillBackground(True)
        self.state = QLabel()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.details = _Details()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.details.installEventFilter(self)
        self.timer = QLabel()
        for label in (self.title, self.state, self.summary, self.details, self.timer):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setObjectName("phaseTitle")
        self.timer.setObjectName("phaseTimer")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.state)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.timer)
        self.timer.hide()

    # --- content ----------------------------------------------------------------------------

    def set_phase(self, phase: PhaseStatus, details: list[str], current: bool) -> None:
        self.show_all = phase.page == "partners"  # every partner is named, however many
        self.title.setText(f"{phase.number}  {phase.name}")
        self.state.setText(state_text(phase.state))
        self.summary.setText(phase.summary)
        self._lines = list(details)
        self.fit_details()
        self.setAccessibleName(_("Phase {number}: {name}").format(number=phase.number, name=phase.name))
        self.current = current
        self.apply_colours()
        self.update()

    def set_timer(self, text: str, alarm: bool, alarm_colour: QColor) -> None:
        """The phase timer on the card ("" hides it); ``alarm`` when its time is up."""
        self.timer.setVisible(bool(text))
        self.timer.setText(text)
        _colour(self.timer, alarm_colour if alarm else self.palette().color(QPalette.ColorRole.Text))

    def fit_details(self) -> None:
        """As many detail lines as the card has room for; the rest is counted ("… und 3
        weitere"), nothing is cut off in the middle of a line. The partners card names every
        partner: when the list is too long it is set in up to four columns and smaller type."""
        lines = self._lines
        room = self.details.height()
        width = self.details.width()
        self.columns, self.details_px = 1, self._small_font().pixelSize()
        if room <= 0 or width <= 0 or not self.isVisible():
            self._plain("\n".join(lines))
            return
        metrics = QFontMetrics(self._small_font())

        def height(text: str) -> int:
            flags = int(Qt.TextFlag.TextWordWrap)
            return metrics.boundingRect(QRect(0, 0, width, 100000), flags, text).height()

        text = "\n".join(lines)
        if self.show_all and height(text) > room and len(lines) > 1:
            self._in_columns(lines, width, room)
            return
        for keep in range(len(lines) - 1, 0, -1):
            if height(text) <= room:
                break
            rest = len(lines) - keep
            more = ngettext("… und ein weiterer", "… und {n} weitere", rest).format(n=rest)
            text = "\n".join([*lines[:keep], more])
        self._plain(text)

    def _plain(self, text: str) -> None:
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setFont(self._small_font())
        self.details.setText(text)

    def _small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPixelSize(round(self.base * 0.78))
        return small

    def _in_columns(self, lines: list[str], width: int, room: int) -> None:
        """Every line, in as few columns (up to four) and as large type as fit, down to
        `MIN_DETAILS_SCALE` of the normal size; a wrapped line is indented under its start."""
        font = self._small_font()
        normal = font.pixelSize()
        smallest = max(MIN_DETAILS_PX, round(normal * MIN_DETAILS_SCALE))
        for px in range(normal, smallest - 1, -1):
            font.setPixelSize(px)
            for columns in range(1, 5):
                html = _column_html(lines, columns, px)
                if _html_height(html, font, width) <= room:
                    self._rich(html, font, columns)
                    return
        # still too many: one line per partner, a long name ending in "…", at the smallest type
        metrics = QFontMetrics(font)
        for columns in range(1, 5):
            room_w = (width - (columns - 1) * round(smallest * 0.8)) // columns - 2
            short = [metrics.elidedText(line, Qt.TextElideMode.ElideRight, room_w) for line in lines]
            html = _column_html(short, columns, smallest, wrap=False)
            if _html_height(html, font, width) <= room or columns == 4:
                self._rich(html, font, columns)
                return

    def _rich(self, html: str, font: QFont, columns: int) -> None:
        self.columns, self.details_px = columns, font.pixelSize()
        self.details.setFont(font)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setText(html)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.details and event.type() == QEvent.Type.Resize:
            self.fit_details()
        return False

    # --- look -------------------------------------------------------------------------------

    def set_base(self, base: float) -> None:
        """Font sizes and margins from the base size of the window (pixels)."""
        self.base = base
        title = QFont(self.font())
        title.setPixelSize(round(base * 1.0))
        title.setBold(True)
        self.title.setFont(title)
        small = self._small_font()
        for label in (self.state, self.summary, self.details):
            label.setFont(small)
        timer = QFont(small)
        timer.setBold(True)
        self.timer.setFont(timer)
        pad = round(base * 0.5)
        self.title.setMargin(round(base * 0.25))
        self.layout().setContentsMargins(pad, pad, pad, pad)
        self.layout().setSpacing(round(base * 0.25))

    def apply_colours(self) -> None:
        """Head in the highlight colour for the current phase, text colours from the palette."""
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        if self.current:
            _colour(self.title, palette.color(QPalette.ColorRole.Highlight), QPalette.ColorRole.Window)
            _colour(self.title, palette.color(QPalette.ColorRole.HighlightedText))
        else:
            _colour(self.title, palette.color(QPalette.ColorRole.Base), QPalette.ColorRole.Window)
            _colour(self.title, text)
        _colour(self.state, text)
        _colour(self.details, text)
        back = QPalette(palette)
        back.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.Base))
        _colour(self.summary, muted_colour(back))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (event.Type.PaletteChange, event.Type.ApplicationPaletteChange):
            self.apply_colours()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(2.0, self.base / 6) if self.current else max(1.0, self.base / 14)
        colour = palette.color(QPalette.ColorRole.Highlight) if self.current else palette.color(QPalette.ColorRole.Mid)
        rect = QRectF(self.rect()).adjusted(width / 2, width / 2, -width / 2, -width / 2)
        painter.setPen(QPen(colour, width))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        radius = self.base * 0.4
        painter.drawRoundedRect(rect, radius, radius)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton:
            self.sig_clicked.emit(self.index)
        super().mousePressEvent(event)
