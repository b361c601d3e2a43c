"""Review comments in the store: writing, replies, filters, validation, carrying them to the next
version, the exchange file and the schema migration from the first release."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from kooperation.domain.demo import demo_project
from kooperation.domain.serialize import dumps_document, export_document, parse_document
from kooperation.drafts import generate_draft
from kooperation.errors import InputError, NotFoundError
from kooperation.review.model import Comment, CommentKind, CommentStatus, Role
from kooperation.store.quick import SCHEMA_HEAD
from kooperation.store.repository import open_store
from oldstore import migrate


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def version(store):
    """The example project with one generated agreement (DOCX and PDF)."""
    project = store.save_project(demo_project())
    generate_draft(store, project.id, formats=["docx"])
    (info,) = store.list_drafts(project.id)
    return project, info


def comment(info, clause_id="austritt", **kw) -> Comment:
    base = dict(draft_id=info.id, clause_id=clause_id, text="Frist zu kurz?", author="Dr. Anna Berg",
                role=Role.LEGAL, kind=CommentKind.QUESTION)
    base.update(kw)
    return Comment(**base)


def test_comments_and_replies_are_stored_and_filtered(store, version):
    project, info = version
    first = store.add_comment(project.id, comment(info))
    store.add_comment(project.id, comment(info, "konflikte", text="Mediation gut.", author="Max Meier",
                                          role=Role.PARTNER, kind=CommentKind.COMMENT))
    reply = store.add_comment(
        project.id, Comment(draft_id="", clause_id="", text="Sechs Monate reichen.", author="Max Meier",
                            parent_id=first.id)
    )
    assert (reply.draft_id, reply.clause_id) == (info.id, "austritt")  # taken from the parent
    assert first.initials == "AB" and first.status == CommentStatus.OPEN
    listed = store.list_comments(project.id, info.id)
    assert [c.text for c in listed] == ["Frist zu kurz?", "Sechs Monate reichen.", "Mediation gut."]
    assert [c.text for c in store.list_comments(project.id, author="Max Meier")] == ["Mediation gut."]
    only = store.list_comments(project.id, clause_id="austritt")
    assert [c.id for c in only] == [first.id, reply.id]  # a comment keeps its replies
    store.update_comment(project.id, first.id, status="resolved")
    assert [c.text for c in store.list_comments(project.id, status="open")] == ["Mediation gut."]
    store.delete_comment(project.id, first.id)
    assert [c.text for c in store.list_comments(project.id)] == ["Mediation gut."]  # reply gone too


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(author="  "), "wer den Kommentar"),
        (dict(text=""), "leer"),
        (dict(kind=CommentKind.SUGGESTION, proposed_text=""), "vorgeschlagenen Text"),
        (dict(clause_id=""), "Klausel"),
    ],
)
def test_unusable_comments_are_refused(store, version, change, message):
    project, info = version
    with pytest.raises(InputError, match=message):
        store.add_comment(project.id, comment(info, **change))
    assert store.list_comments(project.id) == []


def test_a_comment_on_a_version_of_another_project_is_refused(store, version):
    project, info = version
    other = store.save_project(replace(demo_project(), name="Anderes"))
    with pytest.raises(NotFoundError):
        store.add_comment(other.id, comment(info))


def test_open_comments_continue_on_the_next_version_and_the_earlier_keeps_its_record(store, version):
    """Open threads are copied to the next version (changed clauses flagged, replies along); the
    earlier version keeps every comment as it was, each saying where it continues."""
    project, v1 = version
    on_exit = store.add_comment(project.id, comment(v1, "austritt"))
    on_conflict = store.add_comment(project.id, comment(v1, "konflikte", text="Ort passt."))
    store.add_comment(project.id, comment(v1, "ergebnisse", text="Noch offen."))  # has a note box
    answer = store.add_comment(project.id, Comment(draft_id="", clause_id="", text="Antwort",
                                                   author="B", parent_id=on_exit.id))
    done = store.add_comment(project.id, comment(v1, "haftung", text="erledigt"))
    store.update_comment(project.id, done.id, status="resolved")
    before = store.list_comments(project.id, v1.id)
    # the partners change the notice period: only the exit clause changes
    decision = store.load_project(project.id).decisions["austritt"]
    decision.params["notice_months"] = 12
    store.save_decision(project.id, decision)
    generate_draft(store, project.id, formats=["pdf"])  # a PDF-only version: texts rebuilt
    v2 = store.list_drafts(project.id)[-1]
    assert v2.number == 2
    moved = {c.clause_id: c for c in store.list_comments(project.id, v2.id) if c.parent_id is None}
    assert set(moved) == {"austritt", "konflikte", "ergebnisse"}
    assert moved["austritt"].needs_recheck
    assert not moved["konflikte"].needs_recheck and not moved["ergebnisse"].needs_recheck
    assert moved["austritt"].carried_from == 1 and moved["austritt"].source_id == on_exit.id
    assert moved["konflikte"].source_id == on_conflict.id and moved["konflikte"].id != on_conflict.id
    thread = store.list_comments(project.id, v2.id, clause_id="austritt")
    assert [c.text for c in thread] == [on_exit.text, "Antwort"]  # the reply came along
    assert thread[1].source_id == answer.id and thread[1].parent_id == thread[0].id
    # the earlier version: the same comments, ids, texts and states as before
    after = store.list_comments(project.id, v1.id)
    assert [(c.id, c.text, c.status, c.needs_recheck) for c in after] == [
        (c.id, c.text, c.status, c.needs_recheck) for c in before]
    continued = {c.id: c.continued_in for c in after}
    assert continued[on_exit.id] == 2 and continued[answer.id] == 2
    assert continued[done.id] is None  # a resolved comment stays where it was
    assert all(c.continued_in is None for c in store.list_comments(project.id, v2.id))


def test_a_reply_on_the_new_version_leaves_the_earlier_record_alone(store, version):
    """Replying to and resolving a carried comment changes the newest copy only; the earlier
    version refuses any change with a message naming where the thread continues."""
    project, v1 = version
    original = store.add_comment(project.id, comment(v1))
    generate_draft(store, project.id, formats=["docx"])
    generate_draft(store, project.id, formats=["docx"])
    v3 = store.list_drafts(project.id)[-1]
    (copy,) = store.list_comments(project.id, v3.id)
    assert copy.carried_from == 1  # where the thread was first written, not the version before
    store.add_comment(project.id, Comment(draft_id="", clause_id="", text="Passt so.", author="B",
                                          parent_id=copy.id))
    store.update_comment(project.id, copy.id, status="resolved")
    (old,) = store.list_comments(project.id, v1.id)
    assert (old.id, old.status, old.continued_in) == (original.id, CommentStatus.OPEN, 3)
    v2 = store.list_drafts(project.id)[1]
    assert [c.continued_in for c in store.list_comments(project.id, v2.id)] == [3]
    for write in (
        lambda: store.add_comment(project.id, comment(v1, text="Noch etwas")),
        lambda: store.add_comment(project.id, Comment(draft_id="", clause_id="", text="Antwort",
                                                      author="B", parent_id=original.id)),
        lambda: store.update_comment(project.id, original.id, status="resolved"),
        lambda: store.delete_comment(project.id, original.id),
    ):
        with pytest.raises(InputError, match="Vertrag v1 ist eine frühere Version.*Vertrag v3"):
            write()
    assert [(c.id, c.status) for c in store.list_comments(project.id, v1.id)] == [
        (original.id, CommentStatus.OPEN)]


def test_each_kind_is_numbered_on_its_own(store):
    """Agreement and sketch count their versions separately, listed in the order they were made;
    a version is found by kind and number."""
    project = store.save_project(demo_project())
    for kind in ("vertrag", "skizze", "vertrag", "skizze", "vertrag"):
        generate_draft(store, project.id, kind=kind, formats=["pdf"])
    listed = store.list_drafts(project.id)
    assert [(d.kind, d.number) for d in listed] == [
        ("vertrag", 1), ("skizze", 1), ("vertrag", 2), ("skizze", 2), ("vertrag", 3)]
    assert store.get_draft(project.id, 2, "skizze").id == listed[3].id
    assert store.get_draft(project.id, 3).id == listed[4].id  # the agreement by default
    assert listed[4].files[0].filename.endswith("_Kooperationsvertrag_v3.pdf")
    assert listed[3].files[0].filename.endswith("_Projektskizze_v2.pdf")
    with pytest.raises(NotFoundError, match="keine Entwurfsversion Skizze v3"):
        store.get_draft(project.id, 3, "skizze")


def test_comments_travel_in_the_exchange_file(store, version, tmp_path):
    project, info = version
    first = store.add_comment(project.id, comment(info))
    store.add_comment(project.id, Comment(draft_id="", clause_id="", text="Antwort", author="B",
                                          parent_id=first.id))
    doc = export_document(store.load_project(project.id), store.get_drafts(project.id))
    text = dumps_document(doc)
    loaded, drafts = parse_document(text)
    assert [c.text for c in drafts[0].comments] == ["Frist zu kurz?", "Antwort"]
    with open_store(tmp_path / "other.sqlite3") as other:
        copy = other.import_project(loaded, drafts, mode="copy")
        (copied_version,) = other.list_drafts(copy.id)
        copied = other.list_comments(copy.id, copied_version.id)
        assert [c.text for c in copied] == ["Frist zu kurz?", "Antwort"]
        assert copied[0].id != first.id and copied[1].parent_id == copied[0].id
        assert copied[0].author == "Dr. Anna Berg" and copied[0].role == Role.LEGAL


def test_deleting_and_restoring_a_project_keeps_its_comments(store, version):
    """The start page's undo of a deletion goes through get_drafts + import_project."""
    project, info = version
    store.add_comment(project.id, comment(info))
    saved, drafts = store.load_project(project.id), store.get_drafts(project.id)
    store.delete_project(project.id)
    store.import_project(saved, drafts, mode="new")
    assert [c.text for c in store.list_comments(project.id)] == ["Frist zu kurz?"]


def test_a_store_of_the_first_release_is_migrated_with_its_data(tmp_path):
    """A database at schema 0001 gets the comment table; its projects stay as they were."""
    path = tmp_path / "alt.sqlite3"
    migrate(path, "0001")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO project (id, name, description, form_status, place, language, created_at, "
                 "updated_at, bm_value_proposition, bm_customer_segments, bm_key_partners, "
                 "bm_revenue_streams, bm_costs_management, bm_costs_development, "
                 "bm_costs_infrastructure) SELECT '11111111-1111-4111-8111-111111111111', 'Alt', '', "
                 "'open', '', 'de', '2025-01-01 10:00:00', '2025-01-01 10:00:00', '', '', '', '', '', "
                 "'', ''")
    conn.commit()
    conn.close()
    open_store(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_HEAD
    conn.close()
    with open_store(path) as s:
        assert [p.name for p in s.list_projects()] == ["Alt"]
        assert s.list_comments(s.list_projects()[0].id) == []


def test_a_comment_edit_based_on_a_stale_text_is_refused(store, version):
    """Two review windows change the same comment: the second, still showing the old text, is
    refused and the first one's text stays."""
    from kooperation.errors import ConflictError

    project, info = version
    project_id = project.id
    stored = store.add_comment(project_id, comment(info, text="Ursprünglich"))
    store.update_comment(project_id, stored.id, expected={"text": "Ursprünglich"}, text="Von A")
    with pytest.raises(ConflictError, match="Von A"):
        store.update_comment(project_id, stored.id, expected={"text": "Ursprünglich"}, text="Von B")
    assert store.list_comments(project_id)[0].text == "Von A"
    # a field the other window did not touch can still be changed
    store.update_comment(project_id, stored.id, expected={"status": CommentStatus.OPEN},
                         status=CommentStatus.RESOLVED)
    assert store.list_comments(project_id)[0].status == CommentStatus.RESOLVED


def test_a_store_at_schema_0004_gets_numbers_per_kind(tmp_path):
    """A 0004 store with contract 1, sketch 2, contract 3 becomes Vertrag v1, Skizze v1,
    Vertrag v2; a comment carried from version 1 says Vertrag v1; files and comments stay."""
    from oldstore import old_store

    path = old_store(tmp_path / "alt.sqlite3", "0004")
    project_id = "11111111-1111-4111-8111-111111111111"
    conn = sqlite3.connect(path)
    for n, kind in ((1, "vertrag"), (2, "skizze"), (3, "vertrag")):
        conn.execute(
            "INSERT INTO draft_version (id, project_id, number, kind, language, created_at, "
            "content_hash, data_json, template_version, note) VALUES (?, ?, ?, ?, 'de', ?, 'h', "
            "'{}', '', '')",
            (f"v{n}", project_id, n, kind, f"2025-01-0{n} 10:00:00"),
        )
        conn.execute(
            "INSERT INTO draft_file (id, draft_version_id, format, filename, sha256, size, content) "
            "VALUES (?, ?, 'pdf', ?, '', 5, X'255044462D')",
            (f"f{n}", f"v{n}", f"alt_v{n}.pdf"),
        )
    conn.execute(
        "INSERT INTO review_comment (id, project_id, draft_version_id, parent_id, clause_id, author, "
        "initials, role, kind, status, text, proposed_text, original_text, created_at, origin, "
        "origin_key, needs_recheck, carried_from, position) VALUES ('22222222-2222-4222-8222-"
        "222222222222', ?, 'v3', NULL, 'austritt', 'B', 'B', 'legal', 'comment', 'open', 'Frist?', "
        "'', '', '2025-01-01 11:00:00', 'app', '', 0, 1, 0)",
        (project_id,),
    )
    conn.commit()
    conn.close()
    with open_store(path) as s:
        assert s.schema_version() == SCHEMA_HEAD
        listed = s.list_drafts(project_id)
        assert [(d.id, d.kind, d.number) for d in listed] == [
            ("v1", "vertrag", 1), ("v2", "skizze", 1), ("v3", "vertrag", 2)]
        assert [f.filename for d in listed for f in d.files] == ["alt_v1.pdf", "alt_v2.pdf", "alt_v3.pdf"]
        assert s.get_draft(project_id, 1, "skizze").id == "v2"
        (carried,) = s.list_comments(project_id, "v3")
        assert carried.carried_from == 1 and carried.text == "Frist?"
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):  # one Vertrag v2 per project
        conn.execute("UPDATE draft_version SET kind_number = 2 WHERE id = 'v1'")
    conn.close()


def test_comments_on_parts_move_on_and_travel_in_the_exchange_file(store, version, tmp_path):
    """Comments on the preamble and on an annex move to the next version like clause comments
    (not flagged: those parts did not change) and are written to and read from the project
    file, which the schema accepts."""
    from kooperation.domain.schemacheck import validate_document
    from kooperation.review.model import PART_PREAMBLE

    project, v1 = version
    store.add_comment(project.id, comment(v1, PART_PREAMBLE, text="Kürzer?"))
    store.add_comment(project.id, comment(v1, "anlage_ziele", text="Messbar?"))
    decision = store.load_project(project.id).decisions["austritt"]
    decision.params["notice_months"] = 12
    store.save_decision(project.id, decision)
    generate_draft(store, project.id, formats=["docx"])
    v2 = store.list_drafts(project.id)[-1]
    moved = {c.clause_id: c for c in store.list_comments(project.id, v2.id)}
    assert set(moved) == {PART_PREAMBLE, "anlage_ziele"}
    assert not any(c.needs_recheck for c in moved.values())
    doc = export_document(store.load_project(project.id), store.get_drafts(project.id))
    validate_document(doc)
    loaded, drafts = parse_document(dumps_document(doc))
    assert {c.clause_id for d in drafts for c in d.comments} == {PART_PREAMBLE, "anlage_ziele"}
