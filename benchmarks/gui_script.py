"""Drive the real window from a script, as a person would, for the GUI benchmarks.

A script is a generator: ``yield ms`` lets the event loop run for ``ms`` milliseconds,
``yield ("until", test)`` lets it run until ``test()`` is true (at most two minutes). Between
steps the event loop runs freely, so painting, timers and workers behave as with a user.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

Step = float | tuple[str, Callable[[], bool]]

LONGEST_WAIT_S = 120
HEARTBEAT_MS = 5


class Heartbeat:
    """The longest gap between ticks of a 5 ms timer on the GUI thread, per phase: time in which
    the window could neither paint nor answer a key. Gaps in phase ``None`` are not counted."""

    def __init__(self, phase: str | None = "start") -> None:
        from PySide6.QtCore import QTimer

        self.phase = phase
        self.longest: dict[str, float] = {}
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000 - HEARTBEAT_MS
        self._last = now
        if self.phase is not None:
            self.longest[self.phase] = max(self.longest.get(self.phase, 0.0), gap)

    def enter(self, phase: str | None) -> None:
        """Count the gaps from now on under ``phase`` (None: stop counting)."""
        self.tick()
        self.phase = phase
        if phase is not None:
            self.longest.setdefault(phase, 0.0)


def drive(app, steps: Iterator[Step], poll_ms: int = 5) -> None:
    """Run ``steps`` in ``app``'s event loop; returns when the script ends (the loop quits)."""
    from PySide6.QtCore import QTimer

    def advance() -> None:
        while True:
            try:
                step = next(steps)
            except StopIteration:
                app.quit()
                return
            if isinstance(step, tuple):
                test = step[1]
                if test():
                    continue
                started = time.perf_counter()

                def poll(test=test, started=started) -> None:
                    if test() or time.perf_counter() - started > LONGEST_WAIT_S:
                        advance()
                    else:
                        QTimer.singleShot(poll_ms, poll)

                QTimer.singleShot(poll_ms, poll)
                return
            QTimer.singleShot(int(step), advance)
            return

    QTimer.singleShot(0, advance)
    app.exec()


def show_main_window(db: str):
    """The application's main window on the store ``db`` (as `run` opens it), shown at
    1400 x 900; returns (store, window). The QApplication must exist."""
    from kooperation.ui.app import create_main_window, open_for_window

    store = open_for_window(db)
    window = create_main_window(store)
    window.resize(1400, 900)
    window.show()
    return store, window


def drive_and_close(app, store, window, steps: Iterator[Step], poll_ms: int = 5) -> None:
    """Run ``steps`` (`drive`), wait for every background operation, close window and store."""
    from kooperation.ui import operations

    drive(app, steps, poll_ms=poll_ms)
    operations.wait_for_all(60_000)
    window.close()
    store.close()


def longest_stalls(db: str, make_steps: Callable[..., Iterator[Step]], phase: str | None = "start") -> dict[str, float]:
    """The main window on the store ``db``, shown at 1400 x 900, driven by the steps
    ``make_steps(app, store, window, beat)`` makes; returns the longest GUI-thread stall per
    phase in ms, once every background operation has finished."""
    from kooperation.ui.app import create_application

    app = create_application()
    beat = Heartbeat(phase)
    store, window = show_main_window(db)
    drive_and_close(app, store, window, make_steps(app, store, window, beat), poll_ms=10)
    result = dict(beat.longest)
    result.pop("end", None)
    return result


def generate_draft(project) -> Iterator[Step]:
    """Steps: go to the Entwürfe page of the project window ``project``, press "Entwurf
    erzeugen" and wait until the draft is stored."""
    project.select_phase("drafts")
    drafts = project.pages["drafts"]
    yield 200
    done: list[int] = []
    drafts.sig_draft_generated.connect(done.append)
    drafts.generate_button.click()
    yield ("until", lambda: bool(done))
