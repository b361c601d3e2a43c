"""Change sets: what an edit changes, and how the store applies it against other writers."""

from __future__ import annotations

import copy

import pytest

from kooperation.domain.changes import (
    ABSENT,
    ChangeSet,
    OrderChange,
    apply_to,
    diff_projects,
    field_change,
    merge_order,
)
from kooperation.domain.demo import demo_project
from kooperation.domain.model import Partner
from kooperation.errors import ConflictError, InputError
from kooperation.store import open_store


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def project(store):
    return store.load_project(store.save_project(demo_project()).id)


def test_diff_of_a_field_edit_names_only_that_field(project):
    """Changing one partner's city gives one row with one field, before and after."""
    after = copy.deepcopy(project)
    after.partners[1].city = "Ulm"
    changes = diff_projects(project, after)
    assert len(changes.rows) == 1 and not changes.orders
    row = changes.rows[0]
    assert (row.kind, row.key) == ("partners", project.partners[1].id)
    assert row.before == {"city": project.partners[1].city} and row.after == {"city": "Ulm"}


def test_diff_and_apply_reproduce_any_structural_edit(project):
    """Removing, adding and moving rows, decision parameters and the canvas: replaying the diff
    on the old state gives the new state, and its inverse gives the old one back."""
    after = copy.deepcopy(project)
    gone = after.partners.pop(2)
    for goal in after.goals:
        if goal.owner_id == gone.id:
            goal.owner_id = None
    for ms in after.milestones:
        ms.responsible_ids = [i for i in ms.responsible_ids if i != gone.id]
    after.partners.insert(0, Partner(name="Neu GmbH"))
    after.goals.reverse()
    after.business_model.revenue_streams = "Lizenzen"
    decision = after.decisions["austritt"]
    decision.params = {**decision.params, "notice_months": 12}
    decision.params.pop(next(iter(decision.params)))
    after.assessment.factors["f01"] = "good"
    changes = diff_projects(project, after)
    assert apply_to(project, changes) == after
    assert apply_to(after, changes.inverse()) == project


def test_typing_merges_into_one_change(project):
    """Three keystrokes in one field are one change from the first value to the last."""
    pid = project.partners[0].id
    first = field_change("partners", pid, "name", "A", "Ab")
    merged = first.then(field_change("partners", pid, "name", "Ab", "Abc"))
    assert merged.rows[0].before == {"name": "A"} and merged.rows[0].after == {"name": "Abc"}
    back = merged.then(field_change("partners", pid, "name", "Abc", "A"))
    assert not back


def test_merge_order_keeps_a_row_someone_else_added_in_its_place():
    """Moving B before A keeps X (added elsewhere after A) right behind A."""
    change = OrderChange("partners", ("a", "b", "c"), ("b", "a", "c"))
    assert merge_order(["a", "x", "b", "c"], change, ["a", "x", "b", "c"]) == ["b", "a", "x", "c"]


def test_store_keeps_an_edit_of_another_field_of_the_same_row(store, project):
    """A's city and, based on the old state, B's name of the same partner are both stored."""
    pid = project.partners[1].id
    old = project.partners[1]
    store.apply_changes(project.id, field_change("partners", pid, "city", old.city, "Ulm"))
    store.apply_changes(project.id, field_change("partners", pid, "name", old.name, "Neuer Name"))
    stored = store.load_project(project.id).partners[1]
    assert (stored.city, stored.name) == ("Ulm", "Neuer Name")


def test_store_refuses_an_edit_based_on_a_stale_value(store, project):
    """B changes the name that A changed meanwhile: refused, A's name stays, the message names
    the field, the stored value and B's."""
    pid = project.partners[1].id
    old = project.partners[1].name
    store.apply_changes(project.id, field_change("partners", pid, "name", old, "Von A"))
    before = store.project_revision(project.id)
    with pytest.raises(ConflictError) as caught:
        store.apply_changes(project.id, field_change("partners", pid, "name", old, "Von B"))
    assert store.load_project(project.id).partners[1].name == "Von A"
    assert store.project_revision(project.id) == before
    message = str(caught.value)
    assert "„Name“" in message and "Von A" in message and "Von B" in message
    assert "nicht gespeichert" in message


def test_store_refuses_to_delete_a_row_edited_elsewhere(store, project):
    """Removing a partner that someone else edited meanwhile would lose that edit: refused."""
    after = copy.deepcopy(project)
    after.partners = [p for p in after.partners if p.id != project.partners[3].id]
    removal = diff_projects(project, after)
    p = project.partners[3]
    store.apply_changes(project.id, field_change("partners", p.id, "city", p.city, "Rottenburg"))
    with pytest.raises(ConflictError):
        store.apply_changes(project.id, removal)
    assert len(store.load_project(project.id).partners) == 4


def test_store_refuses_an_edit_of_a_row_deleted_elsewhere(store, project):
    """Editing a goal that was deleted elsewhere is a conflict, not a resurrection."""
    goal = project.goals[0]
    store.delete_goal(project.id, goal.id)
    with pytest.raises(ConflictError, match="gelöscht"):
        store.apply_changes(project.id, field_change("goals", goal.id, "text", goal.text, "x"))
    assert goal.id not in {g.id for g in store.load_project(project.id).goals}


def test_decision_parameters_are_fields_of_their_own(store, project):
    """Two windows setting different parameters of one topic keep both; removing a parameter
    is a change too."""
    decision = project.decisions["austritt"]
    params = dict(decision.params)
    name, value = next((k, v) for k, v in params.items() if k != "notice_months")
    store.apply_changes(project.id, field_change("decisions", "austritt", "params.notice_months",
                                                  params.get("notice_months", ABSENT), 9))
    store.apply_changes(project.id, field_change("decisions", "austritt", f"params.{name}", value, ABSENT))
    stored = store.load_project(project.id).decisions["austritt"].params
    assert stored.get("notice_months") == 9 and name not in stored


def test_a_change_that_breaks_a_reference_is_refused_whole(store, project):
    """A goal pointing at a partner that is gone is refused; nothing of the change is stored."""
    goal = project.goals[0]
    changes = ChangeSet(
        field_change("goals", goal.id, "owner_id", goal.owner_id, "nicht-da").rows
        + field_change("goals", goal.id, "text", goal.text, "geändert").rows
    )
    with pytest.raises(InputError):
        store.apply_changes(project.id, changes)
    assert store.load_project(project.id).goals[0].text == goal.text


def test_every_write_lets_the_revision_grow(store, project):
    """Field edits, new drafts and comments all change the project's revision."""
    seen = [store.project_revision(project.id)]
    store.update_project_fields(project.id, place="Reutlingen")
    seen.append(store.project_revision(project.id))
    store.add_draft_version(project.id, "skizze", "de", "{}", "h", [("pdf", "s.pdf", b"x")])
    seen.append(store.project_revision(project.id))
    assert seen == sorted(set(seen)) and len(seen) == 3


def test_an_import_that_replaces_the_project_never_repeats_a_revision(store, project):
    """After ``import --replace`` the revision differs from every one a window may know."""
    from kooperation.domain.serialize import project_from_dict, project_to_dict

    known = store.project_revision(project.id)
    data = project_to_dict(store.load_project(project.id))
    data["name"] = "Importiert"
    store.import_project(project_from_dict(data), mode="replace")
    assert store.project_revision(project.id) not in (None, known)
