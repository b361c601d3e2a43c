"""The whole journey in one window, as a decision-maker would click through it: a new project,
two partners, the canvas, a goal and a milestone, the form and a rule, then a draft whose DOCX
and PDF say what was entered. Everything goes through the real widgets."""

from __future__ import annotations

import io

import docx
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from kooperation.domain.model import CooperationForm, DecisionStatus
from kooperation.store import open_store
from kooperation.ui import operations
from kooperation.ui.main_window import MainWindow
from kooperation.ui.pages.rules import FORM_ENTRY

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot, tmp_path):
    store = open_store(tmp_path / "journey.sqlite3")
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1440, 900)
    w.show()
    qtbot.waitExposed(w)
    old = operations.set_synchronous(True)
    yield w
    operations.set_synchronous(old)
    w.close()
    store.close()


def type_over(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)


def test_from_a_new_project_to_a_stored_draft(window, qtbot, monkeypatch):
    """New project → partners → canvas → goals & roadmap → form & rules → DOCX and PDF draft."""
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Werkstattverbund Alb", True))
    qtbot.mouseClick(window.start_page.btn_new, LEFT)
    project_window = window.project_window
    assert project_window is not None and project_window.title == "Werkstattverbund Alb"
    session = project_window.session

    # 1 partners
    project_window.select_phase("partners")
    partners = project_window.pages["partners"]
    for name, city in (("Holzbau Schmid GmbH", "Ulm"), ("Hochschule Biberach", "Biberach")):
        qtbot.mouseClick(partners.empty_add_button if not session.project.partners else partners.add_button, LEFT)
        type_over(qtbot, partners.editor.lines["name"].edit, name)
        type_over(qtbot, partners.editor.lines["city"].edit, city)
        type_over(qtbot, partners.editor.lines["representative"].edit, "die Geschaeftsfuehrung")

    # 2 business model
    project_window.select_phase("business_model")
    canvas = project_window.pages["business_model"]
    canvas.edits["value_proposition"].setFocus()
    qtbot.keyClicks(canvas.edits["value_proposition"], "Gemeinsame Ausbildungswerkstatt")

    # 3 goals and roadmap
    project_window.select_phase("goals")
    goals = project_window.pages["goals"]
    qtbot.mouseClick(goals.add_goal_button, LEFT)
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "Zwoelf Azubis im ersten Jahr")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)
    qtbot.mouseClick(goals.add_milestone_button, LEFT)
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "Werkstatt eroeffnet")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)

    # 4 form and rules
    project_window.select_phase("rules")
    rules = project_window.pages["rules"]
    rules.select(FORM_ENTRY)
    qtbot.mouseClick(rules.panel.items["vertrag"].radio, LEFT)
    qtbot.mouseClick(rules.panel.status.agreed, LEFT)
    rules.select("austritt")
    qtbot.mouseClick(rules.panel.variant_items["jederzeit"].radio, LEFT)

    # the preview follows
    project_window.preview.wait_idle()
    qtbot.waitUntil(lambda: "Holzbau Schmid GmbH" in project_window.preview.browser.toPlainText(), timeout=5000)

    # 5 draft
    project_window.select_phase("drafts")
    drafts = project_window.pages["drafts"]
    qtbot.mouseClick(drafts.generate_button, LEFT)
    qtbot.waitUntil(lambda: not drafts.busy, timeout=30_000)

    stored = session.store.load_project(session.project.id)
    assert [p.name for p in stored.partners] == ["Holzbau Schmid GmbH", "Hochschule Biberach"]
    assert stored.business_model.value_proposition == "Gemeinsame Ausbildungswerkstatt"
    assert [g.text for g in stored.goals] == ["Zwoelf Azubis im ersten Jahr"]
    assert [m.title for m in stored.milestones] == ["Werkstatt eroeffnet"]
    assert (stored.form, stored.form_status) == (CooperationForm.VERTRAG, DecisionStatus.AGREED)
    assert stored.decisions["austritt"].variant == "jederzeit"

    [version] = session.store.list_drafts(session.project.id)
    files = {f.format: f.content for f in session.store.get_draft(session.project.id, version.number).files}
    word = "\n".join(p.text for p in docx.Document(io.BytesIO(files["docx"])).paragraphs)
    pdf = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(files["pdf"])).pages)
    for text in (word, pdf):
        assert "Holzbau Schmid GmbH" in text and "Hochschule Biberach" in text
        assert "Gemeinsame Ausbildungswerkstatt" in text
        assert "jederzeit" in text
        assert "Offene Punkte" in text
