"""Taking over a project file ("Änderungen übernehmen"): plan the merge, say what it would
change, store it.

`plan_merge` (`read_inputs` then `compute_plan`) reads the receiving store (the project as it is now, its revision, the newest state
both sides know) and computes the merged project (`kooperation.domain.merge`), the draft versions
and comments the store does not have yet, and the changes; nothing is written. `apply_plan`
stores a plan in one transaction, refused if the project changed since it was planned.
`resolve_plan` gives the same plan with the user's choice per conflict (the window's merge
dialog); it reads nothing from the store, so the choices can change as often as the user likes.
`describe_plan` says in German what would change and which conflicts there are (for
``kooperation merge --dry-run`` and the window).

The common ancestor: the newest state among those the file names as known to its side (and the
file's own state) that this store sent or took over too; else the state the file says it was
made from (carried in the file); else none (everything is compared with an empty project).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from kooperation.bundle import Bundle
from kooperation.domain.changes import ChangeSet, diff_projects
from kooperation.domain.labels import format_day
from kooperation.domain.merge import MergeConflict, MergeResult, Resolution, merge_projects
from kooperation.domain.model import Project
from kooperation.domain.serialize import DraftVersion
from kooperation.domain.versions import version_label
from kooperation.errors import InputError, NotFoundError
from kooperation.i18n import _, ngettext
from kooperation.review.model import Comment
from kooperation.store.exchange import draft_key


@dataclass
class MergePlan:
    """What taking over a file would do."""

    bundle: Bundle
    ours: Project | None  # None: the project is new in this store
    revision: int | None
    result: MergeResult
    changes: ChangeSet
    drafts: list[DraftVersion] = field(default_factory=list)  # versions this store lacks
    comments: list[tuple[str, Comment]] = field(default_factory=list)  # new on shared versions
    base_from: Literal["store", "file", "none"] = "none"
    base: Project | None = None  # the common ancestor the merge compared against
    prefer: Literal["ours", "theirs", "both"] = "ours"
    decisions: Literal["open_point", "prefer"] = "open_point"
    choices: dict[tuple[str, ...], Resolution] = field(default_factory=dict)
    source: str = ""  # the file's name, to mark their text where a conflict keeps both

    @property
    def project(self) -> Project:
        return self.result.project

    @property
    def conflicts(self) -> list[MergeConflict]:
        return self.result.conflicts

    @property
    def changes_nothing(self) -> bool:
        return self.ours is not None and not self.changes and not self.drafts and not self.comments


@dataclass
class MergeInputs:
    """What planning reads from the receiving store: the project as it is now (None if the
    store lacks it), its revision, the common ancestor and where it came from, and which draft
    versions and comments the store has. Reading it is quick; `compute_plan` does the rest
    without the store (the window runs that on a worker)."""

    ours: Project | None
    revision: int | None
    base: Project | None = None
    base_from: Literal["store", "file", "none"] = "none"
    draft_keys: set[str] = field(default_factory=set)
    comment_ids: set[str] = field(default_factory=set)


def read_inputs(store, bundle: Bundle) -> MergeInputs:
    """Read from ``store`` what planning the merge of ``bundle`` needs (no file contents)."""
    theirs = bundle.project
    try:
        ours, revision = store.load_tracked(theirs.id)
    except NotFoundError:
        if bundle.is_card:  # one partner's card makes no project
            raise InputError(_(
                "Der Steckbrief gehört zum Projekt „{name}“, das es in dieser Datenbank nicht gibt. "
                "Nichts wurde übernommen.").format(name=theirs.name)) from None
        return MergeInputs(None, None)
    base = store.common_state(theirs.id, [bundle.state, *bundle.known])
    base_from: Literal["store", "file", "none"] = "store"
    if base is None:
        base, base_from = bundle.base, ("file" if bundle.base is not None else "none")
    keys = {draft_key(info) for info in store.list_drafts(theirs.id)}  # type: ignore[arg-type]
    comments = {c.id for c in store.list_comments(theirs.id)}
    return MergeInputs(ours, revision, base, base_from, keys, comments)


def side_labels(ours: Project, theirs: Project, source: str = "") -> tuple[str, str]:
    """The lines above the two texts a conflict keeps both of: whose they are and from when,
    e.g. ("Bei uns (Stand 03.12.2026 14:05)",
    "Aus der Datei „laptop.kooperation“ (Stand 02.12.2026 09:10)")."""
    def dated(side: str, project: Project) -> str:
        if project.updated_at is None:
            return side
        when = project.updated_at.astimezone().strftime("%d.%m.%Y %H:%M")
        return _("{side} (Stand {when})").format(side=side, when=when)

    other = _("Aus der Datei „{file}“").format(file=source) if source else _("Aus der Datei")
    return dated(_("Bei uns"), ours), dated(other, theirs)


def compute_plan(
    bundle: Bundle, inputs: MergeInputs, *, prefer: Literal["ours", "theirs", "both"] = "ours",
    decisions: Literal["open_point", "prefer"] = "open_point", source: str = "",
) -> MergePlan:
    """The merge of ``bundle`` given what `read_inputs` read; pure (no store, nothing written).
    ``source`` is the file's name (it marks their texts where a conflict keeps both)."""
    theirs, ours = bundle.project, inputs.ours
    if ours is None:
        return MergePlan(bundle, None, None, MergeResult(theirs), ChangeSet(), list(bundle.drafts), source=source)
    result = merge_projects(inputs.base, ours, theirs, prefer=prefer, decisions=decisions,
                            labels=side_labels(ours, theirs, source))
    changes = diff_projects(ours, result.project)
    have = inputs.draft_keys
    new_drafts = [d for d in bundle.drafts if draft_key(d) not in have]
    new_comments = [
        (draft_key(d), c) for d in bundle.drafts if draft_key(d) in have
        for c in d.comments if c.id not in inputs.comment_ids
    ]
    return MergePlan(bundle, ours, inputs.revision, result, changes, new_drafts, new_comments,
                     inputs.base_from, inputs.base, prefer, decisions, source=source)


def plan_merge(
    store, bundle: Bundle, *, prefer: Literal["ours", "theirs", "both"] = "ours",
    decisions: Literal["open_point", "prefer"] = "open_point", source: str = "",
) -> MergePlan:
    """The merge of ``bundle`` into ``store`` (nothing is written)."""
    return compute_plan(bundle, read_inputs(store, bundle), prefer=prefer, decisions=decisions, source=source)


def resolve_plan(plan: MergePlan, choices: dict[tuple[str, ...], Resolution]) -> MergePlan:
    """``plan`` with the conflicts at the paths in ``choices`` resolved as chosen (``ours``,
    ``theirs``, ``both`` where the conflict allows it, ``open_point`` for a rule decision); the
    other conflicts as the plan had them.
    Pure: the merge is computed again from the plan's base, ours and theirs, nothing is read or
    written, and the plan stays as valid (and as stale) as ``plan`` was."""
    if plan.ours is None:
        return plan  # a new project: nothing to choose
    theirs = plan.bundle.project
    result = merge_projects(plan.base, plan.ours, theirs, prefer=plan.prefer, decisions=plan.decisions,
                            choices=choices, labels=side_labels(plan.ours, theirs, plan.source))
    return replace(plan, result=result, changes=diff_projects(plan.ours, result.project),
                   choices=dict(choices))


def apply_plan(store, plan: MergePlan) -> tuple[int, int]:
    """Store ``plan`` in one transaction (`ConflictError` if the project changed meanwhile);
    returns (versions added, comments added)."""
    return store.apply_merge(plan.project, plan.revision, plan.changes, plan.drafts, plan.comments,
                             plan.bundle.project)


# --- saying what it does -------------------------------------------------------------------------

def _kinds() -> dict[str, str]:
    return {
    "partners": _("Partner"), "goals": _("Ziel"), "milestones": _("Meilenstein"),
    "decisions": _("Regelungsthema"), "reviews": _("Überprüfung"), "wordings": _("Klauselfassung"),
    }


def _short(value: object, limit: int = 50) -> str:
    if value is None or value == "":
        return _("(leer)")
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _what(kind: str, key: str, name: str) -> str:
    if kind == "project":
        return _("Projekt")
    if kind == "decisions":
        name = _topic_title(key)
    return f"{_kinds().get(kind, kind)} „{_short(name or key, 40)}“"


def _topic_title(topic: str) -> str:
    try:
        from kooperation.domain.catalogue import load_catalogue

        return str(load_catalogue().topic(topic).label)
    except Exception:  # noqa: BLE001 - an unknown topic is named by its id
        return topic


def _field(kind: str, name: str | None) -> str:
    """A readable name of a field (the labels the window's conflict messages use)."""
    from kooperation.store.writes import field_label

    return field_label("project" if kind == "project" else kind, name)


def conflict_subject(c: MergeConflict) -> tuple[str, str]:
    """(what, field) of a conflict as the window names them, e.g. ("Partner „ProdTech“", "Ort");
    for a change of order the kind of entity and "" as field."""
    if c.reason == "order":
        return _kinds().get(c.kind, c.kind), ""
    return _what(c.kind, c.key, c.name), _field(c.kind, c.field) if c.field else ""


def both_text(c: MergeConflict) -> str:
    """How a conflict resolved "both" is kept, in a few words (also the dialog's choice)."""
    return {
        "text": _("beide Texte behalten"), "goals": _("beide behalten, als zwei Ziele"),
        "milestones": _("beide behalten, als zwei Meilensteine"),
        "board": _("beide behalten, als zwei Punkte"),
    }.get(c.both, _("beide behalten"))


def conflict_line(c: MergeConflict) -> str:
    """One conflict in one German line: what, the base, ours and theirs, how it is resolved."""
    what = _what(c.kind, c.key, c.name)
    how = {
        "ours": _("behalten: unserer"), "theirs": _("übernommen: aus der Datei"),
        "open_point": _("wird offener Punkt „Darüber müssen wir uns verständigen“ mit beiden Positionen"),
        "both": both_text(c),
    }[c.resolution]
    if c.reason == "deleted":
        gone = _("bei uns gelöscht") if c.ours is None else _("in der Datei gelöscht")
        return _("{what}: {gone}, auf der anderen Seite geändert ({how}).").format(what=what, gone=gone, how=how)
    if c.reason == "order":
        return _("{what}: Reihenfolge auf beiden Seiten verschieden geändert ({how}).").format(what=_kinds().get(c.kind, c.kind), how=how)
    if c.reason in ("reference", "cycle"):
        return _("{what}: „{field}“ verwies auf Entferntes oder bildete einen Kreis; angepasst.").format(what=what, field=_field(c.kind, c.field))
    ours = _short(c.ours) + (f" ({c.ours_by})" if c.ours_by else "")
    theirs = _short(c.theirs) + (f" ({c.theirs_by})" if c.theirs_by else "")
    return _("{what}, Feld „{field}“: Ausgangsstand „{base}“, bei uns „{ours}“, in der Datei „{theirs}“ ({how}).").format(
        what=what, field=_field(c.kind, c.field), base=_short(c.base), ours=ours, theirs=theirs, how=how)


def describe_plan(plan: MergePlan) -> list[str]:
    """What the plan would change, in German lines (changes, new versions, conflicts)."""
    name = plan.bundle.project.name
    if plan.ours is None:
        lines = [_("Neues Projekt „{name}“ wird angelegt ({n} Entwurfsversionen).").format(name=name, n=len(plan.drafts))]
        return lines
    lines = []
    if plan.base_from == "none":
        lines.append(_("Hinweis: Kein gemeinsamer Ausgangsstand bekannt; verglichen wird Feld für Feld."))
    for row in plan.changes.rows:
        if row.kind == "project":
            for f in (row.after or {}):
                lines.append(_("Projekt: „{field}“ wird geändert.").format(field=_field("project", f)))
            continue
        label = _what(row.kind, row.key, _row_name(plan, row.kind, row.key))
        if row.before is None:
            lines.append(_("{what} kommt hinzu.").format(what=label))
        elif row.after is None:
            lines.append(_("{what} wird entfernt.").format(what=label))
        else:
            fields = ", ".join(dict.fromkeys(_field(row.kind, f) for f in sorted(row.after)))
            lines.append(_("{what}: {fields} geändert.").format(what=label, fields=fields))
    for order in plan.changes.orders:
        both = set(order.before) & set(order.after)
        if [k for k in order.before if k in both] == [k for k in order.after if k in both]:
            continue  # only added or removed entries: said above
        lines.append(_("Reihenfolge geändert: {kind}").format(kind=_kinds().get(order.kind, order.kind)))
    for d in plan.drafts:
        # stored after our versions, so its number here may differ from the file's
        lines.append(ngettext(
            "Neue Entwurfsversion (in der Datei {version}) vom {day} mit {n} Kommentar; sie wird nach "
            "unseren Versionen nummeriert.",
            "Neue Entwurfsversion (in der Datei {version}) vom {day} mit {n} Kommentaren; sie wird nach "
            "unseren Versionen nummeriert.",
            len(d.comments),
        ).format(version=version_label(d.kind, d.number), day=format_day(d.created_at), n=len(d.comments)))
    if plan.comments:
        lines.append(ngettext("{n} neuer Kommentar zu vorhandenen Versionen.",
                              "{n} neue Kommentare zu vorhandenen Versionen.",
                              len(plan.comments)).format(n=len(plan.comments)))
    if not lines:
        lines.append(_("Nichts zu übernehmen: alle Änderungen der Datei sind schon da."))
    if plan.conflicts:
        when = plan.result
        lines.append(_("Konflikte ({n}; zuletzt geändert bei uns {ours}, in der Datei {theirs}):").format(
            n=len(plan.conflicts), ours=_day(when.ours_at), theirs=_day(when.theirs_at)))
        lines += ["  " + conflict_line(c) for c in plan.conflicts]
    return lines


def _day(value) -> str:
    return f"{format_day(value)} {value:%H:%M} UTC" if value is not None else _("(unbekannt)")


def _row_name(plan: MergePlan, kind: str, key: str) -> str:
    for project in (plan.project, plan.ours):
        if project is None:
            continue
        if kind == "decisions" and key in project.decisions:
            return key
        if kind == "wordings" and key in project.wordings:
            return key
        for item in getattr(project, kind, []) if kind not in ("decisions", "wordings") else []:
            if item.id == key:
                return str(getattr(item, "name", None) or getattr(item, "text", None) or getattr(item, "title", None) or key)
    return key
