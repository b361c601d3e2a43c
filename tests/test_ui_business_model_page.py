"""The business model page: the reduced canvas, typed into through the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel

from kooperation.domain.demo import demo_project
from kooperation.domain.model import BusinessModel, Project
from kooperation.store import open_store
from kooperation.ui.pages.base import help_for
from kooperation.ui.pages.business_model import BusinessModelPage
from kooperation.ui.session import ProjectSession

FIELDS = [
    "value_proposition",
    "customer_segments",
    "key_partners",
    "revenue_streams",
    "costs_management",
    "costs_development",
    "costs_infrastructure",
]


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "s.sqlite3")
    yield s
    s.close()


def make_page(qtbot, store, project: Project) -> BusinessModelPage:
    saved = store.save_project(project)
    page = BusinessModelPage(ProjectSession(store, saved.id))
    qtbot.addWidget(page)
    page.resize(1100, 750)
    page.show()
    qtbot.waitExposed(page)
    return page


def stored_bm(page: BusinessModelPage) -> BusinessModel:
    return page.session.store.load_project(page.session.project.id).business_model


def type_into(qtbot, page: BusinessModelPage, field: str, text: str) -> None:
    """Type ``text`` at the cursor (QTest types ASCII only)."""
    edit = page.edits[field]
    edit.setFocus()
    qtbot.keyClicks(edit, text)


def test_every_canvas_field_typed_ends_up_in_the_store(qtbot, store):
    """I fill the empty canvas of a new project field by field; all seven texts are saved."""
    page = make_page(qtbot, store, Project(name="Neu"))
    assert set(page.edits) == set(FIELDS)
    for field in FIELDS:
        type_into(qtbot, page, field, f"Stichwort {field}")
    bm = stored_bm(page)
    for field in FIELDS:
        assert getattr(bm, field) == f"Stichwort {field}"


def test_demo_texts_are_shown_and_typing_appends_at_the_cursor(qtbot, store):
    """The example project's texts are in the fields; typing at the end extends them in place."""
    page = make_page(qtbot, store, demo_project())
    edit = page.edits["value_proposition"]
    original = edit.toPlainText()
    assert original.startswith("Praxisnahe")
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    type_into(qtbot, page, "value_proposition", " Neu!")
    assert edit.toPlainText() == original + " Neu!"
    assert edit.textCursor().position() == len(original) + 5
    assert stored_bm(page).value_proposition == original + " Neu!"


def test_undo_restores_the_text_in_the_widget(qtbot, store):
    """After typing in a field, Rückgängig shows the previous text again; Wiederholen mine."""
    page = make_page(qtbot, store, demo_project())
    edit = page.edits["revenue_streams"]
    before = edit.toPlainText()
    edit.selectAll()
    type_into(qtbot, page, "revenue_streams", "Nur Kursgebuehren")
    assert stored_bm(page).revenue_streams == "Nur Kursgebuehren"
    page.session.undo_stack.undo()
    assert edit.toPlainText() == before
    assert stored_bm(page).revenue_streams == before
    page.session.undo_stack.redo()
    assert edit.toPlainText() == "Nur Kursgebuehren"


def test_undo_of_one_field_leaves_the_others_alone(qtbot, store):
    """Undoing a cost entry while my cursor sits in another field leaves that field as it is."""
    page = make_page(qtbot, store, demo_project())
    type_into(qtbot, page, "costs_management", " Reisekosten.")
    key_partners = page.edits["key_partners"]
    key_partners.setFocus()
    cursor = key_partners.textCursor()
    cursor.setPosition(4)
    key_partners.setTextCursor(cursor)
    before = key_partners.toPlainText()
    page.session.undo_stack.undo()
    assert not page.edits["costs_management"].toPlainText().endswith("Reisekosten.")
    assert stored_bm(page).costs_management == page.edits["costs_management"].toPlainText()
    assert key_partners.toPlainText() == before
    assert key_partners.textCursor().position() == 4


def test_guiding_questions_are_shown_above_the_fields(qtbot, store):
    """Each group of the canvas shows its workshop question, so I know what to write."""
    page = make_page(qtbot, store, demo_project())
    texts = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "Welches Versprechen soll das angedachte Gesamtprodukt auf dem Markt erfüllen?" in texts
    assert "Wer sind die Abnehmer?" in texts
    assert "technisch und organisatorisch umsetzen" in texts
    assert "welche Erlösmodelle sind denkbar?" in texts
    assert "Management, Entwicklung und Infrastruktur" in texts
    titles = {box.title() for box in page.findChildren(QGroupBox)}
    assert {"Nutzenversprechen", "Kundensegmente", "Schlüsselpartner", "Einnahmequellen",
            "Kosten"} <= titles


def test_the_value_proposition_is_the_wide_centre_of_the_canvas(qtbot, store):
    """As on the workshop canvas, the value proposition sits in the middle and is the widest."""
    page = make_page(qtbot, store, demo_project())
    geo = {f: page.edits[f].mapTo(page, page.edits[f].rect().topLeft()) for f in FIELDS}
    assert geo["key_partners"].x() < geo["value_proposition"].x() < geo["customer_segments"].x()
    assert page.edits["value_proposition"].width() > 1.5 * page.edits["key_partners"].width()
    assert geo["costs_management"].y() > geo["value_proposition"].y()


def test_every_field_has_help_with_its_question_and_where_it_appears(qtbot, store):
    """Focusing a field shows its question and where the text ends up in the documents."""
    page = make_page(qtbot, store, demo_project())
    for field, edit in page.edits.items():
        title, text, _clause = help_for(edit)
        assert title and "?" in text and "Projektskizze" in text, field
    assert "Präambel" in help_for(page.edits["value_proposition"])[1]
    assert help_for(page.edits["costs_development"])[0] == "Kosten: Entwicklung"


def test_focus_entity_puts_the_cursor_into_the_field(qtbot, store):
    """Jumping to a canvas field (e.g. from an undo) focuses it."""
    page = make_page(qtbot, store, demo_project())
    page.focus_entity("business_model", "customer_segments")
    assert page.focusWidget() is page.edits["customer_segments"]
    page.focus_entity("business_model", "no_such_field")  # ignored, no crash
    page.edits["key_partners"].setFocus()
    qtbot.keyClick(page.edits["key_partners"], Qt.Key.Key_Tab)
    assert page.focusWidget() is not page.edits["key_partners"]  # Tab leaves the field
