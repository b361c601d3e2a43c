"""The objects of the review loop: comments on clauses, what a returned DOCX contains, and the
clause-by-clause comparison of two versions.

Plain dataclasses; the store keeps `Comment` and `ClauseText` (per draft version), the readers
and writers of `kooperation.review` produce and consume the rest. Nothing here imports Qt,
SQLAlchemy or python-docx.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from kooperation.domain.model import new_id
from kooperation.i18n import _
from kooperation.render.docx_bookmarks import (
    ANNEX_PART_PREFIX as ANNEX_PREFIX,
)
from kooperation.render.docx_bookmarks import (
    PART_CONTENTS,
    PART_PARTIES,
    PART_PREAMBLE,
    PART_SIGNATURES,
    PART_TITLE,
)
from kooperation.timeutil import as_utc, parse_utc, utc_iso


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Role(StrEnum):
    """Who writes a comment."""

    LEGAL = "legal"  # Rechtsexpertin / Rechtsexperte
    PARTNER = "partner"
    MODERATOR = "moderator"


class CommentKind(StrEnum):
    COMMENT = "comment"
    QUESTION = "question"
    SUGGESTION = "suggestion"  # a wording suggestion: ``proposed_text`` replaces ``original_text``


class CommentStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    REJECTED = "rejected"


class Origin(StrEnum):
    """Where a comment came from."""

    APP = "app"  # typed in the app or on the command line
    WORD_COMMENT = "word_comment"  # a comment in a returned DOCX
    TRACKED_CHANGE = "tracked_change"  # tracked changes in a returned DOCX
    PLAIN_EDIT = "plain_edit"  # text edited without change tracking in a returned DOCX


# --- the parts of a document that are not numbered clauses -----------------------------------------

# Comments can be made on these parts as well as on clauses; a comment's ``clause_id`` then holds
# the part's id. Annexes are parts too, under their own ids (``anlage_partner``, …). No clause id
# starts with ``teil_`` or ``anlage_`` (a test keeps the clause library that way). The ids are
# defined next to the bookmarks the DOCX renderer puts around the parts.
FRONT_PARTS = (PART_TITLE, PART_PARTIES, PART_CONTENTS, PART_PREAMBLE)  # before the clauses
FIXED_PARTS = (*FRONT_PARTS, PART_SIGNATURES)


def is_part(item_id: str | None) -> bool:
    """Whether ``item_id`` names a part of the document (title page, annex, …), not a clause."""
    return bool(item_id) and (item_id in FIXED_PARTS or item_id.startswith(ANNEX_PREFIX))


def part_label(part_id: str, heading: str = "") -> str:
    """The German name of a part: "Titelseite", "Vertragsparteien", "Präambel", "Unterschriften";
    an annex is named by its ``heading`` ("Anlage 2 – Ziele"), else "Anlage"."""
    fixed = {
        PART_TITLE: _("Titelseite"),
        PART_PARTIES: _("Vertragsparteien"),
        PART_CONTENTS: _("Inhaltsverzeichnis"),
        PART_PREAMBLE: _("Präambel"),
        PART_SIGNATURES: _("Unterschriften"),
    }
    if part_id in fixed:
        return fixed[part_id]
    return heading.strip() or _("Anlage")


def role_label(value: Role | str) -> str:
    return {
        Role.LEGAL: _("Rechtsexpertise"),
        Role.PARTNER: _("Partner"),
        Role.MODERATOR: _("Moderation"),
    }[Role(value)]


def kind_label(value: CommentKind | str) -> str:
    return {
        CommentKind.COMMENT: _("Kommentar"),
        CommentKind.QUESTION: _("Frage"),
        CommentKind.SUGGESTION: _("Formulierungsvorschlag"),
    }[CommentKind(value)]


def status_label(value: CommentStatus | str) -> str:
    return {
        CommentStatus.OPEN: _("offen"),
        CommentStatus.RESOLVED: _("erledigt"),
        CommentStatus.REJECTED: _("abgelehnt"),
    }[CommentStatus(value)]


def initials_of(name: str) -> str:
    """``"Dr. Anna Berg-Schmidt"`` → ``"AB"``: first letters of the words that are not titles."""
    titles = {"dr.", "prof.", "dipl.", "ing.", "ra", "mag.", "von", "van", "der", "de"}
    words = [w for w in name.replace("-", " ").split() if w.lower() not in titles]
    letters = [w[0].upper() for w in words if w[:1].isalpha()]
    if len(letters) > 2:
        letters = [letters[0], letters[-1]]
    return "".join(letters) or (name[:2].upper() if name else "")


@dataclass
class Comment:
    """A comment on one clause of one draft version (or a reply to another comment).

    ``draft_id`` is the stored version the comment belongs to. When a new version of the same
    kind is generated, each open thread continues there as a copy: the copy's ``source_id`` is
    the comment it continues, `carried_from` the number of the version the thread was first
    written on, and `needs_recheck` is set when the clause's text changed in between. The earlier
    version keeps its own record unchanged (read-only); there ``continued_in`` is the number of
    the newest version the thread continues in (filled in by the store, not stored). Replies have
    ``parent_id`` and the clause of their parent. ``origin_key`` identifies an imported item so
    that importing the same file twice adds nothing.
    """

    draft_id: str
    clause_id: str
    text: str
    author: str
    role: Role = Role.PARTNER
    kind: CommentKind = CommentKind.COMMENT
    status: CommentStatus = CommentStatus.OPEN
    initials: str = ""
    proposed_text: str = ""  # suggestion: the new wording
    original_text: str = ""  # suggestion: the wording it replaces
    parent_id: str | None = None
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime | None = None
    origin: Origin = Origin.APP
    origin_key: str = ""
    needs_recheck: bool = False
    carried_from: int | None = None  # number (same kind) of the version it was written on
    source_id: str | None = None  # the comment on an earlier version this one continues
    continued_in: int | None = None  # number (same kind) of the version it continues in
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.role = Role(self.role)
        self.kind = CommentKind(self.kind)
        self.status = CommentStatus(self.status)
        self.origin = Origin(self.origin)
        if not self.initials:
            self.initials = initials_of(self.author)


def comment_problem(comment: Comment) -> str | None:
    """Why ``comment`` cannot be stored (a German sentence), None when it can."""
    if not comment.author.strip():
        return _("Bitte angeben, wer den Kommentar schreibt.")
    if not comment.clause_id:
        return _("Ein Kommentar gehört zu einer Klausel; es wurde keine gewählt.")
    if comment.kind == CommentKind.SUGGESTION and comment.parent_id is None:
        if not comment.proposed_text.strip():
            return _("Ein Formulierungsvorschlag braucht den vorgeschlagenen Text.")
    elif not comment.text.strip():
        return _("Der Kommentar ist leer.")
    return None


def same_text(one: str | None, other: str | None) -> bool:
    """Whether two clause texts read the same: a no-break space ("§ 12", set by the drafting
    since issue 10; a narrow one where Word or LibreOffice wrote a list number) counts as a
    space, so older versions and re-saved files compare equal."""
    if one is None or other is None:
        return one is other
    return _spaces(one) == _spaces(other)


def _spaces(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@dataclass(frozen=True)
class ClauseText:
    """One clause of a version as the reader sees it: id, number (§ n), title and plain text
    (paragraphs separated by ``\\n``, without the heading). A part of the document that is not
    a clause (title page, annex, …: see `is_part`) has number 0 and its label as title."""

    id: str
    number: int
    title: str
    text: str
    label: str = "§"  # what a clause number is printed with: "§", "Section" in an English draft

    @property
    def heading(self) -> str:
        return f"{self.label}\u00a0{self.number} {self.title}" if self.number else self.title

    @property
    def is_part(self) -> bool:
        return is_part(self.id)


def clause_label(language: str | None) -> str:
    """What numbers a clause in a draft of ``language``: "§ 3", "Section 3" in English."""
    return "Section" if language == "en" else "§"


def threads(comments: list[Comment]) -> list[tuple[Comment, list[Comment]]]:
    """Top-level comments oldest first, each with all replies below it, oldest first. Nested
    replies are flattened under their top-level comment (Word threads have one level); a reply
    whose parent is not among ``comments`` counts as top-level."""
    comments = sorted(comments, key=lambda c: as_utc(c.created_at))
    by_id = {c.id: c for c in comments}

    def root_of(comment: Comment) -> Comment:
        seen = {comment.id}
        while comment.parent_id in by_id and comment.parent_id not in seen:
            comment = by_id[comment.parent_id]
            seen.add(comment.id)
        return comment

    replies: dict[str, list[Comment]] = {}
    roots: list[Comment] = []
    for comment in comments:
        root = root_of(comment)
        if root is comment:
            roots.append(comment)
        else:
            replies.setdefault(root.id, []).append(comment)
    return [(root, replies.get(root.id, [])) for root in roots]


# --- the exchange format (inside a draft version of the project file) -----------------------------


def comment_to_dict(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "clause_id": comment.clause_id,
        "author": comment.author,
        "initials": comment.initials,
        "role": str(comment.role),
        "kind": str(comment.kind),
        "status": str(comment.status),
        "text": comment.text,
        "proposed_text": comment.proposed_text,
        "original_text": comment.original_text,
        "created_at": utc_iso(comment.created_at),
        "updated_at": utc_iso(comment.updated_at) if comment.updated_at else None,
        "origin": str(comment.origin),
        "origin_key": comment.origin_key,
        "needs_recheck": comment.needs_recheck,
        "carried_from": comment.carried_from,
        **({"source_id": comment.source_id} if comment.source_id else {}),
    }


def comment_from_dict(raw: dict[str, Any]) -> Comment:
    return Comment(
        id=raw["id"],
        draft_id="",
        parent_id=raw.get("parent_id"),
        clause_id=raw["clause_id"],
        author=raw["author"],
        initials=raw.get("initials", ""),
        role=raw["role"],
        kind=raw["kind"],
        status=raw["status"],
        text=raw["text"],
        proposed_text=raw.get("proposed_text", ""),
        original_text=raw.get("original_text", ""),
        created_at=parse_utc(raw["created_at"]),
        updated_at=parse_utc(raw["updated_at"]) if raw.get("updated_at") else None,
        origin=raw.get("origin", "app"),
        origin_key=raw.get("origin_key", ""),
        needs_recheck=raw.get("needs_recheck", False),
        carried_from=raw.get("carried_from"),
        source_id=raw.get("source_id"),
    )


# --- what a returned DOCX contains ---------------------------------------------------------------


@dataclass
class FileComment:
    """A comment found in a DOCX. ``clause_id`` is the clause whose bookmark encloses its anchor
    (None when no bookmark does); ``anchor_text`` is the commented text and ``context`` the text
    of the paragraph(s) it sits in, for matching by text when bookmarks were lost."""

    key: str  # the comment's w:id in the file
    author: str
    initials: str
    date: datetime | None
    text: str
    clause_id: str | None
    anchor_text: str = ""
    context: str = ""
    parent_key: str | None = None  # a reply (Word's commentsExtended), else None
    part: str = ""  # the part it sits in (see `FileClause.part`); "" for a clause
    heading: str = ""  # the heading of the clause or part it sits in, as found in the file
    done: bool = False  # marked done in Word (``w15:done``)
    durable_id: str = ""  # Word's ``w16cid:durableId``: survives Word's saves, unlike the key


@dataclass
class FileChange:
    """A tracked change (w:ins / w:del) found in a DOCX."""

    kind: Literal["insert", "delete"]
    text: str
    author: str
    date: datetime | None
    clause_id: str | None
    context: str = ""
    part: str = ""  # the part it sits in (see `FileClause.part`); "" for a clause
    heading: str = ""  # the heading of the clause or part it sits in, as found in the file


@dataclass
class FileClause:
    """A clause as found in a DOCX: ``text`` with every tracked change accepted,
    ``original_text`` with every tracked change rejected (equal when there are none).
    ``id`` is None when the clause was recognised by its heading only (bookmarks lost)."""

    id: str | None
    number: int
    title: str
    text: str
    original_text: str
    part: str = ""  # "" for a clause; else a part id of `FIXED_PARTS`, or "annex"
    has_heading: bool = True  # the first paragraph is a heading (not a body text read as one)
    inserted: bool = False  # the heading itself is a tracked insertion: a new § in the file
    refs: list[tuple[str, str]] = field(default_factory=list)
    """The cross-references (REF fields) in the text, in order: (clause id, text shown). A
    reviewer's word processor renumbers them when a § is inserted or deleted."""


@dataclass
class ReviewFile:
    """Everything the import needs from one DOCX."""

    clauses: list[FileClause] = field(default_factory=list)
    comments: list[FileComment] = field(default_factory=list)
    changes: list[FileChange] = field(default_factory=list)
    has_bookmarks: bool = True
    parts: list[FileClause] = field(default_factory=list)  # title page, preamble, annexes, …


# --- comparing two versions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    kind: Literal["equal", "insert", "delete"]
    text: str


@dataclass
class ClauseDiff:
    """How one clause differs between an old and a new version."""

    clause_id: str
    old: ClauseText | None
    new: ClauseText | None
    segments: list[Segment] = field(default_factory=list)

    @property
    def status(self) -> Literal["unchanged", "changed", "added", "removed"]:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        if same_text(self.old.text, self.new.text) and same_text(self.old.title, self.new.title):
            return "unchanged"
        return "changed"
