"""Checking a parsed project file against ``resources/schemas/project.schema.json``, with a
German message that names the field (``project.partners[2].sector``) for the first problem.

Dates and timestamps must also lie between `kooperation.domain.filecheck.MIN_YEAR` and
``MAX_YEAR``; a well-formed date outside says so rather than "kein gültiges Datum".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from kooperation.domain.filecheck import day_in_range, moment_in_range, range_problem
from kooperation.domain.text import format_count
from kooperation.errors import InputError
from kooperation.i18n import _
from kooperation.resources import resource_path

SCHEMA_PATH = resource_path("schemas", "project.schema.json")


def file_error(path: str, problem: str) -> InputError:
    return InputError(
        _("Ungültige Datei: Feld „{field}“: {problem}").format(field=path, problem=problem)
    )


_TYPE_NAMES = {
    "string": "Text",
    "integer": "ganze Zahl",
    "number": "Zahl",
    "boolean": "ja/nein (true/false)",
    "array": "Liste",
    "object": "Objekt",
    "null": "leer (null)",
}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(formats=())

    @checker.checks("date", raises=ValueError)
    def _is_date(value: object) -> bool:
        if not isinstance(value, str):
            return True
        return bool(_DATE_RE.match(value)) and day_in_range(date.fromisoformat(value))

    @checker.checks("date-time", raises=ValueError)
    def _is_datetime(value: object) -> bool:
        if not isinstance(value, str):
            return True
        return bool(_DATETIME_RE.match(value)) and moment_in_range(datetime.fromisoformat(value))

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=checker)


def validate_document(doc: Any) -> None:
    """Check a parsed document against the JSON schema; raises `InputError` naming the field."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(doc))
    if error is None:
        return
    path, problem = _describe(error)
    raise file_error(path, problem)


def _path(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(Datei)"


def show(value: Any) -> str:
    if value is None:
        return "leer"
    text = f"'{value}'" if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…'"


def _describe(error: Any) -> tuple[str, str]:
    """(field path, German problem) for one jsonschema error."""
    parts = list(error.absolute_path)
    kind, expected, value = error.validator, error.validator_value, error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "required":
        missing = next((k for k in expected if k not in value), expected[0])
        return _path([*parts, missing]), _("Pflichtfeld fehlt.")
    if kind == "additionalProperties":
        known = set(schema.get("properties", {}))
        extra = next((k for k in value if k not in known), "?")
        return _path([*parts, extra]), _("Dieses Feld ist hier nicht vorgesehen.")
    where = _path(parts)
    if kind == "enum":
        allowed = ", ".join("leer" if v is None else str(v) for v in expected)
        return where, _("{value} ist keiner der erlaubten Werte ({allowed}).").format(
            value=show(value), allowed=allowed
        )
    if kind == "const":
        return where, _("erwartet ist {expected}, gefunden: {value}.").format(
            expected=show(expected), value=show(value)
        )
    if kind == "type":
        types = [expected] if isinstance(expected, str) else expected
        names = " oder ".join(_TYPE_NAMES.get(t, t) for t in types)
        return where, _("erwartet ist {expected}, gefunden: {value}.").format(
            expected=names, value=show(value)
        )
    if kind == "maxLength":
        return where, _("Der Text ist zu lang ({length} Zeichen, höchstens {max}).").format(
            length=format_count(len(value)), max=format_count(expected)
        )
    if kind == "minLength":
        return where, _("Das Feld darf nicht leer sein.")
    if kind == "minItems":
        return where, _("Die Liste darf nicht leer sein.")
    if kind in ("maxItems", "maxProperties"):
        return where, _("Zu viele Einträge (höchstens {max}).").format(max=expected)
    if kind == "uniqueItems":
        return where, _("Die Liste enthält einen Eintrag mehrfach.")
    if kind in ("minimum", "maximum"):
        bound = _("mindestens") if kind == "minimum" else _("höchstens")
        return where, _("{value} ist nicht erlaubt (Wert muss {bound} {limit} sein).").format(
            value=show(value), bound=bound, limit=expected
        )
    if kind == "format" and _parses(expected, value):
        return where, _("{value} {problem}").format(value=show(value), problem=range_problem())
    if kind == "format":
        formats = {
            "date": _("kein gültiges Datum (JJJJ-MM-TT)"),
            "date-time": _(
                "kein gültiger Zeitpunkt (ISO 8601 mit Zeitzone, z. B. 2025-01-31T09:00:00Z)"
            ),
        }
        return where, _("{value} ist {what}.").format(
            value=show(value), what=formats.get(expected, expected)
        )
    if kind == "pattern":
        what = schema.get("title") or _("im erwarteten Format")
        return where, _("{value} hat nicht die erwartete Form ({what}).").format(
            value=show(value), what=what
        )
    return where, _("{value} ist kein gültiger Wert.").format(value=show(value))


def _parses(fmt: str, value: Any) -> bool:
    """Whether ``value`` is a well-formed date or timestamp (then only its year is wrong)."""
    pattern = {"date": _DATE_RE, "date-time": _DATETIME_RE}.get(fmt)
    if pattern is None or not isinstance(value, str) or not pattern.match(value):
        return False
    try:
        (date.fromisoformat if fmt == "date" else datetime.fromisoformat)(value)
    except ValueError:
        return False
    return True
