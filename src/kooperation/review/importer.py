"""Import a DOCX that came back from a reviewer: its comments and wording changes become
comments on the clauses of a stored version, and a report says what happened to every item.

Matching, in this order, as a person would find the place: the clause (or part) the reader
found around the item, by its bookmark where that is plausible (see :mod:`.docx_outline`); the
heading of the piece it sits in (``§ n Title``, "Präambel", "Anlage n – …"); the text around the
item. Comments on the title page, the party list, the contents, the preamble, the signatures or
an annex are stored on that part (see `kooperation.review.model.is_part`); a comment on a
section title goes to the first clause of the section.

Every item is planned and checked on its own: an item that fits nowhere, or that could not be
used (say, a clause read as empty though nothing in the file deletes its text), is listed in
the report with the reason; it never stops the others. Only a file that cannot be read at all
is refused.

Every imported comment carries an ``origin_key`` that does not depend on anything a save
changes (``w:id`` values, bookmark ids): Word's durable comment id (``w16cid:durableId``) when
the file has one, else author, minute, text and place. A comment already imported from an
earlier save of the file (same author, minute, text and place, whatever its key) is a duplicate.
So importing the same file again, or after one more save in LibreOffice, adds nothing.

Replies: Word links a reply to its comment (``w15:paraIdParent``); it is stored as a reply.
LibreOffice 7.4 writes a reply as an ordinary comment at the same place, with no link. That is
not enough to know it is a reply (two people may comment the same words), so such a comment is
imported as a comment of its own, next to the other: nothing lost, nothing doubled. Word's
"done" mark (``w15:done``) imports the comment as resolved.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from difflib import SequenceMatcher

from kooperation.domain.versions import version_label
from kooperation.i18n import _, ngettext
from kooperation.review.docx_outline import ANNEX, heading_kind
from kooperation.review.docx_walk import parse_heading
from kooperation.review.model import (
    FIXED_PARTS,
    ClauseText,
    Comment,
    CommentKind,
    CommentStatus,
    FileChange,
    FileClause,
    FileComment,
    Origin,
    ReviewFile,
    Role,
    comment_problem,
    new_id,
    part_label,
    utcnow,
)

log = logging.getLogger(__name__)

MIN_SIMILARITY = 0.6  # below this a text is not taken to be a clause's
MAX_AUTHOR = 200  # characters of an author's name taken from a file
LISTED_CHANGES = 20  # a suggestion names this many tracked changes, then counts the rest
_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    """Text compared without regard to runs of white space (Word changes them freely)."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def short(text: str, limit: int = 60) -> str:
    text = norm(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def origin_key(*parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:40]


@dataclass
class Unmatched:
    """An item of the file that could not be put on a clause, or (with a ``reason``) that
    could not be used."""

    what: str  # e.g. "Kommentar von Dr. Berg"
    text: str
    reason: str = ""


@dataclass
class ImportReport:
    """What an import did: comments added, items already imported before, items not matched,
    and clauses of the version the file no longer contains."""

    added: list[Comment] = field(default_factory=list)
    duplicates: list[Comment] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    missing_clauses: list[ClauseText] = field(default_factory=list)
    unusable: list[Unmatched] = field(default_factory=list)
    continued_in: int | None = None  # the file was for an earlier version: added to this one

    def lines(self) -> list[str]:
        """The report in plain sentences, for the window and the command line."""
        out = [
            ngettext(
                "{n} Anmerkung übernommen.", "{n} Anmerkungen übernommen.", len(self.added)
            ).format(n=len(self.added))
        ]
        if self.continued_in is not None:
            out.append(
                _(
                    "Die Datei gehört zu einer früheren Version; was sie enthält, wird in "
                    "{version} weitergeführt."
                ).format(version=version_label("vertrag", self.continued_in))
            )
        if self.duplicates:
            out.append(
                ngettext(
                    "{n} Anmerkung war schon importiert und wurde nicht doppelt angelegt.",
                    "{n} Anmerkungen waren schon importiert und wurden nicht doppelt angelegt.",
                    len(self.duplicates),
                ).format(n=len(self.duplicates))
            )
        for item in self.unmatched:
            out.append(
                _("Nicht zugeordnet: {what}: „{text}“ – keiner Klausel zuzuordnen.").format(
                    what=item.what, text=short(item.text)
                )
            )
        for item in self.unusable:
            out.append(
                _("Nicht verwendet: {what}: „{text}“ – {reason}").format(
                    what=item.what, text=short(item.text), reason=item.reason
                )
            )
        for clause in self.missing_clauses:
            out.append(
                _("{heading} fehlt in der Datei (gelöscht?). Bitte prüfen.").format(
                    heading=clause.heading
                )
            )
        return out


class _Matcher:
    """Finds the clause of the version an item of the file belongs to.

    Comparing by text is the expensive part of an import, so it is done once per distinct text
    (many comments share a paragraph) and each clause text is indexed for
    :class:`~difflib.SequenceMatcher` once, not once per item: the work grows with the number
    of items times the number of clauses, never with their product squared."""

    def __init__(self, clauses: list[ClauseText], parts: list[ClauseText] = ()) -> None:
        self.parts = {p.id: p for p in parts}
        self.annexes = {heading_kind(p.title)[1]: p for p in parts if p.id not in FIXED_PARTS}
        self.by_id = {c.id: c for c in clauses}
        self.by_heading = {(c.number, norm(c.title)): c for c in clauses}
        self.by_title = {norm(c.title): c for c in clauses}
        self.texts = [(c, norm(c.text)) for c in clauses]
        self._matchers: list[tuple[ClauseText, SequenceMatcher]] | None = None
        self._found: dict[str, ClauseText | None] = {}

    def part(self, part_id: str) -> ClauseText:
        """A part of the version; a fixed part the version's file did not show is still one."""
        return self.parts.get(part_id) or ClauseText(part_id, 0, part_label(part_id), "")

    def locate(
        self, item_id: str | None, part: str, heading: str, *texts: str
    ) -> ClauseText | None:
        """The clause or part of an item: by the id the reader found, the kind of part, the
        heading of the piece it sits in, its text (see the module docstring)."""
        if item_id and (item_id in self.by_id or item_id in self.parts):
            return self.by_id.get(item_id) or self.parts[item_id]
        if part in FIXED_PARTS:
            return self.part(part)
        kind, number = heading_kind(heading) if heading else ("", 0)
        if part == ANNEX or kind == ANNEX:
            found = self.annexes.get(number) or self._annex_by_title(heading)
            if found is not None or part == ANNEX:
                return found
        elif kind in FIXED_PARTS:
            return self.part(kind)
        parsed = parse_heading(heading) if heading else None
        if parsed is not None:
            found = self.by_heading.get((parsed[0], norm(parsed[1])))
            if found is not None or (found := self.by_title.get(norm(parsed[1]))) is not None:
                return found
        elif heading and norm(heading) in self.by_title:
            return self.by_title[norm(heading)]
        return self.clause(None, *texts)

    def _annex_by_title(self, heading: str) -> ClauseText | None:
        wanted = norm(heading).split("–", 1)[-1].strip()
        return next(
            (p for p in self.annexes.values() if wanted and norm(p.title).endswith(wanted)), None
        )

    def clause(self, clause_id: str | None, *texts: str) -> ClauseText | None:
        if clause_id and clause_id in self.by_id:
            return self.by_id[clause_id]
        for text in texts:
            found = self.by_text(text)
            if found is not None:
                return found
        return None

    def file_clause(self, fc: FileClause) -> ClauseText | None:
        if fc.id and fc.id in self.by_id:
            return self.by_id[fc.id]
        found = self.by_heading.get((fc.number, norm(fc.title))) or self.by_title.get(
            norm(fc.title)
        )
        return found or self.by_text(fc.original_text)

    def by_text(self, text: str) -> ClauseText | None:
        """The clause containing ``text``, else the most similar one above `MIN_SIMILARITY`."""
        needle = norm(text)
        if len(needle) < 12:
            return None
        if needle not in self._found:
            self._found[needle] = self._search(needle)
        return self._found[needle]

    def _search(self, needle: str) -> ClauseText | None:
        containing = [c for c, t in self.texts if needle in t]
        if len(containing) == 1:
            return containing[0]
        if self._matchers is None:
            self._matchers = []
            for clause, hay in self.texts:
                matcher = SequenceMatcher(None, autojunk=False)
                matcher.set_seq2(hay)  # indexes the clause text once
                self._matchers.append((clause, matcher))
        best, score = None, MIN_SIMILARITY
        for clause, matcher in self._matchers:
            matcher.set_seq1(needle)
            # cheapest bounds first: lengths alone, then letter counts, then the real ratio
            if matcher.real_quick_ratio() < score or matcher.quick_ratio() < score:
                continue
            ratio = matcher.ratio()
            if ratio >= score:
                best, score = clause, ratio
        return best


@dataclass
class ImportPlan:
    """What `plan_import` found: the comments to store, the items that fit nowhere, those that
    could not be used (with the reason), and the version's clauses the file lacks."""

    comments: list[Comment] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    missing: list[ClauseText] = field(default_factory=list)
    unusable: list[Unmatched] = field(default_factory=list)

    def take(self, what: str, text: str, comment: Comment) -> Comment | None:
        """Keep ``comment`` (held to the window's rules) unless it cannot be stored; then the
        report says why and it is left out."""
        comment = fit_comment(comment)
        problem = comment_problem(comment)
        if problem is not None:
            self.unusable.append(Unmatched(what, text, problem))
            return None
        self.comments.append(comment)
        return comment


def in_version_numbers(fc: FileClause, labels: dict[str, str]) -> FileClause:
    """``fc`` with its cross-references numbered as in the version (``labels``: clause id →
    "§ n"). A § inserted or deleted in the file renumbers every later reference there; that
    is the word processor keeping references right, not an edit of the clauses that cite them."""
    if not fc.refs:
        return fc

    def renumbered(text: str) -> str:
        out, at = [], 0
        for target, shown in fc.refs:
            label = labels.get(target)
            # the whole number: a reference shown as "§ 7" is not the start of "§ 705 BGB"
            match = re.compile(re.escape(shown) + r"(?!\d)").search(text, at) if shown and label else None
            if match is None:
                continue
            out += [text[at : match.start()], label]
            at = match.end()
        return "".join(out) + text[at:]

    return replace(fc, text=renumbered(fc.text), original_text=renumbered(fc.original_text))


def plan_import(
    found: ReviewFile,
    clauses: list[ClauseText],
    draft_id: str,
    role: Role = Role.LEGAL,
    editor: str = "",
    existing: list[Comment] | None = None,
    parts: list[ClauseText] | None = None,
) -> ImportPlan:
    """The comments to store for ``found`` on the version with ``clauses`` (and ``parts``:
    title page, annexes, …), and what the report must say (see `ImportPlan`). ``editor`` is
    named as the author of plain edits (a DOCX does not say who typed them). Word comments that
    are ``existing`` comments exported for review are not imported again; replies to them become
    replies to the existing comment."""
    match = _Matcher(clauses, parts or [])
    plan = ImportPlan()
    labels = {c.id: f"{c.label}\u00a0{c.number}" for c in clauses if c.number}
    file_clauses = [in_version_numbers(fc, labels) for fc in found.clauses]
    placed, hosts = _place_clauses(file_clauses, match)
    new_headings = {
        (fc.number, norm(fc.title)): host for fc, _c in placed if (host := hosts.get(id(fc)))
    }

    def locate(item_id: str | None, part: str, heading: str, *texts: str) -> ClauseText | None:
        parsed = parse_heading(heading) if heading and not part else None
        if parsed and (parsed[0], norm(parsed[1])) in new_headings and item_id not in match.by_id:
            return new_headings[(parsed[0], norm(parsed[1]))]  # in a new §: its neighbour
        return match.locate(item_id, part, heading, *texts)

    changes = [(ch, locate(ch.clause_id, ch.part, ch.heading, ch.context)) for ch in found.changes]
    _comments(found.comments, match, locate, draft_id, role, plan, existing or [])
    seen = _edits(placed, hosts, changes, draft_id, role, editor or _("Bearbeitung in der Datei"),
                  plan)  # fmt: skip
    _part_changes(changes, draft_id, role, plan)
    plan.unmatched += [
        Unmatched(
            _("Nachverfolgte Änderung von {author}").format(author=ch.author or _("Unbekannt")),
            ch.text,
        )
        for ch, clause in changes
        if clause is None
    ]
    plan.unmatched += [
        Unmatched(_("Klausel „{title}“ der Datei").format(title=fc.title), fc.original_text)
        for fc, clause in placed
        if clause is None and id(fc) not in hosts
    ]
    plan.missing = [c for c in clauses if c.id not in seen]
    return plan


def _place_clauses(
    clauses: list[FileClause], match: _Matcher
) -> tuple[list[tuple[FileClause, ClauseText | None]], dict[int, ClauseText]]:
    """Each clause of the file with the version's clause it is; and, for each § the file
    inserts as a tracked change (no clause of the version), the clause it follows (or, at the
    start, precedes)."""
    placed = [(fc, match.file_clause(fc)) for fc in clauses]
    hosts: dict[int, ClauseText] = {}
    previous: ClauseText | None = None
    for fc, clause in placed:
        if clause is not None:
            previous = clause
        elif fc.inserted and fc.title:
            following = next((c for f, c in placed if c is not None and f is not fc), None)
            host = previous or following
            if host is not None:
                hosts[id(fc)] = host
    return placed, hosts


_COMMENT_TEXTS = ("text", "author", "initials", "proposed_text", "original_text")


def fit_comment(comment: Comment) -> Comment:
    """A comment read from a file, held to the rules of what a person types in the window:
    control characters removed, each text within its field's limit (a longer one is cut and
    says so), so that what one file brings can always be shown, exported and carried on."""
    from kooperation.domain.text import clean_text, is_multiline, limit_for

    changes = {}
    for name in _COMMENT_TEXTS:
        key = f"comment.{name}"
        value = getattr(comment, name)
        cleaned, changed = clean_text(value, multiline=is_multiline(key))
        limit = limit_for(key)
        if len(cleaned) > limit:
            marker = " " + _("[gekürzt]") if limit > 40 else ""
            cleaned = cleaned[: limit - len(marker)] + marker
            changed = True
        if changed:
            changes[name] = cleaned
    return replace(comment, **changes) if changes else comment


def _comments(
    items: list[FileComment],
    match: _Matcher,
    locate,
    draft_id: str,
    role: Role,
    plan: ImportPlan,
    existing: list[Comment],
) -> None:
    from kooperation.review.docx_write import comment_body

    exported: dict[tuple[str, str], Comment] = {}
    imported: dict[tuple, str] = {}  # the place and content of a comment imported before -> key
    for c in existing:
        if c.origin == Origin.WORD_COMMENT:
            imported[_signature(c)] = c.origin_key
            continue  # imported before: recognised by its origin key (and counted as such)
        for text in (c.text, comment_body(c)):
            exported[(norm(c.author), norm(text))] = c
    ids: dict[str, Comment] = {}
    for item in items:  # parents come before their replies in a comments part
        what = _("Kommentar von {author}").format(author=item.author or _("Unbekannt"))
        try:
            _comment(item, what, match, locate, draft_id, role, plan, exported, imported, ids)
        except Exception as exc:  # noqa: BLE001 - one item never stops the others
            log.exception("planning a comment failed")
            plan.unusable.append(Unmatched(what, item.text, _cannot_read(exc)))


def _comment(
    item: FileComment,
    what: str,
    match: _Matcher,
    locate,
    draft_id: str,
    role: Role,
    plan: ImportPlan,
    exported: dict,
    imported: dict,
    ids: dict[str, Comment],
) -> None:
    """Plan one Word comment (see `_comments`)."""
    known = exported.get((norm(item.author), norm(item.text)))
    if known is not None:  # our own comment, exported for review and come back
        ids[item.key] = known
        return
    parent = ids.get(item.parent_key) if item.parent_key else None
    clause = parent and (match.by_id.get(parent.clause_id) or match.parts.get(parent.clause_id))
    clause = clause or locate(
        item.clause_id, item.part, item.heading, item.anchor_text, item.context
    )
    if clause is None:
        plan.unmatched.append(Unmatched(what, item.text))
        return
    text = item.text.strip() or _("(leerer Kommentar)")
    if item.durable_id:
        key = origin_key("word comment", item.durable_id, item.author, item.text)
    else:
        key = origin_key("comment", item.author, _minute(item.date), item.text, clause.id)
    comment = Comment(
        id=new_id(),
        draft_id=draft_id,
        clause_id=clause.id,
        text=text,
        author=short(item.author, MAX_AUTHOR) or _("Unbekannt"),
        initials=item.initials,
        role=role,
        kind=CommentKind.QUESTION if text.rstrip().endswith("?") else CommentKind.COMMENT,
        status=CommentStatus.RESOLVED if item.done else CommentStatus.OPEN,
        original_text=item.anchor_text,
        parent_id=parent.id if parent else None,
        created_at=item.date or utcnow(),
        origin=Origin.WORD_COMMENT,
        origin_key=key,
    )
    comment = fit_comment(comment)
    twin = imported.get(_signature(comment))
    if twin:  # imported before from another save of the file: the same comment
        comment = replace(comment, origin_key=twin)
    taken = plan.take(what, item.text, comment)
    if taken is not None:
        ids[item.key] = taken
        imported.setdefault(_signature(taken), taken.origin_key)


def _signature(comment: Comment) -> tuple:
    """What makes a Word comment the same one in another save of the file."""
    return (norm(comment.author), norm(comment.text), comment.clause_id,
            _minute(comment.created_at))  # fmt: skip


def _minute(value: datetime | None) -> str:
    """A time to the minute, in UTC (word processors keep no more than that for sure)."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M")


def _edits(
    placed: list[tuple[FileClause, ClauseText | None]],
    hosts: dict[int, ClauseText],
    placed_changes: list[tuple[FileChange, ClauseText | None]],
    draft_id: str,
    role: Role,
    editor: str,
    plan: ImportPlan,
) -> set[str]:
    """One wording suggestion per clause whose text in the file differs from the version's
    (tracked changes accepted), one comment per § the file inserts; returns the ids of the
    clauses found in the file. ``placed`` and ``placed_changes`` pair each clause and change of
    the file with the version's clause it belongs to (None if none)."""
    changes: dict[str, list[FileChange]] = {}
    for change, clause in placed_changes:
        if clause is not None:
            changes.setdefault(clause.id, []).append(change)
    seen: set[str] = set()
    for fc, clause in placed:
        what = _("Klausel „{title}“ der Datei").format(title=fc.title)
        try:
            if id(fc) in hosts:
                host = hosts[id(fc)]
                _new_clause(fc, host, changes.get(host.id, []), draft_id, role, plan)
                continue
            if clause is None or clause.id in seen:
                continue
            seen.add(clause.id)
            if norm(fc.text) == norm(clause.text):
                continue
            tracked = changes.get(clause.id, [])
            comment = _edit(fc, clause, tracked, draft_id, role, editor)
            if comment is None:
                plan.unusable.append(Unmatched(what, fc.title, _(
                    "Der Text von {heading} ließ sich in der Datei nicht sicher abgrenzen "
                    "(Überschrift nicht gefunden, Textmarke verschoben?) und wurde leer oder "
                    "unvollständig gelesen, ohne dass dort etwas gelöscht wurde; er wird "
                    "nicht als geändert übernommen."
                ).format(heading=clause.heading)))  # fmt: skip
                continue
            plan.take(what, fc.text or fc.title, comment)
        except Exception as exc:  # noqa: BLE001 - one item never stops the others
            log.exception("planning an edit failed")
            plan.unusable.append(Unmatched(what, fc.title, _cannot_read(exc)))
    return seen


def _cannot_read(exc: Exception) -> str:
    return _("Diese Stelle konnte nicht gelesen werden ({error}).").format(
        error=exc.__class__.__name__
    )


def _edit(
    fc: FileClause,
    clause: ClauseText,
    tracked: list[FileChange],
    draft_id: str,
    role: Role,
    editor: str,
) -> Comment | None:
    """The suggestion (or, for a text struck out entirely, the comment) for a clause whose text
    differs; None when the file's clause was found without its heading (its range rests on a
    bookmark alone, which a word processor may have moved) and no tracked change explains the
    difference: nothing says its text was really changed."""
    if not fc.has_heading and not tracked:
        return None
    authors = sorted({short(c.author, MAX_AUTHOR) for c in tracked if c.author.strip()})
    authors = authors[:LISTED_CHANGES] or [editor]
    dates = [c.date for c in tracked if c.date is not None]
    text = _describe(tracked, fc, clause)
    emptied = not fc.text.strip()  # the whole text struck: a comment that says so
    if emptied:
        deleted = any(c.kind == "delete" for c in tracked)
        if not deleted and not fc.has_heading:
            return None
        text = _("In der Datei wurde der gesamte Text von {heading} gestrichen.").format(
            heading=clause.heading
        ) + (" " + text if tracked else "")
    return Comment(
        id=new_id(),
        draft_id=draft_id,
        clause_id=clause.id,
        text=text,
        author=", ".join(authors),
        role=role,
        kind=CommentKind.COMMENT if emptied else CommentKind.SUGGESTION,
        original_text=clause.text,
        proposed_text=fc.text,
        created_at=min(dates) if dates else utcnow(),
        origin=Origin.TRACKED_CHANGE if tracked else Origin.PLAIN_EDIT,
        origin_key=origin_key("edit", clause.id, norm(clause.text), norm(fc.text)),
    )


def _new_clause(
    fc: FileClause,
    host: ClauseText,
    tracked: list[FileChange],
    draft_id: str,
    role: Role,
    plan: ImportPlan,
) -> None:
    """A § inserted in the file: a comment on the clause it follows, quoting the new §."""
    heading = f"{host.label} {fc.number} {fc.title}" if fc.number else fc.title
    new = "\n".join(t for t in (heading, fc.text) if t)
    mine = [c for c in tracked if c.kind == "insert" and norm(c.text) and norm(c.text) in norm(new)]
    authors = sorted({short(c.author, MAX_AUTHOR) for c in mine if c.author.strip()})
    dates = [c.date for c in mine if c.date is not None]
    text = (
        _("In der Datei wurde nach {heading} ein neuer Paragraf eingefügt:").format(
            heading=host.heading
        )
        + "\n"
        + new
    )
    comment = Comment(
        id=new_id(),
        draft_id=draft_id,
        clause_id=host.id,
        text=text,
        author=", ".join(authors[:LISTED_CHANGES]) or _("Unbekannt"),
        role=role,
        kind=CommentKind.COMMENT,
        created_at=min(dates) if dates else utcnow(),
        origin=Origin.TRACKED_CHANGE,
        origin_key=origin_key("new clause", host.id, norm(new)),
    )
    plan.take(_("Neuer Paragraf „{title}“").format(title=fc.title), new, comment)


def _part_changes(
    placed_changes: list[tuple[FileChange, ClauseText | None]],
    draft_id: str,
    role: Role,
    plan: ImportPlan,
) -> None:
    """Tracked changes on the title page, an annex, … : one comment per part listing them (a
    part has no wording to adopt)."""
    by_part: dict[str, tuple[ClauseText, list[FileChange]]] = {}
    for change, place in placed_changes:
        if place is not None and place.is_part:
            by_part.setdefault(place.id, (place, []))[1].append(change)
    for part, tracked in by_part.values():
        authors = sorted({short(c.author, MAX_AUTHOR) for c in tracked if c.author.strip()})
        dates = [c.date for c in tracked if c.date is not None]
        text = _("{part}: {changes}").format(
            part=part.heading, changes=_describe(tracked, None, part)
        )
        comment = Comment(
            id=new_id(),
            draft_id=draft_id,
            clause_id=part.id,
            text=text,
            author=", ".join(authors[:LISTED_CHANGES]) or _("Unbekannt"),
            role=role,
            created_at=min(dates) if dates else utcnow(),
            origin=Origin.TRACKED_CHANGE,
            origin_key=origin_key("part changes", part.id, *(norm(c.text) for c in tracked)),
        )
        plan.take(_("Nachverfolgte Änderungen in {part}").format(part=part.heading), text, comment)


def _describe(tracked: list[FileChange], fc: FileClause | None, clause: ClauseText) -> str:
    if not tracked:
        return _(
            "Der Text von {heading} wurde in der Datei ohne Änderungsverfolgung geändert."
        ).format(heading=clause.heading)
    parts = []
    for change in tracked[:LISTED_CHANGES]:
        template = _("eingefügt: „{text}“") if change.kind == "insert" else _("gelöscht: „{text}“")
        parts.append(template.format(text=short(change.text, 80)))
    if len(tracked) > LISTED_CHANGES:
        rest = len(tracked) - LISTED_CHANGES
        parts.append(
            ngettext("und {n} weitere Änderung", "und {n} weitere Änderungen", rest).format(n=rest)
        )
    extra = fc is not None and norm(fc.original_text) != norm(clause.text)
    text = _("Nachverfolgte Änderungen: {changes}").format(changes="; ".join(parts))
    if extra:
        text += " " + _("Außerdem wurde Text ohne Änderungsverfolgung geändert.")
    return text


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def import_review_docx(
    store,
    project_id: str,
    draft_id: str,
    data: bytes,
    role: Role = Role.LEGAL,
    editor: str = "",
) -> ImportReport:
    """Read ``data`` (a returned DOCX) and store its comments and changes on version
    ``draft_id``; one transaction, nothing stored when the file is refused."""
    from kooperation.review.docx_read import read_review_docx

    return store_review_file(store, project_id, draft_id, read_review_docx(data), role, editor)


def import_review_file(
    store,
    project_id: str,
    draft_id: str,
    path: str | os.PathLike[str],
    role: Role = Role.LEGAL,
    editor: str = "",
) -> ImportReport:
    """The same for a file on disk; its size is checked before anything is read."""
    from kooperation.review.docx_read import read_review_docx_file

    return store_review_file(store, project_id, draft_id, read_review_docx_file(path), role, editor)


def store_review_file(
    store, project_id: str, draft_id: str, found: ReviewFile, role: Role, editor: str
) -> ImportReport:
    """Match what was read from a returned DOCX to the version's clauses and store it."""
    from kooperation.review.clauses import continue_on_newest, version_outline

    version = store.get_draft_by_id(project_id, draft_id)
    clauses, parts = version_outline(version)
    existing = store.list_comments(project_id, version.id)
    plan = plan_import(found, clauses, version.id, Role(role), editor, existing, parts)
    # a file for an earlier version: matched against its own wording, continued on the newest
    comments, continued_in = continue_on_newest(
        store, project_id, version, clauses + parts, plan.comments
    )
    added, duplicates = store.add_imported_comments(project_id, comments)
    return ImportReport(
        added, duplicates, plan.unmatched, plan.missing, plan.unusable, continued_in
    )
