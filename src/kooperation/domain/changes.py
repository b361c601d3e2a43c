"""What an edit changes, row by row and field by field: the unit every write of the window is.

An edit of the project (typing a partner's city, removing a goal, undoing either) is described
as a `ChangeSet`: for each row it touches, the values of the changed fields before and after,
plus the new order of a list if the order changed. The store applies a change set only where
the stored values are still those the edit started from, so two windows (or the window and the
command line) on one store never overwrite each other's edits: an edit of another field of the
same row is kept, an edit of the same field is a conflict that is refused and shown.

Nothing here knows of sessions, Qt or SQL; `diff_projects` computes a change set from two states
of a project and `apply_to` replays one on a `Project` in memory.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import Enum
from typing import Any

from kooperation.domain.meeting import Assessment, ProgressReview
from kooperation.domain.model import (
    BusinessModel,
    Goal,
    Milestone,
    Partner,
    Project,
    RuleDecision,
)
from kooperation.domain.wording import Wording


class _Absent(Enum):
    """The value of a field or parameter that is not there (a parameter not set)."""

    ABSENT = "absent"

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent.ABSENT

PROJECT_FIELDS = ("name", "description", "form", "form_status", "place", "language")
BM_FIELDS = tuple(f.name for f in fields(BusinessModel))
ASSESSMENT_FIELDS = tuple(f.name for f in fields(Assessment))
LIST_KINDS = ("partners", "goals", "milestones")
"""Kinds kept as ordered lists of rows (the order is the order in the contract)."""
ROW_CLASSES: dict[str, type] = {
    "partners": Partner,
    "goals": Goal,
    "milestones": Milestone,
    "reviews": ProgressReview,
}
DICT_KINDS = ("decisions", "wordings")
"""Kinds kept by a key of their own (the topic, the clause id) rather than by row id."""
KIND_ORDER = ("partners", "goals", "milestones", "decisions", "reviews", "wordings", "project")
"""The order in which rows are written: what others refer to first, deletions in reverse."""


def bm_field(name: str) -> str:
    """The change field of a business-model field on the project row."""
    return "bm." + name


def assessment_field(name: str) -> str:
    """The change field of a part of the meeting checks on the project row."""
    return "assessment." + name


def row_fields(kind: str) -> tuple[str, ...]:
    """The fields of a row of ``kind`` that a change can carry (``id`` excluded)."""
    if kind == "project":
        return (
            *PROJECT_FIELDS,
            *(f"bm.{name}" for name in BM_FIELDS),
            *(f"assessment.{name}" for name in ASSESSMENT_FIELDS),
        )
    if kind == "decisions":
        return ("variant", "status", "note")  # plus "params.<id>", one per parameter
    if kind == "wordings":
        return tuple(f.name for f in fields(Wording) if f.name not in ("id", "clause_id"))
    return tuple(f.name for f in fields(ROW_CLASSES[kind]) if f.name != "id")


@dataclass(frozen=True)
class RowChange:
    """One row: ``before`` is None for a new row, ``after`` None for a row that goes; for an
    update both hold just the fields that differ. ``key`` is the row's id (for decisions the
    topic, for wordings the clause id); new and removed rows carry all their fields and their ``id``."""

    kind: str
    key: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None

    def inverse(self) -> RowChange:
        return RowChange(self.kind, self.key, self.after, self.before)


@dataclass(frozen=True)
class OrderChange:
    """The order of the rows of a list kind changed from ``before`` to ``after`` (ids)."""

    kind: str
    before: tuple[str, ...]
    after: tuple[str, ...]

    def inverse(self) -> OrderChange:
        return OrderChange(self.kind, self.after, self.before)


@dataclass(frozen=True)
class ChangeSet:
    """All rows and orders one edit changes; applied all or nothing."""

    rows: tuple[RowChange, ...] = ()
    orders: tuple[OrderChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.rows or self.orders)

    def inverse(self) -> ChangeSet:
        return ChangeSet(
            tuple(r.inverse() for r in self.rows), tuple(o.inverse() for o in self.orders)
        )

    def then(self, later: ChangeSet) -> ChangeSet:
        """This change followed by ``later`` as one change (typing merged into one undo step):
        per row and field the first ``before`` and the last ``after``."""
        rows: dict[tuple[str, str], RowChange] = {(r.kind, r.key): r for r in self.rows}
        for r in later.rows:
            first = rows.get((r.kind, r.key))
            if first is None:
                rows[(r.kind, r.key)] = r
            elif first.before is None and first.after is not None and r.before is not None and r.after is not None:
                # typing into a row this change created: the row is created with the new values
                rows[(r.kind, r.key)] = RowChange(r.kind, r.key, None, {**first.after, **r.after})
            elif first.before is None or first.after is None or r.before is None or r.after is None:
                # inserts and deletes do not merge with typing; keep the sequence exact
                return ChangeSet((*self.rows, *later.rows), (*self.orders, *later.orders))
            else:
                before = {**r.before, **first.before}
                after = {**first.after, **r.after}
                same = [k for k in after if before.get(k, ABSENT) == after[k]]
                for k in same:
                    before.pop(k, None)
                    after.pop(k)
                rows[(r.kind, r.key)] = RowChange(r.kind, r.key, before, after)
        orders = {o.kind: o for o in self.orders}
        for o in later.orders:
            orders[o.kind] = OrderChange(o.kind, orders[o.kind].before, o.after) if o.kind in orders else o
        return ChangeSet(
            tuple(r for r in rows.values() if r.before or r.after),
            tuple(o for o in orders.values() if o.before != o.after),
        )


# --- reading and writing fields of domain objects -------------------------------------------


def get_field(obj: Any, name: str) -> Any:
    """The value of a change field on a domain object (``bm.x``, ``assessment.x``,
    ``params.x`` reach into the business model, the assessment and decision parameters)."""
    head, _, rest = name.partition(".")
    if rest:
        if head == "bm":
            return getattr(obj.business_model, rest)
        if head == "assessment":
            return getattr(obj.assessment, rest)
        if head == "params":
            return obj.params.get(rest, ABSENT)
        raise KeyError(name)
    return getattr(obj, name)


def with_fields(obj: Any, values: Mapping[str, Any]) -> Any:
    """A copy of ``obj`` with the change fields in ``values`` set (``ABSENT`` removes a
    parameter); ``obj`` itself is left alone."""
    plain = {k: copy.deepcopy(v) for k, v in values.items() if "." not in k and k != "id"}
    bm = {k[3:]: copy.deepcopy(v) for k, v in values.items() if k.startswith("bm.")}
    assessment = {k[11:]: copy.deepcopy(v) for k, v in values.items() if k.startswith("assessment.")}
    params = {k[7:]: v for k, v in values.items() if k.startswith("params.")}
    result = replace(obj, **plain) if plain else copy.copy(obj)
    if bm:
        result.business_model = replace(obj.business_model, **bm)
    if assessment:
        result.assessment = replace(obj.assessment, **assessment)
    if params:
        merged = dict(obj.params)
        for k, v in params.items():
            if v is ABSENT:
                merged.pop(k, None)
            else:
                merged[k] = copy.deepcopy(v)
        result.params = merged
    return result


def full_row(kind: str, obj: Any) -> dict[str, Any]:
    """Every change field of a row (for a new or removed row), with its ``id``."""
    values = {name: copy.deepcopy(get_field(obj, name)) for name in row_fields(kind)}
    if kind == "decisions":
        values.update({f"params.{k}": copy.deepcopy(v) for k, v in obj.params.items()})
    values["id"] = obj.id
    return values


def new_row(kind: str, values: Mapping[str, Any], key: str) -> Any:
    """A domain object for a new row from its full values."""
    if kind == "decisions":
        blank = RuleDecision(topic=key, id=values.get("id") or key)
    elif kind == "wordings":
        blank = Wording(clause_id=key, id=values.get("id") or key)
    else:
        blank = ROW_CLASSES[kind](**_required(kind), id=values["id"])
    return with_fields(blank, values)


def _required(kind: str) -> dict[str, Any]:
    if kind == "partners":
        return {"name": ""}
    if kind == "goals":
        return {"text": ""}
    if kind == "milestones":
        return {"title": ""}
    return {"day": date.today()}


def _differences(kind: str, old: Any, new: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    names = list(row_fields(kind))
    if kind == "decisions":
        names += [f"params.{k}" for k in dict.fromkeys([*old.params, *new.params])]
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name in names:
        a, b = get_field(old, name), get_field(new, name)
        if a != b:
            before[name] = copy.deepcopy(a)
            after[name] = copy.deepcopy(b)
    return before, after


# --- two states of a project -> the change between them -------------------------------------


def _rows(project: Project, kind: str) -> dict[str, Any]:
    if kind in DICT_KINDS:
        return dict(getattr(project, kind))
    return {item.id: item for item in getattr(project, kind)}


def diff_projects(before: Project, after: Project) -> ChangeSet:
    """The rows, fields and orders in which ``after`` differs from ``before`` (same project)."""
    rows: list[RowChange] = []
    b, a = _differences("project", before, after)
    if b or a:
        rows.append(RowChange("project", after.id, b, a))
    orders: list[OrderChange] = []
    for kind in ("partners", "goals", "milestones", "decisions", "reviews", "wordings"):
        old, new = _rows(before, kind), _rows(after, kind)
        for key, item in new.items():
            if key not in old:
                rows.append(RowChange(kind, key, None, full_row(kind, item)))
            else:
                b, a = _differences(kind, old[key], item)
                if b or a:
                    rows.append(RowChange(kind, key, b, a))
        for key, item in old.items():
            if key not in new:
                rows.append(RowChange(kind, key, full_row(kind, item), None))
        if kind in LIST_KINDS:
            ids_before = tuple(x.id for x in getattr(before, kind))
            ids_after = tuple(x.id for x in getattr(after, kind))
            if ids_before != ids_after:
                orders.append(OrderChange(kind, ids_before, ids_after))
    return ChangeSet(tuple(rows), tuple(orders))


def row_change(kind: str, key: str, old: Any | None, new: Any | None) -> ChangeSet:
    """The change from one state of a row to another (None: no row)."""
    if old is None and new is None:
        return ChangeSet()
    if old is None:
        return ChangeSet((RowChange(kind, key, None, full_row(kind, new)),))
    if new is None:
        return ChangeSet((RowChange(kind, key, full_row(kind, old), None),))
    before, after = _differences(kind, old, new)
    return ChangeSet((RowChange(kind, key, before, after),)) if before or after else ChangeSet()


def field_change(kind: str, key: str, name: str, old: Any, new: Any) -> ChangeSet:
    """The change of one field of one row."""
    return ChangeSet((RowChange(kind, key, {name: copy.deepcopy(old)}, {name: copy.deepcopy(new)}),))


# --- replaying a change in memory --------------------------------------------------------------


def merge_order(stored: Iterable[str], change: OrderChange, present: Iterable[str]) -> list[str]:
    """The order after ``change``, given the ``stored`` order (which may hold rows another
    window added) and the ids ``present`` now. Rows this change knows follow its ``after``
    order; a row it does not know stays right behind the row it followed in ``stored``."""
    present = list(dict.fromkeys(present))
    known = set(change.before) | set(change.after)
    anchored: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for key in stored:
        if key in known:
            anchor = key
        elif key in present:
            anchored.setdefault(anchor, []).append(key)
    result = list(anchored.get(None, []))
    for key in change.after:
        if key in present:
            result.append(key)
        result.extend(anchored.pop(key, []))
    for rest in anchored.values():  # followed a row that is gone now
        result.extend(rest)
    result.extend(k for k in present if k not in result)
    return result


def apply_to(project: Project, changes: ChangeSet) -> Project:
    """``project`` with ``changes`` applied (no conflict checks: the store made them).

    Copy on write: ``project`` itself is left alone; the result shares every row the change
    does not touch (rows are replaced, never mutated), so a keystroke costs no deep copy."""
    result = copy.copy(project)
    for row in changes.rows:
        if row.kind == "project":
            updated = with_fields(result, row.after or {})
            for name in PROJECT_FIELDS:
                setattr(result, name, getattr(updated, name))
            result.business_model = updated.business_model
            result.assessment = updated.assessment
            continue
        items = _rows(result, row.kind)
        if row.after is None:
            items.pop(row.key, None)
        elif row.before is None or row.key not in items:
            base = items.get(row.key)
            items[row.key] = (
                with_fields(base, row.after) if base is not None else new_row(row.kind, row.after, row.key)
            )
        else:
            items[row.key] = with_fields(items[row.key], row.after)
        _put_rows(result, row.kind, items)
    for order in changes.orders:
        items = _rows(result, order.kind)
        current = [x.id for x in getattr(result, order.kind)]
        ordered = merge_order(current, order, items)
        setattr(result, order.kind, [items[k] for k in ordered])
    return result


def _put_rows(project: Project, kind: str, items: dict[str, Any]) -> None:
    if kind in DICT_KINDS:
        setattr(project, kind, items)
    elif kind == "reviews":
        project.reviews = sorted(items.values(), key=lambda r: (r.day, r.id))
    else:
        setattr(project, kind, list(items.values()))


@dataclass
class Conflict:
    """A field someone else changed since the edit began: their stored value and ours."""

    kind: str
    key: str
    field: str | None
    theirs: Any
    mine: Any
    label: str = ""
    reason: str = "changed"  # changed, deleted, exists, edited_before_delete
