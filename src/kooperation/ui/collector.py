"""Garbage collection on the GUI thread only.

Python's automatic collector runs in whichever thread happens to allocate when a threshold is
crossed - also in the preview's or an export's worker thread. If it then frees a Qt object of the
GUI thread (a closed window caught in a reference cycle), Qt crashes. So the automatic collector
is switched off and `MainThreadCollector` does the same work by the same thresholds, from a timer
on the GUI thread (the pattern of Anki's and Spyder's Qt front ends).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    """Collects the generations whose thresholds were crossed, every half second."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def check(self) -> int:
        """Collect as the automatic collector would now; returns the objects found unreachable."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        generation = -1
        for level in range(3):
            if counts[level] > thresholds[level]:
                generation = level
        return gc.collect(generation) if generation >= 0 else 0


def install_collector(app: QApplication) -> MainThreadCollector:
    """Switch collection to the GUI thread of ``app`` (once); returns the collector. (It is
    remembered on ``app``: ``app.findChild`` would hand Qt for Python every child of the
    application, the style among them, whose enumerations it would then set up before the
    first paint.)"""
    collector = getattr(app, "_kooperation_collector", None)
    if collector is None:
        collector = MainThreadCollector(app)
        collector.start()
        app._kooperation_collector = collector  # type: ignore[attr-defined]
    return collector
