"""Changes of others appear in each window: a project window on a SQLite file or a PostgreSQL
database shows within seconds what another process stored, by itself (its watch asks off the
GUI thread), without disturbing what the user is typing."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QElapsedTimer, QTimer

from kooperation.domain.changes import field_change
from kooperation.domain.demo import demo_project
from kooperation.store import open_store
from kooperation.ui import watch
from kooperation.ui.project_window import ProjectWindow
from test_two_windows import OtherWindow

SECONDS = 8_000  # "within a few seconds": the watch asks every 2 s; the machine may be busy


@pytest.fixture
def fast_watch(monkeypatch):
    """The watch asks every 0.3 s, so that the tests do not sit out 2 s ticks."""
    monkeypatch.setattr(watch, "INTERVAL_MS", 300)


@pytest.fixture
def shared(store_url):
    """A store on a SQLite file or a PostgreSQL database holding the demo project."""
    with open_store(store_url) as first:
        pid = first.save_project(demo_project()).id
    store = open_store(store_url)
    yield store_url, store, pid
    store.close()


@pytest.fixture
def window(qtbot, shared, fast_watch):
    _url, store, pid = shared
    w = ProjectWindow(store, pid)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    w.activateWindow()
    w.select_phase("partners")
    yield w
    w.preview.wait_idle()
    w.session.close()
    w.close()


def _type_into(qtbot, edit, text: str) -> None:
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    qtbot.keyClicks(edit, text)


def test_an_edit_of_another_process_appears_while_the_user_keeps_typing(qtbot, shared, window):
    """Process B renames the partner whose card A is typing into: A's card shows the new name
    within seconds, by itself; the city being typed keeps its text, cursor and focus, and what
    is typed next is stored after B's edit (nothing lost on either side)."""
    url, store, pid = shared
    page = window.pages["partners"]
    partner = window.session.project.partners[0]
    city = page.editor.lines["city"].edit
    city.selectAll()
    _type_into(qtbot, city, "Reutl")
    other = OtherWindow(url, pid)
    try:
        assert other.call("update_partner", partner.id, "name", "Name von B")["ok"]
        qtbot.waitUntil(lambda: page.editor.lines["name"].edit.text() == "Name von B", timeout=SECONDS)
    finally:
        other.close()
    assert city.text() == "Reutl" and city.hasFocus() and city.cursorPosition() == len("Reutl")
    assert "geändert" in window.message.text()
    qtbot.keyClicks(city, "ingen")
    stored = store.load_project(pid).partners[0]
    assert (stored.name, stored.city) == ("Name von B", "Reutlingen")


def test_an_unfinished_entry_stays_while_others_change_other_fields(qtbot, shared, window):
    """A postcode half typed (not storable yet) is not replaced when another user's change of
    another field arrives; finished, it is stored."""
    url, store, pid = shared
    page = window.pages["partners"]
    partner = window.session.project.partners[0]
    postcode = page.editor.lines["postcode"].edit
    postcode.selectAll()
    _type_into(qtbot, postcode, "727")
    with open_store(url) as elsewhere:
        elsewhere.apply_changes(pid, field_change("partners", partner.id, "street", partner.street, "Neue Straße 1"))
    qtbot.waitUntil(lambda: page.editor.lines["street"].edit.text() == "Neue Straße 1", timeout=SECONDS)
    assert postcode.text() == "727" and postcode.hasFocus()
    qtbot.keyClicks(postcode, "62")
    assert store.load_project(pid).partners[0].postcode == "72762"


def test_an_unfinished_entry_overtaken_by_another_users_value_is_a_conflict_shown(qtbot, shared, window):
    """Someone else stores the postcode being typed: the field shows their value and the
    window names both, as for any stale edit; nothing of theirs is overwritten."""
    url, store, pid = shared
    page = window.pages["partners"]
    partner = window.session.project.partners[0]
    postcode = page.editor.lines["postcode"].edit
    postcode.selectAll()
    _type_into(qtbot, postcode, "727")
    with open_store(url) as elsewhere:
        elsewhere.apply_changes(pid, field_change("partners", partner.id, "postcode", partner.postcode, "10115"))
    qtbot.waitUntil(lambda: postcode.text() == "10115", timeout=SECONDS)
    assert "10115" in window.message.text() and "727" in window.message.text()
    assert store.load_project(pid).partners[0].postcode == "10115"


def test_a_slow_store_never_stalls_the_window(qtbot, shared, window, monkeypatch):
    """The store answers the watch's question only after 1.5 s (a server far away or gone):
    the window keeps handling events all the while, and the answer is taken over afterwards."""
    url, store, pid = shared
    real = store.project_revision
    slow: list[float] = []

    def project_revision(project_id, wait_ms=None):
        slow.append(time.perf_counter())
        time.sleep(1.5)
        return real(project_id, wait_ms=wait_ms)

    monkeypatch.setattr(store, "project_revision", project_revision)
    with open_store(url) as elsewhere:
        partner = elsewhere.load_project(pid).partners[1]
        elsewhere.apply_changes(pid, field_change("partners", partner.id, "city", partner.city, "Sigmaringen"))
    gaps: list[int] = []
    clock = QElapsedTimer()
    clock.start()
    ticker = QTimer()
    ticker.setInterval(20)
    ticker.timeout.connect(lambda: gaps.append(clock.restart()))
    ticker.start()
    try:
        qtbot.waitUntil(lambda: window.session.project.partners[1].city == "Sigmaringen", timeout=SECONDS)
    finally:
        ticker.stop()
    assert slow, "the watch never asked"
    assert max(gaps) < 1000, f"the window stood still for {max(gaps)} ms"


def test_a_minimized_window_does_not_ask(qtbot, shared, window):
    """A window that is not on screen does not wake the computer every few seconds; shown
    again, it catches up."""
    url, _store, pid = shared
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=2000)
    asked = window.session.watch.asked
    qtbot.wait(1000)  # three ticks of the test's 0.3 s interval
    assert window.session.watch.asked == asked
    with open_store(url) as elsewhere:
        elsewhere.update_project_fields(pid, place="Tübingen")
    window.showNormal()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.session.project.place == "Tübingen", timeout=SECONDS)


def test_only_a_store_in_memory_is_asked_on_the_gui_thread(tmp_path):
    """Only a store in memory (nobody outside can write to it) is asked inline."""
    with open_store("sqlite://") as memory, open_store(tmp_path / "datei.sqlite3") as file:
        assert watch._in_memory(memory) and not watch._in_memory(file)


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_the_question_is_cheap(shared):
    """What the worker asks while nothing changed: one number, no project read."""
    _url, store, pid = shared
    revision = store.project_revision(pid)
    assert watch.read_if_changed(store, pid, revision) == (revision, None)
    changed_revision, project = watch.read_if_changed(store, pid, revision - 1)
    assert changed_revision == revision and project.id == pid

