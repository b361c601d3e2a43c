"""Partner cards in the window: "Steckbrief ausfüllen lassen …" on the partner page writes one
partner's card, the card window shows only that card and writes every edit into the file, and
Datei › Änderungen übernehmen … takes it back. What a user checks: the file, what the card
window shows, the store afterwards."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QLineEdit, QPlainTextEdit

from kooperation.domain.demo import demo_project
from kooperation.steckbrief import read_card_file, write_card
from kooperation.store import open_store
from kooperation.ui import card_window, project_file
from kooperation.ui.card_window import open_card_window
from kooperation.ui.main_window import MainWindow
from kooperation.ui.settings import Settings
from test_bundle import add_draft

SHOTS = os.environ.get("KOOPERATION_SHOTS")  # a folder: the card window is saved there as PNG


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "buero.sqlite3")
    yield s
    s.close()


@pytest.fixture
def errors(monkeypatch):
    """The messages the window shows in a warning box (instead of the box)."""
    shown: list[str] = []
    monkeypatch.setattr(project_file, "show_error", lambda parent, text, *a: shown.append(text))
    monkeypatch.setattr(card_window.errors, "show_error", lambda parent, text, *a: shown.append(text))
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
def opened(window, store):
    """The demo project with a draft, open in the window on the partner page."""
    pid = store.save_project(demo_project()).id
    add_draft(store, pid, "erster", comment="Drei Monate Frist?")
    window.open_project(pid)
    window.project_window.select_phase("partners")
    return pid


@pytest.fixture
def card(tmp_path) -> Path:
    project = demo_project()
    path = tmp_path / "Steckbrief Hochschule.kooperation-steckbrief"
    path.write_bytes(write_card(project, project.partners[1].id, "Anna Berg (a.berg@example.org)"))
    return path


def texts(widget) -> str:
    """Every text the window shows in labels and fields."""
    found = [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QLineEdit)]
    found += [w.toPlainText() for w in widget.findChildren(QPlainTextEdit)]
    return "\n".join(found)


def test_partner_page_hands_out_the_selected_partners_card(qtbot, tmp_path, window, store, opened, monkeypatch):
    """The button asks who gets it back (the lead partner suggested) and where to save it, and
    writes a card of the selected partner only."""
    page = window.project_window.pages["partners"]
    page.focus_entity("partners", store.load_project(opened).partners[2].id)
    asked = []

    def ask(parent, title, label, mode, text):
        asked.append(text)
        return "Netzwerkbüro (buero@example.org)", True

    monkeypatch.setattr(QInputDialog, "getText", ask)
    target = tmp_path / "ausgabe" / "karte"
    target.parent.mkdir()
    suggested = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, name, filters: suggested.append(name) or (str(target), filters))
    assert page.card_button.isEnabled() and page.card_action in page.list.actions()
    qtbot.mouseClick(page.card_button, Qt.MouseButton.LeftButton)
    written = target.with_name("karte.kooperation-steckbrief")
    read = read_card_file(written)
    assert [p.name for p in read.project.partners] == ["Stadt Tübingen – Wirtschaftsförderung"]
    assert read.manifest["steckbrief"]["asked_by"] == "Netzwerkbüro (buero@example.org)"
    assert asked == ["ProdTech Maschinenbau GmbH (k.weber@prodtech.example)"]
    assert Path(suggested[0]).name == "Steckbrief Stadt Tübingen – Wirtschaftsförderung – Lernfabrik Neckar-Alb.kooperation-steckbrief"
    assert "Steckbrief gespeichert" in window.statusBar().currentMessage()


def test_card_window_shows_only_that_card_and_saves_every_edit(qtbot, card):
    """The window shows the one card, the instruction and whom to send it back to; typing lands
    in the file at once, a wrong postcode does not; role and tier cannot be changed."""
    w = open_card_window(card)
    qtbot.addWidget(w)
    w.show()
    shown = texts(w)
    assert "Hochschule Reutlingen – Institut für Digitale Fertigung" in shown
    for other in ("ProdTech Maschinenbau GmbH", "Stadt Tübingen – Wirtschaftsförderung", "Bildungswerk"):
        assert other not in shown.replace("Anna Berg", "")
    assert "Lernfabrik Neckar-Alb" in shown and "zurückschicken an Anna Berg (a.berg@example.org)" in w.next_label.text()
    assert not w.editor.role.isEnabled() and not w.editor.tier.isEnabled()

    city = w.editor.lines["city"].edit
    city.setFocus()
    qtbot.keyClick(city, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(city, "Metzingen")  # keyClicks types ASCII only
    assert read_card_file(card).project.partners[0].city == "Metzingen"  # every keystroke is in the file
    need = w.editor.texts["need"]
    need.setFocus()
    qtbot.keyClicks(need, " Und mehr.")
    assert read_card_file(card).project.partners[0].need.startswith(" Und mehr.Praxisnahe")
    postcode = w.editor.lines["postcode"].edit
    postcode.setFocus()
    qtbot.keyClick(postcode, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(postcode, "12!")
    assert w.editor.lines["postcode"].warning.isVisible()
    assert read_card_file(card).project.partners[0].postcode == "72762"
    assert "Gespeichert um" in w.status.text() and not w.problem.isVisible()
    if SHOTS:
        qtbot.wait(50)  # the layout catches up with the warning first
        w.grab().save(str(Path(SHOTS) / "steckbrief.png"))
    w.close()


def test_a_failed_write_is_said_and_retried(qtbot, card, monkeypatch):
    """A card that cannot be written (the disk is full) keeps the typed value, says so, and
    writes it once it can; the file keeps its last whole state meanwhile."""
    import kooperation.user_files as user_files

    w = open_card_window(card)
    qtbot.addWidget(w)
    w.show()
    real = user_files.write_atomic

    def full(path, data):
        raise OSError(28, "Auf dem Gerät ist kein Speicherplatz mehr verfügbar")

    monkeypatch.setattr(user_files, "write_atomic", full)
    try:
        w.session.update_partner(w.session.partner_id, "city", "Metzingen")
        assert w.problem.isVisible() and "Nicht gespeichert" in w.problem.text() and "Speicherplatz" in w.problem.text()
        assert w.editor.lines["city"].edit.text() == "Metzingen" and w.session.unsaved
        assert read_card_file(card).project.partners[0].city == "Reutlingen"
    finally:
        monkeypatch.setattr(user_files, "write_atomic", real)  # closing must not ask
    w.close()  # closing writes what is left
    assert read_card_file(card).project.partners[0].city == "Metzingen"


def test_returned_card_is_taken_over_in_the_window(qtbot, tmp_path, window, store, opened, monkeypatch, errors):
    """Änderungen übernehmen … with a returned card: only that partner changes, drafts stay,
    the page shows it; the same card again has nothing to take over."""
    path = tmp_path / "karte.kooperation-steckbrief"
    path.write_bytes(write_card(store.load_project(opened), store.load_project(opened).partners[1].id))
    w = open_card_window(path)
    qtbot.addWidget(w)
    w.session.update_partner(w.session.partner_id, "city", "Tübingen")
    w.close()
    before = store.load_project(opened)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.act_take_over.trigger()
    qtbot.waitUntil(lambda: window.project_files.dialog is not None or bool(errors), timeout=10000)
    dialog = window.project_files.dialog
    assert errors == [] and dialog.plan.conflicts == []
    assert "Ort geändert" in dialog.summary_text()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.project_files.dialog is None, timeout=5000)
    after = store.load_project(opened)
    assert after.partners[1].city == "Tübingen"
    assert [p for i, p in enumerate(after.partners) if i != 1] == [p for i, p in enumerate(before.partners) if i != 1]
    assert after.goals == before.goals and len(store.list_drafts(opened)) == 1
    page = window.project_window.pages["partners"]
    page.focus_entity("partners", after.partners[1].id)
    assert page.editor.lines["city"].edit.text() == "Tübingen"
    window.act_take_over.trigger()
    qtbot.waitUntil(lambda: not window.project_files.busy, timeout=10000)
    assert window.project_files.dialog is None and "nichts zu übernehmen" in window.statusBar().currentMessage()


def test_card_of_another_project_or_newer_version_is_refused(qtbot, tmp_path, window, store, opened, monkeypatch, errors, card):
    """A card of a project this store lacks, and opening a project file as a card: a message each."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(card), ""))
    revision = store.project_revision(opened)
    window.act_take_over.trigger()
    qtbot.waitUntil(lambda: not window.project_files.busy, timeout=10000)
    assert "nicht zum geöffneten Projekt" in errors[0]
    window.show_start_page()
    window.act_take_over.trigger()
    qtbot.waitUntil(lambda: not window.project_files.busy, timeout=10000)
    assert "das es in dieser Datenbank nicht gibt" in errors[1]
    assert store.project_revision(opened) == revision and len(store.list_projects()) == 1
    not_card = tmp_path / "projekt.kooperation"
    from test_bundle import bundle

    not_card.write_bytes(bundle(store, opened))
    assert window.open_card(str(not_card)) is None and "Projektdatei, kein Steckbrief" in errors[2]
    opened_card = window.open_card(str(card))
    qtbot.addWidget(opened_card)
    assert opened_card.isVisible() and opened_card in window.card_windows
    opened_card.close()
