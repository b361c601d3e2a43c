"""The review loop of an English draft: the Word comments export, the PDF annex of remarks and
the comparison export speak the draft's language (not the interface's), and comments a lawyer
adds in LibreOffice to an English draft come back to the right clause, with or without the
clause bookmarks ("Section n" headings are recognised as "§ n" are)."""

from __future__ import annotations

import io
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from tests.german_words import german_words_in
from tests.test_english_library import _docx_text

from kooperation.domain.demo import demo_project
from kooperation.drafts import generate_draft
from kooperation.i18n import current_language, set_language
from kooperation.review.docx_read import read_review_docx
from kooperation.review.exporting import comparison, comparison_files, review_export
from kooperation.review.importer import import_review_docx
from kooperation.review.model import Comment
from kooperation.store.repository import open_store
from lo_fixtures import (
    OFFICE,
    LoComment,
    annotation,
    clause_paragraphs,
    convert,
    numbered,
    q,
    soffice_or_skip,
)

WHEN = datetime(2026, 11, 21, 10, 15, tzinfo=UTC)
LAWYER_NOTE = LoComment("kosten", "Dr. Lena Roth", "LR", datetime(2025, 3, 4, 10, 15, tzinfo=UTC),
                        ("Equal shares or by turnover?",))  # fmt: skip


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    """A store with the demo project in English, two English agreement versions (the second
    with one clause changed) and two German ones, and comments on the first English version."""
    path = tmp_path_factory.mktemp("english_review")
    store = open_store(path / "s.sqlite3")
    project = store.save_project(demo_project())
    generate_draft(store, project.id, formats=["docx", "pdf"], language="en")
    generate_draft(store, project.id, formats=["docx", "pdf"], language="de")
    project.decisions["gegenstand"].params["excluded"] = "the partners' own machines."
    store.save_project(project)
    generate_draft(store, project.id, formats=["docx", "pdf"], language="en")
    infos = store.list_drafts(project.id)
    versions = {(v.language, v.number): store.get_draft_by_id(project.id, v.id) for v in infos}
    first_en = next(v for (lang, _n), v in sorted(versions.items()) if lang == "en")
    comments = [
        Comment(first_en.id, "austritt", "Is the notice period not too long?", "Dr. Anna Berg",
                role="legal", kind="question", created_at=WHEN),
        Comment(first_en.id, "haftung", "Limit it to intent.", "Max Muster", kind="suggestion",
                original_text="gross negligence", proposed_text="intent", created_at=WHEN),
    ]
    yield {"store": store, "project": demo_project(), "versions": versions, "comments": comments, "path": path}
    store.close()


def _version(english, language: str, index: int = 0):
    return [v for (lang, _n), v in sorted(english["versions"].items()) if lang == language][index]


def _pdf_text(data: bytes, path: Path) -> str:
    file = path / "out.pdf"
    file.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(file), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def test_review_export_of_an_english_draft_is_english_in_a_german_interface(english, tmp_path):
    """Word comments ("Question:", "Previously: …") and the PDF annex of remarks in English,
    no German word outside entered data; the clause headings say "Section n"."""
    assert current_language() == "de"
    version = _version(english, "en")
    export = review_export("Lernfabrik Neckar-Alb", version, english["comments"])
    files = {fmt: data for fmt, _name, data in export.files}
    word = {c.text for c in docx.Document(io.BytesIO(files["docx"])).comments}
    assert word == {"Question:\nIs the notice period not too long?",
                    "Proposed wording:\nLimit it to intent.\nPreviously: gross negligence\nProposal: intent"}
    annex = _pdf_text(files["pdf"], tmp_path).split("Annex – annotations for review")[-1]
    assert "Section\u00a0" in annex.replace("Section ", "Section\u00a0")
    assert "Is the notice period not too long?" in annex
    assert german_words_in(annex, english["project"]) == set(), annex
    assert german_words_in(_docx_text(files["docx"]), english["project"]) == set()


def test_review_export_of_a_german_draft_stays_german_in_an_english_interface(english, tmp_path):
    """The draft's language decides: a German version's annex and comments stay German."""
    version = _version(english, "de")
    comments = [Comment(version.id, "austritt", "Frist zu lang?", "Dr. Anna Berg", kind="question", created_at=WHEN)]
    before = current_language()
    set_language("en")
    try:
        export = review_export("Lernfabrik Neckar-Alb", version, comments)
    finally:
        set_language(before)
    files = {fmt: data for fmt, _name, data in export.files}
    assert {c.text for c in docx.Document(io.BytesIO(files["docx"])).comments} == {"Frage:\nFrist zu lang?"}
    annex = _pdf_text(files["pdf"], tmp_path)
    assert "Anlage – Anmerkungen zur Prüfung" in annex and "Remarks" not in annex


def test_comparison_of_english_versions_is_english(english, tmp_path):
    """The comparison DOCX (tracked changes) and PDF of two English versions: English title,
    legend and summary, no German word outside entered data."""
    old, new = _version(english, "en", 0), _version(english, "en", 1)
    diffs = comparison(old, new)
    assert any(d.status == "changed" for d in diffs)
    files = dict(comparison_files("Lernfabrik Neckar-Alb", old, new, diffs, WHEN))
    (docx_name,) = [n for n in files if n.endswith(".docx")]
    (pdf_name,) = [n for n in files if n.endswith(".pdf")]
    pdf = _pdf_text(files[pdf_name], tmp_path)
    text = _docx_text(files[docx_name])
    assert "Comparison" in pdf and "Legend:" in pdf and "Cooperation agreement “Lernfabrik Neckar-Alb”" in pdf
    assert "Vergleich" not in pdf and "Vergleich" not in text
    assert "Section 1 Subject Matter" in " ".join(pdf.split()) and "§ 1 " not in pdf
    for found in (pdf, text):
        assert german_words_in(found, english["project"]) == set()


# --- a lawyer's comment made in LibreOffice ---------------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice_english_docx(english):
    """The first English version's DOCX with a comment on paragraph (1) of "kosten", written
    into the flat ODF and saved as DOCX by LibreOffice."""
    soffice = soffice_or_skip()
    work = english["path"] / "lo"
    version = _version(english, "en")
    source = work / "draft.docx"
    work.mkdir()
    source.write_bytes(next(f.content for f in version.files if f.format == "docx"))
    profile = work / "lo_profile"
    flat = convert(soffice, source, "fodt", work / "fodt", profile)
    tree = etree.parse(str(flat))
    body = tree.getroot().find(f"{q(OFFICE, 'body')}/{q(OFFICE, 'text')}")
    paragraph = numbered(clause_paragraphs(body, LAWYER_NOTE.clause_id), 1)
    note = annotation(LAWYER_NOTE)
    note.tail, paragraph.text = paragraph.text, None
    paragraph.insert(0, note)
    annotated = work / "reviewed.fodt"
    tree.write(str(annotated), xml_declaration=True, encoding="UTF-8")
    return convert(soffice, annotated, "docx:MS Word 2007 XML", work / "docx", profile).read_bytes()


def _without_bookmarks(data: bytes) -> bytes:
    document = docx.Document(io.BytesIO(data))
    for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
        for element in list(document.element.body.iter(qn(tag))):
            element.getparent().remove(element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_libreoffice_comment_on_an_english_draft_finds_its_clause(english, libreoffice_english_docx):
    """The file as LibreOffice saved it, and the same file without any bookmark (clauses found
    by their "Section n Title" headings): the comment is on "kosten" with its heading."""
    for data in (libreoffice_english_docx, _without_bookmarks(libreoffice_english_docx)):
        found = read_review_docx(data)
        (comment,) = found.comments
        assert comment.clause_id == "kosten" or comment.heading.startswith("Section\u00a04 "), comment
        assert comment.text == LAWYER_NOTE.text
        assert [c.number for c in found.clauses][:3] == [1, 2, 3]


def test_libreoffice_comment_without_bookmarks_imports_onto_its_clause(english, libreoffice_english_docx, tmp_path):
    """Imported into a fresh store with the English version: the comment lands on "kosten"."""
    store = open_store(tmp_path / "s.sqlite3")
    try:
        project = store.save_project(demo_project())
        generate_draft(store, project.id, formats=["docx"], language="en")
        (info,) = store.list_drafts(project.id)
        report = import_review_docx(store, project.id, info.id, _without_bookmarks(libreoffice_english_docx))
        assert [(c.clause_id, c.text, c.author) for c in report.added] == [
            ("kosten", LAWYER_NOTE.text, LAWYER_NOTE.author)
        ]
        assert not report.unmatched
    finally:
        store.close()
