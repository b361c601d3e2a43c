"""Individually agreed wordings of clauses: a lawyer's suggestion adopted, or a clause edited.

A `Wording` replaces the library text of one clause (by clause id) for this project; the next
draft prints it instead of the template (the clause title stays the library's). It is plain data,
never template code or markup: ``{{ x }}`` or ``<b>`` in it is printed exactly as written.

The text is kept as paragraphs as a reader sees a clause (one line per paragraph, a line starting
with ``- `` a list item), each made of pieces: literal text, or a reference to another clause
(`ClauseRef`). "§ 12" (or "Anlage 2") in a typed or proposed text becomes a reference to the clause numbered
12 in the version it was written against, so it follows when clauses are renumbered later and is
shown with the current number when the wording is edited again.

``language`` is the document language the wording is written in (the language of the draft it
was proposed on, or of the project when typed): a draft in another language prints the library
text instead (wordings stored before languages were recorded are German).

``template_hash`` is the fingerprint of the library template the wording replaced (computed by
`kooperation.drafting.wordings`): when the library text changes underneath, the clause is flagged
for a re-check. Pure Python; no Qt, no SQLAlchemy.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kooperation.domain.text import clean_text
from kooperation.i18n import _
from kooperation.timeutil import parse_utc, utc_iso

SOURCES = ("comment", "typed")
"""Where a wording came from: a wording suggestion adopted, or typed in the window."""

@dataclass(frozen=True)
class ClauseRef:
    """A reference to another clause (or an annex) by its stable id; printed with its number
    now ("§ 12", "Anlage 2")."""

    target: str


Piece = str | ClauseRef


@dataclass(frozen=True)
class WordingParagraph:
    """One paragraph (or, with ``item``, one list item) of a wording."""

    pieces: tuple[Piece, ...]
    item: bool = False


@dataclass
class Wording:
    """The wording of one clause agreed for this project (see the module docstring)."""

    clause_id: str
    paragraphs: tuple[WordingParagraph, ...] = ()
    source: str = "typed"
    comment_id: str | None = None  # the wording suggestion it was adopted from
    author: str = ""  # who proposed it (the suggestion's author) or typed it
    adopted_at: datetime | None = None
    template_hash: str = ""  # fingerprint of the library template it replaced
    language: str = "de"  # the document language it is written in: only drafts in it print it
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def from_comment(self) -> bool:
        return self.source == "comment"


def now() -> datetime:
    """The moment of an adoption, to the second (as every store and file keeps it)."""
    return datetime.now(UTC).replace(microsecond=0)


# --- text <-> paragraphs -------------------------------------------------------------------------

_REFERENCE = re.compile(
    r"(?<![\w§])(?:§|Anlage)[ \t\u00a0\u202f]*\d{1,3}(?![\d.,]\d)(?!\d)"
)
_LAW = re.compile(r"[ \t\u00a0\u202f]+(?:[A-ZÄÖÜ][\wÄÖÜäöüß]*[A-Z]\b)")
"""A statute after the number ("§ 705 BGB", "§ 8 GmbHG"): that is no clause of ours."""
_ITEM = re.compile(r"^(?:[-–•*])[ \t]+")


def reference_key(label: str) -> str:
    """"§ 12", "§12", "§\u00a012" → "§ 12": the key under which `parse_wording` looks up a
    reference label."""
    head = "§" if label.startswith("§") else "Anlage"
    digits = re.sub(r"\D", "", label)
    return f"{head} {int(digits)}" if digits else head


def _pieces(line: str, targets: Mapping[str, str]) -> tuple[Piece, ...]:
    out: list[Piece] = []
    pos = 0
    for match in _REFERENCE.finditer(line):
        target = targets.get(reference_key(match.group(0)))
        if target is None or _LAW.match(line, match.end()):
            continue
        if match.start() > pos:
            out.append(line[pos : match.start()])
        out.append(ClauseRef(target))
        pos = match.end()
    if pos < len(line):
        out.append(line[pos:])
    return tuple(out)


def parse_wording(text: str, targets: Mapping[str, str] | None = None) -> tuple[WordingParagraph, ...]:
    """Paragraphs from a text as a person types or a reader sees a clause: one paragraph per
    line (blank lines are left out), ``- `` (or ``–``, ``•``) starts a list item. A reference
    "§ n" or "Anlage n" whose label is in ``targets`` (``"§ 12"`` → clause id, see
    `reference_key`) becomes a `ClauseRef`; every other character stays literal text."""
    cleaned, _changed = clean_text(text, multiline=True)
    paragraphs = []
    for raw in cleaned.split("\n"):
        line = re.sub(r"[ \t]+", " ", raw).strip()
        if not line:
            continue
        item = bool(_ITEM.match(line))
        if item:
            line = _ITEM.sub("", line, count=1).strip()
            if not line:
                continue
        paragraphs.append(WordingParagraph(_pieces(line, targets or {}), item))
    return tuple(paragraphs)


def paragraph_text(paragraph: WordingParagraph, labels: Mapping[str, str]) -> str:
    """A paragraph's text with every reference by its label now (``labels``: id → "§ n")."""
    out = []
    for piece in paragraph.pieces:
        if isinstance(piece, ClauseRef):
            label = labels.get(piece.target)
            out.append(label or _("[Verweis auf eine entfallene Regelung]"))
        else:
            out.append(piece)
    return "".join(out)


def wording_text(paragraphs: Iterable[WordingParagraph], labels: Mapping[str, str]) -> str:
    """The text to edit: one line per paragraph, list items with ``- `` in front."""
    return "\n".join(
        ("- " if p.item else "") + paragraph_text(p, labels) for p in paragraphs
    )


def reader_text(paragraphs: Iterable[WordingParagraph], labels: Mapping[str, str]) -> str:
    """The text as a reader of the document finds it (list items without a marker), the way
    `kooperation.review.model.ClauseText.text` reads a clause."""
    return "\n".join(paragraph_text(p, labels) for p in paragraphs)


def references(paragraphs: Iterable[WordingParagraph]) -> list[str]:
    """The clause (and annex) ids a wording refers to, in order."""
    return [x.target for p in paragraphs for x in p.pieces if isinstance(x, ClauseRef)]


def text_length(paragraphs: Iterable[WordingParagraph]) -> int:
    """Characters of literal text, one more per paragraph (its line break)."""
    return sum(sum(len(x) for x in p.pieces if isinstance(x, str)) + 1 for p in paragraphs)


def wording_problem(paragraphs: tuple[WordingParagraph, ...]) -> str | None:
    """Why a wording cannot be stored (empty, too long), in German; None if it can."""
    from kooperation.domain.text import limit_for

    if not any(x for p in paragraphs for x in p.pieces):
        return _("Die Fassung ist leer. Zum Zurückkehren zum Text der Vorlage bitte "
                 "„Vorlagentext wiederherstellen“ wählen.")
    limit = limit_for("wording.text")
    if text_length(paragraphs) > limit:
        return _("Die Fassung ist zu lang (höchstens {limit} Zeichen).").format(limit=f"{limit:,}".replace(",", "."))
    return None


# --- the exchange format -----------------------------------------------------------------------


def paragraphs_to_json(paragraphs: Iterable[WordingParagraph]) -> list[dict[str, Any]]:
    return [
        {
            "item": p.item,
            "pieces": [
                {"ref": x.target} if isinstance(x, ClauseRef) else {"text": x} for x in p.pieces
            ],
        }
        for p in paragraphs
    ]


def paragraphs_from_json(raw: Iterable[Mapping[str, Any]] | None) -> tuple[WordingParagraph, ...]:
    out = []
    for p in raw or ():
        pieces: list[Piece] = []
        for x in p.get("pieces") or ():
            if "ref" in x:
                pieces.append(ClauseRef(str(x["ref"])))
            else:
                pieces.append(str(x.get("text", "")))
        out.append(WordingParagraph(tuple(pieces), bool(p.get("item", False))))
    return tuple(out)


def wording_to_dict(wording: Wording) -> dict[str, Any]:
    return {
        "id": wording.id,
        "clause_id": wording.clause_id,
        "paragraphs": paragraphs_to_json(wording.paragraphs),
        "source": wording.source,
        "comment_id": wording.comment_id,
        "author": wording.author,
        "adopted_at": utc_iso(wording.adopted_at) if wording.adopted_at else None,
        "template_hash": wording.template_hash,
        "language": wording.language,
    }


def wording_from_dict(raw: Mapping[str, Any]) -> Wording:
    return Wording(
        id=str(raw["id"]),
        clause_id=str(raw["clause_id"]),
        paragraphs=paragraphs_from_json(raw.get("paragraphs")),
        source=str(raw.get("source") or "typed"),
        comment_id=raw.get("comment_id"),
        author=str(raw.get("author") or ""),
        adopted_at=parse_utc(raw["adopted_at"]) if raw.get("adopted_at") else None,
        template_hash=str(raw.get("template_hash") or ""),
        language=str(raw.get("language") or "de"),
    )
