"""Errors reach the user as a message in plain words, never as a traceback or not at all.

`show_error` is the one way the window reports a problem. `install_excepthook` catches what
nobody expected (a bug): the user sees a short German message, the traceback goes to stderr for
whoever reports the bug, and the application keeps running.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kooperation.errors import KooperationError
from kooperation.i18n import _

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]

_showing = False


def show_error(parent: QWidget | None, message: str, title: str | None = None) -> None:
    """Show ``message`` (already in the user's language) in a modal warning box."""
    QMessageBox.warning(parent, title or _("Kooperation"), message)


def unexpected_message(exc: BaseException) -> str:
    """The plain-words text for an error nobody expected."""
    if isinstance(exc, KooperationError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return _(
            "Der Arbeitsspeicher reicht nicht aus. Bitte andere Programme schließen und es noch "
            "einmal versuchen."
        )
    if isinstance(exc, OSError) and exc.strerror:
        return _(
            "Eine Datei oder ein Ordner konnte nicht benutzt werden: {reason}. Bitte prüfen Sie, "
            "ob der Ort existiert und beschreibbar ist."
        ).format(reason=exc.strerror)
    return _(
        "Etwas ist unerwartet schiefgegangen ({error}). Ihre bisher gespeicherten Eingaben sind "
        "erhalten. Bitte versuchen Sie es noch einmal; wenn der Fehler bleibt, melden Sie ihn "
        "bitte mit einer kurzen Beschreibung, was Sie gerade getan haben."
    ).format(error=type(exc).__name__)


def handle_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """The hook itself: log the traceback for bug reports, show the user a plain message."""
    global _showing
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if not isinstance(exc, KooperationError):
        traceback.print_exception(exc_type, exc, tb, file=sys.stderr)
    if QApplication.instance() is None or _showing:
        return  # no window to show it in, or an error while showing an error
    _showing = True
    try:
        parent = QApplication.activeWindow()
        show_error(parent, unexpected_message(exc))
    finally:
        _showing = False


def install_excepthook() -> ExceptHook:
    """Route uncaught exceptions to `handle_exception`; returns the previous hook."""
    previous = sys.excepthook
    sys.excepthook = handle_exception
    return previous
