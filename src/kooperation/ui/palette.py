"""Colours that follow the palette - also when the system switches between light and dark while
the window is open.

Qt repaints everything that takes its colours from the palette at paint time. What does not
follow by itself is a colour computed once from the palette (a muted grey, a warning red) and
put into a widget's own palette or style sheet: `follow_palette` computes it again whenever the
palette changes. Style sheets are avoided for colours: a widget with a style sheet keeps the
palette of the moment the sheet was applied.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

PROBLEM = {"light": "#b71c1c", "dark": "#ff8a80"}
"""Red for what has to be fixed: dark red on light backgrounds, light red on dark ones."""

ERROR_BOX = {"light": ("#fdecea", "#8a1c13"), "dark": ("#5c1d17", "#ffdad5")}
"""Background and text of an error message box."""

INFO_BOX = {"light": ("#e8f1fb", "#0b3d6b"), "dark": ("#16314d", "#d6e8fb")}
"""Background and text of a message box that informs (a change made elsewhere)."""

WARNING_BORDER = "#e0a100"
"""Amber, visible on light and dark backgrounds alike."""

_PALETTE_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)


def inherited_palette(widget: QWidget) -> QPalette:
    """The palette ``widget`` would have without colours of its own (its parent's, or the
    application's)."""
    parent = widget.parentWidget()
    return QPalette(parent.palette()) if parent is not None else QApplication.palette(widget)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def scheme(palette: QPalette) -> str:
    """``"dark"`` or ``"light"``: which of a pair of colours suits this palette."""
    return "dark" if is_dark(palette) else "light"


def muted_colour(palette: QPalette) -> QColor:
    """Secondary text: three fifths text, two fifths background (readable in both schemes)."""
    text = palette.color(QPalette.ColorRole.WindowText)
    back = palette.color(QPalette.ColorRole.Window)
    return QColor(
        (text.red() * 3 + back.red() * 2) // 5,
        (text.green() * 3 + back.green() * 2) // 5,
        (text.blue() * 3 + back.blue() * 2) // 5,
    )


class _Follower(QObject):
    """Calls ``apply(widget)`` again after every palette change of the widget."""

    def __init__(self, widget: QWidget, apply: Callable[[QWidget], None]) -> None:
        super().__init__(widget)
        self._apply = apply
        self._busy = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in _PALETTE_EVENTS and not self._busy and isinstance(watched, QWidget):
            self.run(watched)
        return False

    def run(self, widget: QWidget) -> None:
        self._busy = True  # setting the colours is itself a palette change
        try:
            self._apply(widget)
        finally:
            self._busy = False


def follow_palette(widget: QWidget, apply: Callable[[QWidget], None]) -> None:
    """Run ``apply(widget)`` now and again whenever the widget's palette changes (a switch of
    the system's colour scheme, or moving the widget into a differently coloured parent)."""
    _Follower(widget, apply).run(widget)


def set_text_colour(widget: QWidget, colour: QColor) -> None:
    """``colour`` for the widget's text, every other colour left to the palette."""
    palette = widget.palette()
    if palette.color(QPalette.ColorRole.WindowText) != colour:
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        widget.setPalette(palette)


def make_muted(label: QLabel) -> QLabel:
    """Secondary text, a colour between text and background that follows dark palettes."""
    follow_palette(label, lambda w: set_text_colour(w, muted_colour(inherited_palette(w))))
    return label


def make_problem(label: QLabel) -> QLabel:
    """Red text for what still has to be fixed; a lighter red on dark palettes."""
    follow_palette(
        label, lambda w: set_text_colour(w, QColor(PROBLEM[scheme(inherited_palette(w))]))
    )
    return label


def follow_box_colours(widget: QWidget, colours: dict[str, tuple[str, str]]) -> None:
    """Fill ``widget`` with the (background, text) pair of ``colours`` that suits the palette
    around it (``"light"`` or ``"dark"``), and again after every palette change."""
    widget.setAutoFillBackground(True)

    def apply(w: QWidget) -> None:
        back, text = colours[scheme(inherited_palette(w))]
        palette = w.palette()
        if palette.color(QPalette.ColorRole.Window) != QColor(back):
            palette.setColor(QPalette.ColorRole.Window, QColor(back))
            palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
            w.setPalette(palette)

    follow_palette(widget, apply)


def make_error_box(label: QLabel) -> QLabel:
    """A message box in the page: light red with dark text, or dark red with light text."""
    label.setMargin(6)
    follow_box_colours(label, ERROR_BOX)
    return label
