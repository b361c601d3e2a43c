"""The three-way merge of two states of a project (`kooperation.domain.merge`).

Hand-written cases for each rule, and generated pairs of edit sequences (hypothesis, bounded):
the merge is the same in either direction outside its conflicts, keeps every edit only one side
made, and merging again changes nothing.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kooperation.domain.demo import demo_project
from kooperation.domain.meeting import BoardItem
from kooperation.domain.merge import KEYED, OPEN_POINT, merge_projects
from kooperation.domain.model import DecisionStatus, Goal, Milestone, Partner, Priority
from kooperation.domain.serialize import project_problems, project_to_dict

BASE = demo_project()


def fresh():
    return copy.deepcopy(BASE)


def as_dict(project) -> dict[str, Any]:
    d = project_to_dict(project)
    d.pop("updated_at", None)
    d.pop("created_at", None)
    return d


# --- hand-written cases ----------------------------------------------------------------------


def test_edits_of_different_fields_of_one_partner_are_both_kept():
    """One side changes a partner's city, the other its need: the merge has both."""
    a, b = fresh(), fresh()
    a.partners[0].city = "Metzingen"
    b.partners[0].need = "Mehr Fachkräfte"
    result = merge_projects(BASE, a, b)
    assert result.conflicts == []
    assert (result.project.partners[0].city, result.project.partners[0].need) == ("Metzingen", "Mehr Fachkräfte")


def test_same_field_changed_differently_is_a_conflict_keeping_ours():
    """Both change the same field: a conflict with base, ours and theirs; ours is kept."""
    a, b = fresh(), fresh()
    a.partners[1].city = "Stuttgart"
    b.partners[1].city = "Ulm"
    result = merge_projects(BASE, a, b)
    (c,) = result.conflicts
    assert (c.kind, c.key, c.field) == ("partners", BASE.partners[1].id, "city")
    assert (c.base, c.ours, c.theirs, c.resolution) == (BASE.partners[1].city, "Stuttgart", "Ulm", "ours")
    assert result.project.partners[1].city == "Stuttgart"
    assert merge_projects(BASE, a, b, prefer="theirs").project.partners[1].city == "Ulm"


def test_additions_on_both_sides_are_all_kept_and_deletions_apply():
    """Goals added on each side both arrive; a goal deleted on one side and untouched on the
    other is gone."""
    a, b = fresh(), fresh()
    a.goals.append(Goal(text="Ziel von A"))
    b.goals.insert(0, Goal(text="Ziel von B"))
    gone = b.goals.pop(2)
    result = merge_projects(BASE, a, b)
    texts = [g.text for g in result.project.goals]
    assert texts[0] == "Ziel von B" and texts[-1] == "Ziel von A"
    assert gone.text not in texts
    assert len(texts) == len(BASE.goals) + 1


def test_delete_against_edit_is_a_conflict():
    """One side deletes a goal the other edited: reported as a conflict without field."""
    a, b = fresh(), fresh()
    goal_id = a.goals[1].id
    del a.goals[1]
    b.goals[1].text = "Anders formuliert"
    result = merge_projects(BASE, a, b)
    assert [(c.key, c.field, c.reason) for c in result.conflicts] == [(goal_id, None, "deleted")]
    assert goal_id not in [g.id for g in result.project.goals]  # ours: deleted
    assert goal_id in [g.id for g in merge_projects(BASE, b, a).project.goals]  # ours: edited


def test_decision_conflict_becomes_an_open_point_with_both_positions():
    """Both sides decide a rule topic differently: it becomes an open point whose note names
    both positions; merging the same again does not add them twice."""
    a, b = fresh(), fresh()
    topic = "beitraege"
    a.decisions[topic].params["approval_limit_eur"] = 8000
    b.decisions[topic].params["approval_limit_eur"] = 3000
    result = merge_projects(BASE, a, b)
    d = result.project.decisions[topic]
    assert d.status is DecisionStatus.OPEN
    assert d.note.startswith(OPEN_POINT)
    assert "approval_limit_eur = 8000" in d.note and "approval_limit_eur = 3000" in d.note
    assert [c.resolution for c in result.conflicts] == ["open_point"]
    again = merge_projects(BASE, result.project, b)
    assert again.conflicts == [] and as_dict(again.project) == as_dict(result.project)
    plain = merge_projects(BASE, a, b, decisions="prefer").project.decisions[topic]
    assert plain.params["approval_limit_eur"] == 8000 and plain.status is DecisionStatus.AGREED


def test_reference_to_a_partner_deleted_on_the_other_side_is_dropped():
    """A goal owned by a partner the other side deleted keeps no dangling owner."""
    a, b = fresh(), fresh()
    partner = a.partners.pop(3)
    for g in a.goals:
        g.owner_id = None if g.owner_id == partner.id else g.owner_id
    for m in a.milestones:
        m.responsible_ids = [p for p in m.responsible_ids if p != partner.id]
    b.goals.append(Goal(text="Neu", owner_id=partner.id))
    result = merge_projects(BASE, a, b)
    assert project_problems(result.project, dates=False) == []
    assert result.project.goals[-1].owner_id is None
    assert any(c.reason == "reference" for c in result.conflicts)


def test_a_dependency_cycle_made_by_both_sides_is_broken():
    """A makes m1 depend on m0, B m0 on m1: the merge has no cycle and says so."""
    a, b = fresh(), fresh()
    m0, m1 = BASE.milestones[0].id, BASE.milestones[-1].id
    a.milestones[-1].depends_on_ids = [*a.milestones[-1].depends_on_ids, m0]
    b.milestones[0].depends_on_ids = [*b.milestones[0].depends_on_ids, m1]
    result = merge_projects(BASE, a, b)
    assert project_problems(result.project, dates=False) == []
    assert any(c.reason == "cycle" for c in result.conflicts)


def test_meeting_answers_and_board_points_merge_key_by_key():
    """Factor ratings of different factors and board points of both sides are all kept."""
    a, b = fresh(), fresh()
    a.assessment.factors["vertrauen"] = "good"
    b.assessment.factors["ziele"] = "poor"
    a.assessment.board.append(BoardItem("IT-Sicherheit"))
    b.assessment.board.append(BoardItem("Pressearbeit", agreed=True))
    merged = merge_projects(BASE, a, b).project.assessment
    assert merged.factors["vertrauen"] == "good" and merged.factors["ziele"] == "poor"
    assert {x.text for x in merged.board} >= {"IT-Sicherheit", "Pressearbeit"}


# --- generated edit sequences -------------------------------------------------------------------

TEXTS = st.sampled_from(["A", "B", "Köln", ""])
PARTNER_FIELDS = st.sampled_from(["city", "need", "name", "street"])
TOPICS = sorted(BASE.decisions)


@st.composite
def edits(draw) -> list[tuple]:
    """A short sequence of edits as the window makes them (by index into what is there)."""
    kinds = st.sampled_from(["partner_field", "partner_add", "partner_del", "partner_move", "goal_text",
                             "goal_priority", "goal_add", "goal_del", "ms_title", "ms_add", "ms_del",
                             "decision_note", "decision_param", "bm", "factor", "board_add", "name"])
    return draw(st.lists(st.tuples(kinds, st.integers(0, 20), TEXTS, PARTNER_FIELDS, st.integers(0, 10**6)),
                         min_size=0, max_size=6))


def apply_edits(project, steps):
    p = copy.deepcopy(project)
    for step, (kind, i, text, fld, n) in enumerate(steps):
        n = n * 10 + step  # ids unique within one side
        pick = lambda seq, i=i: seq[i % len(seq)] if seq else None  # noqa: E731
        if kind == "partner_field" and p.partners:
            setattr(pick(p.partners), fld, text or "X")
        elif kind == "partner_add":
            p.partners.append(Partner(name=f"Neu {text}", id=f"00000000-0000-4000-8000-{n:012d}"))
        elif kind == "partner_del" and len(p.partners) > 1:
            gone = p.partners.pop(i % len(p.partners)).id
            for g in p.goals:
                g.owner_id = None if g.owner_id == gone else g.owner_id
            for m in p.milestones:
                m.responsible_ids = [x for x in m.responsible_ids if x != gone]
            p.assessment.readiness.pop(gone, None)
        elif kind == "partner_move" and p.partners:
            p.partners.insert(0, p.partners.pop(i % len(p.partners)))
        elif kind == "goal_text" and p.goals:
            pick(p.goals).text = text or "Ziel"
        elif kind == "goal_priority" and p.goals:
            pick(p.goals).priority = [Priority.HIGH, Priority.LOW][n % 2]
        elif kind == "goal_add":
            owner = pick(p.partners).id if p.partners and n % 2 else None
            p.goals.append(Goal(text=f"Ziel {text}", id=f"00000000-0000-4000-9000-{n:012d}", owner_id=owner))
        elif kind == "goal_del" and p.goals:
            p.goals.pop(i % len(p.goals))
        elif kind == "ms_title" and p.milestones:
            pick(p.milestones).title = text or "M"
        elif kind == "ms_add":
            p.milestones.append(Milestone(title=f"M {text}", id=f"00000000-0000-4000-a000-{n:012d}"))
        elif kind == "ms_del" and p.milestones:
            gone = p.milestones.pop(i % len(p.milestones)).id
            for m in p.milestones:
                m.depends_on_ids = [x for x in m.depends_on_ids if x != gone]
            for r in p.reviews:
                r.entries = [e for e in r.entries if e.target_id != gone]
        elif kind == "decision_note":
            p.decisions[TOPICS[i % len(TOPICS)]].note = text
        elif kind == "decision_param":
            p.decisions[TOPICS[i % len(TOPICS)]].params["x"] = n % 3
        elif kind == "bm":
            p.business_model.value_proposition = text
        elif kind == "factor":
            p.assessment.factors[f"f{i % 3}"] = ["good", "poor"][n % 2]
        elif kind == "board_add":
            p.assessment.board.append(BoardItem(text or "Punkt", id=f"00000000-0000-4000-b000-{n:012d}"))
        elif kind == "name":
            p.name = text or "Projekt"
    return p


def flatten(value: Any, path: tuple = (), schema: tuple = ()) -> dict[tuple, Any]:
    """Every leaf of a project's exchange form by its path (entities by their key), plus the
    order of each keyed list."""
    out: dict[tuple, Any] = {}
    key_field = next((f for pat, f in KEYED.items() if len(pat) == len(schema)
                      and all(p in ("*", s) for s, p in zip(schema, pat, strict=True))), None)
    if isinstance(value, list) and key_field:
        out[(*path, "#order")] = [x[key_field] for x in value]
        for x in value:
            out.update(flatten(x, (*path, x[key_field]), (*schema, "*")))
    elif isinstance(value, dict):
        for k, v in value.items():
            out.update(flatten(v, (*path, k), (*schema, k)))
    else:
        out[path] = value
    return out


def masked(flat: dict[tuple, Any], conflicts) -> dict[tuple, Any]:
    """``flat`` without what a conflict decides: the conflict's path and everything under it
    (a whole decision for an open point), and the order of the lists that hold a conflict."""
    prefixes = []
    for c in conflicts:
        prefixes.append(c.path[:2] if c.path[0] == "decisions" else c.path)
        prefixes.append((*c.path[:-1], "#order") if c.path[-1] == "#order" else (*c.path[:1], "#order"))
    return {p: v for p, v in flat.items() if not any(p[: len(x)] == x for x in prefixes)}


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(edits(), edits())
def test_merging_in_either_direction_gives_the_same_project(steps_a, steps_b):
    """merge(A into B) and merge(B into A) agree outside their conflicts, which are the same."""
    a, b = apply_edits(BASE, steps_a), apply_edits(BASE, steps_b)
    ab, ba = merge_projects(BASE, a, b), merge_projects(BASE, b, a)
    assert sorted(c.path for c in ab.conflicts if c.reason not in ("reference", "cycle")) == \
        sorted(c.path for c in ba.conflicts if c.reason not in ("reference", "cycle"))
    every = ab.conflicts + ba.conflicts
    assert masked(flatten(as_dict(ab.project)), every) == masked(flatten(as_dict(ba.project)), every)
    assert project_problems(ab.project, dates=False) == []


@FAST
@given(edits(), edits())
def test_no_edit_only_one_side_made_is_lost(steps_a, steps_b):
    """Every leaf only A changed has A's value after the merge (in either direction)."""
    a, b = apply_edits(BASE, steps_a), apply_edits(BASE, steps_b)
    fb, fa, fo = flatten(as_dict(BASE)), flatten(as_dict(a)), flatten(as_dict(b))
    for ours, theirs, f_ours, f_theirs in ((a, b, fa, fo), (b, a, fo, fa)):
        result = merge_projects(BASE, ours, theirs)
        got = masked(flatten(as_dict(result.project)), result.conflicts)
        missing = object()
        for path in set(fb) | set(f_theirs):
            if path[-1] == "#order" or path not in got and path not in f_theirs:
                continue
            if f_theirs.get(path, missing) != fb.get(path, missing) and f_ours.get(path, missing) == fb.get(path, missing):
                if any(path[: len(c.path)] == c.path or path[:2] == c.path[:2] for c in result.conflicts):
                    continue
                assert got.get(path, missing) == f_theirs.get(path, missing), path


@FAST
@given(edits(), edits())
def test_merging_the_same_file_again_changes_nothing(steps_a, steps_b):
    """Merging B into the merge of A and B again (same base) leaves it as it is."""
    a, b = apply_edits(BASE, steps_a), apply_edits(BASE, steps_b)
    first = merge_projects(BASE, a, b).project
    again = merge_projects(BASE, first, b).project
    assert as_dict(again) == as_dict(first)
    assert as_dict(merge_projects(BASE, BASE, a).project) == as_dict(a)  # nothing on our side


def test_a_wording_conflict_says_who_wrote_each_side():
    """Both sides adopt another wording of one clause: the conflict names both authors."""
    from kooperation.domain.wording import Wording, parse_wording

    a, b = fresh(), fresh()
    a.wordings["austritt"] = Wording("austritt", parse_wording("Sechs Monate."), author="Dr. Lang", id="w-1")
    b.wordings["austritt"] = Wording("austritt", parse_wording("Drei Monate."), author="Eva Ehrlich", id="w-1")
    result = merge_projects(BASE, a, b)
    (c,) = [c for c in result.conflicts if c.field == "paragraphs"]
    assert (c.ours_by, c.theirs_by) == ("Dr. Lang", "Eva Ehrlich")
    assert [p.pieces for p in result.project.wordings["austritt"].paragraphs] == [("Sechs Monate.",)]
