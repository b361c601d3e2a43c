"""The answers of the meeting checks and the progress reviews: stored, exchanged, copied with
their references following."""

from __future__ import annotations

from datetime import date

import pytest

from kooperation.domain.demo import demo_project
from kooperation.domain.meeting import (
    Assessment,
    BoardItem,
    ProgressReview,
    ReviewEntry,
    ReviewStatus,
)
from kooperation.domain.serialize import (
    copy_with_new_ids,
    dumps_document,
    export_document,
    parse_document,
)
from kooperation.errors import InputError, NotFoundError
from kooperation.store.repository import open_store


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


def filled(project):
    a, b = project.partners[0].id, project.partners[1].id
    project.assessment = Assessment(
        readiness={a: {"nutzen": True, "vorleistung": False}, b: {"nutzen": True}},
        factors={"koordination": "good", "konflikte": "poor"},
        factor_notes={"konflikte": "Streit um Räume"},
        guide={"binding": "yes"},
        board=[BoardItem("IT-Sicherheit klären"), BoardItem("Logo gemeinsam", agreed=True)],
        phase_minutes={"matchmaking": 30},
    )
    goal, milestone = project.goals[0], project.milestones[0]
    project.reviews = [
        ProgressReview(day=date(2027, 6, 1), title="Halbjahr", entries=[
            ReviewEntry(goal.id, ReviewStatus.AT_RISK, 40, "Verzug"),
            ReviewEntry(milestone.id, ReviewStatus.DONE, 100)],
            reflections={"beitrag": {a: "Räume gestellt", "": "viel gelernt"}}),
    ]
    return project


def test_meeting_answers_are_stored_with_the_project(store):
    project = store.save_project(filled(demo_project()))
    loaded = store.load_project(project.id)
    assert loaded.assessment == project.assessment
    assert loaded.reviews == project.reviews


def test_assessment_and_reviews_are_saved_one_by_one(store):
    project = store.save_project(demo_project())
    a = project.partners[0].id
    store.save_assessment(project.id, Assessment(readiness={a: {"nutzen": True}}))
    review = store.save_progress_review(project.id, ProgressReview(day=date(2027, 1, 15)))
    review.entries.append(ReviewEntry(project.goals[0].id, "on_track", 150))  # clamped
    store.save_progress_review(project.id, review)
    loaded = store.load_project(project.id)
    assert loaded.assessment.readiness == {a: {"nutzen": True}}
    assert loaded.reviews[0].entries[0].progress == 100
    other = store.save_project(demo_project())
    with pytest.raises(InputError, match="anderen Projekt"):
        store.save_progress_review(other.id, review)
    store.delete_progress_review(project.id, review.id)
    assert store.load_project(project.id).reviews == []
    with pytest.raises(NotFoundError):
        store.delete_progress_review(project.id, review.id)


def test_meeting_data_travels_in_the_exchange_file_and_copies_follow_ids(store):
    project = filled(demo_project())
    text = dumps_document(export_document(project))
    loaded, _drafts = parse_document(text)
    assert loaded.assessment == project.assessment and loaded.reviews == project.reviews
    copy = copy_with_new_ids(project)
    new_partner = copy.partners[0].id
    assert set(copy.assessment.readiness) == {copy.partners[0].id, copy.partners[1].id}
    assert copy.reviews[0].entries[0].target_id == copy.goals[0].id
    assert new_partner in copy.reviews[0].reflections["beitrag"]
    assert copy.reviews[0].id != project.reviews[0].id
    stored = store.import_project(loaded, [], mode="copy")
    assert store.load_project(stored.id).reviews[0].entries[1].target_id == stored.milestones[0].id


def test_a_bad_rating_in_a_file_is_refused_with_its_place():
    project = filled(demo_project())
    text = dumps_document(export_document(project)).replace('"poor"', '"schlimm"')
    with pytest.raises(InputError, match="assessment"):
        parse_document(text)
