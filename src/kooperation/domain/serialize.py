"""The JSON exchange format for a whole project (``kooperation-projekt``, version 1).

A project file carries the project with everything in it and, optionally, its stored draft
versions with their DOCX/PDF files. Files are checked twice before anything is built from them:
against ``resources/schemas/project.schema.json`` (structure, enums, formats, lengths) and then
for what a schema cannot say (duplicate ids, references to unknown partners or milestones,
dependency cycles, dates in the wrong order, checksums). Every problem becomes an `InputError`
that names the field, e.g. ``project.partners[2].sector``. See ``docs/json-format.md``.

Parameter values of rule decisions may hold dates; they are written as ``{"$date": "2025-01-31"}``
(and datetimes as ``{"$datetime": ...}``) so that they come back as the same Python objects.
"""

from __future__ import annotations

import base64
import binascii
import copy
import dataclasses
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from kooperation.domain.filecheck import normalize_document, param_date_problems
from kooperation.domain.meeting import (
    assessment_from_dict,
    assessment_to_dict,
    remap_meeting,
    review_from_dict,
    review_to_dict,
)
from kooperation.domain.model import (
    BusinessModel,
    CooperationForm,
    DecisionStatus,
    Goal,
    Horizon,
    Milestone,
    MilestoneStatus,
    OrgSize,
    Partner,
    PartnerRole,
    PartnerTier,
    Priority,
    Project,
    RuleDecision,
    Sector,
    new_id,
)
from kooperation.domain.schemacheck import file_error, show, validate_document
from kooperation.domain.versions import per_kind_numbers, version_label
from kooperation.domain.wording import wording_from_dict, wording_to_dict
from kooperation.errors import InputError
from kooperation.i18n import _
from kooperation.review.model import Comment, comment_from_dict, comment_to_dict
from kooperation.timeutil import parse_utc, utc_iso

FORMAT = "kooperation-projekt"
FORMAT_VERSION = 2
"""2: each document kind numbers its versions on its own ("Vertrag v3"), comments may name the
comment of an earlier version they continue (``source_id``). 1: one counter for all kinds; read
by giving each version its per-kind number in the order of the old numbers."""
DRAFT_FORMATS = ("docx", "pdf")

# --- draft versions -------------------------------------------------------------------------


@dataclass
class DraftFile:
    """One generated file of a draft version, with its bytes."""

    format: str
    filename: str
    content: bytes
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            self.sha256 = hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass
class DraftFileInfo:
    """One generated file of a draft version, without its bytes (for listings)."""

    format: str
    filename: str
    size: int
    sha256: str


@dataclass
class DraftVersionInfo:
    """A stored draft version as listed: which document, when, and which files it has."""

    id: str
    project_id: str
    number: int
    kind: str
    language: str
    created_at: datetime
    content_hash: str
    template_version: str = ""
    note: str = ""
    files: list[DraftFileInfo] = field(default_factory=list)
    project_revision: int | None = None
    """Only on the answer of `Store.add_draft_version`: the project's revision the commit left
    (its own write made it one more than before), so that the window that stored the version can
    tell its own write from someone else's. None in lists."""

    @property
    def formats(self) -> list[str]:
        """The formats of the stored files, e.g. ``["docx", "pdf"]``."""
        return [f.format for f in self.files]

    @property
    def sizes(self) -> dict[str, int]:
        """Bytes per format."""
        return {f.format: f.size for f in self.files}


@dataclass
class DraftVersion:
    """A stored draft version with the project snapshot it was made from and its files.

    ``id`` and ``project_id`` are empty for versions read from a file; the store assigns them.
    """

    number: int
    kind: str
    language: str
    created_at: datetime
    content_hash: str
    data_json: str
    files: list[DraftFile] = field(default_factory=list)
    template_version: str = ""
    note: str = ""
    id: str = ""
    project_id: str = ""
    comments: list[Comment] = field(default_factory=list)  # review comments, replies after theirs

    @property
    def data(self) -> Any:
        """The project snapshot the draft was made from, as parsed JSON."""
        return json.loads(self.data_json)

    @property
    def info(self) -> DraftVersionInfo:
        return DraftVersionInfo(
            id=self.id,
            project_id=self.project_id,
            number=self.number,
            kind=self.kind,
            language=self.language,
            created_at=self.created_at,
            content_hash=self.content_hash,
            template_version=self.template_version,
            note=self.note,
            files=[DraftFileInfo(f.format, f.filename, f.size, f.sha256) for f in self.files],
        )


# --- small helpers --------------------------------------------------------------------------


def canonical_json(obj: Any) -> str:
    """One fixed text for a JSON value (sorted keys, no spaces), for hashing and comparing."""
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def encode_value(value: Any) -> Any:
    """A parameter value as plain JSON; dates become ``{"$date": ...}``."""
    if isinstance(value, datetime):
        return {"$datetime": utc_iso(value)}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {str(k): encode_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [encode_value(v) for v in value]
    return value


def decode_value(value: Any) -> Any:
    """The inverse of `encode_value`."""
    if isinstance(value, dict):
        if len(value) == 1 and isinstance(next(iter(value.values())), str):
            ((key, text),) = value.items()
            try:
                if key == "$date":
                    return date.fromisoformat(text)
                if key == "$datetime":
                    return parse_utc(text)
            except ValueError:
                pass
        return {k: decode_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    return value


def decode_params(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters of a rule decision from their JSON form: each value decoded on its own, so
    that a parameter named ``$date`` never turns the whole dict into a date."""
    return {k: decode_value(v) for k, v in params.items()}


def _opt_enum(enum_cls: Any, value: Any) -> Any:
    return None if value is None else enum_cls(value)


def _opt_date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


# --- project <-> dict -----------------------------------------------------------------------

_PARTNER_ENUMS = {"sector": Sector, "role": PartnerRole, "tier": PartnerTier}


def _plain(obj: Any) -> dict[str, Any]:
    """The fields of a dataclass with enums as their values."""
    return {k: (v.value if hasattr(v, "value") else v) for k, v in vars(obj).items()}


def project_to_dict(project: Project) -> dict[str, Any]:
    """The ``project`` part of the exchange format (plain JSON values only)."""
    return {
        "id": project.id,
        "name": project.name,
        "description": project.description,
        "form": project.form.value if project.form else None,
        "form_status": DecisionStatus(project.form_status).value,
        "place": project.place,
        "language": project.language,
        "created_at": utc_iso(project.created_at) if project.created_at else None,
        "updated_at": utc_iso(project.updated_at) if project.updated_at else None,
        "partners": [_plain(p) for p in project.partners],
        "business_model": _plain(project.business_model),
        "goals": [_plain(g) for g in project.goals],
        "milestones": [
            {
                "id": m.id,
                "title": m.title,
                "description": m.description,
                "start": m.start.isoformat() if m.start else None,
                "end": m.end.isoformat() if m.end else None,
                "responsible_ids": list(m.responsible_ids),
                "depends_on_ids": list(m.depends_on_ids),
                "status": MilestoneStatus(m.status).value,
            }
            for m in project.milestones
        ],
        "decisions": [
            {
                "id": d.id,
                "topic": d.topic,
                "variant": d.variant,
                "params": encode_value(d.params),
                "status": DecisionStatus(d.status).value,
                "note": d.note,
            }
            for d in sorted(project.decisions.values(), key=lambda d: d.topic)
        ],
        **({"assessment": assessment_to_dict(project.assessment)}
           if not project.assessment.is_empty() else {}),
        **({"reviews": [review_to_dict(r) for r in project.reviews]} if project.reviews else {}),
        **({"wordings": [wording_to_dict(w) for _k, w in sorted(project.wordings.items())]}
           if project.wordings else {}),
    }


def project_from_dict(d: dict[str, Any]) -> Project:
    """A `Project` from the ``project`` part of a (validated) file; missing fields get defaults."""
    partners = []
    for raw in d.get("partners", []):
        kw = dict(raw)
        for key, enum_cls in _PARTNER_ENUMS.items():
            if key in kw:
                kw[key] = enum_cls(kw[key])
        if "size" in kw:
            kw["size"] = _opt_enum(OrgSize, kw["size"])
        partners.append(Partner(**kw))
    goals = []
    for raw in d.get("goals", []):
        kw = dict(raw)
        if "horizon" in kw:
            kw["horizon"] = Horizon(kw["horizon"])
        if "priority" in kw:
            kw["priority"] = Priority(kw["priority"])
        goals.append(Goal(**kw))
    milestones = []
    for raw in d.get("milestones", []):
        kw = dict(raw)
        kw["start"] = _opt_date(kw.get("start"))
        kw["end"] = _opt_date(kw.get("end"))
        kw["responsible_ids"] = list(kw.get("responsible_ids", []))
        kw["depends_on_ids"] = list(kw.get("depends_on_ids", []))
        if "status" in kw:
            kw["status"] = MilestoneStatus(kw["status"])
        milestones.append(Milestone(**kw))
    decisions: dict[str, RuleDecision] = {}
    for raw in d.get("decisions", []):
        kw = dict(raw)
        kw["params"] = decode_params(kw.get("params", {}))
        if "status" in kw:
            kw["status"] = DecisionStatus(kw["status"])
        decisions[kw["topic"]] = RuleDecision(**kw)
    kw = {k: v for k, v in d.items() if k not in ("partners", "goals", "milestones", "decisions", "wordings")}
    kw["assessment"] = assessment_from_dict(kw.get("assessment"))
    kw["reviews"] = sorted((review_from_dict(r) for r in kw.get("reviews", [])), key=lambda r: r.day)
    kw["form"] = _opt_enum(CooperationForm, kw.get("form"))
    if "form_status" in kw:
        kw["form_status"] = DecisionStatus(kw["form_status"])
    for key in ("created_at", "updated_at"):
        kw[key] = parse_utc(kw[key]) if kw.get(key) else None
    kw["business_model"] = BusinessModel(**kw.get("business_model", {}))
    wordings = {w.clause_id: w for w in map(wording_from_dict, d.get("wordings", []))}
    return Project(**kw, partners=partners, goals=goals, milestones=milestones, decisions=decisions,
                   wordings=wordings)


def draft_to_dict(draft: DraftVersion) -> dict[str, Any]:
    return {
        "number": draft.number,
        "kind": draft.kind,
        "language": draft.language,
        "created_at": utc_iso(draft.created_at),
        "content_hash": draft.content_hash,
        "template_version": draft.template_version,
        "note": draft.note,
        "data": json.loads(draft.data_json),
        "files": [
            {
                "format": f.format,
                "filename": f.filename,
                "sha256": f.sha256,
                "content_base64": base64.b64encode(f.content).decode("ascii"),
            }
            for f in draft.files
        ],
        **({"comments": [comment_to_dict(c) for c in draft.comments]} if draft.comments else {}),
    }


def export_document(
    project: Project, drafts: Iterable[DraftVersion] | None = None
) -> dict[str, Any]:
    """The whole exchange document for ``project`` (and its draft versions, if given)."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": utc_iso(datetime.now(UTC)),
        "project": project_to_dict(project),
    }
    if drafts is not None:
        doc["drafts"] = [draft_to_dict(d) for d in drafts]
    return doc


def dumps_document(doc: dict[str, Any]) -> str:
    """The text of a project file: readable, UTF-8, stable key order."""
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# --- reading and checking a file --------------------------------------------------------------


class _NumberTooLarge(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NumberTooLarge(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NumberTooLarge(text)
    return value


def _bounded_int(text: str) -> int:
    if len(text) > 1000:
        raise _NumberTooLarge(text)
    return int(text)


@dataclass
class ProjectFile:
    """A project file as read: the project, its draft versions, and the fields whose text had
    characters removed (control characters, line breaks in a one-line field), for the report."""

    project: Project
    drafts: list[DraftVersion]
    cleaned: list[str] = field(default_factory=list)


def parse_document(data: bytes | str) -> tuple[Project, list[DraftVersion]]:
    """Read a project file; raises `InputError` naming the field for anything wrong in it."""
    read = read_document(data)
    return read.project, read.drafts


MAX_IMPORT_BYTES = 200 * 1024 * 1024
"""A project file larger than this is refused before it is read (window and command line)."""


def cleaned_note(paths: list[str]) -> str:
    """A one-line note for the import report that texts were cleaned ("" if none were)."""
    if not paths:
        return ""
    shown = ", ".join(paths[:5]) + (", …" if len(paths) > 5 else "")
    return _(
        "Hinweis: In {n} Feldern der Datei wurden Steuerzeichen entfernt oder Zeilenumbrüche "
        "durch Leerzeichen ersetzt ({fields})."
    ).format(n=len(paths), fields=shown)


def read_document(data: bytes | str) -> ProjectFile:
    """Read a project file as strictly as the app writes one: texts are cleaned (see
    `kooperation.domain.filecheck`), ids lower-cased, everything else checked; raises
    `InputError` naming the field for anything the app could not use."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                _("Die Datei ist keine UTF-8-Textdatei und damit kein gültiges JSON.")
            ) from exc
    elif data.startswith("\ufeff"):
        data = data[1:]
    try:
        doc = json.loads(
            data, parse_constant=_reject_constant, parse_float=_finite_float, parse_int=_bounded_int
        )
    except json.JSONDecodeError as exc:
        raise InputError(
            _("Die Datei ist kein gültiges JSON (Zeile {line}, Spalte {column}).").format(
                line=exc.lineno, column=exc.colno
            )
        ) from exc
    except _NumberTooLarge as exc:
        raise InputError(
            _("Die Datei enthält eine Zahl, die zu groß oder keine gültige Zahl ist ({number}).")
            .format(number=str(exc)[:40])
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise InputError(_("Die Datei ist kein gültiges JSON.")) from exc
    if not isinstance(doc, dict) or "format" not in doc:
        raise InputError(
            _("Die Datei ist keine Kooperation-Projektdatei (das Feld „format“ fehlt).")
        )
    if doc["format"] != FORMAT:
        raise file_error(
            "format",
            _(
                "{value} ist nicht „{expected}“; die Datei ist keine Kooperation-Projektdatei."
            ).format(value=show(doc["format"]), expected=FORMAT),
        )
    version = doc.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise InputError(
            _(
                "Die Datei hat die Formatversion {version} und wurde mit einer neueren Version von "
                "Kooperation erstellt. Bitte Kooperation aktualisieren."
            ).format(version=version)
        )
    cleaned = normalize_document(doc)
    validate_document(doc)
    project, drafts = _build(doc)
    return ProjectFile(project, drafts, cleaned)


def _build(doc: dict[str, Any]) -> tuple[Project, list[DraftVersion]]:
    project = _checked_project(doc["project"], "project")
    drafts = [_draft_from_dict(raw, f"drafts[{i}]") for i, raw in enumerate(doc.get("drafts", []))]
    shared = doc.get("format_version") == 1  # one counter for all kinds
    numbers: set[Any] = set()
    for i, draft in enumerate(drafts):
        key = draft.number if shared else (draft.kind, draft.number)
        if key in numbers:
            raise file_error(
                f"drafts[{i}].number",
                _("Die Versionsnummer {number} kommt mehrfach vor.").format(
                    number=draft.number if shared else version_label(draft.kind, draft.number)
                ),
            )
        numbers.add(key)
    if shared:
        drafts = _numbered_per_kind(drafts)
    _check_sources(drafts)
    return project, drafts


def _numbered_per_kind(drafts: list[DraftVersion]) -> list[DraftVersion]:
    """The versions of a format-1 file (one counter for all kinds) in the order of their numbers,
    each with its number per kind; ``carried_from`` follows."""
    per_kind = per_kind_numbers((d.kind, d.number) for d in drafts)
    out = []
    for draft in sorted(drafts, key=lambda d: d.number):
        for c in draft.comments:
            c.carried_from = per_kind.get(c.carried_from) if c.carried_from else None
        out.append(dataclasses.replace(draft, number=per_kind[draft.number]))
    return out


def _check_sources(drafts: list[DraftVersion]) -> None:
    """A comment that continues another names one of an earlier version of the same kind."""
    earlier: dict[str, set[str]] = {}
    for i, draft in enumerate(drafts):
        known = earlier.setdefault(draft.kind, set())
        for j, c in enumerate(draft.comments):
            if c.source_id is not None and c.source_id not in known:
                raise file_error(
                    f"drafts[{i}].comments[{j}].source_id",
                    _(
                        "Der Kommentar, den dieser fortsetzt, steht in keiner früheren Version "
                        "derselben Art in der Datei."
                    ),
                )
        known.update(c.id for c in draft.comments)


def _checked_project(raw: dict[str, Any], where: str) -> Project:
    """A project from its validated dict, with the checks a schema cannot make."""
    seen_topics: dict[str, int] = {}
    for i, decision in enumerate(raw.get("decisions", [])):
        if decision["topic"] in seen_topics:
            raise file_error(
                f"{where}.decisions[{i}].topic",
                _("Das Thema „{topic}“ kommt mehrfach vor (auch in decisions[{other}]).").format(
                    topic=decision["topic"], other=seen_topics[decision["topic"]]
                ),
            )
        seen_topics[decision["topic"]] = i
        found = param_date_problems(decision.get("params", {}), f"{where}.decisions[{i}].params")
        if found:
            raise file_error(*found[0])
    seen_clauses: dict[str, int] = {}
    for i, wording in enumerate(raw.get("wordings", [])):
        if wording["clause_id"] in seen_clauses:
            raise file_error(
                f"{where}.wordings[{i}].clause_id",
                _("Die Klausel „{clause}“ hat mehrere Fassungen (auch in wordings[{other}]).").format(
                    clause=wording["clause_id"], other=seen_clauses[wording["clause_id"]]
                ),
            )
        seen_clauses[wording["clause_id"]] = i
    project = project_from_dict(raw)
    problems = project_problems(project, dates=True)
    if problems:
        path, problem = problems[0]
        raise file_error(where + path.removeprefix("project"), problem)
    return project


_MAGIC = {"docx": b"PK\x03\x04", "pdf": b"%PDF-"}


def _draft_from_dict(raw: dict[str, Any], where: str) -> DraftVersion:
    _checked_project(raw["data"], f"{where}.data")  # the snapshot later drafts are compared with
    files = []
    formats: set[str] = set()
    for j, rf in enumerate(raw["files"]):
        path = f"{where}.files[{j}]"
        if rf["format"] in formats:
            raise file_error(
                f"{path}.format",
                _("Das Format {format} kommt in dieser Version mehrfach vor.").format(
                    format=rf["format"]
                ),
            )
        formats.add(rf["format"])
        try:
            content = base64.b64decode(rf["content_base64"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise file_error(
                f"{path}.content_base64", _("ist kein gültiger Base64-Inhalt.")
            ) from exc
        if hashlib.sha256(content).hexdigest() != rf["sha256"]:
            raise file_error(
                f"{path}.sha256",
                _(
                    "Die Prüfsumme passt nicht zum Inhalt der Datei {filename} (Datei beschädigt?)."
                ).format(filename=rf["filename"]),
            )
        if not content.startswith(_MAGIC[rf["format"]]):
            raise file_error(
                f"{path}.content_base64",
                _("Der Inhalt ist keine {format}-Datei.").format(format=rf["format"].upper()),
            )
        files.append(DraftFile(rf["format"], rf["filename"], content, rf["sha256"]))
    comments = [comment_from_dict(c) for c in raw.get("comments", [])]
    _check_comments(comments, where)
    return DraftVersion(
        number=raw["number"],
        kind=raw["kind"],
        language=raw["language"],
        created_at=parse_utc(raw["created_at"]),
        content_hash=raw["content_hash"],
        data_json=canonical_json(raw["data"]),
        files=files,
        template_version=raw.get("template_version", ""),
        note=raw.get("note", ""),
        comments=comments,
    )


def _check_comments(comments: list[Comment], where: str) -> None:
    """Comments the store would refuse, or replies to a comment the version does not have."""
    seen: set[str] = set()
    for j, c in enumerate(comments):
        path = f"{where}.comments[{j}]"
        if c.id in seen:
            raise file_error(f"{path}.id", _("Die ID {id} kommt mehrfach vor.").format(id=c.id))
        if c.parent_id is not None and (c.parent_id not in seen):
            raise file_error(
                f"{path}.parent_id",
                _("Die Antwort bezieht sich auf keinen vorher genannten Kommentar dieser Version."),
            )
        seen.add(c.id)
        if not c.author.strip():
            raise file_error(f"{path}.author", _("Das Feld darf nicht leer sein."))
        needs = "proposed_text" if c.kind == "suggestion" and c.parent_id is None else "text"
        if not getattr(c, needs).strip():
            raise file_error(f"{path}.{needs}", _("Das Feld darf nicht leer sein."))


# --- checks a schema cannot make --------------------------------------------------------------


def project_problems(project: Project, *, dates: bool = True) -> list[tuple[str, str]]:
    """What is inconsistent in ``project``: a list of (field path, German problem text).

    Duplicate ids, references to partners or milestones the project does not have, a milestone
    depending on itself or a cycle of dependencies, and (with ``dates``) an end before the start.
    """
    problems: list[tuple[str, str]] = []
    seen: dict[str, str] = {project.id: "project.id"}

    def unique(entity_id: str, path: str) -> None:
        if entity_id in seen:
            problems.append(
                (
                    path,
                    _("Die ID {id} kommt mehrfach vor (auch in {other}).").format(
                        id=entity_id, other=seen[entity_id]
                    ),
                )
            )
        else:
            seen[entity_id] = path

    for i, p in enumerate(project.partners):
        unique(p.id, f"project.partners[{i}].id")
    for i, g in enumerate(project.goals):
        unique(g.id, f"project.goals[{i}].id")
    for i, m in enumerate(project.milestones):
        unique(m.id, f"project.milestones[{i}].id")
    for i, d in enumerate(project.decisions.values()):
        unique(d.id, f"project.decisions[{i}].id")
    for i, w in enumerate(project.wordings.values()):
        unique(w.id, f"project.wordings[{i}].id")

    partner_ids = {p.id for p in project.partners}
    milestone_ids = {m.id for m in project.milestones}
    unknown_partner = _("{id} ist kein Partner dieses Projekts.")
    for i, g in enumerate(project.goals):
        if g.owner_id is not None and g.owner_id not in partner_ids:
            problems.append((f"project.goals[{i}].owner_id", unknown_partner.format(id=g.owner_id)))
    for i, m in enumerate(project.milestones):
        for j, pid in enumerate(m.responsible_ids):
            if pid not in partner_ids:
                problems.append(
                    (
                        f"project.milestones[{i}].responsible_ids[{j}]",
                        unknown_partner.format(id=pid),
                    )
                )
        for j, mid in enumerate(m.depends_on_ids):
            path = f"project.milestones[{i}].depends_on_ids[{j}]"
            if mid == m.id:
                problems.append((path, _("Ein Meilenstein kann nicht von sich selbst abhängen.")))
            elif mid not in milestone_ids:
                problems.append(
                    (path, _("{id} ist kein Meilenstein dieses Projekts.").format(id=mid))
                )
        if dates and m.start and m.end and m.end < m.start:
            problems.append(
                (
                    f"project.milestones[{i}].end",
                    _("Das Ende ({end}) liegt vor dem Beginn ({start}).").format(
                        end=m.end.isoformat(), start=m.start.isoformat()
                    ),
                )
            )
    if not problems:
        cycle = find_cycle(project.milestones)
        if cycle:
            index = {m.id: i for i, m in enumerate(project.milestones)}
            titles = " → ".join(f"„{project.milestone(mid).title}“" for mid in cycle)
            problems.append(
                (
                    f"project.milestones[{index[cycle[0]]}].depends_on_ids",
                    _("Die Abhängigkeiten bilden einen Kreis: {cycle}.").format(cycle=titles),
                )
            )
    return problems


def find_cycle(milestones: list[Milestone]) -> list[str] | None:
    """A dependency cycle as a list of milestone ids (first id repeated at the end), or None."""
    deps = {m.id: [d for d in m.depends_on_ids] for m in milestones}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    stack: list[str] = []

    def visit(mid: str) -> list[str] | None:
        state[mid] = 1
        stack.append(mid)
        for nxt in deps.get(mid, []):
            if nxt not in deps:
                continue
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[mid] = 2
        return None

    for m in milestones:
        if m.id not in state:
            found = visit(m.id)
            if found:
                return found
    return None


def copy_with_new_ids(project: Project, name: str | None = None) -> Project:
    """A deep copy of ``project`` in which every id is new and every reference follows.

    Parameter values that hold a partner id (e.g. the coordinating partner) are remapped too.
    Timestamps are cleared: the copy is a new project.
    """
    new = copy.deepcopy(project)
    mapping = {project.id: new_id()}
    for entity in [*new.partners, *new.goals, *new.milestones, *new.decisions.values(), *new.wordings.values()]:
        mapping[entity.id] = new_id()
    new.id = mapping[project.id]
    if name is not None:
        new.name = name
    new.created_at = new.updated_at = None
    for entity in [*new.partners, *new.goals, *new.milestones, *new.decisions.values(), *new.wordings.values()]:
        entity.id = mapping[entity.id]
    for g in new.goals:
        g.owner_id = mapping.get(g.owner_id, g.owner_id) if g.owner_id else None
    for m in new.milestones:
        m.responsible_ids = [mapping.get(i, i) for i in m.responsible_ids]
        m.depends_on_ids = [mapping.get(i, i) for i in m.depends_on_ids]
    for d in new.decisions.values():
        d.params = _remap(d.params, mapping)
    remap_meeting(new.assessment, new.reviews, mapping)
    return new


def _remap(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [_remap(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: _remap(v, mapping) for k, v in value.items()}
    return value
