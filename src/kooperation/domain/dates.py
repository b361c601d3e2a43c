"""Reading a date as a person types it, and writing it back the way they typed it.

`parse_day` accepts the locale's own numeric order (Babel's short date pattern: day, month, year
in German and British English, month first in US English) with any of ``.``, ``/``, ``-`` or
blanks between the parts, the German short forms ``1.3.27`` and ``01032027`` (digits only, in the
locale's order), ISO dates (``2027-03-01``) and month names (``1. März 2027``, ``Mar 1, 2027``).
Dotted dates are always read day first (the German way), in every locale. A two-digit year is
20xx. Everything else, and every date that does not exist (31.02.2027), raises `DateInputError`
with a message in plain words. Nothing here imports Qt.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from babel.dates import format_date, get_date_format, get_month_names

from kooperation.domain.labels import _locale
from kooperation.i18n import _

EXAMPLE = date(2027, 3, 1)
"""The day the messages show as an example of how to type a date."""

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
"""The range of dates a field accepts (a typo like 2207 is caught, not stored)."""


class DateInputError(ValueError):
    """Raised for text that is not a date; ``str(error)`` is the message for the user."""


def current_locale() -> str:
    """The Babel locale of the interface language (``de_DE``, ``en_GB``)."""
    return _locale()


@lru_cache(maxsize=16)
def field_order(locale: str) -> str:
    """The order of day, month and year in the locale's numeric dates: ``"dmy"`` or ``"mdy"``
    (or ``"ymd"``), read from Babel's short date pattern."""
    pattern = get_date_format("short", locale=locale).pattern
    order = ""
    for char in re.sub(r"'[^']*'", "", pattern):
        key = {"d": "d", "M": "m", "L": "m", "y": "y"}.get(char)
        if key and key not in order:
            order += key
    return order if sorted(order) == ["d", "m", "y"] else "dmy"


@lru_cache(maxsize=16)
def entry_pattern(locale: str) -> str:
    """The locale's short numeric pattern with a four-digit year (``dd.MM.yyyy``, ``dd/MM/yyyy``,
    ``M/d/yyyy``): how a date field shows a date."""
    pattern = get_date_format("short", locale=locale).pattern
    return re.sub(r"y+", "yyyy", pattern)


def format_entry(value: date, locale: str | None = None) -> str:
    """``value`` as a date field shows it (``01.03.2027`` in German)."""
    locale = locale or current_locale()
    return format_date(value, entry_pattern(locale), locale=locale)


def example(locale: str | None = None) -> str:
    """How to type a date, for messages and placeholders (``01.03.2027``)."""
    return format_entry(EXAMPLE, locale)


@lru_cache(maxsize=16)
def _month_words(locale: str) -> dict[str, int]:
    words: dict[str, int] = {}
    for lang in {locale, "de_DE", "en_GB"}:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=lang).items():
                    words.setdefault(name.casefold().rstrip("."), number)
    words.setdefault("sept", 9)
    return words


def _year(text: str) -> int:
    if len(text) == 2:
        return 2000 + int(text)
    if len(text) == 4:
        return int(text)
    raise DateInputError("")


def _parts_from_digits(digits: str, order: str) -> dict[str, str] | None:
    """``01032027`` / ``010327`` split in the locale's order (the year always four or two)."""
    if len(digits) not in (6, 8) or order == "ymd" and len(digits) != 8:
        return None
    year_len = len(digits) - 4
    parts: dict[str, str] = {}
    at = 0
    for key in order:
        size = year_len if key == "y" else 2
        parts[key] = digits[at : at + size]
        at += size
    return parts


def _split(text: str, locale: str) -> dict[str, str | int] | None:
    """Day, month and year as typed (strings, or the month's number for a month name), or None
    if the text has no recognisable shape."""
    order = field_order(locale)
    tokens = re.findall(r"\d+|[^\W\d_]+", text)
    words = [t for t in tokens if not t.isdigit()]
    numbers = [t for t in tokens if t.isdigit()]
    if words:
        if len(words) != 1 or len(numbers) != 2:
            return None
        month = _month_words(locale).get(words[0].casefold())
        if month is None:
            return None
        first, second = numbers
        day, year = (first, second) if len(first) <= 2 else (second, first)
        return {"d": day, "m": month, "y": year}
    if len(numbers) == 1:
        return _parts_from_digits(numbers[0], order)  # type: ignore[return-value]
    if len(numbers) != 3:
        return None
    if re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", text):
        order = "ymd"  # ISO
    elif "." in text and "/" not in text:
        order = "dmy"  # dotted dates are German: day first, everywhere
    elif len(numbers[0]) == 4:
        order = "ymd"
    return dict(zip(order, numbers, strict=True))


def parse_day(text: str, locale: str | None = None) -> date:
    """The date ``text`` stands for; raises `DateInputError` with a message if it is none (an
    empty text included: whether "no date" is allowed is the caller's decision)."""
    locale = locale or current_locale()
    typed = text.strip().rstrip(".").strip()
    hint = _("Bitte so eingeben: {example}").format(example=example(locale))
    if not typed:
        raise DateInputError(_("Bitte ein Datum eingeben.") + " " + hint)
    parts = _split(typed, locale)
    not_a_date = _("„{text}“ ist kein Datum.").format(text=text.strip()) + " " + hint
    if parts is None:
        raise DateInputError(not_a_date)
    try:
        year = _year(str(parts["y"]))
        month, day = int(parts["m"]), int(parts["d"])
    except (DateInputError, ValueError):
        raise DateInputError(not_a_date) from None
    if not 1 <= month <= 12:
        raise DateInputError(
            _("„{text}“ ist kein Datum: Einen {month}. Monat gibt es nicht.").format(text=text.strip(), month=month)
        )
    try:
        value = date(year, month, day)
    except ValueError:
        raise DateInputError(
            _("„{text}“ ist kein Datum: Diesen Tag gibt es im {month_name} {year} nicht.").format(
                text=text.strip(),
                month_name=format_date(date(year, month, 1), "MMMM", locale=locale),
                year=year,
            )
        ) from None
    if not FIRST_DAY <= value <= LAST_DAY:
        raise DateInputError(
            _("Bitte ein Datum zwischen {first} und {last} eingeben.").format(
                first=format_entry(FIRST_DAY, locale), last=format_entry(LAST_DAY, locale)
            )
        )
    return value
