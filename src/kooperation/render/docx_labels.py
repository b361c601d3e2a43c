"""Words the DOCX renderer prints that are not part of the model's text.

The model's ``Document.labels`` comes first; these defaults only fill the gaps (a label the
drafting layer does not send yet), in the document's language.
"""

from __future__ import annotations

import datetime as dt

from kooperation.drafting.docmodel import Document

DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "de": {
        "page": "Seite",
        "of": "von",
        "toc": "Inhaltsverzeichnis",
        "watermark": "ENTWURF",
        "draft": "Entwurf",
        "open_point": "Offener Punkt",
        "signatures": "Unterschriften",
        "place_date": "Ort, Datum",
        "between": "zwischen",
        "and": "und",
        "version": "Version",
        "generated": "erstellt am",
        "designation_pattern": "– nachfolgend {} genannt –",
        "milestone": "Meilenstein",
        "start": "Beginn",
        "end": "Ende",
        "status": "Status",
        "status_planned": "geplant",
        "status_in_progress": "in Arbeit",
        "status_done": "erledigt",
        "status_delayed": "verzögert",
        "status_at_risk": "gefährdet",
        "status_cancelled": "abgebrochen",
    },
    "en": {
        "page": "Page",
        "of": "of",
        "toc": "Contents",
        "watermark": "DRAFT",
        "draft": "Draft",
        "open_point": "Open point",
        "signatures": "Signatures",
        "place_date": "Place, date",
        "between": "between",
        "and": "and",
        "version": "Version",
        "generated": "generated on",
        "designation_pattern": "– hereinafter {} –",
        "milestone": "Milestone",
        "start": "Start",
        "end": "End",
        "status": "Status",
        "status_planned": "planned",
        "status_in_progress": "in progress",
        "status_done": "done",
        "status_delayed": "delayed",
        "status_at_risk": "at risk",
        "status_cancelled": "cancelled",
    },
}

_QUOTES = {"de": ("„", "“"), "en": ("“", "”")}


def label_for(doc: Document, key: str, default: str | None = None) -> str:
    """``doc.labels[key]``, else our default for the document's language, else ``default``
    (else the key itself, so a missing word is visible rather than silently empty)."""
    value = (doc.labels or {}).get(key)
    if value is not None:
        return str(value)
    table = DEFAULT_LABELS.get(doc.language) or DEFAULT_LABELS["de"]
    if key in table:
        return table[key]
    return default if default is not None else key


def quote(doc: Document, text: str) -> str:
    """``text`` in the quotation marks of the document's language."""
    opening, closing = _QUOTES.get(doc.language, _QUOTES["de"])
    return f"{opening}{text}{closing}"


FALLBACK_TIME = dt.datetime(2024, 1, 1)
"""The document date when the model gives none: the same input always gives the same file."""


def list_letter(index: int) -> str:
    """a, b, … z, aa, ab … for the items of a lettered list."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def meta_datetime(value) -> dt.datetime:
    """The document date from the model's meta ("21.11.2026" or ISO), else a constant, so the
    same input always gives the same file."""
    text = str(value or "").strip()
    for parse in (
        lambda s: dt.datetime.strptime(s, "%d.%m.%Y"),
        lambda s: dt.datetime.fromisoformat(s),
    ):
        try:
            when = parse(text)
        except ValueError:
            continue
        return when.replace(tzinfo=None)
    return FALLBACK_TIME
