"""Files that LibreOffice itself saved, once, twice and three times, import as a person would
read them: clause bookmarks LibreOffice broke do not make clauses look empty, comments on the
title page, the party list, the preamble, the signatures and an annex land on those parts, a
tracked change that inserts a whole § becomes a note on the clause before it, and importing the
same file again (or after one more save) adds nothing.

The LibreOffice files are made once per module (LibreOffice is slow); each test gets its own
copy of a store holding the version they were made from. Skipped without LibreOffice, except on
CI.
"""

from __future__ import annotations

import shutil

import pytest

from kooperation.domain.demo import demo_project
from kooperation.drafts import generate_draft
from kooperation.review.docx_read import read_review_docx
from kooperation.review.importer import import_review_docx
from kooperation.review.model import (
    PART_PARTIES,
    PART_PREAMBLE,
    PART_SIGNATURES,
    PART_TITLE,
    CommentKind,
    Origin,
)
from kooperation.store.repository import open_store
from lo_fixtures import (
    DELETION,
    INSERTION,
    NEW_CLAUSE,
    PART_COMMENTS,
    POINT_COMMENT,
    RANGE_COMMENT,
    REPLY_AUTHOR,
    REPLY_TEXT,
    build_libreoffice_full_review,
    lo_save,
)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A store with one generated version, and that version's DOCX."""
    folder = tmp_path_factory.mktemp("lo_saves")
    with open_store(folder / "s.sqlite3") as store:
        project = store.save_project(demo_project())
        generate_draft(store, project.id, formats=["docx"])
        (info,) = store.list_drafts(project.id)
        version = store.get_draft(project.id, info.number)
    docx = next(f.content for f in version.files if f.format == "docx")
    return folder / "s.sqlite3", project.id, version.id, docx


@pytest.fixture(scope="module")
def saved_twice(made, tmp_path_factory):
    folder = tmp_path_factory.mktemp("twice")
    return lo_save(lo_save(made[3], folder, "eins"), folder, "zwei")


@pytest.fixture(scope="module")
def reviewed(made, tmp_path_factory):
    """The reviewed file as LibreOffice wrote it, and the same after one more save."""
    folder = tmp_path_factory.mktemp("full")
    first = build_libreoffice_full_review(made[3], folder)
    return first, lo_save(first, folder, "nochmal")


@pytest.fixture
def store(made, tmp_path):
    path = tmp_path / "s.sqlite3"
    shutil.copy(made[0], path)
    s = open_store(path)
    yield s
    s.close()


def test_a_file_saved_twice_by_libreoffice_imports_without_inventing_changes(
    made, saved_twice, store
):
    """Opened and saved twice, nothing edited: LibreOffice has broken most clause bookmarks,
    yet every clause reads with its text and the import finds nothing to add or refuse."""
    _path, project_id, version_id, docx = made
    found = read_review_docx(saved_twice)
    mine = {c.id: c for c in read_review_docx(docx).clauses}
    assert [c.id for c in found.clauses] == list(mine)
    for clause in found.clauses:
        assert (clause.number, clause.title, clause.text) == (
            mine[clause.id].number, mine[clause.id].title, mine[clause.id].text
        ), clause.id
    report = import_review_docx(store, project_id, version_id, saved_twice)
    assert (report.added, report.unmatched, report.unusable) == ([], [], [])
    assert report.lines() == ["0 Anmerkungen übernommen."]


def test_comments_on_every_part_and_a_new_clause_land_where_they_belong(made, reviewed, store):
    """Comments on title page, parties, preamble, signatures and an annex are stored on those
    parts; the unlinked LibreOffice reply is kept as a comment of its own; the inserted § is a
    note on the clause before it; the clauses' own comments and changes are where they were."""
    _path, project_id, version_id, _docx = made
    report = import_review_docx(store, project_id, version_id, reviewed[0])
    assert (report.unmatched, report.unusable) == ([], [])
    notes = {(c.clause_id, c.text) for c in report.added if c.origin == Origin.WORD_COMMENT}
    parts = dict(zip(PART_COMMENTS, (PART_TITLE, PART_PARTIES, PART_PREAMBLE, PART_SIGNATURES,
                                     "anlage_ziele"), strict=True))  # fmt: skip
    assert notes == {(parts[start], text) for start, text in PART_COMMENTS.items()} | {
        (PART_PREAMBLE, REPLY_TEXT),
        (POINT_COMMENT.clause_id, POINT_COMMENT.text),
        (RANGE_COMMENT.clause_id, RANGE_COMMENT.text),
    }
    reply = next(c for c in report.added if c.author == REPLY_AUTHOR and c.text == REPLY_TEXT)
    assert reply.parent_id is None  # LibreOffice 7.4 writes no link: not guessed
    edits = {c.clause_id: c for c in report.added if c.origin == Origin.TRACKED_CHANGE}
    assert set(edits) == {INSERTION.clause_id, DELETION.clause_id}
    kosten = [c for c in report.added if c.clause_id == NEW_CLAUSE.clause_id
              and c.origin == Origin.TRACKED_CHANGE]  # fmt: skip
    new = next(c for c in kosten if "neuer Paragraf" in c.text)
    assert new.kind == CommentKind.COMMENT and new.author == NEW_CLAUSE.author
    assert "§ 5 Umlagen" in new.text and "nach Köpfen" in new.text
    struck = next(c for c in kosten if c.kind == CommentKind.SUGGESTION)
    assert DELETION.text not in struck.proposed_text and "Umlagen" not in struck.proposed_text
    assert INSERTION.text in edits[INSERTION.clause_id].proposed_text
    stored = store.list_comments(project_id, version_id, clause_id=PART_PREAMBLE)
    assert sorted(c.author for c in stored) == ["Max Muster", "RA Clara Vogt"]


def test_importing_again_and_after_one_more_save_adds_nothing(made, reviewed, store):
    """The same file twice, then the file after one more LibreOffice save (new w:id values,
    bookmarks broken once more): everything is recognised as imported already."""
    _path, project_id, version_id, _docx = made
    first = import_review_docx(store, project_id, version_id, reviewed[0])
    assert len(first.added) == 11  # 6 on parts, 2 on clauses, 2 suggestions, the new §
    again = import_review_docx(store, project_id, version_id, reviewed[0])
    assert again.added == [] and len(again.duplicates) == len(first.added)
    later = import_review_docx(store, project_id, version_id, reviewed[1])
    assert later.added == [] and (later.unmatched, later.unusable) == ([], [])
    assert len(later.duplicates) == len(first.added)
    assert len(store.list_comments(project_id, version_id)) == len(first.added)


def test_a_wording_struck_in_libreoffice_is_adopted_and_printed_in_the_next_version(
    made, reviewed, store
):
    """The whole loop on a file LibreOffice wrote: the tracked deletion in "Kosten" comes in
    as a suggestion, adopting it stores the clause's wording, and the next version's DOCX
    reads exactly that wording (the § inserted next to it in the file stays out of it)."""
    from kooperation.domain.changes import row_change
    from kooperation.drafting.build import build_agreement
    from kooperation.drafting.wordings import new_wording, proposal_text, reference_targets

    _path, project_id, version_id, _docx = made
    report = import_review_docx(store, project_id, version_id, reviewed[0])
    (suggestion,) = [c for c in report.added if c.clause_id == DELETION.clause_id
                     and c.kind == CommentKind.SUGGESTION]  # fmt: skip
    project = store.load_project(project_id)
    before = build_agreement(project)
    text = proposal_text(suggestion.proposed_text, before.clause(DELETION.clause_id))
    wording = new_wording(project, DELETION.clause_id, text, reference_targets(before),
                          source="comment", comment_id=suggestion.id, author=suggestion.author)
    store.apply_changes(project_id, row_change("wordings", DELETION.clause_id, None, wording))
    generate_draft(store, project_id, formats=["docx"])
    newest = store.list_drafts(project_id)[-1]
    docx = next(f.content for f in store.get_draft_by_id(project_id, newest.id).files
                if f.format == "docx")  # fmt: skip
    printed = next(c for c in read_review_docx(docx).clauses if c.id == DELETION.clause_id)
    spaced = printed.text.replace("\u00a0", " ")
    assert DELETION.text not in spaced and "Umlagen" not in spaced
    assert spaced == suggestion.proposed_text.replace("\u00a0", " ")
