"""One way to run long work: off the GUI thread, with progress, errors caught, callbacks on the GUI thread.

Modelled on Anki's ``CollectionOp`` and Picard's ``run_task``::

    Operation(self, render, project, "vertrag") \\
        .on_progress(self._show_progress) \\
        .on_success(self._store) \\
        .on_failure(self._report) \\
        .run()

    def render(progress, project, kind):   # on the worker
        progress(20, _("PDF wird erzeugt …"))
        return drafts.render_draft(project, kind, progress=progress)

``fn(progress, *args, **kwargs)`` runs on a worker of a `QThreadPool`; ``progress(percent, text)``
may be called from there as often as it likes. The callbacks always run on the GUI thread: the
worker posts events to a `QObject` that lives there (as Picard's ``run_task`` does), so they may
touch widgets; the worker never does. ``run()`` must be called on the GUI thread.

Rules for ``fn``: it computes, and it may use the store only where every thread gets a
connection of its own (`kooperation.ui.project_load.reads_on_worker`) and only in one
all-or-nothing call that ends the work (as the drafts page stores a rendered version): a failed
operation must leave the store as it was. That is why the failure message can say "nothing was
stored". Widgets and the project session stay on the GUI thread.

Errors: a `KooperationError` becomes its own message; anything else is logged with its
traceback and becomes a German message in plain words. An exception raised by the success
callback is treated the same way. Without a failure callback the message is shown in a box.

Tests call ``set_synchronous(True)`` (Picard's thread pool that runs tasks at once): ``run()``
then does the work and calls every callback before it returns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, QThreadPool
from PySide6.QtWidgets import QWidget

from kooperation.errors import KooperationError
from kooperation.i18n import _

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, str], None]
"""``progress(percent, text)``: percent 0–100, text what is being done, in the user's language."""

RUN_SYNCHRONOUSLY = False
"""If true, `Operation.run` works in the calling thread and calls back before returning."""

_pool: QThreadPool | None = None
_running: set[Operation] = set()
"""Operations whose callbacks are still due; keeps them (and their receiver) alive until then."""


def set_synchronous(on: bool) -> bool:
    """Run operations at once in the calling thread (for deterministic tests); returns the old value."""
    global RUN_SYNCHRONOUSLY
    old, RUN_SYNCHRONOUSLY = RUN_SYNCHRONOUSLY, bool(on)
    return old


def thread_pool() -> QThreadPool:
    """The pool the operations run on (its own, so that Qt's global pool stays free)."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setObjectName("kooperation-operations")
    return _pool


def wait_for_all(msecs: int = -1) -> bool:
    """Block until every running worker has finished (at shutdown); callbacks come later."""
    return _pool.waitForDone(msecs) if _pool is not None else True


def running_count() -> int:
    """How many operations still have callbacks to deliver."""
    return len(_running)


def failure_message(exc: BaseException) -> str:
    """What the user reads when an operation failed: plain words, never a traceback."""
    if isinstance(exc, KooperationError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return _(
            "Der Arbeitsspeicher reicht nicht aus. Es wurde nichts gespeichert. Bitte schließen Sie "
            "andere Programme und versuchen Sie es noch einmal."
        )
    if isinstance(exc, OSError) and exc.strerror:
        return _(
            "Eine Datei oder ein Ordner konnte nicht benutzt werden: {reason}. Es wurde nichts "
            "gespeichert."
        ).format(reason=exc.strerror)
    return _(
        "Unerwarteter Fehler ({error}). Es wurde nichts gespeichert. Bitte versuchen Sie es noch "
        "einmal; wenn der Fehler bleibt, melden Sie ihn bitte mit einer kurzen Beschreibung, was "
        "Sie gerade getan haben."
    ).format(error=type(exc).__name__)


def _log(exc: BaseException, where: str) -> None:
    if not isinstance(exc, KooperationError):
        log.error("Unerwarteter Fehler %s", where, exc_info=(type(exc), exc, exc.__traceback__))


class _Delivery(QEvent):
    """A callback for the GUI thread, posted by the worker (Picard's ``ProxyToMainEvent``)."""

    TYPE = QEvent.Type(QEvent.registerEventType())

    def __init__(self, deliver: Callable[..., None], *args: Any) -> None:
        super().__init__(self.TYPE)
        self.deliver = deliver
        self.args = args


class _Receiver(QObject):
    """Lives in the GUI thread. The worker posts `_Delivery` events to it; Qt queues them and
    hands them over on the GUI thread, in the order they were posted.

    Posted events rather than queued signals: with PySide6 6.12 on Python 3.11 every
    ``Signal.emit`` called from Python drops a reference to ``True`` and the interpreter aborts
    once enough have been emitted; progress reports would get there quickly.
    """

    def event(self, event: QEvent) -> bool:
        if event.type() == _Delivery.TYPE and isinstance(event, _Delivery):
            event.deliver(*event.args)
            return True
        return super().event(event)


class _Worker(QRunnable):
    def __init__(self, op: Operation) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._op = op

    def run(self) -> None:
        self._op._work()


class Operation:
    """A piece of long work with its callbacks; see the module docstring."""

    def __init__(
        self, parent: QObject | None, fn: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> None:
        self.parent = parent
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._success: Callable[[Any], Any] | None = None
        self._failure: Callable[[str], Any] | None = None
        self._progress: Callable[[int, str], Any] | None = None
        self._receiver: _Receiver | None = None
        self.error: BaseException | None = None
        """The exception of a failed operation (for logging or tests)."""
        self.finished = False
        """True once the success or failure callback has been called (or skipped)."""

    # --- fluent set-up ------------------------------------------------------------------------

    def on_success(self, callback: Callable[[Any], Any]) -> Operation:
        """``callback(result)`` on the GUI thread with what ``fn`` returned."""
        self._success = callback
        return self

    def on_failure(self, callback: Callable[[str], Any]) -> Operation:
        """``callback(message)`` on the GUI thread with a message in plain words."""
        self._failure = callback
        return self

    def on_progress(self, callback: Callable[[int, str], Any]) -> Operation:
        """``callback(percent, text)`` on the GUI thread whenever ``fn`` reports progress."""
        self._progress = callback
        return self

    def run(self) -> Operation:
        """Start the work (at once if `RUN_SYNCHRONOUSLY`, else on the pool); returns self."""
        if RUN_SYNCHRONOUSLY:
            try:
                result = self._fn(self._deliver_progress, *self._args, **self._kwargs)
            except Exception as exc:  # noqa: BLE001 - every error reaches the user as a message
                _log(exc, "in einer Operation")
                self._deliver_failure(exc)
            else:
                self._deliver_success(result)
            return self
        receiver = _Receiver()
        app = QCoreApplication.instance()
        if app is not None and receiver.thread() is not app.thread():
            receiver.moveToThread(app.thread())  # callbacks belong to the GUI thread, always
        self._receiver = receiver
        _running.add(self)
        thread_pool().start(_Worker(self))
        return self

    # --- worker side --------------------------------------------------------------------------

    def _post(self, deliver: Callable[..., None], *args: Any) -> None:
        QCoreApplication.postEvent(self._receiver, _Delivery(deliver, *args))

    def _report_progress(self, percent: int, text: str) -> None:
        """The ``progress`` the worker's ``fn`` gets: posts, never calls the callback itself."""
        self._post(self._deliver_progress, int(percent), str(text))

    def _work(self) -> None:
        """Runs on the worker: computes, then posts the outcome to the GUI thread."""
        try:
            result = self._fn(self._report_progress, *self._args, **self._kwargs)
        except Exception as exc:  # noqa: BLE001 - every error reaches the user as a message
            _log(exc, "in einer Operation")
            self._post(self._deliver_failure, exc)
        else:
            self._post(self._deliver_success, result)

    # --- GUI side -----------------------------------------------------------------------------

    def _parent_alive(self) -> bool:
        return self.parent is None or shiboken6.isValid(self.parent)

    def _deliver_progress(self, percent: int, text: str) -> None:
        if self._progress is not None and not self.finished and self._parent_alive():
            self._progress(int(percent), text)

    def _deliver_success(self, result: Any) -> None:
        if not self._finish():
            return
        if self._success is None:
            return
        try:
            self._success(result)
        except Exception as exc:  # noqa: BLE001 - e.g. the store refused the write
            _log(exc, "beim Abschluss einer Operation")
            self._report(exc)

    def _deliver_failure(self, exc: BaseException) -> None:
        if self._finish():
            self._report(exc)

    def _finish(self) -> bool:
        """Mark the operation done; False if its parent is gone (then no callback runs)."""
        self.finished = True
        _running.discard(self)
        if self._receiver is not None:
            self._receiver.deleteLater()
            self._receiver = None
        if not self._parent_alive():
            log.info("Operation beendet, aber ihr Fenster ist schon geschlossen")
            return False
        return True

    def _report(self, exc: BaseException) -> None:
        self.error = exc
        message = failure_message(exc)
        if self._failure is not None:
            self._failure(message)
            return
        from kooperation.ui.errors import show_error

        parent = self.parent if isinstance(self.parent, QWidget) else None
        show_error(parent, message)
