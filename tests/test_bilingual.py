"""The bilingual agreement: German and English side by side, clause by clause, with a clause on
the prevailing language; DOCX and PDF, from the command line and the drafts page."""

from __future__ import annotations

import copy
import io
import subprocess

import docx
import pytest
from tests.large_project import large_project

from kooperation.cli import main
from kooperation.domain.demo import demo_project
from kooperation.drafting.bilingual import pair_documents
from kooperation.drafting.docmodel import Paragraph
from kooperation.drafting.documents import build_document
from kooperation.drafts import render
from kooperation.errors import InputError, RenderError
from kooperation.review.docx_read import read_review_docx

META = {"project": "Lernfabrik", "version": "1", "date": "03.12.2026"}
CLAUSES = ("gegenstand", "beitraege", "beschluesse", "schluss_recht", "schluss_sprache")


@pytest.fixture(scope="module")
def bilingual():
    """The demo agreement in German and English, built and rendered once for the module."""
    doc = build_document(demo_project(), "vertrag", "de+en", META)
    return doc, render(doc, "docx"), render(doc, "pdf")


def _rows(data: bytes) -> list[tuple[str, str]]:
    """Every two-column table row of a DOCX as (left text, right text)."""
    document = docx.Document(io.BytesIO(data))
    return [
        (row.cells[0].text, row.cells[1].text)
        for table in document.tables
        for row in table.rows
        if len(row.cells) == 2
    ]


def _pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    return int(next(line for line in info.decode().splitlines() if line.startswith("Pages:")).split()[1])


def _first_paragraph(clause) -> str:
    return next(b for b in clause.blocks if isinstance(b, Paragraph)).text


def test_docx_rows_hold_each_clause_in_german_and_english(bilingual):
    """For several clauses, one table row holds the German heading next to the English one and
    another the German first paragraph next to its English translation."""
    doc, data, _pdf = bilingual
    rows = _rows(data)
    for clause_id in CLAUSES:
        de, en = doc.clause(clause_id), doc.parallel.clause(clause_id)
        assert de.title != en.title
        assert any(de.title in left and en.title in right for left, right in rows), clause_id
        german, english = _first_paragraph(de)[:80], _first_paragraph(en)[:80]
        assert any(german in left and english in right for left, right in rows), clause_id


def test_prevailing_language_clause_in_both_languages_only_when_bilingual(bilingual):
    """The bilingual draft says in both columns which version prevails (German by default,
    English for en+de); a draft in one language has no such clause."""
    _doc, data, _pdf = bilingual
    assert any(
        "Im Fall von Abweichungen zwischen beiden Fassungen geht die deutsche Fassung vor" in left
        and "the German version shall prevail" in right
        for left, right in _rows(data)
    )
    english_first = build_document(demo_project(), "vertrag", "en+de")
    assert "the English version shall prevail" in english_first.clause("schluss_sprache").text
    assert "geht die englische Fassung vor" in english_first.parallel.clause("schluss_sprache").text
    for language in ("de", "en"):
        assert build_document(demo_project(), "vertrag", language).clause("schluss_sprache") is None
    for kind, clause_id in (("vertraulichkeit", "nda_sprache"), ("absichtserklaerung", "loi_sprache")):
        short = build_document(demo_project(), kind, "de+en")
        assert "deutsche Fassung vor" in short.clause(clause_id).text
        assert "German version shall prevail" in short.parallel.clause(clause_id).text


def test_docx_keeps_clause_bookmarks_contents_and_notices_in_both_languages(bilingual):
    """The review import finds every clause by its bookmark (with the text of both columns),
    the contents names clauses in both languages, the notice and header speak both."""
    doc, data, _pdf = bilingual
    found = read_review_docx(data)
    assert [c.id for c in found.clauses] == [c.id for c in doc.clauses()]
    sprache = next(c for c in found.clauses if c.id == "schluss_sprache")
    assert "deutsche Fassung vor" in sprache.original_text
    assert "German version shall prevail" in sprache.original_text
    document = docx.Document(io.BytesIO(data))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "Gegenstand und Ziele der Kooperation / Subject Matter and Objectives" in paragraphs
    cells = "\n".join(left + right for left, right in _rows(data))
    assert "ENTWURF – Dieser Vertragsentwurf" in cells and "DRAFT – This draft agreement" in cells
    header = document.sections[-1].header.paragraphs[0].text
    assert "Kooperationsvertrag / Cooperation Agreement" in header


def test_pdf_has_both_languages_side_by_side_and_a_sensible_page_count(bilingual):
    """The PDF sets both versions (contents, clause headings in both languages) on about twice
    the pages of the German agreement, with page numbers."""
    _doc, _docx, pdf = bilingual
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Inhaltsverzeichnis / Contents" in text
    assert "Vertragssprache" in text and "Language" in text
    german = _pages(render(build_document(demo_project(), "vertrag", "de", META), "pdf"))
    pages = _pages(pdf)
    assert german + 5 < pages < 3 * german
    assert f"von {pages}" in text


def test_a_clause_missing_in_one_library_is_a_clear_error():
    """Two versions that do not pair (a clause missing, a paragraph more) raise a RenderError
    naming the clause; nothing is silently misaligned."""
    project = demo_project()
    left = build_document(project, "vertrag", "de")
    right = build_document(project, "vertrag", "en")
    pair_documents(left, right)  # the libraries as shipped pair
    missing = copy.deepcopy(right)
    missing.sections[2].clauses.pop(0)
    clause_id = right.sections[2].clauses[0].id
    with pytest.raises(RenderError, match=f"„{clause_id}“"):
        pair_documents(left, missing)
    extra = copy.deepcopy(right)
    extra.clause("haftung_aussen").blocks.append(Paragraph([], number=None))
    with pytest.raises(RenderError, match="„haftung_aussen“"):
        pair_documents(left, extra)


def test_project_sketch_and_unknown_languages_are_refused_with_a_message():
    """The sketch has no bilingual form and "de+fr" is no document language: clear messages."""
    with pytest.raises(InputError, match="Projektskizze"):
        build_document(demo_project(), "skizze", "de+en")
    with pytest.raises(InputError, match="de\\+fr"):
        from kooperation.drafts import render_draft

        render_draft(demo_project(), "vertrag", ["docx"], language="de+fr")


def test_cli_draft_bilingual_docx_and_pdf_is_stored_with_its_language(capsys, tmp_path):
    """`kooperation draft ID --lang de+en --format docx --format pdf` writes both files and the
    stored version records "de+en"."""
    db = str(tmp_path / "store.sqlite3")
    assert main(["--db", db, "demo"]) == 0
    project_id = capsys.readouterr().out.strip()
    out_dir = tmp_path / "out"
    code = main(["--db", db, "draft", project_id, "--lang", "de+en", "--format", "docx", "--format", "pdf", "--out", str(out_dir)])
    assert code == 0, capsys.readouterr()
    files = sorted(p.suffix for p in out_dir.iterdir())
    assert files == [".docx", ".pdf"]
    docx_file = next(out_dir.glob("*.docx"))
    assert any("Vertragssprache" in left and "Language" in right for left, right in _rows(docx_file.read_bytes()))
    capsys.readouterr()
    assert main(["--db", db, "drafts", project_id]) == 0
    assert " de+en " in capsys.readouterr().out


def test_large_project_renders_bilingual_docx_and_pdf():
    """The 15-partner project renders side by side in both formats, every clause paired."""
    doc = build_document(large_project(), "vertrag", "de+en", META)
    data = render(doc, "docx")
    assert [c.id for c in read_review_docx(data).clauses] == [c.id for c in doc.clauses()]
    assert _pages(render(doc, "pdf")) > 40


def test_drafts_page_generates_a_bilingual_draft(qtbot, tmp_path):
    """On the drafts page the language box offers German and English side by side; the draft
    it generates is stored as "de+en" and its DOCX has both columns."""
    from kooperation.store import open_store
    from kooperation.ui import operations
    from kooperation.ui.pages.drafts import DraftsPage
    from kooperation.ui.session import ProjectSession

    store = open_store(tmp_path / "s.sqlite3")
    project = store.save_project(demo_project())
    old = operations.set_synchronous(True)
    try:
        page = DraftsPage(ProjectSession(store, project.id))
        qtbot.addWidget(page)
        assert page.selected_language() == "de"  # the project's language
        page.language_box.setCurrentIndex(page.language_box.findData("de+en"))
        page.format_boxes["pdf"].setChecked(False)
        page.generate_button.click()
        qtbot.waitUntil(lambda: not page.busy, timeout=60_000)
        [info] = store.list_drafts(project.id)
        assert info.language == "de+en"
        version = store.get_draft(project.id, 1)
        rows = _rows(next(f.content for f in version.files if f.format == "docx"))
        assert any("Vertragssprache" in left and "Language" in right for left, right in rows)
    finally:
        operations.set_synchronous(old)
        store.close()
