"""The review loop in the window, as a legal expert and the partners drive it.

Real widgets, a real store in ``tmp_path``, the example project and agreement versions
generated from it. Modal dialogs (file dialogs, the delete question, the import report) are
patched; text is typed as ASCII (``keyClicks`` with other characters aborts Qt offscreen).
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton, QToolButton

from kooperation.domain.demo import demo_project
from kooperation.drafts import generate_draft
from kooperation.review.clauses import version_clauses, version_outline
from kooperation.review.model import (
    PART_PREAMBLE,
    PART_SIGNATURES,
    Comment,
    CommentKind,
    CommentStatus,
    Origin,
    Role,
)
from kooperation.store import open_store
from kooperation.ui import operations
from kooperation.ui.pages.drafts import DraftsPage
from kooperation.ui.review.clause_list import COL_HEADING, COL_OPEN, COL_RECHECK, RECHECK_MARK
from kooperation.ui.review.compare_dialog import CompareDialog
from kooperation.ui.review.report_dialog import ImportReportDialog
from kooperation.ui.review.review_window import ReviewWindow
from kooperation.ui.session import Change, ProjectSession

EXIT = "austritt"


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "s.sqlite3")
    yield s
    s.close()


@pytest.fixture
def project(store):
    project = store.save_project(demo_project())
    generate_draft(store, project.id, formats=["docx", "pdf"])
    return project


@pytest.fixture
def session(qtbot, store, project):
    s = ProjectSession(store, project.id)
    yield s
    operations.wait_for_all(20_000)


@pytest.fixture(autouse=True)
def synchronous():
    """Exports and comparisons are rendered at once in the test's thread."""
    old = operations.set_synchronous(True)
    yield
    operations.set_synchronous(old)


@pytest.fixture
def page(qtbot, session):
    p = DraftsPage(session)
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    return p


def version_info(store, project, number: int = 1):
    return next(v for v in store.list_drafts(project.id) if v.number == number)


def open_window(qtbot, page, number: int = 1) -> ReviewWindow:
    page.select_version(number)
    assert page.review_button.isEnabled()
    page.review_button.click()
    windows = [w for w in page.findChildren(ReviewWindow) if w.isVisible()]
    assert windows, "the review window did not open"
    window = next(w for w in windows if w.version.number == number)
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, page) -> ReviewWindow:
    return open_window(qtbot, page)


def write_comment(qtbot, window: ReviewWindow, text: str, author: str = "Anna Berg") -> None:
    """Open the form with the button and type the comment as a user does."""
    window.new_button.click()
    form = window.form
    assert form.isVisible()
    form.author_edit.clear()
    qtbot.keyClicks(form.author_edit, author)
    qtbot.keyClicks(form.text_edit, text)
    form.save_button.click()


def comments_of(store, project, number: int = 1) -> list[Comment]:
    return store.list_comments(project.id, version_info(store, project, number).id)


def card_text(card) -> str:
    """Everything the labels of a comment card say."""
    return " ".join(label.text() for label in card.findChildren(QLabel))


def listed_ids(window: ReviewWindow) -> list[str]:
    model = window.comment_list.model
    return [model.comment(row).id for row in range(model.rowCount())]


# --- opening ---------------------------------------------------------------------------------


def test_the_drafts_page_opens_the_review_of_an_agreement_version(qtbot, page, store, project):
    """The button opens a window titled with version and project; its clauses are those of
    the version, numbered as in the document, between the parts before them (title page to
    preamble) and after them (signatures, annexes). A second click brings the same window back."""
    window = open_window(qtbot, page)
    title = window.windowTitle()
    assert "Prüfung" in title and "Vertrag v1" in title and project.name in title
    expected = [c.heading for c in version_clauses(store.get_draft(project.id, 1))]
    model = window.clause_model
    shown = [model.index(row, COL_HEADING).data() for row in range(model.rowCount())]
    assert shown[:4] == ["Titelseite", "Vertragsparteien", "Inhaltsverzeichnis", "Präambel"]
    assert shown[4 : 4 + len(expected)] == expected
    assert shown[4 + len(expected)] == "Unterschriften"
    assert shown[-1].startswith("Anlage") and " – " in shown[-1]
    assert shown[4].startswith("§\u00a01 ")  # "§ 1", never broken after the "§"
    assert any(h.startswith("§\u00a0") and "Austritt" in h for h in shown)
    assert window.clause_view.current_clause_id() == version_clauses(store.get_draft(project.id, 1))[0].id
    assert "§ 1" in window.clause_browser.toPlainText()
    page.review_button.click()
    assert [w for w in page.findChildren(ReviewWindow) if w.isVisible()] == [window]


def test_review_is_offered_for_agreements_only_and_compare_needs_two(qtbot, page, store, project):
    """A project sketch has no clauses to comment; comparing needs two agreement versions."""
    generate_draft(store, project.id, "skizze", ["pdf"])
    page.session.sig_changed.emit(Change("drafts"))
    page.select_version(1, "skizze")
    assert not page.review_button.isEnabled()
    assert not page.compare_button.isEnabled()
    page.select_version(1)
    assert page.review_button.isEnabled()


# --- writing, replying, status, filters ------------------------------------------------------


def test_a_comment_written_in_the_form_is_stored_and_shown(qtbot, window, store, project):
    """Typed into the form, saved: in the store at once, on the clause, in the list, counted;
    the author is remembered for the next comment."""
    window.select_clause(EXIT)
    write_comment(qtbot, window, "Frist zu lang?")
    stored = comments_of(store, project)
    assert [(c.clause_id, c.text, c.author, c.status) for c in stored] == [
        (EXIT, "Frist zu lang?", "Anna Berg", CommentStatus.OPEN)
    ]
    assert not window.form.isVisible()
    assert list(window.threads.cards) == [stored[0].id]
    assert listed_ids(window) == [stored[0].id]
    row = window.clause_model.row_of(EXIT)
    assert window.clause_model.index(row, COL_OPEN).data() == "1"
    assert "(1)" in window.clause_header.text()
    window.new_button.click()
    assert window.form.author_edit.text() == "Anna Berg"


def test_comments_on_parts_of_the_document_are_listed_and_written_there(
    qtbot, page, store, project, tmp_path
):
    """The preamble, the signatures and the annexes are rows of the list with their counts; a
    comment on the preamble shows with the preamble's text, and one written on the signatures
    in the form is stored there."""
    info = version_info(store, project)
    store.add_comment(project.id, Comment(draft_id=info.id, clause_id=PART_PREAMBLE,
                                          text="Präambel kürzen.", author="RA Clara Vogt"))  # fmt: skip
    window = open_window(qtbot, page)
    model = window.clause_model
    row = model.row_of(PART_PREAMBLE)
    assert model.index(row, COL_HEADING).data() == "Präambel"
    assert model.index(row, COL_OPEN).data() == "1"
    assert window.select_clause(PART_PREAMBLE)
    assert len(window.threads.cards) == 1
    assert window.clause_browser.toPlainText().startswith("Präambel\n")
    assert "Präambel (1)" in window.clause_header.text()
    window.select_clause(PART_SIGNATURES)
    write_comment(qtbot, window, "Wer zeichnet?")
    assert [(c.clause_id, c.text) for c in comments_of(store, project)][-1] == (
        PART_SIGNATURES, "Wer zeichnet?"
    )
    assert model.index(model.row_of(PART_SIGNATURES), COL_OPEN).data() == "1"


def test_an_empty_comment_gets_a_message_and_nothing_is_stored(qtbot, window, store, project):
    """The store refuses an empty comment; the form stays open with the reason."""
    window.select_clause(EXIT)
    window.new_button.click()
    qtbot.keyClicks(window.form.author_edit, "Anna Berg")
    window.form.save_button.click()
    assert window.form.isVisible()
    assert window.form.message.is_error
    assert "leer" in window.form.message.message()
    assert comments_of(store, project) == []
    window.form.cancel_button.click()
    window.new_button.click()
    window.form.author_edit.clear()
    qtbot.keyClicks(window.form.text_edit, "Ohne Namen")
    window.form.save_button.click()
    assert "wer" in window.form.message.message()
    assert comments_of(store, project) == []


def test_reply_resolve_and_the_status_filter(qtbot, window, store, project):
    """A reply joins the thread; "Erledigt" resolves the comment, the filter "offen" hides it
    and "erledigt" shows it; "Wieder öffnen" opens it again."""
    window.select_clause(EXIT)
    write_comment(qtbot, window, "Frist zu lang?")
    first = comments_of(store, project)[0]
    window.threads.cards[first.id].buttons["reply"].click()
    assert window.form.isVisible() and not window.form.kind_combo.isVisible()
    window.form.author_edit.clear()
    qtbot.keyClicks(window.form.author_edit, "Jonas Keller")
    qtbot.keyClicks(window.form.text_edit, "Drei Monate reichen.")
    window.form.save_button.click()
    stored = comments_of(store, project)
    assert [(c.parent_id, c.author) for c in stored] == [(None, "Anna Berg"), (first.id, "Jonas Keller")]
    assert "Jonas Keller" in card_text(window.threads.cards[first.id])

    window.threads.cards[first.id].buttons["resolve"].click()
    assert store.list_comments(project.id, first.draft_id)[0].status == CommentStatus.RESOLVED
    window.comment_list.set_status_filter("open")
    assert listed_ids(window) == []
    window.comment_list.set_status_filter("resolved")
    assert listed_ids(window) == [first.id]
    assert window.clause_model.index(window.clause_model.row_of(EXIT), COL_OPEN).data() == ""
    window.threads.cards[first.id].buttons["reopen"].click()
    assert comments_of(store, project)[0].status == CommentStatus.OPEN
    assert listed_ids(window) == []


def test_filter_by_author_and_choosing_a_comment_selects_its_clause(qtbot, window, store, project):
    """The author list holds everyone who wrote; choosing a comment in the list shows its
    clause and marks its card; "nur gewählte Klausel" narrows the list."""
    window.select_clause(EXIT)
    write_comment(qtbot, window, "Frist?", author="Anna Berg")
    window.select_clause("konflikte")
    write_comment(qtbot, window, "Mediation gut.", author="Max Meier")
    panel = window.comment_list
    authors = [panel.author_combo.itemText(i) for i in range(panel.author_combo.count())]
    assert authors[1:] == ["Anna Berg", "Max Meier"]
    panel.set_author_filter("Anna Berg")
    (only,) = listed_ids(window)
    assert store.list_comments(project.id, author="Anna Berg")[0].id == only
    assert window.clause_view.current_clause_id() == "konflikte"
    panel.table.selectRow(0)
    assert window.clause_view.current_clause_id() == EXIT
    assert [card.highlighted for card in window.threads.cards.values()] == [True]
    panel.set_author_filter(None)
    assert len(listed_ids(window)) == 2
    panel.clause_check.setChecked(True)
    assert listed_ids(window) == [only]


def test_a_wording_suggestion_starts_from_the_clause_and_shows_the_change(qtbot, window, store, project):
    """Choosing "Formulierungsvorschlag" fills in the clause's text; the stored suggestion keeps
    old and new wording and the card marks the change word by word."""
    window.select_clause(EXIT)
    clause = window.state.clause(EXIT)
    window.new_button.click()
    form = window.form
    form.author_edit.clear()
    qtbot.keyClicks(form.author_edit, "Anna Berg")
    form.kind_combo.setCurrentIndex(form.kind_combo.findData(str(CommentKind.SUGGESTION)))
    assert form.proposed_edit.isVisible()
    assert form.proposed_edit.toPlainText() == clause.text
    form.save_button.click()
    assert "gleich" in form.message.message()  # nothing changed yet
    form.proposed_edit.setPlainText(clause.text.replace("Textform", "Schriftform", 1))
    form.save_button.click()
    (stored,) = comments_of(store, project)
    assert stored.kind == CommentKind.SUGGESTION
    assert stored.original_text == clause.text
    assert "Schriftform" in stored.proposed_text
    labels = [label.text() for label in window.threads.cards[stored.id].findChildren(QLabel)]
    diff = next(text for text in labels if "line-through" in text)
    assert "Schriftform" in diff and "underline" in diff


def test_edit_delete_with_confirmation_and_undo(qtbot, window, store, project, monkeypatch):
    """Editing changes the stored text; deleting asks first and takes the replies along;
    Strg+Z in the review window brings them back."""
    window.select_clause(EXIT)
    write_comment(qtbot, window, "Erste Fassung")
    first = comments_of(store, project)[0]
    store.add_comment(project.id, Comment(draft_id="", clause_id="", text="Antwort", author="B", parent_id=first.id))
    window.state.reload()
    window.threads.cards[first.id].buttons["edit"].click()
    assert window.form.text_edit.toPlainText() == "Erste Fassung"
    window.form.text_edit.clear()
    qtbot.keyClicks(window.form.text_edit, "Zweite Fassung")
    window.form.save_button.click()
    assert comments_of(store, project)[0].text == "Zweite Fassung"

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    window.threads.cards[first.id].buttons["delete"].click()
    assert asked and len(comments_of(store, project)) == 2
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.threads.cards[first.id].buttons["delete"].click()
    assert comments_of(store, project) == []
    assert window.threads.cards == {}
    window.undo_action.trigger()
    assert [c.text for c in comments_of(store, project)] == ["Zweite Fassung", "Antwort"]
    window.undo_action.trigger()
    assert comments_of(store, project)[0].text == "Erste Fassung"


# --- a new version ---------------------------------------------------------------------------


def change_notice_and_generate(store, project):
    project = store.load_project(project.id)
    decision = project.decisions["austritt"]
    decision.params["notice_months"] = 12
    store.save_decision(project.id, decision)
    generate_draft(store, project.id, formats=["docx", "pdf"])


def test_a_carried_comment_on_a_changed_clause_asks_for_a_recheck(qtbot, page, store, project):
    """After a new version with a changed exit clause the open comment is there, marked
    "muss neu geprüft werden (… seit Vertrag v1)"; the old window turns read-only and keeps it."""
    old_window = open_window(qtbot, page, 1)
    old_window.select_clause(EXIT)
    write_comment(qtbot, old_window, "Frist zu lang?")
    change_notice_and_generate(store, project)
    page.session.sig_changed.emit(Change("drafts", ("vertrag-2",)))
    assert not old_window.banner.isHidden() and old_window.read_only
    assert old_window.banner_button.text() == "Vertrag v2 prüfen"
    assert [c.text for c in old_window.state.comments] == ["Frist zu lang?"]  # it stays here
    window = open_window(qtbot, page, 2)
    row = window.clause_model.row_of(EXIT)
    assert window.clause_model.index(row, COL_RECHECK).data() == RECHECK_MARK
    window.select_clause(EXIT)
    (card,) = window.threads.cards.values()
    texts = card_text(card)
    assert "muss neu geprüft werden (Klausel geändert seit Vertrag v1)" in texts
    card.buttons["checked"].click()
    (moved,) = comments_of(store, project, 2)
    assert moved.status == CommentStatus.OPEN and not moved.needs_recheck
    assert window.clause_model.index(row, COL_RECHECK).data() == ""


def test_an_earlier_version_shows_its_comments_read_only_with_where_they_went(
    qtbot, page, store, project
):
    """Vertrag v1 after Vertrag v2 exists: title and note say "frühere Version – nur lesen",
    every comment is there as it was, the open one says "weitergeführt in Vertrag v2", and no
    control that writes to it is left (a file returned late for v1 can still be imported: it
    continues on v2); a reply on v2 does not show up on v1."""
    v1 = version_info(store, project, 1)
    question = store.add_comment(project.id, Comment(
        draft_id=v1.id, clause_id=EXIT, text="Frist zu lang?", author="Dr. Anna Berg",
        role=Role.LEGAL, kind=CommentKind.QUESTION))
    store.add_comment(project.id, Comment(draft_id="", clause_id="", text="Sechs Monate.",
                                          author="Max Meier", parent_id=question.id))
    done = store.add_comment(project.id, Comment(
        draft_id=v1.id, clause_id=EXIT, text="Tippfehler", author="Max Meier"))
    store.update_comment(project.id, done.id, status="resolved")
    change_notice_and_generate(store, project)
    (copy,) = [c for c in comments_of(store, project, 2) if c.parent_id is None]
    store.add_comment(project.id, Comment(draft_id="", clause_id="", text="Erst auf v2",
                                          author="Dr. Anna Berg", parent_id=copy.id))
    page.session.sig_changed.emit(Change("drafts"))
    window = open_window(qtbot, page, 1)
    assert "Vertrag v1 (frühere Version, nur lesen)" in window.windowTitle()
    assert window.banner_label.text() == (
        "Frühere Version – nur lesen; offene Punkte werden in Vertrag v2 weitergeführt.")
    assert not window.new_button.isVisible() and not window.new_action.isEnabled()
    assert window.export_action.isEnabled()
    assert "wird in Vertrag v2 weitergeführt" in window.import_action.toolTip()  # a late file
    assert window.compare_action.isEnabled()
    window.select_clause(EXIT)
    cards = window.threads.cards
    assert set(cards) == {question.id, done.id}
    open_card = cards[question.id]
    assert open_card.continued.text() == "→ weitergeführt in Vertrag v2"
    assert "Sechs Monate." in card_text(open_card) and "Erst auf v2" not in card_text(open_card)
    assert not hasattr(cards[done.id], "continued")
    for card in cards.values():
        assert card.buttons == {}
        assert not [b for b in card.findChildren(QPushButton) if b.isVisible()]
        assert not [b for b in card.findChildren(QToolButton) if b.isVisible()]
    statuses = [window.comment_list.model.index(r, 1).data()
                for r in range(window.comment_list.model.rowCount())]
    assert sorted(statuses) == ["erledigt", "→ Vertrag v2"]
    window.new_comment()  # Strg+N does nothing either
    assert not window.form.isVisible()
    window.compare_action.trigger()  # the first version is compared with the one after it
    assert window.compare_dialog.summary.text().startswith("Vertrag v1 → Vertrag v2: ")


# --- Word files in and out ------------------------------------------------------------------


def reviewed_docx(store, project, tmp_path: Path, clause_id: str = EXIT) -> Path:
    """The version's DOCX with a Word comment on a paragraph inside the clause's bookmark."""
    data = next(f.content for f in store.get_draft(project.id, 1).files if f.format == "docx")
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    start = body.xpath(f".//w:bookmarkStart[@w:name='kl_{clause_id}']")[0]
    end = body.xpath(f".//w:bookmarkEnd[@w:id='{start.get(qn('w:id'))}']")[0]
    elements = [p._p for p in document.paragraphs]
    first, last = elements.index(start.getparent()), elements.index(end.getparent())
    paragraph = next(p for p in document.paragraphs[first + 1 : last + 1] if p.runs)
    document.add_comment(paragraph.runs[0], text="Bitte Schriftform.", author="Dr. Eva Roth", initials="ER")
    path = tmp_path / "zurueck.docx"
    document.save(str(path))
    return path


def test_importing_a_word_file_shows_the_report_and_twice_adds_nothing(
    qtbot, window, store, project, tmp_path, monkeypatch
):
    """The Word comment lands on its clause, marked as coming from Word; the report says so.
    The same file again adds nothing."""
    path = reviewed_docx(store, project, tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    reports: list[str] = []
    monkeypatch.setattr(ImportReportDialog, "exec", lambda self: reports.append(self.text()) or 0)
    window.import_action.trigger()
    (stored,) = comments_of(store, project)
    assert (stored.clause_id, stored.text, stored.author, stored.origin) == (
        EXIT, "Bitte Schriftform.", "Dr. Eva Roth", Origin.WORD_COMMENT
    )
    assert "1 Anmerkung übernommen." in reports[0]
    assert window.clause_view.current_clause_id() == EXIT
    card = window.threads.cards[stored.id]
    assert "aus Word-Kommentar" in card_text(card)
    window.import_action.trigger()
    assert len(comments_of(store, project)) == 1
    assert reports[1].startswith("0 Anmerkungen übernommen.")


def test_a_file_that_is_no_word_document_is_refused(qtbot, window, store, project, tmp_path, monkeypatch):
    """A broken file gets a plain message in the window; nothing is stored, no report."""
    path = tmp_path / "kaputt.docx"
    path.write_bytes(b"kein Word")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(ImportReportDialog, "exec", lambda self: pytest.fail("no report expected"))
    window.import_action.trigger()
    assert window.message.is_error
    assert "nicht übernommen" in window.message.message()
    assert comments_of(store, project) == []


def test_export_for_review_writes_docx_and_pdf_with_the_comments(
    qtbot, window, store, project, tmp_path, monkeypatch
):
    """The DOCX carries the open comment as a real Word comment, the PDF lists it."""
    from pypdf import PdfReader

    window.select_clause(EXIT)
    write_comment(qtbot, window, "Frist zu lang?")
    target = tmp_path / "out" / "Pruefung.docx"
    target.parent.mkdir()
    offered: list[str] = []

    def save_name(parent, title, proposed, filters):
        offered.append(Path(proposed).name)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    window.export_action.trigger()
    assert offered[0].endswith("_v1_Anmerkungen.docx")
    assert not window.message.is_error, window.message.message()
    pdf = target.with_suffix(".pdf")
    assert target.is_file() and pdf.is_file()
    texts = [c.text for c in docx.Document(str(target)).comments]
    assert any("Frist zu lang?" in t for t in texts)
    pdf_text = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert "Frist zu lang?" in pdf_text


def test_export_of_a_version_without_docx_says_so(qtbot, page, store, project, tmp_path, monkeypatch):
    """Only the PDF (with the comment annex) is written, and the message says why."""
    generate_draft(store, project.id, formats=["pdf"])
    page.session.sig_changed.emit(Change("drafts"))
    window = open_window(qtbot, page, 2)
    target = tmp_path / "nur.pdf"
    offered: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: offered.append(a[2]) or (str(target), "")
    )
    window.export_action.trigger()
    assert offered[0].endswith("_v2_Anmerkungen.pdf")
    assert target.is_file() and not target.with_suffix(".docx").exists()
    assert "keine Word-Datei" in window.message.message()


# --- comparing ------------------------------------------------------------------------------


def test_compare_dialog_shows_the_changed_clause_and_saves_both_files(
    qtbot, page, store, project, tmp_path, monkeypatch
):
    """Version 1 against a version 2 with a twelve-month notice: the exit clause is listed as
    changed with the new wording inserted; unchanged clauses appear only on request; both
    files are written."""
    change_notice_and_generate(store, project)
    page.session.sig_changed.emit(Change("drafts"))
    assert page.compare_button.isEnabled()
    page.select_version(2)
    page.compare_button.click()
    (dialog,) = [d for d in page.findChildren(CompareDialog) if d.isVisible()]
    assert dialog.old_combo.currentIndex() == 0 and dialog.new_combo.currentIndex() == 1
    changed = [d for d in dialog.diffs if d.status != "unchanged"]
    assert [d.clause_id for d in changed] == [EXIT]
    assert "1 geändert" in dialog.summary.text()
    new_text = changed[0].new.text
    assert "zwölf" in new_text or "12" in new_text
    shown = dialog.shown_text()
    assert "Austritt" in shown and "Beschlüsse" not in shown
    html = dialog.browser.toHtml()
    assert "line-through" in html and "underline" in html
    dialog.all_check.setChecked(True)
    assert "Beschlüsse" in dialog.shown_text()
    dialog.all_check.setChecked(False)
    dialog.side_check.setChecked(True)  # side by side: old wording left, new wording right
    table = dialog.browser.document().rootFrame()
    side = dialog.shown_text()
    assert "Vertrag v1" in side and "Vertrag v2" in side
    assert dialog.summary.text().startswith("Vertrag v1 → Vertrag v2: ")
    assert dialog.old_combo.currentText().startswith("Vertrag v1 (")
    assert side.index("sechs") < side.index("zwölf")  # the old column comes first
    assert table is not None and "<table" in dialog.browser.toHtml()

    for fmt in ("docx", "pdf"):
        target = tmp_path / f"vergleich.{fmt}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        (dialog.docx_button if fmt == "docx" else dialog.pdf_button).click()
        assert target.is_file(), dialog.message.message()
    xml = docx.Document(str(tmp_path / "vergleich.docx")).element.body.xml
    assert "w:ins " in xml and "w:del " in xml
    dialog.select_versions(2, 2)
    assert "verschiedene" in dialog.summary.text() and not dialog.docx_button.isEnabled()


def test_the_review_window_opens_the_comparison_with_the_version_before(qtbot, page, store, project):
    """"Mit Version vergleichen" compares the reviewed version with the one before it."""
    change_notice_and_generate(store, project)
    page.session.sig_changed.emit(Change("drafts"))
    window = open_window(qtbot, page, 2)
    window.compare_action.trigger()
    dialog = window.compare_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.versions[dialog.new_combo.currentIndex()].number == 2
    assert dialog.versions[dialog.old_combo.currentIndex()].number == 1


def test_comments_typed_in_store_appear_with_role_and_kind(qtbot, window, store, project):
    """A question by a legal expert shows as such in the card header."""
    info = version_info(store, project)
    store.add_comment(project.id, Comment(draft_id=info.id, clause_id=EXIT, text="Warum?", author="Dr. A",
                                          role=Role.LEGAL, kind=CommentKind.QUESTION))
    window.state.reload()
    window.select_clause(EXIT)
    (card,) = window.threads.cards.values()
    header = card.findChildren(QLabel)[0].text()
    assert "Rechtsexpertise" in header and "Frage" in header and "offen" in header
    assert card.accessibleName().startswith("Frage von Dr. A")


# --- language --------------------------------------------------------------------------------


def test_every_visible_text_of_the_review_comes_through_the_translation(
    qtbot, page, store, project, monkeypatch
):
    """With a translation that brackets every message, everything the review window and the
    compare dialog show is bracketed, except the document's own clauses and the comments."""
    import kooperation.i18n as i18n
    from test_ui_strings import Bracketing, _unexplained, _user_data, visible_texts

    info = version_info(store, project)
    first = store.add_comment(project.id, Comment(
        draft_id=info.id, clause_id=EXIT, text="Frist?", author="Dr. Eva Roth", role=Role.LEGAL,
        kind=CommentKind.SUGGESTION, proposed_text="Neu", original_text="Alt",
    ))
    store.add_comment(project.id, Comment(draft_id="", clause_id="", text="Ja.", author="Max", parent_id=first.id))
    change_notice_and_generate(store, project)
    page.session.sig_changed.emit(Change("drafts"))
    monkeypatch.setattr(i18n, "_translations", lambda _language: Bracketing())
    window = open_window(qtbot, page, 1)
    window.select_clause(EXIT)
    window.new_button.click()
    newer = open_window(qtbot, page, 2)
    newer.select_clause(EXIT)
    newer.compare_action.trigger()
    clauses = version_clauses(store.get_draft(project.id, 1)) + version_clauses(store.get_draft(project.id, 2))
    known = {c.heading for c in clauses} | {c.text for c in clauses} | {c.title for c in clauses}
    known |= {p.heading for p in version_outline(store.get_draft(project.id, 1))[1]
              if not p.id.startswith("teil_")}  # annexes: named by the document's own heading
    known |= {"Frist?", "Dr. Eva Roth", "Ja.", "Max", "Neu", "Alt"} | _user_data()
    ordered = sorted(known, key=len, reverse=True)
    problems = {}
    for root in (window, newer, newer.compare_dialog):
        for where, text in visible_texts(root):
            rest = _unexplained(text, ordered)
            if rest:
                problems[f"{type(root).__name__} {where}"] = text
    assert not problems, problems


def test_export_runs_on_a_worker_thread_as_in_the_application(
    qtbot, window, store, project, tmp_path, monkeypatch
):
    """With real worker threads the window stays usable and the files arrive afterwards."""
    old = operations.set_synchronous(False)
    try:
        target = tmp_path / "bg.docx"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        window.export_action.trigger()
        qtbot.waitUntil(lambda: target.with_suffix(".pdf").is_file() and target.is_file(), timeout=30_000)
        qtbot.waitUntil(lambda: window.export_action.isEnabled(), timeout=5_000)
        assert "Gespeichert" in window.message.message()
    finally:
        operations.wait_for_all(20_000)
        operations.set_synchronous(old)


def test_the_review_stays_readable_when_the_system_turns_dark(qtbot, page, store, project):
    """A switch to a dark palette while the window is open: every label (the re-check
    warning and the newer-version note included) keeps enough contrast, before and after."""
    from PySide6.QtWidgets import QApplication

    from test_ui_palette import dark_palette, unreadable

    original = QApplication.palette()
    old_window = open_window(qtbot, page, 1)
    old_window.select_clause(EXIT)
    write_comment(qtbot, old_window, "Frist?")
    change_notice_and_generate(store, project)
    page.session.sig_changed.emit(Change("drafts"))
    window = open_window(qtbot, page, 2)
    window.select_clause(EXIT)
    try:
        QApplication.setPalette(QApplication.style().standardPalette())
        QApplication.processEvents()  # the palette change events are delivered
        assert not unreadable(window) and not unreadable(old_window)
        QApplication.setPalette(dark_palette())
        QApplication.processEvents()
        assert not unreadable(window), unreadable(window)
        assert not unreadable(old_window), unreadable(old_window)
        (card,) = window.threads.cards.values()
        warning = card.findChild(QLabel, "recheck")
        assert warning.palette().color(warning.foregroundRole()).lightness() > 128
    finally:
        QApplication.setPalette(original)


def test_the_review_window_opens_on_a_letter_of_intent(qtbot, page, store, project):
    """A letter of intent is reviewed like the agreement: the window lists its own clauses
    (§ 1 …) and a comment written there is stored on that version and its clause."""
    generate_draft(store, project.id, "absichtserklaerung", ["docx"])
    page.session.sig_changed.emit(Change("drafts"))
    page.select_version(1, "absichtserklaerung")
    assert page.review_button.isEnabled()
    page.review_button.click()
    window = next(w for w in page.findChildren(ReviewWindow) if w.isVisible())
    qtbot.waitExposed(window)
    assert "Absichtserklärung v1" in window.windowTitle()
    version = store.get_draft(project.id, 1, "absichtserklaerung")
    expected = [c.heading for c in version_clauses(version)]
    assert expected[0].startswith("§\u00a01 ") and "Ziel der Zusammenarbeit" in expected[0]
    model = window.clause_model
    shown = [model.index(row, COL_HEADING).data() for row in range(model.rowCount())]
    assert all(h in shown for h in expected)
    assert window.select_clause("loi_kosten")
    write_comment(qtbot, window, "Kosten der Workshops teilen?")
    [comment] = store.list_comments(project.id, version.id)
    assert comment.clause_id == "loi_kosten" and comment.text == "Kosten der Workshops teilen?"
