"""Generating a draft: build the document model, render the formats, store the version.

This is the one path the CLI and the GUI use. It is all-or-nothing: every format is rendered in
memory first; only then are the files written (under temporary names) and the version stored in
one transaction; the files get their final names last. A failure at any step leaves the store and
the output folder as they were.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kooperation.domain.labels import format_day
from kooperation.domain.model import Project
from kooperation.domain.serialize import canonical_json, project_to_dict
from kooperation.drafting.build import build_agreement
from kooperation.drafting.docmodel import Document
from kooperation.drafting.sketch import build_sketch
from kooperation.errors import InputError, RenderError
from kooperation.i18n import _

KINDS = ("vertrag", "skizze")
FORMATS = ("docx", "pdf")
_FILE_TITLES = {"vertrag": "Kooperationsvertrag", "skizze": "Projektskizze"}

Progress = Callable[[int, str], None]


@dataclass
class DraftResult:
    number: int
    kind: str
    content_hash: str
    files: list[Path] = field(default_factory=list)
    open_points: int = 0
    sizes: dict[str, int] = field(default_factory=dict)


def build_document(project: Project, kind: str, language: str = "de", meta: dict[str, str] | None = None) -> Document:
    if kind == "skizze":
        return build_sketch(project, language, meta)
    if kind == "vertrag":
        return build_agreement(project, "vertrag", language, meta)
    raise InputError(_("Unbekannte Dokumentart „{kind}“. Möglich sind: {kinds}.").format(kind=kind, kinds=", ".join(KINDS)))


def render(doc: Document, fmt: str) -> bytes:
    if fmt == "docx":
        from kooperation.render.docx import render_docx

        return render_docx(doc)
    if fmt == "pdf":
        from kooperation.render.pdf import render_pdf

        return render_pdf(doc)
    raise InputError(_("Unbekanntes Format „{fmt}“. Möglich sind: {formats}.").format(fmt=fmt, formats=", ".join(FORMATS)))


def content_hash(doc: Document) -> str:
    """A hash of what the draft says (its document model without version number and date):
    two versions with the same hash have the same content."""
    data = dataclasses.asdict(doc)
    data.pop("meta", None)
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def slug(text: str, fallback: str = "projekt") -> str:
    """A file-name friendly form of a project name ("Lernfabrik Neckar-Alb" -> "Lernfabrik_Neckar-Alb")."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9-]+", "_", text).strip("_-")
    return text[:60] or fallback


def _check_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(_("„{path}“ ist kein Ordner.").format(path=out_dir))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(_("Der Ordner „{path}“ kann nicht angelegt werden: {error}").format(path=out_dir, error=exc.strerror)) from exc
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise InputError(_("In den Ordner „{path}“ kann nicht geschrieben werden.").format(path=out_dir))


def generate_draft(
    store,
    project_id: str,
    kind: str = "vertrag",
    formats: Iterable[str] = ("docx", "pdf"),
    out_dir: Path | None = None,
    language: str = "de",
    note: str = "",
    progress: Progress | None = None,
) -> DraftResult:
    """Generate ``kind`` for a project in ``formats``, store it as the next version and, if
    ``out_dir`` is given, write the files there."""
    step = progress or (lambda _pct, _msg: None)
    formats = list(dict.fromkeys(formats))
    if not formats:
        raise InputError(_("Bitte mindestens ein Format angeben (docx oder pdf)."))
    for fmt in formats:
        if fmt not in FORMATS:
            raise InputError(_("Unbekanntes Format „{fmt}“. Möglich sind: {formats}.").format(fmt=fmt, formats=", ".join(FORMATS)))
    if kind not in KINDS:
        raise InputError(_("Unbekannte Dokumentart „{kind}“. Möglich sind: {kinds}.").format(kind=kind, kinds=", ".join(KINDS)))
    if out_dir is not None:
        _check_out_dir(out_dir)

    step(5, _("Projekt wird geladen …"))
    project = store.load_project(project_id)
    number = max((d.number for d in store.list_drafts(project.id)), default=0) + 1
    now = datetime.now(UTC)
    meta = {"project": project.name, "version": str(number), "date": format_day(now.date())}
    step(15, _("Dokument wird zusammengestellt …"))
    doc = build_document(project, kind, language, meta)
    digest = content_hash(doc)
    base = f"{slug(project.name)}_{_FILE_TITLES.get(kind, kind)}_v{number}"
    rendered: list[tuple[str, str, bytes]] = []
    for i, fmt in enumerate(formats):
        step(25 + 55 * i // len(formats), _("{fmt} wird erzeugt …").format(fmt=fmt.upper()))
        rendered.append((fmt, f"{base}.{fmt}", render(doc, fmt)))

    step(85, _("Version wird gespeichert …"))
    written: list[tuple[Path, Path]] = []
    moved: list[Path] = []

    def move_into_place(_info) -> None:
        """Runs inside the store's transaction: if a file cannot be moved, nothing is stored."""
        for tmp, final in written:
            os.replace(tmp, final)
            moved.append(final)

    try:
        if out_dir is not None:
            for _fmt, filename, data in rendered:
                fd, tmp = tempfile.mkstemp(prefix=".kooperation-", suffix=".part", dir=out_dir)
                written.append((Path(tmp), out_dir / filename))
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
        snapshot = canonical_json(project_to_dict(project))
        info = store.add_draft_version(
            project.id,
            kind=kind,
            language=language,
            data_json=snapshot,
            content_hash=digest,
            files=rendered,
            template_version=doc.meta.get("template_version", ""),
            note=note,
            before_commit=move_into_place,
        )
    except BaseException as exc:
        for tmp, _final in written:
            tmp.unlink(missing_ok=True)
        for final in moved:
            final.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise RenderError(_("Die Dateien konnten nicht geschrieben werden: {error}").format(error=exc.strerror or exc)) from exc
        raise
    step(100, _("Fertig."))
    return DraftResult(
        number=info.number,
        kind=kind,
        content_hash=digest,
        files=[final for _tmp, final in written],
        open_points=len(doc.open_points),
        sizes={fmt: len(data) for fmt, _name, data in rendered},
    )
