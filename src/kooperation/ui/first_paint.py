"""Run something once a window has been painted, not merely shown.

`QWidget.show()` only schedules the first paint: a zero timer started right after it fires
*before* the window appears on screen (measured: the timer, then the paint). Work that can wait
until the user sees the window (opening the database layer, loading a project) therefore waits
for the window's first paint event and then for the event loop to come round once, so the
painted picture is flushed to the screen first.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 1000
"""A window that is never painted (minimised, off screen) still gets the work done after this."""

_WAITING: set[_FirstPaint] = set()
"""The filters still waiting: Python keeps them alive (Qt's parent alone does not keep the
Python side of a filter, and Qt would then call a half-made wrapper)."""


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None], fallback_ms: int) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback: Callable[[], None] | None = callback
        _WAITING.add(self)
        self.destroyed.connect(lambda *_: _WAITING.discard(self))  # the widget went first
        widget.installEventFilter(self)
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.timeout.connect(self._run)
        self._fallback.start(fallback_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            getattr(self, "_callback", None) is not None
            and watched is self._widget
            and event.type() == QEvent.Type.Paint
        ):
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._run)  # after this paint has been drawn and flushed
        return False

    def _run(self) -> None:
        callback, self._callback = self._callback, None
        _WAITING.discard(self)
        self._fallback.stop()
        self._widget.removeEventFilter(self)
        if callback is not None:
            callback()


def after_first_paint(
    widget: QWidget, callback: Callable[[], None], fallback_ms: int = FALLBACK_MS
) -> None:
    """Call ``callback`` once, as soon as ``widget`` has been painted for the first time (or
    after ``fallback_ms`` if it is not painted by then)."""
    _FirstPaint(widget, callback, fallback_ms)
