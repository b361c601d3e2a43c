"""What a text field may hold: one maximum length per field and the cleaning of characters that
no document, database or file can carry.

The same limits apply wherever text comes in — the window's input fields, the command line and
the JSON import — and the JSON schema (``resources/schemas/project.schema.json``) states them
again as ``maxLength`` (a test keeps both equal). Fields are named ``"<entity>.<field>"``, e.g.
``"partner.city"`` or ``"comment.text"``.

`clean_text` removes control characters (C0 except tab and line feed in multi-line fields, DEL,
C1), Unicode noncharacters and lone surrogates, and turns ``\\r\\n``/``\\r`` into ``\\n``; in
single-line fields tab and line breaks become a space. It never raises on a ``str``.
Pure Python; no Qt.
"""

from __future__ import annotations

import re

from kooperation.i18n import _, current_language

NAME = 500  # a name or a single line (the store's String(500) columns)
SHORT = 2000  # a sentence in a one-line field (goal, note on a factor, board point)
TEXT = 20000  # a multi-line text

FIELD_LIMITS: dict[str, int] = {
    # the project
    "project.name": NAME,
    "project.description": TEXT,
    "project.place": NAME,
    # a partner's profile card
    "partner.name": NAME,
    "partner.short_name": NAME,
    "partner.legal_form": NAME,
    "partner.market": NAME,
    "partner.street": NAME,
    "partner.postcode": 20,
    "partner.city": NAME,
    "partner.country": NAME,
    "partner.representative": NAME,
    "partner.contact_email": NAME,
    "partner.products": TEXT,
    "partner.need": TEXT,
    "partner.potentials": TEXT,
    "partner.contributions": TEXT,
    # the business model canvas
    "bm.value_proposition": TEXT,
    "bm.customer_segments": TEXT,
    "bm.key_partners": TEXT,
    "bm.revenue_streams": TEXT,
    "bm.costs_management": TEXT,
    "bm.costs_development": TEXT,
    "bm.costs_infrastructure": TEXT,
    # goals and roadmap
    "goal.text": SHORT,
    "goal.indicator": SHORT,
    "milestone.title": NAME,
    "milestone.description": TEXT,
    # rules
    "decision.note": TEXT,
    "decision.param": TEXT,  # a text value of a rule parameter
    # meeting checks and reviews
    "factor.note": SHORT,
    "board.text": SHORT,
    "review.title": NAME,
    "review.note": TEXT,
    "review.entry_comment": SHORT,
    "review.reflection": TEXT,
    # draft versions and review comments
    "draft.note": NAME,
    "comment.author": 200,
    "comment.initials": 20,
    "comment.text": TEXT,
    "comment.proposed_text": TEXT,
    "comment.original_text": TEXT,
    # individually agreed clause wordings (a piece of text between references)
    "wording.text": TEXT,
    "wording.author": 200,
}

MULTILINE: frozenset[str] = frozenset(
    {
        "project.description",
        "partner.products",
        "partner.need",
        "partner.potentials",
        "partner.contributions",
        "bm.value_proposition",
        "bm.customer_segments",
        "bm.key_partners",
        "bm.revenue_streams",
        "bm.costs_management",
        "bm.costs_development",
        "bm.costs_infrastructure",
        "milestone.description",
        "decision.note",
        "decision.param",
        "review.note",
        "review.reflection",
        "comment.text",
        "comment.proposed_text",
        "comment.original_text",
    }
)

DEFAULT_LIMIT = NAME


def limit_for(field_key: str) -> int:
    """The maximum length (in characters) of the field ``field_key``; a single line's for an
    unknown key."""
    return FIELD_LIMITS.get(field_key, DEFAULT_LIMIT)


def is_multiline(field_key: str) -> bool:
    """Whether the field keeps line breaks and tabs."""
    return field_key in MULTILINE


# C0 controls except tab, line feed and carriage return (handled separately), DEL, C1 controls,
# surrogates (a str can hold them, no file or database can), noncharacters.
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS + "]"
)
_BREAKS = re.compile("\r\n?")
_SINGLE_LINE_SPACE = re.compile("[\t\n]")


def clean_text(value: str, *, multiline: bool) -> tuple[str, bool]:
    """``value`` without characters a document cannot hold: (cleaned text, whether anything
    changed). ``\\r\\n`` and ``\\r`` become ``\\n``; in a single-line field tab and line breaks
    become a space. Never raises on a ``str``."""
    cleaned = _UNWANTED.sub("", _BREAKS.sub("\n", value))
    if not multiline:
        cleaned = _SINGLE_LINE_SPACE.sub(" ", cleaned)
    return cleaned, cleaned != value


def field_label(field_key: str) -> str:
    """The field's name as the user sees it, e.g. „Ort“ for ``partner.city``."""
    labels = {
        "project.name": _("Projektname"),
        "project.description": _("Beschreibung"),
        "project.place": _("Ort"),
        "partner.name": _("Name"),
        "partner.short_name": _("Kurzbezeichnung"),
        "partner.legal_form": _("Rechtsform"),
        "partner.market": _("Markt/Branche"),
        "partner.street": _("Straße"),
        "partner.postcode": _("PLZ"),
        "partner.city": _("Ort"),
        "partner.country": _("Land"),
        "partner.representative": _("Vertreten durch"),
        "partner.contact_email": _("E-Mail"),
        "partner.products": _("Produkte und Leistungen"),
        "partner.need": _("Handlungsbedarf"),
        "partner.potentials": _("Potenziale"),
        "partner.contributions": _("Beiträge"),
        "bm.value_proposition": _("Nutzenversprechen"),
        "bm.customer_segments": _("Kundensegmente"),
        "bm.key_partners": _("Schlüsselpartner"),
        "bm.revenue_streams": _("Einnahmequellen"),
        "bm.costs_management": _("Kosten für das Management"),
        "bm.costs_development": _("Kosten für die Entwicklung"),
        "bm.costs_infrastructure": _("Kosten für die Infrastruktur"),
        "goal.text": _("Ziel"),
        "goal.indicator": _("Indikator"),
        "milestone.title": _("Titel des Meilensteins"),
        "milestone.description": _("Beschreibung des Meilensteins"),
        "decision.note": _("Notiz"),
        "decision.param": _("Wert"),
        "factor.note": _("Notiz"),
        "board.text": _("Punkt"),
        "review.title": _("Titel"),
        "review.note": _("Notiz"),
        "review.entry_comment": _("Kommentar"),
        "review.reflection": _("Antwort"),
        "draft.note": _("Notiz"),
        "comment.author": _("Von"),
        "comment.initials": _("Kürzel"),
        "comment.text": _("Text"),
        "comment.proposed_text": _("Neue Fassung"),
        "comment.original_text": _("Bisherige Fassung"),
        "wording.text": _("Vereinbarte Fassung"),
        "wording.author": _("Fassung von"),
    }
    return labels.get(field_key, field_key)


def format_count(n: int) -> str:
    """A count as the user's language writes it (25.000)."""
    from babel.numbers import format_decimal

    return format_decimal(n, locale="de_DE" if current_language() == "de" else "en_GB")


def too_long_message(field_key: str, length: int, label: str | None = None) -> str:
    """„Name“ darf höchstens 500 Zeichen lang sein (eingegeben: 25.000)."""
    return _("„{field}“ darf höchstens {max} Zeichen lang sein (eingegeben: {length}).").format(
        field=label or field_label(field_key),
        max=format_count(limit_for(field_key)),
        length=format_count(length),
    )


def too_long(field_key: str, value: str) -> bool:
    """Whether ``value`` (already cleaned) exceeds the field's limit."""
    return len(value) > limit_for(field_key)


def check_text(field_key: str, value: str) -> tuple[str, str | None]:
    """Clean ``value`` for the field ``field_key`` and check its length.

    Returns the cleaned text and ``None`` when it can be stored as it came; otherwise a German
    message: the text is too long (refuse it — `too_long` tells this case apart), or, when only
    characters were removed, the note „Steuerzeichen wurden entfernt.“ (store the cleaned text
    and tell the user).
    """
    cleaned, changed = clean_text(value, multiline=is_multiline(field_key))
    if too_long(field_key, cleaned):
        message = too_long_message(field_key, len(cleaned))
        if changed:
            message += " " + _("Steuerzeichen wurden entfernt.")
        return cleaned, message
    if changed:
        return cleaned, _("Steuerzeichen wurden entfernt.")
    return cleaned, None


def require_text(field_key: str, value: str, *, label: str | None = None) -> tuple[str, str | None]:
    """`check_text` for callers that refuse: raises `InputError` when the cleaned text is too
    long (naming ``label``, e.g. a command-line option, or the field); otherwise returns the
    cleaned text and the note „Steuerzeichen wurden entfernt.“ or ``None``."""
    from kooperation.errors import InputError

    cleaned, message = check_text(field_key, value)
    if too_long(field_key, cleaned):
        raise InputError(too_long_message(field_key, len(cleaned), label))
    return cleaned, message
