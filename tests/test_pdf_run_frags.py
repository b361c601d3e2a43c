"""Paragraphs with links and bold text get their fragments without the markup parser, and
they are exactly the fragments the parser makes of the same markup; text the parser would
change (entities, odd whitespace, Hebrew) still goes through the parser."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paraparser
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags

from kooperation.domain.demo import demo_project
from kooperation.drafting.docmodel import Paragraph as ModelParagraph
from kooperation.drafting.docmodel import Ref, Text
from kooperation.drafting.documents import build_document
from kooperation.render import pdf_text
from kooperation.render.pdf import render_pdf
from kooperation.render.pdf_fonts import SERIF, register_fonts
from kooperation.render.pdf_styles import LINK, inline_markup, inline_runs

KEYS = {"c1": "clause-1", "a2": "annex-2"}


def _frags_by_parser(markup: str, style: ParagraphStyle) -> list[dict]:
    _style, frags, _bullet = paraparser.ParaParser().parse(cleanBlockQuotedText(markup), style)
    textTransformFrags(frags, style)
    return [_plain(f) for f in frags]


def _plain(frag) -> dict:
    out = dict(frag.__dict__)
    if "cbDefn" in out:
        out["cbDefn"] = dict(out["cbDefn"].__dict__)
    return out


def _style(**kw) -> ParagraphStyle:
    register_fonts()
    return ParagraphStyle("body", fontName=SERIF, fontSize=10, leading=13, **kw)


PIECES = [
    [Text("Siehe "), Ref("c1", "§\u00a03"), Text(" und "), Ref("a2", "Anlage 2"), Text(".")],
    [Ref("c1", "§ 1"), Text(" gilt; "), Text("fett", bold=True), Text(" und "),
     Text("kursiv", italic=True), Text(" und "), Text("beides", bold=True, italic=True)],
    [Text("Verweis auf "), Ref("unbekannt", "§ 9"), Text(" ohne Ziel")],
    [Text("zwei", bold=True), Text(" fette", bold=True), Ref("c1", "§ 1"), Ref("a2", "Anlage")],
    [Text("nur fett", bold=True)],
]


@pytest.mark.parametrize("pieces", PIECES)
@pytest.mark.parametrize("upper", [False, True])
def test_same_fragments_as_the_parser(pieces, upper):
    """Links (numbered in order), bold, italic and a reference without target give the
    parser's fragments, also in a style that upper-cases its text."""
    style = _style(textTransform="uppercase") if upper else _style()
    runs = inline_runs(pieces, KEYS)
    assert runs is not None
    made = pdf_text.run_frags(runs, style, LINK)
    assert [_plain(f) for f in made] == _frags_by_parser(inline_markup(pieces, KEYS), style)


def test_contents_line_same_fragments_as_the_parser():
    """A contents line (a link and a drawing callback at its end) gives the parser's fragments."""
    style = _style()
    made = pdf_text.run_frags([("a", "§\u00a01 Gegenstand", "k-1")], style,
                              on_draw=("cb", "0,1,k-1"))
    markup = '<a href="#k-1">§\u00a01 Gegenstand</a><onDraw name="cb" label="0,1,k-1"/>'
    assert [_plain(f) for f in made] == _frags_by_parser(markup, style)


@pytest.mark.parametrize("text", ["A & B", "a <b> c", "zwei  Leerzeichen", " vorn", "hinten ",
                                  "Zeile\nUmbruch", "Tab\tulator", "שלום", ""])
def test_text_the_parser_changes_is_parsed(text):
    """Entities, tags, whitespace the parser cleans up, Hebrew and empty pieces are left to it."""
    assert inline_runs([Text(text)], KEYS) is None


def test_style_change_refreshes_the_probe():
    """A style attribute changed after a paragraph was made gives fragments in the new size."""
    style = _style()
    runs = [("", "Siehe ", None), ("a", "§ 1", "k")]
    assert pdf_text.run_frags(runs, style, LINK)[0].fontSize == 10
    style.fontSize = 12
    made = pdf_text.run_frags(runs, style, LINK)
    assert [f.fontSize for f in made] == [12, 12]
    assert [_plain(f) for f in made] == _frags_by_parser(
        f'Siehe <a href="#k" color="#{LINK.hexval()[2:]}">§ 1</a>', style)


def test_demo_parses_only_the_probes(monkeypatch):
    """The demo agreement's paragraphs with links and its contents lines are not parsed: the
    parser sees only the one probe per style and the few notes with a title."""
    doc = build_document(demo_project(), "vertrag")
    assert any(isinstance(b, ModelParagraph) and any(isinstance(p, Ref) for p in b.inlines)
               for c in doc.clauses() for b in c.blocks)
    seen: list[str] = []
    original = paraparser.ParaParser.parse

    def counting(self, text, style):
        seen.append(text)
        return original(self, text, style)

    monkeypatch.setattr(paraparser.ParaParser, "parse", counting)
    render_pdf(doc)
    assert seen and not [t for t in seen if "<a " in t and t != pdf_text._PROBE_MARKUP]
