"""The document language is the project's: chosen on the drafts page (undoable, the preview
follows), and a bilingual project's single-language documents use its prevailing language."""

from __future__ import annotations

from kooperation import drafts
from kooperation.domain.demo import demo_project
from kooperation.domain.serialize import dumps_document, export_document, parse_document
from kooperation.drafting.languages import document_language_for, primary_language
from kooperation.drafting.wordings import new_wording
from kooperation.render.poster import poster_language


def _choose(page, code: str) -> None:
    box = page.language_box
    box.setCurrentIndex(box.findData(code))
    box.activated.emit(box.currentIndex())


def _preview_text(window) -> str:
    window.preview.wait_idle()
    return window.preview.browser.toPlainText()


def test_choosing_english_stores_it_in_the_project_and_the_preview_follows(qtbot, demo_window):
    """English on the drafts page: the project's language in the store is "en", the preview
    reads "Cooperation Agreement"; Ctrl+Z brings German back, in the store and the box."""
    window = demo_window
    window.select_phase("drafts")
    qtbot.waitUntil(lambda: "drafts" in window.pages)
    page = window.pages["drafts"]
    assert page.language_box.currentData() == "de"
    qtbot.waitUntil(lambda: "Kooperationsvertrag" in _preview_text(window), timeout=10_000)
    _choose(page, "en")
    store, project_id = window.session.store, window.session.project.id
    assert store.load_project(project_id).language == "en"
    qtbot.waitUntil(lambda: "Cooperation Agreement" in _preview_text(window), timeout=10_000)
    window.undo_stack.undo()
    assert store.load_project(project_id).language == "de"
    assert page.language_box.currentData() == "de"
    qtbot.waitUntil(lambda: "Kooperationsvertrag" in _preview_text(window), timeout=10_000)


def test_a_bilingual_project_drafts_its_sketch_and_poster_in_the_prevailing_language():
    """A "de+en" project: the agreement is bilingual, the sketch and the poster German."""
    project = demo_project()
    project.language = "en+de"
    assert primary_language(project.language) == "en"
    assert document_language_for("vertrag", None, project.language) == "en+de"
    assert document_language_for("skizze", None, project.language) == "en"
    assert poster_language(project) == "en"
    sketch = drafts.render_draft(project, "skizze", ["pdf"])
    assert sketch.language == "en"


def test_a_bilingual_language_survives_the_project_file():
    """Export and import keep "de+en" (the schema allows two languages, the prevailing first)."""
    project = demo_project()
    project.language = "de+en"
    read, _drafts = parse_document(dumps_document(export_document(project)))
    assert read.language == "de+en"


def test_a_wording_of_a_bilingual_project_has_one_language():
    """A wording adopted in a bilingual project is in its prevailing language."""
    project = demo_project()
    project.language = "de+en"
    wording = new_wording(project, "laufzeit", "Die Kooperation beginnt sofort.", {})
    assert wording.language == "de"
