"""Seeing what others changed: a project window asks the store every few seconds whether its
project's revision grew, and shows the new state.

Other windows, the command line and, on a shared PostgreSQL database, other people write to the
same project. Every write grows the project's revision (`Store.project_revision`, one
primary-key lookup), so a window learns of any change by asking for that one number. Why a poll
and not PostgreSQL's LISTEN/NOTIFY: one way for a SQLite file (where two programs cannot notify
each other) and for the server, no extra connection per window, and it works through a
connection pooler; 40 windows asking every 2 s are 20 tiny queries a second for the server.

`ExternalWatch` keeps it cheap for the computer and invisible on the screen:

- It asks every `INTERVAL_MS` only while Kooperation is the active application (one of its
  windows has the focus) and the window is on screen (not minimized); a laptop whose user works
  in another program is not woken. When Kooperation becomes active again it asks at once.
- The question and, if the revision grew, the reading of the new state run on one worker
  thread shared by all windows (the store's connection pool gives it its own connection;
  handing it a question costs the GUI thread microseconds), never on the GUI
  thread: a server that is slow or gone away (a connection attempt waits up to 10 s) never
  freezes the window. The GUI thread only takes the state over, and only if the window has not
  written since the question was asked (else the answer is stale and the next tick asks again).
  A store in memory (tests, a single process) is asked inline: nobody else can write to it
  from outside, and its one connection must not be shared with a thread.
- What the window does with the new state is `ProjectSession.take_external`: the views refresh
  what changed, leaving alone a field that already shows the stored value (typing goes on
  undisturbed); a field whose stored value someone else changed shows the new value, and an
  edit typed over the old one is refused as stale, with both values, like any other conflict.

The worker posts its answer as an event to a receiver living on the GUI thread (as
`kooperation.ui.operations` does) rather than emitting a signal across threads.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from kooperation.errors import KooperationError

INTERVAL_MS = 2000
"""How often a window on screen asks while Kooperation is the active application."""


class _Answer(QEvent):
    TYPE = QEvent.Type(QEvent.registerEventType())

    def __init__(self, deliver: Callable[[], None]) -> None:
        super().__init__(self.TYPE)
        self.deliver = deliver


class _Receiver(QObject):
    """Lives on the GUI thread; runs the answers the worker posts to it."""

    def event(self, event: QEvent) -> bool:
        if event.type() == _Answer.TYPE and isinstance(event, _Answer):
            event.deliver()
            return True
        return super().event(event)


def read_if_changed(store: Any, project_id: str, known: int) -> tuple[int | None, Any]:
    """(the project's revision, the project if the revision is not ``known`` else None); runs
    on the worker. Never waits for a lock: a locked store is asked again at the next tick."""
    revision = store.project_revision(project_id, wait_ms=0)
    if revision is None or revision == known:
        return revision, None
    project, revision = store.load_tracked(project_id)
    return revision, project


_questions: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
_worker: threading.Thread | None = None
_worker_lock = threading.Lock()


def _ask_on_worker(work: Callable[[], None]) -> None:
    """Run ``work`` on the watch's worker thread (started at the first question; it waits for
    questions for as long as the program runs)."""
    global _worker
    with _worker_lock:
        if _worker is None:
            def serve() -> None:
                while True:
                    work = _questions.get()
                    try:
                        work()
                    except Exception:  # noqa: BLE001, S112 - a window closed under it: go on
                        continue

            _worker = threading.Thread(target=serve, name="kooperation-watch", daemon=True)
            _worker.start()
    _questions.put(work)


def _in_memory(store: Any) -> bool:
    from sqlalchemy.pool import StaticPool

    pool = getattr(getattr(store, "engine", None), "pool", None)
    return pool is None or isinstance(pool, StaticPool)


class ExternalWatch(QObject):
    """Asks the store for changes of ``session``'s project; see the module docstring."""

    def __init__(self, session: Any, interval_ms: int | None = None) -> None:
        super().__init__(session)
        self.session = session
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms or INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._on = False
        self._asking = False
        self._receiver = _Receiver()
        self.asked = 0
        """How many times the store was asked (for tests: no asking while inactive)."""
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._state_changed)

    @property
    def asking(self) -> bool:
        """Whether a question is on its way (its answer not yet taken over)."""
        return self._asking

    def start(self) -> None:
        self._on = True
        self._update_timer()

    def stop(self) -> None:
        self._on = False
        self._timer.stop()

    def _active(self) -> bool:
        app = QGuiApplication.instance()
        return isinstance(app, QGuiApplication) and app.applicationState() == Qt.ApplicationState.ApplicationActive

    def _update_timer(self) -> None:
        if self._on and self._active():
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()

    def _state_changed(self, _state: Qt.ApplicationState) -> None:
        if not shiboken6.isValid(self):
            return
        self._update_timer()
        if self._on and self._active():
            self.ask()  # back in Kooperation: show what happened meanwhile at once

    def _on_screen(self) -> bool:
        parent = self.session.parent()
        if not isinstance(parent, QWidget):
            return True
        window = parent.window()
        return window.isVisible() and not window.isMinimized()

    def _tick(self) -> None:
        if self._on_screen():
            self.ask()

    def ask(self) -> None:
        """Ask once now (unless a question is on its way or the session cannot take an answer)."""
        session = self.session
        if self._asking or not session.can_take_external():
            return
        self.asked += 1
        store, project_id, known = session.store, session.project.id, session.revision
        if _in_memory(store):
            session.check_external()
            return
        self._asking = True
        receiver = self._receiver

        def work() -> None:
            try:
                answer: tuple[Any, ...] = ("ok", *read_if_changed(store, project_id, known))
            except KooperationError:
                answer = ("busy",)  # locked, unreachable: ask again at the next tick
            except Exception:  # noqa: BLE001 - a store closed under a closing window
                answer = ("busy",)
            if shiboken6.isValid(receiver):
                QCoreApplication.postEvent(receiver, _Answer(lambda: self._answered(known, answer)))

        _ask_on_worker(work)

    def _answered(self, known: int, answer: tuple[Any, ...]) -> None:
        if not shiboken6.isValid(self):
            return
        self._asking = False
        if answer[0] != "ok" or not self._on:
            return
        _kind, revision, project = answer
        self.session.take_external(known, revision, project)
