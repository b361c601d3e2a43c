"""The three-way merge of two states of one project against their common ancestor.

Two partners start from the same state of a project (the *base*), each changes their copy on
their own laptop, and one reads the other's project file back ("Änderungen übernehmen"). This
module computes the merged project: a pure function over `Project` objects, no store, no Qt.

How it merges, on the exchange form of a project (`kooperation.domain.serialize.project_to_dict`,
plain JSON values, so that every field is compared the same way):

* Entities (partners, goals, milestones, rule decisions, reviews and their entries, board points,
  clause wordings) are matched by their id (decisions by topic, wordings by clause id), fields
  one by one; dictionaries (business model, readiness answers, factor ratings, parameters of a
  decision) key by key. A field only one side changed takes that side's value; a field both
  changed to the same value is kept; both changed it differently is a `MergeConflict`.
* An entity added on one side is added; deleted on one side and left alone on the other is
  deleted; deleted on one side and edited on the other is a conflict (``field`` is None).
* Lists whose order is the order in the contract keep the order one side gave them; entries
  added on each side go behind the entry they followed there.
* A conflict is resolved by keeping ``ours`` (the receiving side's value), or with
  ``prefer="theirs"`` the file's. A conflict in a rule decision becomes, by default, an open
  point "Darüber müssen wir uns verständigen" whose note carries both positions (the seed
  method's own way of handling disagreement): ``decisions="open_point"``.
* ``choices`` overrides that per conflict (the user's pick in the window): conflict path →
  ``"ours"``, ``"theirs"``, ``"both"`` (where `MergeConflict.both` allows it) or, for a rule
  decision, ``"open_point"``. A decision becomes an open point when one of its conflicts is
  resolved so (by choice or by default); its fields keep the values picked for them.
* Keeping both ("Beide behalten", ``"both"``, or ``prefer="both"`` for every conflict that
  allows it, ours for the rest): a multi-line free text (the project's description, the
  business model, a partner's products, need, potentials and contributions, a review's note
  and reflections) keeps both texts, each under a line naming its side
  (`both_texts`, with the ``labels`` given); a goal, milestone or board point edited
  differently on both sides is kept twice: ours in its place, theirs (with every non-conflicting
  change of both sides too) as a new entry right behind it, with an id derived from the
  original's and their version (the same in every run, so a second merge adds nothing). The
  choice is for the whole entry: all its conflicts are resolved "both". A date, a number, a
  choice, a name or a rule decision (there the open point is the way to keep both) cannot.
* Afterwards references to entities that are gone are dropped (a goal's owner deleted on the
  other side) and dependency cycles the two sides made together are broken by keeping ours;
  both are reported as conflicts, so the user sees them.

The merge is symmetric apart from conflicts: ``merge(base, a, b)`` and ``merge(base, b, a)``
give the same project in every field that is not in a conflict, and the same conflicts.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Literal

from kooperation.domain.model import Project
from kooperation.domain.serialize import find_cycle, project_from_dict, project_to_dict
from kooperation.i18n import N_, _


class _Absent(Enum):
    ABSENT = "absent"

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent.ABSENT
"""The value of something that is not there (an entity not yet added, or deleted)."""

KEYED: dict[tuple[str, ...], str] = {
    ("partners",): "id",
    ("goals",): "id",
    ("milestones",): "id",
    ("decisions",): "topic",
    ("reviews",): "id",
    ("reviews", "*", "entries"): "target_id",
    ("wordings",): "clause_id",
    ("assessment", "board"): "id",
}
"""Lists of entities in the exchange form (by schema path, ``*`` an entity) and the field that
identifies an entity in them."""

ORDERED = {("partners",), ("goals",), ("milestones",), ("assessment", "board"), ("reviews", "*", "entries")}
"""Keyed lists whose order matters (the order in the contract, on the board, in a review)."""

ATOMIC = {("decisions", "*", "params", "*")}
"""Values compared as a whole even when they are dictionaries (a parameter's date value)."""

SKIPPED = ("id", "created_at", "updated_at")
"""Top-level fields that are no content: the project id (the same on both sides) and times."""

KIND_NAMES = {"partners", "goals", "milestones", "decisions", "reviews", "wordings"}

Resolution = Literal["ours", "theirs", "open_point", "both"]

TEXT_FIELDS: dict[tuple[str, ...], str] = {
    ("description",): "project.description",
    ("business_model", "*"): "bm",
    ("partners", "*", "products"): "partner.products",
    ("partners", "*", "need"): "partner.need",
    ("partners", "*", "potentials"): "partner.potentials",
    ("partners", "*", "contributions"): "partner.contributions",
    ("reviews", "*", "note"): "review.note",
    ("reviews", "*", "reflections", "*", "*"): "review.reflection",
}
"""Multi-line free texts (by schema path) in which a conflict can keep both texts, with the
key of their length limit (`kooperation.domain.text`; ``bm`` + the field for the canvas)."""

TWIN_KINDS: dict[tuple[str, ...], str] = {
    ("goals",): "goals",
    ("milestones",): "milestones",
    ("assessment", "board"): "board",
}
"""Lists whose entries a conflict can keep twice (as two goals, milestones, board points). Not
partners: one organisation twice would be two parties of the contract."""


@dataclass
class MergeConflict:
    """Both sides changed the same thing differently (or one deleted what the other edited).

    ``path`` names it in the exchange form, e.g. ``("partners", "<id>", "city")``; ``kind`` and
    ``key`` the entity (``"project"`` for the project's own fields, the business model and the
    meeting checks), ``field`` the field inside it (dotted, e.g. ``"params.frist"``; None when
    the whole entity was deleted on one side). ``name`` is a readable name of the entity.
    """

    path: tuple[str, ...]
    kind: str
    key: str
    field: str | None
    base: Any
    ours: Any
    theirs: Any
    name: str = ""
    resolution: Resolution = "ours"
    reason: str = "changed"  # changed, deleted, order, reference, cycle
    ours_by: str = ""  # who made our side's version, where the entity says (a clause wording)
    theirs_by: str = ""
    both: str = ""
    """Whether "keep both" can resolve it: ``"text"`` (both texts in the field), ``"goals"``,
    ``"milestones"`` or ``"board"`` (the entry kept twice), or "" (not possible)."""


@dataclass
class MergeResult:
    """The merged project (conflicts resolved as asked) and what happened on the way."""

    project: Project
    conflicts: list[MergeConflict] = field(default_factory=list)
    ours_at: datetime | None = None  # when each side last changed its project
    theirs_at: datetime | None = None

    @property
    def has_conflicts(self) -> bool:
        return bool(self.conflicts)


# --- the merge ----------------------------------------------------------------------------------


def merge_projects(
    base: Project | None,
    ours: Project,
    theirs: Project,
    *,
    prefer: Literal["ours", "theirs", "both"] = "ours",
    decisions: Literal["open_point", "prefer"] = "open_point",
    choices: dict[tuple[str, ...], Resolution] | None = None,
    labels: tuple[str, str] | None = None,
) -> MergeResult:
    """Merge ``theirs`` into ``ours`` against their common ancestor ``base`` (None: nothing in
    common is known; then everything is compared against an empty project). ``labels`` name the
    two sides above their texts when a conflict keeps both (default "Bei uns", "Aus der Datei").
    See the module docstring for the rules; neither argument is changed."""
    merger = _Merger(prefer, decisions, choices or {}, labels or (_("Bei uns"), _("Aus der Datei")))
    b = project_to_dict(base) if base is not None else {}
    o, t = project_to_dict(ours), project_to_dict(theirs)
    out: dict[str, Any] = {}
    for key in _keys(o, t):
        if key in SKIPPED:
            continue
        value = merger.merge((key,), (key,), b.get(key, ABSENT), o.get(key, ABSENT), t.get(key, ABSENT))
        if value is not ABSENT:
            out[key] = value
    out["id"] = ours.id
    out["created_at"] = o.get("created_at")
    out["updated_at"] = o.get("updated_at")
    _repair_references(out, o, merger)
    return MergeResult(project_from_dict(out), merger.conflicts, ours.updated_at, theirs.updated_at)


def _keys(*dicts: Any) -> list[str]:
    seen: dict[str, None] = {}
    for d in dicts:
        if isinstance(d, dict):
            seen.update(dict.fromkeys(d))
    return list(seen)


def _matches(schema: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    return len(schema) == len(pattern) and all(p in ("*", s) for s, p in zip(schema, pattern, strict=True))


def _in(schema: tuple[str, ...], patterns: Any) -> Any:
    return next((p for p in patterns if _matches(schema, p)), None)


class _Merger:
    def __init__(self, prefer: str, decisions: str, choices: dict[tuple[str, ...], Resolution],
                 labels: tuple[str, str]) -> None:
        self.prefer = prefer
        self.decisions = decisions
        self.choices = choices
        self.labels = labels
        self.conflicts: list[MergeConflict] = []
        self.names: dict[tuple[str, str], str] = {}

    def wants_both(self, path: tuple[str, ...]) -> bool:
        """Whether the conflict at ``path`` is to keep both (if it can)."""
        chosen = self.choices.get(path)
        return chosen == "both" or (chosen is None and self.prefer == "both")

    def side(self, path: tuple[str, ...]) -> Resolution:
        """Which side a conflict at ``path`` keeps: the user's choice, else ``prefer``."""
        chosen = self.choices.get(path)
        if chosen in ("ours", "theirs"):
            return chosen
        return "theirs" if self.prefer == "theirs" else "ours"

    def pick(self, ours: Any, theirs: Any, path: tuple[str, ...] = ()) -> Any:
        return copy.deepcopy(theirs if self.side(path) == "theirs" else ours)

    def merge(self, schema: tuple[str, ...], path: tuple[str, ...], b: Any, o: Any, t: Any) -> Any:
        """The merged value at ``path`` (``schema`` the same path with ``*`` for entities)."""
        if o == t:
            return copy.deepcopy(o)
        if o == b:
            return copy.deepcopy(t)
        if t == b:
            return copy.deepcopy(o)
        pattern = _in(schema, KEYED)
        if pattern is not None and isinstance(o, list) and isinstance(t, list):
            return self.merge_keyed(schema, path, b if isinstance(b, list) else [], o, t, KEYED[pattern])
        if isinstance(o, dict) and isinstance(t, dict) and _in(schema, ATOMIC) is None:
            b = b if isinstance(b, dict) else {}
            if schema[:1] == ("decisions",) and len(schema) == 2:
                return self.merge_decision(schema, path, b, o, t)
            out = {}
            for key in _keys(o, t):
                value = self.merge((*schema, key), (*path, key), b.get(key, ABSENT), o.get(key, ABSENT), t.get(key, ABSENT))
                if value is not ABSENT:
                    out[key] = value
            return out
        found = self.conflict(path, b, o, t, "deleted" if ABSENT in (o, t) else "changed")
        if found.both == "text" and self.wants_both(path):
            found.resolution = "both"
            return both_texts(o, t, self.labels)
        return self.pick(o, t, path)

    def conflict(self, path: tuple[str, ...], b: Any, o: Any, t: Any, reason: str,
                 resolution: Resolution | None = None) -> MergeConflict:
        kind, key, name_path = _entity_of(path)
        found = MergeConflict(
            path=path, kind=kind, key=key, field=".".join(name_path) if name_path else None,
            base=_plain(b), ours=_plain(o), theirs=_plain(t), name=self.names.get((kind, key), ""),
            resolution=resolution or self.side(path), reason=reason,
        )
        if reason == "changed":
            found.both = _both_kind(path, o, t, self.labels)
        self.conflicts.append(found)
        return found

    def merge_keyed(self, schema: tuple[str, ...], path: tuple[str, ...], b: list, o: list, t: list, id_field: str) -> list:
        """Entities matched by ``id_field``; the order as `_merge_order` finds it."""
        by_b = {x[id_field]: x for x in b}
        by_o = {x[id_field]: x for x in o}
        by_t = {x[id_field]: x for x in t}
        merged: dict[str, Any] = {}
        twins: dict[str, Any] = {}  # entry id → its second copy (a conflict kept both)
        for key in _keys(by_o, by_t, by_b):
            if len(path) == 1:
                self.names[(path[0], key)] = _entity_name(path[0], by_o.get(key) or by_t.get(key) or by_b.get(key))
            before = len(self.conflicts)
            args = ((*schema, "*"), (*path, key), by_b.get(key, ABSENT), by_o.get(key, ABSENT), by_t.get(key, ABSENT))
            value = self.merge(*args)
            found = self.conflicts[before:]
            twice = found and all(c.both not in ("", "text") for c in found)
            if value is not ABSENT and twice and any(self.wants_both(c.path) for c in found):
                value, twins[key] = self.merge_twice(args, found, id_field)
            if value is not ABSENT:
                merged[key] = value
            for c in found:
                c.ours_by, c.theirs_by = _who(by_o.get(key)), _who(by_t.get(key))
        if _in(schema, ORDERED) is None:
            return [merged[k] for k in sorted(merged)]
        order = self.merge_order(path, [x[id_field] for x in b], [x[id_field] for x in o], [x[id_field] for x in t], merged)
        out = []
        for k in order:
            out.append(merged[k])
            if k in twins:
                out.append(twins[k])
        return out

    def merge_twice(self, args: tuple, found: list[MergeConflict], id_field: str) -> tuple[Any, Any]:
        """An entry whose conflicts keep both: (the entry with ours in every conflict, a new
        entry with theirs in every conflict and its own id). Both carry every change only one
        side made; the conflicts stay listed once, resolved "both"."""
        saved, count = self.choices, len(self.conflicts)
        versions = []
        for side in ("ours", "theirs"):
            self.choices = {**saved, **{c.path: side for c in found}}
            versions.append(self.merge(*args))
            del self.conflicts[count:]
        self.choices = saved
        ours, twin = versions
        twin[id_field] = twin_id(str(ours[id_field]), twin)
        for c in found:
            c.resolution = "both"
        return ours, twin

    def merge_order(self, path: tuple[str, ...], b: list[str], o: list[str], t: list[str], kept: dict[str, Any]) -> list[str]:
        """The entries that stay, in order: the order of the entries both sides still have is
        the side's that changed it (ours if both did: a conflict); an entry only one side has
        goes right behind the entry it followed there. When both sides added entries behind the
        same one, the group whose ids sort first comes first (the same in either
        direction of a merge)."""
        common = [k for k in b if k in o and k in t and k in kept]
        in_common = set(common)
        o_rel = [k for k in o if k in in_common]
        t_rel = [k for k in t if k in in_common]
        if o_rel == t_rel or t_rel == common:
            skeleton = o_rel
        elif o_rel == common:
            skeleton = t_rel
        else:
            self.conflict((*path, "#order"), common, o_rel, t_rel, "order")
            skeleton = self.pick(o_rel, t_rel, (*path, "#order"))
        runs: dict[str | None, list[list[str]]] = {}
        for side in (o, t):
            anchor: str | None = None
            groups: dict[str | None, list[str]] = {}
            for k in side:
                if k in in_common:
                    anchor = k
                elif k in kept:
                    groups.setdefault(anchor, []).append(k)
            for a, group in groups.items():
                runs.setdefault(a, []).append(group)
        out: list[str] = []
        for anchor in [None, *skeleton]:
            if anchor is not None:
                out.append(anchor)
            for group in sorted(runs.get(anchor, []), key=lambda g: g):
                out.extend(k for k in group if k not in out)
        out.extend(k for k in kept if k not in out)  # only if anchors vanished
        return out

    def merge_decision(self, schema: tuple[str, ...], path: tuple[str, ...], b: dict, o: dict, t: dict) -> dict:
        """A rule decision field by field; with conflicts and ``decisions="open_point"`` it
        becomes an open point carrying both positions in its note."""
        before = len(self.conflicts)
        out = {}
        for key in _keys(o, t):
            value = self.merge((*schema, key), (*path, key), b.get(key, ABSENT), o.get(key, ABSENT), t.get(key, ABSENT))
            if value is not ABSENT:
                out[key] = value
        found = self.conflicts[before:]
        chosen = [self.choices.get(c.path) for c in found]
        default_open = self.decisions == "open_point"
        if not found or not any(ch == "open_point" or (ch is None and default_open) for ch in chosen):
            return out
        if _already_open(o, t):  # merged before: ours already carries their position
            del self.conflicts[before:]
            return copy.deepcopy(o)
        for c, ch in zip(found, chosen, strict=True):
            if ch not in ("ours", "theirs"):
                c.resolution = "open_point"
        positions = sorted({position_text(o), position_text(t)})
        out["status"] = "open"
        out["note"] = open_point_note(positions)
        return out


def _plain(value: Any) -> Any:
    return None if value is ABSENT else copy.deepcopy(value)


# --- keeping both ---------------------------------------------------------------------------------


def both_texts(ours: str, theirs: str, labels: tuple[str, str]) -> str:
    """Two versions of a free text in one, each under a line naming its side::

        Bei uns (Stand 03.12.2026 14:05):
        unser Text

        Aus der Datei „laptop.kooperation“ (Stand 02.12.2026 09:10):
        ihr Text
    """
    return f"{labels[0]}:\n{ours.strip()}\n\n{labels[1]}:\n{theirs.strip()}"


def _both_kind(path: tuple[str, ...], o: Any, t: Any, labels: tuple[str, str]) -> str:
    """How a changed-on-both-sides conflict at ``path`` can keep both ("" if it cannot)."""
    from kooperation.domain.text import limit_for

    for pattern, kind in TWIN_KINDS.items():
        n = len(pattern)
        if len(path) > n + 1 and path[:n] == pattern:
            return kind
    schema = tuple("*" if _is_id_position(path, i) else p for i, p in enumerate(path))
    key = next((k for p, k in TEXT_FIELDS.items() if _matches(schema, p)), None)
    if key is None or not (isinstance(o, str) and isinstance(t, str) and o.strip() and t.strip()):
        return ""
    if key == "bm":
        key = f"bm.{path[1]}"
    return "text" if len(both_texts(o, t, labels)) <= limit_for(key) else ""


def _is_id_position(path: tuple[str, ...], i: int) -> bool:
    """Whether ``path[i]`` is an entity id or a dictionary key (for matching `TEXT_FIELDS`)."""
    return (i == 1 and path[0] in ("partners", "reviews", "business_model")) or (
        path[:1] == ("reviews",) and i in (3, 4) and path[2:3] == ("reflections",))


def twin_id(original: str, version: dict[str, Any]) -> str:
    """The id of the second copy of an entry (the same for the same entry and version)."""
    import uuid

    text = json.dumps(version, sort_keys=True, ensure_ascii=False, default=str)
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kooperation:twin:{original}:{text}"))


def _entity_of(path: tuple[str, ...]) -> tuple[str, str, tuple[str, ...]]:
    """(kind, key, field path inside the entity) for a path in the exchange form."""
    if path[0] in KIND_NAMES and len(path) >= 2:
        return path[0], path[1], path[2:]
    if path[0] == "business_model":
        return "project", "", ("bm", *path[1:])
    return "project", "", path


def _who(item: Any) -> str:
    """Who made this version of an entity and when, if it says (a wording: author, adopted)."""
    if not isinstance(item, dict) or not item.get("author"):
        return ""
    return " ".join(filter(None, [str(item["author"]), str(item.get("adopted_at") or "")]))


def _entity_name(kind: str, item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    text = {"partners": "name", "goals": "text", "milestones": "title", "decisions": "topic",
            "reviews": "day", "wordings": "clause_id"}.get(kind, "")
    return str(item.get(text, ""))


# --- open points for disagreements ---------------------------------------------------------------

OPEN_POINT = N_("Darüber müssen wir uns verständigen")


def position_text(decision: dict[str, Any]) -> str:
    """One side's position on a rule topic in one line: variant, parameters, its own note
    (without an earlier merge's list of positions)."""
    parts = [_("Variante {variant}").format(variant=decision.get("variant") or _("(keine)"))]
    params = decision.get("params") or {}
    if params:
        parts.append(", ".join(f"{k} = {_value_text(v)}" for k, v in sorted(params.items())))
    note = str(decision.get("note") or "")
    own = note.split("\n")[0] if note.startswith(_(OPEN_POINT)) else note
    if own.strip() and not own.startswith(_(OPEN_POINT)):
        parts.append(" ".join(own.split()))
    return "; ".join(parts)


def _value_text(value: Any) -> str:
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("$date", "$datetime"):
        return str(next(iter(value.values())))
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


def open_point_note(positions: list[str]) -> str:
    """The note of a rule decision on which the two sides disagree."""
    lines = [_(OPEN_POINT) + ":"]
    lines += [_("Position {n}: {text}").format(n=i, text=p) for i, p in enumerate(positions, 1)]
    return "\n".join(lines)


def _already_open(o: dict[str, Any], t: dict[str, Any]) -> bool:
    note = str(o.get("note") or "")
    return o.get("status") == "open" and note.startswith(_(OPEN_POINT)) and position_text(t) in note


# --- references to what is gone ------------------------------------------------------------------


def _repair_references(out: dict[str, Any], ours: dict[str, Any], merger: _Merger) -> None:
    """Drop references to partners and milestones the merge removed; break dependency cycles
    the two sides made together by giving the milestones in them ours' dependencies."""
    partners = {p["id"] for p in out.get("partners", [])}
    milestones = {m["id"] for m in out.get("milestones", [])}
    targets = milestones | {g["id"] for g in out.get("goals", [])}

    def dropped(path: tuple[str, ...], old: Any, new: Any) -> None:
        merger.conflict(path, None, old, new, "reference", resolution="ours")

    for g in out.get("goals", []):
        if g.get("owner_id") is not None and g["owner_id"] not in partners:
            dropped(("goals", g["id"], "owner_id"), g["owner_id"], None)
            g["owner_id"] = None
    for m in out.get("milestones", []):
        for name, known in (("responsible_ids", partners), ("depends_on_ids", milestones)):
            kept = [x for x in m.get(name, []) if x in known]
            if kept != m.get(name, []):
                dropped(("milestones", m["id"], name), m[name], kept)
                m[name] = kept
    readiness = out.get("assessment", {}).get("readiness", {})
    for pid in [p for p in readiness if p not in partners]:
        del readiness[pid]
    for r in out.get("reviews", []):
        r["entries"] = [e for e in r.get("entries", []) if e["target_id"] in targets]
    _break_cycles(out, ours, merger)


def _break_cycles(out: dict[str, Any], ours: dict[str, Any], merger: _Merger) -> None:
    from kooperation.domain.model import Milestone

    ours_deps = {m["id"]: m.get("depends_on_ids", []) for m in ours.get("milestones", [])}
    known = {m["id"] for m in out.get("milestones", [])}
    by_id = {m["id"]: m for m in out.get("milestones", [])}
    as_objects: Callable[[], list[Milestone]] = lambda: [  # noqa: E731 - a two-line helper
        Milestone(title="", id=m["id"], depends_on_ids=list(m.get("depends_on_ids", []))) for m in by_id.values()
    ]
    while (cycle := find_cycle(as_objects())) is not None:
        changed = False
        for mid in cycle[:-1]:
            want = [d for d in ours_deps.get(mid, []) if d in known]
            if by_id[mid].get("depends_on_ids", []) != want:
                merger.conflict(("milestones", mid, "depends_on_ids"), None, want, by_id[mid]["depends_on_ids"], "cycle", resolution="ours")
                by_id[mid]["depends_on_ids"] = want
                changed = True
                break
        if not changed:  # cannot happen: ours alone has no cycle; stop rather than loop
            for mid in cycle[:-1]:
                by_id[mid]["depends_on_ids"] = []
