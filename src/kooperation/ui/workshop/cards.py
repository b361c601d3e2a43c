"""One phase of the work plan (Arbeitsplan) as a card for the projector.

A card shows the phase's number and name, its state (done, begun, not yet begun), the summary
of what the project holds and a few lines of detail, and the phase timer once it has run. The
current phase is drawn with a thick border and its head in the highlight colour. Every colour
comes from the palette at paint or refresh time, so light, dark and high-contrast themes work.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt, Signal
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
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kooperation.domain.checks_logic import PhaseState, PhaseStatus
from kooperation.i18n import _, ngettext
from kooperation.ui.palette import muted_colour


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
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAutoFillBackground(True)
        self.state = QLabel()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.details = QLabel()
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
        weitere"), nothing is cut off in the middle of a line."""
        lines = self._lines
        room = self.details.height()
        width = self.details.width()
        if room <= 0 or width <= 0 or not self.isVisible():
            self.details.setText("\n".join(lines))
            return
        metrics = QFontMetrics(self.details.font())

        def height(text: str) -> int:
            flags = int(Qt.TextFlag.TextWordWrap)
            return metrics.boundingRect(QRect(0, 0, width, 100000), flags, text).height()

        text = "\n".join(lines)
        for keep in range(len(lines) - 1, 0, -1):
            if height(text) <= room:
                break
            rest = len(lines) - keep
            more = ngettext("… und ein weiterer", "… und {n} weitere", rest).format(n=rest)
            text = "\n".join([*lines[:keep], more])
        self.details.setText(text)

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
        small = QFont(self.font())
        small.setPixelSize(round(base * 0.78))
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
