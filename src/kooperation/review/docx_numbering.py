"""List numbers of a returned DOCX, as a reader of the page sees them.

A generated agreement numbers its §§ and paragraphs with Word list numbering (see
:mod:`kooperation.render.docx_numbering`), so "§ 3" and "(1)" are not in the text but in
``word/numbering.xml``. :class:`Numbering` counts the numbered paragraphs in document order as
Word does and gives each its label ("§ 3", "(1)") with what follows it (a space or a tab),
so the reader sees "§ 3 Titel" and "(1)<tab>Text" exactly as when the numbers were typed.

What is understood: a paragraph's own ``w:numPr`` or the one of its style (following
``w:basedOn``), ``w:numId`` 0 (no number), the level of a style linked to a list level
(``w:lvl/w:pStyle``), ``w:start``, ``w:lvlRestart``, ``w:startOverride``/``w:lvlOverride``,
``w:numStyleLink`` (LibreOffice and Word write lists behind numbering styles), the formats
decimal, decimalZero, lower/upper letter and roman, and ``w:suff``. Bullets and the format
"none" give no label (their marker never was part of the text). Lists that share a list
definition share its counters, as in Word; a ``w:num`` with a start override restarts them the
first time it is used. Counting is done twice, once with every tracked change accepted and
once with every change rejected: where a paragraph mark was deleted (inserted) with tracked
changes, the paragraph after it continues the one before in the accepted (original) view and
is neither labelled nor counted there.

Nothing here raises for odd input: unknown ids, missing levels and bad values give no label.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kooperation.review.docx_walk import wattr, wchild, wname

_MAX_LEVELS = 9
_NUMBERING_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
)
_SUFFIX = {"tab": "\t", "space": " ", "nothing": ""}
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


def _int(value: str, default: int | None = None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _roman(number: int) -> str:
    if not 0 < number < 4000:
        return str(number)
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _letter(number: int) -> str:
    """1 → a, 26 → z, 27 → aa (Word repeats the letter)."""
    if number < 1:
        return str(number)
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def format_number(number: int, fmt: str) -> str:
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "lowerLetter":
        return _letter(number)
    if fmt == "upperLetter":
        return _letter(number).upper()
    if fmt == "lowerRoman":
        return _roman(number)
    if fmt == "upperRoman":
        return _roman(number).upper()
    return str(number)


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart (None: after any higher level)
    suffix: str = "\t"
    style: str = ""


@dataclass
class _Counters:
    values: list[int | None] = field(default_factory=lambda: [None] * _MAX_LEVELS)


class Numbering:
    """The list definitions of one document and the counters of a walk through it."""

    def __init__(self, numbering_root, styles_root) -> None:
        self._abstracts: dict[str, dict[int, Level]] = {}
        self._abstract_links: dict[str, str] = {}  # abstractNum id -> numbering style id
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstract, overrides)
        self._style_num: dict[str, tuple[str | None, int | None]] = {}
        self._style_based: dict[str, str] = {}
        self._read_numbering(numbering_root)
        self._read_styles(styles_root)
        self._views = {"accepted": {}, "original": {}}  # view -> abstract id -> counters
        self._started: dict[str, set[str]] = {"accepted": set(), "original": set()}
        self._joined = (False, False)  # the last paragraph's mark: deleted, inserted

    @property
    def empty(self) -> bool:
        return not self._nums

    # --- reading the definitions

    def _read_numbering(self, root) -> None:
        for child in root if root is not None else ():
            local = wname(child)
            if local == "abstractNum":
                key = wattr(child, "abstractNumId")
                levels: dict[int, Level] = {}
                for lvl in child:
                    local_lvl = wname(lvl)
                    if local_lvl == "numStyleLink":
                        self._abstract_links[key] = wattr(lvl, "val")
                    elif local_lvl == "lvl":
                        ilvl = _int(wattr(lvl, "ilvl"))
                        if ilvl is not None and 0 <= ilvl < _MAX_LEVELS:
                            levels[ilvl] = _level(lvl)
                self._abstracts[key] = levels
            elif local == "num":
                abstract = wchild(child, "abstractNumId")
                overrides: dict[int, int] = {}
                for override in child:
                    if wname(override) != "lvlOverride":
                        continue
                    ilvl = _int(wattr(override, "ilvl"))
                    start = wchild(override, "startOverride")
                    value = _int(wattr(start, "val")) if start is not None else None
                    if ilvl is not None and value is not None:
                        overrides[ilvl] = value
                self._nums[wattr(child, "numId")] = (
                    wattr(abstract, "val") if abstract is not None else "",
                    overrides,
                )

    def _read_styles(self, root) -> None:
        for style in root if root is not None else ():
            if wname(style) != "style":
                continue
            style_id = wattr(style, "styleId")
            for child in style:
                local = wname(child)
                if local == "basedOn":
                    self._style_based[style_id] = wattr(child, "val")
                elif local == "pPr":
                    num_pr = wchild(child, "numPr")
                    if num_pr is not None:
                        self._style_num[style_id] = _num_pr(num_pr)

    def _style_numbering(self, style_id: str) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        current = style_id
        while current and current not in seen:
            seen.add(current)
            if current in self._style_num:
                return self._style_num[current]
            current = self._style_based.get(current, "")
        return (None, None)

    def _resolve(self, num_id: str) -> tuple[str, dict[int, int], dict[int, Level]] | None:
        """The list definition behind ``num_id`` (following numbering style links)."""
        for _hop in range(4):
            found = self._nums.get(num_id)
            if found is None:
                return None
            abstract, overrides = found
            link = self._abstract_links.get(abstract)
            if not link:
                return abstract, overrides, self._abstracts.get(abstract, {})
            linked, _level = self._style_numbering(link)
            if linked is None or linked == num_id:
                return abstract, overrides, self._abstracts.get(abstract, {})
            num_id = linked
        return None

    # --- counting

    def number(self, para, ppr) -> None:
        """Put the label of paragraph ``para`` (a :class:`.docx_walk.Para` whose style and
        tracked-change marks are known) at the start of its text, in both views. A paragraph
        whose predecessor's mark is deleted (inserted) continues that paragraph in the accepted
        (original) view: it gets no label there and is not counted."""
        joined_accepted, joined_original = self._joined
        self._joined = (para.mark_deleted, para.mark_inserted)
        accepted = "" if joined_accepted else self.label(ppr, para.style, view="accepted")
        original = "" if joined_original else self.label(ppr, para.style, view="original")
        if accepted:
            para.add(accepted, accepted=True, original=False)
        if original:
            para.add(original, accepted=False, original=True)

    def label(self, ppr, style_id: str, *, view: str) -> str:
        """Count the paragraph (properties ``ppr``, style ``style_id``) in ``view`` and give its
        label with the text after it ("§ 3 ", "(1)\\t"); "" for a paragraph without one."""
        num_id, ilvl = self._style_numbering(style_id)
        own = wchild(ppr, "numPr") if ppr is not None else None
        if own is not None:
            own_id, own_level = _num_pr(own)
            if own_id is not None:
                num_id = own_id
            if own_level is not None:
                ilvl = own_level
        if not num_id or num_id == "0":
            return ""
        resolved = self._resolve(num_id)
        if resolved is None:
            return ""
        abstract, overrides, levels = resolved
        if ilvl is None:  # a style linked to a level of the list
            ilvl = next((i for i, lvl in levels.items() if lvl.style and lvl.style == style_id), 0)
        if not 0 <= ilvl < _MAX_LEVELS:
            return ""
        counters = self._views[view].setdefault(abstract, _Counters()).values
        if overrides and num_id not in self._started[view]:
            self._started[view].add(num_id)
            for level, start in overrides.items():
                if 0 <= level < _MAX_LEVELS:
                    counters[level] = start - 1
        level = levels.get(ilvl, Level())
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            restart = levels.get(deeper, Level()).restart
            if restart is None or (restart > 0 and ilvl < restart):
                counters[deeper] = None
        if level.fmt in ("bullet", "none") or not level.text:
            return ""
        text = level.text
        for k in range(ilvl, -1, -1):  # %10 does not exist: one digit per level
            placeholder = f"%{k + 1}"
            if placeholder in text:
                value = counters[k]
                if value is None:
                    value = levels.get(k, Level()).start
                text = text.replace(placeholder, format_number(value, levels.get(k, Level()).fmt))
        return text.replace("\u202f", "\u00a0") + level.suffix  # as docx_walk reads text


def _num_pr(num_pr) -> tuple[str | None, int | None]:
    num = wchild(num_pr, "numId")
    lvl = wchild(num_pr, "ilvl")
    return (
        wattr(num, "val") if num is not None else None,
        _int(wattr(lvl, "val")) if lvl is not None else None,
    )


def _level(lvl) -> Level:
    level = Level()
    for child in lvl:
        local = wname(child)
        if local == "start":
            level.start = _int(wattr(child, "val"), 1)
        elif local == "numFmt":
            level.fmt = wattr(child, "val") or "decimal"
        elif local == "lvlText":
            level.text = wattr(child, "val")
        elif local == "lvlRestart":
            level.restart = _int(wattr(child, "val"))
        elif local == "suff":
            level.suffix = _SUFFIX.get(wattr(child, "val"), "\t")
        elif local == "pStyle":
            level.style = wattr(child, "val")
    return level


# --- for python-docx documents (the review export) ------------------------------------------------


def numbering_of(document) -> Numbering | None:
    """The list numbering of an opened python-docx ``document``; None when it has none (the
    document is not changed: python-docx would add a numbering part on first access)."""
    try:
        part = document.part.part_related_by(_NUMBERING_REL)
    except KeyError:
        return None
    numbering = Numbering(part.element, document.styles.element)
    return None if numbering.empty else numbering


def paragraph_label(numbering: Numbering, p) -> str:
    """Count paragraph ``p`` (a ``w:p``; paragraphs must come in document order) and give its
    list label with the text after it, "" for none."""
    ppr = wchild(p, "pPr")
    style = wchild(ppr, "pStyle") if ppr is not None else None
    return numbering.label(ppr, wattr(style, "val") if style is not None else "", view="accepted")
