"""Typing on one page does not refresh the pages behind it at every keystroke: a hidden page
keeps the changes (each once) and catches up when the user shows it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLineEdit

from kooperation.domain.demo import demo_project
from kooperation.store import open_store
from kooperation.ui.project_window import ProjectWindow


@pytest.fixture
def window(demo_window):
    return demo_window


def test_a_hidden_page_catches_up_once_when_shown(window, qtbot, monkeypatch):
    """Ten keystrokes in a partner's short name: the goals page is not refreshed meanwhile, it
    keeps one change, and shows the new name as soon as it is selected."""
    window.select_phase("partners")
    goals = window.pages["goals"]
    calls = []
    original = goals.on_changed
    monkeypatch.setattr(goals, "on_changed", lambda change: (calls.append(change), original(change)))
    edit = window.pages["partners"].findChild(QLineEdit, "short_name")
    assert edit is not None and edit.isVisible()
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Werkstatt A")
    assert window.session.project.partners[0].short_name == "Werkstatt A"
    assert calls == []
    assert len(goals.pending_changes) == 1 and goals.pending_changes[0].kind == "partners"

    window.select_phase("goals")
    assert len(calls) == 1 and goals.pending_changes == ()
    shown = [
        goals.goal_model.index(row, col).data()
        for row in range(goals.goal_model.rowCount())
        for col in range(goals.goal_model.columnCount())
    ]
    assert any("Werkstatt A" in str(text) for text in shown)


def test_the_shown_page_refreshes_at_once(window):
    """The page on screen follows every change immediately (nothing is held back)."""
    window.select_phase("goals")
    goals = window.pages["goals"]
    before = goals.goal_model.rowCount()
    window.session.add_goal()
    assert goals.goal_model.rowCount() == before + 1 and goals.pending_changes == ()


def test_opening_a_project_builds_only_the_page_shown(qtbot, tmp_path):
    """The window is built with the page shown only; asking whether a page exists builds
    nothing; once the window is on screen the other pages are built in idle moments."""
    store = open_store(tmp_path / "lazy.sqlite3")
    project = store.save_project(demo_project())
    window = ProjectWindow(store, project.id)
    qtbot.addWidget(window)
    try:
        assert list(window.pages.built()) == ["partners"]
        assert "rules" in window.pages and len(window.pages) == 10
        assert list(window.pages.built()) == ["partners"]
        window.resize(1400, 900)
        window.show()
        qtbot.waitUntil(lambda: len(window.pages.built()) == 10, timeout=20000)
        assert window.current_page() == "partners"
        window.select_phase("rules")
        assert window.current_page() == "rules"
    finally:
        window.preview.wait_idle()
        window.close()
        store.close()


@pytest.mark.parametrize("width", [1100, 1400])
def test_pages_built_in_idle_moments_leave_the_preview_where_it_is(qtbot, tmp_path, width):
    """While the user reads the first page, the other pages are built behind it: the window
    keeps its width and the preview its place and width (a page needing more room than the
    first squeezed the preview, and the window could not be narrower than 1240 px)."""
    store = open_store(tmp_path / "room.sqlite3")
    project = store.save_project(demo_project())
    window = ProjectWindow(store, project.id)
    qtbot.addWidget(window)
    try:
        window.resize(width, 800)
        window.show()
        qtbot.waitUntil(lambda: window.preview.status.text() == "" and window.loaded, timeout=20000)
        qtbot.wait(50)
        before = (window.width(), window.preview.width(), window.preview.mapTo(window, QPoint(0, 0)))
        assert len(window.pages.built()) < 10
        qtbot.waitUntil(lambda: len(window.pages.built()) == 10, timeout=20000)
        qtbot.wait(50)
        assert (window.width(), window.preview.width(), window.preview.mapTo(window, QPoint(0, 0))) == before
        assert before[0] == width
    finally:
        window.preview.wait_idle()
        window.close()
        store.close()


def test_a_window_closed_early_builds_no_more_pages(qtbot, tmp_path):
    """Closing the project before the idle building is done stops it (nothing is built for a
    window that is gone)."""
    store = open_store(tmp_path / "early.sqlite3")
    project = store.save_project(demo_project())
    window = ProjectWindow(store, project.id)
    qtbot.addWidget(window)
    window.show()
    window.preview.wait_idle()
    window.close()
    built = len(window.pages.built())
    qtbot.wait(300)
    assert len(window.pages.built()) == built < 10
    store.close()


def test_a_page_built_late_shows_what_was_edited_before(window):
    """A partner renamed before the goals page was ever shown (built in an idle moment or not
    yet) appears there when it is shown."""
    partner = window.session.project.partners[0]
    window.session.update_partner(partner.id, "short_name", "Werkstatt B")
    window.select_phase("goals")
    goals = window.pages["goals"]
    shown = [
        str(goals.goal_model.index(row, col).data())
        for row in range(goals.goal_model.rowCount())
        for col in range(goals.goal_model.columnCount())
    ]
    assert any("Werkstatt B" in text for text in shown)


def test_the_tab_order_of_a_page_built_late_follows_the_phase_list(window, qtbot):
    """Tab from the phase list enters the late-built page, not the preview."""
    from PySide6.QtCore import Qt

    window.select_phase("goals")
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Tab)
    assert window.pages["goals"].isAncestorOf(window.focusWidget())
