"""Project files in the store: the states of a project this store sent or took over, and
applying a merge in one transaction.

Every state of a project written into a project file ("sent") or read from one ("received") is
kept with its hash and its exchange form (table ``exchange_state``, migration 0010). A later file
names the states its side knows; the newest state both sides know is the common ancestor of the
three-way merge (`kooperation.domain.merge`). A state is kept once per project; recording it
again only moves its time forward. Rows go with their project.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kooperation.domain.changes import ChangeSet
from kooperation.domain.model import Project
from kooperation.domain.serialize import (
    DraftVersion,
    canonical_json,
    project_from_dict,
    project_to_dict,
)
from kooperation.errors import ConflictError
from kooperation.i18n import _
from kooperation.review.model import Comment
from kooperation.store import comments as commentstore
from kooperation.store import drafts as draftstore
from kooperation.store import mapping, writes
from kooperation.store.models import ExchangeStateRow, ProjectRow, ReviewCommentRow
from kooperation.timeutil import as_utc

KEEP_STATES = 50
"""States kept per project (the oldest go first): a file names at most `FILE_STATES` anyway."""
FILE_STATES = 20
"""States a project file names as known to its side (newest first)."""


def state_form(project: Project) -> dict[str, Any]:
    """The exchange form of a state without its times (saving changes those, not the state)."""
    form = project_to_dict(project)
    form.pop("updated_at", None)
    form.pop("created_at", None)
    return form


def state_hash(project: Project) -> str:
    """A fingerprint of what a project holds: equal for equal content on every machine."""
    return hashlib.sha256(canonical_json(state_form(project)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class KnownState:
    """A state of a project this store sent or received."""

    state_hash: str
    direction: str
    at: datetime


def known_states(s: Session, project_id: str) -> list[KnownState]:
    """The states of the project this store knows, newest first."""
    rows = s.execute(
        select(ExchangeStateRow.state_hash, ExchangeStateRow.direction, ExchangeStateRow.at)
        .where(ExchangeStateRow.project_id == project_id)
        .order_by(ExchangeStateRow.at.desc(), ExchangeStateRow.id.desc())
    ).all()
    return [KnownState(h, d, at) for h, d, at in rows]


def snapshot(s: Session, project_id: str, hash_: str) -> Project | None:
    """A known state as a project (None if this store does not know it)."""
    text = s.scalar(
        select(ExchangeStateRow.snapshot).where(
            ExchangeStateRow.project_id == project_id, ExchangeStateRow.state_hash == hash_
        )
    )
    return None if text is None else project_from_dict(json.loads(text))


def common_state(s: Session, project_id: str, hashes: set[str]) -> Project | None:
    """The newest known state whose hash is in ``hashes`` (None if none is)."""
    for state in known_states(s, project_id):
        if state.state_hash in hashes:
            return snapshot(s, project_id, state.state_hash)
    return None


def record(s: Session, project: Project, direction: str, now: datetime) -> str:
    """Remember ``project`` as a state sent or received now; returns its hash."""
    hash_ = state_hash(project)
    row = s.scalar(
        select(ExchangeStateRow).where(
            ExchangeStateRow.project_id == project.id, ExchangeStateRow.state_hash == hash_
        )
    )
    if row is None:
        form = state_form(project)
        s.add(ExchangeStateRow(project_id=project.id, state_hash=hash_, direction=direction, at=now,
                               snapshot=canonical_json(form)))
    else:
        row.at = now
        row.direction = direction
    s.flush()
    old = s.scalars(
        select(ExchangeStateRow)
        .where(ExchangeStateRow.project_id == project.id)
        .order_by(ExchangeStateRow.at.desc(), ExchangeStateRow.id.desc())
        .offset(KEEP_STATES)
    ).all()
    for r in old:
        s.delete(r)
    return hash_


def draft_key(draft: DraftVersion) -> str:
    """The identity of a draft version across stores: what it is and when it was made (its
    number differs between laptops; its id is the store's own)."""
    return _key(draft.kind, draft.created_at, draft.content_hash)


def _key(kind: str, created_at: datetime, content_hash: str) -> str:
    made = as_utc(created_at).replace(microsecond=0, tzinfo=None).isoformat()
    return f"{kind}|{made}|{content_hash}"


def stored_draft_keys(s: Session, project_id: str) -> dict[str, str]:
    """draft key → id of the stored version, for every version of the project."""
    return {_key(r.kind, r.created_at, r.content_hash): r.id for r in draftstore.version_rows(s, project_id)}


def comment_ids(s: Session, project_id: str) -> set[str]:
    return set(s.scalars(select(ReviewCommentRow.id).where(ReviewCommentRow.project_id == project_id)))


def apply_merge(
    s: Session,
    project: Project,
    revision: int | None,
    changes: ChangeSet,
    drafts: Iterable[DraftVersion],
    comments: Iterable[tuple[str, Comment]],
    received: Project,
    now: datetime,
) -> tuple[int, int]:
    """Write a merge computed from the project's state at ``revision``: the project's changes
    (checked against the stored values, see `kooperation.store.writes`) or, with ``revision``
    None, ``project`` as a new project; new draft versions (numbered after the project's own,
    per kind) with their comments; new comments on versions both sides have (``(draft key,
    comment)``); ``received`` as the state taken over. Raises `ConflictError` if the project
    changed since ``revision``. Returns (versions added, comments added)."""
    row = s.get(ProjectRow, project.id)
    if revision is None and row is None:
        for path, taken in mapping.foreign_ids(s, project):
            raise mapping.input_error(path, _("Die ID {id} gehört schon zu einem anderen Projekt.").format(id=taken))
        row = mapping.write_project(s, project, now)
        if project.updated_at is not None:
            row.updated_at = project.updated_at
    elif row is None or row.version != revision:
        raise ConflictError(_(
            "Das Projekt wurde geändert, während die Änderungen zusammengeführt wurden. "
            "Nichts wurde übernommen; bitte die Datei noch einmal übernehmen."))
    elif changes:
        writes.apply_changes(s, row, changes, now)
    known = stored_draft_keys(s, row.id)
    have = comment_ids(s, row.id)
    added_versions = added_comments = 0
    for draft in sorted(drafts, key=lambda d: d.created_at):
        key = draft_key(draft)
        if key in known:
            continue
        number = draftstore.next_number(s, row.id, draft.kind)
        stored = draftstore.insert_draft(s, row.id, replace(draft, number=number, id="", project_id=""))
        known[key] = stored.id
        added_versions += 1
        fresh = [c for c in draft.comments if c.id not in have]
        fresh_ids = {c.id for c in fresh} | have
        fresh = [replace(c, source_id=c.source_id if c.source_id in have else None,
                         parent_id=c.parent_id if c.parent_id in fresh_ids else None) for c in fresh]
        commentstore.insert_all(s, row.id, stored.id, fresh, new_ids=False)
        have |= {c.id for c in fresh}
        added_comments += len(fresh)
    for key, comment in comments:
        if comment.id in have or key not in known:
            continue
        if comment.parent_id is not None and comment.parent_id not in have:
            comment = replace(comment, parent_id=None)
        source = comment.source_id if comment.source_id in have else None
        commentstore.insert(s, row.id, replace(comment, draft_id=known[key], source_id=source), current_only=False)
        have.add(comment.id)
        added_comments += 1
    record(s, received, "received", now)
    if revision is not None and not changes and (added_versions or added_comments):
        s.flush()  # a new version or comment alone: open windows notice it too
        s.execute(update(ProjectRow).where(ProjectRow.id == row.id)
                  .values(version=ProjectRow.version + 1).execution_options(synchronize_session=False))
    return added_versions, added_comments
