"""The PDF's speed-ups around reportlab's paragraphs give what reportlab itself gives: plain
text skips the markup parser but gets the parser's fragment, the fragment comparison answers
as ``_rl_accel.sameFrag`` does, and the contents' table is made once per width."""

from __future__ import annotations

import pytest
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

from kooperation.render import pdf_text
from kooperation.render.pdf_contents import Contents, ContentsPages
from kooperation.render.pdf_fonts import SERIF, SERIF_BOLD, register_fonts
from kooperation.render.pdf_text import Paragraph, same_frag

TEXTS = [
    "Die Partner stimmen ihre Beiträge ab.",
    "  Zeilen\n  mit   Einzug \n\n und Leerzeilen ",
    "Anlage\u00a02 und §\u00a08 (geschützte Leerzeichen)",
    "ein Wort",
    "x",
]


def _styles() -> list[ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=SERIF, fontSize=10, leading=13)
    return [
        body,
        ParagraphStyle("bold", parent=body, fontName=SERIF_BOLD, textColor=colors.HexColor("#1f3a5f")),
        ParagraphStyle("upper", parent=body, textTransform="uppercase", fontSize=8),
    ]


def _parsed(text: str, style: ParagraphStyle):
    """What reportlab's own path makes of ``text``: cleaned, parsed, transformed."""
    _style, frags, _bullet = ParaParser().parse(cleanBlockQuotedText(text), style)
    rl_paragraph.textTransformFrags(frags, style)
    return frags


@pytest.mark.parametrize("text", TEXTS)
def test_plain_text_gets_the_parsers_fragment(text):
    """A paragraph of plain text has exactly the fragment (text and every attribute) the
    markup parser makes, and the same cleaned text, in every style."""
    for style in _styles():
        para = Paragraph(text, style)
        expected = _parsed(text, style)
        assert [f.__dict__ for f in para.frags] == [f.__dict__ for f in expected]
        assert para.text == cleanBlockQuotedText(text)


def test_markup_and_entities_still_go_through_the_parser():
    """Text with tags or entities is parsed as before (bold stays bold, &amp; becomes &)."""
    style = _styles()[0]
    para = Paragraph("A &amp; B <b>fett</b>", style)
    assert "".join(f.text for f in para.frags) == "A & B fett"
    assert para.frags[-1].fontName == SERIF_BOLD


def test_a_changed_style_is_parsed_anew():
    """The kept probe is dropped when an attribute of the style changes: a paragraph made after
    the change has the new size and colour."""
    style = _styles()[0]
    assert Paragraph("vorher", style).frags[0].fontSize == 10
    style.fontSize = 14
    style.textColor = colors.red
    after = Paragraph("nachher", style).frags[0]
    assert (after.fontSize, after.textColor, after.text) == (14, colors.red, "nachher")
    assert after.__dict__ == _parsed("nachher", style)[0].__dict__


def test_same_frag_answers_like_rl_accel():
    """For fragments of mixed markup (links, bold, colour, rise, line breaks) the comparison
    agrees with reportlab's C version on every pair."""
    from _rl_accel import sameFrag

    style = _styles()[0]
    markup = ('a <a href="#x" color="#1f3a5f">b</a> c <b>d</b> <font color="red">e</font> '
              '<super>f</super> g<br/>h <a href="#y">i</a> j')
    frags = _parsed(markup, style) + _parsed("plain", style)
    frags.append(frags[0].clone(backColor=None))  # set to None is not the same as missing
    answers = [(same_frag(f, g), sameFrag(f, g)) for f in frags for g in frags]
    assert all(bool(ours) == bool(theirs) for ours, theirs in answers)
    assert any(ours for ours, _ in answers) and not all(ours for ours, _ in answers)
    assert rl_paragraph.sameFrag is pdf_text.same_frag  # installed where reportlab calls it


def test_contents_table_made_once_per_width():
    """Wrapping the contents again at the same width reuses its table; another width makes a
    new one with all lines."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    style = _styles()[0]
    entries = [(0, "Präambel", "p"), (1, "§ 1 Gegenstand", "g")]
    toc = Contents(entries, ContentsPages(), levelStyles=[style, style])
    toc.canv = Canvas(io.BytesIO())
    toc.wrap(400, 700)
    first = toc._table
    toc.wrap(400, 300)
    assert toc._table is first
    toc.wrap(300, 700)
    assert toc._table is not first and toc._table._colWidths == [300]
    assert len(toc._table._cellvalues) == 2
    entries.append((1, "§ 2 Laufzeit", "l"))  # a line added: made anew
    toc.wrap(300, 700)
    assert len(toc._table._cellvalues) == 3
