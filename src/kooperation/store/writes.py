"""Applying a `ChangeSet` inside a write transaction: only what changed, only if still current.

For every field a change sets, the stored value must still be the value the edit started from
(or already be the new value). Otherwise someone else changed that field in the meantime and the
whole change set is refused with a `ConflictError` that names the field, the stored value and
ours. Fields the change does not touch are never written, so an edit of another field of the
same row (another window typing the partner's name while this one set the city) is kept. A new
row must not exist yet; a row to delete must not have been edited by someone else. Every UPDATE
also carries the row's version (``version_id_col``), so a transaction racing another on a server
database fails instead of overwriting.

Nothing here commits; the repository runs it in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kooperation.domain.change_text import text_key
from kooperation.domain.changes import (
    ABSENT,
    KIND_ORDER,
    ChangeSet,
    Conflict,
    OrderChange,
    RowChange,
    get_field,
    merge_order,
    new_row,
    with_fields,
)
from kooperation.domain.labels import format_day
from kooperation.domain.meeting import assessment_from_dict, assessment_to_dict
from kooperation.domain.model import CooperationForm, DecisionStatus, Project, RuleDecision
from kooperation.domain.text import field_label as text_label
from kooperation.errors import ConflictError, InputError
from kooperation.i18n import _
from kooperation.store import mapping
from kooperation.store.models import (
    ClauseWordingRow,
    GoalRow,
    MilestoneDependencyRow,
    MilestoneResponsibleRow,
    MilestoneRow,
    PartnerRow,
    ProgressReviewRow,
    ProjectRow,
    RuleDecisionRow,
)

MODELS: dict[str, Any] = {
    "partners": PartnerRow,
    "goals": GoalRow,
    "milestones": MilestoneRow,
    "decisions": RuleDecisionRow,
    "reviews": ProgressReviewRow,
    "wordings": ClauseWordingRow,
}
_APPLY = {
    "partners": mapping.apply_partner,
    "goals": mapping.apply_goal,
    "milestones": mapping.apply_milestone,
    "decisions": mapping.apply_decision,
    "reviews": mapping.apply_review,
    "wordings": mapping.apply_wording,
}
_LINK_FIELDS = {"responsible_ids", "depends_on_ids"}


def project_head(row: ProjectRow) -> Project:
    """The project row as a `Project` without its children (for comparing its own fields)."""
    return Project(
        name=row.name,
        id=row.id,
        description=row.description,
        form=CooperationForm(row.form) if row.form else None,
        form_status=DecisionStatus(row.form_status),
        place=row.place,
        language=row.language,
        business_model=mapping.business_model_from_row(row),
        assessment=assessment_from_dict(row.assessment),
    )


def _milestone_links(s: Session, milestone_id: str) -> tuple[list[str], list[str]]:
    responsible = list(
        s.scalars(
            select(MilestoneResponsibleRow.partner_id)
            .where(MilestoneResponsibleRow.milestone_id == milestone_id)
            .order_by(MilestoneResponsibleRow.position)
        )
    )
    depends = list(
        s.scalars(
            select(MilestoneDependencyRow.depends_on_id)
            .where(MilestoneDependencyRow.milestone_id == milestone_id)
            .order_by(MilestoneDependencyRow.position)
        )
    )
    return responsible, depends


def _stored(s: Session, project: ProjectRow, kind: str, key: str) -> tuple[Any, Any]:
    """(row, domain object) as stored now, or (None, None)."""
    if kind == "project":
        return project, project_head(project)
    model = MODELS[kind]
    if kind == "decisions":
        row = s.scalar(
            select(RuleDecisionRow).where(
                RuleDecisionRow.project_id == project.id, RuleDecisionRow.topic == key
            )
        )
    elif kind == "wordings":
        row = s.scalar(
            select(ClauseWordingRow).where(
                ClauseWordingRow.project_id == project.id, ClauseWordingRow.clause_id == key
            )
        )
    else:
        row = s.get(model, key)
        if row is not None and row.project_id != project.id:
            raise InputError(_("Die ID {id} gehört schon zu einem anderen Projekt.").format(id=key))
    if row is None:
        return None, None
    if kind == "partners":
        return row, mapping.partner_from_row(row)
    if kind == "goals":
        return row, mapping.goal_from_row(row)
    if kind == "milestones":
        return row, mapping.milestone_from_row(row, *_milestone_links(s, row.id))
    if kind == "decisions":
        return row, mapping.decision_from_row(row)
    if kind == "wordings":
        return row, mapping.wording_from_row(row)
    return row, mapping.review_from_row(row)


def _write(s: Session, project: ProjectRow, kind: str, row: Any, obj: Any, fields: Iterable[str]) -> None:
    fields = set(fields)
    if kind == "project":
        mapping.apply_project_fields(
            row, {name: getattr(obj, name) for name in fields if "." not in name}
        )
        if any(name.startswith("bm.") for name in fields):
            mapping.apply_business_model(row, obj.business_model)
        if any(name.startswith("assessment.") for name in fields):
            row.assessment = assessment_to_dict(obj.assessment)
        return
    _APPLY[kind](row, obj)
    if kind == "milestones" and fields & _LINK_FIELDS:
        s.flush()
        mapping.write_links(s, obj)


def _upsert(s: Session, project: ProjectRow, change: RowChange, conflicts: list[Conflict]) -> None:
    row, stored = _stored(s, project, change.kind, change.key)
    after = {k: v for k, v in (change.after or {}).items() if k != "id"}
    if change.before is None:
        if stored is None:
            obj = new_row(change.kind, change.after or {}, change.key)
            model = MODELS[change.kind]
            row = model(id=obj.id, project_id=project.id)
            if hasattr(model, "position"):
                row.position = len(mapping.children(s, model, project.id))
            _check_references(s, project, change.kind, obj, after)
            s.add(row)
            _write(s, project, change.kind, row, obj, after)
            s.flush()
            return
        # a row of the same id (a decision on the same topic) appeared meanwhile: what it holds
        # must not be overwritten; a decision counts as blank where nothing was decided yet
        blank = RuleDecision(topic=change.key) if change.kind == "decisions" else None
        expected = {k: get_field(blank, k) for k in after} if blank is not None else {}
        reason = "changed" if blank is not None else "exists"
    else:
        if stored is None:
            conflicts.append(Conflict(change.kind, change.key, None, None, None, reason="deleted"))
            return
        expected = dict(change.before)
        reason = "changed"
    target: dict[str, Any] = {}
    for name, new in after.items():
        current = get_field(stored, name)
        if current == new:
            continue
        if name in expected and current == expected[name]:
            target[name] = new
        else:
            conflicts.append(
                Conflict(change.kind, change.key, name, current, new, _describe(change.kind, stored), reason)
            )
    if target:
        obj = with_fields(stored, target)
        _check_references(s, project, change.kind, obj, target)
        _write(s, project, change.kind, row, obj, target)
        s.flush()


def _check_references(s: Session, project: ProjectRow, kind: str, obj: Any, fields: Any) -> None:
    """Refuse a reference to a partner or milestone the project does not have (any more)."""
    if kind == "goals" and "owner_id" in fields and obj.owner_id:
        owner = s.get(PartnerRow, obj.owner_id)
        if owner is None or owner.project_id != project.id:
            raise mapping.input_error(
                "owner_id", _("{id} ist kein Partner dieses Projekts (mehr).").format(id=obj.owner_id)
            )
    if kind == "milestones" and set(fields) & _LINK_FIELDS:
        s.flush()
        mapping.check_milestone(s, project.id, obj)


def _delete(s: Session, project: ProjectRow, change: RowChange, conflicts: list[Conflict]) -> None:
    row, stored = _stored(s, project, change.kind, change.key)
    if stored is None:
        return  # already gone: nothing of anyone's is lost
    for name, old in (change.before or {}).items():
        if name == "id":
            continue
        current = get_field(stored, name)
        if current != old and not (old is ABSENT and current is ABSENT):
            conflicts.append(
                Conflict(change.kind, change.key, name, current, None, _describe(change.kind, stored),
                         "edited_before_delete")
            )
            return
    s.delete(row)
    s.flush()


def _reorder(s: Session, project: ProjectRow, order: OrderChange) -> None:
    rows = mapping.children(s, MODELS[order.kind], project.id)
    ids = [r.id for r in rows]
    wanted = merge_order(ids, order, ids)
    by_id = {r.id: r for r in rows}
    for position, key in enumerate(wanted):
        if by_id[key].position != position:
            by_id[key].position = position


def apply_changes(s: Session, project: ProjectRow, changes: ChangeSet, now: datetime) -> None:
    """Write ``changes`` into ``project`` (see the module docstring); raises `ConflictError`
    (nothing written once the transaction rolls back) or `InputError` for an inconsistent
    result (a reference to a partner that is gone)."""
    conflicts: list[Conflict] = []
    for kind in KIND_ORDER:
        for change in changes.rows:
            if change.kind == kind and change.after is not None:
                if kind == "project" and change.key != project.id:
                    raise InputError(_("Die Änderung gehört zu einem anderen Projekt."))
                _upsert(s, project, change, conflicts)
    for kind in reversed(KIND_ORDER):
        for change in changes.rows:
            if change.kind == kind and change.after is None:
                _delete(s, project, change, conflicts)
    if conflicts:
        raise ConflictError(conflict_message(conflicts), conflicts)
    for order in changes.orders:
        _reorder(s, project, order)
    s.flush()  # references were checked row by row; the foreign keys guard the rest
    project.updated_at = now


# --- saying what the conflict is ---------------------------------------------------------------


def _describe(kind: str, obj: Any) -> str:
    if kind == "partners":
        return _("Partner „{name}“").format(name=_short(obj.name))
    if kind == "goals":
        return _("Ziel „{name}“").format(name=_short(obj.text))
    if kind == "milestones":
        return _("Meilenstein „{name}“").format(name=_short(obj.title))
    if kind == "decisions":
        return _("Regelungsthema „{name}“").format(name=_topic_title(obj.topic))
    if kind == "reviews":
        return _("Überprüfung vom {day}").format(day=format_day(obj.day))
    if kind == "wordings":
        return _("Die Fassung der Klausel „{clause}“").format(clause=_clause_title(obj.clause_id))
    return _("Projekt „{name}“").format(name=_short(obj.name))


def _topic_title(topic: str) -> str:
    try:
        from kooperation.domain.catalogue import load_catalogue

        return str(load_catalogue().topic(topic).label)
    except Exception:  # noqa: BLE001 - an unknown topic is named by its id
        return topic


def _clause_title(clause_id: str) -> str:
    try:
        from kooperation.drafting.overlay import effective_library

        library = effective_library("vertrag", "de")
        return next(c.title for sec in library.sections for c in sec.clauses if c.id == clause_id)
    except Exception:  # noqa: BLE001 - an unknown clause is named by its id
        return clause_id


def _short(value: Any, limit: int = 60) -> str:
    if value is None or value is ABSENT or value == "":
        return _("(leer)")
    if isinstance(value, (list, tuple, dict)):
        text = _("{count} Einträge").format(count=len(value))
    else:
        text = " ".join(str(getattr(value, "value", value)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def conflict_message(conflicts: list[Conflict]) -> str:
    """One German paragraph: what someone else changed, and that this edit was not stored."""
    first = conflicts[0]
    what = first.label or _describe_kind(first.kind)
    if first.reason == "deleted":
        text = _("{what} wurde inzwischen in einem anderen Fenster gelöscht.").format(what=what)
    elif first.reason == "exists":
        text = _("{what} wurde inzwischen in einem anderen Fenster angelegt.").format(what=what)
    elif first.reason == "edited_before_delete":
        text = _(
            "{what} wurde inzwischen in einem anderen Fenster geändert und deshalb nicht gelöscht."
        ).format(what=what)
    else:
        text = _(
            "„{field}“ bei {what} wurde inzwischen in einem anderen Fenster geändert: "
            "gespeichert ist jetzt „{theirs}“, Ihre Eingabe war „{mine}“."
        ).format(field=field_label(first.kind, first.field), what=what, theirs=_short(first.theirs),
                 mine=_short(first.mine))
    more = len(conflicts) - 1
    if more:
        text += " " + _("(und {count} weitere Felder)").format(count=more)
    return text + " " + _("Ihre Änderung wurde nicht gespeichert; angezeigt wird der gespeicherte Stand.")


def _describe_kind(kind: str) -> str:
    return {
        "partners": _("Ein Partner"),
        "goals": _("Ein Ziel"),
        "milestones": _("Ein Meilenstein"),
        "decisions": _("Ein Regelungsthema"),
        "reviews": _("Eine Überprüfung"),
        "wordings": _("Eine Klauselfassung"),
    }.get(kind, _("Das Projekt"))


def field_label(kind: str, name: str | None) -> str:
    """A readable name for a change field: the text fields' own labels
    (`kooperation.domain.text.field_label`), the others from a small table."""
    if name is None:
        return ""
    head, _dot, rest = name.partition(".")
    if head == "params":
        return _("Parameter {name}").format(name=rest)
    key = text_key(kind, name)
    if key is not None:
        return text_label(key)
    labels = {
        "sector": _("Sektor"), "market": _("Markt/Branche"), "size": _("Größe"), "employees": _("Beschäftigte"),
        "role": _("Rolle"), "tier": _("Partnerstufe"), "horizon": _("Horizont"), "priority": _("Priorität"),
        "owner_id": _("Verantwortlich"), "start": _("Beginn"), "end": _("Ende"),
        "responsible_ids": _("Verantwortliche"), "depends_on_ids": _("Abhängigkeiten"),
        "status": _("Status"), "variant": _("Variante"), "form": _("Kooperationsform"),
        "form_status": _("Stand der Form"), "language": _("Sprache"), "day": _("Datum"),
        "paragraphs": _("Fassung"), "source": _("Herkunft"), "adopted_at": _("übernommen am"),
        "template_hash": _("Vorlagenstand"), "comment_id": _("Vorschlag"), "author": _("Von"),
    }
    if head == "assessment":
        return _("Prüfung: {name}").format(name=rest.replace("_", " "))
    return labels.get(name, name)
