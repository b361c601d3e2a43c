"""Import a DOCX that came back from a reviewer: its comments and wording changes become
comments on the clauses of a stored version, and a report says what happened to every item.

Matching, in this order: the clause bookmark (``kl_<id>``) around the item; when bookmarks were
lost, the clause heading (number and title) or the text around the item. An item that fits no
clause is listed in the report as not matched, never dropped silently. Every imported comment
carries an ``origin_key`` made from its content, so importing the same file again adds nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from difflib import SequenceMatcher

from kooperation.domain.versions import version_label
from kooperation.i18n import _, ngettext
from kooperation.review.model import (
    ClauseText,
    Comment,
    CommentKind,
    FileChange,
    FileClause,
    FileComment,
    Origin,
    ReviewFile,
    Role,
    new_id,
    utcnow,
)

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
    """An item of the file that could not be put on a clause."""

    what: str  # e.g. "Kommentar von Dr. Berg"
    text: str


@dataclass
class ImportReport:
    """What an import did: comments added, items already imported before, items not matched,
    and clauses of the version the file no longer contains."""

    added: list[Comment] = field(default_factory=list)
    duplicates: list[Comment] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    missing_clauses: list[ClauseText] = field(default_factory=list)
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

    def __init__(self, clauses: list[ClauseText]) -> None:
        self.by_id = {c.id: c for c in clauses}
        self.by_heading = {(c.number, norm(c.title)): c for c in clauses}
        self.by_title = {norm(c.title): c for c in clauses}
        self.texts = [(c, norm(c.text)) for c in clauses]
        self._matchers: list[tuple[ClauseText, SequenceMatcher]] | None = None
        self._found: dict[str, ClauseText | None] = {}

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


def plan_import(
    found: ReviewFile,
    clauses: list[ClauseText],
    draft_id: str,
    role: Role = Role.LEGAL,
    editor: str = "",
    existing: list[Comment] | None = None,
) -> tuple[list[Comment], list[Unmatched], list[ClauseText]]:
    """The comments to store for ``found`` on the version with ``clauses``, the items that fit
    no clause, and the version's clauses the file does not contain. ``editor`` is named as the
    author of plain edits (a DOCX does not say who typed them). Word comments that are
    ``existing`` comments exported for review are not imported again; replies to them become
    replies to the existing comment."""
    match = _Matcher(clauses)
    placed = [(fc, match.file_clause(fc)) for fc in found.clauses]
    changes = [(ch, match.clause(ch.clause_id, ch.context)) for ch in found.changes]
    comments: list[Comment] = []
    unmatched: list[Unmatched] = []
    comments += _comments(found.comments, match, draft_id, role, unmatched, existing or [])
    edits, seen = _edits(placed, changes, draft_id, role, editor or _("Bearbeitung in der Datei"))
    comments += edits
    unmatched += [
        Unmatched(
            _("Nachverfolgte Änderung von {author}").format(author=ch.author or _("Unbekannt")),
            ch.text,
        )
        for ch, clause in changes
        if clause is None
    ]
    unmatched += [
        Unmatched(_("Klausel „{title}“ der Datei").format(title=fc.title), fc.original_text)
        for fc, clause in placed
        if clause is None
    ]
    missing = [c for c in clauses if c.id not in seen]
    return [fit_comment(c) for c in comments], unmatched, missing


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
    draft_id: str,
    role: Role,
    unmatched: list[Unmatched],
    existing: list[Comment],
) -> list[Comment]:
    from kooperation.review.docx_write import comment_body

    exported: dict[tuple[str, str], Comment] = {}
    for c in existing:
        if c.origin == Origin.WORD_COMMENT:
            continue  # imported before: recognised by its origin key (and counted as such)
        for text in (c.text, comment_body(c)):
            exported[(norm(c.author), norm(text))] = c
    out: list[Comment] = []
    ids: dict[str, Comment] = {}
    for item in items:  # parents come before their replies in a comments part
        known = exported.get((norm(item.author), norm(item.text)))
        if known is not None:  # our own comment, exported for review and come back
            ids[item.key] = known
            continue
        parent = ids.get(item.parent_key) if item.parent_key else None
        clause = parent and match.by_id.get(parent.clause_id)
        clause = clause or match.clause(item.clause_id, item.anchor_text, item.context)
        if clause is None:
            unmatched.append(
                Unmatched(_("Kommentar von {author}").format(author=item.author), item.text)
            )
            continue
        text = item.text.strip() or _("(leerer Kommentar)")
        comment = Comment(
            id=new_id(),
            draft_id=draft_id,
            clause_id=clause.id,
            text=text,
            author=short(item.author, MAX_AUTHOR) or _("Unbekannt"),
            initials=item.initials,
            role=role,
            kind=CommentKind.QUESTION if text.rstrip().endswith("?") else CommentKind.COMMENT,
            original_text=item.anchor_text,
            parent_id=parent.id if parent else None,
            created_at=item.date or utcnow(),
            origin=Origin.WORD_COMMENT,
            origin_key=origin_key("comment", item.author, _iso(item.date), item.text, clause.id),
        )
        ids[item.key] = comment
        out.append(comment)
    return out


def _edits(
    placed: list[tuple[FileClause, ClauseText | None]],
    placed_changes: list[tuple[FileChange, ClauseText | None]],
    draft_id: str,
    role: Role,
    editor: str,
) -> tuple[list[Comment], set[str]]:
    """One wording suggestion per clause whose text in the file differs from the version's
    (tracked changes accepted); returns them and the ids of the clauses found in the file.
    ``placed`` and ``placed_changes`` pair each clause and change of the file with the
    version's clause it belongs to (None if none)."""
    changes: dict[str, list[FileChange]] = {}
    for change, clause in placed_changes:
        if clause is not None:
            changes.setdefault(clause.id, []).append(change)
    out: list[Comment] = []
    seen: set[str] = set()
    for fc, clause in placed:
        if clause is None or clause.id in seen:
            continue
        seen.add(clause.id)
        if norm(fc.text) == norm(clause.text):
            continue
        tracked = changes.get(clause.id, [])
        authors = sorted({short(c.author, MAX_AUTHOR) for c in tracked if c.author.strip()})
        authors = authors[:LISTED_CHANGES] or [editor]
        dates = [c.date for c in tracked if c.date is not None]
        text = _describe(tracked, fc, clause)
        emptied = not fc.text.strip()  # the whole text struck: a comment that says so
        if emptied:
            text = _("In der Datei wurde der gesamte Text von {heading} gestrichen.").format(
                heading=clause.heading
            ) + (" " + text if tracked else "")
        out.append(
            Comment(
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
        )
    return out, seen


def _describe(tracked: list[FileChange], fc: FileClause, clause: ClauseText) -> str:
    if not tracked:
        return _("Der Text von {heading} wurde in der Datei ohne Änderungsverfolgung geändert.").format(
            heading=clause.heading
        )
    parts = []
    for change in tracked[:LISTED_CHANGES]:
        template = _("eingefügt: „{text}“") if change.kind == "insert" else _("gelöscht: „{text}“")
        parts.append(template.format(text=short(change.text, 80)))
    if len(tracked) > LISTED_CHANGES:
        rest = len(tracked) - LISTED_CHANGES
        parts.append(
            ngettext("und {n} weitere Änderung", "und {n} weitere Änderungen", rest).format(n=rest)
        )
    extra = norm(fc.original_text) != norm(clause.text)
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
    from kooperation.review.clauses import continue_on_newest, version_clauses

    version = store.get_draft_by_id(project_id, draft_id)
    clauses = version_clauses(version)
    existing = store.list_comments(project_id, version.id)
    comments, unmatched, missing = plan_import(
        found, clauses, version.id, Role(role), editor, existing
    )
    # a file for an earlier version: matched against its own wording, continued on the newest
    comments, continued_in = continue_on_newest(store, project_id, version, clauses, comments)
    added, duplicates = store.add_imported_comments(project_id, comments)
    return ImportReport(added, duplicates, unmatched, missing, continued_in)
