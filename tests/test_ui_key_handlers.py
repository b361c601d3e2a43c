"""Key handlers of the input guard: the one application-wide filter hands every key event to
them first (the project window's Ctrl+Z), holds them weakly and lets them go when removed."""

from __future__ import annotations

import gc

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from kooperation.ui.input_guard import install_input_guard


class Recorder:
    def __init__(self, take: bool = False) -> None:
        self.keys: list[int] = []
        self.take = take

    def handler(self, _watched, event) -> bool:
        if event.type() == event.Type.KeyPress:
            self.keys.append(event.key())
            return self.take
        return False


def test_a_key_handler_sees_key_presses_first_and_can_take_them(qapp, qtbot):
    """A handler gets the key press before the field; one that takes it keeps it from the field;
    after removal it gets nothing more."""
    guard = install_input_guard(qapp)
    edit = QLineEdit()
    qtbot.addWidget(edit)
    taker = Recorder(take=True)
    guard.add_key_handler(taker.handler)
    try:
        qtbot.keyClick(edit, Qt.Key.Key_A)
        assert taker.keys and edit.text() == ""
    finally:
        guard.remove_key_handler(taker.handler)
    qtbot.keyClick(edit, Qt.Key.Key_B)
    assert edit.text() == "b" and len(taker.keys) == 1


def test_the_guard_keeps_no_handler_alive(qapp, qtbot):
    """A handler whose owner is gone is dropped (the guard holds it weakly, as Qt holds an event
    filter): keys still reach the field and nothing fails."""
    guard = install_input_guard(qapp)
    edit = QLineEdit()
    qtbot.addWidget(edit)
    owner = Recorder(take=True)
    guard.add_key_handler(owner.handler)
    del owner
    gc.collect()
    qtbot.keyClick(edit, Qt.Key.Key_C)
    assert edit.text() == "c"
