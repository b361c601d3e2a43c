"""Hostile project files: refused whole with a German message naming the field, or cleaned so
that everything downstream (store, drafts, review) keeps working; never a crash."""

from __future__ import annotations

import copy
import json
import sqlite3
import uuid
from functools import lru_cache
from pathlib import Path

import pytest

from kooperation.cli import main
from kooperation.domain.demo import demo_project
from kooperation.domain.serialize import dumps_document, export_document, read_document
from kooperation.domain.text import FIELD_LIMITS
from kooperation.drafts import generate_draft
from kooperation.errors import InputError
from kooperation.resources import resource_path
from kooperation.store import open_store
from kooperation.store.models import Base

# --- a real export to start from -----------------------------------------------------------


@lru_cache(maxsize=1)
def _demo_export(tmp: str) -> str:
    store = open_store(Path(tmp) / "source.sqlite3")
    project = store.save_project(demo_project())
    generate_draft(store, project.id, kind="vertrag")
    text = dumps_document(export_document(store.load_project(project.id), store.get_drafts(project.id)))
    store.close()
    return text


@pytest.fixture(scope="module")
def demo_doc(tmp_path_factory) -> dict:
    return json.loads(_demo_export(str(tmp_path_factory.mktemp("demo"))))


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "k.sqlite3")
    yield s
    s.close()


def rows(path: Path) -> dict[str, list[str]]:
    """Every row of every table (to show that a refused import changed nothing)."""
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}"))) for t in Base.metadata.tables}
    finally:
        conn.close()


def mutated(doc: dict, mutate) -> str:
    doc = copy.deepcopy(doc)
    mutate(doc)
    return json.dumps(doc, ensure_ascii=False)


def refused(store, tmp_path, text: str) -> str:
    """Import ``text`` expecting a refusal; returns the message; the store must be unchanged."""
    before = rows(tmp_path / "k.sqlite3")
    with pytest.raises(InputError) as err:
        read = read_document(text)
        store.import_project(read.project, read.drafts, mode="new")
    assert rows(tmp_path / "k.sqlite3") == before
    return str(err.value)


def an_open_comment(**fields) -> dict:
    return {"id": str(uuid.uuid4()), "clause_id": "austritt", "author": "Dr. Berg", "role": "legal",
            "kind": "comment", "status": "open", "text": "Bitte prüfen.",
            "created_at": "2025-01-01T00:00:00Z", **fields}


# --- one limit per field, everywhere -------------------------------------------------------

SCHEMA_PLACES = {  # entity prefix of FIELD_LIMITS -> where its fields are in the schema
    "project": ("project",), "partner": ("partner",), "bm": ("businessModel",), "goal": ("goal",),
    "milestone": ("milestone",), "decision": ("decision",), "review": ("progressReview",),
    "draft": ("draft",), "comment": ("comment",), "wording": ("clauseWording",),
}
SPECIAL_PLACES = {
    "decision.param": ("paramValue",),
    "factor.note": ("assessment", "factor_notes", "*"),
    "board.text": ("assessment", "board", "items", "text"),
    "review.entry_comment": ("progressReview", "entries", "items", "comment"),
    "review.reflection": ("progressReview", "reflections", "*", "*"),
    "wording.text": ("clauseWording", "paragraphs", "items", "pieces", "items", "text"),
}


def _schema_node(schema: dict, field_key: str) -> dict:
    defs = schema["$defs"]

    def resolve(node: dict) -> dict:
        while "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
        return node

    entity, name = field_key.split(".", 1)
    steps = SPECIAL_PLACES.get(field_key) or (*SCHEMA_PLACES[entity], name)
    node = resolve(defs[steps[0]])
    for step in steps[1:]:
        if step == "items":
            node = resolve(node["items"])
        elif step == "*":
            node = resolve(node["additionalProperties"])
        else:
            node = resolve(node["properties"][step])
    return node


def test_schema_max_length_equals_field_limits():
    """The JSON schema's maxLength of every text field is the limit the window and CLI use."""
    schema = json.loads(resource_path("schemas", "project.schema.json").read_text("utf-8"))
    for field_key, limit in FIELD_LIMITS.items():
        assert _schema_node(schema, field_key)["maxLength"] == limit, field_key


def test_store_columns_hold_the_longest_allowed_text():
    """No store column is shorter than the limit of the field stored in it."""
    columns = {"project": "project", "partner": "partner", "goal": "goal", "milestone": "milestone",
               "decision": "rule_decision", "review": "progress_review", "draft": "draft_version",
               "comment": "review_comment"}
    checked = 0
    for field_key, limit in FIELD_LIMITS.items():
        entity, name = field_key.split(".", 1)
        table = Base.metadata.tables.get(columns.get(entity, ""))
        if entity == "bm":
            table, name = Base.metadata.tables["project"], f"bm_{name}"
        if table is None or name not in table.c:
            continue  # kept inside a JSON column
        length = getattr(table.c[name].type, "length", None)
        assert length is None or length >= limit, field_key
        checked += 1
    assert checked >= 30


def test_text_over_the_limit_is_refused_naming_the_field(demo_doc, store, tmp_path):
    """A 25,000-character product text is refused, with its path and the limit in German."""
    text = mutated(demo_doc, lambda d: d["project"]["partners"][0].__setitem__("name", "x" * 25000))
    message = refused(store, tmp_path, text)
    assert "project.partners[0].name" in message
    assert "25.000 Zeichen, höchstens 500" in message


# --- draft versions that would break later drafts ------------------------------------------


def test_draft_version_with_junk_snapshot_and_an_open_comment_is_refused(demo_doc, store, tmp_path):
    """The issue's file (junk data, no files, one open comment) is refused; so is junk data
    next to real files; the project's drafts keep working."""
    def junk(d):
        d["drafts"][0].update(data={"x": 1}, files=[], comments=[an_open_comment()])

    assert "drafts[0].files" in refused(store, tmp_path, mutated(demo_doc, junk))

    def junk_data_only(d):
        d["drafts"][0].update(data={"x": 1}, comments=[an_open_comment()])

    assert "drafts[0].data.x" in refused(store, tmp_path, mutated(demo_doc, junk_data_only))


def test_draft_version_whose_docx_cannot_be_read_is_refused(demo_doc, store, tmp_path):
    """A file that claims to be a DOCX but is not, or whose checksum matches junk, is refused."""
    import base64
    import hashlib

    def fake(content: bytes):
        def mutate(d):
            f = d["drafts"][0]["files"][0]
            f.update(content_base64=base64.b64encode(content).decode(),
                     sha256=hashlib.sha256(content).hexdigest())
        return mutate

    assert "keine DOCX-Datei" in refused(store, tmp_path, mutated(demo_doc, fake(b"kein docx")))
    message = refused(store, tmp_path, mutated(demo_doc, fake(b"PK\x03\x04 kaputt")))
    assert "drafts[0]" in message and "kann nicht gelesen werden" in message


def test_imported_version_with_open_comment_carries_forward(demo_doc, store):
    """A valid version with an open comment imports, and the next draft carries the comment."""
    doc = copy.deepcopy(demo_doc)
    doc["drafts"][0]["comments"] = [an_open_comment()]
    read = read_document(json.dumps(doc))
    project = store.import_project(read.project, read.drafts)
    generate_draft(store, project.id, kind="vertrag", formats=["docx"])
    second = store.get_draft(project.id, 2)
    moved = store.list_comments(project.id, second.id)
    assert [c.text for c in moved] == ["Bitte prüfen."] and moved[0].carried_from == 1


@pytest.mark.parametrize(
    "mutate, field",
    [
        (lambda d: d["drafts"][0].__setitem__("comments", [an_open_comment(carried_from=10**30)]),
         "drafts[0].comments[0].carried_from"),
        (lambda d: d["drafts"][0].__setitem__("comments", [an_open_comment(parent_id=str(uuid.uuid4()))]),
         "drafts[0].comments[0].parent_id"),
        (lambda d: d["drafts"][0].__setitem__("comments", [an_open_comment(text="  ")]),
         "drafts[0].comments[0].text"),
        (lambda d: d["drafts"][0].__setitem__("kind", "unbekannt"), "drafts[0].kind"),
        (lambda d: d["drafts"][0].__setitem__("number", 2**31), "drafts[0].number"),
    ],
)
def test_unusable_comments_and_versions_are_refused(demo_doc, store, tmp_path, mutate, field):
    """Numbers beyond the store's integers, replies without a comment, empty comments, unknown
    document kinds are refused naming the field."""
    assert f"„{field}“" in refused(store, tmp_path, mutated(demo_doc, mutate))


# --- nesting, numbers, dates ---------------------------------------------------------------


def test_deep_nesting_is_refused(demo_doc, store, tmp_path):
    """A parameter nested 300 deep is refused (no RecursionError), naming where."""
    def nest(d):
        value: object = 1
        for _ in range(300):
            value = [value]
        d["project"]["decisions"][1]["params"]["x"] = value

    message = refused(store, tmp_path, mutated(demo_doc, nest))
    assert "project.decisions[1].params.x" in message and "verschachtelt" in message


@pytest.mark.parametrize(
    "mutate, field",
    [
        (lambda d: d["project"].__setitem__("created_at", "0001-01-01T00:00:00+01:00"), "project.created_at"),
        (lambda d: d["project"].__setitem__("updated_at", "9999-12-31T23:59:59-01:00"), "project.updated_at"),
        (lambda d: d["project"]["milestones"][0].__setitem__("end", "9999-12-31"), "project.milestones[0].end"),
        (lambda d: d["project"]["milestones"][0].__setitem__("start", "1899-12-31"), "project.milestones[0].start"),
        (lambda d: d["drafts"][0].__setitem__("created_at", "0001-01-01T00:00:00Z"), "drafts[0].created_at"),
        (lambda d: d["project"]["decisions"][1]["params"].__setitem__("beginn", {"$date": "9999-01-01"}),
         "project.decisions[1].params.beginn.$date"),
        (lambda d: d["project"]["decisions"][1]["params"].__setitem__("notice_months", 10**30),
         "project.decisions[1].params.notice_months"),
    ],
)
def test_dates_and_numbers_out_of_range_are_refused(demo_doc, store, tmp_path, mutate, field):
    """Years outside 1900–2200 and numbers too large for the store are refused by name."""
    message = refused(store, tmp_path, mutated(demo_doc, mutate))
    assert f"„{field}“" in message
    assert "1900 bis 2200" in message or "höchstens" in message


def test_infinite_number_is_refused(demo_doc, store, tmp_path):
    """1e400 (infinity once read) is refused in plain words."""
    text = mutated(demo_doc, lambda d: None).replace('"notice_months": 6', '"notice_months": 1e400')
    assert "1e400" in text
    assert "zu groß" in refused(store, tmp_path, text)


# --- texts: cleaned, never refused for characters, never reaching the templates -------------


def test_control_characters_and_surrogates_are_cleaned_and_drafts_still_work(demo_doc, store):
    """Control characters, lone surrogates and noncharacters in texts are removed (tab and line
    break kept where the field allows them); the report names the fields; both formats render."""
    def hostile(d):
        p = d["project"]
        p["name"] = "Netz\x00werk\ud800 \x1b[31m"
        p["partners"][0]["name"] = "Prod\x0bTech\tGmbH\r\n"
        p["partners"][0]["products"] = "Zeile 1\r\nZeile\t2\x07\ufffe"
        p["decisions"][1]["note"] = "Notiz\x0c mit \x85 Steuerzeichen"
        p["milestones"][0]["title"] = "Start\udfff"

    read = read_document(mutated(demo_doc, hostile))
    assert "project.name" in read.cleaned and "project.partners[0].products" in read.cleaned
    project = read.project
    assert project.name == "Netzwerk [31m"
    assert project.partners[0].name == "ProdTech GmbH "
    assert project.partners[0].products == "Zeile 1\nZeile\t2"
    assert project.milestones[0].title == "Start"
    stored = store.import_project(project, read.drafts)
    result = generate_draft(store, stored.id, kind="vertrag")
    assert result.sizes["docx"] > 0 and result.sizes["pdf"] > 0


def test_upper_case_ids_are_the_same_project(demo_doc, store, tmp_path):
    """A file whose ids were written in upper case (with spaces) is the same project: importing
    it next to the original is refused as a duplicate, and references still resolve."""
    store.import_project(*_read(json.dumps(demo_doc)))

    def shout(d):
        p = d["project"]
        p["id"] = f" {p['id'].upper()} "
        for partner in p["partners"]:
            partner["id"] = partner["id"].upper()
        for goal in p["goals"]:
            goal["owner_id"] = goal["owner_id"].upper() if goal.get("owner_id") else None
        for m in p["milestones"]:
            m["id"] = m["id"].upper()
            m["responsible_ids"] = [i.upper() for i in m["responsible_ids"]]
            m["depends_on_ids"] = [i.upper() for i in m["depends_on_ids"]]

    text = mutated(demo_doc, shout)
    project, _drafts = _read(text)
    assert project.id == demo_doc["project"]["id"]
    assert project.milestones[1].depends_on_ids == demo_doc["project"]["milestones"][1]["depends_on_ids"]
    assert "gibt es schon" in refused(store, tmp_path, text)
    assert len(store.list_projects()) == 1


def _read(text: str):
    read = read_document(text)
    return read.project, read.drafts


# --- the command line ------------------------------------------------------------------------


def test_cli_import_reports_cleaned_fields(demo_doc, tmp_path, capsys):
    """``kooperation import`` says which fields had characters removed."""
    path = tmp_path / "p.json"
    path.write_text(mutated(demo_doc, lambda d: d["project"].__setitem__("place", "Reut\x00lingen")), "utf-8")
    code = main(["--db", str(tmp_path / "c.sqlite3"), "import", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Steuerzeichen entfernt" in err and "project.place" in err


def test_cli_text_arguments_are_limited_and_cleaned(tmp_path, capsys):
    """--text over the limit is refused naming the option (nothing stored); --author with a
    control character is stored cleaned, with a note."""
    db = str(tmp_path / "c.sqlite3")
    assert main(["--db", db, "demo"]) == 0
    project_id = capsys.readouterr()[0].strip()
    assert main(["--db", db, "draft", project_id, "--format", "docx"]) == 0
    capsys.readouterr()
    before = rows(Path(db))
    code = main(["--db", db, "review", "comment", project_id, "1", "--clause", "austritt",
                 "--author", "A", "--text", "x" * 25000])
    err = capsys.readouterr()[1]
    assert code == 1 and "„--text“ darf höchstens 20.000 Zeichen" in err
    assert rows(Path(db)) == before
    code = main(["--db", db, "review", "comment", project_id, "1", "--clause", "austritt",
                 "--author", "Dr.\x1b Berg", "--text", "Bitte\x00 prüfen"])
    err = capsys.readouterr()[1]
    assert code == 0 and "Steuerzeichen wurden entfernt" in err
    store = open_store(db)
    comment = store.list_comments(project_id, store.get_draft(project_id, 1).id)[0]
    assert (comment.author, comment.text) == ("Dr. Berg", "Bitte prüfen")
    store.close()
    code = main(["--db", db, "draft", project_id, "--format", "docx", "--note", "n" * 501])
    assert code == 1 and "„--note“ darf höchstens 500 Zeichen" in capsys.readouterr()[1]


def test_parameters_named_like_a_date_stay_parameters(demo_doc, store):
    """Parameters that look like one encoded date (found by fuzzing) stay a dict of parameters,
    in the file and in the store, and the next draft generates."""
    text = mutated(demo_doc, lambda d: d["project"]["decisions"][1].__setitem__("params", {"$date": "2025-05-01"}))
    topic = demo_doc["project"]["decisions"][1]["topic"]
    project, drafts = _read(text)
    assert project.decisions[topic].params == {"$date": "2025-05-01"}
    stored = store.import_project(project, drafts)
    assert store.load_project(stored.id).decisions[topic].params == {"$date": "2025-05-01"}
    generate_draft(store, stored.id, kind="vertrag", formats=["docx"])


def test_cli_arguments_that_are_not_utf8_are_refused(tmp_path, capsys):
    """A project id or text given as bytes that are not UTF-8 (lone surrogates in argv) is a
    plain error, not "Unerwarteter Fehler"; a file name may still be anything."""
    db = str(tmp_path / "c.sqlite3")
    for argv in (["show", "\udcff"], ["draft", "x", "--note", "a\udcffb"]):
        code = main(["--db", db, *argv])
        err = capsys.readouterr()[1]
        assert code == 1 and "kein gültiges UTF-8" in err and "Unerwarteter" not in err
    code = main(["--db", db, "import", str(tmp_path / "fehlt-\udcff.json")])
    assert code == 1 and "gibt es nicht" in capsys.readouterr()[1]
