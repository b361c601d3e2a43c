"""Test set-up shared by all tests: Qt runs offscreen, nothing touches the user's real store."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KOOPERATION_LANG", "de")

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """Every test gets its own data directory, so the default store is never the user's."""
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("KOOPERATION_DATA_DIR", str(data))
    monkeypatch.delenv("KOOPERATION_DB", raising=False)
    yield data


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL cluster on a Unix socket in a temporary folder (`pg_server`); the
    tests that need it skip where PostgreSQL is not installed, but never under CI=true."""
    from pg_server import PgServer

    why = PgServer.why_not()
    if why is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests cannot run in CI: {why}")
        pytest.skip(f"no PostgreSQL server: {why}")
    server = PgServer.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_migrated(pg_server):
    """The name of a PostgreSQL database that `open_store` has set up (all migrations): the
    template of `pg_url`, so that not every test pays for the migrations."""
    from kooperation.store import open_store

    url = pg_server.create_database()
    open_store(url).close()
    return pg_server.name(url)


@pytest.fixture
def pg_url(pg_server, pg_migrated):
    """The URL of a new PostgreSQL database with the current schema and no projects (dropped
    after the test)."""
    url = pg_server.create_database(template=pg_migrated)
    yield url
    pg_server.drop_database(url)


@pytest.fixture
def pg_empty_url(pg_server):
    """The URL of a new, empty PostgreSQL database (dropped after the test)."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """Where a store-level test keeps its store: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "kooperation.sqlite3")
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="session")
def qapp_cls():
    """The program's own application class (it takes the files the system hands over)."""
    from kooperation.ui.app import Application

    return Application


@pytest.fixture(scope="session")
def qapp(qapp):
    """pytest-qt's application with what the application installs at start-up: the guard that
    keeps the wheel and Esc from changing what a person did not mean to change, and garbage
    collection on the GUI thread only."""
    from kooperation.ui.collector import install_collector
    from kooperation.ui.input_guard import install_input_guard

    install_input_guard(qapp)
    install_collector(qapp)
    return qapp


@pytest.fixture
def demo_window(qtbot, tmp_path):
    """The project window of the example project in a store of its own, shown at 1400 × 900;
    waits for the preview and closes the window and the store afterwards."""
    from kooperation.domain.demo import demo_project
    from kooperation.store import open_store
    from kooperation.ui.project_window import ProjectWindow

    store = open_store(tmp_path / "demo_window.sqlite3")
    project = store.save_project(demo_project())
    window = ProjectWindow(store, project.id)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.preview.wait_idle()
    window.close()
    store.close()


@pytest.fixture(scope="session", autouse=True)
def _orderly_qt_shutdown(request):
    """At the end of the session: wait for every worker, close and delete the windows still
    open and let Qt run the deletions it was asked for. What is left (thousands of widgets and
    documents of finished tests, in reference cycles) is never collected: freeing it in one
    collection, or in the interpreter's own teardown in no particular order, has crashed the
    process after every test had passed (rc 139). So it is frozen out of the collector's reach:
    pytest itself collects garbage once more in its own `pytest_unconfigure` (since 9.2, to report
    unraisable exceptions), and that collection crashed CI. The process ends in
    `pytest_unconfigure` instead, with pytest's own exit status."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
    from PySide6.QtWidgets import QApplication

    from kooperation.ui import operations

    app = QApplication.instance()
    if app is None:
        return
    operations.wait_for_all(30_000)
    QThreadPool.globalInstance().waitForDone(30_000)
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    gc.freeze()


def pytest_sessionfinish(session, exitstatus):
    session.config.kooperation_exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """After pytest has reported everything: a session that created Qt objects ends the process
    here, with pytest's exit status, without the interpreter's teardown (see
    `_orderly_qt_shutdown`)."""
    status = getattr(config, "kooperation_exit_status", None)
    if status is not None and "PySide6.QtWidgets" in sys.modules:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
