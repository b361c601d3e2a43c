"""Agreed clause wordings in the window: adopted from a suggestion in the review window, edited,
reverted, undone; the next version on the drafts page prints them; the comment form starts
with the clause's current wording; two windows do not overwrite each other."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from kooperation.domain.demo import demo_project
from kooperation.domain.wording import wording_text
from kooperation.drafting.build import build_agreement
from kooperation.drafting.wordings import new_wording, reference_targets
from kooperation.drafts import generate_draft
from kooperation.review.docx_read import read_review_docx
from kooperation.review.model import Comment, CommentKind, CommentStatus, Role
from kooperation.store import open_store
from kooperation.ui import operations
from kooperation.ui.pages.drafts import DraftsPage
from kooperation.ui.review.compare_dialog import CompareDialog
from kooperation.ui.review.review_window import ReviewWindow
from kooperation.ui.session import ProjectSession
from kooperation.ui.wording_view import WordingDialog

EXIT = "austritt"
NEW_TEXT = "Jeder Partner kann mit einer Frist von drei Monaten austreten; {{ 7*7 }} bleibt <b>Text</b>."


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "s.sqlite3")
    yield s
    s.close()


@pytest.fixture
def project(store):
    project = store.save_project(demo_project())
    generate_draft(store, project.id, formats=["docx"])
    return project


@pytest.fixture(autouse=True)
def synchronous():
    old = operations.set_synchronous(True)
    yield
    operations.set_synchronous(old)


@pytest.fixture
def session(qtbot, store, project):
    s = ProjectSession(store, project.id)
    yield s
    operations.wait_for_all(20_000)


@pytest.fixture
def page(qtbot, session):
    p = DraftsPage(session)
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    return p


@pytest.fixture
def window(qtbot, page) -> ReviewWindow:
    page.select_version(1)
    page.review_button.click()
    (window,) = [w for w in page.findChildren(ReviewWindow) if w.isVisible()]
    qtbot.waitExposed(window)
    return window


def suggest(window: ReviewWindow, clause_id: str, proposed: str) -> Comment:
    """A wording suggestion on the clause, as the lawyer left it."""
    return window.state.add(Comment(
        draft_id=window.state.draft_id, clause_id=clause_id, text="Kürzer.", author="Dr. Anna Berg",
        role=Role.LEGAL, kind=CommentKind.SUGGESTION, proposed_text=proposed,
    ))


def exit_text(store, project, number: int) -> str:
    version = store.get_draft(project.id, number)
    docx = next(f.content for f in version.files if f.format == "docx")
    return next(c.text for c in read_review_docx(docx).clauses if c.id == EXIT)


def test_adopting_a_suggestion_goes_into_the_next_version(qtbot, page, window, store, project):
    """"Fassung übernehmen" stores the wording, resolves the suggestion with a reply, shows the
    box over the clause; the next version generated on the drafts page prints the wording, and
    the compare view labels the change as an agreed wording."""
    window.select_clause(EXIT)
    comment = suggest(window, EXIT, NEW_TEXT)
    window.threads.cards[comment.id].buttons["adopt"].click()
    assert store.load_project(project.id).wordings[EXIT].comment_id == comment.id
    stored = {c.id: c for c in store.list_comments(project.id, window.state.draft_id)}
    assert stored[comment.id].status == CommentStatus.RESOLVED
    assert any(c.parent_id == comment.id and "übernommen" in c.text for c in stored.values())
    shown = window.clause_browser.toPlainText()
    assert "individuell vereinbarte Fassung" in shown and "Dr. Anna Berg" in shown
    assert "als Fassung übernommen" in " ".join(
        label.text() for label in window.threads.cards[comment.id].findChildren(type(window.clause_header))
    )
    assert window.revert_button.isEnabled()

    page.generate_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=30_000)
    assert exit_text(store, project, 2) == NEW_TEXT

    dialog = CompareDialog(store, project.id, project.name, parent=window)
    qtbot.addWidget(dialog)
    dialog.select_versions(1, 2)
    changed = [d for d in dialog.diffs if d.status == "changed"]
    assert [d.clause_id for d in changed] == [EXIT]
    assert dialog.agreed(changed[0])
    assert "individuell vereinbarte Fassung" in dialog.shown_text()


def test_adopting_is_one_undo_step_of_the_review_window(qtbot, window, store, project, session):
    """Strg+Z in the review window takes back the wording and the resolved status together;
    redo brings both back."""
    window.select_clause(EXIT)
    comment = suggest(window, EXIT, NEW_TEXT)
    window.on_action("adopt", comment.id)
    assert EXIT in session.project.wordings
    window.undo_action.trigger()
    assert store.load_project(project.id).wordings == {}
    assert session.project.wordings == {}
    assert window.state.comment(comment.id).status == CommentStatus.OPEN
    assert not window.revert_button.isEnabled()
    window.redo_action.trigger()
    assert EXIT in store.load_project(project.id).wordings
    assert window.state.comment(comment.id).status == CommentStatus.RESOLVED


def test_the_new_wording_field_starts_with_the_current_wording(qtbot, window, session):
    """For an open topic the field holds the clause text without the open-point banner; once a
    wording is agreed, it holds that wording."""
    window.select_clause("ergebnisse")
    assert window.state.clause("ergebnisse").text.startswith("Offener Punkt")
    window.new_button.click()
    form = window.form
    form.kind_combo.setCurrentIndex(form.kind_combo.findData(str(CommentKind.SUGGESTION)))
    prefilled = form.proposed_edit.toPlainText()
    assert prefilled and "Offener Punkt" not in prefilled
    assert prefilled.splitlines()[0] == build_agreement(session.project).clause("ergebnisse").blocks[1].text
    form.cancel()

    wording = new_wording(session.project, EXIT, NEW_TEXT, {})
    assert session.set_wording(EXIT, wording)
    window.select_clause(EXIT)
    window.new_button.click()
    form.kind_combo.setCurrentIndex(form.kind_combo.findData(str(CommentKind.SUGGESTION)))
    assert form.proposed_edit.toPlainText() == NEW_TEXT


def test_an_untouched_proposal_citing_a_paragraph_is_not_unsaved_text(qtbot, window):
    """The proposal field gives "§ 11" back with a plain space; a proposal that is still the
    clause's own text counts as nothing, so cancelling asks nothing."""
    window.select_clause("ergebnisse")  # cites the joint-results clause by its number
    window.new_button.click()
    form = window.form
    form.kind_combo.setCurrentIndex(form.kind_combo.findData(str(CommentKind.SUGGESTION)))
    assert "§ " in form.proposed_edit.toPlainText()
    assert not form.is_dirty()
    form.cancel()
    assert form.isHidden()


def test_editing_in_the_dialog_and_reverting(qtbot, window, session, store, project, monkeypatch):
    """"Fassung bearbeiten …" opens the dialog with the current text and a parameter warning;
    OK stores what was typed; "Vorlagentext wiederherstellen" goes back to the library."""
    seen = {}
    term = build_agreement(project).clause("laufzeit").number

    def fake_exec(dialog: WordingDialog) -> int:
        seen["text"] = dialog.text()
        dialog.edit.setPlainText(f"Austritt mit einer Frist von sechs Monaten, siehe § {term}.")
        dialog._update_warning()
        seen["warning"] = dialog.warning.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(WordingDialog, "exec", fake_exec)
    window.select_clause(EXIT)
    window.edit_wording_button.click()
    assert seen["text"].startswith("Jeder Partner kann seine Mitwirkung")
    assert "„sechs Monaten“ (Kündigungsfrist)" in seen["warning"]
    wording = store.load_project(project.id).wordings[EXIT]
    assert wording.source == "typed"
    assert (
        wording_text(wording.paragraphs, {"laufzeit": f"§ {term}"})
        == f"Austritt mit einer Frist von sechs Monaten, siehe § {term}."
    )
    window.revert_button.click()
    assert store.load_project(project.id).wordings == {}
    assert "individuell vereinbarte Fassung" not in window.clause_browser.toPlainText()


def test_two_windows_do_not_overwrite_each_others_wording(qtbot, store, project):
    """The second window's edit from the old wording is refused and shows the stored one; its
    poll notices the first window's change; undo in the first window works."""
    one = ProjectSession(store, project.id)
    two = ProjectSession(store, project.id)
    targets = reference_targets(build_agreement(one.project))
    assert one.set_wording(EXIT, new_wording(one.project, EXIT, "Fassung eins", targets))
    errors: list[str] = []
    two.sig_error.connect(errors.append)
    assert not two.set_wording(EXIT, new_wording(two.project, EXIT, "Fassung zwei", targets))
    assert errors and "anderen Fenster" in errors[0]
    assert wording_text(two.project.wordings[EXIT].paragraphs, {}) == "Fassung eins"
    assert one.set_wording(EXIT, None)
    changed: list[str] = []
    two.sig_changed.connect(lambda change: changed.append(change.kind))
    assert two.check_external() and "wordings" in changed and two.project.wordings == {}
    one.undo_stack.undo()
    assert EXIT in store.load_project(project.id).wordings
    one.undo_stack.undo()
    assert store.load_project(project.id).wordings == {}


def test_parts_of_the_document_have_no_wording_to_edit_or_adopt(qtbot, window):
    """The preamble is not a § clause: "Fassung bearbeiten" is off there and a suggestion on it
    offers no "Fassung übernehmen", while a clause offers both."""
    from kooperation.review.model import PART_PREAMBLE

    window.select_clause(PART_PREAMBLE)
    assert not window.edit_wording_button.isEnabled()
    on_part = suggest(window, PART_PREAMBLE, "Die Partner wollen gemeinsam mehr erreichen.")
    assert "adopt" not in window.threads.cards[on_part.id].buttons
    window.select_clause(EXIT)
    assert window.edit_wording_button.isEnabled()
    on_clause = suggest(window, EXIT, NEW_TEXT)
    assert "adopt" in window.threads.cards[on_clause.id].buttons
