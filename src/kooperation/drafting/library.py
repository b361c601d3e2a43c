"""Loading a clause library: ``templates/<kind>/<language>/*.yaml``.

A library is a folder a legal expert can read and edit. ``library.yaml`` holds the document's
frame (title, draft notice, preamble, annex titles, the words the renderers need); every other
``NN_name.yaml`` file is one section of the document with its clauses, in file-name order. See
``templates/README.md`` for the format.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

import kooperation.templates
from kooperation.errors import RenderError
from kooperation.i18n import _
from kooperation.yamlio import load_cached

CLAUSE_ID = re.compile(r"^[a-z][a-z0-9_]{0,35}$")


def templates_root() -> Path:
    return Path(kooperation.templates.__file__).resolve().parent


@dataclass(frozen=True)
class ClauseTemplate:
    id: str
    title: str
    explanation: str = ""
    topic: str | None = None
    when: str | None = None
    text: str = ""
    variants: dict[str, str] = field(default_factory=dict)
    after: str = ""
    open_text: str = ""
    source: str = ""  # where a firm's clause comes from ("70_haftung.yaml, Zeile 12"); "" built in


@dataclass(frozen=True)
class SectionTemplate:
    id: str
    title: str
    clauses: tuple[ClauseTemplate, ...]
    when: str | None = None
    file: str = ""  # the section file's name: a firm's new section is placed by it


@dataclass(frozen=True)
class Library:
    kind: str
    language: str
    version: str
    meta: dict
    sections: tuple[SectionTemplate, ...]
    digest: str
    overlay: str = ""  # the folder of a firm's library laid over this one ("" for the built-in)
    notices: tuple[str, ...] = ()  # what the user should know (a broken overlay left out …)

    @property
    def labels(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in (self.meta.get("labels") or {}).items()}

    def text(self, key: str, default: str = "") -> str:
        value = self.meta.get(key, default)
        return "" if value is None else str(value)

    def clause_ids(self) -> list[str]:
        return [c.id for s in self.sections for c in s.clauses]


def _fail(path: Path, message: str) -> RenderError:
    return RenderError(_("Fehler in der Klauselbibliothek {file}: {message}").format(file=path.name, message=message))


def _clause(raw: dict, path: Path) -> ClauseTemplate:
    cid = str(raw.get("id", ""))
    if not CLAUSE_ID.match(cid):
        raise _fail(path, _("ungültige Klausel-ID „{id}“").format(id=cid))
    if not raw.get("title"):
        raise _fail(path, _("Klausel {id} hat keinen Titel").format(id=cid))
    variants = raw.get("variants") or {}
    if not isinstance(variants, dict):
        raise _fail(path, _("die Varianten der Klausel {id} sind keine Zuordnung").format(id=cid))
    return ClauseTemplate(
        id=cid,
        title=str(raw["title"]),
        explanation=" ".join(str(raw.get("explanation", "")).split()),
        topic=raw.get("topic"),
        when=raw.get("when"),
        text=str(raw.get("text") or ""),
        variants={str(k): str(v or "") for k, v in variants.items()},
        after=str(raw.get("after") or ""),
        open_text=str(raw.get("open_text") or ""),
    )


def load_library_from(folder: Path) -> Library:
    """Read a library folder; raises RenderError naming the file for any structural problem."""
    meta_file = folder / "library.yaml"
    if not meta_file.is_file():
        raise RenderError(_("Die Klauselbibliothek {folder} wurde nicht gefunden.").format(folder=folder))
    digest = hashlib.sha256()
    try:
        files = sorted(p for p in folder.glob("*.yaml") if p.name != "library.yaml")
        meta_bytes = meta_file.read_bytes()
        digest.update(meta_bytes)
        meta = load_cached(meta_bytes) or {}
        sections = []
        seen: set[str] = set()
        for path in files:
            data = path.read_bytes()
            digest.update(path.name.encode() + b"\0" + data)
            raw = load_cached(data) or {}
            sec = raw.get("section") or {}
            clauses = tuple(_clause(c, path) for c in raw.get("clauses", []))
            for clause in clauses:
                if clause.id in seen:
                    raise _fail(path, _("die Klausel-ID {id} kommt doppelt vor").format(id=clause.id))
                seen.add(clause.id)
            sections.append(
                SectionTemplate(
                    id=str(sec.get("id") or path.stem),
                    title=str(sec.get("title") or ""),
                    clauses=clauses,
                    when=sec.get("when"),
                    file=path.name,
                )
            )
    except yaml.YAMLError as exc:
        raise RenderError(_("Die Klauselbibliothek {folder} ist fehlerhaft: {error}").format(folder=folder.name, error=exc)) from exc
    except OSError as exc:
        raise RenderError(_("Die Klauselbibliothek {folder} kann nicht gelesen werden: {error}").format(folder=folder, error=exc.strerror)) from exc
    return Library(
        kind=str(meta.get("kind") or folder.parent.name),
        language=str(meta.get("language") or folder.name),
        version=str(meta.get("version") or "") + "+" + digest.hexdigest()[:12],
        meta=meta,
        sections=tuple(sections),
        digest=digest.hexdigest(),
    )


@lru_cache(maxsize=16)
def _cached(folder: str, stamp: tuple) -> Library:
    return load_library_from(Path(folder))


def available_kinds(root: Path | None = None) -> list[str]:
    root = root or templates_root()
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*/library.yaml")))


def load_library(kind: str, language: str = "de", root: Path | None = None) -> Library:
    """The clause library for a document kind and language (cached until its files change)."""
    root = root or templates_root()
    folder = root / kind / language
    if not (folder / "library.yaml").is_file():
        if (root / kind).is_dir():
            raise RenderError(_("Für „{kind}“ gibt es noch keine Vorlage in der Sprache „{language}“.").format(kind=kind, language=language))
        raise RenderError(
            _("Unbekannte Dokumentart „{kind}“. Möglich sind: {kinds}.").format(kind=kind, kinds=", ".join(available_kinds(root)))
        )
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.yaml")))
    return _cached(str(folder), stamp)
