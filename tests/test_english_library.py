"""The English agreement: the library mirrors the German one clause by clause, an English draft
of the demo and of the large project has no German sentence outside names and entered data, the
filters speak English, and the draft records its language."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
from datetime import date
from enum import Enum
from pathlib import Path

import docx
import pytest
import yaml
from tests.large_project import large_project

from kooperation.cli import main
from kooperation.domain.catalogue import Localized, load_catalogue
from kooperation.domain.demo import demo_project
from kooperation.drafting.docmodel import block_text
from kooperation.drafting.documents import build_document
from kooperation.drafting.engine import document_language, render_template
from kooperation.drafts import render
from kooperation.i18n import current_language
from kooperation.resources import resource_path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
DE, EN = TEMPLATES / "vertrag" / "de", TEMPLATES / "vertrag" / "en"
CLAUSE_KINDS = ("vertrag", "vertraulichkeit", "absichtserklaerung")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß-]*[A-Za-zÄÖÜäöüß]")


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _section_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("[0-9][0-9]_*.yaml"))


def _shape(text: str | None) -> tuple:
    """What of a clause text must be the same in both languages: references, parameters, other
    topics read, and the conditions of its blocks."""
    text = text or ""
    return (
        sorted(set(re.findall(r"ref\('([a-z_0-9]+)'\)", text))),
        sorted(set(re.findall(r"\bv\.([a-z_0-9]+)", text))),
        sorted(set(re.findall(r"t\('([a-z_0-9]+)'\)\.([a-z_0-9]+)", text))),
        len(re.findall(r"\{%-?\s*(?:if|elif|for)\b", text)),
    )


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _words(texts) -> set[str]:
    return {w.lower() for t in texts for w in _WORD.findall(t)}


def _library_words(folder: Path, keep_jinja_literals: bool) -> set[str]:
    texts = []
    for path in folder.glob("*.yaml"):
        for text in _strings(_load(path)):
            if keep_jinja_literals:  # the English words a template prints from its expressions
                texts += re.findall(r"'([^']*)'", " ".join(_JINJA.findall(text)))
            texts.append(_JINJA.sub(" ", text))
    return _words(texts)


GERMAN_ONLY = _library_words(DE, keep_jinja_literals=True) - _library_words(EN, keep_jinja_literals=True)
"""Words of the German library that the English one never uses (Vereinbarung, Lenkungskreis,
gilt, und ...): none of them may appear in an English draft except inside entered data."""


def _entered_texts(project) -> list[str]:
    """What the partners typed (names, addresses, contributions, goals, notes ...)."""
    texts: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, Enum | date | bool | int | float) or value is None:
            return
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple | set):
            for v in value:
                walk(v)

    walk(project)
    return texts


def _untranslated_catalogue_texts() -> list[str]:
    """Catalogue texts that have no English yet (topic, variant and parameter labels): the
    catalogue's translation is a separate piece of work; once a text has its English, the
    check below covers it too."""
    texts: list[str] = []
    seen: set[int] = set()

    def walk(value) -> None:
        if id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, Localized):
            if not value.get("en"):
                texts.append(value.get("de", ""))
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)

    walk(load_catalogue())
    return texts


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _without(text: str, phrases: list[str]) -> str:
    """``text`` with every occurrence of ``phrases`` cut out (longest first, whitespace-blind,
    whole words only: an entered "de" does not cut "determine")."""
    text = _one_line(text)
    for phrase in sorted({_one_line(p) for p in phrases if p.strip()}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " | ", text)
    return text


def _german_words_in(text: str, project) -> set[str]:
    """The German-library words in ``text`` once entered data and untranslated catalogue texts
    are cut out (for texts that keep a paragraph or cell in one piece: the model, the DOCX)."""
    rest = _without(text, _entered_texts(project) + _untranslated_catalogue_texts())
    return {w for w in _words([rest]) if w in GERMAN_ONLY}


def _german_words_in_pdf(text: str, project) -> set[str]:
    """The same for PDF text, whose lines break entered phrases apart: their words are allowed."""
    allowed = _words(_entered_texts(project) + _untranslated_catalogue_texts())
    return {w for w in _words([text]) if w in GERMAN_ONLY and w not in allowed}


def _model_text(doc) -> str:
    parts = [doc.title, doc.subtitle, doc.draft_notice, doc.parties_intro, doc.parties_outro]
    parts += [t for p in doc.parties for t in (p.designation, p.representative)]
    parts += [block_text(b) for b in doc.preamble]
    for section in doc.sections:
        parts.append(section.title)
        for clause in section.clauses:
            parts += [clause.heading] + [block_text(b) for b in clause.blocks]
    for annex in doc.annexes:
        parts += [annex.heading] + [block_text(b) for b in annex.blocks]
    parts += [t for p in doc.open_points for t in (p.label, p.clause_ref, p.note)]
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs + section.header.paragraphs]
    return "\n".join(parts)


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "draft.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


# --- the library ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", CLAUSE_KINDS)
def test_english_library_has_the_same_sections_clauses_variants_and_parameters(kind):
    """Every section file, clause id, topic, condition, variant, reference and parameter of the
    German library is in the English one, and nothing else."""
    DE, EN = TEMPLATES / kind / "de", TEMPLATES / kind / "en"  # noqa: N806 - as the module's
    assert _section_files(EN) == _section_files(DE)
    for name in _section_files(DE):
        de, en = _load(DE / name), _load(EN / name)
        assert en["section"]["id"] == de["section"]["id"], name
        assert en["section"].get("when") == de["section"].get("when"), name
        assert [c["id"] for c in en["clauses"]] == [c["id"] for c in de["clauses"]], name
        for c_de, c_en in zip(de["clauses"], en["clauses"], strict=True):
            where = f"{name}: {c_de['id']}"
            assert c_en.get("topic") == c_de.get("topic"), where
            assert c_en.get("when") == c_de.get("when"), where
            assert c_en["title"] and c_en["explanation"], where
            assert sorted(c_en.get("variants") or {}) == sorted(c_de.get("variants") or {}), where
            for part in ("text", "open_text", "after"):
                assert bool(c_en.get(part)) == bool(c_de.get(part)), f"{where}/{part}"
                assert _shape(c_en.get(part)) == _shape(c_de.get(part)), f"{where}/{part}"
            for variant, text in (c_de.get("variants") or {}).items():
                assert _shape(c_en["variants"][variant]) == _shape(text), f"{where}/{variant}"


@pytest.mark.parametrize("kind", CLAUSE_KINDS)
def test_english_frame_has_every_key_and_annex_of_the_german_one(kind):
    """library.yaml: the same annex ids and every key, label and header the German frame has."""
    de, en = _load(TEMPLATES / kind / "de" / "library.yaml"), _load(TEMPLATES / kind / "en" / "library.yaml")
    assert en["language"] == "en" and en["kind"] == kind
    assert set(de) <= set(en)
    assert [a["id"] for a in en["annexes"]] == [a["id"] for a in de["annexes"]]
    assert set(de.get("labels") or {}) <= set(en["labels"])
    assert set(de["headers"]) == set(en["headers"])
    assert "German law" in en["draft_notice"] and en["draft_notice"].startswith("DRAFT")


@pytest.mark.parametrize("kind", CLAUSE_KINDS)
def test_templates_check_accepts_the_english_library(capsys, kind):
    """`kooperation templates check templates/<kind>/en` finds no error."""
    assert main(["templates", "check", str(TEMPLATES / kind / "en")]) == 0, capsys.readouterr()


@pytest.mark.parametrize("kind", ("vertraulichkeit", "absichtserklaerung"))
def test_english_nda_and_letter_of_intent_contain_no_german_outside_entered_data(kind):
    """The demo's NDA and letter of intent in English: no word of the German agreement library
    (nor of the German NDA / letter of intent) outside names and entered data."""
    project = demo_project()
    doc = build_document(project, kind, "en")
    german = _library_words(TEMPLATES / kind / "de", True) - _library_words(TEMPLATES / kind / "en", True)
    rest = _without(_model_text(doc), _entered_texts(project) + _untranslated_catalogue_texts())
    assert _german_words_in(_model_text(doc), project) == set()
    assert {w for w in _words([rest]) if w in german} == set()
    assert doc.draft_notice.startswith("DRAFT") and doc.parties_intro == "between"


# --- the document language -------------------------------------------------------------------


def test_filters_speak_the_document_language_and_only_inside_it():
    """Dates, durations, amounts, percentages, number words and lists in English within an
    English build; German again outside it, and the interface language is left alone."""
    source = (
        "{{ d|datum }}; {{ 3|monate }}; {{ 1|monate('acc') }}; {{ 10000|eur }}; {{ 75|prozent }}; "
        "{{ 4|zahlwort }}; {{ ['A', 'B', 'C']|aufzaehlung }}"
    )
    context = {"d": date(2026, 12, 3)}
    interface = current_language()
    with document_language("en"):
        assert current_language() == "en"
        english = render_template(source, context, "test")
    german = render_template(source, context, "test")
    assert english == "3 December 2026; three months; one month; EUR 10,000; 75 per cent; four; A, B and C"
    assert german == "3. Dezember 2026; drei Monaten; einen Monat; 10.000 €; 75 Prozent; vier; A, B und C"
    assert current_language() == interface


def test_english_draft_numbers_sections_and_references_in_english():
    """Clauses are "Section n", references name them so, annexes are "Annex n"; the German draft
    of the same project keeps "§ n" and "Anlage n"."""
    project = demo_project()
    english = build_document(project, "vertrag", "en")
    german = build_document(project, "vertrag", "de")
    assert english.language == "en" and english.title == "Cooperation Agreement"
    assert [c.id for c in english.clauses()] == [c.id for c in german.clauses()]
    first = english.clauses()[0]
    assert first.heading == "Section\u00a01 Subject Matter and Objectives of the Cooperation"
    text = _model_text(english)
    assert "in accordance with Section\u00a08" in text.replace(" 8", "\u00a08") or "Section\u00a08" in text
    assert "Annex\u00a02" in text
    assert "§" not in re.sub(r"§§? ?\d", "", text)  # no clause sign (statutes are "Section 705 BGB")
    assert german.clauses()[0].heading.startswith("§\u00a01 ")
    assert "Anlage\u00a02" in _model_text(german)


@pytest.fixture(scope="module")
def english_demo_files():
    project = demo_project()
    doc = build_document(project, "vertrag", "en")
    return project, doc, render(doc, "docx"), render(doc, "pdf")


def test_english_demo_draft_contains_no_german_outside_entered_data(english_demo_files, tmp_path):
    """The DOCX and PDF of the English demo agreement contain no word of the German library
    (other than names and what the partners typed) and say DRAFT and that German law governs."""
    project, doc, docx_data, pdf_data = english_demo_files
    pdf = _pdf_text(pdf_data, tmp_path)
    assert _german_words_in_pdf(pdf, project) == set()
    for text in (_model_text(doc), _docx_text(docx_data), pdf):
        text = text.replace("\u00a0", " ")
        if text is not pdf:
            assert _german_words_in(text, project) == set()
        assert "DRAFT" in text and "Federal Republic of Germany" in text
        assert "Section 1 Subject Matter" in " ".join(text.split())
        assert not re.search(r"[a-z]\((?:withdrawal|the )", text)  # no words glued by a template


def test_large_english_draft_contains_no_german_outside_entered_data():
    """The large network agreement (15 partners, supporters, many milestones) in English: no word
    of the German library outside names and entered data, in the model and its DOCX."""
    project = large_project()
    doc = build_document(project, "vertrag", "en")
    assert _german_words_in(_model_text(doc), project) == set()
    assert _german_words_in(_docx_text(render(doc, "docx")), project) == set()


def test_german_word_check_would_notice_a_german_sentence(english_demo_files):
    """The check itself: a sentence of the German library in an English text is reported."""
    project = english_demo_files[0]
    sentence = "The Partners agree. Der Lenkungskreis fasst seine Beschlüsse mit einfacher Mehrheit der abgegebenen Stimmen."
    assert {"lenkungskreis", "fasst", "beschlüsse", "abgegebenen"} <= _german_words_in(sentence, project)
    assert "fasst" in _german_words_in_pdf(sentence, project)


def test_cli_draft_in_english_is_stored_with_its_language(capsys, tmp_path):
    """`kooperation draft ID --lang en` writes an English agreement and the version records "en";
    without --lang the project's language (German) applies."""
    db = str(tmp_path / "store.sqlite3")
    assert main(["--db", db, "demo"]) == 0
    project_id = capsys.readouterr().out.strip()
    out_dir = tmp_path / "out"
    code = main(["--db", db, "draft", project_id, "--lang", "en", "--format", "docx", "--out", str(out_dir)])
    assert code == 0, capsys.readouterr()
    (docx_file,) = out_dir.iterdir()
    assert "Cooperation Agreement" in _docx_text(docx_file.read_bytes())
    assert main(["--db", db, "draft", project_id, "--format", "docx"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "drafts", project_id]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "vertrag-" in line]
    assert [(" en " in f" {line} ", " de " in f" {line} ") for line in lines] == [(True, False), (False, True)]


def test_unknown_document_language_is_refused_with_a_message(capsys, tmp_path):
    """A language without a library gives a clear message and stores nothing."""
    db = str(tmp_path / "store.sqlite3")
    assert main(["--db", db, "demo"]) == 0
    project_id = capsys.readouterr().out.strip()
    assert main(["--db", db, "draft", project_id, "--lang", "fr", "--format", "docx"]) != 0
    assert "„fr“" in capsys.readouterr().err
    assert resource_path("catalogue").exists()


def test_english_project_sketch_has_english_headings_and_no_german_words():
    """The demo's project sketch in English: English headings and labels (sector, horizon,
    priority), and no German-library word outside entered data and untranslated catalogue texts."""
    project = demo_project()
    doc = build_document(project, "skizze", "en")
    text = "\n".join([doc.title, doc.draft_notice] + [block_text(b) for b in doc.body])
    assert doc.title == "Project Sketch"
    for phrase in ("The Partners", "What we agree on", "Business, Lead Partner", "short-term, high"):
        assert phrase in text
    german = _library_words(TEMPLATES / "skizze" / "de", False) - _library_words(TEMPLATES / "skizze" / "en", False)
    rest = _without(text, _entered_texts(project) + _untranslated_catalogue_texts())
    assert {w for w in _words([rest]) if w in GERMAN_ONLY | german} == set()
