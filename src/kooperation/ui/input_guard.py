"""Input a person did not mean never changes anything - checked once, for every widget.

`InputGuard` is an application-wide event filter, installed once the start page is painted
(`install_input_guard`, called by `kooperation.ui.app.open_when_loaded` and by the tests'
``qapp``), so it also covers widgets created later: parameter editors, cell editors, dialogs, windows.

- The mouse wheel changes a spin box, combo box or date field only while it has the keyboard
  focus (as in Office or Qt Creator's settings). Otherwise the wheel scrolls what is around it -
  the page, the table - as if the field were not there. Such fields also no longer take the
  focus from the wheel (``Qt.StrongFocus`` instead of ``Qt.WheelFocus``).
- Esc, or the window's close button, in a dialog holding text the person typed asks
  (`ask_discard`: "Verwerfen" or "Weiter bearbeiten") instead of dropping the text.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

from kooperation.i18n import _

_VALUE_FIELDS = (QAbstractSpinBox, QComboBox, QAbstractSlider)
"""Widgets whose value the wheel changes (scroll bars excepted: scrolling is their value)."""


def is_value_field(widget: QObject) -> bool:
    return isinstance(widget, _VALUE_FIELDS) and not isinstance(widget, QScrollBar)


def value_field_of(widget: QObject | None) -> QWidget | None:
    """The value field ``widget`` is (part of), within its window; None if there is none."""
    while isinstance(widget, QWidget):
        if is_value_field(widget):
            return widget
        if widget.isWindow():
            return None
        widget = widget.parentWidget()
    return None


def ask_discard(parent: QWidget | None, text: str | None = None) -> bool:
    """Ask whether typed text may be dropped; True for "Verwerfen". "Weiter bearbeiten" is the
    default and what Esc answers."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Entwurf verwerfen?"),
        text or _("Der eingegebene Text ist noch nicht gespeichert. Wenn Sie ihn verwerfen, ist er verloren."),
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.button(QMessageBox.StandardButton.Discard).setText(_("Verwerfen"))
    box.button(QMessageBox.StandardButton.Cancel).setText(_("Weiter bearbeiten"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Discard


def typed_text(root: QWidget) -> bool:
    """Whether ``root`` holds text a person typed and did not hand over yet (edited, editable
    text fields with something in them; not the line edits inside spin and combo boxes)."""
    for edit in root.findChildren(QLineEdit):
        parent = edit.parentWidget()
        if isinstance(parent, (QAbstractSpinBox, QComboBox)) or edit.isReadOnly() or not edit.isVisible():
            continue
        if edit.isModified() and edit.text().strip():
            return True
    for edit in (*root.findChildren(QPlainTextEdit), *root.findChildren(QTextEdit)):
        if edit.isReadOnly() or not edit.isVisible():
            continue
        if edit.document().isModified() and edit.toPlainText().strip():
            return True
    return False


def _guarded_dialog(widget: QObject) -> QDialog | None:
    """The dialog whose typed text Esc or closing would drop (file dialogs and message boxes
    hold no text of the person's)."""
    window = widget.window() if isinstance(widget, QWidget) else None
    if not isinstance(window, QDialog) or isinstance(window, (QFileDialog, QMessageBox)):
        return None
    return window


KeyHandler = Callable[[QObject, QKeyEvent], bool]
"""Gets every key event (press, release, shortcut override) of the application first; returns
True when it took the event."""


class InputGuard(QObject):
    """The application-wide filter described in the module docstring.

    Every event of the program passes through an application-wide filter written in Python, so
    there is only this one, and it sorts events by their class before it asks for their type:
    other parts of the program that need to see key events first (the project window's Ctrl+Z)
    register a `KeyHandler` with `add_key_handler` instead of a filter of their own."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._key_handlers: list[weakref.WeakMethod] = []

    def add_key_handler(self, handler: KeyHandler) -> None:
        """Register a bound method; the guard holds it weakly (as Qt holds a filter: the guard
        keeps no window alive), `remove_key_handler` takes it out."""
        alive = [ref for ref in self._key_handlers if ref() is not None]
        self._key_handlers = [*alive, weakref.WeakMethod(handler)]  # type: ignore[arg-type]

    def remove_key_handler(self, handler: KeyHandler) -> None:
        self._key_handlers = [
            ref for ref in self._key_handlers if ref() is not None and ref() != handler
        ]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if isinstance(event, QKeyEvent):
            for ref in reversed(self._key_handlers):  # the newest first, as Qt's filters
                handler = ref()
                if handler is not None and handler(watched, event):
                    return True
            if event.type() == QEvent.Type.KeyPress:
                return self._escape(watched, event)
            return False
        if isinstance(event, QWheelEvent):
            return self._wheel(watched, event)
        if isinstance(event, QCloseEvent):
            if event.spontaneous() and isinstance(watched, QDialog):
                return self._close(watched, event)
            return False
        if (type(event) is QEvent and event.type() == QEvent.Type.Polish and is_value_field(watched)
                and watched.focusPolicy() == Qt.FocusPolicy.WheelFocus):
            watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return False

    # --- wheel --------------------------------------------------------------------------------
    def _wheel(self, watched: QObject, event: QWheelEvent) -> bool:
        field = value_field_of(watched)
        if field is None or field.hasFocus():
            return False
        if field.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        pass_on(field, event)
        event.accept()
        return True

    # --- typed text in dialogs ----------------------------------------------------------------
    def _escape(self, watched: QObject, event: QKeyEvent) -> bool:
        if event.key() != Qt.Key.Key_Escape or event.modifiers() not in (
            Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier
        ):
            return False
        if QApplication.activePopupWidget() is not None:
            return False  # Esc closes the popup (a completer, a combo's list) first
        dialog = _guarded_dialog(watched)
        if dialog is None or not typed_text(dialog):
            return False
        if ask_discard(dialog):
            dialog.reject()
        return True

    def _close(self, dialog: QDialog, event: QEvent) -> bool:
        if _guarded_dialog(dialog) is not dialog or not dialog.isVisible() or not typed_text(dialog):
            return False
        if ask_discard(dialog):
            return False
        event.ignore()
        return True


def pass_on(field: QWidget, event: QWheelEvent) -> bool:
    """Offer ``event`` to the widgets around ``field``, innermost first, as Qt does with a wheel
    event nobody took - until one scrolls; returns whether one did."""
    widget = field.parentWidget()
    while widget is not None:
        position = widget.mapFromGlobal(event.globalPosition())
        copy = QWheelEvent(
            position, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
            event.buttons(), event.modifiers(), event.phase(), event.inverted(), event.source(),
        )
        copy.ignore()
        QApplication.sendEvent(widget, copy)
        if copy.isAccepted():
            return True
        if widget.isWindow():
            return False
        widget = widget.parentWidget()
    return False


def _no_wheel_focus(widgets) -> None:
    """What the guard does when a value field is polished, for ``widgets`` that exist already."""
    for widget in widgets:
        if is_value_field(widget) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def install_input_guard(app: QApplication) -> InputGuard:
    """Install the guard on ``app`` once; returns it. Value fields that exist already (and may
    have been polished without the guard) get the focus policy the guard gives at polishing.
    The guard is remembered on ``app``, and the fields are looked for by Qt, in each window:
    ``app.findChild`` or ``app.allWidgets`` would hand Qt for Python every object of the
    application, whose enumerations it would then set up (at the program's start, just after
    the first paint: 9 instead of 2 ms)."""
    guard = getattr(app, "_kooperation_input_guard", None)
    if guard is None or not shiboken6.isValid(guard) or guard.parent() is not app:
        guard = InputGuard(app)
        app.installEventFilter(guard)
        for window in app.topLevelWidgets():
            _no_wheel_focus_within(window)
    app._kooperation_input_guard = guard  # type: ignore[attr-defined]
    return guard


def _no_wheel_focus_within(widget: QWidget) -> None:
    """`_no_wheel_focus` for ``widget`` and the value fields within it."""
    _no_wheel_focus([widget])
    for kind in _VALUE_FIELDS:
        _no_wheel_focus(widget.findChildren(kind))


W = TypeVar("W", bound=QWidget)


def build_unguarded(build: Callable[[], W]) -> W:
    """``build()`` - many widgets made at once, a page of the project window - with the guard
    taken off meanwhile and put back at once. Every event of every new widget (dozens each:
    children added, layouts, polishing) passes through the guard, which is written in Python:
    measured for the 105 answer boxes of the readiness page with 15 partners, 159 ms with the
    guard, 43 ms without. Nothing a person does can arrive meanwhile (the build runs without the
    event loop), and the one thing the guard does to new widgets (value fields polished meanwhile
    take the focus from the wheel no longer) is done for the built widget's fields afterwards."""
    app = QApplication.instance()
    guard = getattr(app, "_kooperation_input_guard", None)
    if guard is None or not shiboken6.isValid(guard) or guard.parent() is not app or getattr(guard, "paused", False):
        return build()  # no guard, or a build within a build: the outer one puts it back
    guard.paused = True
    app.removeEventFilter(guard)
    try:
        widget = build()
    finally:
        app.installEventFilter(guard)
        guard.paused = False
    _no_wheel_focus_within(widget)
    return widget
