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


# --- keeping both ("Beide behalten") --------------------------------------------------------------


@pytest.fixture
def both_sides(tmp_path):
    """Office and laptop edited differently in a free text (a partner's contributions), a
    single-line field (the city), a goal (its text on both sides, its priority only on the
    laptop), a milestone's end date and a board point; plus a rule parameter."""
    from datetime import date

    from kooperation.domain.meeting import BoardItem
    from kooperation.domain.model import Priority

    with open_store(tmp_path / "buero.db") as office, open_store(tmp_path / "laptop.db") as laptop:
        project = demo_project()
        project.assessment.board.append(BoardItem(text="IT-Sicherheit"))
        pid = office.save_project(project).id
        take(laptop, bundle(office, pid))
        for store, who in ((laptop, "Laptop"), (office, "Büro")):
            p = store.load_project(pid)
            p.partners[0].city = f"Stadt {who}"
            p.partners[1].contributions = f"Beitrag laut {who}"
            p.goals[0].text = f"Ziel laut {who}"
            p.milestones[0].end = date(2027, 3, 1) if who == "Laptop" else date(2027, 4, 1)
            p.assessment.board[0].text = f"IT-Sicherheit laut {who}"
            p.decisions["beitraege"].params["approval_limit_eur"] = 9000 if who == "Laptop" else 1000
            if who == "Laptop":
                p.goals[0].priority = Priority.LOW
            store.save_project(p)
        yield office, laptop, pid


def test_keep_both_is_offered_for_free_texts_and_entries_but_not_for_a_city_a_date_or_a_rule(both_sides):
    """A free text can keep both texts, a goal, milestone and board point both entries; a city
    (one line), a parameter of a rule (a number: the open point is its way) cannot."""
    office, laptop, pid = both_sides
    plan = plan_merge(office, read_bundle(bundle(laptop, pid)))
    kinds = {(c.kind, c.field): c.both for c in plan.conflicts}
    assert kinds[("partners", "city")] == ""
    assert kinds[("partners", "contributions")] == "text"
    assert kinds[("goals", "text")] == "goals"
    assert kinds[("milestones", "end")] == "milestones"
    assert kinds[("decisions", "params.approval_limit_eur")] == ""
    board = next(c for c in plan.conflicts if c.path[:2] == ("assessment", "board"))
    assert board.both == "board"


def test_both_texts_are_kept_each_marked_with_its_side(both_sides):
    """"Beide Texte behalten": the field holds both texts, ours first, each under a line naming
    its side and when it was changed (the file by name); stored exactly so."""
    office, laptop, pid = both_sides
    plan = plan_merge(office, read_bundle(bundle(laptop, pid)), source="laptop.kooperation")
    text = conflict(plan, "partners", "contributions")
    apply_plan(office, resolve_plan(plan, {text.path: "both"}))
    stored = office.load_project(pid).partners[1].contributions
    ours_line, ours, blank, theirs_line, theirs = stored.split("\n")
    assert ours_line.startswith("Bei uns (Stand ") and ours == "Beitrag laut Büro"
    assert theirs_line.startswith("Aus der Datei „laptop.kooperation“ (Stand ") and theirs == "Beitrag laut Laptop"
    assert blank == ""
    assert office.load_project(pid).partners[0].city == "Stadt Büro"  # its conflict stayed ours


def test_a_goal_kept_both_becomes_two_goals_with_every_one_sided_change(both_sides):
    """"Beide behalten" on a goal: ours stays in place, theirs follows as a new goal with its own
    id; the priority only the laptop changed is in both; the same file again adds nothing."""
    from kooperation.domain.model import Priority

    office, laptop, pid = both_sides
    data = bundle(laptop, pid)
    before = office.load_project(pid).goals
    plan = plan_merge(office, read_bundle(data))
    apply_plan(office, resolve_plan(plan, {conflict(plan, "goals", "text").path: "both"}))
    goals = office.load_project(pid).goals
    assert len(goals) == len(before) + 1
    assert (goals[0].id, goals[0].text) == (before[0].id, "Ziel laut Büro")
    assert goals[1].text == "Ziel laut Laptop" and goals[1].id not in {g.id for g in before}
    assert goals[0].priority == goals[1].priority == Priority.LOW
    assert [g.id for g in goals[2:]] == [g.id for g in before[1:]]
    again = plan_merge(office, read_bundle(data))
    assert again.changes_nothing and not again.conflicts


def test_milestone_and_board_point_kept_both_are_two_entries(both_sides):
    """A milestone whose end both changed and a board point both reworded: two of each."""
    from datetime import date

    office, laptop, pid = both_sides
    plan = plan_merge(office, read_bundle(bundle(laptop, pid)))
    board = next(c for c in plan.conflicts if c.path[:2] == ("assessment", "board"))
    chosen = resolve_plan(plan, {conflict(plan, "milestones", "end").path: "both", board.path: "both"})
    assert {c.resolution for c in chosen.conflicts if c.both in ("milestones", "board")} == {"both"}
    apply_plan(office, chosen)
    merged = office.load_project(pid)
    title = merged.milestones[0].title
    assert [m.end for m in merged.milestones if m.title == title] == [date(2027, 4, 1), date(2027, 3, 1)]
    assert [b.text for b in merged.assessment.board] == ["IT-Sicherheit laut Büro", "IT-Sicherheit laut Laptop"]


def test_prefer_both_on_the_command_line_keeps_both_where_it_can(both_sides, tmp_path, capsys):
    """``merge --prefer both``: both texts and both goals; the city keeps ours, the rule becomes
    an open point; the dry run says how each conflict is kept."""
    from kooperation.cli import main

    office, laptop, pid = both_sides
    path = tmp_path / "laptop.kooperation"
    path.write_bytes(bundle(laptop, pid))
    office.close()
    db = str(tmp_path / "buero.db")
    assert main(["--db", db, "merge", str(path), "--prefer", "both", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "beide Texte behalten" in out and "beide behalten, als zwei Ziele" in out
    assert main(["--db", db, "merge", str(path), "--prefer", "both"]) == 0
    with open_store(db) as store:
        merged = store.load_project(pid)
    assert "Aus der Datei „laptop.kooperation“" in merged.partners[1].contributions
    assert "Beitrag laut Büro" in merged.partners[1].contributions
    assert [g.text for g in merged.goals[:2]] == ["Ziel laut Büro", "Ziel laut Laptop"]
    assert merged.partners[0].city == "Stadt Büro"
    assert merged.decisions["beitraege"].is_open


def test_both_texts_too_long_for_their_field_are_not_offered():
    """Two texts that together exceed the field's limit cannot be kept both (nothing cut)."""
    import copy as copying

    from kooperation.domain.merge import merge_projects
    from kooperation.domain.text import limit_for

    base = demo_project()
    ours, theirs = copying.deepcopy(base), copying.deepcopy(base)
    half = limit_for("partner.need") // 2
    ours.partners[0].need, theirs.partners[0].need = "a" * half, "b" * half
    result = merge_projects(base, ours, theirs, prefer="both")
    (c,) = result.conflicts
    assert c.both == "" and c.resolution == "ours" and result.project.partners[0].need == "a" * half


def test_the_dialog_offers_keep_both_only_where_it_makes_sense(qtbot, both_sides):
    """In the merge dialog "Beide behalten" is a choice for the free text and the goal, not for
    the city or the rule; choosing it for the goal's text takes the goal's other conflict
    along, marks both values as kept, and the plan to store has both goals and both texts."""
    from kooperation.ui.merge_dialog import MergeDialog

    office, laptop, pid = both_sides
    # the laptop's goal also gets a different horizon, a second conflict of the same goal
    mine = laptop.load_project(pid)
    mine.goals[0].horizon = "long"
    laptop.save_project(mine)
    ours = office.load_project(pid)
    ours.goals[0].horizon = "medium"
    office.save_project(ours)
    plan = plan_merge(office, read_bundle(bundle(laptop, pid)), source="laptop.kooperation")
    dialog = MergeDialog(plan, "laptop.kooperation")
    qtbot.addWidget(dialog)
    dialog.show()

    def items(c):
        combo = dialog.combo_for(c)
        return [combo.itemText(i) for i in range(combo.count())]

    assert items(conflict(plan, "partners", "city")) == ["Unseren Wert behalten", "Wert aus der Datei übernehmen"]
    assert "Beide Texte behalten" in items(conflict(plan, "partners", "contributions"))
    assert "Beide behalten (zwei Ziele)" in items(conflict(plan, "goals", "text"))
    rule = items(conflict(plan, "decisions", "params.approval_limit_eur"))
    assert not any(text.startswith("Beide") for text in rule) and "Als offenen Punkt festhalten" in rule

    text, horizon = conflict(plan, "goals", "text"), conflict(plan, "goals", "horizon")
    dialog.set_choice(text, "both")
    assert dialog.combo_for(horizon).currentData() == "both"  # the whole goal is kept twice
    dialog.set_choice(conflict(plan, "partners", "contributions"), "both")
    _c, _combo, ours_cell, theirs_cell = next(row for row in dialog.rows if row[0] is text)
    assert ours_cell.font().bold() and theirs_cell.font().bold()
    assert "Ziel „Ziel laut Laptop“ kommt hinzu." in dialog.summary_text()
    final = dialog.final_plan()
    assert [g.text for g in final.project.goals[:2]] == ["Ziel laut Büro", "Ziel laut Laptop"]
    assert [str(g.horizon) for g in final.project.goals[:2]] == ["medium", "long"]
    assert "Aus der Datei „laptop.kooperation“" in final.project.partners[1].contributions
    dialog.set_choice(horizon, "ours")  # back from "both": the goal is one again
    assert len(dialog.final_plan().project.goals) == len(ours.goals)
    assert dialog.combo_for(text).currentData() == "ours"
