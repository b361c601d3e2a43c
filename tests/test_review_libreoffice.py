"""A DOCX whose comments and tracked changes were written by LibreOffice is read correctly.

The file is built once per test session (LibreOffice is slow): our generated agreement,
converted to flat ODF, annotated there, converted back to DOCX by LibreOffice (see
:mod:`lo_fixtures`). Skipped without LibreOffice, except on CI.
"""

from __future__ import annotations

import pytest

from kooperation.domain.demo import demo_project
from kooperation.drafting.build import build_agreement
from kooperation.render.docx import render_docx
from kooperation.review.docx_read import read_review_docx
from lo_fixtures import (
    DELETION,
    INSERTION,
    POINT_COMMENT,
    RANGE_COMMENT,
    build_libreoffice_review_docx,
    expected_clause_text,
)


@pytest.fixture(scope="session")
def lo_model():
    return build_agreement(demo_project(), "vertrag", "de")


@pytest.fixture(scope="session")
def lo_review(lo_model, tmp_path_factory):
    data = build_libreoffice_review_docx(render_docx(lo_model), tmp_path_factory.mktemp("lo"))
    return read_review_docx(data)


def test_libreoffice_keeps_every_clause_bookmark(lo_review, lo_model):
    """LibreOffice's export writes some clause bookmarks as two starts and one end; every clause
    still comes back with its id, number, title and (where nobody edited it) its text."""
    assert lo_review.has_bookmarks
    clauses = list(lo_model.clauses())
    assert [(c.id, c.number, c.title) for c in lo_review.clauses] == [
        (c.id, c.number, c.title) for c in clauses
    ]
    edited = {INSERTION.clause_id, DELETION.clause_id}
    for found, clause in zip(lo_review.clauses, clauses, strict=True):
        assert found.original_text == expected_clause_text(clause), clause.id
        if clause.id not in edited:
            assert found.text == found.original_text, clause.id


def test_libreoffice_comments_are_on_their_clauses(lo_review, lo_model):
    assert len(lo_review.comments) == 2
    point, ranged = lo_review.comments
    for found, expected in ((point, POINT_COMMENT), (ranged, RANGE_COMMENT)):
        assert found.clause_id == expected.clause_id
        assert (found.author, found.initials) == (expected.author, expected.initials)
        assert found.date == expected.date
        assert found.text == expected.text
        assert found.anchor_text == expected.anchor
        assert found.parent_key is None
    model = {c.id: c for c in lo_model.clauses()}
    assert point.context == model[POINT_COMMENT.clause_id].blocks[0].text
    assert ranged.context == model[RANGE_COMMENT.clause_id].blocks[1].text


def test_libreoffice_tracked_changes_are_on_their_clauses(lo_review, lo_model):
    found = {(c.kind, c.clause_id): c for c in lo_review.changes}
    assert set(found) == {("insert", INSERTION.clause_id), ("delete", DELETION.clause_id)}
    for expected in (INSERTION, DELETION):
        change = found[(expected.kind, expected.clause_id)]
        assert (change.author, change.date, change.text) == (
            expected.author,
            expected.date,
            expected.text,
        )
    model = {c.id: c for c in lo_model.clauses()}
    by_id = {c.id: c for c in lo_review.clauses}
    inserted = by_id[INSERTION.clause_id]
    assert inserted.text == INSERTION.text + model[INSERTION.clause_id].text
    deleted = by_id[DELETION.clause_id]
    assert deleted.original_text == model[DELETION.clause_id].text
    assert deleted.text == model[DELETION.clause_id].text.replace(DELETION.text, "", 1)
