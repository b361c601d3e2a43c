"""Review comments in the store: on a clause of a draft version, with replies.

Functions on an open session; `kooperation.store.repository.Store` wraps each in a transaction.
A reply lives on the version and clause of its parent. When a new version of the same kind is
stored, the open comments of the previous one move to it (`carry_forward`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kooperation.domain.serialize import DraftVersion
from kooperation.errors import ConflictError, InputError, NotFoundError
from kooperation.i18n import _
from kooperation.review.model import (
    Comment,
    CommentKind,
    CommentStatus,
    new_id,
    same_text,
    utcnow,
)
from kooperation.store.drafts import full_draft
from kooperation.store.models import DraftVersionRow, ReviewCommentRow

EDITABLE = ("text", "proposed_text", "original_text", "status", "kind", "role", "author",
            "initials", "clause_id", "needs_recheck")


def to_comment(row: ReviewCommentRow) -> Comment:
    return Comment(
        id=row.id,
        draft_id=row.draft_version_id,
        clause_id=row.clause_id,
        text=row.text,
        author=row.author,
        role=row.role,
        kind=row.kind,
        status=row.status,
        initials=row.initials,
        proposed_text=row.proposed_text,
        original_text=row.original_text,
        parent_id=row.parent_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        origin=row.origin,
        origin_key=row.origin_key,
        needs_recheck=row.needs_recheck,
        carried_from=row.carried_from,
    )


def check(comment: Comment) -> None:
    """Refuse a comment a reader could not use."""
    if not comment.author.strip():
        raise InputError(_("Bitte angeben, wer den Kommentar schreibt."))
    if not comment.clause_id:
        raise InputError(_("Ein Kommentar gehört zu einer Klausel; es wurde keine gewählt."))
    if comment.kind == CommentKind.SUGGESTION and comment.parent_id is None:
        if not comment.proposed_text.strip():
            raise InputError(_("Ein Formulierungsvorschlag braucht den vorgeschlagenen Text."))
    elif not comment.text.strip():
        raise InputError(_("Der Kommentar ist leer."))


def version_row(s: Session, project_id: str, draft_id: str) -> DraftVersionRow:
    row = s.get(DraftVersionRow, draft_id)
    if row is None or row.project_id != project_id:
        raise NotFoundError(_("Diese Entwurfsversion gibt es im Projekt nicht."))
    return row


def comment_row(s: Session, project_id: str, comment_id: str) -> ReviewCommentRow:
    row = s.get(ReviewCommentRow, comment_id)
    if row is None or row.project_id != project_id:
        raise NotFoundError(_("Diesen Kommentar gibt es nicht (mehr)."))
    return row


def insert(s: Session, project_id: str, comment: Comment) -> Comment:
    """Store a new comment (a reply takes the version and clause of its parent)."""
    if comment.parent_id is not None:
        parent = comment_row(s, project_id, comment.parent_id)
        if parent.parent_id is not None:  # replies form one flat thread under the comment
            parent = comment_row(s, project_id, parent.parent_id)
        comment = replace(comment, parent_id=parent.id, draft_id=parent.draft_version_id,
                          clause_id=parent.clause_id)
    check(comment)
    version_row(s, project_id, comment.draft_id)
    if s.get(ReviewCommentRow, comment.id) is not None:
        raise InputError(_("Diesen Kommentar gibt es schon."))
    position = s.scalar(
        select(func.count()).where(ReviewCommentRow.draft_version_id == comment.draft_id)
    )
    s.add(
        ReviewCommentRow(
            id=comment.id,
            project_id=project_id,
            draft_version_id=comment.draft_id,
            parent_id=comment.parent_id,
            clause_id=comment.clause_id,
            author=comment.author.strip(),
            initials=comment.initials,
            role=str(comment.role),
            kind=str(comment.kind),
            status=str(comment.status),
            text=comment.text,
            proposed_text=comment.proposed_text,
            original_text=comment.original_text,
            created_at=comment.created_at,
            updated_at=comment.updated_at,
            origin=str(comment.origin),
            origin_key=comment.origin_key,
            needs_recheck=comment.needs_recheck,
            carried_from=comment.carried_from,
            position=position or 0,
        )
    )
    s.flush()
    return to_comment(s.get(ReviewCommentRow, comment.id))


def insert_all(
    s: Session, project_id: str, draft_id: str, comments: Iterable[Comment], new_ids: bool
) -> None:
    """Store the comments of an imported version (replies after their comment), under new ids
    if asked (the references between them follow)."""
    ids: dict[str, str] = {}
    for comment in comments:
        new = new_id() if new_ids else comment.id
        ids[comment.id] = new
        parent = ids.get(comment.parent_id, comment.parent_id) if comment.parent_id else None
        insert(s, project_id, replace(comment, id=new, draft_id=draft_id, parent_id=parent))


def update(
    s: Session, project_id: str, comment_id: str, fields: dict, expected: dict | None = None
) -> Comment:
    """Change some fields of a comment (see `EDITABLE`); the whole result is checked. With
    ``expected`` (field -> the value the edit started from), a field someone else changed in the
    meantime refuses the whole change (`ConflictError`) instead of overwriting it."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InputError(_("Unbekannte Felder: {names}").format(names=", ".join(sorted(unknown))))
    row = comment_row(s, project_id, comment_id)
    current = to_comment(row)
    for name, old in (expected or {}).items():
        now = getattr(current, name)
        if name in fields and now != old and now != fields[name]:
            raise ConflictError(
                _(
                    "Der Kommentar wurde inzwischen an anderer Stelle geändert "
                    "(„{field}“ ist jetzt „{value}“). Ihre Änderung wurde nicht gespeichert."
                ).format(field=name, value=str(getattr(now, "value", now))[:80])
            )
    changed = replace(current, **fields)
    check(changed)
    for name in fields:
        value = getattr(changed, name)
        setattr(row, name, str(value) if name in ("status", "kind", "role") else value)
    row.updated_at = utcnow()
    if fields.get("status") not in (None, CommentStatus.OPEN, "open"):
        row.needs_recheck = bool(fields.get("needs_recheck", False))
    s.flush()
    return to_comment(row)


def select_comments(
    s: Session,
    project_id: str,
    draft_id: str | None = None,
    status: str | None = None,
    author: str | None = None,
    clause_id: str | None = None,
) -> list[Comment]:
    """Comments of a project (or one version) in their order, replies after their comment.

    The filters apply to top-level comments; a comment that passes keeps all its replies.
    """
    query = select(ReviewCommentRow).where(ReviewCommentRow.project_id == project_id)
    if draft_id is not None:
        query = query.where(ReviewCommentRow.draft_version_id == draft_id)
    rows = list(s.scalars(query.order_by(ReviewCommentRow.position, ReviewCommentRow.created_at)))
    tops = [r for r in rows if r.parent_id is None]
    if status is not None:
        tops = [r for r in tops if r.status == status]
    if author is not None:
        tops = [r for r in tops if r.author == author]
    if clause_id is not None:
        tops = [r for r in tops if r.clause_id == clause_id]
    replies: dict[str, list[ReviewCommentRow]] = {}
    for r in rows:
        if r.parent_id is not None:
            replies.setdefault(r.parent_id, []).append(r)
    out: list[Comment] = []
    for top in tops:
        out.append(to_comment(top))
        out.extend(to_comment(r) for r in sorted(replies.get(top.id, []), key=_created))
    return out


def _created(row: ReviewCommentRow) -> datetime:
    return row.created_at


def origin_keys(s: Session, project_id: str) -> dict[str, str]:
    """The origin keys of a project's imported comments, each with its comment's id."""
    return dict(
        s.execute(
            select(ReviewCommentRow.origin_key, ReviewCommentRow.id).where(
                ReviewCommentRow.project_id == project_id, ReviewCommentRow.origin_key != ""
            )
        ).all()
    )


def carry_forward(
    s: Session,
    project_id: str,
    new_row: DraftVersionRow,
    new_texts: dict[str, str],
    old_texts: Callable[[DraftVersion], dict[str, str]],
) -> tuple[int, int]:
    """Move the open comments of the previous version of the same kind to ``new_row``.

    ``new_texts`` maps each clause of the new version to its text, ``old_texts(version)`` gives
    the same for the previous version (only called when there is something to move). A comment
    on a clause whose text is unchanged moves as it is; one on a changed clause moves and is
    flagged for re-check; one on a clause the new version no longer has stays where it is,
    flagged. Replies go with their comment. Returns (moved, flagged).
    """
    previous = s.scalars(
        select(DraftVersionRow)
        .where(
            DraftVersionRow.project_id == project_id,
            DraftVersionRow.kind == new_row.kind,
            DraftVersionRow.number < new_row.number,
        )
        .order_by(DraftVersionRow.number.desc())
    ).first()
    if previous is None:
        return 0, 0
    open_rows = list(
        s.scalars(
            select(ReviewCommentRow).where(
                ReviewCommentRow.draft_version_id == previous.id,
                ReviewCommentRow.parent_id.is_(None),
                ReviewCommentRow.status == str(CommentStatus.OPEN),
            )
        )
    )
    if not open_rows:
        return 0, 0
    before = old_texts(full_draft(s, previous))
    moved = flagged = 0
    for row in open_rows:
        if row.clause_id not in new_texts:
            row.needs_recheck = True
            flagged += 1
            continue
        changed = not same_text(before.get(row.clause_id), new_texts[row.clause_id])
        if row.carried_from is None:
            row.carried_from = previous.number
        row.needs_recheck = row.needs_recheck or changed
        flagged += changed
        for r in _with_replies(s, row):
            r.draft_version_id = new_row.id
        moved += 1
    s.flush()
    return moved, flagged


def _with_replies(s: Session, row: ReviewCommentRow) -> Iterable[ReviewCommentRow]:
    yield row
    yield from s.scalars(select(ReviewCommentRow).where(ReviewCommentRow.parent_id == row.id))


def draft_with_comments(s: Session, row: DraftVersionRow) -> DraftVersion:
    """A stored version with its files and its comments (each followed by its replies)."""
    return full_draft(s, row, select_comments(s, row.project_id, row.id))
