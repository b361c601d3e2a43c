"""Review comments in the store: on a clause of a draft version, with replies.

Functions on an open session; `kooperation.store.repository.Store` wraps each in a transaction.
A reply lives on the version and clause of its parent. When a new version of the same kind is
stored, the open threads of the previous one continue on it as copies that name their original
(`carry_forward`); the earlier version keeps its record as it was and is read-only from then on
(`check_current`): comments are written, changed and answered on the newest version only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kooperation.domain.serialize import DraftVersion
from kooperation.domain.versions import version_label
from kooperation.errors import ConflictError, InputError, NotFoundError
from kooperation.i18n import _
from kooperation.review.model import (
    Comment,
    CommentStatus,
    comment_problem,
    new_id,
    same_text,
    utcnow,
)
from kooperation.store.drafts import full_draft, newest_of_kind
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
        source_id=row.source_id,
    )


def check(comment: Comment) -> None:
    """Refuse a comment a reader could not use (see `comment_problem`)."""
    problem = comment_problem(comment)
    if problem is not None:
        raise InputError(problem)


def version_row(s: Session, project_id: str, draft_id: str) -> DraftVersionRow:
    row = s.get(DraftVersionRow, draft_id)
    if row is None or row.project_id != project_id:
        raise NotFoundError(_("Diese Entwurfsversion gibt es im Projekt nicht."))
    return row


def check_current(s: Session, row: DraftVersionRow) -> None:
    """Refuse to change the comments of a version that has a newer one of its kind: its record
    stays as it was, its open points continue on the newer version."""
    newest = newest_of_kind(s, row)
    if newest.id != row.id:
        raise InputError(
            _(
                "{version} ist eine frühere Version und kann nur gelesen werden; offene Punkte "
                "werden in {newest} weitergeführt. Bitte dort kommentieren."
            ).format(
                version=version_label(row.kind, row.number),
                newest=version_label(newest.kind, newest.number),
            )
        )


def comment_row(s: Session, project_id: str, comment_id: str) -> ReviewCommentRow:
    row = s.get(ReviewCommentRow, comment_id)
    if row is None or row.project_id != project_id:
        raise NotFoundError(_("Diesen Kommentar gibt es nicht (mehr)."))
    return row


def insert(s: Session, project_id: str, comment: Comment, current_only: bool = True) -> Comment:
    """Store a new comment (a reply takes the version and clause of its parent); with
    ``current_only`` only on the newest version of its kind (see `check_current`)."""
    if comment.parent_id is not None:
        parent = comment_row(s, project_id, comment.parent_id)
        if parent.parent_id is not None:  # replies form one flat thread under the comment
            parent = comment_row(s, project_id, parent.parent_id)
        comment = replace(comment, parent_id=parent.id, draft_id=parent.draft_version_id,
                          clause_id=parent.clause_id)
    check(comment)
    version = version_row(s, project_id, comment.draft_id)
    if current_only:
        check_current(s, version)
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
            source_id=comment.source_id,
            position=position or 0,
        )
    )
    s.flush()
    return to_comment(s.get(ReviewCommentRow, comment.id))


def insert_all(
    s: Session,
    project_id: str,
    draft_id: str,
    comments: Iterable[Comment],
    new_ids: bool,
    ids: dict[str, str] | None = None,
) -> None:
    """Store the comments of an imported version (replies after their comment), under new ids
    if asked (the references between them follow). ``ids`` (old id → new id) is shared by the
    versions of one import, so that a comment's ``source_id`` on an earlier version follows."""
    ids = {} if ids is None else ids
    for comment in comments:
        new = new_id() if new_ids else comment.id
        ids[comment.id] = new
        parent = ids.get(comment.parent_id, comment.parent_id) if comment.parent_id else None
        source = ids.get(comment.source_id) if comment.source_id else None
        if source is None and not new_ids:
            source = comment.source_id
        insert(
            s,
            project_id,
            replace(comment, id=new, draft_id=draft_id, parent_id=parent, source_id=source),
            current_only=False,
        )


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
    check_current(s, version_row(s, project_id, row.draft_version_id))
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
    if draft_id is None or not _is_newest(s, draft_id):
        continued = continued_in(s, project_id)
        for comment in out:
            comment.continued_in = continued.get(comment.id)
    return out


def _is_newest(s: Session, draft_id: str) -> bool:
    row = s.get(DraftVersionRow, draft_id)
    return row is None or newest_of_kind(s, row).id == row.id


def continued_in(s: Session, project_id: str) -> dict[str, int]:
    """Comment id → the number of the newest version its thread continues in (for comments
    that were carried on; the chain of copies is followed to its end)."""
    copies = {
        source: (cid, number)
        for cid, source, number in s.execute(
            select(ReviewCommentRow.id, ReviewCommentRow.source_id, DraftVersionRow.number)
            .join(DraftVersionRow, DraftVersionRow.id == ReviewCommentRow.draft_version_id)
            .where(ReviewCommentRow.project_id == project_id, ReviewCommentRow.source_id.is_not(None))
            .order_by(DraftVersionRow.seq)
        )
    }
    out: dict[str, int] = {}
    for source in copies:
        current, seen, number = source, {source}, None
        while current in copies:
            current, number = copies[current]
            if current in seen:
                break
            seen.add(current)
        if number is not None:
            out[source] = number
    return out


def _created(row: ReviewCommentRow) -> datetime:
    return row.created_at


def current_thread(s: Session, project_id: str, comment_id: str) -> str | None:
    """Where a reply to ``comment_id`` belongs: the comment itself when it is on the newest
    version of its kind, else its copy there; None when the thread ended on an earlier version
    (it was not open when the next version was made)."""
    seen = {comment_id}
    row = comment_row(s, project_id, comment_id)
    while True:
        version = version_row(s, project_id, row.draft_version_id)
        if newest_of_kind(s, version).id == version.id:
            return row.id
        copy = s.scalars(
            select(ReviewCommentRow).where(ReviewCommentRow.source_id == row.id)
        ).first()
        if copy is None or copy.id in seen:
            return None
        seen.add(copy.id)
        row = copy


def origin_keys(s: Session, project_id: str) -> dict[str, str]:
    """The origin keys of a project's imported comments, each with its comment's id; a thread
    carried on to later versions answers with its newest copy (where a reply belongs)."""
    return dict(
        s.execute(
            select(ReviewCommentRow.origin_key, ReviewCommentRow.id)
            .join(DraftVersionRow, DraftVersionRow.id == ReviewCommentRow.draft_version_id)
            .where(ReviewCommentRow.project_id == project_id, ReviewCommentRow.origin_key != "")
            .order_by(DraftVersionRow.seq)
        ).all()
    )


def carry_forward(
    s: Session,
    project_id: str,
    new_row: DraftVersionRow,
    new_texts: dict[str, str],
    old_texts: Callable[[DraftVersion], dict[str, str]],
) -> tuple[int, int]:
    """Continue the open threads of the previous version of the same kind on ``new_row``.

    Each open comment is copied with its replies to the new version (new ids, ``source_id``
    naming the original); the originals stay on the earlier version unchanged. ``new_texts``
    maps each clause of the new version to its text, ``old_texts(version)`` gives the same for
    the previous version (only called when there is something to carry). A comment on a clause
    whose text is unchanged continues as it is; one on a changed clause, or on a clause the new
    version no longer has, is flagged for re-check. Returns (carried, flagged).
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
            select(ReviewCommentRow)
            .where(
                ReviewCommentRow.draft_version_id == previous.id,
                ReviewCommentRow.parent_id.is_(None),
                ReviewCommentRow.status == str(CommentStatus.OPEN),
            )
            .order_by(ReviewCommentRow.position, ReviewCommentRow.created_at)
        )
    )
    if not open_rows:
        return 0, 0
    before = old_texts(full_draft(s, previous))
    position = s.scalar(
        select(func.count()).where(ReviewCommentRow.draft_version_id == new_row.id)
    ) or 0
    carried = flagged = 0
    for row in open_rows:
        changed = row.clause_id not in new_texts or not same_text(
            before.get(row.clause_id), new_texts[row.clause_id]
        )
        top_id = new_id()
        thread = [row, *sorted(
            s.scalars(select(ReviewCommentRow).where(ReviewCommentRow.parent_id == row.id)),
            key=_created,
        )]
        for original in thread:
            is_top = original is row
            s.add(_copy(
                original,
                id=top_id if is_top else new_id(),
                draft_version_id=new_row.id,
                parent_id=None if is_top else top_id,
                carried_from=original.carried_from or previous.number,
                needs_recheck=(original.needs_recheck or changed) if is_top else original.needs_recheck,
                source_id=original.id,
                position=position,
            ))
            position += 1
        flagged += changed
        carried += 1
    s.flush()
    return carried, flagged


_COPIED = ("project_id", "clause_id", "author", "initials", "role", "kind", "status", "text",
           "proposed_text", "original_text", "created_at", "updated_at", "origin", "origin_key")


def _copy(row: ReviewCommentRow, **fields: object) -> ReviewCommentRow:
    return ReviewCommentRow(**{name: getattr(row, name) for name in _COPIED}, **fields)


def draft_with_comments(s: Session, row: DraftVersionRow) -> DraftVersion:
    """A stored version with its files and its comments (each followed by its replies)."""
    return full_draft(s, row, select_comments(s, row.project_id, row.id))
