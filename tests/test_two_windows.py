"""Two windows on one store, each in its own process, or a window and the command line: no
acknowledged edit is ever lost, a conflicting one is shown, and a locked store never freezes
the window."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kooperation.domain.demo import demo_project
from kooperation.store import open_store
from kooperation.ui.session import ProjectSession

HERE = Path(__file__).resolve().parent


class OtherWindow:
    """Window B: a `ProjectSession` in another process (see window_process.py)."""

    def __init__(self, db: Path, project_id: str) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "window_process.py"), str(db), project_id],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
        )
        assert self.proc.stdout.readline().strip() == "ready"

    def send(self, *command) -> dict:
        self.proc.stdin.write(json.dumps(list(command)) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def call(self, method: str, *args) -> dict:
        return self.send("call", method, *args)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.write(json.dumps(["quit"]) + "\n")
            self.proc.stdin.flush()
            self.proc.wait(30)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "shared.sqlite3"
    with open_store(path) as store:
        store.save_project(demo_project())
    return path


@pytest.fixture
def store(db):
    s = open_store(db)
    yield s
    s.close()


@pytest.fixture
def window_a(qtbot, store):
    project_id = store.list_projects()[0].id
    session = ProjectSession(store, project_id)
    session.errors = []
    session.external = []
    session.sig_error.connect(session.errors.append)
    session.sig_external.connect(session.external.append)
    yield session
    session.close()


@pytest.fixture
def window_b(db, window_a):
    other = OtherWindow(db, window_a.project.id)
    yield other
    other.close()


def stored(store, project_id):
    return store.load_project(project_id)


def test_a_city_and_then_the_name_of_the_same_partner_are_both_kept(store, window_a, window_b):
    """A sets the city, B (loaded before) then types the name: both are stored."""
    pid = window_a.project.partners[1].id
    assert window_a.update_partner(pid, "city", "Ulm")
    for text in ("H", "Ho", "Hochschule B"):
        assert window_b.call("update_partner", pid, "name", text)["ok"]
    partner = stored(store, window_a.project.id).partners[1]
    assert (partner.city, partner.name) == ("Ulm", "Hochschule B")


def test_business_model_fields_from_two_windows_are_both_kept(store, window_a, window_b):
    """A and B edit different fields of the canvas: both stay."""
    window_a.set_business_model_field("value_proposition", "Von A")
    assert window_b.call("set_business_model_field", "customer_segments", "Von B")["ok"]
    bm = stored(store, window_a.project.id).business_model
    assert (bm.value_proposition, bm.customer_segments) == ("Von A", "Von B")


def test_partners_added_and_removed_in_two_windows_are_all_kept(store, window_a, window_b):
    """A adds a partner and removes another; B adds one and edits a fourth: all of it stays."""
    project = window_a.project
    removed, edited = project.partners[3].id, project.partners[2].id
    window_a.add_partner()
    assert window_b.call("add_partner", "B GmbH")["ok"]
    window_a.remove_partner(removed)
    assert window_b.call("update_partner", edited, "city", "Rottenburg")["ok"]
    after = stored(store, project.id)
    names = [p.name for p in after.partners]
    assert "B GmbH" in names and "Neuer Partner" in names and len(names) == 5
    assert removed not in {p.id for p in after.partners}
    assert after.partner(edited).city == "Rottenburg"


def test_undo_takes_back_only_its_own_edit(store, window_a, window_b):
    """A sets the city, B the name, A undoes: the city goes back, B's name stays."""
    partner = window_a.project.partners[0]
    window_a.update_partner(partner.id, "city", "Ulm")
    assert window_b.call("update_partner", partner.id, "name", "Name von B")["ok"]
    window_a.undo_stack.undo()
    after = stored(store, window_a.project.id).partners[0]
    assert (after.city, after.name) == (partner.city, "Name von B")


def test_the_same_field_from_two_windows_is_a_conflict_that_is_shown(store, window_a, window_b):
    """A and B change the same name: B's stale edit is refused and shown with both values; the
    store and, after the refusal, B's window show A's name."""
    pid = window_a.project.partners[0].id
    window_a.update_partner(pid, "name", "Name von A")
    answer = window_b.call("update_partner", pid, "name", "Name von B")
    assert not answer["ok"]
    assert "Name von A" in answer["errors"][0] and "Name von B" in answer["errors"][0]
    assert stored(store, window_a.project.id).partners[0].name == "Name von A"
    assert window_b.send("get", "partners", 0, "name")["result"] == "Name von A"


def test_a_window_notices_changes_made_elsewhere(store, window_a, window_b):
    """B changes a goal; A's next poll reloads it and says so."""
    goal = window_a.project.goals[0]
    assert window_b.call("update_goal", goal.id, "text", "Ziel von B")["ok"]
    assert window_a.check_external()
    assert window_a.project.goals[0].text == "Ziel von B"
    assert window_a.external and "anderen Fenster" in window_a.external[0]
    assert not window_a.check_external()  # nothing new since


def test_a_window_open_during_import_replace_does_not_undo_the_import(tmp_path, db, store, window_a):
    """``kooperation import --replace`` while a window is open: the window shows the import,
    and its next edit keeps what the import brought."""
    pid = window_a.project.id
    export = tmp_path / "p.json"
    cli = [sys.executable, "-m", "kooperation", "--db", str(db)]
    subprocess.run([*cli, "export", pid, "--json", str(export)], check=True, capture_output=True)
    data = json.loads(export.read_text(encoding="utf-8"))
    data["project"]["name"] = "Importierter Name"
    data["project"]["partners"][1]["city"] = "Importstadt"
    export.write_text(json.dumps(data), encoding="utf-8")
    subprocess.run([*cli, "import", str(export), "--replace"], check=True, capture_output=True)
    assert window_a.check_external()
    assert window_a.project.name == "Importierter Name"
    window_a.update_partner(window_a.project.partners[0].id, "city", "Ulm")
    after = stored(store, pid)
    assert after.name == "Importierter Name" and after.partners[1].city == "Importstadt"
    assert after.partners[0].city == "Ulm"


def test_a_window_with_a_stale_value_cannot_overwrite_an_import(tmp_path, db, store, window_a):
    """The window typed over a value the import changed meanwhile: refused, the import stays."""
    pid = window_a.project.id
    export = tmp_path / "p.json"
    cli = [sys.executable, "-m", "kooperation", "--db", str(db)]
    subprocess.run([*cli, "export", pid, "--json", str(export)], check=True, capture_output=True)
    data = json.loads(export.read_text(encoding="utf-8"))
    data["project"]["place"] = "Importort"
    export.write_text(json.dumps(data), encoding="utf-8")
    subprocess.run([*cli, "import", str(export), "--replace"], check=True, capture_output=True)
    assert not window_a.set_project_field("place", "Fensterort")
    assert stored(store, pid).place == "Importort"
    assert window_a.project.place == "Importort"  # the field shows what is stored
    assert "Importort" in window_a.errors[-1]


def _hold_write_lock(db: Path, seconds: float, started: threading.Event) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    started.set()
    time.sleep(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def test_a_locked_store_never_freezes_the_window_and_loses_nothing(qtbot, db, store, window_a):
    """While another program holds the write lock, typing returns at once, the edits wait in
    order (shown as not stored) and are stored once the lock is gone."""
    pending = []
    window_a.sig_pending.connect(pending.append)
    started = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(db, 1.5, started))
    holder.start()
    started.wait(5)
    pid = window_a.project.partners[0].id
    slowest = 0.0
    for text in ("U", "Ul", "Ulm"):
        t0 = time.perf_counter()
        assert window_a.update_partner(pid, "city", text)
        slowest = max(slowest, time.perf_counter() - t0)
    assert slowest < 0.5, f"a keystroke blocked the window for {slowest:.2f} s"
    assert window_a.pending == 3 and pending[-1] == 3
    assert window_a.project.partners[0].city == "Ulm"  # what was typed stays in the field
    holder.join()
    qtbot.waitUntil(lambda: window_a.pending == 0, timeout=10_000)
    assert pending[-1] == 0
    assert stored(store, window_a.project.id).partners[0].city == "Ulm"
    window_a.undo_stack.undo()
    assert stored(store, window_a.project.id).partners[0].city != "Ulm"


def test_a_refused_edit_shows_the_stored_value_and_a_message_that_stays(qtbot, store):
    """An edit the store refuses (here: read-only) is not shown as typed; the project window's
    message stays until closed."""
    from kooperation.errors import StoreError
    from kooperation.ui.project_window import ProjectWindow

    project_id = store.list_projects()[0].id
    window = ProjectWindow(store, project_id)
    qtbot.addWidget(window)
    window.show()
    original = window.session.project.partners[0].city

    def refuse(*_args, **_kwargs):
        raise StoreError("Die Datenbank ist schreibgeschützt.")

    window.session.store.apply_changes = refuse
    assert not window.session.update_partner(window.session.project.partners[0].id, "city", "X")
    assert window.session.project.partners[0].city == original
    qtbot.wait(100)
    assert window.message.isVisible() and "schreibgeschützt" in window.message.text()
    window.message.close_button.click()
    assert not window.message.isVisible()


def test_the_window_never_waits_long_for_a_locked_store(db, store):
    """With the window's setting, any store call from the main thread gives up after a short
    wait with a clear message instead of freezing the screen for seconds."""
    from kooperation.errors import StoreBusyError
    from kooperation.store.waiting import wait_briefly_on_main_thread

    project_id = store.list_projects()[0].id
    started = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(db, 1.5, started))
    holder.start()
    started.wait(5)
    wait_briefly_on_main_thread(100)
    try:
        t0 = time.perf_counter()
        with pytest.raises(StoreBusyError, match="anderen Programm"):
            store.update_project_fields(project_id, place="Ulm")
        assert time.perf_counter() - t0 < 1.0
    finally:
        wait_briefly_on_main_thread(None)
        holder.join()
    store.update_project_fields(project_id, place="Ulm")
    assert store.load_project(project_id).place == "Ulm"


def test_the_window_cleans_control_characters_and_refuses_too_long_texts(qtbot, store):
    """The window's edits follow the import's rules: control characters are removed with a
    note, a text over its field's limit is refused with the limit named, nothing stored."""
    from kooperation.domain.text import limit_for

    project_id = store.list_projects()[0].id
    session = ProjectSession(store, project_id)
    notes, errors = [], []
    session.sig_notice.connect(notes.append)
    session.sig_error.connect(errors.append)
    pid = session.project.partners[0].id
    assert session.update_partner(pid, "city", "Ulm\x00\x07\u200b")
    assert store.load_project(project_id).partners[0].city.startswith("Ulm")
    assert "\x00" not in store.load_project(project_id).partners[0].city
    assert notes and "Steuerzeichen" in notes[0]
    before = store.load_project(project_id).business_model.value_proposition
    too_long = "x" * (limit_for("bm.value_proposition") + 1)
    assert not session.set_business_model_field("value_proposition", too_long)
    assert store.load_project(project_id).business_model.value_proposition == before
    assert session.project.business_model.value_proposition == before
    assert errors and "höchstens" in errors[0]
    assert session.set_decision("austritt", note="Zeile 1\nZeile 2\tmit Tab")
    assert store.load_project(project_id).decisions["austritt"].note == "Zeile 1\nZeile 2\tmit Tab"
    session.close()


def test_a_read_only_store_says_so_when_the_project_opens(qtbot, store):
    """Opening a project of a store that can only be read shows why at once, and an edit is
    refused with the field showing the stored value."""
    from kooperation.store import db as storedb
    from kooperation.ui.project_window import ProjectWindow

    project_id = store.list_projects()[0].id
    store.read_only = storedb.READ_ONLY_FILE
    window = ProjectWindow(store, project_id)
    qtbot.addWidget(window)
    window.show()
    assert "nur gelesen" in window.message.text()
    partner = window.session.project.partners[0]
    assert not window.session.update_partner(partner.id, "city", "Ulm")
    assert window.session.project.partners[0].city == partner.city
    store.read_only = None
    assert store.load_project(project_id).partners[0].city == partner.city


def test_the_partner_card_shows_a_city_changed_elsewhere(qtbot, db, store):
    """The card being edited shows the value another window stored, once the poll saw it."""
    from kooperation.domain.changes import field_change
    from kooperation.ui.pages.partners import PartnersPage

    project_id = store.list_projects()[0].id
    page = PartnersPage(ProjectSession(store, project_id))
    qtbot.addWidget(page)
    page.show()
    partner = page.session.project.partners[0]
    assert page.editor.lines["city"].edit.text() == partner.city
    with open_store(db) as elsewhere:
        elsewhere.apply_changes(project_id, field_change("partners", partner.id, "city", partner.city, "Metzingen"))
    assert page.session.check_external()
    assert page.editor.lines["city"].edit.text() == "Metzingen"
