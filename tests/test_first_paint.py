"""Work deferred until a window is on screen runs after its first paint, not before it (a zero
timer after show() would run first), and still runs if the window is never painted."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kooperation.ui.first_paint import after_first_paint


class _Recorder(QWidget):
    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    def paintEvent(self, event):  # noqa: N802 (Qt's name)
        self.log.append("paint")
        super().paintEvent(event)


def test_the_callback_runs_once_after_the_first_paint(qtbot):
    """The callback comes after the widget's paint event, exactly once."""
    log: list[str] = []
    widget = _Recorder(log)
    qtbot.addWidget(widget)
    after_first_paint(widget, lambda: log.append("work"))
    widget.show()
    assert "work" not in log  # not run from show() itself
    qtbot.waitUntil(lambda: "work" in log, timeout=3000)
    assert log.index("paint") < log.index("work")
    widget.update()
    qtbot.wait(50)
    assert log.count("work") == 1


def test_a_window_that_is_never_painted_still_gets_the_work_done(qtbot):
    """A hidden window: the callback runs after the fallback delay."""
    log: list[str] = []
    widget = _Recorder(log)
    qtbot.addWidget(widget)
    after_first_paint(widget, lambda: log.append("work"), fallback_ms=30)
    qtbot.waitUntil(lambda: "work" in log, timeout=2000)
    assert log == ["work"]
