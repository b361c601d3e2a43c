"""What a project file must be before the schema even looks at it, and the bounds no schema
keyword can state.

`normalize_document` runs on the parsed JSON of an import: it refuses nesting deeper than
`MAX_DEPTH` (the validator and the builders recurse), cleans every text with
`kooperation.domain.text.clean_text` (tabs and line breaks stay where the field allows them),
writes UUIDs in lower case without surrounding spaces (an id typed in upper case is the same
id), and refuses object keys with control characters. It returns the paths of the texts it
had to clean, for the import report.

`check_day` and `check_moment` keep dates and timestamps between `MIN_YEAR` and `MAX_YEAR`, so
that converting time zones, drawing the timeline or the poster ("year + 1") never overflows.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from kooperation.domain.text import clean_text, is_multiline
from kooperation.errors import InputError
from kooperation.i18n import _

MAX_DEPTH = 48  # the deepest file the app writes has about 10 levels
MIN_YEAR, MAX_YEAR = 1900, 2200
MIN_DAY, MAX_DAY = date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31)

_UUID = re.compile(r"\s*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\s*")
_BREAKS = re.compile("\r\n?")

# canonical path (without list indices; a draft's snapshot counts as a project) -> text field
_TEXT_FIELDS = {
    **{f"project.{f}": f"project.{f}" for f in ("name", "description", "place")},
    **{
        f"project.partners.{f}": f"partner.{f}"
        for f in (
            "name", "short_name", "legal_form", "market", "street", "postcode", "city", "country",
            "representative", "contact_email", "products", "need", "potentials", "contributions",
        )
    },
    **{
        f"project.business_model.{f}": f"bm.{f}"
        for f in (
            "value_proposition", "customer_segments", "key_partners", "revenue_streams",
            "costs_management", "costs_development", "costs_infrastructure",
        )
    },
    "project.goals.text": "goal.text",
    "project.goals.indicator": "goal.indicator",
    "project.milestones.title": "milestone.title",
    "project.milestones.description": "milestone.description",
    "project.decisions.note": "decision.note",
    "project.assessment.board.text": "board.text",
    "project.reviews.title": "review.title",
    "project.reviews.note": "review.note",
    "project.reviews.entries.comment": "review.entry_comment",
    "drafts.note": "draft.note",
    **{
        f"drafts.comments.{f}": f"comment.{f}"
        for f in ("author", "initials", "text", "proposed_text", "original_text")
    },
}
# everything below these (canonical) paths is one kind of text
_TEXT_SUBTREES = (
    ("project.decisions.params.", "decision.param"),
    ("project.assessment.factor_notes.", "factor.note"),
    ("project.reviews.reflections.", "review.reflection"),
)


def _field_error(path: str, problem: str) -> InputError:
    return InputError(
        _("Ungültige Datei: Feld „{field}“: {problem}").format(field=path or "(Datei)", problem=problem)
    )


def check_depth(doc: Any) -> None:
    """Refuse a document nested deeper than `MAX_DEPTH` levels (without recursing itself)."""
    stack: list[tuple[Any, str, int]] = [(doc, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _field_error(
                path if len(path) <= 80 else path[:80] + "…",
                _("Die Daten sind zu tief verschachtelt (mehr als {max} Ebenen).").format(
                    max=MAX_DEPTH
                ),
            )
        if isinstance(value, dict):
            stack.extend((v, f"{path}.{k}" if path else str(k), depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value))


def _text_field(canon: str) -> str | None:
    found = _TEXT_FIELDS.get(canon)
    if found is not None:
        return found
    for prefix, key in _TEXT_SUBTREES:
        if canon.startswith(prefix):
            return key
    return None


def normalize_document(doc: Any) -> list[str]:
    """Clean ``doc`` in place (see the module text); returns the paths of cleaned texts.
    Raises `InputError` for nesting too deep or an object key with control characters."""
    check_depth(doc)
    cleaned: list[str] = []
    _walk(doc, "", "", cleaned)
    return cleaned


def _string(value: str, path: str, canon: str, cleaned: list[str]) -> str:
    field_key = _text_field(canon)
    if field_key is None:
        if _UUID.fullmatch(value):
            return value.strip().lower()
        new, changed = clean_text(value, multiline=False)
    else:
        new, changed = clean_text(value, multiline=is_multiline(field_key))
        changed = changed and new != _BREAKS.sub("\n", value)  # Windows line ends are no news
    if changed:
        cleaned.append(path)
    return new


def _key(key: str, path: str) -> str:
    if _UUID.fullmatch(key):
        return key.strip().lower()
    if clean_text(key, multiline=False)[1]:
        raise _field_error(
            path, _("Der Name eines Eintrags enthält Steuerzeichen oder ungültige Zeichen.")
        )
    return key


def _walk(value: Any, path: str, canon: str, cleaned: list[str]) -> None:
    if isinstance(value, dict):
        if canon == "drafts.data":
            canon = "project"
        items = list(value.items())
        value.clear()
        for key, child in items:
            child_path = f"{path}.{key}" if path else str(key)
            new_key = _key(key, child_path)
            if new_key in value:
                raise _field_error(
                    child_path, _("Der Eintrag {key} kommt mehrfach vor.").format(key=new_key)
                )
            child_canon = f"{canon}.{key}" if canon else str(key)
            if isinstance(child, str):
                child = _string(child, child_path, child_canon, cleaned)
            else:
                _walk(child, child_path, child_canon, cleaned)
            value[new_key] = child
    elif isinstance(value, list):
        for i, child in enumerate(value):
            child_path = f"{path}[{i}]"
            if isinstance(child, str):
                value[i] = _string(child, child_path, canon, cleaned)
            else:
                _walk(child, child_path, canon, cleaned)


# --- dates and timestamps -------------------------------------------------------------------


def range_problem() -> str:
    return _("liegt außerhalb des erlaubten Zeitraums ({first} bis {last}).").format(
        first=MIN_YEAR, last=MAX_YEAR
    )


def day_in_range(value: date) -> bool:
    return MIN_DAY <= value <= MAX_DAY


def moment_in_range(value: datetime) -> bool:
    return MIN_YEAR < value.year < MAX_YEAR or (
        value.year in (MIN_YEAR, MAX_YEAR) and MIN_YEAR <= _utc_year(value) <= MAX_YEAR
    )


def _utc_year(value: datetime) -> int:
    try:
        from kooperation.timeutil import as_utc

        return as_utc(value).year
    except OverflowError:
        return 0


def param_date_problems(value: Any, path: str) -> list[tuple[str, str]]:
    """Dates and timestamps in decision parameters (``{"$date": ...}``) that cannot be read or
    lie outside the allowed years: (path, problem) pairs."""
    problems: list[tuple[str, str]] = []
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, dict):
            if len(item) == 1 and isinstance(next(iter(item.values())), str):
                ((key, text),) = item.items()
                if key in ("$date", "$datetime"):
                    problem = _param_date_problem(key, text)
                    if problem:
                        problems.append((f"{where}.{key}", problem))
                    continue
            stack.extend((v, f"{where}.{k}") for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(item))
    return problems


def _param_date_problem(key: str, text: str) -> str | None:
    try:
        if key == "$date":
            ok = day_in_range(date.fromisoformat(text))
        else:
            ok = moment_in_range(datetime.fromisoformat(text))
    except ValueError:
        return _("„{value}“ ist kein gültiges Datum.").format(value=text[:40])
    return None if ok else _("„{value}“ {problem}").format(value=text[:40], problem=range_problem())
