"""The project file: export and import round trips, and clear messages for broken files."""

from __future__ import annotations

import base64
import copy
import json
import re
from datetime import UTC, date, datetime
from functools import lru_cache

import pytest

from kooperation.domain.model import Milestone, Project, new_id
from kooperation.domain.serialize import (
    DraftFile,
    DraftVersion,
    canonical_json,
    copy_with_new_ids,
    dumps_document,
    export_document,
    parse_document,
    project_from_dict,
    project_to_dict,
    validate_document,
)
from kooperation.errors import InputError
from kooperation.store import open_store
from test_store import dump, rich_project


def stamped(project: Project) -> Project:
    project.created_at = datetime(2025, 2, 1, 8, 0, tzinfo=UTC)
    project.updated_at = datetime(2025, 3, 1, 10, 14, 59, 123456, tzinfo=UTC)
    return project


@lru_cache(maxsize=1)
def _rendered() -> tuple[dict, bytes, bytes]:
    """A real (small) agreement, rendered once: an imported version must be readable."""
    from kooperation.drafts import render_draft

    project = Project("Wärmenetz", id="0b5c2a36-6a3e-4f57-9a41-35d0c1a0e001")
    rendered = render_draft(project, "vertrag", ("docx", "pdf"))
    files = {fmt: data for fmt, _name, data in rendered.files}
    return project_to_dict(project), files["docx"], files["pdf"]


def a_draft(number: int = 1) -> DraftVersion:
    snapshot, docx, pdf = _rendered()
    return DraftVersion(
        number=number,
        kind="vertrag",
        language="de",
        created_at=datetime(2025, 3, number, 9, 30, tzinfo=UTC),
        content_hash="abc" * 5,
        data_json=canonical_json({**snapshot, "name": f"Wärmenetz {number}"}),
        files=[
            DraftFile("docx", f"Vertrag-v{number}.docx", docx),
            DraftFile("pdf", f"Vertrag-v{number}.pdf", pdf),
        ],
        template_version="2025.1",
        note="für die Rechtsberatung",
    )


def document() -> dict:
    doc = export_document(stamped(rich_project()), [a_draft(1), a_draft(2)])
    return json.loads(dumps_document(doc))


def broken(mutate) -> bytes:
    doc = document()
    mutate(doc)
    return json.dumps(doc).encode()


@pytest.fixture
def store(store_url: str):
    """A store on SQLite, then on PostgreSQL: imports behave the same on both."""
    s = open_store(store_url)
    yield s
    s.close()


# --- round trips ------------------------------------------------------------------------------


def test_project_dict_round_trip():
    """Every field of a project survives the way into the file format and back."""
    project = stamped(rich_project())
    again = project_from_dict(project_to_dict(project))
    assert again == project
    assert again.decisions["laufzeit"].params["beginn"] == date(2025, 5, 1)
    empty = Project("Leer")
    assert project_from_dict(project_to_dict(empty)) == empty


def test_export_parse_round_trip_with_drafts():
    """A project exported with its draft versions reads back identically, files byte for byte."""
    project = stamped(rich_project())
    drafts = [a_draft(1), a_draft(2)]
    text = dumps_document(export_document(project, drafts))
    parsed, parsed_drafts = parse_document(text.encode("utf-8"))
    assert parsed == project
    assert parsed_drafts == drafts
    assert parsed_drafts[1].files[1].content == _rendered()[2]


def test_exported_file_matches_the_schema():
    """What we write is valid against the published JSON schema, without drafts too."""
    validate_document(document())
    doc = export_document(rich_project())
    assert "drafts" not in doc and doc["format"] == "kooperation-projekt"
    validate_document(json.loads(dumps_document(doc)))


def test_canonical_json_is_stable():
    """The same data always gives the same text (for content hashes), whatever the key order."""
    a = canonical_json({"b": 1, "a": ["ü", {"y": 2, "x": None}]})
    b = canonical_json({"a": ["ü", {"x": None, "y": 2}], "b": 1})
    assert a == b == '{"a":["ü",{"x":null,"y":2}],"b":1}'


def test_copy_with_new_ids_remaps_references():
    """A copy gets new ids everywhere, and all links (also in decision parameters) follow."""
    project = rich_project()
    twin = copy_with_new_ids(project)
    assert twin.id != project.id and twin.created_at is None
    assert twin.goals[0].owner_id == twin.partners[3].id
    assert twin.milestones[2].depends_on_ids == [twin.milestones[1].id, twin.milestones[0].id]
    assert twin.decisions["kosten"].params["anteile"][0]["partner"] == twin.partners[0].id
    assert project.goals[0].owner_id == project.partners[3].id  # original untouched


# --- broken files -----------------------------------------------------------------------------


def test_not_json():
    """A file that is not JSON says so, with line and column."""
    with pytest.raises(InputError, match=r"kein gültiges JSON \(Zeile 3, Spalte 8\)"):
        parse_document(b'{\n  "format": "kooperation-projekt",\n  "x": ,\n}')
    with pytest.raises(InputError, match="kein gültiges JSON"):
        parse_document(b"\xff\xfe\x00binary")


def test_wrong_format_marker():
    """A JSON file of another kind is refused, naming the field "format"."""
    with pytest.raises(InputError, match="Feld „format“: 'fremd' ist nicht „kooperation-projekt“"):
        parse_document(broken(lambda d: d.__setitem__("format", "fremd")))
    with pytest.raises(InputError, match="keine Kooperation-Projektdatei"):
        parse_document(b"[1, 2, 3]")
    with pytest.raises(InputError, match="neueren Version"):
        parse_document(broken(lambda d: d.__setitem__("format_version", 3)))


def test_wrong_enum_value():
    """A value outside an enum names the field and lists the allowed values."""
    with pytest.raises(InputError) as err:
        parse_document(broken(lambda d: d["project"]["partners"][2].__setitem__("sector", "xyz")))
    assert str(err.value) == (
        "Ungültige Datei: Feld „project.partners[2].sector“: 'xyz' ist keiner der erlaubten Werte "
        "(wirtschaft, staat, zivilgesellschaft, wissenschaft)."
    )


@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [
        (
            lambda d: d["project"]["partners"][1].pop("name"),
            "project.partners[1].name",
            "Pflichtfeld",
        ),
        (lambda d: d["project"].pop("id"), "project.id", "Pflichtfeld"),
        (
            lambda d: d["project"]["goals"][0].__setitem__("farbe", "rot"),
            "project.goals[0].farbe",
            "nicht vorgesehen",
        ),
        (
            lambda d: d["project"]["partners"][0].__setitem__("id", "123"),
            "project.partners[0].id",
            "UUID",
        ),
        (
            lambda d: d["project"]["milestones"][0].__setitem__("start", "1.4.2025"),
            "project.milestones[0].start",
            "Datum",
        ),
        (
            lambda d: d["project"]["partners"][0].__setitem__("employees", "viele"),
            "project.partners[0].employees",
            "ganze Zahl",
        ),
        (lambda d: d["project"].__setitem__("name", "x" * 600), "project.name", "zu lang"),
        (
            lambda d: d["drafts"][0]["files"][0].__setitem__("filename", "../../etc/passwd"),
            "drafts[0].files[0].filename",
            "Dateiname",
        ),
    ],
)
def test_schema_errors_name_the_field(mutate, field, words):
    """Missing, unknown, malformed or too long fields are reported with their path."""
    with pytest.raises(InputError, match=re.escape(f"Feld „{field}“: ") + ".*" + words):
        parse_document(broken(mutate))


def _dangling(d):
    d["project"]["milestones"][1]["responsible_ids"].append("00000000-0000-4000-8000-000000000000")


def _cycle(d):
    ms = d["project"]["milestones"]
    ms[0]["depends_on_ids"] = [ms[3]["id"]]


@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [
        (_dangling, "project.milestones[1].responsible_ids[1]", "kein Partner dieses Projekts"),
        (
            lambda d: d["project"]["goals"][2].__setitem__("owner_id", new_id()),
            "project.goals[2].owner_id",
            "kein Partner",
        ),
        (
            _cycle,
            "project.milestones[0].depends_on_ids",
            "Kreis: „Machbarkeitsstudie“ → „Abschluss“ → „Bau“",
        ),
        (
            lambda d: d["project"]["milestones"][1]["depends_on_ids"].append(
                d["project"]["milestones"][1]["id"]
            ),
            "project.milestones[1].depends_on_ids[1]",
            "von sich selbst",
        ),
        (
            lambda d: d["project"]["milestones"][0].__setitem__("end", "2025-03-01"),
            "project.milestones[0].end",
            "vor dem Beginn",
        ),
        (
            lambda d: d["project"]["goals"][1].__setitem__("id", d["project"]["partners"][0]["id"]),
            "project.goals[1].id",
            "mehrfach",
        ),
        (
            lambda d: d["project"]["decisions"][3].__setitem__("topic", "austritt"),
            "project.decisions[3].topic",
            "mehrfach",
        ),
        (
            lambda d: d["drafts"][1]["files"][0].__setitem__(
                "content_base64", base64.b64encode(b"anders").decode()
            ),
            "drafts[1].files[0].sha256",
            "Prüfsumme",
        ),
        (lambda d: d["drafts"][1].__setitem__("number", 1), "drafts[1].number", "mehrfach"),
    ],
)
def test_semantic_errors_name_the_field(mutate, field, words):
    """References, cycles, dates, duplicates and checksums the schema cannot check are reported."""
    with pytest.raises(InputError) as err:
        parse_document(broken(mutate))
    assert f"Feld „{field}“" in str(err.value)
    assert words in str(err.value)


# --- importing into the store -----------------------------------------------------------------


def import_file(store, data: bytes, mode: str = "new") -> Project:
    project, drafts = parse_document(data)
    return store.import_project(project, drafts, mode=mode)


def test_failed_imports_leave_the_store_unchanged(store, tmp_path):
    """Whatever is wrong with a file, importing it changes nothing in the store."""
    import_file(store, dumps_document(document()).encode())
    before = dump(store)
    bad_files = [
        b"kein json",
        broken(lambda d: d.__setitem__("format", "fremd")),
        broken(lambda d: d["project"]["partners"][2].__setitem__("sector", "xyz")),
        broken(lambda d: d["project"]["partners"][1].pop("name")),
        broken(_dangling),
        broken(_cycle),
    ]
    for data in bad_files:
        for mode in ("new", "replace", "copy"):
            with pytest.raises(InputError):
                import_file(store, data, mode)
    assert dump(store) == before


def test_import_modes(store):
    """new refuses an existing project, replace replaces it, copy adds an independent copy."""
    data = dumps_document(document()).encode()
    first = import_file(store, data)
    assert first.created_at == datetime(2025, 2, 1, 8, 0, tzinfo=UTC)
    assert [d.number for d in store.list_drafts(first.id)] == [1, 2]
    assert store.get_draft(first.id, 2).files == a_draft(2).files

    with pytest.raises(InputError, match="gibt es schon. Mit --replace ersetzen oder mit --copy"):
        import_file(store, data, "new")

    store.update_project_fields(first.id, name="lokal geändert")
    store.add_draft_version(first.id, "skizze", "de", "{}", "h", [("pdf", "s.pdf", b"x")])
    replaced = import_file(store, data, "replace")
    assert replaced.name == "Regionales Wärmenetz" and replaced.id == first.id
    assert replaced == parse_document(data)[0]  # timestamps from the file, too
    again = dumps_document(export_document(replaced, store.get_drafts(replaced.id)))
    assert json.loads(again)["project"] == json.loads(data)["project"]
    assert json.loads(again)["drafts"] == json.loads(data)["drafts"]
    assert [d.number for d in store.list_drafts(first.id)] == [1, 2]

    copied = import_file(store, data, "copy")
    assert copied.id != first.id and copied.name == first.name
    assert {p.id for p in copied.partners}.isdisjoint(p.id for p in first.partners)
    assert copied.milestones[3].depends_on_ids == [copied.milestones[2].id]
    assert [d.number for d in store.list_drafts(copied.id)] == [1, 2]
    assert len(store.list_projects()) == 2


def test_import_with_ids_of_another_project_is_refused(store):
    """A file whose partners carry ids of a different stored project must be imported as copy."""
    project = store.save_project(rich_project())
    doc = document()
    doc["project"]["partners"][0]["id"] = project.partners[0].id
    for goal in doc["project"]["goals"]:
        goal["owner_id"] = None
    doc["project"]["milestones"][0]["responsible_ids"] = []
    doc["project"]["milestones"][1]["responsible_ids"] = []
    with pytest.raises(InputError, match="anderen Projekt. Mit --copy"):
        import_file(store, json.dumps(doc).encode())
    assert len(store.list_projects()) == 1
    import_file(store, json.dumps(doc).encode(), "copy")
    assert len(store.list_projects()) == 2


def test_failure_in_the_middle_of_an_import_changes_nothing(store, tmp_path, monkeypatch):
    """If an import breaks after half the work, the store is exactly as before (also on replace)."""
    data = dumps_document(document()).encode()
    import_file(store, data)
    before = dump(store)
    from kooperation.store import drafts as draftstore

    real = draftstore.insert_draft
    calls = []

    def flaky(s, project_id, draft):
        calls.append(draft.number)
        if len(calls) == 2:
            raise OSError("Datenträger voll")
        return real(s, project_id, draft)

    monkeypatch.setattr(draftstore, "insert_draft", flaky)
    for mode in ("replace", "copy"):
        calls.clear()
        with pytest.raises(OSError):
            import_file(store, data, mode)
        assert calls == [1, 2]
        assert dump(store) == before


def test_milestone_cycle_helper_reports_path():
    """A cycle message names the milestones in the order of the cycle."""
    a, b = Milestone("A"), Milestone("B")
    a.depends_on_ids, b.depends_on_ids = [b.id], [a.id]
    project = Project("x", milestones=[a, b])
    doc = export_document(project)
    with pytest.raises(InputError, match="„A“ → „B“ → „A“"):
        parse_document(json.dumps(copy.deepcopy(doc)))
