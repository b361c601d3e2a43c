"""Non-breaking spaces where German legal text must not break a line.

A line must never end in "§" with the number on the next line ("§|12"), nor split "e. V.",
"Abs. 2", "Nr. 3", "Anlage 2", "1. März 2027" or "10 %". :func:`apply_typography` puts a
non-breaking space (U+00A0) into those places, once, in the built document model, so every
renderer (DOCX, PDF, HTML preview) gets the same text. A reader of a returned file compares text
with non-breaking spaces as spaces (see ``review.importer.norm``).

Only spaces are replaced, never added or removed: the text keeps its length and reads the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kooperation.drafting.docmodel import (
    BulletList,
    Document,
    Figure,
    Heading,
    Note,
    OpenMark,
    Paragraph,
    Ref,
    Table,
    Text,
)

NBSP = "\u00a0"
_MONTHS = (
    "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|"
    "January|February|March|June|July|October|December"
)
_RULES = [
    # "§ 12", "§§ 705 ff.", "Art. 6", "Abs. 2", "Nr. 3", "S. 1", "Ziff. 4", "lit. a"
    re.compile(r"(?<!\w)(?:§§?|Art\.|Abs\.|Nr\.|Nrn\.|S\.|Ziff\.|Kap\.|Rn\.|Bd\.) (?=\d)"),
    re.compile(r"(?<!\w)lit\. (?=[a-z](?!\w))"),
    # "Anlage 2", "Satz 1", "Absatz 3", "Annex 2", "Section 4"
    re.compile(r"(?<!\w)(?:Anlagen?|Satz|Sätze|Absatz|Absätze|Annex|Section|Clause|Seite|Page) (?=\d)"),
    # "e. V.", "z. B.", "d. h.", "i. V. m.": a single letter with a full stop before another
    re.compile(r"(?<!\w)[A-Za-zÄÖÜäöü]\. (?=[A-Za-zÄÖÜäöü]\.)"),
    # "1. März 2027", "März 2027", "1 March 2027"
    re.compile(rf"(?<!\w)\d{{1,2}}\.? (?=(?:{_MONTHS})(?!\w))"),
    re.compile(rf"(?<!\w)(?:{_MONTHS}) (?=\d{{4}}(?!\d))"),
    # "10 %", "5.000 EUR", "50 €"
    re.compile(r"(?<=\d) (?=(?:%|€|EUR|Euro|Prozent|ff?\.)(?!\w))"),
]


_MAY_APPLY = re.compile(r"\d|\. ")
"""What every rule needs somewhere in the text: a digit (§, Abs., Anlage, dates, amounts) or a
full stop before a space ("lit. a", "e. V."). Most texts of a draft have neither; they are
returned after this one search instead of seven (a few ms of every draft)."""


def _keep_together(match: re.Match) -> str:
    return match.group(0)[:-1] + NBSP


def typeset(text: str) -> str:
    """``text`` with non-breaking spaces where a line must not break (see the module)."""
    if not text or " " not in text or not _MAY_APPLY.search(text):
        return text
    for rule in _RULES:
        text = rule.sub(_keep_together, text)
    return text


def apply_typography(doc: Document) -> Document:
    """Typeset every text of ``doc`` in place (see the module); returns ``doc``."""
    return map_texts(doc, typeset)


def map_texts(doc: Document, fn: Callable[[str], str]) -> Document:
    """Replace every text of ``doc`` (titles, parties, clauses, annexes, table cells, reference
    labels, open points) by ``fn(text)``, in place; returns ``doc``."""
    doc.title = fn(doc.title)
    doc.subtitle = fn(doc.subtitle)
    doc.draft_notice = fn(doc.draft_notice)
    doc.parties_intro = fn(doc.parties_intro)
    doc.parties_outro = fn(doc.parties_outro)
    doc.signature_place_date = fn(doc.signature_place_date)
    for party in doc.parties:
        party.name = fn(party.name)
        party.designation = fn(party.designation)
        party.address = fn(party.address)
        party.representative = fn(party.representative)
        party.representative_open = fn(party.representative_open)
    _blocks(doc.preamble, fn)
    _blocks(doc.body, fn)
    for section in doc.sections:
        section.title = fn(section.title)
        for clause in section.clauses:
            clause.title = fn(clause.title)
            _blocks(clause.blocks, fn)
    for annex in doc.annexes:
        annex.title = fn(annex.title)
        annex.label = fn(annex.label)
        _blocks(annex.blocks, fn)
    for point in doc.open_points:
        point.label = fn(point.label)
        point.clause_ref = fn(point.clause_ref)
        point.note = fn(point.note)
    return doc


def _inlines(inlines: list, fn: Callable[[str], str]) -> None:
    for piece in inlines:
        if isinstance(piece, Text):
            piece.text = fn(piece.text)
        elif isinstance(piece, Ref | OpenMark):
            piece.label = fn(piece.label)


def _blocks(blocks: list, fn: Callable[[str], str]) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            _inlines(block.inlines, fn)
        elif isinstance(block, BulletList):
            for item in block.items:
                _inlines(item, fn)
        elif isinstance(block, Note):
            block.title = fn(block.title)
            _inlines(block.inlines, fn)
        elif isinstance(block, Table):
            block.header = [fn(cell) for cell in block.header]
            block.rows = [[fn(cell) for cell in row] for row in block.rows]
        elif isinstance(block, Heading):
            block.text = fn(block.text)
        elif isinstance(block, Figure):
            block.caption = fn(block.caption)
