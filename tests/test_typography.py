"""Non-breaking spaces where a line must not break: "§ 12", "e. V.", "Abs. 2", dates, amounts."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from kooperation.domain.demo import demo_project
from kooperation.drafting.build import build_agreement
from kooperation.drafting.docmodel import Ref
from kooperation.drafting.typography import _RULES, NBSP, map_texts, typeset
from kooperation.render.pdf import render_pdf

# a line must not end in what comes before the non-breaking space
WRONG_BREAK = re.compile(r"(?:§§?|Abs\.|Nr\.|Art\.|Anlage|Satz)[ \t]*\n\s*\d|(?<!\w)e\.[ \t]*\n\s*V\.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nach § 12 Abs. 2 Satz 1", "nach §_12 Abs._2 Satz_1"),
        ("(§§ 705 ff. BGB)", "(§§_705_ff. BGB)"),
        ("Bildungswerk Neckar-Alb e. V.", "Bildungswerk Neckar-Alb e._V."),
        ("z. B. in Anlage 2", "z._B. in Anlage_2"),
        ("i. V. m. Art. 6 Abs. 1 lit. a DSGVO", "i._V._m. Art._6 Abs._1 lit._a DSGVO"),
        ("am 1. März 2027 oder im März 2028", "am 1._März_2027 oder im März_2028"),
        ("10 % oder 5.000 € bzw. 50.000 EUR", "10_% oder 5.000_€ bzw. 50.000_EUR"),
        ("S. 3 und S. Müller", "S._3 und S. Müller"),  # a page, not a first name
        ("Nr. eins, Abs. zwei", "Nr. eins, Abs. zwei"),  # no number: no binding
        ("", ""),
    ],
)
def test_typeset_binds_numbers_and_abbreviations(text, expected):
    """A non-breaking space (shown as _) joins "§" and number, abbreviations, dates, amounts."""
    assert typeset(text).replace(NBSP, "_") == expected


def _every_rule(text: str) -> str:
    """The rules applied to ``text`` without the quick look for a digit or ". " first."""
    for rule in _RULES:
        text = rule.sub(lambda m: m.group(0)[:-1] + NBSP, text)
    return text


def test_the_quick_look_skips_only_texts_no_rule_touches():
    """Every text of the demo agreement, and digits of other scripts, come out as if every rule ran."""
    texts: list[str] = []
    map_texts(build_agreement(demo_project()), lambda text: texts.append(text.replace(NBSP, " ")) or text)
    texts += ["Frist \u0663 Monate nach § \u0661\u0662", "siehe lit. b", "Verein e. V.", "ohne Zahlen und Punkte"]
    assert len(texts) > 300
    assert [typeset(t) for t in texts] == [_every_rule(t) for t in texts]
    assert any(typeset(t) != t for t in texts) and any(" " in t and typeset(t) == t for t in texts)


def test_typeset_changes_only_spaces():
    """Only plain spaces become non-breaking ones: the text keeps its length and its reading."""
    text = "Die Partner (§ 3 Abs. 2)\nhaften\tbis 1. Mai 2027 mit 10 % – z. B. e. V."
    result = typeset(text)
    assert len(result) == len(text) and result.replace(NBSP, " ") == text
    assert result.count("\n") == 1 and result.count("\t") == 1
    assert typeset(result) == result


def test_the_built_agreement_carries_them_everywhere():
    """References, headings, party names and table cells of a built draft use them."""
    doc = build_agreement(demo_project())
    text = doc.plain_text()
    assert not re.search(r"§§? \d", text)  # never a plain space after the "§"
    assert "Bildungswerk Neckar-Alb e.\u00a0V." in [p.name for p in doc.parties]
    labels = [
        piece.label
        for clause in doc.clauses()
        for block in clause.blocks
        for piece in getattr(block, "inlines", [])
        if isinstance(piece, Ref)
    ]
    assert labels and all(re.fullmatch(r"(§|Anlage)\u00a0\d+", label) for label in labels)
    assert all(clause.heading.startswith("§\u00a0") for clause in doc.clauses())
    assert any(annex.label == "Anlage\u00a01" for annex in doc.annexes)


def test_the_pdf_never_breaks_a_line_there():
    """In the PDF no line ends with "§", "Abs.", "Anlage" before its number, or "e." before "V."."""
    data = render_pdf(build_agreement(demo_project()))
    text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "§" in text and "Neckar-Alb e." in text
    assert WRONG_BREAK.findall(text) == []
