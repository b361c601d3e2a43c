"""Building blocks of the meeting pages (readiness, success factors, form guide, board, living
agreement): a page frame that scrolls, hints with a link to their rule topic, framed notices
whose border follows the palette, and small editors that behave well inside a scrolling page.

Nothing here knows a page; the pages put the pieces together.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.catalogue import load_catalogue
from kooperation.domain.checks import Severity
from kooperation.domain.checks_logic import Hint
from kooperation.i18n import _
from kooperation.ui.palette import PROBLEM, WARNING_BORDER, make_muted, scheme
from kooperation.ui.param_editors import wrapped_label
from kooperation.ui.topic_panel import heading

SEVERITY_MARKS = {Severity.CRITICAL: "⚠", Severity.WARNING: "⚠", Severity.INFO: "➜"}
"""Marks that common fonts carry; the frame's colour tells critical (red) from warning (amber)."""


def severity_words(severity: Severity) -> str:
    """The severity in words, for screen readers and tooltips."""
    return {
        Severity.CRITICAL: _("Dringend"),
        Severity.WARNING: _("Warnung"),
        Severity.INFO: _("Hinweis"),
    }[Severity(severity)]


def topic_label(topic_id: str | None) -> str:
    """The name of a rule topic in the current language ("" for none or an unknown id)."""
    topic = load_catalogue().topic(topic_id) if topic_id else None
    return topic.label.get_text() if topic is not None else ""


def scale_font(widget: QWidget, factor: float, bold: bool | None = None) -> QWidget:
    """Make the font of ``widget`` (and so of its children) ``factor`` times larger."""
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    if bold is not None:
        font.setBold(bold)
    widget.setFont(font)
    return widget


def muted(text: str = "") -> QLabel:
    """Secondary, wrapped text."""
    return make_muted(wrapped_label(text))


def bold_label(text: str = "") -> QLabel:
    label = wrapped_label(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def page_top(title: str, intro: str) -> QWidget:
    """The title of a meeting page with its introduction under it."""
    top = QWidget()
    box = QVBoxLayout(top)
    box.setContentsMargins(0, 0, 0, 4)
    box.setSpacing(4)
    box.addWidget(heading(title))
    box.addWidget(muted(intro))
    return top


def scroll_area(content: QWidget) -> QScrollArea:
    """``content`` in a borderless scroll area that is no Tab stop itself (Tab goes to the
    fields inside, which scroll into view)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    scroll.setWidget(content)
    return scroll


def clear_layout(layout) -> None:
    """Remove and delete every widget and sub-layout of ``layout``."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


class ElidedLabel(QLabel):
    """One line of text, shortened with "…" when the label is too narrow; ``text()`` and the
    tooltip keep the whole text (a partner's long name over a narrow column)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.fontMetrics().horizontalAdvance("…") + 4, super().minimumSizeHint().height())

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())
        painter.drawText(self.contentsRect(), int(self.alignment()), shown)


class ResponsiveSplitter(QSplitter):
    """Side by side when there is room (``wide`` pixels), one above the other when not - the
    project window leaves a page about 640 pixels next to the preview, a projector in full
    screen far more."""

    def __init__(self, wide: int = 900, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.wide = wide
        self.setChildrenCollapsible(False)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        wanted = Qt.Orientation.Horizontal if event.size().width() >= self.wide else Qt.Orientation.Vertical
        if self.orientation() != wanted:
            self.setOrientation(wanted)
            total = event.size().width() if wanted == Qt.Orientation.Horizontal else event.size().height()
            self.setSizes([total * 11 // 20, total * 9 // 20])
        super().resizeEvent(event)


class AnswerComboBox(QComboBox):
    """A combo box as wide as its answers that shows a stored answer without emitting (the
    wheel changes it only with the focus, see `kooperation.ui.input_guard`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def select_data(self, value: object) -> None:
        """Show the entry whose data is ``value`` without emitting an edit."""
        index = self.findData(value)
        if index < 0:
            index = 0
        if self.currentIndex() != index:
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)


def severity_colour(severity: Severity, palette: QPalette) -> QColor:
    """The border of a hint: red for critical, amber for warnings, the highlight for the rest;
    chosen when painting, so it follows a switch between light and dark."""
    if severity is Severity.CRITICAL:
        return QColor(PROBLEM[scheme(palette)])
    if severity is Severity.WARNING:
        return QColor(WARNING_BORDER)
    return palette.color(QPalette.ColorRole.Highlight)


class NoticeFrame(QFrame):
    """A rounded border in the colour of a severity, with a stripe on the left; drawn rather than
    styled, so that the texts inside keep following the palette."""

    def __init__(self, severity: Severity = Severity.INFO, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.severity = Severity(severity)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = severity_colour(self.severity, self.palette())
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.setPen(QPen(colour, 1.5))
        painter.drawRoundedRect(rect, 4, 4)
        painter.fillRect(QRectF(rect.left(), rect.top() + 2, 4, rect.height() - 4), colour)


def notice(text: str, severity: Severity = Severity.WARNING) -> NoticeFrame:
    """A framed message with the severity's mark, e.g. the GbR warning."""
    frame = NoticeFrame(severity)
    row = QHBoxLayout(frame)
    row.setContentsMargins(14, 8, 10, 8)
    row.setSpacing(8)
    mark = QLabel(SEVERITY_MARKS[Severity(severity)])
    scale_font(mark, 1.3, bold=True)
    mark.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
    frame.text_label = wrapped_label(text)
    row.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(frame.text_label, 1)
    frame.setAccessibleName(f"{severity_words(severity)}: {text}")
    return frame


class HintList(QWidget):
    """Hints, most serious first, each in a frame with its mark and, where it points at a rule
    topic, a button that leads there."""

    sig_topic_requested = Signal(str)
    """Emitted with a rule topic id when the user asks to see the topic of a hint."""

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(6)
        self._empty_text = empty_text
        self.hints: list[Hint] = []
        self.buttons: list[QPushButton | None] = []
        self._shown: list[tuple] | None = None

    def set_hints(self, hints: Sequence[Hint]) -> None:
        """Show ``hints`` in the order given (rebuilt only when something changed)."""
        key = [(h.code, h.severity, h.text, h.topic_id) for h in hints]
        if key == self._shown:
            return
        self._shown = key
        self.hints = list(hints)
        clear_layout(self._box)
        self.buttons = []
        if not hints:
            self._box.addWidget(muted(self._empty_text))
        for hint in hints:
            self._box.addWidget(self._row(hint))

    def _row(self, hint: Hint) -> QWidget:
        frame = NoticeFrame(hint.severity)
        frame.setObjectName("hint_" + hint.code)
        row = QHBoxLayout(frame)
        row.setContentsMargins(14, 6, 8, 6)
        row.setSpacing(8)
        mark = QLabel(SEVERITY_MARKS[hint.severity])
        mark.setToolTip(severity_words(hint.severity))
        scale_font(mark, 1.2, bold=True)
        mark.setFixedWidth(max(mark.fontMetrics().horizontalAdvance(m) for m in SEVERITY_MARKS.values()) + 4)
        mark.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(4)
        text = wrapped_label(hint.text)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(text)
        button = None
        label = topic_label(hint.topic_id)
        if label:
            button = QPushButton(_("Zum Thema „{topic}“").format(topic=label))
            button.setToolTip(_("Zeigt das Regelungsthema auf der Seite „Form & Regeln“."))
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, t=hint.topic_id: self.sig_topic_requested.emit(t))
            column.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.buttons.append(button)
        row.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(column, 1)
        frame.setAccessibleName(f"{severity_words(hint.severity)}: {hint.text}")
        return frame

    def texts(self) -> list[str]:
        """The texts shown, in order (for tests and the window)."""
        return [h.text for h in self.hints]

    def button_for(self, topic_id: str) -> QPushButton | None:
        """The first "Zum Thema" button leading to ``topic_id``."""
        for hint, button in zip(self.hints, self.buttons, strict=True):
            if hint.topic_id == topic_id and button is not None:
                return button
        return None
