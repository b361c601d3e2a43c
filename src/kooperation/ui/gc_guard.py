"""Garbage collection only on the GUI thread.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a threshold
is reached. If that is a worker (rendering a draft), Qt objects that were part of a reference
cycle are destroyed from the wrong thread, which can crash the process. Anki solved this the
same way: automatic collection is switched off, and a timer on the GUI thread collects the
young generation often (cheap) and everything now and then.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

YOUNG_MS = 1_000
FULL_EVERY = 60  # young collections between two full ones


class GuiThreadCollector(QObject):
    """Collects garbage from the GUI thread's event loop; automatic collection stays off while
    it exists."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.setInterval(YOUNG_MS)
        self._timer.timeout.connect(self.collect)
        gc.disable()
        self._timer.start()

    def collect(self) -> None:
        self._ticks += 1
        if self._ticks >= FULL_EVERY:
            self._ticks = 0
            gc.collect()
        else:
            gc.collect(0)


def install(app: QObject) -> GuiThreadCollector:
    """Install the collector on ``app`` once (later calls return the same one)."""
    existing = app.findChild(GuiThreadCollector)
    return existing if existing is not None else GuiThreadCollector(app)
