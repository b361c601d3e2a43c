"""Agreed clause wordings keep their language: a German wording never prints in an English draft
(the library text does, and the window says why), an English one prints in English drafts only;
the language is stored and survives the store and the project file. And the footer's generation
date is written in the draft's language."""

from __future__ import annotations

import io
import re

import docx
import pytest

from kooperation.domain.demo import demo_project
from kooperation.domain.serialize import project_from_dict, project_to_dict
from kooperation.drafting.build import build_agreement
from kooperation.drafting.wordings import (
    ADOPTED,
    OTHER_LANGUAGE,
    new_wording,
    reference_targets,
    wording_infos,
)
from kooperation.drafts import render_draft
from kooperation.i18n import set_language
from kooperation.store.repository import open_store

GERMAN = "Die Partner haften einander nur für Vorsatz."
ENGLISH = "The Partners are liable to one another for intent only."


def _with_wording(text: str, language: str | None):
    project = demo_project()
    doc = build_agreement(project, "vertrag", "de")
    project.wordings["haftung"] = new_wording(project, "haftung", text, reference_targets(doc), language=language)
    return project


def test_a_german_wording_prints_in_german_drafts_only():
    """The German draft prints the wording; the English draft prints the English library text
    and marks the clause, so the window can say why."""
    project = _with_wording(GERMAN, None)
    assert project.wordings["haftung"].language == "de"  # the project's language by default
    german = build_agreement(project, "vertrag", "de").clause("haftung")
    english = build_agreement(project, "vertrag", "en").clause("haftung")
    assert german.wording == ADOPTED and german.text == GERMAN
    assert english.wording == OTHER_LANGUAGE and GERMAN not in english.text
    assert english.text == build_agreement(demo_project(), "vertrag", "en").clause("haftung").text


def test_an_english_wording_prints_in_english_drafts_only():
    """A wording adopted from an English draft: English drafts print it, German ones the library."""
    project = _with_wording(ENGLISH, "en")
    assert build_agreement(project, "vertrag", "en").clause("haftung").text == ENGLISH
    german = build_agreement(project, "vertrag", "de").clause("haftung")
    assert german.wording == OTHER_LANGUAGE and ENGLISH not in german.text


def test_the_language_of_a_wording_is_stored_and_kept_in_project_files(tmp_path):
    """Store and project file (dict) keep "en"; a wording written before languages were recorded
    reads as German."""
    project = _with_wording(ENGLISH, "en")
    store = open_store(tmp_path / "s.sqlite3")
    try:
        saved = store.save_project(project)
        assert store.load_project(saved.id).wordings["haftung"].language == "en"
    finally:
        store.close()
    data = project_to_dict(project)
    (raw,) = data["wordings"]
    assert raw["language"] == "en"
    assert project_from_dict(data).wordings["haftung"].language == "en"
    del raw["language"]
    assert project_from_dict(data).wordings["haftung"].language == "de"


@pytest.fixture
def english_interface():
    set_language("en")
    yield
    set_language("de")


def test_the_window_notes_a_wording_in_another_language(english_interface):
    """Where the wording is shown (rules page, review window), a note says that drafts in the
    project's language print the library text."""
    from kooperation.ui.wording_view import info_html

    project = _with_wording(ENGLISH, "en")  # the demo project drafts in German
    info = wording_infos(project, build_agreement(project, "vertrag", "de"))["haftung"]
    assert info.other_language
    assert "agreed in English. Drafts in German print the text of the clause library" in info_html(info)
    same = wording_infos(project, build_agreement(project, "vertrag", "en"))["haftung"]
    assert not same.other_language and "clause library instead" not in info_html(same)


def test_footer_date_is_written_in_the_drafts_language():
    """"generated on 3 Dec 2026" in an English draft, "erstellt am 03.12.2026" in a German one;
    the files' own dates are read from the ISO time, not from the printed date."""
    for language, words, pattern in (("en", "generated on", r"\d{1,2} [A-Z][a-z]{2} \d{4}"),
                                     ("de", "erstellt am", r"\d{2}\.\d{2}\.\d{4}")):
        rendered = render_draft(demo_project(), formats=["docx"], language=language)
        document = docx.Document(io.BytesIO(rendered.files[0][2]))
        footer = " ".join(p.text for s in document.sections for p in s.footer.paragraphs)
        assert re.search(rf"{words} {pattern}", footer), footer
        assert document.core_properties.created is not None and document.core_properties.created.year >= 2026
