"""Walking WordprocessingML in document order: the engine behind :mod:`.docx_read`.

`Walker` goes through a body (or a comment) once and collects, per paragraph, the text with all
tracked changes accepted and with all of them rejected, the clause bookmark (``kl_<id>``) it
belongs to, its outline level and whether it is part of a table of contents; besides, the
positions of comment anchors and the tracked changes with author, date and clause. What exactly
counts as text is described in :mod:`.docx_read`.

Both the transitional and the "Strict Open XML" namespace are understood. Nothing here raises
for odd structure: unknown elements are walked through, missing attributes read as "".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kooperation.errors import InputError
from kooperation.i18n import _
from kooperation.render.docx_bookmarks import clause_id_from_bookmark, part_id_from_bookmark
from kooperation.review.model import FileChange

W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # "Strict Open XML"
)
HEADING = re.compile(r"\s*(?:§\s*|Section\s+)(\d{1,6})(?!\d)\s*")  # "§ 3", "Section 3" (English)
MAX_DEPTH = 400
NARROW_NBSP = "\u202f"  # read as the no-break space U+00A0 (see docx_read)
_MARKER = re.compile(r"^(?:\(\d{1,4}[a-z]?\)|•|[a-z]{1,3}\))\t")
_DATE = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2})?(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?"
)
_CHANGES = {"ins": "insert", "moveTo": "insert", "del": "delete", "moveFrom": "delete"}
_SKIPPED = {"instrText", "delInstrText", "drawing", "pict", "object", "footnoteReference",
            "endnoteReference", "sym", "annotationRef", "sectPr"}  # fmt: skip
_TOC_STYLES = ("toc", "contents", "verzeichnis", "inhaltsverzeichnis")


# --- small XML helpers ----------------------------------------------------------------------------


_NAMES: dict[object, str | None] = {}  # tag -> local name; a file has few distinct tags
_NAMES_MAX = 4096  # ... unless it is built to have many: then they are not remembered


def wname(element) -> str | None:
    """The local name of a WordprocessingML element, None for any other element or node."""
    tag = element.tag
    try:
        return _NAMES[tag]
    except KeyError:
        pass
    local = None
    if isinstance(tag, str) and tag.startswith("{"):
        namespace, _sep, name = tag[1:].partition("}")
        local = name if namespace in W_NAMESPACES else None
    if len(_NAMES) < _NAMES_MAX:
        _NAMES[tag] = local
    return local


def wattr(element, name: str) -> str:
    for namespace in W_NAMESPACES:
        value = element.get(f"{{{namespace}}}{name}")
        if value is not None:
            return value
    return ""


def wchild(element, name: str):
    return next((c for c in element if wname(c) == name), None)


def wdescendants(element, name: str):
    return (e for e in element.iter() if wname(e) == name)


def parse_date(value: str | None) -> datetime | None:
    """An ISO date from a DOCX (``2025-03-04T10:15:00Z``) as an aware datetime; a time without
    zone is taken as UTC; anything unreadable gives None."""
    match = _DATE.fullmatch((value or "").strip())
    if not match:
        return None
    day, minutes, seconds, fraction, zone = match.groups()
    text = f"{day}T{minutes or '00:00'}{seconds or ':00'}"
    if fraction:
        text += "." + fraction[:6].ljust(6, "0")
    if zone:
        text += "+00:00" if zone == "Z" else zone
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class Styles:
    """Paragraph styles: their names and outline levels (following ``w:basedOn``)."""

    def __init__(self, root) -> None:
        self._styles: dict[str, tuple[str, int | None, str]] = {}
        self._outlines: dict[str, int | None] = {}
        self.default = ""
        for style in root if root is not None else ():
            if wname(style) != "style" or wattr(style, "type") not in ("paragraph", ""):
                continue
            style_id = wattr(style, "styleId")
            name, based, level = "", "", None
            for child in style:
                local = wname(child)
                if local == "name":
                    name = wattr(child, "val").lower()
                elif local == "basedOn":
                    based = wattr(child, "val")
                elif local == "pPr":
                    level = outline_level(child)
            self._styles[style_id] = (name, level, based)
            if wattr(style, "default") in ("1", "true", "on"):
                self.default = style_id

    def outline(self, style_id: str) -> int | None:
        if style_id not in self._outlines:
            level, seen, current = None, set(), style_id
            while level is None and current in self._styles and current not in seen:
                seen.add(current)
                _name, level, current = self._styles[current]
            self._outlines[style_id] = level
        return self._outlines[style_id]

    def is_toc(self, style_id: str) -> bool:
        name = self._styles.get(style_id, ("", None, ""))[0] or style_id.lower()
        return name.startswith(_TOC_STYLES)


def outline_level(ppr) -> int | None:
    """The outline level in a ``w:pPr`` (0 = heading 1), None for body text."""
    level = wchild(ppr, "outlineLvl")
    if level is None:
        return None
    try:
        value = int(wattr(level, "val"))
    except ValueError:
        return None
    return value if 0 <= value <= 8 else None


# --- the walk -------------------------------------------------------------------------------------


@dataclass
class Para:
    """One paragraph as read: both views, its clause and what the fallback needs."""

    index: int
    clause_at_start: str | None
    style: str = ""
    outline: int | None = None
    mark_inserted: bool = False
    mark_deleted: bool = False
    toc: bool = False
    clause_at_text: str | None = None
    clause_opened: str | None = None
    has_text: bool = False
    in_table: bool = False
    part_at_start: str | None = None  # the part bookmark (tl_…, an_…) open at its start
    part_opened: str | None = None  # the first part bookmark starting in it
    accepted_length: int = 0
    original_length: int = 0
    refs: list[tuple[str, str]] = field(default_factory=list)  # REF fields: (clause id, shown)
    _accepted: list[str] = field(default_factory=list)
    _original: list[str] = field(default_factory=list)

    def add(self, text: str, *, accepted: bool, original: bool) -> None:
        if accepted:
            self._accepted.append(text)
            self.accepted_length += len(text)
        if original:
            self._original.append(text)
            self.original_length += len(text)

    @property
    def accepted(self) -> str:
        """The text with every tracked change accepted."""
        return _collapse(self._accepted)

    @property
    def original(self) -> str:
        """The text with every tracked change rejected."""
        return _collapse(self._original)

    def text(self, view: str) -> str:
        return self.accepted if view == "accepted" else self.original

    @property
    def clause(self) -> str | None:
        """The clause bookmark open at the first character; else the one opening here; a
        paragraph that looks like a heading belongs to a clause opening in it."""
        if self.clause_opened and (
            not self.has_text or self.clause_at_text is None or parse_heading(self.accepted)
        ):
            return self.clause_opened
        return self.clause_at_text if self.has_text else self.clause_at_start


def _collapse(pieces: list[str]) -> str:
    """The pieces joined, kept joined (so reading a long paragraph often stays linear)."""
    if len(pieces) > 1:
        pieces[:] = ["".join(pieces)]
    return pieces[0] if pieces else ""


def parse_heading(text: str) -> tuple[int, str] | None:
    """``"§ 3 Gegenstand"`` (or ``"Section 3 Subject"``) → ``(3, "Gegenstand")``; None for text
    that is not a heading."""
    match = HEADING.match(text)
    return (int(match.group(1)), text[match.end() :].strip()) if match else None


@dataclass
class Pos:
    """A place in the text: paragraph index, offsets in both views, the clause open there."""

    para: int
    accepted: int
    original: int
    clause: str | None


@dataclass
class Change:
    """A tracked change being collected; adjacent pieces of one edit are merged."""

    kind: str
    author: str
    date: str
    clause: str | None
    first: int
    last: int
    pieces: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _collapse(self.pieces)

    @property
    def key(self) -> tuple:
        """Pieces with equal keys that follow each other belong to one edit."""
        return (self.kind, self.author, self.date, self.clause)

    def result(self, paragraphs: list[Para]) -> FileChange:
        view = "accepted" if self.kind == "insert" else "original"
        context = "\n".join(
            clean_paragraph(p.text(view)) for p in paragraphs[self.first : self.last + 1]
        )
        return FileChange(
            kind=self.kind,  # type: ignore[arg-type]
            text=self.text,
            author=self.author,
            date=parse_date(self.date),
            clause_id=self.clause or paragraphs[min(self.first, len(paragraphs) - 1)].clause,
            context=context.strip("\n"),
        )


_REF = re.compile(r"\s*REF\s+_?(\S+)", re.I)


def _ref_target(instruction: str) -> str | None:
    """The clause a ``REF`` field points to (``REF _kl_<id> \\n \\h``, as our drafts write
    cross-references), None for any other field."""
    match = _REF.match(instruction)
    return clause_id_from_bookmark(match.group(1)) if match else None


@dataclass
class Field:
    """A complex field (``w:fldChar`` begin … end); only the start of its code is kept."""

    instruction: str = ""
    toc: bool = False
    ref: str | None = None  # a REF field to a clause heading: the clause id
    separated: bool = False  # past the code: what follows is the field's shown result
    shown: list[str] = field(default_factory=list)

    def add(self, code: str) -> None:
        if len(self.instruction) < 64:
            self.instruction += code[:64]


@dataclass
class Walker:
    """Walks a body (or a comment) in document order, collecting paragraphs, bookmark ranges,
    comment anchors and tracked changes."""

    styles: Styles
    numbering: Any = None  # a docx_numbering.Numbering: list numbers become text ("§ 3 ")
    paragraphs: list[Para] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    comment_starts: dict[str, Pos] = field(default_factory=dict)
    comment_ends: dict[str, Pos] = field(default_factory=dict)
    has_bookmarks: bool = False
    _part: str | None = None  # the part bookmark open now
    _part_ids: dict[str, str] = field(default_factory=dict)  # bookmark w:id -> part id
    _tables: int = 0  # tables we are in
    _open: list[str] = field(default_factory=list)  # open clause ids, innermost last
    _ids: dict[str, str] = field(default_factory=dict)  # bookmark w:id -> clause id
    _para: Para | None = None
    _inserted: int = 0
    _deleted: int = 0
    _active: list[Change] = field(default_factory=list)
    _fields: list[Field] = field(default_factory=list)
    _toc_blocks: int = 0  # tables of contents (content controls) we are in
    _toc_fields: int = 0  # TOC fields whose result we are in
    _merge_ok: bool = False  # no unchanged text since the last change ended

    def walk(self, element, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise InputError(_("Die Datei ist zu tief verschachtelt, um sie zu lesen."))
        for child in element:
            local = wname(child)
            if local is None or local in _SKIPPED or local.endswith(("Pr", "PrChange", "PrEx")):
                if local == "instrText" and self._fields:
                    self._fields[-1].add(child.text or "")
                continue
            handler = _HANDLERS.get(local)
            if handler is not None:
                handler(self, child, depth)
            else:
                self.walk(child, depth + 1)

    # --- paragraphs and text

    def _paragraph(self, p, depth: int) -> None:
        if self._para is not None:  # a paragraph inside a paragraph: read it as part of it
            self.walk(p, depth + 1)
            return
        para = Para(index=len(self.paragraphs), clause_at_start=self.clause)
        para.part_at_start, para.in_table = self._part, self._tables > 0
        ppr = wchild(p, "pPr")
        style = wchild(ppr, "pStyle") if ppr is not None else None
        para.style = wattr(style, "val") if style is not None else self.styles.default
        para.outline = outline_level(ppr) if ppr is not None else None
        if para.outline is None:
            para.outline = self.styles.outline(para.style)
        para.toc = self._toc_blocks > 0 or self.styles.is_toc(para.style)
        mark = wchild(ppr, "rPr") if ppr is not None else None
        if mark is not None:
            para.mark_inserted = wchild(mark, "ins") is not None
            para.mark_deleted = wchild(mark, "del") is not None
        if self.numbering is not None:
            self.numbering.number(para, ppr)
        if para.outline == 0 and not self._opens_clause(p):
            self._open.clear()  # a top-level heading ends any clause whose end was lost
        self.paragraphs.append(para)
        self._para = para
        try:
            self.walk(p, depth + 1)
        finally:
            self._para = None

    def _opens_clause(self, p) -> bool:
        return any(
            clause_id_from_bookmark(wattr(b, "name")) for b in wdescendants(p, "bookmarkStart")
        )

    def _emit(self, text: str, *, deleted_text: bool = False) -> None:
        para = self._para
        if para is None or not text:
            return
        if not para.has_text:
            para.has_text = True
            para.clause_at_text = self.clause
        if self._toc_fields:
            para.toc = True
        para.add(
            text, accepted=self._deleted == 0 and not deleted_text, original=self._inserted == 0
        )
        if self._active:
            self._active[-1].pieces.append(text)
        else:
            self._merge_ok = False
        if self._fields and self._fields[-1].ref and self._fields[-1].separated:
            self._fields[-1].shown.append(text)

    def _t(self, element, depth: int) -> None:
        text = (element.text or "").replace(NARROW_NBSP, "\u00a0")  # "§ 4" of a list or REF
        self._emit(text, deleted_text=wname(element) == "delText")

    def _char(self, element, depth: int) -> None:
        local = wname(element)
        if local == "br" and wattr(element, "type") in ("page", "column"):
            return
        self._emit(
            {"tab": "\t", "ptab": "\t", "noBreakHyphen": "-", "softHyphen": ""}.get(local, "\n")
        )

    def _field_char(self, element, depth: int) -> None:
        kind = wattr(element, "fldCharType")
        if kind == "begin":
            self._fields.append(Field())
        elif kind == "separate" and self._fields and not self._fields[-1].separated:
            current = self._fields[-1]
            current.separated = True
            current.toc = current.instruction.strip().upper().startswith("TOC")
            self._toc_fields += current.toc
            current.ref = _ref_target(current.instruction)
        elif kind == "end" and self._fields:
            ended = self._fields.pop()
            self._toc_fields -= ended.toc
            if ended.ref and self._para is not None:
                self._para.refs.append((ended.ref, "".join(ended.shown)))

    def _table(self, element, depth: int) -> None:
        self._tables += 1
        try:
            self.walk(element, depth + 1)
        finally:
            self._tables -= 1

    def _sdt(self, element, depth: int) -> None:
        properties = wchild(element, "sdtPr")
        galleries = wdescendants(properties, "docPartGallery") if properties is not None else ()
        gallery = [wattr(g, "val") for g in galleries]
        toc = any("table of contents" in g.lower() for g in gallery)
        self._toc_blocks += toc
        try:
            self.walk(element, depth + 1)
        finally:
            self._toc_blocks -= toc

    # --- bookmarks and comment anchors

    @property
    def clause(self) -> str | None:
        return self._open[-1] if self._open else None

    def _bookmark_start(self, element, depth: int) -> None:
        clause_id = clause_id_from_bookmark(wattr(element, "name"))
        if clause_id is None:
            part_id = part_id_from_bookmark(wattr(element, "name"))
            if part_id is not None:
                self._part_start(wattr(element, "id"), part_id)
            return
        self.has_bookmarks = True
        self._ids[wattr(element, "id")] = clause_id
        if clause_id not in self._open:  # a second start of an open clause is an alias
            self._open.clear()  # our clauses never nest: a new one ends any other
            self._open.append(clause_id)
        if self._para is not None and self._para.clause_opened is None:
            self._para.clause_opened = clause_id

    def _part_start(self, bookmark_id: str, part_id: str) -> None:
        """Parts never nest either: a part's start ends any other part; an annex's heading
        anchor (``an_…``) inside the annex's own part bookmark changes nothing."""
        self._part_ids[bookmark_id] = part_id
        self._part = part_id
        if self._para is not None and self._para.part_opened is None:
            self._para.part_opened = part_id

    def _bookmark_end(self, element, depth: int) -> None:
        part_id = self._part_ids.pop(wattr(element, "id"), None)
        if part_id is not None:
            if part_id == self._part and part_id not in self._part_ids.values():
                self._part = None
            return
        clause_id = self._ids.pop(wattr(element, "id"), None)
        if clause_id in self._open:
            self._open.remove(clause_id)

    def _position(self, *, end: bool) -> Pos:
        para = self._para
        if para is None and end and self.paragraphs:
            para = self.paragraphs[-1]  # between paragraphs: the end of the previous one
        if para is None:
            return Pos(len(self.paragraphs), 0, 0, self.clause)
        return Pos(para.index, para.accepted_length, para.original_length, self.clause)

    def _comment_mark(self, element, depth: int) -> None:
        key = wattr(element, "id")
        local = wname(element)
        if local == "commentRangeStart":
            self.comment_starts.setdefault(key, self._position(end=False))
        elif local == "commentRangeEnd":
            self.comment_ends.setdefault(key, self._position(end=True))
        else:  # commentReference: the anchor of a point comment, the end of a range
            self.comment_starts.setdefault(key, self._position(end=False))
            self.comment_ends.setdefault(key, self._position(end=True))

    # --- tracked changes

    def _change(self, element, depth: int) -> None:
        kind = _CHANGES[wname(element)]
        start = self._position(end=False)
        change = Change(
            kind=kind,
            author=wattr(element, "author"),
            date=wattr(element, "date"),
            clause=start.clause,
            first=start.para,
            last=start.para,
        )
        self._active.append(change)
        counter = "_inserted" if kind == "insert" else "_deleted"
        setattr(self, counter, getattr(self, counter) + 1)
        try:
            self.walk(element, depth + 1)
        finally:
            setattr(self, counter, getattr(self, counter) - 1)
            self._active.pop()
        change.last = self._position(end=True).para
        self._record(change)

    def _record(self, change: Change) -> None:
        if self._active:  # nested in another change: its text already went there
            return
        previous = self.changes[-1] if self.changes else None
        same = previous is not None and previous.key == change.key
        if same and self._merge_ok and change.pieces:
            if change.first > previous.last:
                previous.pieces.append("\n")
            previous.pieces.extend(change.pieces)
            previous.last = change.last
        elif change.pieces:
            self.changes.append(change)
        self._merge_ok = True


_HANDLERS = {
    "p": Walker._paragraph,
    "t": Walker._t,
    "delText": Walker._t,
    "fldChar": Walker._field_char,
    "sdt": Walker._sdt,
    "tbl": Walker._table,
    "bookmarkStart": Walker._bookmark_start,
    "bookmarkEnd": Walker._bookmark_end,
    **dict.fromkeys(("tab", "ptab", "br", "cr", "noBreakHyphen", "softHyphen"), Walker._char),
    **dict.fromkeys(
        ("commentRangeStart", "commentRangeEnd", "commentReference"), Walker._comment_mark
    ),
    **dict.fromkeys(_CHANGES, Walker._change),
}


def clean_paragraph(text: str) -> str:
    """A paragraph's text without the number or list marker our generator writes as text."""
    return _MARKER.sub("", text, count=1)
