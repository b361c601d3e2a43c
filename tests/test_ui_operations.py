"""Long work off the GUI thread: progress, result and errors always come back on the GUI thread."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget

from kooperation.errors import InputError
from kooperation.ui import operations
from kooperation.ui.operations import Operation, failure_message


@pytest.fixture
def threaded():
    """Real worker threads (the default of the application)."""
    old = operations.set_synchronous(False)
    yield
    operations.wait_for_all(10_000)
    operations.set_synchronous(old)


@pytest.fixture
def synchronous():
    """Tasks run at once in the calling thread (Picard's test thread pool)."""
    old = operations.set_synchronous(True)
    yield
    operations.set_synchronous(old)


class Recorder:
    """Collects what the callbacks receive and on which thread they ran."""

    def __init__(self) -> None:
        self.progress: list[tuple[int, str]] = []
        self.results: list[object] = []
        self.failures: list[str] = []
        self.threads: list[QThread] = []

    def on_progress(self, percent: int, text: str) -> None:
        self.threads.append(QThread.currentThread())
        self.progress.append((percent, text))

    def on_success(self, result: object) -> None:
        self.threads.append(QThread.currentThread())
        self.results.append(result)

    def on_failure(self, message: str) -> None:
        self.threads.append(QThread.currentThread())
        self.failures.append(message)

    def attach(self, op: Operation) -> Operation:
        return op.on_progress(self.on_progress).on_success(self.on_success).on_failure(self.on_failure)


def counting(progress, n: int) -> dict:
    """A small piece of work that reports progress and says where it ran."""
    for i in range(n):
        progress(100 * (i + 1) // n, f"Schritt {i + 1}")
    return {"n": n, "worker": threading.current_thread() is not threading.main_thread()}


def test_threaded_callbacks_arrive_on_the_gui_thread(qtbot, threaded):
    """The work runs on a worker; progress and success are delivered in order on the GUI thread."""
    app = QApplication.instance()
    rec = Recorder()
    op = rec.attach(Operation(None, counting, 4)).run()
    qtbot.waitUntil(lambda: op.finished, timeout=10_000)
    assert rec.results == [{"n": 4, "worker": True}]
    assert rec.progress == [(25, "Schritt 1"), (50, "Schritt 2"), (75, "Schritt 3"), (100, "Schritt 4")]
    assert rec.threads and all(t == app.thread() for t in rec.threads)
    assert operations.running_count() == 0


def test_threaded_failure_arrives_on_the_gui_thread_with_the_message(qtbot, threaded):
    """A KooperationError raised on the worker reaches the failure callback as its own text."""
    app = QApplication.instance()
    rec = Recorder()

    def fail(progress):
        progress(10, "los")
        raise InputError("Bitte mindestens ein Format angeben.")

    op = rec.attach(Operation(None, fail)).run()
    qtbot.waitUntil(lambda: op.finished, timeout=10_000)
    assert rec.failures == ["Bitte mindestens ein Format angeben."]
    assert rec.results == []
    assert all(t == app.thread() for t in rec.threads)
    assert isinstance(op.error, InputError)


def test_many_operations_at_once_all_report_back(qtbot, threaded):
    """Twenty operations in parallel each deliver exactly one result."""
    rec = Recorder()
    ops = [rec.attach(Operation(None, counting, 3)).run() for _ in range(20)]
    qtbot.waitUntil(lambda: all(op.finished for op in ops), timeout=20_000)
    assert len(rec.results) == 20 and len(rec.progress) == 60


def test_synchronous_mode_calls_back_before_run_returns(synchronous):
    """With the test switch, run() does the work and all callbacks at once, in this thread."""
    rec = Recorder()
    op = rec.attach(Operation(None, counting, 2)).run()
    assert op.finished
    assert rec.results == [{"n": 2, "worker": False}]
    assert rec.progress == [(50, "Schritt 1"), (100, "Schritt 2")]


def test_an_unexpected_exception_becomes_a_german_message_and_is_logged(synchronous, caplog):
    """A bug (ZeroDivisionError) never reaches the user as a traceback: plain German words, and
    the traceback goes to the log."""
    rec = Recorder()

    def buggy(progress):
        return 1 / 0

    with caplog.at_level(logging.ERROR, logger="kooperation.ui.operations"):
        rec.attach(Operation(None, buggy)).run()
    [message] = rec.failures
    assert message.startswith("Unerwarteter Fehler (ZeroDivisionError).")
    assert "Es wurde nichts gespeichert." in message
    assert "Traceback" not in message and "division" not in message
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_unexpected_exception_in_threaded_mode_too(qtbot, threaded, caplog):
    """The same translation happens when the exception is raised on a worker thread."""
    rec = Recorder()

    def buggy(progress):
        raise KeyError("intern")

    with caplog.at_level(logging.ERROR, logger="kooperation.ui.operations"):
        op = rec.attach(Operation(None, buggy)).run()
        qtbot.waitUntil(lambda: op.finished, timeout=10_000)
    assert rec.failures and rec.failures[0].startswith("Unerwarteter Fehler (KeyError)")
    assert "intern" not in rec.failures[0]


def test_an_error_in_the_success_callback_is_reported_too(synchronous):
    """If storing the result fails (e.g. the store is locked), the failure callback hears of it."""
    failures: list[str] = []

    def store(_result):
        raise InputError("Die Datenbank ist gesperrt.")

    Operation(None, counting, 1).on_success(store).on_failure(failures.append).run()
    assert failures == ["Die Datenbank ist gesperrt."]


def test_without_a_failure_callback_the_message_is_shown(synchronous, monkeypatch, qtbot):
    """No failure callback: the message appears in a box over the parent, in plain words."""
    shown: list[tuple[object, str]] = []
    monkeypatch.setattr("kooperation.ui.errors.show_error", lambda parent, msg, title=None: shown.append((parent, msg)))
    parent = QWidget()
    qtbot.addWidget(parent)

    def fail(progress):
        raise InputError("Kaputt.")

    Operation(parent, fail).run()
    assert shown == [(parent, "Kaputt.")]


def test_callbacks_are_skipped_when_the_parent_is_gone(qtbot, threaded):
    """A window closed while its work runs gets no callback (its widgets no longer exist)."""
    parent = QWidget()
    started = threading.Event()
    release = threading.Event()
    rec = Recorder()

    def slow(progress):
        started.set()
        release.wait(10)
        progress(50, "halb")
        return "fertig"

    op = rec.attach(Operation(parent, slow)).run()
    assert started.wait(10)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _alive(parent), timeout=5_000)
    release.set()
    qtbot.waitUntil(lambda: op.finished, timeout=10_000)
    assert rec.results == [] and rec.progress == []


def _alive(obj) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_failure_message_words():
    """OS and memory errors get their own plain explanation; nothing shows a traceback."""
    assert "Es wurde nichts gespeichert" in failure_message(PermissionError(13, "Keine Berechtigung"))
    assert "Keine Berechtigung" in failure_message(PermissionError(13, "Keine Berechtigung"))
    assert "Arbeitsspeicher" in failure_message(MemoryError())
    assert failure_message(InputError("So nicht.")) == "So nicht."
