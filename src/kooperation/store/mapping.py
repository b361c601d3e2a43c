"""Between table rows and domain objects: reading a whole project, writing one back.

All functions work inside a session the repository opened; none of them commits.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kooperation.domain.meeting import (
    ProgressReview,
    assessment_from_dict,
    assessment_to_dict,
    review_from_dict,
    review_to_dict,
)
from kooperation.domain.model import (
    BusinessModel,
    CooperationForm,
    DecisionStatus,
    Goal,
    Horizon,
    Milestone,
    MilestoneStatus,
    OrgSize,
    Partner,
    PartnerRole,
    PartnerTier,
    Priority,
    Project,
    RuleDecision,
    Sector,
)
from kooperation.domain.serialize import decode_params, encode_value, find_cycle, project_problems
from kooperation.domain.wording import Wording, paragraphs_from_json, paragraphs_to_json
from kooperation.errors import InputError
from kooperation.i18n import _
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

PARTNER_FIELDS = [f.name for f in fields(Partner)]
BM_FIELDS = [f.name for f in fields(BusinessModel)]
PROJECT_FIELDS = ("name", "description", "form", "form_status", "place", "language")


def _value(v: Any) -> Any:
    return v.value if hasattr(v, "value") else v


def input_error(path: str, problem: str) -> InputError:
    return InputError(
        _("Ungültige Angaben: Feld „{field}“: {problem}").format(field=path, problem=problem)
    )


# --- rows -> domain ---------------------------------------------------------------------------


def partner_from_row(row: PartnerRow) -> Partner:
    kw = {name: getattr(row, name) for name in PARTNER_FIELDS}
    kw["sector"] = Sector(row.sector)
    kw["role"] = PartnerRole(row.role)
    kw["tier"] = PartnerTier(row.tier)
    kw["size"] = OrgSize(row.size) if row.size else None
    return Partner(**kw)


def goal_from_row(row: GoalRow) -> Goal:
    return Goal(
        text=row.text,
        id=row.id,
        horizon=Horizon(row.horizon),
        priority=Priority(row.priority),
        owner_id=row.owner_id,
        indicator=row.indicator,
    )


def milestone_from_row(row: MilestoneRow, responsible: list[str], depends: list[str]) -> Milestone:
    return Milestone(
        title=row.title,
        id=row.id,
        description=row.description,
        start=row.start,
        end=row.end,
        responsible_ids=list(responsible),
        depends_on_ids=list(depends),
        status=MilestoneStatus(row.status),
    )


def decision_from_row(row: RuleDecisionRow) -> RuleDecision:
    return RuleDecision(
        topic=row.topic,
        id=row.id,
        variant=row.variant,
        params=decode_params(row.params or {}),
        status=DecisionStatus(row.status),
        note=row.note,
    )


def wording_from_row(row: ClauseWordingRow) -> Wording:
    return Wording(
        clause_id=row.clause_id,
        id=row.id,
        paragraphs=paragraphs_from_json(row.paragraphs),
        source=row.source,
        comment_id=row.comment_id,
        author=row.author,
        adopted_at=row.adopted_at,
        template_hash=row.template_hash,
        language=row.language or "de",
    )


def business_model_from_row(row: ProjectRow) -> BusinessModel:
    return BusinessModel(**{name: getattr(row, f"bm_{name}") for name in BM_FIELDS})


def links(s: Session, project_id: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Responsible partners and dependencies of all milestones of a project, in order."""
    ms_ids = select(MilestoneRow.id).where(MilestoneRow.project_id == project_id)
    responsible: dict[str, list[str]] = defaultdict(list)
    for mid, pid in s.execute(
        select(MilestoneResponsibleRow.milestone_id, MilestoneResponsibleRow.partner_id)
        .where(MilestoneResponsibleRow.milestone_id.in_(ms_ids))
        .order_by(MilestoneResponsibleRow.position)
    ):
        responsible[mid].append(pid)
    depends: dict[str, list[str]] = defaultdict(list)
    for mid, did in s.execute(
        select(MilestoneDependencyRow.milestone_id, MilestoneDependencyRow.depends_on_id)
        .where(MilestoneDependencyRow.milestone_id.in_(ms_ids))
        .order_by(MilestoneDependencyRow.position)
    ):
        depends[mid].append(did)
    return responsible, depends


def children(s: Session, model: Any, project_id: str) -> list[Any]:
    """The rows of one child table of a project, in their stored order."""
    stmt = select(model).where(model.project_id == project_id)
    if hasattr(model, "position"):
        stmt = stmt.order_by(model.position, model.id)
    elif hasattr(model, "clause_id"):
        stmt = stmt.order_by(model.clause_id)
    else:
        stmt = stmt.order_by(model.topic)
    return list(s.scalars(stmt))


def load_project(s: Session, row: ProjectRow) -> Project:
    responsible, depends = links(s, row.id)
    return Project(
        name=row.name,
        id=row.id,
        description=row.description,
        form=CooperationForm(row.form) if row.form else None,
        form_status=DecisionStatus(row.form_status),
        place=row.place,
        language=row.language,
        created_at=row.created_at,
        updated_at=row.updated_at,
        partners=[partner_from_row(r) for r in children(s, PartnerRow, row.id)],
        business_model=business_model_from_row(row),
        goals=[goal_from_row(r) for r in children(s, GoalRow, row.id)],
        milestones=[
            milestone_from_row(r, responsible.get(r.id, []), depends.get(r.id, []))
            for r in children(s, MilestoneRow, row.id)
        ],
        decisions={r.topic: decision_from_row(r) for r in children(s, RuleDecisionRow, row.id)},
        assessment=assessment_from_dict(row.assessment),
        reviews=[review_from_row(r) for r in review_rows(s, row.id)],
        wordings={r.clause_id: wording_from_row(r) for r in children(s, ClauseWordingRow, row.id)},
    )


def review_rows(s: Session, project_id: str) -> list[ProgressReviewRow]:
    return list(
        s.scalars(
            select(ProgressReviewRow)
            .where(ProgressReviewRow.project_id == project_id)
            .order_by(ProgressReviewRow.day, ProgressReviewRow.id)
        )
    )


def review_from_row(row: ProgressReviewRow) -> ProgressReview:
    return review_from_dict(
        {"id": row.id, "day": row.day.isoformat(), "title": row.title, "note": row.note,
         "entries": row.entries or [], "reflections": row.reflections or {}}
    )


def apply_review(row: ProgressReviewRow, review: ProgressReview) -> None:
    data = review_to_dict(review)
    row.day = review.day
    row.title = review.title
    row.note = review.note
    row.entries = data["entries"]
    row.reflections = data["reflections"]


# --- domain -> rows ---------------------------------------------------------------------------


def apply_project_fields(row: ProjectRow, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name == "form":
            value = CooperationForm(value).value if value is not None else None
        elif name == "form_status":
            value = DecisionStatus(value).value
        setattr(row, name, value)


def apply_business_model(row: ProjectRow, bm: BusinessModel) -> None:
    for name in BM_FIELDS:
        setattr(row, f"bm_{name}", getattr(bm, name))


def apply_partner(row: PartnerRow, partner: Partner) -> None:
    for name in PARTNER_FIELDS:
        setattr(row, name, _value(getattr(partner, name)))
    row.sector = Sector(partner.sector).value
    row.role = PartnerRole(partner.role).value
    row.tier = PartnerTier(partner.tier).value
    row.size = OrgSize(partner.size).value if partner.size else None


def apply_goal(row: GoalRow, goal: Goal) -> None:
    row.text = goal.text
    row.horizon = Horizon(goal.horizon).value
    row.priority = Priority(goal.priority).value
    row.owner_id = goal.owner_id or None
    row.indicator = goal.indicator


def apply_milestone(row: MilestoneRow, m: Milestone) -> None:
    row.title = m.title
    row.description = m.description
    row.start = m.start
    row.end = m.end
    row.status = MilestoneStatus(m.status).value


def apply_decision(row: RuleDecisionRow, d: RuleDecision) -> None:
    row.topic = d.topic
    row.variant = d.variant
    row.params = encode_value(d.params or {})
    row.status = DecisionStatus(d.status).value
    row.note = d.note


def apply_wording(row: ClauseWordingRow, w: Wording) -> None:
    row.clause_id = w.clause_id
    row.paragraphs = paragraphs_to_json(w.paragraphs)
    row.source = w.source
    row.comment_id = w.comment_id
    row.author = w.author
    row.adopted_at = w.adopted_at
    row.template_hash = w.template_hash
    row.language = w.language or "de"


def write_links(s: Session, m: Milestone) -> None:
    """Replace the responsible partners and dependencies of one milestone."""
    s.execute(delete(MilestoneResponsibleRow).where(MilestoneResponsibleRow.milestone_id == m.id))
    s.execute(delete(MilestoneDependencyRow).where(MilestoneDependencyRow.milestone_id == m.id))
    s.add_all(
        MilestoneResponsibleRow(milestone_id=m.id, partner_id=pid, position=i)
        for i, pid in enumerate(m.responsible_ids)
    )
    s.add_all(
        MilestoneDependencyRow(milestone_id=m.id, depends_on_id=did, position=i)
        for i, did in enumerate(m.depends_on_ids)
    )


_CHILD_TABLES = (
    ("partners", PartnerRow),
    ("goals", GoalRow),
    ("milestones", MilestoneRow),
    ("decisions", RuleDecisionRow),
    ("wordings", ClauseWordingRow),
)


def foreign_ids(s: Session, project: Project) -> list[tuple[str, str]]:
    """(field path, id) of children whose id already belongs to another project."""
    found = []
    for attr, model in _CHILD_TABLES:
        items = getattr(project, attr)
        items = list(items.values()) if isinstance(items, dict) else items
        index = {item.id: i for i, item in enumerate(items)}
        if not index:
            continue
        taken = s.scalars(
            select(model.id).where(model.id.in_(list(index)), model.project_id != project.id)
        ).all()
        found.extend((f"project.{attr}[{index[t]}].id", t) for t in taken)
    return found


def write_project(s: Session, project: Project, now: datetime) -> ProjectRow:
    """Insert or update the whole aggregate: children are upserted by id, missing ones deleted,
    order taken from the lists. References are checked first (`InputError`)."""
    problems = project_problems(project, dates=False)
    if problems:
        raise input_error(*problems[0])
    for path, taken in foreign_ids(s, project):
        raise input_error(
            path, _("Die ID {id} gehört schon zu einem anderen Projekt.").format(id=taken)
        )
    pid = project.id
    row = s.get(ProjectRow, pid)
    if row is None:
        row = ProjectRow(id=pid, created_at=project.created_at or now)
        s.add(row)
    apply_project_fields(row, {name: getattr(project, name) for name in PROJECT_FIELDS})
    apply_business_model(row, project.business_model)
    row.updated_at = now
    s.flush()

    # what is gone goes first (links and decisions are simply rewritten)
    ms_ids = select(MilestoneRow.id).where(MilestoneRow.project_id == pid)
    s.execute(
        delete(MilestoneResponsibleRow).where(MilestoneResponsibleRow.milestone_id.in_(ms_ids))
    )
    s.execute(delete(MilestoneDependencyRow).where(MilestoneDependencyRow.milestone_id.in_(ms_ids)))
    s.execute(delete(RuleDecisionRow).where(RuleDecisionRow.project_id == pid))
    for model, items in (
        (GoalRow, project.goals),
        (MilestoneRow, project.milestones),
        (PartnerRow, project.partners),
    ):
        s.execute(
            delete(model).where(model.project_id == pid, model.id.not_in([x.id for x in items]))
        )

    def upsert(model: Any, items: list[Any], apply: Any) -> None:
        existing = {r.id: r for r in s.scalars(select(model).where(model.project_id == pid))}
        for i, item in enumerate(items):
            r = existing.get(item.id)
            if r is None:
                r = model(id=item.id, project_id=pid)
                s.add(r)
            apply(r, item)
            r.position = i

    upsert(PartnerRow, project.partners, apply_partner)
    s.flush()
    upsert(GoalRow, project.goals, apply_goal)
    upsert(MilestoneRow, project.milestones, apply_milestone)
    s.flush()
    for m in project.milestones:
        s.add_all(
            MilestoneResponsibleRow(milestone_id=m.id, partner_id=p, position=i)
            for i, p in enumerate(m.responsible_ids)
        )
        s.add_all(
            MilestoneDependencyRow(milestone_id=m.id, depends_on_id=d, position=i)
            for i, d in enumerate(m.depends_on_ids)
        )
    for d in project.decisions.values():
        r = RuleDecisionRow(id=d.id, project_id=pid)
        apply_decision(r, d)
        s.add(r)
    row.assessment = assessment_to_dict(project.assessment)
    s.execute(delete(ProgressReviewRow).where(ProgressReviewRow.project_id == pid))
    s.flush()
    for review in project.reviews:
        r = ProgressReviewRow(id=review.id, project_id=pid)
        apply_review(r, review)
        s.add(r)
    s.execute(delete(ClauseWordingRow).where(ClauseWordingRow.project_id == pid))
    s.flush()
    for wording in project.wordings.values():
        r = ClauseWordingRow(id=wording.id, project_id=pid)
        apply_wording(r, wording)
        s.add(r)
    s.flush()
    return row


def check_milestone(s: Session, project_id: str, milestone: Milestone) -> None:
    """Refuse unknown responsible partners or dependencies, and dependency cycles."""
    partners = set(s.scalars(select(PartnerRow.id).where(PartnerRow.project_id == project_id)))
    for j, pid in enumerate(milestone.responsible_ids):
        if pid not in partners:
            raise input_error(
                f"responsible_ids[{j}]",
                _("{id} ist kein Partner dieses Projekts.").format(id=pid),
            )
    responsible, depends = links(s, project_id)
    others = [
        milestone_from_row(r, [], depends.get(r.id, []))
        for r in children(s, MilestoneRow, project_id)
        if r.id != milestone.id
    ]
    known = {m.id for m in others}
    for j, mid in enumerate(milestone.depends_on_ids):
        if mid == milestone.id:
            raise input_error(
                f"depends_on_ids[{j}]",
                _("Ein Meilenstein kann nicht von sich selbst abhängen."),
            )
        if mid not in known:
            raise input_error(
                f"depends_on_ids[{j}]",
                _("{id} ist kein Meilenstein dieses Projekts.").format(id=mid),
            )
    everything = [*others, milestone]
    cycle = find_cycle(everything)
    if cycle:
        titles = {m.id: m.title for m in everything}
        raise input_error(
            "depends_on_ids",
            _("Die Abhängigkeiten bilden einen Kreis: {cycle}.").format(
                cycle=" → ".join(f"„{titles[c]}“" for c in cycle)
            ),
        )
