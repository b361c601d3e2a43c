"""Paragraphs, runs and REF fields of the DOCX are copies of elements made once: each copy has
exactly the XML the element-by-element code makes, and changing one copy changes no other."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn
from lxml import etree

from kooperation.render import docx_oxml as X


def _xml(elements) -> list[str]:
    return [etree.tostring(e, encoding=str) for e in elements]


@pytest.mark.parametrize("result", ["§\u00a012", "Anlage 2", " Abs. 1", "a  b", "§ 3 "])
@pytest.mark.parametrize("style_id", [None, "Verweis"])
def test_ref_field_copy_is_the_built_field(result, style_id):
    """A REF field copied from the template has the XML of one built run by run: the
    instruction, the cached result (spaces kept where needed) and the character style."""
    copied = X.ref_field("_Ref_a1", result, style_id)
    built = X.field_runs(f"REF _Ref_a1 {X.REF_SWITCHES}", result, X._style_rpr(style_id))
    assert _xml(copied) == _xml(built)
    assert "".join(t.text for r in copied for t in r.iter(qn("w:t"))) == result


def test_ref_field_with_line_break_is_built():
    """A result with a tab or line break goes the general way (w:tab, w:br in the result)."""
    runs = X.ref_field("_Ref_b", "§\t4\nneu", "Verweis")
    result = runs[3]
    assert [child.tag for child in result][1:] == [qn("w:t"), qn("w:tab"), qn("w:t"), qn("w:br"), qn("w:t")]


@pytest.mark.parametrize("kwargs", [
    {},
    {"keep_next": True, "keep_lines": True},
    {"page_break_before": True, "num": (3, 1), "fill": "FFF2CC", "jc": "center"},
])
def test_paragraph_copy_is_the_built_paragraph(kwargs):
    """A paragraph copied from its template has the properties the builder writes."""
    copied = X.new_paragraph("Text", **kwargs)
    built = X._make_paragraph("Text", kwargs.get("keep_next", False), kwargs.get("keep_lines", False),
                              kwargs.get("page_break_before", False), kwargs.get("num"), None,
                              kwargs.get("fill"), (), None, None, kwargs.get("jc"))
    assert _xml([copied]) == _xml([built])


def test_copies_are_independent():
    """Changing a paragraph or run that was handed out leaves the next one of the same kind
    untouched (the template itself is never handed out)."""
    first = X.new_paragraph("Text", fill="FFF2CC")
    first.append(X.new_run("erster Absatz", bold=True))
    first.find(qn("w:pPr")).append(X.el("w:jc", {"w:val": "right"}))
    run = X.new_run("eins", bold=True)
    run.find(qn("w:rPr")).append(X.el("w:i"))
    second = X.new_paragraph("Text", fill="FFF2CC")
    assert _xml([second]) == _xml([X._make_paragraph("Text", False, False, False, None, None,
                                                     "FFF2CC", (), None, None, None)])
    assert X.new_run("zwei", bold=True).find(qn("w:rPr")).find(qn("w:i")) is None
    ref = X.ref_field("_Ref_c", "§\u00a01", "Verweis")
    ref[3][-1].text = "geändert"
    assert X.ref_field("_Ref_c", "§\u00a01", "Verweis")[3][-1].text == "§\u00a01"


def test_new_run_text_and_properties():
    """A run copied from its template carries its properties and its text with tabs and line
    breaks as w:tab and w:br."""
    run = X.new_run("a\tb\nc", style_id="Offen", bold=True, highlight="yellow")
    props = run.find(qn("w:rPr"))
    assert [c.tag for c in props] == [qn("w:rStyle"), qn("w:b"), qn("w:highlight")]
    assert [c.tag for c in run][1:] == [qn("w:t"), qn("w:tab"), qn("w:t"), qn("w:br"), qn("w:t")]


@pytest.mark.parametrize("text,preserved", [("Wort", False), (" vorn", True), ("hinten ", True),
                                            ("zwei  Leer", True), ("a b", False)])
def test_run_text_keeps_its_spaces(text, preserved):
    """A run's text element is a copy too: the text is the run's own, and only text whose spaces
    Word would otherwise trim says ``xml:space="preserve"``."""
    first = X.new_run(text)
    second = X.new_run("anders")
    t = first.find(qn("w:t"))
    assert t.text == text and second.find(qn("w:t")).text == "anders"
    assert (t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve") is preserved


@pytest.mark.parametrize("header", [False, True])
def test_table_row_copy_is_the_built_row(header):
    """A row copied from its template is never split across pages, and only the header row is
    repeated on each page."""
    row = X.table_row(header)
    expected = X.el("w:tr", None, X.el("w:trPr", None, X.el("w:cantSplit"),
                                       X.el("w:tblHeader") if header else None))
    assert _xml([row]) == _xml([expected])
    row.append(X.el("w:tc"))
    assert len(X.table_row(header)) == 1  # the template itself was not handed out


@pytest.mark.parametrize("fill", [None, "E7E6E6"])
def test_table_cell_copy_is_the_built_cell(fill):
    """A cell copied from its template has its width, its shading and one empty paragraph in
    the given style; text added to one cell appears in no other."""
    cell = X.table_cell(2400, "Tabellentext", keep_next=True, fill=fill)
    tc_pr = X.el("w:tcPr", None, X.el("w:tcW", {"w:w": 2400, "w:type": "dxa"}),
                 X.shd(fill) if fill else None)
    expected = X.el("w:tc", None, tc_pr, X.new_paragraph("Tabellentext", keep_next=True))
    assert _xml([cell]) == _xml([expected])
    cell[-1].append(X.new_run("Inhalt"))
    assert _xml([X.table_cell(2400, "Tabellentext", keep_next=True, fill=fill)]) == _xml([expected])
