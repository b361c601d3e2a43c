"""The user's choice per conflict (the window's merge dialog): `resolve_plan` recomputes the
merge with them, and `apply_plan` stores exactly that."""

from __future__ import annotations

import pytest

from kooperation.bundle import read_bundle
from kooperation.domain.demo import demo_project
from kooperation.domain.merge import OPEN_POINT
from kooperation.merging import apply_plan, plan_merge, resolve_plan
from kooperation.store import open_store
from test_bundle import bundle, take


@pytest.fixture
def stores(tmp_path):
    """Office and laptop with the demo project, edited differently on both: a partner's city,
    a rule decision's parameter, and a field only the laptop changed."""
    with open_store(tmp_path / "buero.db") as office, open_store(tmp_path / "laptop.db") as laptop:
        pid = office.save_project(demo_project()).id
        take(laptop, bundle(office, pid))
        mine = laptop.load_project(pid)
        mine.partners[0].city = "Metzingen"
        mine.decisions["beitraege"].params["approval_limit_eur"] = 9000
        mine.place = "Tübingen"
        laptop.save_project(mine)
        ours = office.load_project(pid)
        ours.partners[0].city = "Pfullingen"
        ours.decisions["beitraege"].params["approval_limit_eur"] = 1000
        office.save_project(ours)
        yield office, laptop, pid


def conflict(plan, kind, field):
    return next(c for c in plan.conflicts if c.kind == kind and c.field == field)


def test_choices_pick_theirs_for_one_field_and_ours_for_a_decision(stores):
    """Theirs for the city, ours (not an open point) for the decision: stored as chosen, and
    the field only the laptop changed is taken anyway."""
    office, laptop, pid = stores
    plan = plan_merge(office, read_bundle(bundle(laptop, pid)))
    city, limit = conflict(plan, "partners", "city"), conflict(plan, "decisions", "params.approval_limit_eur")
    assert (city.resolution, limit.resolution) == ("ours", "open_point")
    chosen = resolve_plan(plan, {city.path: "theirs", limit.path: "ours"})
    assert {c.field: c.resolution for c in chosen.conflicts} == {"city": "theirs", "params.approval_limit_eur": "ours"}
    apply_plan(office, chosen)
    merged = office.load_project(pid)
    assert merged.partners[0].city == "Metzingen"
    assert merged.place == "Tübingen"
    decision = merged.decisions["beitraege"]
    assert decision.params["approval_limit_eur"] == 1000
    assert not decision.note.startswith(OPEN_POINT)


def test_open_point_chosen_carries_both_positions(stores):
    """The open point chosen for the decision (and theirs for the city): both positions in the note."""
    office, laptop, pid = stores
    plan = plan_merge(office, read_bundle(bundle(laptop, pid)))
    limit = conflict(plan, "decisions", "params.approval_limit_eur")
    chosen = resolve_plan(plan, {limit.path: "open_point"})
    apply_plan(office, chosen)
    decision = office.load_project(pid).decisions["beitraege"]
    assert decision.is_open and "9000" in decision.note and "1000" in decision.note


def test_resolving_reads_nothing_and_keeps_the_plan_stale_check(stores):
    """resolve_plan works from the plan alone; a project changed since planning is still refused."""
    from kooperation.errors import ConflictError

    office, laptop, pid = stores
    plan = plan_merge(office, read_bundle(bundle(laptop, pid)))
    office.update_project_fields(pid, description="Inzwischen geändert")
    chosen = resolve_plan(plan, {conflict(plan, "partners", "city").path: "theirs"})
    assert chosen.revision == plan.revision
    with pytest.raises(ConflictError):
        apply_plan(office, chosen)
    assert office.load_project(pid).partners[0].city == "Pfullingen"
