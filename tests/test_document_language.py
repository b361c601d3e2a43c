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


def test_english_files_are_named_in_english():
    """An English draft's files, its comments export and its comparison have English names;
    German and bilingual (German prevailing) ones keep the German names."""
    from types import SimpleNamespace

    from kooperation.review.exporting import compare_base, export_base

    project = demo_project()
    english = drafts.render_draft(project, "vertrag", ["pdf"], language="en")
    assert [name for _fmt, name, _data in english.files] == ["Lernfabrik_Neckar-Alb_Cooperation_Agreement_v1.pdf"]
    german = drafts.render_draft(project, "vertrag", ["pdf"], language="de+en")
    assert german.files[0][1] == "Lernfabrik_Neckar-Alb_Kooperationsvertrag_v1.pdf"
    version = SimpleNamespace(number=2, kind="vertrag", language="en")  # what export_base reads
    assert export_base(project.name, version) == "Lernfabrik_Neckar-Alb_Cooperation_Agreement_v2_Comments"
    assert compare_base(project.name, 1, 2, "vertrag", "en") == "Lernfabrik_Neckar-Alb_Comparison_v1_v2"
    assert compare_base(project.name, 1, 2) == "Lernfabrik_Neckar-Alb_Vergleich_v1_v2"
