"""Opening a project from the main window: the window is drawn at once, the project is read on a
worker, and a window closed meanwhile leaves nothing behind."""

from __future__ import annotations

import logging
import threading

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from kooperation.domain.demo import DEMO_NAME, demo_project
from kooperation.store.repository import open_store
from kooperation.ui import operations
from kooperation.ui import project_window as project_window_module
from kooperation.ui.main_window import MainWindow
from kooperation.ui.preview import PreviewPanel
from kooperation.ui.settings import Settings

LOADING = "Projekt wird geladen …"


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "s.sqlite3")
    yield s
    operations.wait_for_all(10_000)  # a read still running must not outlive the store
    s.close()


@pytest.fixture
def window(qtbot, store, tmp_path):
    w = MainWindow(store, Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    qtbot.waitExposed(w)
    yield w
    if shiboken6.isValid(w):
        w.close()


@pytest.fixture
def messages(monkeypatch):
    """Every message box the program shows (none opens)."""
    shown: list[str] = []
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, lambda parent, title, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def held_read(monkeypatch):
    """The worker's read of the project waits until the test lets it go (``.set()``)."""
    gate = threading.Event()
    real = project_window_module.read_project

    def read(progress, store, project_id):
        if threading.current_thread() is not threading.main_thread():
            gate.wait(10)
        return real(progress, store, project_id)

    monkeypatch.setattr(project_window_module, "read_project", read)
    yield gate
    gate.set()


def partner_names(page) -> list[str]:
    model = page.list.model()
    return [str(model.index(row, 0).data(Qt.ItemDataRole.DisplayRole)) for row in range(model.rowCount())]


def test_the_frame_comes_first_then_the_project_with_its_data(qtbot, window, store, messages):
    """Right after the click the project window stands with its phases and "Projekt wird
    geladen …"; then it shows the partners with the focus in their list, the name in the title,
    and Rückgängig undoes an edit."""
    project = store.save_project(demo_project())
    window.open_project(project.id)
    pw = window.project_window
    assert window.stack.currentWidget() is pw
    assert not pw.loaded and pw.stack.currentWidget().text() == LOADING
    assert pw.nav.item(0).text().endswith("Partner") and pw.nav.currentRow() == 0
    qtbot.waitUntil(lambda: pw.stack.currentWidget().findChild(QLineEdit, "short_name") is not None, timeout=10_000)
    page = pw.stack.currentWidget()
    assert any("ProdTech" in name for name in partner_names(page))
    assert window.windowTitle() == f"{DEMO_NAME} – Kooperation"
    assert pw.name_label.text() == DEMO_NAME
    qtbot.waitUntil(lambda: page.isAncestorOf(QApplication.focusWidget()))
    qtbot.waitUntil(lambda: window.settings.recent_projects == [project.id])
    assert window.act_workshop.isEnabled() and window.act_share.isEnabled()

    edit = page.findChild(QLineEdit, "short_name")
    before = edit.text()
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Neu")
    assert store.load_project(project.id).partners[0].short_name == "Neu"
    assert window.act_undo.isEnabled()
    window.act_undo.trigger()
    assert store.load_project(project.id).partners[0].short_name == before
    qtbot.waitUntil(lambda: pw.preview.status.text() == "", timeout=10_000)
    assert "ProdTech" in pw.preview.browser.toPlainText()
    assert messages == []


def test_a_window_closed_while_its_project_is_read_leaves_no_error(qtbot, window, store, messages, held_read, caplog):
    """Back to the start page, or the program closed, while the worker still reads the project:
    no message, no error logged, no page built; the project opens again as usual."""
    project = store.save_project(demo_project())
    window.open_project(project.id)
    pw = window.project_window
    qtbot.waitUntil(lambda: operations.running_count() == 1)  # the worker is reading
    with caplog.at_level(logging.WARNING):
        window.show_start_page()
        assert window.stack.currentWidget() is window.start_page and window.project_window is None
        held_read.set()
        qtbot.waitUntil(lambda: operations.running_count() == 0)
        qtbot.wait(50)
    assert not shiboken6.isValid(pw) or (not pw.loaded and pw.stack.count() == 1)
    assert window.stack.currentWidget() is window.start_page
    assert messages == [] and [r for r in caplog.records if r.levelno >= logging.WARNING] == []

    held_read.clear()
    window.open_project(project.id)
    qtbot.waitUntil(lambda: operations.running_count() == 1)
    window.close()  # the whole program, while the worker reads
    held_read.set()
    qtbot.waitUntil(lambda: operations.running_count() == 0)
    qtbot.wait(50)
    assert messages == []


def test_the_project_opens_again_after_a_close_during_loading(qtbot, window, store, held_read):
    """After going back during the read, opening the project again shows its partners."""
    project = store.save_project(demo_project())
    window.open_project(project.id)
    qtbot.waitUntil(lambda: operations.running_count() == 1)
    window.show_start_page()
    held_read.set()
    window.open_project(project.id)
    pw = window.project_window
    # the project is read, then its first page built and shown in the next turns
    qtbot.waitUntil(lambda: pw.loaded and hasattr(pw.stack.currentWidget(), "list"), timeout=10_000)
    assert any("ProdTech" in name for name in partner_names(pw.stack.currentWidget()))


def test_a_project_deleted_before_it_was_read_explains_it(qtbot, window, store, messages):
    """The project was deleted elsewhere in the moment it was opened: the start page again,
    with a message saying so, and nothing stays open."""
    project = store.save_project(demo_project())
    window.open_project(project.id)
    store.delete_project(project.id)
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert "kein Projekt" in messages[0]
    assert window.stack.currentWidget() is window.start_page and window.project_window is None
    assert window.windowTitle() == "Kooperation" and not window.act_undo.isEnabled()


def test_a_closed_project_window_is_deleted_part_by_part(qtbot, window, store):
    """Back on the start page, the closed window's pages and preview are deleted one per turn
    of the event loop, the window last; the start page shows meanwhile."""
    project = store.save_project(demo_project())
    window.open_project(project.id)
    pw = window.project_window
    qtbot.waitUntil(lambda: pw.loaded, timeout=10_000)
    for key in ("partners", "goals", "readiness"):
        pw.select_phase(key)
    parts = pw.parts()
    assert len(parts) >= 4  # at least the three pages and the preview
    turns = [0]  # a zero timer counts the turns of the event loop
    ticker = QTimer(interval=0)
    ticker.timeout.connect(lambda: turns.__setitem__(0, turns[0] + 1))
    ticker.start()
    deleted_in: dict[object, int] = {}
    for i, part in enumerate(parts):
        part.destroyed.connect(lambda _obj=None, i=i: deleted_in.setdefault(i, turns[0]))
    pw.destroyed.connect(lambda _obj=None: deleted_in.setdefault("window", turns[0]))
    window.show_start_page()
    assert window.stack.currentWidget() is window.start_page
    assert all(shiboken6.isValid(part) for part in parts)  # nothing deleted in the click's turn
    qtbot.waitUntil(lambda: "window" in deleted_in, timeout=5_000)
    ticker.stop()
    assert not any(shiboken6.isValid(part) for part in parts)
    assert len(deleted_in) == len(parts) + 1
    assert len(set(deleted_in.values())) == len(deleted_in)  # one part per turn
    assert deleted_in["window"] == max(deleted_in.values())  # the window last
    assert window.stack.currentWidget() is window.start_page


class _Paints(QObject):
    """Records the class name of every widget painted in the application."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint:
            self.names.append(type(watched).__name__)
        return False


def test_the_preview_is_built_once_the_first_page_is_painted(qtbot, window, store, monkeypatch):
    """The partners page is painted before the preview starts building the agreement (built
    meanwhile, it slowed the page down); then the preview shows the agreement."""
    paints = _Paints()
    QApplication.instance().installEventFilter(paints)
    started: list[bool] = []
    real = PreviewPanel.set_project

    def set_project(self, project):
        started.append("PartnersPage" in paints.names)
        real(self, project)

    monkeypatch.setattr(PreviewPanel, "set_project", set_project)
    project = store.save_project(demo_project())
    try:
        window.open_project(project.id)
        pw = window.project_window
        qtbot.waitUntil(lambda: bool(started), timeout=10_000)
        qtbot.waitUntil(lambda: pw.preview.status.text() == "", timeout=10_000)
    finally:
        QApplication.instance().removeEventFilter(paints)
    assert started[0] is True
    assert "ProdTech" in pw.preview.browser.toPlainText()
