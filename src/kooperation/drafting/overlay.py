"""A firm's own clause library and reference.docx, laid over the built-in ones.

The firm's templates folder has the layout of the built-in ``templates/`` folder::

    <vorlagen>/reference.docx            the firm's style sheet (optional)
    <vorlagen>/fonts/*.ttf               fonts for the PDF (optional)
    <vorlagen>/vertrag/de/library.yaml   name and version of the firm's library, labels, texts
    <vorlagen>/vertrag/de/NN_name.yaml   clauses: replaced (same id), added, switched off

Which folder: ``KOOPERATION_VORLAGEN`` if set (empty: none), else the folder chosen in the
settings, else ``<user data>/vorlagen`` (platformdirs) if it exists. A clause with the id of a
built-in one replaces it where it stands; a new id is added to the section its file names (at
the end, or after ``insert_after``); ``disabled: true`` switches a clause off. ``labels`` and the
other frame texts of ``library.yaml`` replace the built-in ones key by key.

A broken overlay is never used half: it is checked completely first (`library_check`), and any
error makes the built-in library apply, with a notice naming the file and line.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kooperation.atomic import write_atomic
from kooperation.domain.catalogue import load_catalogue
from kooperation.drafting.library import ClauseTemplate, Library, SectionTemplate, load_library
from kooperation.drafting.library_check import CheckedOverlay, check_overlay_folder, section_files
from kooperation.drafting.library_yaml import LineMap, Problem
from kooperation.errors import RenderError
from kooperation.i18n import _
from kooperation.paths import data_dir
from kooperation.render.docx_reference import REFERENCE_DOCX, load_reference

OVERLAY_ENV = "KOOPERATION_VORLAGEN"
CHOICE_FILE = "vorlagen-ordner.json"
USER_FOLDER = "vorlagen"
VERSION_LIMIT = 100  # the store's column for template_version


# --- where the firm's folder is ---------------------------------------------------------------


def user_templates_dir() -> Path:
    """The firm's templates folder in the user's data folder (used when it exists)."""
    return data_dir() / USER_FOLDER


def chosen_templates_dir() -> Path | None:
    """The folder chosen in the settings, or None."""
    try:
        raw = json.loads((data_dir() / CHOICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    folder = raw.get("ordner") if isinstance(raw, dict) else None
    return Path(folder).expanduser() if isinstance(folder, str) and folder.strip() else None


def set_chosen_templates_dir(folder: Path | None) -> None:
    """Remember ``folder`` as the firm's templates folder (None: back to the user folder)."""
    data = json.dumps({"ordner": str(folder) if folder else ""}, ensure_ascii=False, indent=2)
    write_atomic(data_dir() / CHOICE_FILE, data.encode("utf-8"), make_folder=True)


@dataclass(frozen=True)
class OverlayLocation:
    folder: Path | None  # None: no overlay in effect
    origin: str  # "env", "setting" or "user"
    wanted: Path | None = None  # the folder named, even if missing
    notices: tuple[str, ...] = ()


def overlay_location() -> OverlayLocation:
    env = os.environ.get(OVERLAY_ENV)
    if env is not None:
        if not env.strip():
            return OverlayLocation(None, "env")
        folder, origin = Path(env).expanduser(), "env"
    else:
        chosen = chosen_templates_dir()
        folder, origin = (chosen, "setting") if chosen else (user_templates_dir(), "user")
    if folder.is_dir():
        return OverlayLocation(folder, origin, folder)
    if origin == "user":
        return OverlayLocation(None, origin, folder)
    notice = _("Der Vorlagenordner {folder} ist nicht vorhanden; es gilt die eingebaute Klauselbibliothek.").format(folder=folder)
    return OverlayLocation(None, origin, folder, (notice,))


# --- the library ------------------------------------------------------------------------------


def _stamp(folder: Path) -> tuple:
    files = sorted(folder.glob("*.yaml"))
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def check_overlay(folder: Path, kind: str, language: str) -> CheckedOverlay:
    """Check the firm's library in ``folder`` against the built-in one of ``kind``/``language``."""
    return check_overlay_folder(folder, load_library(kind, language), load_catalogue())


def broken_notice(folder: Path, problems: list[Problem]) -> str:
    root = folder.parent.parent
    first = problems[0]
    return _(
        "Die eigene Klauselbibliothek in {folder} hat {count} Fehler und wird nicht verwendet; es gilt die "
        "eingebaute Bibliothek. Erster Fehler: {problem} Alle Fehler zeigt „kooperation templates check {root}“."
    ).format(folder=folder, count=len(problems), problem=first.describe(root), root=root)


def _template(raw: LineMap, path: Path, root: Path) -> ClauseTemplate:
    variants = raw.get("variants") or {}
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return ClauseTemplate(
        id=str(raw["id"]),
        title=" ".join(str(raw["title"]).split()),
        explanation=" ".join(str(raw.get("explanation") or "").split()),
        topic=raw.get("topic"),
        when=raw.get("when"),
        text=str(raw.get("text") or ""),
        variants={str(k): str(v or "") for k, v in variants.items()},
        after=str(raw.get("after") or ""),
        open_text=str(raw.get("open_text") or ""),
        source=_("{file}, Zeile {line}").format(file=rel.as_posix(), line=raw.line),
    )


def _merge_meta(base: dict, overlay: LineMap) -> dict:
    meta = dict(base)
    for key, value in overlay.items():
        if key in ("kind", "language", "name", "version"):
            continue
        if isinstance(base.get(key), dict) and isinstance(value, dict):
            meta[key] = {**base[key], **dict(value)}
        elif key == "annexes" and isinstance(value, list):
            annexes = [dict(a) for a in base.get("annexes") or []]
            for raw in value:
                found = next((a for a in annexes if a.get("id") == raw.get("id")), None)
                if found is not None:
                    found.update(dict(raw))
                else:
                    annexes.append(dict(raw))
            meta[key] = annexes
        else:
            meta[key] = value
    return meta


def merge(base: Library, checked: CheckedOverlay, digest: str) -> Library:
    """``base`` with the (error-free) overlay ``checked`` laid over it."""
    root = checked.folder.parent.parent
    sections: list[SectionTemplate] = list(base.sections)
    clauses: list[list[ClauseTemplate]] = [list(s.clauses) for s in sections]

    def where(clause_id: str) -> tuple[int, int] | None:
        for si, items in enumerate(clauses):
            for ci, tpl in enumerate(items):
                if tpl.id == clause_id:
                    return si, ci
        return None

    added: list[tuple[ClauseTemplate, LineMap, LineMap, str]] = []
    for file in checked.files:
        sec_id = str(file.section.get("id") or "")
        index = next((i for i, s in enumerate(sections) if s.id == sec_id), None)
        if index is not None and ("title" in file.section or "when" in file.section):
            sections[index] = dataclasses.replace(
                sections[index],
                title=str(file.section.get("title", sections[index].title)),
                when=file.section.get("when", sections[index].when),
            )
        for raw in file.clauses:
            found = where(str(raw["id"]))
            if raw.get("disabled") is True:
                if found is not None:
                    del clauses[found[0]][found[1]]
                continue
            tpl = _template(raw, file.path, root)
            if found is not None:
                clauses[found[0]][found[1]] = tpl
            else:
                added.append((tpl, raw, file.section, file.path.name))
    for tpl, raw, section, filename in added:
        sec_id = str(section["id"])
        index = next((i for i, s in enumerate(sections) if s.id == sec_id), None)
        if index is None:  # a new section, placed among the built-in ones by its file name
            index = next((i for i, s in enumerate(sections) if s.file and s.file > filename), len(sections))
            sections.insert(index, SectionTemplate(sec_id, str(section.get("title") or ""), (), section.get("when"), filename))
            clauses.insert(index, [])
        after = raw.get("insert_after")
        spot = where(str(after)) if after else None
        if spot is not None:
            clauses[spot[0]].insert(spot[1] + 1, tpl)
        else:
            clauses[index].append(tpl)
    merged = tuple(dataclasses.replace(s, clauses=tuple(c)) for s, c in zip(sections, clauses, strict=True))
    name = checked.name[:32] or _("eigene Bibliothek")
    version = f"{base.version} + {name} {checked.version[:24]}+{digest[:12]}"
    return dataclasses.replace(
        base,
        version=version[:VERSION_LIMIT],
        meta=_merge_meta(base.meta, checked.meta),
        sections=tuple(s for s in merged if s.clauses),
        digest=hashlib.sha256((base.digest + digest).encode()).hexdigest(),
        overlay=str(checked.folder),
    )


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in [folder / "library.yaml", *section_files(folder)]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=16)
def _overlaid(folder: str, stamp: tuple, kind: str, language: str, base_digest: str) -> Library:
    base = load_library(kind, language)
    path = Path(folder)
    try:
        checked = check_overlay(path, kind, language)
        if checked.problems:
            return dataclasses.replace(base, notices=(broken_notice(path, checked.problems),))
        return merge(base, checked, _digest(path))
    except Exception as exc:  # noqa: BLE001 - whatever a firm's files do, the built-in library applies
        notice = _("Die eigene Klauselbibliothek in {folder} kann nicht gelesen werden ({error}); es gilt die eingebaute Bibliothek.").format(
            folder=folder, error=exc)
        return dataclasses.replace(base, notices=(notice,))


def effective_library(kind: str, language: str = "de") -> Library:
    """The library a document of ``kind`` is drafted from: the built-in one with the firm's
    overlay laid over it, or the built-in one with a notice when the overlay is broken."""
    base = load_library(kind, language)
    location = overlay_location()
    if location.folder is None:
        return dataclasses.replace(base, notices=location.notices) if location.notices else base
    folder = location.folder / kind / language
    if not folder.is_dir():
        return base
    try:
        stamp = _stamp(folder)
    except OSError:
        stamp = ()
    return _overlaid(str(folder), stamp, kind, language, base.digest)


def builtin_fallback(library: Library, error: RenderError) -> Library:
    """The built-in library when drafting from the firm's one failed, with a notice."""
    base = load_library(library.kind, library.language)
    notice = _("Mit der eigenen Klauselbibliothek in {folder} ließ sich der Entwurf nicht erstellen ({error}); "
               "er wurde mit der eingebauten Bibliothek erstellt.").format(folder=library.overlay, error=error)
    return dataclasses.replace(base, notices=(*library.notices, notice))


def find_libraries(folder: Path) -> list[tuple[Path, str, str]]:
    """The library folders in ``folder``: the folder itself, or its ``<kind>/<language>/``."""
    if (folder / "library.yaml").is_file() or section_files(folder):
        return [(folder, folder.parent.name, folder.name)]
    found = []
    for kind_dir in sorted(p for p in folder.iterdir() if p.is_dir() and p.name != "fonts"):
        for lang_dir in sorted(p for p in kind_dir.iterdir() if p.is_dir()):
            if any(lang_dir.glob("*.yaml")):
                found.append((lang_dir, kind_dir.name, lang_dir.name))
    return found


def counts(checked: CheckedOverlay, kind: str, language: str) -> str:
    base = set(load_library(kind, language).clause_ids())
    ids = [(str(c["id"]), c.get("disabled") is True) for f in checked.files for c in f.clauses]
    replaced = sum(1 for cid, off in ids if not off and cid in base)
    added = sum(1 for cid, off in ids if not off and cid not in base)
    off = sum(1 for _cid, is_off in ids if is_off)
    return _("Klauseln ersetzt: {replaced}, neu: {added}, abgeschaltet: {off}").format(replaced=replaced, added=added, off=off)


def folder_summary(folder: Path) -> tuple[list[str], list[Problem]]:
    """What a firm's templates folder holds (one line per library, reference.docx) and its
    problems: for the settings dialog."""
    lines: list[str] = []
    problems: list[Problem] = []
    for lib_folder, kind, language in find_libraries(folder):
        try:
            checked = check_overlay(lib_folder, kind, language)
        except RenderError:
            problems.append(Problem(lib_folder, None, _("Für „{kind}/{language}“ gibt es keine eingebaute Bibliothek.").format(kind=kind, language=language)))
            continue
        problems += checked.problems
        if not checked.problems:
            name = " ".join(filter(None, [checked.name, checked.version]))
            lines.append(_("{kind}/{language} ({name}): {counts}").format(kind=kind, language=language, name=name, counts=counts(checked, kind, language)))
    reference = folder / "reference.docx"
    if reference.is_file():
        try:
            load_reference(reference)
            lines.append(_("eigene reference.docx"))
        except RenderError as exc:
            problems.append(Problem(reference, None, str(exc)))
    return lines, problems


# --- the reference document -------------------------------------------------------------------


@lru_cache(maxsize=4)
def _reference_problem(path: str, stamp: tuple) -> str | None:
    try:
        load_reference(Path(path))
    except RenderError as exc:
        return str(exc)
    return None


def effective_reference() -> tuple[Path, tuple[str, ...]]:
    """The reference.docx a DOCX is styled by (the firm's if it has a usable one) and notices."""
    location = overlay_location()
    candidate = location.folder / "reference.docx" if location.folder else None
    if candidate is None or not candidate.is_file():
        return REFERENCE_DOCX, location.notices
    stat = candidate.stat()
    problem = _reference_problem(str(candidate), (stat.st_mtime_ns, stat.st_size))
    if problem is None:
        return candidate, ()
    return REFERENCE_DOCX, (_("{problem} Es gilt die eingebaute Formatvorlage.").format(problem=problem),)


def font_folders() -> list[Path]:
    """The firm's ``fonts`` folder, if any (searched first for the reference's fonts)."""
    location = overlay_location()
    return [location.folder / "fonts"] if location.folder and (location.folder / "fonts").is_dir() else []
