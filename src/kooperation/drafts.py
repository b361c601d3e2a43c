"""Generating a draft: render it (pure work), then store it as the next version (all-or-nothing).

Two steps, so that the window can run the slow one off the GUI thread:

* `render_draft` builds the document model from a `Project` and renders every format in memory.
  It needs no store and changes nothing, so it may run on a worker thread.
* `store_draft` writes the rendered files under temporary names, commits the version, and only
  then gives the files their final names: a file in the output folder always belongs to a stored
  version, and a failure before the commit leaves the store and the folder as they were.

`generate_draft` does both for the command line.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from kooperation.atomic import publish, remove_stale_parts, write_temp
from kooperation.domain.labels import format_day
from kooperation.domain.model import Project
from kooperation.domain.serialize import (
    DraftVersion,
    DraftVersionInfo,
    canonical_json,
    project_to_dict,
)
from kooperation.domain.versions import version_label, version_ref
from kooperation.drafting.docmodel import Document
from kooperation.drafting.documents import KINDS, build_document
from kooperation.drafting.languages import document_language_for, languages_of, primary_language
from kooperation.errors import InputError, RenderError
from kooperation.i18n import _, document_language
from kooperation.review.clauses import (
    clause_texts,
    doc_clauses,
    doc_parts,
    docx_parts,
    version_outline,
)
from kooperation.review.model import ClauseText

FORMATS = ("docx", "pdf")
_FILE_TITLES = {
    "de": {"vertrag": "Kooperationsvertrag", "skizze": "Projektskizze",
           "absichtserklaerung": "Absichtserklaerung", "vertraulichkeit": "Vertraulichkeitsvereinbarung"},
    "en": {"vertrag": "Cooperation_Agreement", "skizze": "Project_Sketch",
           "absichtserklaerung": "Letter_of_Intent", "vertraulichkeit": "Confidentiality_Agreement"},
}
FILE_WORDS = {"de": {"comments": "Anmerkungen", "comparison": "Vergleich"},
              "en": {"comments": "Comments", "comparison": "Comparison"}}
"""The other words in file names, by the document's (prevailing) language."""



def file_title(kind: str, language: str | None = "de") -> str:
    """The document's name in file names (ASCII) in the document's (prevailing) language:
    "Kooperationsvertrag", "Absichtserklaerung" …; "Cooperation_Agreement" … in English."""
    titles = _FILE_TITLES.get(primary_language(language), _FILE_TITLES["de"])
    return titles.get(kind, kind)


def file_word(word: str, language: str | None = "de") -> str:
    """One of `FILE_WORDS` ("comments", "comparison") in the document's language."""
    return FILE_WORDS.get(primary_language(language), FILE_WORDS["de"])[word]


Progress = Callable[[int, str], None]
"""Called with a percentage (0–100) and a short text saying what is being done."""

_RENDER_LOCK = threading.Lock()
"""The renderers (reportlab above all) keep module-level state: one rendering at a time."""

RENDER_LOCK = _RENDER_LOCK
"""The same lock for other renderings off the GUI thread (e.g. the work plan poster)."""


@dataclass
class RenderedDraft:
    """A draft rendered in memory and not yet stored: everything `store_draft` needs.

    ``number`` is the version number (of its kind) the document shows; `store_draft` refuses to
    store it under another number. ``files`` holds ``(format, filename, bytes)`` per format.
    """

    project_id: str
    project_name: str
    kind: str
    language: str
    number: int
    content_hash: str
    snapshot_json: str
    template_version: str = ""
    open_points: int = 0
    files: list[tuple[str, str, bytes]] = field(default_factory=list)
    clauses: list[ClauseText] = field(default_factory=list)  # the numbered clauses, for review
    parts: list[ClauseText] = field(default_factory=list)  # title page, annexes, …: for review
    notices: list[str] = field(default_factory=list)  # e.g. a firm's broken library left out

    @property
    def sizes(self) -> dict[str, int]:
        return {fmt: len(data) for fmt, _name, data in self.files}


@dataclass
class DraftResult:
    number: int
    kind: str
    content_hash: str
    files: list[Path] = field(default_factory=list)
    open_points: int = 0
    sizes: dict[str, int] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    project_revision: int | None = None
    """The project's revision the stored version left (see `DraftVersionInfo.project_revision`)."""


def render(doc: Document, fmt: str) -> bytes:
    if doc.parallel is not None and fmt in FORMATS:  # German and English side by side
        if fmt == "docx":
            from kooperation.render.docx_bilingual import render_bilingual_docx

            return render_bilingual_docx(doc)
        from kooperation.render.pdf_bilingual import render_bilingual_pdf

        return render_bilingual_pdf(doc)
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
    if data.get("parallel") is None:  # a draft in one language hashes as before bilingual ones
        data.pop("parallel", None)
    else:
        data["parallel"].pop("meta", None)
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def slug(text: str, fallback: str = "projekt") -> str:
    """A file-name friendly form of a project name ("Lernfabrik Neckar-Alb" -> "Lernfabrik_Neckar-Alb")."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9-]+", "_", text).strip("_-")
    return text[:60] or fallback


def check_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(_("„{path}“ ist kein Ordner.").format(path=out_dir))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(_("Der Ordner „{path}“ kann nicht angelegt werden: {error}").format(path=out_dir, error=exc.strerror)) from exc
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise InputError(_("In den Ordner „{path}“ kann nicht geschrieben werden.").format(path=out_dir))


def _no_progress(_pct: int, _msg: str) -> None:
    pass


def check_request(kind: str, formats: Iterable[str]) -> list[str]:
    """Validate a document kind and formats; returns the formats without duplicates."""
    wanted = list(dict.fromkeys(formats))
    if not wanted:
        raise InputError(_("Bitte mindestens ein Format angeben (docx oder pdf)."))
    for fmt in wanted:
        if fmt not in FORMATS:
            raise InputError(_("Unbekanntes Format „{fmt}“. Möglich sind: {formats}.").format(fmt=fmt, formats=", ".join(FORMATS)))
    if kind not in KINDS:
        raise InputError(_("Unbekannte Dokumentart „{kind}“. Möglich sind: {kinds}.").format(kind=kind, kinds=", ".join(KINDS)))
    return wanted


def next_draft_number(store, project_id: str, kind: str = "vertrag") -> int:
    """The number the next stored version of ``kind`` will get (each kind counts on its own)."""
    return max((d.number for d in store.list_drafts(project_id) if d.kind == kind), default=0) + 1


def render_draft(
    project: Project,
    kind: str = "vertrag",
    formats: Iterable[str] = ("docx", "pdf"),
    number: int = 1,
    language: str | None = None,
    progress: Progress | None = None,
) -> RenderedDraft:
    """Build and render ``kind`` of ``project`` as version ``number`` of that kind in
    ``formats``, in memory.

    Pure work: no store, no files, ``project`` is only read. Safe on a worker thread as long as
    nobody changes ``project`` meanwhile (the window passes a copy).
    """
    step = progress or _no_progress
    wanted = check_request(kind, formats)
    # the document language (never the interface's): asked for, else the project's
    language = document_language_for(kind, language, project.language)
    languages_of(language)  # "de", "en" or bilingual "de+en" / "en+de"; else a clear message
    now = datetime.now(UTC)
    # "created" dates the files (PDF info, DOCX properties) by the moment of generation
    with document_language(primary_language(language)):  # the date in the (prevailing) document language
        day = format_day(now.date())
    meta = {"project": project.name, "version": str(number), "date": day,
            "created": now.isoformat(timespec="seconds")}
    step(15, _("Dokument wird zusammengestellt …"))
    doc = build_document(project, kind, language, meta)
    base = f"{slug(project.name)}_{file_title(kind, language)}_v{number}"
    files: list[tuple[str, str, bytes]] = []
    for i, fmt in enumerate(wanted):
        step(25 + 55 * i // len(wanted), _("{fmt} wird erzeugt …").format(fmt=fmt.upper()))
        with _RENDER_LOCK:
            files.append((fmt, f"{base}.{fmt}", render(doc, fmt)))
    step(80, _("Dokument ist erzeugt."))
    return RenderedDraft(
        project_id=project.id,
        project_name=project.name,
        kind=kind,
        language=language,
        number=number,
        content_hash=content_hash(doc),
        snapshot_json=canonical_json(project_to_dict(project)),
        template_version=doc.meta.get("template_version", ""),
        open_points=len(doc.open_points),
        files=files,
        clauses=_clauses(doc, files),
        parts=_parts(doc, files),
        notices=template_notices(doc),
    )


def template_notices(doc: Document) -> list[str]:
    """What the user should know about the templates a draft was made with: a firm's library or
    reference.docx that could not be used (the built-in one was used instead)."""
    from kooperation.drafting.overlay import effective_reference
    from kooperation.render.pdf_theme import current_theme

    notices = [n for n in (doc.meta.get("notices") or "").split("\n") if n]
    return list(dict.fromkeys(notices + list(effective_reference()[1]) + list(current_theme().notices)))


def _clauses(doc: Document, files: list[tuple[str, str, bytes]]) -> list[ClauseText]:
    """The numbered clauses; of a bilingual draft with their texts as its DOCX has them (both
    columns), as a stored version's are read back (so comments carried forward compare alike)."""
    docx = next((data for fmt, _name, data in files if fmt == "docx"), None)
    if doc.parallel is None or docx is None:
        return doc_clauses(doc)
    from kooperation.review.docx_read import read_review_docx

    found = read_review_docx(docx)
    return [ClauseText(id=c.id, number=c.number, title=c.title, text=c.original_text) for c in found.clauses if c.id]


def _parts(doc, files: list[tuple[str, str, bytes]]) -> list[ClauseText]:
    """The parts besides the clauses, with their texts as the DOCX has them (as for the
    previous version, so that comments on unchanged parts move on without a re-check flag)."""
    docx = next((data for fmt, _name, data in files if fmt == "docx"), None)
    return docx_parts(docx) if docx is not None else doc_parts(doc)


def _previous_texts(version: DraftVersion) -> dict[str, str]:
    clauses, parts = version_outline(version)
    return clause_texts(clauses + parts)


class FilesNotWrittenError(RenderError):
    """The version was stored, but its files could not be put into the output folder; they can
    be written again from the store (``kooperation get-draft``). ``number`` is the version."""

    def __init__(self, message: str, number: int) -> None:
        super().__init__(message)
        self.number = number


def _check_number(rendered: RenderedDraft, info: DraftVersionInfo) -> None:
    """Runs inside the store's transaction: a draft showing another number is not stored."""
    if info.number != rendered.number:
        raise RenderError(
            _(
                "Inzwischen wurde eine andere Entwurfsversion gespeichert, dieser Entwurf trägt "
                "aber die Nummer {version}. Es wurde nichts gespeichert; bitte erzeugen Sie den "
                "Entwurf noch einmal."
            ).format(version=version_label(rendered.kind, rendered.number))
        )


def store_draft(store, rendered: RenderedDraft, out_dir: Path | None = None, note: str = "") -> DraftResult:
    """Store ``rendered`` as the next version of its project and, if ``out_dir`` is given, write
    its files there.

    The order makes every file in the folder whole and one of a stored version: the files are
    written under temporary names and synced, then the version is committed, then the files get
    their final names. A failure before the commit changes neither the store nor the folder. A
    failure to rename after the commit leaves the version stored and raises
    `FilesNotWrittenError` (the files can be written again from the store); a process killed
    in between leaves temporary files, which the next write to the folder removes.
    """
    if out_dir is not None:
        check_out_dir(out_dir)
        remove_stale_parts(out_dir)
    written: list[tuple[Path, Path]] = []
    try:
        if out_dir is not None:
            for _fmt, filename, data in rendered.files:
                final = out_dir / filename
                written.append((write_temp(out_dir, data, target=final), final))
        info = store.add_draft_version(
            rendered.project_id,
            kind=rendered.kind,
            language=rendered.language,
            data_json=rendered.snapshot_json,
            content_hash=rendered.content_hash,
            files=rendered.files,
            template_version=rendered.template_version,
            note=note,
            before_commit=partial(_check_number, rendered),
            clause_texts=clause_texts(rendered.clauses + rendered.parts),
            previous_clause_texts=_previous_texts,
        )
    except BaseException as exc:
        for tmp, _final in written:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise RenderError(
                _("Die Dateien konnten nicht geschrieben werden, es wurde nichts gespeichert: {error}").format(
                    error=exc.strerror or exc
                )
            ) from exc
        raise
    try:
        publish(written)
    except OSError as exc:
        for tmp, _final in written:
            tmp.unlink(missing_ok=True)
        raise FilesNotWrittenError(
            _(
                "{version} ist gespeichert, aber ihre Dateien konnten nicht in den Ordner "
                "„{folder}“ geschrieben werden ({error}). Mit „kooperation get-draft {project} "
                "{ref} --out ORDNER“ lassen sie sich jederzeit aus der Datenbank schreiben."
            ).format(
                version=version_label(rendered.kind, info.number),
                folder=out_dir,
                error=exc.strerror or exc,
                project=rendered.project_id,
                ref=version_ref(rendered.kind, info.number),
            ),
            info.number,
        ) from exc
    return DraftResult(
        number=info.number,
        kind=rendered.kind,
        content_hash=rendered.content_hash,
        files=[final for _tmp, final in written],
        open_points=rendered.open_points,
        sizes=rendered.sizes,
        notices=list(rendered.notices),
        project_revision=info.project_revision,
    )


def generate_draft(
    store,
    project_id: str,
    kind: str = "vertrag",
    formats: Iterable[str] = ("docx", "pdf"),
    out_dir: Path | None = None,
    language: str | None = None,
    note: str = "",
    progress: Progress | None = None,
) -> DraftResult:
    """Generate ``kind`` for a project in ``formats``, store it as the next version and, if
    ``out_dir`` is given, write the files there (the command line's one call). ``language``
    is the document's (default: the project's language)."""
    step = progress or _no_progress
    wanted = check_request(kind, formats)
    if out_dir is not None:
        check_out_dir(out_dir)
    step(5, _("Projekt wird geladen …"))
    project = store.load_project(project_id)
    number = next_draft_number(store, project.id, kind)
    rendered = render_draft(project, kind, wanted, number, language, step)
    step(85, _("Version wird gespeichert …"))
    result = store_draft(store, rendered, out_dir, note)
    step(100, _("Fertig."))
    return result
