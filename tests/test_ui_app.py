"""The application around the pages: start-up, the main window's menus, shortcuts, undo binding,
import, help, settings and the error hook."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from kooperation.domain.demo import DEMO_NAME, demo_project
from kooperation.domain.serialize import dumps_document, export_document
from kooperation.drafts import generate_draft
from kooperation.store.repository import open_store
from kooperation.ui import app as ui_app
from kooperation.ui import errors as ui_errors
from kooperation.ui.main_window import MainWindow
from kooperation.ui.settings import MAX_RECENT, Settings


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "s.sqlite3")
    yield s
    s.close()


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, store, settings):
    w = MainWindow(store, settings)
    qtbot.addWidget(w)
    return w


@pytest.fixture
def warnings(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text)
    )
    return shown


class FakeProjectWindow(QWidget):
    """Stands in for ProjectWindow (tested on its own): an undo stack, a title, a way back."""

    sig_closed = Signal()

    def __init__(self, title: str) -> None:
        super().__init__()
        self.undo_stack = QUndoStack(self)
        self.title = title


def menu_texts(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_undo_and_redo_are_disabled_without_a_project(window):
    """On the start page Rückgängig and Wiederholen are greyed out, with the usual shortcuts."""
    assert window.windowTitle() == "Kooperation"
    assert not window.act_undo.isEnabled()
    assert not window.act_redo.isEnabled()
    assert window.act_undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert set(window.act_redo.shortcuts()) == {
        QKeySequence("Ctrl+Shift+Z"),
        QKeySequence("Ctrl+Y"),
    }
    assert window.act_new.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert window.act_find.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert QKeySequence("Ctrl+Q") in window.act_quit.shortcuts()


def test_menus_are_german_with_mnemonics(window):
    """The menu bar reads Datei, Bearbeiten, Projekt, Hilfe, each entry with an underlined letter."""
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&Datei", "&Bearbeiten", "&Projekt", "&Hilfe"]
    assert menu_texts(window.file_menu) == [
        "&Neues Projekt …",
        "Ö&ffnen …",
        "Beispiel&projekt anlegen",
        "Projekt &importieren …",
        "Projekt &weitergeben …",
        "Änderungen &übernehmen …",
        "Ste&ckbrief öffnen …",
        "Entwurf &drucken …",
        "Druck&vorschau …",
        "Entwurf per E-&Mail senden …",
        "Arbeitsplan-P&lakat drucken …",
        "Zur &Startseite",
        "&Einstellungen …",
        "&Beenden",
    ]
    assert menu_texts(window.edit_menu)[2] == "&Suchen …"
    assert menu_texts(window.help_menu) == ["&Handbuch", "&Rundgang", "Ü&ber Kooperation"]
    for menu in (window.file_menu, window.edit_menu, window.help_menu):
        letters = [t[t.index("&") + 1].lower() for t in menu_texts(menu)]
        assert len(letters) == len(set(letters)), menu.title()


def test_undo_actions_follow_the_open_project(qtbot, window, store, monkeypatch):
    """With a project open, Rückgängig undoes its last edit; back on the start page it is off."""
    project = store.save_project(demo_project())
    fake = FakeProjectWindow(DEMO_NAME)
    monkeypatch.setattr(window, "_create_project_window", lambda project_id: fake)
    window.open_project(project.id)
    assert window.windowTitle() == f"{DEMO_NAME} – Kooperation"
    assert window.stack.currentWidget() is fake
    done: list[str] = []

    class Edit(QUndoCommand):
        def redo(self) -> None:
            done.append("redo")

        def undo(self) -> None:
            done.append("undo")

    fake.undo_stack.push(Edit("Partner bearbeiten"))
    assert window.act_undo.isEnabled()
    assert "Partner bearbeiten" in window.act_undo.text()
    window.act_undo.trigger()
    assert done == ["redo", "undo"]
    assert window.act_redo.isEnabled()
    fake.sig_closed.emit()
    assert window.stack.currentWidget() is window.start_page
    assert not window.act_undo.isEnabled() and not window.act_redo.isEnabled()
    assert window.windowTitle() == "Kooperation"


def test_opening_a_project_shows_it_and_remembers_it(qtbot, window, store, monkeypatch):
    """Opening from the start page shows the project (titled with its name) and adds it to
    "Zuletzt geöffnet"; "Zur Startseite" goes back."""
    project = store.save_project(demo_project())
    monkeypatch.setattr(window, "_create_project_window", lambda pid: FakeProjectWindow(DEMO_NAME))
    window.start_page.refresh()
    window.start_page.sig_open_project.emit(project.id)
    assert window.stack.currentWidget() is window.project_window
    assert window.windowTitle() == f"{DEMO_NAME} – Kooperation"
    assert window.settings.recent_projects == [project.id]
    window.act_home.trigger()
    assert window.stack.currentWidget() is window.start_page
    assert window.start_page.recent_ids() == [project.id]


def test_ctrl_o_and_ctrl_f_put_the_cursor_into_the_search(qtbot, window, store):
    """Öffnen (Ctrl+O) and Suchen (Ctrl+F) on the start page focus the project search."""
    store.save_project(demo_project())
    window.start_page.refresh()
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    window.start_page.table.setFocus()
    window.act_open.trigger()
    qtbot.waitUntil(window.start_page.search.hasFocus, timeout=2000)
    window.start_page.table.setFocus()
    window.act_find.trigger()
    qtbot.waitUntil(window.start_page.search.hasFocus, timeout=2000)


def test_import_copies_a_project_file_with_its_drafts(tmp_path, window, store, monkeypatch):
    """ "Projekt importieren …" reads a JSON project file and stores it as a new copy."""
    original = store.save_project(demo_project())
    generate_draft(store, original.id, kind="vertrag", formats=["docx"])  # a readable version
    path = tmp_path / "lernfabrik.json"
    path.write_text(
        dumps_document(export_document(original, store.get_drafts(original.id))), encoding="utf-8"
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(window, "_create_project_window", lambda pid: FakeProjectWindow(DEMO_NAME))
    window.act_import.trigger()
    projects = store.list_projects()
    assert len(projects) == 2
    copy = next(p for p in projects if p.id != original.id)
    assert copy.name == DEMO_NAME and copy.draft_count == 1
    assert window.project_id == copy.id
    assert window.settings.last_import_dir == str(tmp_path)


def test_import_of_a_broken_file_explains_and_changes_nothing(
    tmp_path, window, store, monkeypatch, warnings
):
    """A file that is not a project file gives a plain German message and stores nothing."""
    path = tmp_path / "kaputt.json"
    path.write_text("{ kein json", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    assert window.import_project() is None
    assert store.list_projects() == []
    assert len(warnings) == 1 and "kein gültiges JSON" in warnings[0]


def test_f1_opens_the_manual_at_the_start(window):
    """F1 on the start page opens the manual's window on its first page."""
    from kooperation.ui.help_window import HelpWindow

    assert window.act_help.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    window.act_help.trigger()
    manual = window.findChild(HelpWindow)
    assert manual.isVisible() and manual.current.name == "start"
    assert "Willkommen bei Kooperation" in manual.browser.toPlainText()


def test_window_geometry_is_remembered(qtbot, store, settings):
    """Closing the window stores its size; the next window opens with it."""
    first = MainWindow(store, settings)
    qtbot.addWidget(first)
    first.resize(700, 520)  # the offscreen screen is 800 x 600
    first.show()
    qtbot.waitExposed(first)
    first.close()
    second = MainWindow(store, settings)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 520)


def test_settings_keep_at_most_eight_recent_projects(settings):
    """The recent list has no duplicates, newest first, and at most eight entries."""
    for i in range(12):
        settings.add_recent_project(f"p{i}")
    settings.add_recent_project("p5")
    assert settings.recent_projects[:2] == ["p5", "p11"]
    assert len(settings.recent_projects) == MAX_RECENT
    assert len(set(settings.recent_projects)) == MAX_RECENT
    settings.last_export_dir = "/tmp/ausgabe"
    assert Settings(settings.qsettings).last_export_dir == "/tmp/ausgabe"


def test_cli_without_arguments_starts_the_window(monkeypatch):
    """`kooperation` with no command starts the desktop app with the chosen database; alone,
    as the desktop starts it, without building the parser of every command first."""
    from kooperation import cli

    calls: list[str | None] = []
    parsers = []
    build = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda: parsers.append(1) or build())
    monkeypatch.setattr(ui_app, "run", lambda db=None: calls.append(db) or 0)
    assert cli.main([]) == 0
    assert parsers == []
    assert cli.main(["--db", "/tmp/x.sqlite3"]) == 0
    assert calls == [None, "/tmp/x.sqlite3"] and parsers == [1]


def test_run_reports_an_unusable_store_and_returns_1(tmp_path, monkeypatch):
    """A file that is not a Kooperation database gives a message box and exit code 1."""
    bad = tmp_path / "kein.sqlite3"
    bad.write_text("das ist keine Datenbank", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text, *a, **k: shown.append(text)
    )
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert ui_app.run(db=str(bad)) == 1
    assert len(shown) == 1 and "Traceback" not in shown[0]
    assert shown[0].startswith("Die Projektdatenbank konnte nicht geöffnet werden.")


def test_run_shows_the_main_window(qtbot, tmp_path, monkeypatch):
    """run() opens the store, shows the main window and returns the event loop's exit code."""
    shown: list[MainWindow] = []

    def fake_exec(self) -> int:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        shown.extend(w for w in windows if w.isVisible())
        for w in windows:
            w.close()
        return 0

    hook = sys.excepthook
    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert ui_app.run(db=str(tmp_path / "neu.sqlite3")) == 0
    assert shown and shown[0].windowTitle() == "Kooperation"
    assert QCoreApplication.applicationName() == "Kooperation"
    assert QCoreApplication.organizationName() == "Kooperation"
    assert sys.excepthook is hook


def test_qt_standard_dialogs_speak_german(qapp):
    """Qt's own strings (e.g. "Cancel" buttons) are translated to German."""
    translators = ui_app.install_qt_translations(qapp, "de")
    try:
        assert translators, "qtbase_de.qm not found"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
    finally:
        for t in translators:
            qapp.removeTranslator(t)


def test_unexpected_errors_become_a_plain_message(monkeypatch, capsys):
    """A bug shows a German message without a traceback; the traceback goes to stderr."""
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text)
    )
    previous = ui_errors.install_excepthook()
    try:
        assert sys.excepthook is ui_errors.handle_exception
        try:
            raise ZeroDivisionError("division by zero")
        except ZeroDivisionError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    (message,) = shown
    assert "unerwartet" in message and "Traceback" not in message
    assert "Traceback" in capsys.readouterr().err


def test_color_scheme_is_read_from_the_system(qapp):
    """The app asks Qt for the system's light or dark preference and forces no palette."""
    assert ui_app.color_scheme() in {"dark", "light", "unknown"}
    assert Qt.ColorScheme  # Qt >= 6.5: QStyleHints.colorScheme() is available


def test_a_missing_project_view_shows_a_placeholder(window, store, monkeypatch):
    """Until the project view exists, opening a project shows a placeholder, not an error."""
    monkeypatch.setitem(sys.modules, "kooperation.ui.project_window", None)
    project = store.save_project(demo_project())
    window.open_project(project.id)
    assert window.stack.currentWidget() is window.project_window
    assert window.windowTitle() == f"{DEMO_NAME} – Kooperation"
    assert not window.act_undo.isEnabled()
    window.show_start_page()
    assert window.project_window is None


def test_opening_a_vanished_project_explains_it(window, store, monkeypatch, warnings):
    """A project deleted meanwhile cannot be opened: a message, and the start page stays."""
    monkeypatch.setitem(sys.modules, "kooperation.ui.project_window", None)
    window.open_project("0123456789abcdef")
    assert window.stack.currentWidget() is window.start_page
    assert len(warnings) == 1 and "kein Projekt" in warnings[0]
