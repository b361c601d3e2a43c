"""Partners' laptops in the window: "Projekt weitergeben …" writes a project file, "Änderungen
übernehmen …" merges one back through the merge dialog; a second store stands for the second
laptop. What a user checks: the file, the dialog's rows, the store and the widgets afterwards."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog

from kooperation.bundle import read_bundle_file
from kooperation.domain.demo import demo_project
from kooperation.domain.model import Goal
from kooperation.merging import apply_plan, plan_merge
from kooperation.store import open_store
from kooperation.ui import project_file
from kooperation.ui.main_window import MainWindow
from kooperation.ui.settings import Settings
from test_bundle import add_draft, bundle

SHOTS = os.environ.get("KOOPERATION_SHOTS")  # a folder: the dialog is saved there as PNG


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "hier.sqlite3")
    yield s
    s.close()


@pytest.fixture
def errors(monkeypatch):
    """The messages the window shows in a warning box (instead of the box)."""
    shown: list[str] = []
    monkeypatch.setattr(project_file, "show_error", lambda parent, text, *a: shown.append(text))
    return shown


@pytest.fixture
def window(qtbot, tmp_path, store):
    w = MainWindow(store, Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    yield w
    preview = getattr(w.project_window, "preview", None)
    if preview is not None:
        preview.wait_idle()
    w.close()


@pytest.fixture
def shared(window, store):
    """The demo project with one draft, open in the window."""
    pid = store.save_project(demo_project()).id
    add_draft(store, pid, "erster", comment="Drei Monate Frist?")
    window.open_project(pid)
    return pid


def share(qtbot, window, monkeypatch, path: Path) -> list:
    asked: list = []

    def save_dialog(parent, title, suggested, filters, *a, **k):
        asked.append((title, suggested, filters))
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    window.act_share.trigger()
    qtbot.waitUntil(lambda: not window.project_files.busy, timeout=10000)
    return asked


def take_over(qtbot, window, monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.act_take_over.trigger()
    qtbot.waitUntil(lambda: not window.project_files.busy, timeout=10000)


def laptop_edits(tmp_path, first_file: Path) -> Path:
    """The second laptop takes the file, edits, drafts, and sends its own file back."""
    with open_store(tmp_path / "laptop.sqlite3") as laptop:
        apply_plan(laptop, plan_merge(laptop, read_bundle_file(first_file)))
        pid = read_bundle_file(first_file).project.id
        mine = laptop.load_project(pid)
        mine.partners[0].city = "Metzingen"
        mine.partners[1].contributions = "Vom Laptop: zwei Werkstätten"
        mine.goals.append(Goal(text="Vom Laptop"))
        mine.decisions["beitraege"].params["approval_limit_eur"] = 9000
        laptop.save_project(mine)
        add_draft(laptop, pid, "laptop", comment="Vom Laptop kommentiert")
        back = tmp_path / "zurueck.kooperation"
        back.write_bytes(bundle(laptop, pid))
    return back


def type_city(qtbot, window, text: str) -> None:
    window.project_window.select_phase("partners")
    page = window.project_window.pages["partners"]
    rect = page.list.visualRect(page.model.index(0))
    qtbot.mouseClick(page.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    edit = page.editor.lines["city"].edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)
    edit.clearFocus()


def test_share_writes_a_project_file_named_after_the_project(qtbot, tmp_path, window, store, shared, monkeypatch):
    """"Projekt weitergeben …" suggests the project's name and writes a file the core reads back
    with the draft and its comment."""
    target = tmp_path / "ausgabe" / "datei"
    target.parent.mkdir()
    asked = share(qtbot, window, monkeypatch, target)
    (title, suggested, filters), = asked
    assert title == "Projekt weitergeben" and "*.kooperation" in filters
    assert Path(suggested).name.startswith(store.load_project(shared).name)
    written = target.with_name("datei.kooperation")
    read = read_bundle_file(written)
    assert read.project.id == shared and [c.text for d in read.drafts for c in d.comments] == ["Drei Monate Frist?"]
    assert "weitergegeben" in window.project_window.message.label.text()
    assert window.settings.last_export_dir == str(target.parent)


def test_merge_through_the_window_keeps_both_sides(qtbot, tmp_path, window, store, shared, monkeypatch, errors):
    """Export, edit on a second laptop, edit here, take the file over choosing theirs for the
    city and an open point for the rule: the store and the widgets have both sides' edits and
    both drafts; the same file again has nothing to take over."""
    first = tmp_path / "an-laptop.kooperation"
    share(qtbot, window, monkeypatch, first)
    back = laptop_edits(tmp_path, first)
    type_city(qtbot, window, "Pfullingen")
    session = window.project_window.session
    session.set_param("beitraege", "approval_limit_eur", 1000)
    session.update_partner(session.project.partners[1].id, "need", "Hier ergänzt")
    add_draft(store, shared, "hier")
    assert store.load_project(shared).partners[0].city == "Pfullingen"

    take_over(qtbot, window, monkeypatch, back)
    dialog = window.project_files.dialog
    assert dialog is not None and errors == []
    by_field = {c.field: c for c in dialog.plan.conflicts}
    assert set(by_field) == {"city", "params.approval_limit_eur"}
    city, limit = by_field["city"], by_field["params.approval_limit_eur"]
    assert dialog.combo_for(city).currentData() == "ours"
    assert dialog.combo_for(limit).currentData() == "open_point"
    row = next(r for r in dialog.rows if r[0] is city)
    assert (row[2].text(), row[3].text()) == ("Pfullingen", "Metzingen")
    assert "Ort" not in dialog.summary_text()
    dialog.set_choice(city, "theirs")
    dialog.set_choice(limit, "open_point")
    summary = dialog.summary_text()
    assert "Ort" in summary and "Vom Laptop" in summary and "Neue Entwurfsversion" in summary
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "merge_dialog.png"))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.project_files.dialog is None, timeout=5000)

    merged = store.load_project(shared)
    assert merged.partners[0].city == "Metzingen"
    assert merged.partners[1].need == "Hier ergänzt"
    assert merged.partners[1].contributions == "Vom Laptop: zwei Werkstätten"
    assert merged.goals[-1].text == "Vom Laptop"
    decision = merged.decisions["beitraege"]
    assert decision.is_open and "9000" in decision.note and "1000" in decision.note
    drafts = store.get_drafts(shared)
    assert [(d.number, d.note) for d in drafts] == [(1, "erster"), (2, "hier"), (3, "laptop")]
    assert [c.text for c in drafts[2].comments] == ["Vom Laptop kommentiert"]
    # the window shows the merged project
    page = window.project_window.pages["partners"]
    assert page.editor.lines["city"].edit.text() == "Metzingen"
    assert session.project == merged and session.revision == store.project_revision(shared)
    # a hidden page catches up when it is shown (ui/pages/base.py): look at it as a user would
    window.project_window.select_phase("goals")
    goals = window.project_window.pages["goals"].goal_model
    assert "Vom Laptop" in [goals.index(r, goals.TEXT).data() for r in range(goals.rowCount())]
    message = window.project_window.message.label.text()
    assert "übernommen" in message and "1 als offener Punkt" in message and "1 mit dem Wert aus der Datei" in message

    revision = store.project_revision(shared)
    take_over(qtbot, window, monkeypatch, back)
    assert window.project_files.dialog is None and errors == []
    assert store.project_revision(shared) == revision and len(store.get_drafts(shared)) == 3
    assert "nichts zu übernehmen" in window.project_window.message.label.text()


def test_cancel_changes_nothing(qtbot, tmp_path, window, store, shared, monkeypatch):
    """Abbrechen in the merge dialog stores nothing of the file."""
    first = tmp_path / "an-laptop.kooperation"
    share(qtbot, window, monkeypatch, first)
    back = laptop_edits(tmp_path, first)
    revision = store.project_revision(shared)
    take_over(qtbot, window, monkeypatch, back)
    dialog = window.project_files.dialog
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert window.project_files.dialog is None
    assert store.project_revision(shared) == revision
    assert store.load_project(shared).partners[0].city != "Metzingen" and len(store.get_drafts(shared)) == 1


def test_a_project_changed_meanwhile_is_refused_with_a_message(qtbot, tmp_path, window, store, shared, monkeypatch, errors):
    """Someone changes the project while the dialog is open: "Übernehmen" refuses, says why,
    and stores nothing of the file."""
    first = tmp_path / "an-laptop.kooperation"
    share(qtbot, window, monkeypatch, first)
    back = laptop_edits(tmp_path, first)
    take_over(qtbot, window, monkeypatch, back)
    dialog = window.project_files.dialog
    store.update_project_fields(shared, description="Inzwischen in einem anderen Fenster")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert len(errors) == 1 and "während die Änderungen zusammengeführt wurden" in errors[0]
    assert store.load_project(shared).partners[0].city != "Metzingen" and len(store.get_drafts(shared)) == 1


def test_bad_files_get_a_german_message(qtbot, tmp_path, window, store, shared, monkeypatch, errors):
    """A broken file, a file of another project and one of a newer version: a plain German
    message each, no dialog, nothing stored."""
    import io
    import json
    import zipfile

    revision = store.project_revision(shared)
    broken = tmp_path / "kaputt.kooperation"
    broken.write_bytes(b"PK\x03\x04 kein Archiv")
    other_store = open_store(tmp_path / "anderes.sqlite3")
    other = demo_project()
    other.name = "Anderes Netzwerk"
    other_id = other_store.save_project(other).id
    foreign = tmp_path / "anderes.kooperation"
    foreign.write_bytes(bundle(other_store, other_id))
    other_store.close()
    members = {}
    with zipfile.ZipFile(io.BytesIO(bundle(store, shared))) as z:
        members = {n: z.read(n) for n in z.namelist()}
    manifest = json.loads(members["manifest.json"])
    manifest["format_version"] = 7
    members["manifest.json"] = json.dumps(manifest).encode()
    newer = tmp_path / "neuer.kooperation"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    newer.write_bytes(out.getvalue())
    revision = store.project_revision(shared)

    for path in (broken, foreign, newer):
        take_over(qtbot, window, monkeypatch, path)
    assert window.project_files.dialog is None
    assert "kein gültiges ZIP" in errors[0]
    assert "Anderes Netzwerk" in errors[1] and "nicht zum geöffneten Projekt" in errors[1]
    assert "neueren Version" in errors[2]
    assert all("Traceback" not in e for e in errors) and len(errors) == 3
    assert store.project_revision(shared) == revision and len(store.list_projects()) == 1


def test_a_file_of_a_new_project_is_created_and_opened_from_the_start_page(qtbot, tmp_path, window, store, monkeypatch):
    """With no project open, a file of a project this store lacks creates it with its drafts
    and opens it."""
    with open_store(tmp_path / "laptop.sqlite3") as laptop:
        pid = laptop.save_project(demo_project()).id
        add_draft(laptop, pid, "laptop")
        path = tmp_path / "neu.kooperation"
        path.write_bytes(bundle(laptop, pid))
    assert not window.act_share.isEnabled()
    take_over(qtbot, window, monkeypatch, path)
    dialog = window.project_files.dialog
    assert "Neues Projekt" in dialog.summary_text() and not dialog.rows
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert window.project_id == pid and len(store.get_drafts(pid)) == 1
    assert window.act_share.isEnabled()
