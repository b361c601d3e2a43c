"""The partners page: profile cards and their editor, driven through the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QPlainTextEdit, QSpinBox

from kooperation.domain.demo import demo_project
from kooperation.domain.model import OrgSize, PartnerRole, Project, Sector
from kooperation.store import open_store
from kooperation.ui.pages.base import help_for
from kooperation.ui.pages.partners import PartnersPage
from kooperation.ui.session import ProjectSession


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "s.sqlite3")
    yield s
    s.close()


def make_page(qtbot, store, project: Project) -> PartnersPage:
    saved = store.save_project(project)
    page = PartnersPage(ProjectSession(store, saved.id))
    qtbot.addWidget(page)
    page.resize(1100, 750)
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def page(qtbot, store):
    return make_page(qtbot, store, demo_project())


def stored(page: PartnersPage) -> Project:
    return page.session.store.load_project(page.session.project.id)


def click_card(qtbot, page: PartnersPage, row: int) -> None:
    rect = page.list.visualRect(page.model.index(row))
    qtbot.mouseClick(page.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def replace_text(qtbot, edit: QLineEdit, text: str) -> None:
    """Select everything in the field and type ``text`` over it, as a user would."""
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)


def line(page: PartnersPage, field: str) -> QLineEdit:
    return page.editor.lines[field].edit


def card_names(page: PartnersPage) -> list[str]:
    return [page.model.index(r).data() for r in range(page.model.rowCount())]


def test_typing_a_name_updates_the_card_and_the_store(qtbot, page):
    """I click the second card, type a new name: the card shows it and it is saved at once."""
    click_card(qtbot, page, 1)
    assert line(page, "name").text() == "Hochschule Reutlingen – Institut für Digitale Fertigung"
    replace_text(qtbot, line(page, "name"), "Hochschule Reutlingen")
    assert card_names(page)[1] == "Hochschule Reutlingen"
    assert stored(page).partners[1].name == "Hochschule Reutlingen"
    assert page.editor.heading.text() == "Hochschule Reutlingen"


def test_typing_in_the_middle_keeps_the_cursor(qtbot, page):
    """While I type inside a name, the refresh after each stored keystroke leaves my cursor alone."""
    edit = line(page, "name")
    edit.setFocus()
    edit.setCursorPosition(4)
    qtbot.keyClicks(edit, "XY")
    assert edit.text() == "ProdXYTech Maschinenbau GmbH"
    assert edit.cursorPosition() == 6
    assert stored(page).partners[0].name == "ProdXYTech Maschinenbau GmbH"


def test_every_field_is_stored_through_its_widget(qtbot, page):
    """I fill each kind of field of the fourth partner; all of it is in the store."""
    click_card(qtbot, page, 3)
    ed = page.editor
    for field, text in (("short_name", "BNA"), ("street", "Weg 1"), ("city", "Metzingen"),
                        ("country", "Deutschland"), ("representative", "den Vorstand Max Muster")):
        replace_text(qtbot, line(page, field), text)
    ed.legal_form.setFocus()
    qtbot.keyClick(ed.legal_form, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(ed.legal_form, "gGmbH")
    ed.sector.setCurrentIndex(3)
    ed.size.setCurrentIndex(2)
    ed.employees.setFocus()
    qtbot.keyClick(ed.employees, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(ed.employees, "42")
    for field in ("products", "need", "potentials", "contributions"):
        ed.texts[field].setFocus()
        qtbot.keyClick(ed.texts[field], Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(ed.texts[field], f"Text {field}")
    p = stored(page).partners[3]
    assert (p.short_name, p.street, p.city, p.representative) == (
        "BNA", "Weg 1", "Metzingen", "den Vorstand Max Muster")
    assert p.legal_form == "gGmbH"
    assert p.sector is Sector(list(Sector)[3]) and p.size is OrgSize.KLEIN and p.employees == 42
    assert p.contributions == "Text contributions" and p.need == "Text need"
    ed.size.setCurrentIndex(0)
    assert stored(page).partners[3].size is None


def test_add_partner_selects_the_new_card_ready_for_its_name(qtbot, page):
    """I click Hinzufügen: a new card appears selected, I type its name straight away."""
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 5
    assert page.list.currentIndex().row() == 4
    qtbot.keyClicks(line(page, "name"), "Zulieferer Schmid KG")
    assert stored(page).partners[4].name == "Zulieferer Schmid KG"
    assert card_names(page)[4] == "Zulieferer Schmid KG"


def test_remove_partner_asks_names_the_partner_and_removes_it(qtbot, page, monkeypatch):
    """Entfernen asks first, naming the partner and the lost references; No keeps, Yes removes."""
    asked: list[str] = []

    def answer(reply):
        def question(parent, title, text, *args, **kwargs):
            asked.append(text)
            return reply
        return question

    click_card(qtbot, page, 2)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert len(stored(page).partners) == 4
    assert "Stadt Tübingen – Wirtschaftsförderung" in asked[0]
    assert "Meilensteine" in asked[0] and "Rückgängig" in asked[0]

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    names = [p.name for p in stored(page).partners]
    assert "Stadt Tübingen – Wirtschaftsförderung" not in names and len(names) == 3
    assert card_names(page) == names
    assert page.list.currentIndex().row() == 2  # the next partner is selected
    assert line(page, "name").text() == names[2]


def test_reorder_with_the_buttons(qtbot, page):
    """Nach unten and Nach oben change the order in the contract; the moved card stays selected."""
    before = [p.name for p in stored(page).partners]
    click_card(qtbot, page, 0)
    assert not page.up_button.isEnabled()
    qtbot.mouseClick(page.down_button, Qt.MouseButton.LeftButton)
    after = [p.name for p in stored(page).partners]
    assert after == [before[1], before[0], *before[2:]]
    assert page.list.currentIndex().row() == 1
    click_card(qtbot, page, 3)
    assert not page.down_button.isEnabled()
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in stored(page).partners][2] == before[3]
    assert card_names(page) == [p.name for p in stored(page).partners]


def test_mark_lead_partner_keeps_exactly_one(qtbot, page):
    """Als Lead-Partner festlegen moves the lead; choosing Lead-Partner as role does the same."""
    click_card(qtbot, page, 2)
    qtbot.mouseClick(page.lead_button, Qt.MouseButton.LeftButton)
    roles = [p.role for p in stored(page).partners]
    assert roles.count(PartnerRole.LEAD) == 1 and roles[2] is PartnerRole.LEAD
    assert page.editor.role.currentText() == "Lead-Partner"
    assert not page.lead_button.isEnabled()

    click_card(qtbot, page, 1)
    page.editor.role.setCurrentIndex(list(PartnerRole).index(PartnerRole.LEAD))
    roles = [p.role for p in stored(page).partners]
    assert roles.count(PartnerRole.LEAD) == 1 and roles[1] is PartnerRole.LEAD
    assert page.model.partner(2).role is PartnerRole.PARTNER


def test_invalid_postcode_is_shown_and_not_stored(qtbot, page):
    """A postcode with a wrong character shows a message and the store keeps the old one."""
    warning = page.editor.lines["postcode"].warning
    replace_text(qtbot, line(page, "postcode"), "72#64")
    assert warning.isVisible() and "Postleitzahl" in warning.text()
    assert stored(page).partners[0].postcode == "72764"

    replace_text(qtbot, line(page, "postcode"), "72")  # unfinished: no scolding while typing
    assert not warning.isVisible()
    line(page, "city").setFocus()  # leaving the field: now it is too short
    assert warning.isVisible()
    assert stored(page).partners[0].postcode == "72764"

    replace_text(qtbot, line(page, "postcode"), "10115")
    assert not warning.isVisible()
    assert stored(page).partners[0].postcode == "10115"


def test_invalid_email_is_shown_and_not_stored(qtbot, page):
    """An e-mail address with a space or without a domain is refused with a visible message."""
    warning = page.editor.lines["contact_email"].warning
    replace_text(qtbot, line(page, "contact_email"), "k weber@prodtech.de")
    assert warning.isVisible() and "E-Mail-Adresse" in warning.text()
    replace_text(qtbot, line(page, "contact_email"), "k.weber@prodtech")
    line(page, "city").setFocus()
    assert warning.isVisible()
    assert stored(page).partners[0].contact_email == "k.weber@prodtech.example"
    replace_text(qtbot, line(page, "contact_email"), "k.weber@prodtech.de")
    assert not warning.isVisible()
    assert stored(page).partners[0].contact_email == "k.weber@prodtech.de"


def test_empty_name_is_refused_and_the_last_name_comes_back(qtbot, page):
    """Deleting the whole name shows "Bitte einen Namen eingeben."; leaving restores the name."""
    warning = page.editor.lines["name"].warning
    replace_text(qtbot, line(page, "name"), "")
    assert warning.isVisible() and warning.text().endswith("Bitte einen Namen eingeben.")
    assert stored(page).partners[0].name == "ProdTech Maschinenbau GmbH"
    line(page, "city").setFocus()
    assert line(page, "name").text() == "ProdTech Maschinenbau GmbH"
    assert not warning.isVisible()


def test_undo_updates_editor_and_cards(qtbot, page):
    """After typing a name, Rückgängig puts the old name back into the field and onto the card;
    Wiederholen brings mine back; undoing a changed sector resets the combo box."""
    replace_text(qtbot, line(page, "name"), "ProdTech AG")
    page.session.undo_stack.undo()
    assert line(page, "name").text() == "ProdTech Maschinenbau GmbH"
    assert card_names(page)[0] == "ProdTech Maschinenbau GmbH"
    assert page.editor.heading.text() == "ProdTech Maschinenbau GmbH"
    page.session.undo_stack.redo()
    assert line(page, "name").text() == "ProdTech AG"
    assert card_names(page)[0] == "ProdTech AG"

    page.editor.sector.setCurrentIndex(list(Sector).index(Sector.WISSENSCHAFT))
    assert stored(page).partners[0].sector is Sector.WISSENSCHAFT
    page.session.undo_stack.undo()
    assert page.editor.sector.currentText() == "Wirtschaft"
    assert "Wirtschaft · Lead-Partner" in page.model.index(0).data(Qt.ItemDataRole.ToolTipRole)


def test_undo_of_remove_and_add_keeps_the_page_working(qtbot, page, monkeypatch):
    """Undoing a removal brings the card back; undoing an add while its card is selected moves
    the selection to a remaining partner; clicking around afterwards works."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click_card(qtbot, page, 1)
    removed = page.current_id()
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    page.session.undo_stack.undo()
    assert page.model.row_of(removed) == 1
    page.focus_entity("partners", removed)
    assert line(page, "name").text().startswith("Hochschule Reutlingen")

    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    new_id = page.current_id()
    page.session.undo_stack.undo()
    assert page.model.row_of(new_id) == -1
    assert page.current_id() == page.model.partner(3).id
    click_card(qtbot, page, 0)
    assert line(page, "name").text() == "ProdTech Maschinenbau GmbH"
    page.session.undo_stack.redo()
    page.focus_entity("partners", new_id)
    assert line(page, "name").text() == "Neuer Partner"


def test_focus_entity_selects_the_partner(qtbot, page):
    """A search result or undo pointing at a partner selects its card and shows its form."""
    target = page.session.project.partners[3]
    page.focus_entity("partners", target.id)
    assert page.list.currentIndex().row() == 3
    assert line(page, "name").text() == target.name


def test_empty_project_invites_to_add_the_first_partner(qtbot, store):
    """A new project shows a friendly empty state; its button creates the first (lead) partner."""
    page = make_page(qtbot, store, Project(name="Leer"))
    assert page.empty_label.isVisible()
    assert "Noch keine Partner" in page.empty_label.text()
    assert not page.list.isVisible()
    qtbot.mouseClick(page.empty_add_button, Qt.MouseButton.LeftButton)
    assert page.list.isVisible()
    partners = stored(page).partners
    assert len(partners) == 1 and partners[0].role is PartnerRole.LEAD
    assert page.focusWidget() is line(page, "name")  # ready to type the name


def test_every_editor_has_plain_language_help(page):
    """Whatever field I focus, the help panel has a title and an explanation to show."""
    editors = [*page.editor.findChildren(QLineEdit), *page.editor.findChildren(QPlainTextEdit),
               *page.editor.findChildren(QComboBox), *page.editor.findChildren(QSpinBox)]
    assert len(editors) >= 18
    for widget in editors:
        found = help_for(widget)
        assert found is not None, widget.objectName()
        title, text, _clause = found
        assert title and len(text) > 30
    assert "Post-it" in help_for(page.editor.texts["need"])[1]
    assert "Anlage 1" in help_for(page.editor.texts["contributions"])[1]


def test_the_market_is_chosen_from_the_wz_list_or_typed_and_undone(qtbot, page):
    """I pick "62 – Dienstleistungen der Informationstechnologie", then type my own market; both are stored, undo restores the demo's market."""
    click_card(qtbot, page, 0)
    combo = page.editor.market
    assert combo.currentText() == "28 – Maschinenbau"  # the demo's market is shown
    combo.setCurrentIndex(combo.findText("62 – Dienstleistungen der Informationstechnologie"))
    assert stored(page).partners[0].market == "62 – Dienstleistungen der Informationstechnologie"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(combo, "Sondermaschinen")
    assert stored(page).partners[0].market == "Sondermaschinen"
    assert combo.currentText() == "Sondermaschinen"
    while stored(page).partners[0].market != "28 – Maschinenbau" and page.session.undo_stack.canUndo():
        page.session.undo_stack.undo()
    assert combo.currentText() == "28 – Maschinenbau"
