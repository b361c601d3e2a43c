"""How draft versions are named: each document kind is numbered on its own.

The agreement, the letter of intent, the confidentiality agreement and the project sketch each
count their versions from 1 ("Vertrag v3", "Absichtserklärung v1", "Skizze v2"); a version is named by its kind and its number together, for people (`version_label`) and
on the command line (`version_ref`, read back by `parse_version`). Until format version 1 of the
project file and schema 0004 of the store, both kinds shared one counter; `per_kind_numbers`
turns such numbers into the per-kind ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kooperation.errors import InputError
from kooperation.i18n import _

DRAFT_KINDS = ("vertrag", "absichtserklaerung", "vertraulichkeit", "skizze")
DEFAULT_KIND = "vertrag"
CLAUSE_KINDS = ("vertrag", "absichtserklaerung", "vertraulichkeit")
"""The kinds made of numbered clauses: these can be reviewed and compared clause by clause."""

_REF = re.compile(r"^\s*(?:([a-zäöüß]+)\s*[-_ ]?\s*)?v?\s*(\d{1,7})\s*$", re.IGNORECASE)
_ALIASES = {"vertrag": "vertrag", "skizze": "skizze", "projektskizze": "skizze",
            "kooperationsvertrag": "vertrag",
            "absichtserklaerung": "absichtserklaerung", "absichtserklärung": "absichtserklaerung",
            "loi": "absichtserklaerung",
            "vertraulichkeit": "vertraulichkeit", "vertraulichkeitsvereinbarung": "vertraulichkeit",
            "nda": "vertraulichkeit"}


def kind_short_label(kind: str) -> str:
    """"Vertrag", "Skizze", "Absichtserklärung" …: the short name a version label starts with."""
    return {
        "vertrag": _("Vertrag"),
        "skizze": _("Skizze"),
        "absichtserklaerung": _("Absichtserklärung"),
        "vertraulichkeit": _("Vertraulichkeitsvereinbarung"),
    }.get(kind, kind)


def kind_title(kind: str) -> str:
    """The full name of a document kind: "Kooperationsvertrag", "Absichtserklärung" …"""
    return {
        "vertrag": _("Kooperationsvertrag"),
        "skizze": _("Projektskizze"),
        "absichtserklaerung": _("Absichtserklärung"),
        "vertraulichkeit": _("Vertraulichkeitsvereinbarung"),
    }.get(kind, kind)


def version_label(kind: str, number: int) -> str:
    """The name of a version for people: "Vertrag v3", "Skizze v2"."""
    return _("{kind} v{number}").format(kind=kind_short_label(kind), number=number)


def version_ref(kind: str, number: int) -> str:
    """The name of a version on the command line: "vertrag-3", "skizze-2"."""
    return f"{kind}-{number}"


def parse_version(text: str, default_kind: str = DEFAULT_KIND) -> tuple[str, int]:
    """``"3"``, ``"v3"``, ``"vertrag-3"``, ``"Skizze v2"`` → (kind, number); a bare number means
    ``default_kind``. Anything else raises `InputError` with a German example."""
    match = _REF.match(str(text))
    kind = default_kind
    if match and match.group(1) and match.group(1).lower() != "v":  # "v3": the default kind
        kind = _ALIASES.get(match.group(1).lower(), "")
    if not match or not kind or int(match.group(2)) < 1:
        raise InputError(
            _(
                "„{value}“ ist keine Versionsangabe. Eine Version wird mit Art und Nummer "
                "angegeben, z. B. vertrag-3 oder skizze-2 (eine Zahl allein meint den Vertrag)."
            ).format(value=str(text)[:40])
        )
    return kind, int(match.group(2))


def per_kind_numbers(versions: Iterable[tuple[str, int]]) -> dict[int, int]:
    """Shared numbers (one counter for all kinds) → the per-kind number of each version, in the
    order of the shared numbers: [("vertrag", 1), ("skizze", 2), ("vertrag", 3)] gives
    {1: 1, 2: 1, 3: 2}."""
    counters: dict[str, int] = {}
    out: dict[int, int] = {}
    for kind, number in sorted(versions, key=lambda v: v[1]):
        counters[kind] = counters.get(kind, 0) + 1
        out[number] = counters[kind]
    return out
