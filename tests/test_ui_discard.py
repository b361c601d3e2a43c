"""Nothing typed is dropped silently: Esc or "Abbrechen" in a half-written comment asks first,
choosing another clause keeps the text as a draft for that clause, closing the review window
asks, and a dialog holding typed text (the name of a new project) asks before Esc drops it.

The question is a `QMessageBox`; the tests patch its ``exec`` with the answer and record what it
asked, so nothing waits for a click.
"""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from kooperation.domain.demo import demo_project
from kooperation.drafts import generate_draft
from kooperation.store import open_store
from kooperation.ui import operations
from kooperation.ui.review import open_review_window
from kooperation.ui.session import ProjectSession

EXIT, CONFLICTS = "austritt", "konflikte"
KEEP = QMessageBox.StandardButton.Cancel  # "Weiter bearbeiten"
DISCARD = QMessageBox.StandardButton.Discard  # "Verwerfen"


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "s.sqlite3")
    yield s
    s.close()


@pytest.fixture
def asked(monkeypatch):
    """The questions asked, and the answer the next one gets (``asked.answer``)."""

    class Asked(list):
        answer = KEEP

    questions = Asked()

    def fake_exec(box) -> int:
        questions.append((box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        return questions.answer

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return questions


@pytest.fixture
def review(qtbot, store, asked):
    old = operations.set_synchronous(True)
    project = store.save_project(demo_project())
    generate_draft(store, project.id, formats=["docx"])
    version = store.list_drafts(project.id)[0]
    session = ProjectSession(store, project.id)
    window = open_review_window(session, version.id)  # deletes itself when closed
    qtbot.waitExposed(window)
    window.select_clause(EXIT)
    yield window
    asked.answer = DISCARD
    if shiboken6.isValid(window):
        window.close()
    operations.wait_for_all(20_000)
    operations.set_synchronous(old)


def comments(window) -> list:
    return window.session.store.list_comments(window.session.project.id)


def write(qtbot, window, text: str):
    window.new_button.click()
    form = window.form
    assert form.isVisible()
    form.author_edit.setText("Anna Berg")
    qtbot.keyClicks(form.text_edit, text)
    return form


def test_esc_in_a_half_written_comment_asks_first(qtbot, review, asked):
    """Esc asks "Entwurf verwerfen?"; "Weiter bearbeiten" keeps the form and the text,
    "Verwerfen" closes it; nothing is stored either way."""
    form = write(qtbot, review, "Die Frist ist zu lang")
    before = comments(review)
    qtbot.keyClick(form.text_edit, Qt.Key.Key_Escape)
    assert len(asked) == 1
    title, _text, buttons = asked[0]
    assert title == "Entwurf verwerfen?" and set(buttons) == {"Verwerfen", "Weiter bearbeiten"}
    assert form.isVisible() and form.text_edit.toPlainText() == "Die Frist ist zu lang"
    asked.answer = DISCARD
    form.cancel_button.click()
    assert len(asked) == 2 and not form.isVisible()
    assert comments(review) == before
    review.new_button.click()
    assert form.text_edit.toPlainText() == ""  # dropped, as the user said


def test_esc_in_an_untouched_form_closes_it_without_asking(qtbot, review, asked):
    """With nothing typed there is nothing to lose: Esc just closes the form."""
    review.new_button.click()
    qtbot.keyClick(review.form.text_edit, Qt.Key.Key_Escape)
    assert not review.form.isVisible() and asked == []


def test_another_clause_keeps_the_text_as_a_draft_for_its_clause(qtbot, review, asked):
    """Choosing another clause closes the form without asking; the text is back when a comment
    on the first clause is started again, and is gone once stored."""
    form = write(qtbot, review, "Zwoelf Monate sind zu lang")
    review.select_clause(CONFLICTS)
    assert not form.isVisible() and asked == []
    review.new_button.click()
    assert form.text_edit.toPlainText() == ""  # the other clause has its own form
    form.cancel_button.click()
    review.select_clause(EXIT)
    review.new_button.click()
    assert form.text_edit.toPlainText() == "Zwoelf Monate sind zu lang"
    assert "wieder da" in form.message.message()
    form.save_button.click()
    assert [c.text for c in comments(review) if c.clause_id == EXIT] == ["Zwoelf Monate sind zu lang"]
    review.new_button.click()
    assert form.text_edit.toPlainText() == "" and asked == []


def test_closing_the_review_window_with_typed_text_asks(qtbot, review, asked):
    """The window stays open on "Weiter bearbeiten" and closes on "Verwerfen"."""
    write(qtbot, review, "Noch nicht fertig")
    review.close()
    assert review.isVisible() and len(asked) == 1
    asked.answer = DISCARD
    review.close()
    assert not shiboken6.isValid(review) or not review.isVisible()


def test_esc_in_the_new_project_dialog_asks_before_dropping_the_name(qtbot, store, asked):
    """The name typed in "Neues Projekt" is not dropped by a stray Esc; after "Verwerfen"
    nothing is stored."""
    from kooperation.ui.main_window import MainWindow
    from kooperation.ui.settings import Settings

    window = MainWindow(store, Settings())
    qtbot.addWidget(window)
    window.show()
    seen = {}

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        edit = dialog.findChild(QLineEdit)
        edit.setFocus()
        qtbot.keyClicks(edit, "Werkstatt")
        qtbot.keyClick(edit, Qt.Key.Key_Escape)
        seen["after keep"] = (dialog.isVisible(), dialog.textValue())
        asked.answer = DISCARD
        qtbot.keyClick(edit, Qt.Key.Key_Escape)

    QTimer.singleShot(0, in_dialog)
    assert window.start_page.new_project() is None
    assert seen["after keep"] == (True, "Werkstatt")
    assert len(asked) == 2 and store.list_projects() == []
    window.close()
