"""The project file ("Projekt weitergeben"): one file that carries a project to a partner's
laptop and its changes back ("Änderungen übernehmen").

A project file is a ZIP archive (suffix ``.kooperation``) with exactly these members:

``manifest.json``
    ``format`` (``kooperation-projektdatei``), ``format_version``, ``app_version``,
    ``project_id``, ``project_name``, ``made_at``, ``state`` (the hash of the project state in
    the file, `kooperation.store.exchange.state_hash`), ``base`` (the hash of the state it was
    made from: the newest state the sending side had exchanged before, or null) and ``known``
    (hashes of states the sending side sent or took over, newest first).
``projekt.json``
    The project with its draft versions, files and comments in the JSON exchange format
    (`kooperation.domain.serialize`, read as strictly as ``kooperation import`` reads it).
``basis.json`` (optional)
    The state named by ``base``, in the same format without drafts: the common ancestor when
    the receiving store knows none of the ``known`` states.

A partner card ("Steckbrief ausfüllen", `kooperation.steckbrief`) is the same container with
the format ``kooperation-steckbrief`` and its own ``format_version``: ``projekt.json`` and
``basis.json`` then hold a project with nothing but that one partner (as edited and as handed
out), and the manifest has a ``steckbrief`` section (which partner, who asks, the instruction).
It is read here with every check of a project file; `kooperation.steckbrief` checks the rest.

A file is input from outside: its size is checked before it is read, the archive must hold just
these members (no other names, so no paths), none encrypted, none compressed suspiciously well
(a zip bomb), each read with a byte limit that does not trust the declared sizes; every JSON
member is parsed with the limits of the JSON import. A file of a newer format version is refused
with a message that says so. Nothing is written anywhere while a file is read.
"""

from __future__ import annotations

import copy
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kooperation import __version__
from kooperation.domain.model import Partner, Project
from kooperation.domain.serialize import (
    DraftVersion,
    dumps_document,
    export_document,
    read_document,
)
from kooperation.errors import InputError
from kooperation.i18n import _
from kooperation.store.exchange import FILE_STATES, KnownState, state_form, state_hash
from kooperation.timeutil import utc_iso
from kooperation.user_files import read_user_file

FORMAT = "kooperation-projektdatei"
FORMAT_VERSION = 1
CARD_FORMAT = "kooperation-steckbrief"
CARD_FORMAT_VERSION = 1
"""A partner card (`kooperation.steckbrief`): the highest version of its format this app reads."""
SUFFIX = ".kooperation"
MANIFEST, PROJECT, BASE = "manifest.json", "projekt.json", "basis.json"

MB = 1024 * 1024
MAX_FILE_BYTES = 200 * MB
"""A project file larger than this is refused before a byte of it is read."""
MEMBER_LIMITS = {MANIFEST: 1 * MB, PROJECT: 400 * MB, BASE: 50 * MB}
"""The most bytes each member may unpack to (draft files are Base64 inside the JSON)."""
MAX_RATIO = 100
"""A member of more than 1 MB that unpacks to more than this many times its packed size is
refused as a zip bomb (JSON with Base64 files packs about 1.3 to 10 times)."""


@dataclass
class Bundle:
    """A project file as read: the project and its versions (the sending side's state), the
    state it was made from (if the file carries it) and the states the sender knows."""

    project: Project
    drafts: list[DraftVersion]
    manifest: dict[str, Any]
    base: Project | None = None
    known: list[str] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        return str(self.manifest["state"])

    @property
    def is_card(self) -> bool:
        """A partner card (`kooperation.steckbrief`), not a whole project."""
        return self.manifest.get("format") == CARD_FORMAT


# --- writing -------------------------------------------------------------------------------------


def write_bundle(
    project: Project, drafts: list[DraftVersion], known: list[KnownState], base: Project | None
) -> bytes:
    """The bytes of a project file for ``project`` with ``drafts``; ``known`` are the states
    this side knows (newest first), ``base`` the newest of them (the state it was made from)."""
    manifest = new_manifest(FORMAT, FORMAT_VERSION, project, base, [k.state_hash for k in known[:FILE_STATES]])
    return pack(manifest, project, drafts, base)


def new_manifest(
    format_: str, version: int, project: Project, base: Project | None, known: list[str]
) -> dict[str, Any]:
    """The manifest of a file of ``format_`` holding ``project`` made from ``base``."""
    return {
        "format": format_,
        "format_version": version,
        "app_version": __version__,
        "project_id": project.id,
        "project_name": project.name,
        "made_at": utc_iso(datetime.now(UTC)),
        "state": state_hash(project),
        "base": state_hash(base) if base is not None else None,
        "known": known,
    }


def pack(manifest: dict[str, Any], project: Project, drafts: list[DraftVersion], base: Project | None) -> bytes:
    """The ZIP archive of ``manifest``, ``project`` with ``drafts`` and ``base``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        z.writestr(PROJECT, dumps_document(export_document(project, drafts)))
        if base is not None:
            z.writestr(BASE, dumps_document(export_document(base)))
    return out.getvalue()


# --- reading -------------------------------------------------------------------------------------


def read_bundle_file(path: str | Path) -> Bundle:
    """Read a project file from disk (size checked first); `InputError` for anything wrong."""
    data = read_user_file(path, MAX_FILE_BYTES, _(
        "Die Datei „{path}“ ist zu groß für eine Projektdatei (höchstens {mb} MB)."
    ))
    return read_bundle(data)


def _not_a_bundle() -> InputError:
    return InputError(_("Die Datei ist keine Kooperation-Projektdatei (kein gültiges ZIP-Archiv)."))


def read_bundle(data: bytes) -> Bundle:
    """Read a project file from its bytes; `InputError` with a German message for anything
    the app did not write or cannot use."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(_("Die Datei ist zu groß für eine Projektdatei (höchstens {mb} MB).").format(mb=MAX_FILE_BYTES // MB))
    if data.lstrip()[:1] == b"{":
        raise InputError(_("Das ist eine JSON-Exportdatei, keine Projektdatei; bitte mit „kooperation import“ einlesen."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise _not_a_bundle() from exc
    _check_members(infos)
    manifest = _manifest(_read_member(archive, MANIFEST))
    read = read_document(_read_member(archive, PROJECT))
    project = read.project
    if project.id != manifest["project_id"]:
        raise InputError(_("Die Projektdatei ist beschädigt: das Projekt darin ist nicht das im Verzeichnis der Datei genannte."))
    if state_hash(project) != manifest["state"]:
        raise InputError(_("Die Projektdatei ist beschädigt oder wurde verändert: der Stand des Projekts passt nicht zu seiner Prüfsumme."))
    base = None
    if BASE in archive.namelist():
        base = read_document(_read_member(archive, BASE)).project
        if base.id != project.id or state_hash(base) != manifest["base"]:
            raise InputError(_("Die Projektdatei ist beschädigt: der Ausgangsstand gehört nicht zu diesem Projekt."))
    bundle = Bundle(project, read.drafts, manifest, base, list(manifest["known"]), read.cleaned)
    if bundle.is_card:
        _check_card(bundle)
    return bundle


MAX_CARD_TEXT = 4000
"""The most characters of the card's instruction and of the name of who asks for it."""


def card_project(project: Project, partner: Partner) -> Project:
    """What a partner card holds of ``project``: its id and name and ``partner``, nothing else."""
    return Project(name=project.name, id=project.id, partners=[copy.deepcopy(partner)])


def _check_card(bundle: Bundle) -> None:
    """A partner card holds one partner, as edited and as handed out, and nothing else; the
    partner's role and tier are the cooperation's to set, not the card's."""
    info = bundle.manifest.get("steckbrief")
    text = lambda v: isinstance(v, str) and len(v) <= MAX_CARD_TEXT  # noqa: E731
    if not (isinstance(info, dict) and isinstance(info.get("partner_id"), str)
            and text(info.get("asked_by", "")) and text(info.get("instruction", ""))):
        raise InputError(_("Der Steckbrief ist beschädigt: das Verzeichnis {name} ist unvollständig.").format(name=MANIFEST))
    if bundle.base is None or bundle.drafts or bundle.known:
        raise InputError(_("Der Steckbrief ist beschädigt: ihm fehlt der Stand, von dem er ausging."))
    for project in (bundle.project, bundle.base):
        if (len(project.partners) != 1 or project.partners[0].id != info["partner_id"]
                or state_form(project) != state_form(card_project(project, project.partners[0]))):
            raise InputError(_("Der Steckbrief wurde verändert: er enthält mehr als den Steckbrief eines Partners."))
    edited, handed_out = bundle.project.partners[0], bundle.base.partners[0]
    if (edited.role, edited.tier) != (handed_out.role, handed_out.tier):
        raise InputError(_("Der Steckbrief wurde verändert: Rolle und Partnerstufe legt die Kooperation fest, nicht der Steckbrief."))


def _check_members(infos: list[zipfile.ZipInfo]) -> None:
    names = [i.filename for i in infos]
    if len(names) != len(set(names)) or not set(names) <= set(MEMBER_LIMITS) or MANIFEST not in names:
        raise InputError(_("Die Datei ist keine Kooperation-Projektdatei (unerwarteter Inhalt des Archivs)."))
    if PROJECT not in names:
        raise InputError(_("Die Projektdatei ist unvollständig: {name} fehlt.").format(name=PROJECT))
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(_("Die Projektdatei ist verschlüsselt und kann nicht gelesen werden."))
        if info.file_size > MEMBER_LIMITS[info.filename]:
            raise InputError(_("Die Projektdatei ist zu groß: {name} würde entpackt mehr als {mb} MB belegen.")
                             .format(name=info.filename, mb=MEMBER_LIMITS[info.filename] // MB))
        if info.file_size > MB and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(_("Die Projektdatei wurde abgelehnt: {name} ist ungewöhnlich stark gepackt (ZIP-Bombe?).")
                             .format(name=info.filename))


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes, counted as they come out of the decompressor (declared sizes can lie)."""
    limit = MEMBER_LIMITS[name]
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(256 * 1024):
                total += len(chunk)
                if total > limit:
                    raise InputError(_("Die Projektdatei ist zu groß: {name} würde entpackt mehr als {mb} MB belegen.")
                                     .format(name=name, mb=limit // MB))
                chunks.append(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise InputError(_("Die Projektdatei ist beschädigt ({name} lässt sich nicht entpacken).").format(name=name)) from exc
    return b"".join(chunks)


def _reject(value: str) -> Any:
    raise ValueError(value)


def _manifest(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data.decode("utf-8"), parse_constant=_reject)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputError(_("Die Projektdatei ist beschädigt: {name} ist kein gültiges JSON.").format(name=MANIFEST)) from exc
    if not isinstance(manifest, dict) or manifest.get("format") not in (FORMAT, CARD_FORMAT):
        raise InputError(_("Die Datei ist keine Kooperation-Projektdatei (das Format im Verzeichnis fehlt oder ist ein anderes)."))
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError(_("Die Projektdatei ist beschädigt: die Formatversion fehlt."))
    if manifest["format"] == CARD_FORMAT and version > CARD_FORMAT_VERSION:
        raise InputError(_(
            "Der Steckbrief hat die Formatversion {version} und wurde mit einer neueren Version von "
            "Kooperation erstellt ({app}). Bitte Kooperation aktualisieren, um ihn zu öffnen oder zu übernehmen."
        ).format(version=version, app=str(manifest.get("app_version", "?"))[:40]))
    if manifest["format"] == FORMAT and version > FORMAT_VERSION:
        raise InputError(_(
            "Die Projektdatei hat die Formatversion {version} und wurde mit einer neueren Version von "
            "Kooperation erstellt ({app}). Bitte Kooperation aktualisieren, um sie zu übernehmen."
        ).format(version=version, app=str(manifest.get("app_version", "?"))[:40]))
    hex64 = lambda v: isinstance(v, str) and len(v) == 64 and all(c in "0123456789abcdef" for c in v)  # noqa: E731
    known = manifest.get("known", [])
    ok = (
        isinstance(manifest.get("project_id"), str)
        and hex64(manifest.get("state"))
        and (manifest.get("base") is None or hex64(manifest["base"]))
        and isinstance(known, list) and len(known) <= 1000 and all(hex64(k) for k in known)
    )
    if not ok:
        raise InputError(_("Die Projektdatei ist beschädigt: das Verzeichnis {name} ist unvollständig.").format(name=MANIFEST))
    manifest["project_id"] = manifest["project_id"].strip().lower()
    return manifest
