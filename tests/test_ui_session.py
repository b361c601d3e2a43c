"""The project session: every edit stored at once, undo and redo across all kinds of edits."""

from __future__ import annotations

import pytest

from kooperation.domain.demo import demo_project
from kooperation.domain.model import DecisionStatus, PartnerRole
from kooperation.store import open_store
from kooperation.ui.session import Change, ProjectSession


@pytest.fixture
def session(qtbot, tmp_path):
    store = open_store(tmp_path / "s.sqlite3")
    project = store.save_project(demo_project())
    s = ProjectSession(store, project.id)
    yield s
    store.close()


def stored(session):
    return session.store.load_project(session.project.id)


def test_typing_is_stored_at_once_and_undone_in_one_step(session):
    """Each keystroke is in the store immediately; undo takes the whole word back."""
    partner = session.project.partners[0]
    for text in ("P", "Pr", "Pro"):
        session.update_partner(partner.id, "name", text)
        assert stored(session).partners[0].name == text
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert stored(session).partners[0].name == "ProdTech Maschinenbau GmbH"
    assert session.project.partners[0].name == "ProdTech Maschinenbau GmbH"
    session.undo_stack.redo()
    assert stored(session).partners[0].name == "Pro"


def test_end_merge_starts_a_new_undo_step(session):
    """Leaving a field and typing again in it gives a second undo step."""
    pid = session.project.partners[1].id
    session.update_partner(pid, "city", "Ulm")
    session.end_merge()
    session.update_partner(pid, "city", "Ulm-S")
    session.update_partner(pid, "city", "Ulm-Söflingen")
    assert session.undo_stack.count() == 2
    session.undo_stack.undo()
    assert stored(session).partners[1].city == "Ulm"


def test_removing_a_partner_and_undo_restores_every_reference(session):
    """Undoing a removal brings back the partner, its goals' ownership and its milestones."""
    before = stored(session)
    lead = before.partners[0]
    session.remove_partner(lead.id)
    after = stored(session)
    assert lead.id not in {p.id for p in after.partners}
    assert all(g.owner_id != lead.id for g in after.goals)
    assert "coordinator" not in after.decisions["steuerung"].params
    session.undo_stack.undo()
    restored = stored(session)
    assert restored.partners == before.partners
    assert restored.goals == before.goals
    assert restored.milestones == before.milestones
    assert restored.decisions["steuerung"].params["coordinator"] == lead.id


def test_changes_are_announced_with_what_changed(session, qtbot):
    """Views learn what changed: kind, ids and field."""
    with qtbot.waitSignal(session.sig_changed) as blocker:
        session.set_param("austritt", "notice_months", 9)
    change = blocker.args[0]
    assert change == Change("decisions", ("austritt",), "params")
    assert stored(session).decisions["austritt"].params["notice_months"] == 9


def test_undo_works_across_kinds_of_edit(session):
    """Edits on different pages are undone in reverse order from one stack."""
    session.set_business_model_field("value_proposition", "Neu")
    session.set_decision("abwerbung", variant="verbot", status=DecisionStatus.AGREED)
    session.set_project_field("name", "Lernfabrik 2")
    goal = session.add_goal()
    session.update_goal(goal.id, "text", "Ein neues Ziel")
    assert stored(session).name == "Lernfabrik 2"
    for _ in range(5):
        session.undo_stack.undo()
    back = stored(session)
    assert back.name == "Lernfabrik Neckar-Alb"
    assert back.business_model.value_proposition.startswith("Praxisnahe")
    assert back.decisions["abwerbung"].variant is None
    assert goal.id not in {g.id for g in back.goals}


def test_lead_partner_is_unique_and_reorder_is_stored(session):
    """Marking a lead partner demotes the previous one; moving a partner keeps the new order."""
    second = session.project.partners[1]
    session.set_lead_partner(second.id)
    roles = [p.role for p in stored(session).partners]
    assert roles.count(PartnerRole.LEAD) == 1 and roles[1] is PartnerRole.LEAD
    session.move_partner(second.id, 3)
    assert stored(session).partners[3].id == second.id


def test_an_edit_the_store_refuses_changes_nothing_and_reports(session, qtbot):
    """A milestone depending on itself is refused with a message; nothing is stored or undoable."""
    ms = session.project.milestones[0]
    count = session.undo_stack.count()
    with qtbot.waitSignal(session.sig_error) as blocker:
        ok = session.update_milestone(ms.id, "depends_on_ids", [ms.id])
    assert not ok and blocker.args[0]
    assert stored(session).milestones[0].depends_on_ids == []
    assert session.undo_stack.count() == count


def test_removing_a_partner_removes_its_meeting_answers_and_undo_restores_them(qtbot, tmp_path):
    from datetime import date

    from kooperation.domain.demo import demo_project
    from kooperation.domain.meeting import ProgressReview
    from kooperation.store.repository import open_store
    from kooperation.ui.session import ProjectSession

    with open_store(tmp_path / "s.sqlite3") as store:
        project = store.save_project(demo_project())
        session = ProjectSession(store, project.id)
        gone = project.partners[-1].id
        session.edit_assessment(lambda a: a.readiness.setdefault(gone, {}).update(nutzen=True))
        session.save_review(ProgressReview(day=date(2027, 5, 1), reflections={"q": {gone: "viel", "": "gut"}}))
        session.remove_partner(gone)
        stored = store.load_project(project.id)
        assert gone not in stored.assessment.readiness
        assert stored.reviews[0].reflections == {"q": {"": "gut"}}
        session.undo_stack.undo()
        stored = store.load_project(project.id)
        assert stored.assessment.readiness[gone] == {"nutzen": True}
        assert stored.reviews[0].reflections["q"][gone] == "viel"
