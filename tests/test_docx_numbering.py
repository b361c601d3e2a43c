"""List numbers of a DOCX as the review reader sees them, and the DOCX's embedded font."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from lxml import etree

from docsample import sample_document
from kooperation.drafting.docmodel import Clause, Document, Paragraph, Section, Text
from kooperation.render.docx import render_docx
from kooperation.render.docx_fonts import BASE_CHARACTERS, obfuscate
from kooperation.render.docx_tables import (
    CELL_PADDING,
    column_widths,
    font_measure,
    table_text_size,
)
from kooperation.resources import resource_path
from kooperation.review.docx_numbering import Numbering, format_number
from kooperation.review.docx_read import read_review_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def xml(body: str):
    return etree.fromstring(f'<w:root xmlns:w="{W}">{body}</w:root>')


def lvl(ilvl: int, text: str, fmt: str = "decimal", extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/></w:lvl>')  # fmt: skip


NUMBERING = xml(
    '<w:abstractNum w:abstractNumId="0">'
    + lvl(0, "§ %1", extra='<w:pStyle w:val="Head"/><w:suff w:val="space"/>')
    + lvl(1, "(%2)")
    + lvl(2, "%2.%3", "upperRoman", '<w:lvlRestart w:val="0"/>')
    + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1">' + lvl(0, "%1)", "lowerLetter") + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="Linked"/></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="1"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>'
)
STYLES = xml(
    '<w:style w:styleId="Head"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    '<w:style w:styleId="Sub"><w:basedOn w:val="Head"/></w:style>'
    '<w:style w:styleId="Linked"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
)


def ppr(num_id: str | None = None, ilvl: int | None = None):
    if num_id is None:
        return None
    level = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    return xml(f'<w:pPr><w:numPr>{level}<w:numId w:val="{num_id}"/></w:numPr></w:pPr>')[0]


def test_labels_count_restart_and_format_like_word():
    """§ headings count on, "(n)" restarts in every §, a level with lvlRestart 0 never does,
    a style's list and level (linked by pStyle) apply, numId 0 switches numbering off, a
    num with a start override restarts its list, a numbering-style link is followed."""
    n = Numbering(NUMBERING, STYLES)
    seen = [
        n.label(None, "Head", view="accepted"),  # § 1 from the style
        n.label(ppr("1", 1), "", view="accepted"),
        n.label(ppr("1", 1), "", view="accepted"),
        n.label(ppr("1", 2), "", view="accepted"),
        n.label(None, "Sub", view="accepted"),  # § 2 through basedOn
        n.label(ppr("1", 1), "", view="accepted"),  # (1) again
        n.label(ppr("1", 2), "", view="accepted"),  # II: level 2 never restarts
        n.label(ppr("0", 0), "Head", view="accepted"),  # switched off
        n.label(ppr("2", 0), "", view="accepted"),
        n.label(ppr("2", 0), "", view="accepted"),
        n.label(ppr("3", 0), "", view="accepted"),  # restarts: a)
        n.label(ppr("4", 0), "", view="accepted"),  # linked to num 1: § 3
        n.label(ppr("9", 0), "", view="accepted"),  # unknown list: nothing
    ]
    assert seen == ["§ 1 ", "(1)\t", "(2)\t", "2.I\t", "§ 2 ", "(1)\t", "1.II\t", "",
                    "a)\t", "b)\t", "a)\t", "§ 3 ", ""]  # fmt: skip
    assert n.label(None, "Head", view="original") == "§ 1 "  # each view counts on its own


@pytest.mark.parametrize(
    ("number", "fmt", "text"),
    [(4, "lowerRoman", "iv"), (1994, "upperRoman", "MCMXCIV"), (27, "lowerLetter", "aa"),
     (3, "decimalZero", "03"), (12, "ordinal", "12")],  # fmt: skip
)
def test_number_formats(number, fmt, text):
    """Roman, letters (repeated after z, as Word does), zero-padded; unknown formats decimal."""
    assert format_number(number, fmt) == text


def test_paragraphs_joined_by_a_deleted_mark_keep_one_number():
    """A deleted paragraph mark with tracked changes: the accepted view reads one paragraph
    with one number, and the numbers after it move up; the original view keeps them all."""
    doc = Document(kind="vertrag", language="de", title="T", show_toc=False, show_signatures=False)
    paragraphs = [Paragraph([Text(f"Absatz {i}.")], number=i) for i in (1, 2, 3)]
    doc.sections = [Section("s", "S", [Clause("kl", "Titel", paragraphs, number=1)])]
    document = docx.Document(io.BytesIO(render_docx(doc)))
    first = next(p for p in document.paragraphs if p.text == "Absatz 1.")
    rpr = first._p.get_or_add_pPr().makeelement(qn("w:rPr"), {})
    rpr.append(rpr.makeelement(qn("w:del"), {qn("w:id"): "7", qn("w:author"): "RA"}))
    first._p.pPr.append(rpr)
    out = io.BytesIO()
    document.save(out)
    (clause,) = read_review_docx(out.getvalue()).clauses
    assert (clause.number, clause.title) == (1, "Titel")
    assert clause.original_text == "Absatz 1.\nAbsatz 2.\nAbsatz 3."
    assert clause.text == "Absatz 1.Absatz 2.\nAbsatz 3."


def test_typed_numbers_where_the_model_is_not_consecutive():
    """A model whose § numbers do not run 1, 2, 3 ... keeps them typed (the list would
    renumber them), and the reader reads both kinds alike."""
    doc = Document(kind="vertrag", language="de", title="T", show_toc=False, show_signatures=False)
    doc.sections = [Section("s", "S", [
        Clause("a", "Eins", [Paragraph([Text("x")], number=1)], number=1),
        Clause("b", "Fünf", [Paragraph([Text("y")], number=2)], number=5),
    ])]  # fmt: skip
    data = render_docx(doc)
    text = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "§\u00a05 Fünf" in text and "(2)" in text
    found = read_review_docx(data).clauses
    assert [(c.number, c.title, c.text) for c in found] == [(1, "Eins", "x"), (5, "Fünf", "y")]


# --- the embedded font and the tables measured with it --------------------------------------------


def test_the_body_font_is_embedded_and_complete():
    """The DOCX carries DejaVu Serif in its four faces as obfuscated fonts that turn back into
    TrueType fonts holding every character of the document; about 200 KB in all."""
    data = render_docx(sample_document())
    package = zipfile.ZipFile(io.BytesIO(data))
    table = etree.fromstring(package.read("word/fontTable.xml"))
    font = next(f for f in table.iter(qn("w:font")) if f.get(qn("w:name")) == "DejaVu Serif")
    embeds = {e.tag.split("}")[1]: e.get(qn("w:fontKey")) for e in font if "embed" in e.tag}
    assert set(embeds) == {"embedRegular", "embedBold", "embedItalic", "embedBoldItalic"}
    rels = etree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    regular = next(e for e in font if e.tag == qn("w:embedRegular"))
    blob = package.read("word/" + targets[regular.get(qn("r:id"))])
    ttf = TTFont(io.BytesIO(obfuscate(blob, embeds["embedRegular"])))
    assert ttf["name"].getDebugName(1) == "DejaVu Serif"
    body = etree.fromstring(package.read("word/document.xml"))
    used = {ord(c) for t in body.iter(qn("w:t")) for c in t.text or ""}
    assert used - set(ttf.getBestCmap()) == set()  # Ł, Ø, Ş, „ “ all there
    full = set(TTFont(str(resource_path("fonts", "DejaVuSerif.ttf"))).getBestCmap())
    assert BASE_CHARACTERS & full <= set(ttf.getBestCmap())  # what a lawyer may type
    settings = package.read("word/settings.xml").decode()
    assert "<w:embedTrueTypeFonts/>" in settings and "<w:saveSubsetFonts/>" in settings
    assert len(data) < 300_000, len(data)


def test_a_crowded_table_is_set_smaller_so_no_word_breaks():
    """Seven columns of long words and dates: the text size goes down until every column holds
    its longest word, measured with the real font; a roomy table keeps its size."""
    measure = font_measure("DejaVu Serif")
    header = ["Nr.", "Meilenstein", "Beginn", "Ende", "Verantwortlich", "Voraussetzung", "Status"]
    rows = [["1", "Kooperationsvertrag", "01.03.2027", "31.12.2028", "Wirtschaftsförderung",
             "1, 2", "in Arbeit"]]  # fmt: skip
    size = table_text_size(header, rows, 7, 9355, measure)
    assert 15 <= size < 19

    def smaller(word, bold=False):
        return round(measure(word, bold) * size / 19)

    widths = column_widths(header, rows, [0.5, 3.2, 1.2, 1.2, 1.8, 1.1, 1.1], 9355, smaller)
    for c, width in enumerate(widths):
        for word in (header[c], *rows[0][c].split()):
            assert width >= smaller(word, bold=word == header[c]) + CELL_PADDING, word
    assert table_text_size(["Angabe", "Inhalt"], [["Beiträge", "kurz"]], 2, 9355, measure) == 19
    assert measure("Priorität") > measure("Prior")  # real advance widths, not a letter count


def test_a_measured_word_has_the_fonts_width_each_time():
    """A table's word widths are kept once measured: asked again (also after other words and the
    bold face), a word has the width its face gives it, at the size the measure was made for."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from kooperation.render import pdf_fonts

    measure = font_measure("DejaVu Serif")
    larger = font_measure("DejaVu Serif", 24)
    for _ in range(2):
        for word in ("Meilenstein", "Wirtschaftsförderung", "iii", "WWW"):
            assert measure(word) == round(stringWidth(word, pdf_fonts.SERIF, 9.5) * 20)
            assert measure(word, True) == round(stringWidth(word, pdf_fonts.SERIF_BOLD, 9.5) * 20)
            assert larger(word) == round(stringWidth(word, pdf_fonts.SERIF, 12) * 20)
    assert measure("WWW") > measure("iii") and measure("WWW", True) > measure("WWW")
