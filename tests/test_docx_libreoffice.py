"""The generated DOCX in LibreOffice: its contents show the right pages, and when a lawyer
inserts a §, every later § number, every cross-reference and the contents follow.

The insertion is made as LibreOffice users make it: our DOCX is converted to flat ODF, a new
heading paragraph is added to the § list right before § 3 (like pressing Enter in front of
the heading and typing), and LibreOffice converts the result to PDF and back to DOCX.
Conversions run once per module (LibreOffice is slow). Skipped without LibreOffice, except on
CI.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess

import pytest
from lxml import etree

from kooperation.domain.demo import demo_project
from kooperation.drafting.build import build_agreement
from kooperation.drafting.docmodel import BulletList, Note, Paragraph, Ref
from kooperation.render.docx import render_docx
from kooperation.render.docx_tables import _BREAKS
from kooperation.review.docx_read import read_review_docx
from lo_fixtures import TEXT, convert, expected_clause_text, q, soffice_or_skip

INSERT_BEFORE = "beitraege"  # § 3
INSERTED_TITLE = "Eingefügte Regelung"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def model():
    return build_agreement(demo_project(), "vertrag", "de")


@pytest.fixture(scope="module")
def converted(model, tmp_path_factory):
    """PDF pages of our DOCX; PDF pages and DOCX bytes after inserting a § before § 3."""
    soffice = soffice_or_skip()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    work = tmp_path_factory.mktemp("lo_insert")
    profile = work / "profile"
    source = work / "entwurf.docx"
    source.write_bytes(render_docx(model))
    pdf = convert(soffice, source, "pdf", work / "pdf", profile)
    flat = convert(soffice, source, "fodt", work / "fodt", profile)
    inserted = work / "eingefuegt.fodt"
    insert_clause_before(flat, inserted, INSERT_BEFORE, INSERTED_TITLE)
    inserted_pdf = convert(soffice, inserted, "pdf", work / "pdf", profile)
    inserted_docx = convert(soffice, inserted, "docx:MS Word 2007 XML", work / "docx", profile)
    return {
        "pages": pdf_pages(pdf),
        "inserted_pages": pdf_pages(inserted_pdf),
        "inserted_docx": inserted_docx.read_bytes(),
    }


def insert_clause_before(source, target, clause_id: str, title: str) -> None:
    """A new § heading (same style, same list) right before the heading of ``clause_id``."""
    tree = etree.parse(str(source))
    start = next(
        b for b in tree.iter(q(TEXT, "bookmark-start")) if b.get(q(TEXT, "name")) == f"kl_{clause_id}"
    )
    heading = start.getparent()
    assert heading.tag == q(TEXT, "h"), heading.tag
    item = heading.getparent()
    assert item.tag == q(TEXT, "list-item"), "the § heading is not in a list"
    new_item = etree.Element(q(TEXT, "list-item"))
    new_heading = etree.SubElement(new_item, q(TEXT, "h"), dict(heading.attrib))
    new_heading.text = title
    item.addprevious(new_item)
    tree.write(str(target), xml_declaration=True, encoding="UTF-8")


def pdf_pages(path) -> list[str]:
    """The text of each page (pdftotext, layout kept), non-breaking spaces as spaces."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [spaced(page) for page in text.split("\f")]


def spaced(text: str) -> str:
    """No-break spaces (the narrow one of the § list numbers too) as spaces."""
    return text.replace(NBSP, " ").replace("\u202f", " ")


TOC_LINE = re.compile(r"^\s*(\S.*?)\s*\.{4,}\s*(\d+)\s*$")


def lines(pages: list[str]) -> list[tuple[int, str]]:
    """(1-based page, line with its spaces collapsed) of every line, in reading order."""
    return [
        (index + 1, re.sub(r"\s+", " ", line.strip()))
        for index, page in enumerate(pages)
        for line in page.splitlines()
    ]


def assert_toc_pages_right(pages: list[str]) -> list[str]:
    """Every line of the contents (a dotted leader and a number) names a heading that stands
    on that page after the contents; returns the entries."""
    all_lines = lines(pages)
    entries = [
        (i, TOC_LINE.match(line)) for i, (_page, line) in enumerate(all_lines[:400])
    ]
    entries = [(i, m.group(1), int(m.group(2))) for i, m in entries if m]
    assert len(entries) > 30
    after = entries[-1][0] + 1
    for _i, text, printed in entries:
        text = re.sub(r"\s+", " ", text)
        page = next((p for p, line in all_lines[after:] if line == text), None)
        assert page == printed, text
    return [re.sub(r"\s+", " ", text) for _i, text, _printed in entries]


def test_contents_show_the_pages_the_headings_are_on(converted, model):
    """LibreOffice's PDF of our DOCX lists every heading in the contents with the page it is
    really on (no "update with F9" needed)."""
    listed = assert_toc_pages_right(converted["pages"])
    for clause in model.clauses():
        assert clause.heading.replace(NBSP, " ") in listed
    for annex in model.annexes:
        assert annex.heading.replace(NBSP, " ") in listed


def shifted(number: int) -> int:
    return number + 1 if number >= 3 else number


def test_an_inserted_clause_renumbers_later_clauses_and_references(converted, model):
    """A § inserted before § 3 in LibreOffice: the old § 3 is now § 4 and so on, every
    "nach § n" follows, and our reader reads the re-saved file that way."""
    pages = converted["inserted_pages"]
    joined = "\n".join(pages)
    assert re.search(rf"^\s*§ 3 {INSERTED_TITLE}\s*$", joined, re.M)
    for clause in model.clauses():
        title = clause.title.replace(NBSP, " ")
        assert re.search(rf"^\s*§ {shifted(clause.number)} {re.escape(title)}\s*$", joined, re.M)

    expected = copy.deepcopy(model)
    numbers = {c.id: c.number for c in model.clauses()}
    for clause in expected.clauses():
        for block in clause.blocks:
            pieces = block.inlines if isinstance(block, Paragraph | Note) else []
            items = block.items if isinstance(block, BulletList) else []
            for piece in [*pieces, *(p for item in items for p in item)]:
                if isinstance(piece, Ref) and piece.target in numbers:
                    piece.label = f"§{NBSP}{shifted(numbers[piece.target])}"
    moved = sum(c.number >= 3 and c.number < 32 for c in model.clauses())
    assert moved > 20
    found = read_review_docx(converted["inserted_docx"])
    inserted = [(c.id, c.number, c.title) for c in found.clauses if c.id is None]
    assert inserted == [(None, 3, INSERTED_TITLE)]  # the new §, found by its heading
    ours = [c for c in found.clauses if c.id is not None]
    assert [(c.id, c.number, c.title) for c in ours] == [
        (c.id, shifted(c.number), c.title) for c in expected.clauses()
    ]
    for clause, read in zip(expected.clauses(), ours, strict=True):
        assert spaced(read.text) == spaced(expected_clause_text(clause)), clause.id


def test_after_the_insertion_the_contents_follow(converted):
    """The contents of the edited file name the renumbered §§ with their pages."""
    listed = assert_toc_pages_right(converted["inserted_pages"])
    assert "§ 4 Beiträge der Partner" in listed
    assert "§ 3 Beiträge der Partner" not in listed


def test_table_words_and_dates_are_never_broken(converted, model):
    """Every word and date of every annex table comes out whole in LibreOffice's PDF (no
    "01.03.20|27", no "Priorit|ät"): the columns are measured with the embedded font."""
    pages = converted["pages"]
    all_lines = lines(pages)
    toc_end = max(i for i, (_page, line) in enumerate(all_lines[:400]) if TOC_LINE.match(line))
    first_annex = next(
        page for page, line in all_lines[toc_end + 1 :] if line.startswith("Anlage 1 –")
    )
    tokens = set("\n".join(pages[first_annex - 1 :]).split())  # the annex pages only
    tables = [b for annex in model.annexes for b in annex.blocks if hasattr(b, "rows")]
    assert len(tables) >= 3
    checked = 0
    for table in tables:
        for cell in [*table.header, *(c for row in table.rows for c in row)]:
            for word in _BREAKS.split(cell.replace(NBSP, " ")):
                if len(word) >= 4:
                    assert any(word in token for token in tokens), word
                    checked += 1
    assert checked > 100


def test_libreoffice_sets_the_text_in_the_embedded_font(model, tmp_path):
    """Where DejaVu Serif is not installed, LibreOffice still sets the draft in it: the font
    comes from the DOCX itself (pdffonts lists it in the converted PDF)."""
    soffice = soffice_or_skip()
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    sans = next(
        (p for p in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",) if os.path.exists(p)), None
    )
    if sans is None:
        pytest.skip("no DejaVu Sans to offer LibreOffice as the only font")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(sans, fonts)
    config = tmp_path / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{fonts}</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    source = tmp_path / "entwurf.docx"
    source.write_bytes(render_docx(model))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FONTCONFIG_FILE", str(config))
        pdf = convert(soffice, source, "pdf", tmp_path / "pdf", tmp_path / "profile")
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "DejaVuSerif" in listed and "DejaVuSerif-Bold" in listed


def test_no_line_ends_between_a_section_sign_and_its_number(converted):
    """In LibreOffice's PDF no line ends with "§", "Abs.", "Anlage" before the number, or with
    "e." before "V." (list numbers and references included)."""
    wrong = re.compile(r"(?:§§?|Abs\.|Nr\.|Art\.|Anlage|Satz)[ \t]*\n\s*\d|(?<!\w)e\.[ \t]*\n\s*V\.")
    for pages in (converted["pages"], converted["inserted_pages"]):
        assert wrong.findall("\n".join(pages)) == []
