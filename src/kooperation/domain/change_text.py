"""The window's input boundary for text: every text a change set brings is cleaned and held to
the limit of its field (`kooperation.domain.text`), the same rules as the import and the command
line. One pass over the change set, so that no edit path of the window can forget it.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any

from kooperation.domain.changes import ChangeSet, RowChange
from kooperation.domain.text import FIELD_LIMITS, check_text, too_long

_ROW_PREFIX = {
    "project": "project",
    "partners": "partner",
    "goals": "goal",
    "milestones": "milestone",
    "reviews": "review",
}
_NESTED = {
    "assessment.factor_notes": "factor.note",
    "assessment.board": "board.text",
    "entries": "review.entry_comment",
    "reflections": "review.reflection",
}


def text_key(kind: str, field: str) -> str | None:
    """The key of ``field`` in `kooperation.domain.text.FIELD_LIMITS` (None: not a text)."""
    key = _key(kind, field)
    return key if key in FIELD_LIMITS else None


def _key(kind: str, field: str) -> str | None:
    if field in _NESTED and (kind == "reviews" or field.startswith("assessment.")):
        return _NESTED[field]
    if kind == "project" and field.startswith("bm."):
        return field
    if kind == "decisions":
        if field == "note":
            return "decision.note"
        return "decision.param" if field.startswith("params.") else None
    prefix = _ROW_PREFIX.get(kind)
    return f"{prefix}.{field}" if prefix else None


class _Check:
    def __init__(self) -> None:
        self.error: str | None = None
        self.note: str | None = None

    def value(self, key: str, value: Any) -> Any:
        if type(value) is str:  # an enum value is no text a person typed
            cleaned, message = check_text(key, value)
            if too_long(key, cleaned):
                self.error = self.error or message
            elif message:
                self.note = message
            return cleaned
        if isinstance(value, list):
            return [self.value(key, v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(key, v) for k, v in value.items()}
        if is_dataclass(value) and not isinstance(value, type):
            changes = {
                f.name: self.value(key, getattr(value, f.name))
                for f in fields(value)
                if f.name in ("text", "comment") and isinstance(getattr(value, f.name), str)
            }
            return replace(value, **changes) if changes else value
        return value


def check_changes(changes: ChangeSet) -> tuple[ChangeSet, str | None, str | None]:
    """``changes`` with every new text cleaned; an error message if a text is longer than its
    field allows (then nothing may be stored), and a note if characters were removed."""
    check = _Check()
    rows = []
    for row in changes.rows:
        if row.after is None:
            rows.append(row)
            continue
        after = {}
        for name, value in row.after.items():
            key = text_key(row.kind, name) if name != "id" else None
            after[name] = check.value(key, value) if key else value
        rows.append(RowChange(row.kind, row.key, row.before, after))
    return ChangeSet(tuple(rows), changes.orders), check.error, check.note
