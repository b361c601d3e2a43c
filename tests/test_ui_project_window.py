"""The project window: phases with progress, live preview, help for the field in focus, undo
that brings the undone edit into sight."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit

from kooperation.domain.demo import demo_project
from kooperation.store import open_store
from kooperation.ui.pages.base import set_help
from kooperation.ui.project_window import ProjectWindow


@pytest.fixture
def window(qtbot, tmp_path):
    store = open_store(tmp_path / "s.sqlite3")
    project = store.save_project(demo_project())
    w = ProjectWindow(store, project.id)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    w.preview.wait_idle()
    qtbot.waitUntil(lambda: "ProdTech" in w.preview.browser.toPlainText(), timeout=5000)
    yield w
    w.close()
    store.close()


def test_phases_show_progress_marks_and_open_counts(window):
    """The navigation lists the five phases (then the meeting pages under their heading); the
    rules phase shows the demo's open points."""
    texts = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert len(texts) == 5 + 1 + 5 and texts[5] == "Im Treffen"
    assert "Partner" in texts[0] and "Entwürfe" in texts[4]
    assert "offen" in texts[3]
    assert "Ergebnisse" in window.nav.item(3).toolTip()


def test_preview_follows_an_edit(window, qtbot):
    """Renaming a partner appears in the live preview shortly after."""
    partner = window.session.project.partners[0]
    window.session.update_partner(partner.id, "name", "Umbenannt & Söhne <GmbH>")
    qtbot.waitUntil(lambda: "Umbenannt & Söhne <GmbH>" in window.preview.browser.toPlainText(), timeout=5000)


def test_help_panel_explains_the_focused_field(window, qtbot):
    """Focusing a tagged field shows its explanation and highlights its clause in the preview."""
    page = window.pages["partners"]
    editor = QLineEdit(page)
    set_help(editor, "Kündigungsfrist", "Wie lange vorher ein Partner kündigen muss.", "austritt")
    editor.show()
    editor.setFocus()
    qtbot.waitUntil(lambda: "Wie lange vorher" in window.help.toPlainText(), timeout=3000)
    window.preview.wait_idle()
    assert window.preview._highlight == "austritt"


def test_undo_brings_the_undone_edit_into_sight(window, qtbot):
    """An edit on the rules page undone while the partners page is shown switches to rules."""
    window.session.set_param("austritt", "notice_months", 9)
    window.select_phase("partners")
    window.session.undo_stack.undo()
    assert window.stack.currentWidget() is window.pages["rules"]
    assert window.session.store.load_project(window.session.project.id).decisions["austritt"].params["notice_months"] == 6


def test_refused_edit_is_shown_in_plain_words(window):
    """A milestone depending on itself is refused with a visible message."""
    ms = window.session.project.milestones[0]
    window.session.update_milestone(ms.id, "depends_on_ids", [ms.id])
    assert window.message.isVisible() and window.message.text()


def test_screenshot_of_every_page(window, tmp_path):
    """Every page renders with the example project (the pictures go to docs/screenshots via the script)."""
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        image = window.grab()
        assert image.width() >= 1300


def test_ctrl_z_in_a_text_field_undoes_the_stored_edit(window, qtbot):
    """Typing in a field and pressing Ctrl+Z takes the stored edit back, not just the field's text."""
    from PySide6.QtCore import Qt

    page = window.pages["business_model"]
    edit = QLineEdit(page)
    edit.show()
    edit.setFocus()
    window.session.set_business_model_field("key_partners", "IHK, Kammer")
    qtbot.keyClick(edit, Qt.Key_Z, Qt.ControlModifier)
    assert window.session.store.load_project(window.session.project.id).business_model.key_partners.startswith("IHK Reutlingen")
    qtbot.keyClick(edit, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert window.session.store.load_project(window.session.project.id).business_model.key_partners == "IHK, Kammer"
