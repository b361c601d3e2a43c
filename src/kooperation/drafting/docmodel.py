"""The document model every renderer works from.

A generated agreement is first built as this tree (sections, numbered clauses with stable ids,
paragraphs made of inline pieces, annexes) and only then written out as DOCX, PDF or HTML. The
renderers therefore never see templates or user input as markup: every piece of text here is
plain data, and cross-references are already resolved to their numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

# --- inline pieces ----------------------------------------------------------------------------


@dataclass
class Text:
    """Literal text. Whatever it contains (``{{ 7*7 }}``, ``<b>``) is printed exactly as is."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Ref:
    """A reference to another clause or annex; ``label`` is the resolved text, e.g. ``§ 12``."""

    target: str
    label: str = ""


@dataclass
class OpenMark:
    """A value that is missing or still to be discussed, printed highlighted, e.g.
    ``[offen: Kündigungsfrist]``."""

    label: str


Inline = Text | Ref | OpenMark


def inline_text(inlines: list[Inline]) -> str:
    """The plain text of a run of inline pieces, as a reader would see it."""
    out: list[str] = []
    for piece in inlines:
        if isinstance(piece, Text):
            out.append(piece.text)
        elif isinstance(piece, Ref):
            out.append(piece.label or piece.target)
        else:
            out.append(piece.label)
    return "".join(out)


# --- blocks -----------------------------------------------------------------------------------


@dataclass
class Paragraph:
    """One paragraph (Absatz). ``number`` is set when a clause has several paragraphs and they
    are numbered (1), (2), ... ; ``open`` marks text proposed for a topic that is not agreed."""

    inlines: list[Inline]
    number: int | None = None
    open: bool = False
    style: Literal["body", "lead", "small", "center", "dense"] = "body"

    @property
    def text(self) -> str:
        return inline_text(self.inlines)


@dataclass
class BulletList:
    items: list[list[Inline]]
    ordered: bool = False
    open: bool = False

    @property
    def text(self) -> str:
        return "\n".join(inline_text(item) for item in self.items)


@dataclass
class Table:
    """A simple table of plain strings; ``widths`` are relative column weights. A ``dense``
    table is set in a smaller size with tighter rows (the project sketch of a large alliance)."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None
    dense: bool = False

    @property
    def text(self) -> str:
        """One line per non-empty cell, row by row (as a reader of the DOCX finds them)."""
        return "\n".join(cell for row in [self.header, *self.rows] for cell in row if cell.strip())


@dataclass
class Note:
    """A highlighted box: an open point where it belongs, or a notice (e.g. the draft notice)."""

    kind: Literal["open", "info"]
    title: str
    inlines: list[Inline] = field(default_factory=list)

    @property
    def text(self) -> str:
        body = inline_text(self.inlines)  # as the documents print it: title, then the body below
        return f"{self.title}\n{body}" if body else self.title


@dataclass
class Heading:
    """A sub-heading inside an annex or the project sketch."""

    text: str
    level: int = 2


@dataclass
class Figure:
    """A picture drawn by the renderer from data; ``kind`` names the drawing (e.g. a roadmap
    timeline), ``data`` carries what it needs as plain values."""

    kind: str
    caption: str
    data: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.caption


Block = Paragraph | BulletList | Table | Note | Heading | Figure


def block_text(block: Block) -> str:
    return block.text


# --- structure --------------------------------------------------------------------------------


@dataclass
class Clause:
    """A numbered clause (§). ``id`` is stable across versions: DOCX bookmarks, review comments
    and version compare are anchored on it."""

    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    number: int = 0
    explanation: str = ""
    topic: str | None = None
    open: bool = False
    wording: str = ""  # "adopted": printed with a wording agreed for this project, not the library's;
    # "other_language": a wording is agreed, but in another language, so the library text is printed
    wording_recheck: bool = False  # ... and the library text underneath changed since
    # the word before the number, from the library's label ``clause`` ("Section" in English);
    # a class default, not a field, so the content hash of a German draft stays as it was
    sign: ClassVar[str] = "§"

    @property
    def heading(self) -> str:
        """"§ 12 Titel", with a non-breaking space after the "§" (never "§|12" at a line end)."""
        return f"{self.sign}\u00a0{self.number} {self.title}" if self.number else self.title

    @property
    def text(self) -> str:
        return "\n".join(block_text(b) for b in self.blocks)


@dataclass
class Section:
    id: str
    title: str
    clauses: list[Clause] = field(default_factory=list)


@dataclass
class Annex:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    number: int = 0
    label: str = ""  # e.g. "Anlage 2"

    @property
    def heading(self) -> str:
        return f"{self.label} – {self.title}" if self.label else self.title


@dataclass
class OpenPoint:
    """A point the partners still have to settle, listed again in the annex."""

    id: str
    label: str
    clause_id: str | None = None  # the first place
    clause_ref: str = ""
    note: str = ""
    topic: str | None = None
    # every clause the point is highlighted in (a topic can reach over several §§); empty means
    # just ``clause_id``
    clause_ids: list[str] = field(default_factory=list)


@dataclass
class Party:
    """A contracting party as it appears in the rubrum and the signature block."""

    partner_id: str
    name: str
    designation: str
    address: str = ""
    representative: str = ""
    legal_form: str = ""
    # the open mark within ``representative`` when nobody is named to represent and sign for the
    # party ("vertreten durch [offen: vertretungsberechtigte Person]"); printed highlighted
    representative_open: str = ""

    def representative_pieces(self) -> list[Inline]:
        """The representative line as text and open mark, for the renderers to highlight."""
        text, mark = self.representative, self.representative_open
        if not mark:
            return [Text(text)] if text else []
        if mark not in text:
            return [*([Text(text + " ")] if text else []), OpenMark(mark)]
        before, after = text.split(mark, 1)
        return [*([Text(before)] if before else []), OpenMark(mark), *([Text(after)] if after else [])]


@dataclass
class Document:
    """A whole generated document. ``labels`` carries the words the renderers need ("Seite",
    "von", "Inhaltsverzeichnis", "ENTWURF" ...) in the document's language."""

    kind: str
    language: str
    title: str
    subtitle: str = ""
    parties: list[Party] = field(default_factory=list)
    parties_intro: str = ""
    parties_outro: str = ""
    preamble_title: str = ""
    preamble: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    open_points: list[OpenPoint] = field(default_factory=list)
    draft_notice: str = ""
    signature_place_date: str = ""
    signature_title: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    body: list[Block] = field(default_factory=list)  # free blocks for documents without §§
    show_toc: bool = True
    show_signatures: bool = True
    # a bilingual draft: the same document in the second language, paired with this one clause
    # by clause (:mod:`kooperation.drafting.bilingual`); None for a document in one language
    parallel: Document | None = None

    def clauses(self) -> list[Clause]:
        return [c for s in self.sections for c in s.clauses]

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses() if c.id == clause_id), None)

    def label(self, key: str, default: str = "") -> str:
        return self.labels.get(key, default or key)

    def plain_text(self) -> str:
        """The whole document as plain text, in reading order (for hashing, search and tests)."""
        lines = [self.title, self.subtitle, self.draft_notice, self.parties_intro]
        for party in self.parties:
            lines.append(f"{party.name} {party.address} {party.representative} {party.designation}")
        lines.append(self.parties_outro)
        lines.append(self.preamble_title)
        lines += [block_text(b) for b in self.preamble]
        lines += [block_text(b) for b in self.body]
        for section in self.sections:
            lines.append(section.title)
            for clause in section.clauses:
                lines.append(clause.heading)
                lines.append(clause.text)
        for annex in self.annexes:
            lines.append(annex.heading)
            lines += [block_text(b) for b in annex.blocks]
        if self.show_signatures:
            lines.append(self.signature_title)
            for party in self.parties:
                lines.append(party.name)
        if self.parallel is not None:
            lines.append(self.parallel.plain_text())
        return "\n".join(line for line in lines if line)
