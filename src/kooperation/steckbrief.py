"""The partner card ("Steckbrief ausfüllen"): one partner's profile card in a small file that
the partner fills in on their own laptop and sends back.

A card is a project file (`kooperation.bundle`, same container, same checks when it is read)
of the format ``kooperation-steckbrief``. It holds what the partner needs and nothing more:
the project's id and name, the one partner as edited (``projekt.json``) and as handed out
(``basis.json``, the common ancestor of the merge), and in the manifest's ``steckbrief``
section the partner's id, who asks for it and a short German instruction. No other partner, no
goal, rule or draft is in it.

The partner opens it in the app (``kooperation DATEI``; the window shows only that card and
writes every edit back into the file at once, `kooperation.ui.card_window`). Back with the
sender it is taken over like a project file (``kooperation merge DATEI``, Datei › Änderungen
übernehmen …): a three-way merge of the card's project against its ``basis`` changes only that
partner's fields, because everything else is the same (empty) on both sides of the card
(`kooperation.merging`). A card whose project is not in the store is refused.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kooperation.bundle import (
    CARD_FORMAT,
    CARD_FORMAT_VERSION,
    Bundle,
    card_project,
    new_manifest,
    pack,
    read_bundle_file,
)
from kooperation.domain.model import Partner, Project
from kooperation.errors import InputError
from kooperation.i18n import _

SUFFIX = ".kooperation-steckbrief"
"""The suffix of a card file (a project file has ``.kooperation``)."""


def find_partner(project: Project, ref: str) -> Partner:
    """The partner ``ref`` names: its id or the first characters of it, or its name or short
    name (case does not matter); `InputError` naming the partners otherwise."""
    wanted = ref.strip().lower()
    if wanted:
        for match in (
            [p for p in project.partners if p.id.lower() == wanted],
            [p for p in project.partners if wanted in (p.name.strip().lower(), p.short_name.strip().lower())],
            [p for p in project.partners if len(wanted) >= 4 and p.id.lower().startswith(wanted)],
        ):
            if len(match) == 1:
                return match[0]
    names = ", ".join(f"„{p.name}“ ({p.id[:8]})" for p in project.partners) or _("keine")
    raise InputError(_("Im Projekt „{project}“ gibt es keinen Partner „{ref}“ (eindeutig). Partner: {names}.").format(
        project=project.name, ref=ref, names=names))


def default_sender(project: Project) -> str:
    """Who asks for a card unless told otherwise: the lead partner, with its e-mail address."""
    lead = project.lead_partner
    if lead is None or not lead.name.strip():
        return ""
    email = lead.contact_email.strip()
    return f"{lead.name.strip()} ({email})" if email else lead.name.strip()


def instruction(project_name: str, partner_name: str, asked_by: str) -> str:
    """The short German instruction a card carries."""
    back = (_("Schicken Sie die Datei danach an {who} zurück.").format(who=asked_by) if asked_by
            else _("Schicken Sie die Datei danach an die Person zurück, von der Sie sie bekommen haben."))
    return " ".join([
        _("Bitte prüfen und ergänzen Sie den Steckbrief von „{partner}“ für die Kooperation „{project}“.")
        .format(partner=partner_name.strip() or _("(ohne Namen)"), project=project_name),
        _("Jede Eingabe wird sofort in dieser Datei gespeichert."),
        back,
        _("Dort werden Ihre Angaben in das Projekt übernommen."),
    ])


def write_card(project: Project, partner_id: str, asked_by: str = "") -> bytes:
    """The bytes of a card for the partner ``partner_id`` of ``project`` (`InputError` if the
    project has no such partner)."""
    partner = project.partner(partner_id)
    if partner is None:
        raise InputError(_("Diesen Partner gibt es im Projekt „{project}“ nicht mehr.").format(project=project.name))
    asked_by = " ".join(asked_by.split())
    card = card_project(project, partner)
    card.updated_at = datetime.now(UTC)
    info = {"partner_id": partner.id, "asked_by": asked_by,
            "instruction": instruction(project.name, partner.name, asked_by)}
    return _pack(card, card, info, None)


def edited_card(bundle: Bundle, partner: Partner) -> bytes:
    """The bytes of the card ``bundle`` with ``partner`` as its edited card (what the card
    window writes after every edit); who asks, the instruction and the base stay."""
    base = bundle.base
    assert base is not None and bundle.is_card
    card = card_project(bundle.project, partner)
    card.updated_at = datetime.now(UTC)
    return _pack(card, base, card_info(bundle), bundle.manifest.get("made_at"))


def _pack(card: Project, base: Project, info: dict[str, Any], made_at: Any) -> bytes:
    manifest = new_manifest(CARD_FORMAT, CARD_FORMAT_VERSION, card, base, [])
    if made_at is not None:
        manifest["edited_at"] = manifest["made_at"]
        manifest["made_at"] = made_at
    manifest["steckbrief"] = info
    return pack(manifest, card, [], base)


def card_info(bundle: Bundle) -> dict[str, Any]:
    """The manifest's ``steckbrief`` section: ``partner_id``, ``asked_by``, ``instruction``."""
    return dict(bundle.manifest["steckbrief"])


def card_partner(bundle: Bundle) -> Partner:
    """The partner as edited in the card."""
    return bundle.project.partners[0]


def read_card_file(path: str | Path) -> Bundle:
    """Read a card from disk with every check of a project file; `InputError` if it is a
    project file or anything else."""
    bundle = read_bundle_file(path)
    if not bundle.is_card:
        raise InputError(_(
            "„{file}“ ist eine Projektdatei, kein Steckbrief. Eine Projektdatei übernehmen Sie mit "
            "„kooperation merge“ oder im Fenster mit Datei › Änderungen übernehmen …").format(file=Path(path).name))
    return bundle


def suggested_name(project_name: str, partner_name: str) -> str:
    """A file name for a card: "Steckbrief ProdTech – Lernfabrik Neckar-Alb.kooperation-steckbrief"."""
    def clean(text: str) -> str:
        return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", text).strip(" .-")

    partner = clean(partner_name)[:60] or _("Partner")
    project = clean(project_name)[:60]
    name = _("Steckbrief {partner}").format(partner=partner) + (f" – {project}" if project else "")
    return name + SUFFIX
