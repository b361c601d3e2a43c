"""The project file and taking it back (`kooperation bundle`, `kooperation merge`): two stores
stand for two laptops; what a user checks is the state of the store afterwards."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from kooperation.bundle import read_bundle, write_bundle
from kooperation.cli import main
from kooperation.domain.demo import demo_project
from kooperation.domain.merge import OPEN_POINT
from kooperation.domain.model import Goal
from kooperation.domain.serialize import project_to_dict
from kooperation.errors import ConflictError, InputError
from kooperation.merging import apply_plan, plan_merge
from kooperation.review.model import Comment
from kooperation.store import open_store

PDF = b"%PDF-1.4 fake"


def add_draft(store, project_id, note="", comment=None):
    """A stored Vertrag version with a tiny PDF and, if given, one comment on it."""
    data = json.dumps(project_to_dict(store.load_project(project_id)))
    info = store.add_draft_version(project_id, "vertrag", "de", data, f"hash-{note}", [("pdf", "v.pdf", PDF)], note=note)
    if comment:
        store.add_comment(project_id, Comment(draft_id=info.id, clause_id="austritt", text=comment, author="Eva Ehrlich"))
    return info


@pytest.fixture
def office(store_url):
    """The network office's store: a SQLite file, then a PostgreSQL database."""
    with open_store(store_url) as store:
        yield store


@pytest.fixture
def laptop(tmp_path):
    with open_store(tmp_path / "laptop.sqlite3") as store:
        yield store


def bundle(store, project_id) -> bytes:
    project, drafts, known = store.prepare_bundle(project_id)
    base = store.common_state(project.id, [known[0].state_hash]) if known else None
    return write_bundle(project, drafts, known, base)


def take(store, data: bytes, **kw):
    plan = plan_merge(store, read_bundle(data), **kw)
    apply_plan(store, plan)
    return plan


def shared(office, laptop):
    """The demo project with one draft, handed to the laptop."""
    project = office.save_project(demo_project())
    add_draft(office, project.id, "erster", comment="Drei Monate Frist?")
    take(laptop, bundle(office, project.id))
    return project.id


def test_a_new_project_arrives_with_its_drafts_and_comments(office, laptop):
    """Taking over a file of a project the laptop does not have creates it with everything."""
    pid = shared(office, laptop)
    assert laptop.load_project(pid).name == office.load_project(pid).name
    (draft,) = laptop.get_drafts(pid)
    assert draft.files[0].content == PDF
    assert [c.text for c in draft.comments] == ["Drei Monate Frist?"]


def test_both_sides_edits_drafts_and_comments_are_all_kept(office, laptop):
    """Laptop and office each edit, draft and comment; after the merge the office has every
    edit, both new versions numbered after each other, and every comment."""
    pid = shared(office, laptop)
    mine = laptop.load_project(pid)
    mine.partners[1].city = "Metzingen"
    mine.goals.append(Goal(text="Vom Laptop"))
    mine.decisions["beitraege"].params["approval_limit_eur"] = 9000
    laptop.save_project(mine)
    (first,) = laptop.list_drafts(pid)
    laptop.add_comment(pid, Comment(draft_id=first.id, clause_id="austritt", text="Auf v1 ergänzt", author="Jan Laptop"))
    add_draft(laptop, pid, "laptop", comment="Vom Laptop kommentiert")
    ours = office.load_project(pid)
    ours.partners[1].need = "Im Büro ergänzt"
    ours.decisions["beitraege"].params["approval_limit_eur"] = 1000
    office.save_project(ours)
    add_draft(office, pid, "buero")

    plan = take(office, bundle(laptop, pid))
    assert plan.base_from == "store"
    merged = office.load_project(pid)
    assert (merged.partners[1].city, merged.partners[1].need) == ("Metzingen", "Im Büro ergänzt")
    assert merged.goals[-1].text == "Vom Laptop"
    decision = merged.decisions["beitraege"]
    assert decision.is_open and decision.note.startswith(OPEN_POINT)
    assert "9000" in decision.note and "1000" in decision.note
    drafts = office.get_drafts(pid)
    assert [(d.number, d.note) for d in drafts] == [(1, "erster"), (2, "buero"), (3, "laptop")]
    assert [c.text for c in drafts[2].comments] == ["Vom Laptop kommentiert"]
    assert [c.text for c in drafts[0].comments] == ["Drei Monate Frist?", "Auf v1 ergänzt"]


def test_taking_the_same_file_twice_changes_nothing_the_second_time(office, laptop):
    """The second time, the project's revision, drafts and comments stay as they are."""
    pid = shared(office, laptop)
    mine = laptop.load_project(pid)
    mine.decisions["beitraege"].params["approval_limit_eur"] = 9000
    laptop.save_project(mine)
    add_draft(laptop, pid, "laptop", comment="Neu")
    ours = office.load_project(pid)
    ours.decisions["beitraege"].params["approval_limit_eur"] = 1000
    office.save_project(ours)
    data = bundle(laptop, pid)
    take(office, data)
    revision, before = office.project_revision(pid), office.load_project(pid)
    plan = take(office, data)
    assert plan.changes_nothing
    assert office.project_revision(pid) == revision
    assert office.load_project(pid) == before
    assert len(office.get_drafts(pid)) == 2


def test_files_of_two_laptops_merge_to_the_same_project_in_either_order(tmp_path):
    """The office takes A's and B's files in either order: the same project, all drafts."""
    project = demo_project()
    results = []
    for order in ("ab", "ba"):
        with (open_store(tmp_path / f"o{order}.db") as office, open_store(tmp_path / f"a{order}.db") as a,
              open_store(tmp_path / f"b{order}.db") as b):
            office.save_project(project)
            start = bundle(office, project.id)
            take(a, start)
            take(b, start)
            pa = a.load_project(project.id)
            pa.partners[0].city = "Metzingen"
            pa.goals.append(Goal(text="A", id="00000000-0000-4000-8000-00000000000a"))
            a.save_project(pa)
            add_draft(a, project.id, "a")
            pb = b.load_project(project.id)
            pb.partners[0].need = "B braucht"
            pb.goals.append(Goal(text="B", id="00000000-0000-4000-8000-00000000000b"))
            b.save_project(pb)
            add_draft(b, project.id, "b")
            files = {"a": bundle(a, project.id), "b": bundle(b, project.id)}
            for side in order:
                take(office, files[side])
            merged = office.load_project(project.id)
            merged.updated_at = merged.created_at = None
            results.append((merged, sorted(d.note for d in office.get_drafts(project.id))))
    assert results[0] == results[1]
    assert results[0][0].partners[0].city == "Metzingen" and results[0][0].partners[0].need == "B braucht"
    assert results[0][1] == ["a", "b"]


def test_a_stale_plan_is_refused_and_stores_nothing(office, laptop):
    """The project changed between planning and storing: refused, nothing of the file stored."""
    pid = shared(office, laptop)
    mine = laptop.load_project(pid)
    mine.place = "Metzingen"
    laptop.save_project(mine)
    plan = plan_merge(office, read_bundle(bundle(laptop, pid)))
    office.update_project_fields(pid, description="Inzwischen geändert")
    with pytest.raises(ConflictError):
        apply_plan(office, plan)
    assert office.load_project(pid).place != "Metzingen"


# --- the command line --------------------------------------------------------------------------


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_bundle_edit_merge_and_dry_run(tmp_path, capsys):
    """bundle → merge into a second store → edit there → merge back; --dry-run shows the
    change and the conflict and stores nothing."""
    one, two, f1, f2 = tmp_path / "1.db", tmp_path / "2.db", tmp_path / "p.kooperation", tmp_path / "r.kooperation"
    with open_store(one) as store:
        pid = store.save_project(demo_project()).id
    assert run(capsys, "--db", one, "bundle", pid, "--out", f1)[0] == 0
    code, out, _err = run(capsys, "--db", two, "merge", f1)
    assert code == 0 and "Neues Projekt" in out
    with open_store(two) as store:
        p = store.load_project(pid)
        p.partners[0].city = "Metzingen"
        p.decisions["beitraege"].params["approval_limit_eur"] = 9000
        store.save_project(p)
    with open_store(one) as store:
        p = store.load_project(pid)
        p.decisions["beitraege"].params["approval_limit_eur"] = 1000
        store.save_project(p)
        revision = store.project_revision(pid)
    assert run(capsys, "--db", two, "bundle", pid, "--out", f2)[0] == 0
    code, out, _err = run(capsys, "--db", one, "merge", f2, "--dry-run")
    assert code == 0
    assert "Ort geändert" in out and "Konflikte (1;" in out and "Probelauf" in out
    with open_store(one) as store:
        assert store.project_revision(pid) == revision
        assert store.load_project(pid).partners[0].city != "Metzingen"
    code, out, _err = run(capsys, "--db", one, "merge", f2)
    assert code == 0 and "Übernommen" in out
    with open_store(one) as store:
        merged = store.load_project(pid)
    assert merged.partners[0].city == "Metzingen"
    assert merged.decisions["beitraege"].is_open


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture
def good_file(office):
    project = office.save_project(demo_project())
    return bundle(office, project.id)


def _newer(members):
    manifest = json.loads(members["manifest.json"])
    manifest["format_version"] = 99
    return {**members, "manifest.json": json.dumps(manifest).encode()}


def _tampered(members):
    doc = json.loads(members["projekt.json"])
    doc["project"]["name"] = "Verändert"
    return {**members, "projekt.json": json.dumps(doc).encode()}


@pytest.mark.parametrize("make, message", [
    (lambda m: _newer(m), "neueren Version"),
    (lambda m: _tampered(m), "Prüfsumme"),
    (lambda m: {**m, "../../etc/passwd": b"x"}, "unerwarteter Inhalt"),
    (lambda m: {"manifest.json": m["manifest.json"]}, "unvollständig"),
    (lambda m: {**m, "projekt.json": b"{" * 100000}, "kein gültiges JSON"),
    (lambda m: {**m, "projekt.json": b" " * (60 * 1024 * 1024)}, "ZIP-Bombe"),
])
def test_bad_files_are_refused_with_a_german_message(good_file, make, message):
    """Newer format, altered content, foreign names, missing parts, deep JSON, a zip bomb."""
    with pytest.raises(InputError, match=message):
        read_bundle(_zip(make(_members(good_file))))


def test_not_a_project_file_is_refused(capsys, tmp_path, office):
    """A JSON export, garbage, and a file of another project (--project): refused, nothing
    changes."""
    pid = office.save_project(demo_project()).id
    other = demo_project()
    other.name = "Anderes Projekt"
    office.save_project(other)
    with pytest.raises(InputError, match="JSON-Exportdatei"):
        read_bundle(b'{"format": "kooperation-projekt"}')
    with pytest.raises(InputError, match="kein gültiges ZIP"):
        read_bundle(b"PK\x03\x04 kaputt")
    target = tmp_path / "o.kooperation"
    target.write_bytes(bundle(office, other.id))
    revision = office.project_revision(pid)
    code, _out, err = run(capsys, "--db", office.location, "merge", target, "--project", pid)
    assert code == 1 and "gehört zum Projekt „Anderes Projekt“" in err and "Traceback" not in err
    assert office.project_revision(pid) == revision
