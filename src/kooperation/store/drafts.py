"""Draft versions in the store: numbered per project and kind ("Vertrag v3", "Skizze v2"), each
with its snapshot and files. Across kinds, versions are listed in the order they were made."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kooperation.domain.model import new_id
from kooperation.domain.serialize import (
    DRAFT_FORMATS,
    DraftFile,
    DraftFileInfo,
    DraftVersion,
    DraftVersionInfo,
)
from kooperation.domain.versions import version_label
from kooperation.errors import InputError
from kooperation.i18n import _
from kooperation.store import blobs
from kooperation.store.models import DraftFileRow, DraftVersionRow


def insert_draft(s: Session, project_id: str, draft: DraftVersion) -> DraftVersion:
    """Store ``draft`` under its number (the caller chose it) with a new id, after the versions
    the project has."""
    formats = [f.format for f in draft.files]
    for fmt in formats:
        if fmt not in DRAFT_FORMATS:
            raise InputError(
                _("{format} ist kein Format für Entwürfe (erlaubt: {allowed}).").format(
                    format=fmt, allowed=", ".join(DRAFT_FORMATS)
                )
            )
    if len(formats) != len(set(formats)):
        raise InputError(_("Eine Entwurfsversion kann jedes Format nur einmal enthalten."))
    if version_row(s, project_id, draft.number, draft.kind) is not None:
        raise InputError(
            _("{version} gibt es in diesem Projekt schon.").format(
                version=version_label(draft.kind, draft.number)
            )
        )
    last = s.scalar(select(func.max(DraftVersionRow.seq)).where(DraftVersionRow.project_id == project_id))
    row = DraftVersionRow(
        id=new_id(),
        project_id=project_id,
        seq=(last or 0) + 1,
        number=draft.number,
        kind=draft.kind,
        language=draft.language,
        created_at=draft.created_at,
        content_hash=draft.content_hash,
        data_json=draft.data_json,
        template_version=draft.template_version,
        note=draft.note,
    )
    s.add(row)
    s.flush()  # the version row first: no ORM relationship tells the unit of work the order
    for f in draft.files:
        file_row = DraftFileRow(
            id=new_id(),
            draft_version_id=row.id,
            format=f.format,
            filename=f.filename,
            sha256=hashlib.sha256(f.content).hexdigest(),
            size=len(f.content),
        )
        s.add(file_row)
        s.flush()
        blobs.store_file(s, file_row.id, f.content)
    return full_draft(s, row)


def next_number(s: Session, project_id: str, kind: str) -> int:
    """The number the next draft of ``kind`` gets (call inside a write transaction)."""
    last = s.scalar(
        select(func.max(DraftVersionRow.number)).where(
            DraftVersionRow.project_id == project_id, DraftVersionRow.kind == kind
        )
    )
    return (last or 0) + 1


def version_rows(s: Session, project_id: str) -> list[DraftVersionRow]:
    """The versions of a project in the order they were made (all kinds)."""
    return list(
        s.scalars(
            select(DraftVersionRow)
            .where(DraftVersionRow.project_id == project_id)
            .order_by(DraftVersionRow.seq)
        )
    )


def version_row(s: Session, project_id: str, number: int, kind: str) -> DraftVersionRow | None:
    return s.scalars(
        select(DraftVersionRow).where(
            DraftVersionRow.project_id == project_id,
            DraftVersionRow.kind == kind,
            DraftVersionRow.number == number,
        )
    ).first()


def newest_of_kind(s: Session, row: DraftVersionRow) -> DraftVersionRow:
    """The newest version of the same project and kind as ``row`` (``row`` itself if it is)."""
    return s.scalars(
        select(DraftVersionRow)
        .where(DraftVersionRow.project_id == row.project_id, DraftVersionRow.kind == row.kind)
        .order_by(DraftVersionRow.number.desc())
    ).first() or row


def infos(s: Session, project_id: str) -> list[DraftVersionInfo]:
    """The versions of a project without file contents (those are not even read)."""
    formats: dict[str, list[DraftFileInfo]] = defaultdict(list)
    for vid, fmt, filename, size, sha in s.execute(
        select(
            DraftFileRow.draft_version_id,
            DraftFileRow.format,
            DraftFileRow.filename,
            DraftFileRow.size,
            DraftFileRow.sha256,
        )
        .join(DraftVersionRow)
        .where(DraftVersionRow.project_id == project_id)
        .order_by(DraftFileRow.format)
    ):
        formats[vid].append(DraftFileInfo(fmt, filename, size, sha))
    return [info(r, formats.get(r.id, [])) for r in version_rows(s, project_id)]


def info(row: DraftVersionRow, files: list[DraftFileInfo]) -> DraftVersionInfo:
    return DraftVersionInfo(
        id=row.id,
        project_id=row.project_id,
        number=row.number,
        kind=row.kind,
        language=row.language,
        created_at=row.created_at,
        content_hash=row.content_hash,
        template_version=row.template_version,
        note=row.note,
        files=files,
    )


def full_draft(s: Session, row: DraftVersionRow, comments: Iterable = ()) -> DraftVersion:
    """A stored version with its files; ``comments`` are those it carries (see
    `kooperation.store.comments.draft_with_comments`, which looks them up)."""
    files = s.scalars(
        select(DraftFileRow)
        .where(DraftFileRow.draft_version_id == row.id)
        .order_by(DraftFileRow.format)
    ).all()
    contents = blobs.read_files(s, [(f.id, f.sha256, f.filename) for f in files])
    return DraftVersion(
        number=row.number,
        kind=row.kind,
        language=row.language,
        created_at=row.created_at,
        content_hash=row.content_hash,
        data_json=row.data_json,
        files=[DraftFile(f.format, f.filename, contents[f.id], f.sha256) for f in files],
        template_version=row.template_version,
        note=row.note,
        id=row.id,
        project_id=row.project_id,
        comments=list(comments),
    )
