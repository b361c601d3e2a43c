"""The structure of a returned DOCX as a person reads it: title page, party list, contents,
preamble, clauses (§§), signatures and annexes, each found by its heading first and named by
our bookmarks second.

Bookmarks do not survive every word processor: LibreOffice's first save leaves many clause
bookmarks without an end, and its next load moves their start into the clause's last
paragraph; a lawyer may rename or delete them. Headings survive. So the document is cut at its
headings, and a bookmark only says which clause (or annex) a piece is:

* **Clause headings** are ``§ n Title`` (``Section n Title`` in English) paragraphs outside tables and the table of contents
  (when some of them have a heading style, only styled ones, or ones inserted as tracked
  changes, count; otherwise short lines not ending in a full stop), and any paragraph with
  outline level 2 (our clause heading style).
* **Top headings** (outline level 1) are the preamble ("Präambel"), annexes ("Anlage n – …"),
  the signatures ("Unterschriften") or otherwise a section title. Our part bookmarks
  (``tl_<part id>``, ``an_<annex id>``) name a top heading whatever its text says.
* **The front matter** (everything before the first heading) is the title page up to the party
  list, which starts with a paragraph in the "Rubrum" style or reading "zwischen"; the table of
  contents is a part of its own.

A piece is named by the clause (or part) bookmark that starts in its heading; failing that, by
one that starts anywhere in it (a start moved into the last paragraph), unless another piece's
heading claims that bookmark. A clause bookmark that starts in the heading and ends inside the
piece is plausible and says where the clause ends (text after it belongs to no clause). A piece no bookmark names keeps id None and is matched by its
heading and text (:mod:`.importer`). Only when the file has no clause heading at all are the
clause bookmarks' own ranges used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kooperation.review.docx_walk import Para
from kooperation.review.model import (
    PART_CONTENTS,
    PART_PARTIES,
    PART_PREAMBLE,
    PART_SIGNATURES,
    PART_TITLE,
)

FALLBACK_HEADING = re.compile(r"^(?:§\s*|Section\s+)(\d{1,6})\s+(.+)$", re.S)  # "§ 3 …", "Section 3 …"
ANNEX = "annex"  # the part kind of every annex
SECTION = "section"  # a section title: not a part, its comments go to the clause after it
_PREAMBLE = re.compile(r"^(präambel|praeambel|preamble|vorbemerkungen?)$", re.I)
_ANNEX = re.compile(r"^(?:anlage|anhang|annex|appendix)\s+(\d{1,3})(?!\d)\s*[–—:.-]?\s*(.*)$", re.I)
_SIGNATURES = re.compile(r"^(unterschriften?|signatures?|unterzeichnung)\b", re.I)
_PARTIES_START = ("zwischen", "between")
_CONTENTS_TITLES = ("inhaltsverzeichnis", "inhalt", "contents", "table of contents")
_FIXED_BY_BOOKMARK = {PART_PREAMBLE: PART_PREAMBLE, PART_SIGNATURES: PART_SIGNATURES}


def text_of(para: Para) -> str:
    return para.accepted.strip() or para.original.strip()


@dataclass
class Segment:
    """A piece of the document: a clause (``part`` ""), a part (``part`` one of the part ids
    or `ANNEX`), a `SECTION` title, with its heading paragraph (None for front matter)."""

    part: str
    heading: Para | None
    paragraphs: list[Para] = field(default_factory=list)
    id: str | None = None
    number: int = 0
    title: str = ""

    @property
    def heading_text(self) -> str:
        return text_of(self.heading) if self.heading is not None else ""


@dataclass
class Outline:
    """The segments in document order and, per paragraph index, its segment."""

    segments: list[Segment]
    of_paragraph: list[Segment | None]
    by_headings: bool  # False: no clause heading found, clauses are the bookmark ranges

    def at(self, index: int) -> Segment | None:
        """The segment of paragraph ``index``; a section title gives the clause after it."""
        if not self.of_paragraph:
            return None
        segment = self.of_paragraph[max(0, min(index, len(self.of_paragraph) - 1))]
        if segment is not None and segment.part == SECTION:
            position = self.segments.index(segment)
            following = self.segments[position + 1 : position + 2]
            if following and following[0].part == "":
                return following[0]
        return segment


def _clause_headings(paragraphs: list[Para]) -> set[int]:
    candidates = [
        p for p in paragraphs
        if not p.toc and not p.in_table and FALLBACK_HEADING.match(text_of(p))
    ]  # fmt: skip
    styled = any(p.outline is not None for p in candidates)

    def short(p: Para) -> bool:
        text = text_of(p)
        return len(text) <= 150 and not text.endswith(".")

    def inserted(p: Para) -> bool:
        return not p.original.strip() and short(p)

    found = {
        p.index for p in candidates
        if (p.outline is not None if styled else short(p)) or inserted(p)
    }  # fmt: skip
    found |= {
        p.index for p in paragraphs
        if p.outline == 1 and not p.toc and not p.in_table and text_of(p)
    }  # fmt: skip
    return found


def _top_kind(para: Para) -> tuple[str, int, str]:
    """(part kind, annex number, title) of a top-level heading."""
    text = text_of(para)
    named = para.part_opened
    if named in _FIXED_BY_BOOKMARK:
        return named, 0, text
    match = _ANNEX.match(text)
    if match:
        return ANNEX, int(match.group(1)), text
    if named and named not in (PART_TITLE, PART_PARTIES, PART_CONTENTS):
        return ANNEX, 0, text
    if _PREAMBLE.match(text):
        return PART_PREAMBLE, 0, text
    if _SIGNATURES.match(text):
        return PART_SIGNATURES, 0, text
    return SECTION, 0, text


def heading_kind(text: str) -> tuple[str, int]:
    """(part kind, annex number) a heading's text names: a part of `_top_kind`'s, or "" (a
    clause heading or anything else)."""
    text = text.strip()
    match = _ANNEX.match(text)
    if match:
        return ANNEX, int(match.group(1))
    if _PREAMBLE.match(text):
        return PART_PREAMBLE, 0
    if _SIGNATURES.match(text):
        return PART_SIGNATURES, 0
    return "", 0


def outline(paragraphs: list[Para]) -> Outline:
    """Cut ``paragraphs`` into segments (see the module docstring)."""
    clause_heads = _clause_headings(paragraphs)
    segments: list[Segment] = []
    of_paragraph: list[Segment | None] = [None] * len(paragraphs)
    front: list[Para] = []
    current: Segment | None = None
    contents = Segment(PART_CONTENTS, None, id=PART_CONTENTS)
    for para in paragraphs:
        if para.toc:
            contents.paragraphs.append(para)
            of_paragraph[para.index] = contents
            continue
        if para.index in clause_heads:
            number, title = _heading_parts(text_of(para))
            current = Segment("", para, [para], number=number, title=title)
            segments.append(current)
        elif para.outline == 0 and not para.in_table and text_of(para):
            kind, number, title = _top_kind(para)
            current = Segment(kind, para, [para], number=number, title=title)
            segments.append(current)
        elif current is None:
            front.append(para)
            continue
        else:
            current.paragraphs.append(para)
        of_paragraph[para.index] = current
    head = _front_matter(front, contents)
    for segment in head:
        for para in segment.paragraphs:
            of_paragraph[para.index] = segment
    segments = head + segments
    if contents.paragraphs and contents not in segments:
        segments.insert(len(head), contents)
    _name(segments)
    for segment in segments:
        for para in _trim(segment):
            of_paragraph[para.index] = None
    return Outline(segments, of_paragraph, by_headings=bool(clause_heads))


def _trim(segment: Segment) -> list[Para]:
    """Where a clause's bookmark starts in its heading and ends inside it, it says where the
    clause ends: the paragraphs after that end (up to the next heading) are cut off."""
    if segment.part != "" or segment.id is None or segment.heading is None:
        return []
    if segment.heading.clause_opened != segment.id:
        return []
    keep = len(segment.paragraphs)
    while keep > 1 and segment.paragraphs[keep - 1].clause != segment.id:
        keep -= 1
    cut = segment.paragraphs[keep:]
    del segment.paragraphs[keep:]
    return cut


def _heading_parts(text: str) -> tuple[int, str]:
    match = FALLBACK_HEADING.match(text)
    return (int(match.group(1)), match.group(2).strip()) if match else (0, text)


def _front_matter(front: list[Para], contents: Segment) -> list[Segment]:
    """Title page, party list and the title of the contents, before the first heading."""
    title = Segment(PART_TITLE, None, id=PART_TITLE)
    parties = Segment(PART_PARTIES, None, id=PART_PARTIES)
    start = next((i for i, p in enumerate(front) if _starts_parties(p)), None)
    if start is None:
        start = next((i for i, p in enumerate(front) if p.part_opened == PART_PARTIES), len(front))
    for i, para in enumerate(front):
        text = text_of(para).lower().rstrip(":")
        if text in _CONTENTS_TITLES or "verzeichnis" in para.style.lower():
            contents.paragraphs.insert(0, para)
        else:
            (title if i < start else parties).paragraphs.append(para)
    out = [s for s in (title, parties) if s.paragraphs]
    return out + ([contents] if contents.paragraphs else [])


def _starts_parties(para: Para) -> bool:
    return "rubrum" in para.style.lower() or text_of(para).lower().rstrip(":") in _PARTIES_START


def _name(segments: list[Segment]) -> None:
    """Give each clause and annex the id of the bookmark that names it: first the ones whose
    bookmark starts in their heading, then the others by a bookmark starting inside them."""
    taken: set[str] = set()
    for segment in segments:
        if segment.part in ("", ANNEX) and segment.heading is not None:
            own = _opened(segment, segment.heading)
            if own and own not in taken:
                segment.id = own
                taken.add(own)
    for segment in segments:
        if segment.part in ("", ANNEX) and segment.id is None:
            for para in segment.paragraphs[1:]:
                found = _opened(segment, para)
                if found and found not in taken:
                    segment.id = found
                    taken.add(found)
                    break
        elif segment.part not in ("", ANNEX, SECTION):
            segment.id = segment.part


def _opened(segment: Segment, para: Para) -> str | None:
    if segment.part == "":
        return para.clause_opened
    found = para.part_opened
    return found if found not in (None, PART_TITLE, PART_PARTIES, PART_CONTENTS,
                                  PART_PREAMBLE, PART_SIGNATURES) else None  # fmt: skip
