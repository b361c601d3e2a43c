"""The fast start: the project list is read without SQLAlchemy, the store opens after the window
is shown, and every file the quick read cannot vouch for goes through the full checks."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kooperation.domain.demo import demo_project
from kooperation.domain.model import Project
from kooperation.store.deferred import DeferredStore
from kooperation.store.quick import peek_summaries
from kooperation.store.repository import open_store
from kooperation.ui import app as ui_app
from kooperation.ui.main_window import MainWindow


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.sqlite3"
    with open_store(path) as store:
        store.save_project(demo_project())
        store.save_project(Project(name="Zweites Projekt"))
    return path


def test_the_quick_read_equals_the_stores_list(db):
    """Names, partners, drafts, open topics and the order are what the store itself says."""
    with open_store(db) as store:
        expected = store.list_projects()
    quick = peek_summaries(db)
    assert quick == expected
    demo = next(p for p in quick if p.name == demo_project().name)
    assert demo.partner_count == 4 and demo.open_topics == 2
    assert demo.updated_at is not None and demo.updated_at.tzinfo is not None


def test_the_quick_read_leaves_every_doubtful_file_to_the_full_checks(tmp_path, db):
    assert peek_summaries(tmp_path / "neu.sqlite3") is None  # not there yet: must be created
    text = tmp_path / "text.sqlite3"
    text.write_text("keine Datenbank", encoding="utf-8")
    assert peek_summaries(text) is None
    foreign = tmp_path / "fremd.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert peek_summaries(foreign) is None
    assert peek_summaries(f"sqlite:///{db}") is None  # URLs always take the full path
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    assert peek_summaries(db) is None  # a newer (or older) schema: open_store explains it
    before = db.read_bytes()
    assert peek_summaries(db) is None and db.read_bytes() == before


def test_a_read_only_store_is_read_quickly_too(db, monkeypatch):
    """A store file without write permission is listed (open_store then opens it read-only);
    the permission is simulated, since root may write anyway."""
    expected = peek_summaries(db)
    real_access = os.access
    monkeypatch.setattr(
        "kooperation.store.quick.os.access",
        lambda path, mode: False if str(path) == str(db) and mode & os.W_OK else real_access(path, mode),
    )
    db.chmod(0o444)
    try:
        assert expected and peek_summaries(db) == expected
    finally:
        db.chmod(0o644)


def test_the_window_module_and_the_quick_read_do_not_load_sqlalchemy(db):
    """What runs before the window is shown does not import the database layer."""
    code = (
        "import sys\n"
        "from kooperation.ui.app import open_for_window\n"
        "from kooperation.ui.main_window import MainWindow\n"
        f"store = open_for_window({str(db)!r})\n"
        "print(type(store).__name__, len(store.list_projects()), 'sqlalchemy' in sys.modules)\n"
        "store.open()\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    assert out == ["DeferredStore", "2", "False", "True"]


def test_a_deferred_store_lists_at_once_and_opens_on_first_use(db):
    store = DeferredStore(db, peek_summaries(db))
    try:
        assert not store.is_open
        assert [p.name for p in store.list_projects()][0] == "Zweites Projekt"
        project_id = store.list_projects()[0].id
        assert store.load_project(project_id).name  # any other method opens the real store
        assert store.is_open
        store.save_project(Project(name="Drittes"))
        assert len(store.list_projects()) == 3  # now from the database itself
    finally:
        store.close()


def test_run_shows_the_list_first_and_opens_the_store_after(qtbot, db, monkeypatch):
    """With a current store the window shows the projects before the store is opened; the
    event loop's first turn opens it, and creating a project works."""
    seen: dict[str, object] = {}

    def fake_exec(self) -> int:
        (window,) = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        seen["deferred_open_at_show"] = window.store.is_open
        seen["rows"] = window.start_page.model.rowCount()
        qtbot.waitUntil(lambda: window.store.is_open)
        monkeypatch.setattr(
            "kooperation.ui.start_page.QInputDialog.getText", lambda *a, **k: ("Neu", True)
        )
        monkeypatch.setattr(window, "open_project", lambda project_id: None)
        window.start_page.new_project()
        seen["rows_after"] = window.start_page.model.rowCount()
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert ui_app.run(db=str(db)) == 0
    assert seen == {"deferred_open_at_show": False, "rows": 2, "rows_after": 3}


def test_a_store_that_fails_to_open_late_is_reported(qtbot, db, monkeypatch):
    """If the file changed between the quick read and the real open, the user reads why and the
    window closes; no traceback."""
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text, *a, **k: shown.append(text)
    )
    store = DeferredStore(db, peek_summaries(db))
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    db.write_bytes(b"kaputt" * 100)
    assert ui_app.finish_opening(store, window) is False
    assert not window.isVisible()
    assert len(shown) == 1 and shown[0].startswith("Die Projektdatenbank konnte nicht")


def test_the_window_tells_about_a_read_only_store_and_a_copy_before_migration(qtbot, db, monkeypatch):
    """The status bar says that the store can only be read, and where the copy made before a
    migration is; a current, writable store gives no such note."""
    from kooperation.store import db as storedb
    from oldstore import old_store

    store = ui_app.open_for_window(db)
    window = MainWindow(store)
    qtbot.addWidget(window)
    assert ui_app.finish_and_tell(store, window) and window.statusBar().currentMessage() == ""
    store.close()

    monkeypatch.setattr(storedb, "_file_writable", lambda _path: False)
    store = ui_app.open_for_window(db)
    window = MainWindow(store)
    qtbot.addWidget(window)
    assert ui_app.finish_and_tell(store, window)
    assert "schreibgeschützt und kann nur gelesen werden" in window.statusBar().currentMessage()
    store.close()
    monkeypatch.undo()

    old = old_store(db.with_name("alt.sqlite3"))
    store = ui_app.open_for_window(old)
    window = MainWindow(store)
    qtbot.addWidget(window)
    assert ui_app.finish_and_tell(store, window)
    (backup,) = storedb.migration_backups(old)
    assert window.statusBar().currentMessage() == (
        f"Vor der Aktualisierung der Datenbank wurde eine Sicherung angelegt: {backup}"
    )
    store.close()


def test_the_database_layer_loads_on_a_worker_while_the_window_answers(qtbot, db):
    """After the first paint the store opens through a worker thread that imports the database
    layer; the window's event loop keeps running meanwhile, and the store is open afterwards."""
    store = ui_app.open_for_window(db)
    assert isinstance(store, DeferredStore) and not store.is_open
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    results: list[bool] = []
    ticks: list[int] = []
    timer = QTimer(window, interval=5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    thread = ui_app.open_when_loaded(store, window, results.append)
    assert thread is not None and results == []  # not finished synchronously
    qtbot.waitUntil(lambda: results == [True], timeout=20000)
    assert store.is_open and not thread.is_alive() and ticks
    assert ui_app.open_when_loaded(store, window, results.append) is None  # open already: at once
    assert results == [True, True]
    store.close()
