"""Version numbers per document kind and earlier versions that keep their comments: naming and
parsing, the project file (format 2 round trip, format 1 files), the command line."""

from __future__ import annotations

import json

import pytest

from kooperation.cli import main
from kooperation.domain.demo import demo_project
from kooperation.domain.serialize import dumps_document, export_document, parse_document
from kooperation.domain.versions import parse_version, per_kind_numbers, version_label
from kooperation.drafts import generate_draft
from kooperation.errors import InputError
from kooperation.review.model import Comment, CommentStatus, Role
from kooperation.store.repository import open_store


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def carried(store):
    """Vertrag v1 with a question and a reply, Skizze v1, Vertrag v2 (the question continues
    there and gets a second reply)."""
    project = store.save_project(demo_project())
    generate_draft(store, project.id, formats=["pdf"])
    v1 = store.list_drafts(project.id)[0]
    question = store.add_comment(project.id, Comment(
        draft_id=v1.id, clause_id="austritt", text="Frist zu kurz?", author="Dr. Anna Berg",
        role=Role.LEGAL, kind="question"))
    store.add_comment(project.id, Comment(draft_id="", clause_id="", text="Sechs Monate?",
                                          author="Max Meier", parent_id=question.id))
    generate_draft(store, project.id, kind="skizze", formats=["pdf"])
    generate_draft(store, project.id, formats=["pdf"])
    v2 = store.list_drafts(project.id)[-1]
    copy = store.list_comments(project.id, v2.id)[0]
    store.add_comment(project.id, Comment(draft_id="", clause_id="", text="Ja, passt.",
                                          author="Dr. Anna Berg", parent_id=copy.id))
    return project, question


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3", ("vertrag", 3)), ("v3", ("vertrag", 3)), ("vertrag-3", ("vertrag", 3)),
     ("Skizze v2", ("skizze", 2)), ("skizze_12", ("skizze", 12)), ("Vertrag3", ("vertrag", 3))],
)
def test_a_version_is_named_by_kind_and_number(text, expected):
    """The command line takes a bare number (the agreement) or kind and number in common forms."""
    assert parse_version(text) == expected


@pytest.mark.parametrize("text", ["", "0", "vertrag-", "brief-2", "3.5", "-1", "vertrag-x"])
def test_a_bad_version_gets_a_german_example(text):
    """Anything else is refused with a message that shows how to write it."""
    with pytest.raises(InputError, match="keine Versionsangabe.*vertrag-3 oder skizze-2"):
        parse_version(text)


def test_labels_and_shared_numbers():
    """"Vertrag v3"/"Skizze v2"; shared numbers become per-kind numbers in their order."""
    assert version_label("vertrag", 3) == "Vertrag v3"
    assert version_label("skizze", 2) == "Skizze v2"
    assert per_kind_numbers([("vertrag", 3), ("skizze", 2), ("vertrag", 1)]) == {1: 1, 2: 1, 3: 2}


def test_the_project_file_keeps_numbers_and_both_records(store, carried, tmp_path):
    """Export → import (as is and as a copy) keeps per-kind numbers, the earlier version's own
    record and where each of its comments continues."""
    project, question = carried
    doc = export_document(store.load_project(project.id), store.get_drafts(project.id))
    assert doc["format_version"] == 2
    assert [(d["kind"], d["number"]) for d in doc["drafts"]] == [
        ("vertrag", 1), ("skizze", 1), ("vertrag", 2)]
    assert doc["drafts"][2]["comments"][0]["source_id"] == question.id
    loaded, drafts = parse_document(dumps_document(doc))
    with open_store(tmp_path / "other.sqlite3") as other:
        for mode in ("new", "copy"):
            imported = other.import_project(loaded, drafts, mode=mode)
            v1, _sketch, v2 = other.list_drafts(imported.id)
            old = other.list_comments(imported.id, v1.id)
            new = other.list_comments(imported.id, v2.id)
            assert [c.text for c in old] == ["Frist zu kurz?", "Sechs Monate?"]
            assert [c.text for c in new] == ["Frist zu kurz?", "Sechs Monate?", "Ja, passt."]
            assert new[0].source_id == old[0].id and old[0].continued_in == 2
            assert (new[0].id == question.id) is False  # a copy is its own comment
            assert (old[0].id == question.id) == (mode == "new")


def test_a_format_1_file_gets_numbers_per_kind(store, carried):
    """A file written before (one counter: contract 1, sketch 2, contract 3) imports as Vertrag
    v1, Skizze v1, Vertrag v2; carried_from follows."""
    project, _question = carried
    doc = export_document(store.load_project(project.id), store.get_drafts(project.id))
    doc["format_version"] = 1
    for shared, draft in zip((1, 2, 3), doc["drafts"], strict=True):
        draft["number"] = shared
        draft["comments"] = [
            {k: v for k, v in c.items() if k != "source_id"} for c in draft.get("comments", [])
        ]
    doc["drafts"][2]["comments"][0]["carried_from"] = 1
    doc["drafts"].reverse()  # the order in the file does not matter, the numbers do
    store.delete_project(project.id)
    loaded, drafts = parse_document(json.dumps(doc))
    assert [(d.kind, d.number) for d in drafts] == [("vertrag", 1), ("skizze", 1), ("vertrag", 2)]
    store.import_project(loaded, drafts)
    v2 = store.get_draft(project.id, 2)
    assert v2.comments[0].carried_from == 1 and v2.comments[0].status == CommentStatus.OPEN
    # in format 1, the same number twice is an error even for different kinds
    doc["drafts"][0]["number"] = 2
    with pytest.raises(InputError, match=r"number“: Die Versionsnummer 2 kommt mehrfach"):
        parse_document(json.dumps(doc))


def test_a_file_with_a_dangling_source_or_a_number_twice_is_refused(store, carried):
    """A comment continuing one that is not on an earlier version of the file, or Vertrag v2
    twice, is refused naming the field."""
    project, _question = carried
    doc = export_document(store.load_project(project.id), store.get_drafts(project.id))
    broken = json.loads(json.dumps(doc))
    broken["drafts"][2]["comments"][0]["source_id"] = "99999999-9999-4999-8999-999999999999"
    with pytest.raises(InputError, match=r"drafts\[2\].comments\[0\].source_id"):
        parse_document(json.dumps(broken))
    twice = json.loads(json.dumps(doc))
    twice["drafts"][0]["number"] = 2
    with pytest.raises(InputError, match="Vertrag v2 kommt mehrfach vor"):
        parse_document(json.dumps(twice))
    twice["drafts"][0]["number"] = 1
    twice["drafts"][1]["number"] = 1  # Skizze v1 beside Vertrag v1 is fine
    parse_document(json.dumps(twice))


def test_the_command_line_names_versions_by_kind(tmp_path, capsys):
    """drafts lists "Vertrag v2 vertrag-2", get-draft takes skizze-1, a bad value is a German
    message with exit status 1, and the help says how numbering changed."""
    db = str(tmp_path / "cli.sqlite3")
    assert main(["--db", db, "demo"]) == 0
    pid = capsys.readouterr().out.strip()
    for kind in ("vertrag", "skizze", "vertrag"):
        assert main(["--db", db, "draft", pid, "--kind", kind, "--format", "pdf"]) == 0
    assert "Vertrag v2 gespeichert" in capsys.readouterr().out
    assert main(["--db", db, "drafts", pid]) == 0
    rows = [line.split()[:3] for line in capsys.readouterr().out.splitlines()[2:]]
    assert rows == [["Vertrag", "v1", "vertrag-1"], ["Skizze", "v1", "skizze-1"],
                    ["Vertrag", "v2", "vertrag-2"]]
    assert main(["--db", db, "get-draft", pid, "skizze-1", "--out", str(tmp_path / "s")]) == 0
    assert [p.name for p in (tmp_path / "s").iterdir()][0].endswith("_Projektskizze_v1.pdf")
    assert main(["--db", db, "get-draft", pid, "skizze-2", "--out", str(tmp_path / "s")]) == 1
    assert "keine Entwurfsversion Skizze v2" in capsys.readouterr().err
    assert main(["--db", db, "get-draft", pid, "zwei", "--out", str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err
    assert "„zwei“ ist keine Versionsangabe" in err and "Traceback" not in err
    assert main(["--db", db, "review", "comments", pid, "skizze-1"]) == 1
    assert "Skizze v1 ist eine Projektskizze" in capsys.readouterr().err
    assert main(["--db", db, "review", "compare", pid, "1", "vertrag-2"]) == 0
    assert capsys.readouterr().out.startswith("Vergleich Vertrag v1 → Vertrag v2")
    with pytest.raises(SystemExit):
        main(["get-draft", "--help"])
    assert "früher zählten beide gemeinsam" in " ".join(capsys.readouterr().out.split())


def _v1_file_with_a_new_comment(store, project, v1) -> bytes:
    """Our export of Vertrag v1 plus a new Word comment on "vertraulichkeit"."""
    import io

    import docx

    from kooperation.review.exporting import review_export
    from test_review_import import clause_paragraph

    export = review_export(project.name, v1, store.list_comments(project.id, v1.id))
    document = docx.Document(io.BytesIO(next(c for f, _n, c in export.files if f == "docx")))
    target = clause_paragraph(document, "vertraulichkeit")
    document.add_comment(target.runs[0], text="Drei Jahre genügen nicht.", author="RA Clara Vogt")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_file_returned_late_for_an_earlier_version_continues_on_the_newest(store):
    """The lawyer sends back Vertrag v1 after v2 exists: her new comment lands on v2 (written on
    v1, flagged only where the clause changed), v1's record stays, a second import adds nothing;
    a reply to a v1 comment joins its thread on v2."""
    from kooperation.review.importer import import_review_docx

    project = store.save_project(demo_project())
    generate_draft(store, project.id, formats=["docx"])
    v1 = store.get_draft(project.id, 1)
    question = store.add_comment(project.id, Comment(
        draft_id=v1.id, clause_id="austritt", text="Frist?", author="Max Meier"))
    data = _v1_file_with_a_new_comment(store, project, store.get_draft(project.id, 1))
    generate_draft(store, project.id, formats=["docx"])
    v2 = store.get_draft(project.id, 2)
    report = import_review_docx(store, project.id, v1.id, data)
    assert report.continued_in == 2 and "in Vertrag v2 weitergeführt" in report.lines()[1]
    (new,) = report.added
    assert (new.draft_id, new.clause_id, new.carried_from, new.needs_recheck) == (
        v2.id, "vertraulichkeit", 1, False)
    assert [c.id for c in store.list_comments(project.id, v1.id)] == [question.id]
    again = import_review_docx(store, project.id, v1.id, data)
    assert again.added == [] and len(again.duplicates) == 1
    assert len(store.list_comments(project.id, v2.id)) == 2
    reply = Comment(draft_id=v1.id, clause_id="austritt", text="Sechs Monate.", author="RA Vogt",
                    parent_id=question.id, origin_key="late-reply")
    (stored,), _skipped = store.add_imported_comments(project.id, [reply])
    copy = next(c for c in store.list_comments(project.id, v2.id) if c.source_id == question.id)
    assert (stored.parent_id, stored.draft_id) == (copy.id, v2.id)
    assert [c.text for c in store.list_comments(project.id, v1.id)] == ["Frist?"]
    # the copy is resolved on v2, then v3 is made: a reply to that thread stands on its own
    store.update_comment(project.id, copy.id, status="resolved")
    generate_draft(store, project.id, formats=["docx"])
    v3 = store.list_drafts(project.id)[-1]
    late = Comment(draft_id=v3.id, clause_id="", text="Doch zu kurz.", author="RA Vogt",
                   parent_id=copy.id, origin_key="later")
    (alone,), _skipped = store.add_imported_comments(project.id, [late])
    assert (alone.parent_id, alone.draft_id, alone.clause_id) == (None, v3.id, "austritt")


def test_an_earlier_version_exports_its_comments_as_they_were(store, carried):
    """The review export of an earlier version (Vertrag v3 after v4): its thread with both
    replies is in the DOCX, the PDF annex says where the point continues; a reply written on v4
    later is in neither."""
    import io

    import docx
    from pypdf import PdfReader

    from kooperation.review.exporting import review_export

    project, _question = carried
    generate_draft(store, project.id, formats=["docx", "pdf"])  # Vertrag v3: both files
    v3 = store.get_draft(project.id, 3)
    generate_draft(store, project.id, formats=["docx", "pdf"])  # v4: v3 is earlier now
    v4 = store.list_drafts(project.id)[-1]
    top = next(c for c in store.list_comments(project.id, v4.id) if c.parent_id is None)
    store.add_comment(project.id, Comment(draft_id="", clause_id="", text="Erst auf v4.",
                                          author="Max Meier", parent_id=top.id))
    comments = store.list_comments(project.id, v3.id)
    export = review_export(project.name, v3, comments)
    files = {fmt: content for fmt, _name, content in export.files}
    assert {name for _f, name, _c in export.files} == {
        "Lernfabrik_Neckar-Alb_Kooperationsvertrag_v3_Anmerkungen.docx",
        "Lernfabrik_Neckar-Alb_Kooperationsvertrag_v3_Anmerkungen.pdf"}
    word = [c.text for c in docx.Document(io.BytesIO(files["docx"])).comments]
    assert any("Frist zu kurz?" in t for t in word) and any("Ja, passt." in t for t in word)
    assert not any("Erst auf v4." in t for t in word)
    reader = PdfReader(io.BytesIO(files["pdf"]))
    annex = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "geschrieben zu Vertrag v1" in annex and "weitergeführt in Vertrag v4" in annex
    assert "Ja, passt." in annex and "Erst auf v4." not in annex
