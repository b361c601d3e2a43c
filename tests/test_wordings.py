"""Agreed clause wordings: stored with the project, undoable edits, exported, printed in the next
draft instead of the library text, flagged when the library changes, references that follow."""

from __future__ import annotations

import io
import json
import shutil

import pypdf
import pytest

from kooperation.domain.catalogue import load_catalogue
from kooperation.domain.changes import apply_to, diff_projects, row_change
from kooperation.domain.demo import demo_project
from kooperation.domain.serialize import dumps_document, export_document, parse_document
from kooperation.domain.wording import (
    ClauseRef,
    Wording,
    parse_wording,
    wording_problem,
    wording_text,
)
from kooperation.drafting.build import DocumentBuilder, build_agreement
from kooperation.drafting.library import load_library, load_library_from, templates_root
from kooperation.drafting.wordings import (
    ADOPTED,
    editable_text,
    new_wording,
    parameter_hits,
    proposal_text,
    reference_targets,
    wording_infos,
)
from kooperation.drafts import render_draft
from kooperation.errors import ConflictError
from kooperation.review.docx_read import read_review_docx
from kooperation.store import open_store

EXIT = "austritt"
HOSTILE = "Jeder Partner kann mit einer Frist von drei Monaten austreten; {{ 7*7 }} und <b>fett</b> bleiben Text."


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


def adopted(project, clause_id: str, text: str, **kw) -> Wording:
    """A wording for ``clause_id`` as typed, numbers read against the draft as it is now."""
    return new_wording(project, clause_id, text, reference_targets(build_agreement(project)), **kw)


# --- the text and its references -------------------------------------------------------------


def test_paragraphs_list_items_and_references_are_read_from_the_text():
    """Lines are paragraphs, "- " starts a list item, "§ 12" of the version becomes a reference;
    a statute ("§ 705 BGB") and an unknown number stay text."""
    paragraphs = parse_wording("Erstens nach § 12.\n\n- a {{ x }}\n- b <b>\n§ 705 BGB und § 99", {"§ 12": "laufzeit"})
    assert [p.item for p in paragraphs] == [False, True, True, False]
    assert paragraphs[0].pieces == ("Erstens nach ", ClauseRef("laufzeit"), ".")
    assert paragraphs[1].pieces == ("a {{ x }}",)
    assert paragraphs[3].pieces == ("§ 705 BGB und § 99",)
    assert wording_text(paragraphs, {"laufzeit": "§ 17"}).splitlines()[0] == "Erstens nach § 17."


def test_an_empty_wording_cannot_be_stored():
    """A wording without text is refused with a German message."""
    assert "leer" in wording_problem(parse_wording(" \n \n"))
    assert wording_problem(parse_wording("Text")) is None


# --- store: adopt, edit, revert, conflicts ---------------------------------------------------


def test_adopt_edit_and_revert_are_stored_row_by_row(store):
    """Each change is stored at once and reads back the same; the revert removes the row."""
    project = store.save_project(demo_project())
    first = adopted(project, EXIT, HOSTILE, source="comment", comment_id=None, author="Dr. Berg")
    store.apply_changes(project.id, row_change("wordings", EXIT, None, first))
    loaded = store.load_project(project.id)
    assert loaded.wordings == {EXIT: first}
    edited = adopted(loaded, EXIT, HOSTILE + "\n- Punkt")
    assert edited.id == first.id
    store.apply_changes(project.id, row_change("wordings", EXIT, first, edited))
    assert store.load_project(project.id).wordings[EXIT].paragraphs[-1].item is True
    store.apply_changes(project.id, row_change("wordings", EXIT, edited, None))
    assert store.load_project(project.id).wordings == {}


def test_an_edit_from_a_stale_base_is_refused(store):
    """A second window that still holds the old wording cannot overwrite the first one's edit."""
    project = store.save_project(demo_project())
    base = adopted(project, EXIT, "Fassung A")
    store.apply_changes(project.id, row_change("wordings", EXIT, None, base))
    mine = adopted(store.load_project(project.id), EXIT, "Fassung B")
    theirs = adopted(store.load_project(project.id), EXIT, "Fassung C")
    store.apply_changes(project.id, row_change("wordings", EXIT, base, mine))
    with pytest.raises(ConflictError) as err:
        store.apply_changes(project.id, row_change("wordings", EXIT, base, theirs))
    assert "Austritt eines Partners" in str(err.value)
    assert wording_text(store.load_project(project.id).wordings[EXIT].paragraphs, {}) == "Fassung B"
    other = adopted(project, EXIT, "Fassung D")  # a new wording where one exists meanwhile
    with pytest.raises(ConflictError):
        store.apply_changes(project.id, row_change("wordings", EXIT, None, other))


def test_diff_and_apply_carry_wordings():
    """The change between two states of a project names the wording, and replays it."""
    before = demo_project()
    after = apply_to(before, row_change("wordings", EXIT, None, adopted(before, EXIT, "Neu")))
    changes = diff_projects(before, after)
    assert [(r.kind, r.key) for r in changes.rows] == [("wordings", EXIT)]
    assert apply_to(before, changes).wordings == after.wordings
    assert apply_to(after, changes.inverse()).wordings == {}


# --- the project file ----------------------------------------------------------------------------


def test_wordings_travel_in_the_project_file_and_old_files_still_import(store, tmp_path):
    """Export, import into another store: the wording is there; a file without wordings (as
    earlier versions wrote) imports with none."""
    project = demo_project()
    term = build_agreement(project).clause("laufzeit").number
    project.wordings[EXIT] = adopted(project, EXIT, HOSTILE + f" Siehe § {term}.", source="comment", author="Dr. Berg")
    text = dumps_document(export_document(project))
    assert '"wordings"' in text and '"ref": "laufzeit"' in text
    read, _drafts = parse_document(text)
    assert read.wordings == project.wordings
    with open_store(tmp_path / "other.sqlite3") as other:
        assert other.import_project(read).wordings == project.wordings
        copy = other.import_project(read, mode="copy")
        assert copy.wordings[EXIT].id != project.wordings[EXIT].id
    old = json.loads(dumps_document(export_document(demo_project())))
    assert "wordings" not in old["project"]
    assert parse_document(json.dumps(old))[0].wordings == {}


def test_a_broken_wording_in_a_file_is_refused_with_its_field():
    """A wording whose piece is neither text nor a reference names the field."""
    project = demo_project()
    project.wordings[EXIT] = adopted(project, EXIT, "Text")
    doc = export_document(project)
    doc["project"]["wordings"][0]["paragraphs"][0]["pieces"] = [{"bold": "x"}]
    with pytest.raises(Exception) as err:
        parse_document(json.dumps(doc))
    assert "wordings[0]" in str(err.value)


# --- drafting --------------------------------------------------------------------------------


def test_the_next_draft_prints_the_wording_literally_with_the_library_title():
    """The clause keeps its title, is marked adopted, and prints template code and markup as
    written; the DOCX read back holds exactly that text."""
    project = demo_project()
    project.wordings[EXIT] = adopted(project, EXIT, HOSTILE)
    doc = build_agreement(project)
    clause = doc.clause(EXIT)
    assert clause.title == "Austritt eines Partners" and clause.wording == ADOPTED
    assert clause.text == HOSTILE and not clause.wording_recheck
    rendered = render_draft(project, formats=["docx", "pdf"])
    files = {fmt: data for fmt, _name, data in rendered.files}
    read = next(c for c in read_review_docx(files["docx"]).clauses if c.id == EXIT)
    assert read.text == HOSTILE
    pdf = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(files["pdf"])).pages)
    assert "{{ 7*7 }} und <b>fett</b> bleiben Text." in pdf
    assert "mit einer Frist von sechs Monaten" not in clause.text


def test_a_reference_follows_when_a_clause_before_it_disappears():
    """A wording that cites the consequences of leaving ("§ n") cites "§ n-1" once the exclusion
    clause before it is no longer in the agreement."""
    project = demo_project()
    doc = build_agreement(project)
    n = doc.clause("austritt_folgen").number
    assert doc.clause("ausschluss").number == n - 1
    project.wordings["beendigung"] = adopted(project, "beendigung", f"Die Kooperation endet nach § {n}.")
    project.decisions["austritt"].params["exclusion"] = False
    doc = build_agreement(project)
    assert doc.clause("ausschluss") is None
    assert doc.clause("austritt_folgen").number == n - 1
    assert doc.clause("beendigung").text == f"Die Kooperation endet nach §\u00a0{n - 1}."
    assert f"§ {n - 1}" in wording_infos(project, doc)["beendigung"].text  # as typed in the dialog


def test_a_library_update_underneath_flags_the_clause(tmp_path):
    """When the library text of the clause changes after the adoption, the clause is flagged for
    a re-check (the wording is still printed)."""
    project = demo_project()
    project.wordings[EXIT] = adopted(project, EXIT, "Vereinbarte Fassung.")
    folder = tmp_path / "vertrag" / "de"
    shutil.copytree(templates_root() / "vertrag" / "de", folder)
    path = next(p for p in folder.glob("*.yaml") if "id: austritt\n" in p.read_text("utf-8"))
    source = path.read_text("utf-8")
    assert "mit einer Frist von" in source
    path.write_text(source.replace("mit einer Frist von", "unter Einhaltung einer Frist von", 1), "utf-8")
    updated = load_library_from(folder)
    clause = DocumentBuilder(project, updated, load_catalogue()).build().clause(EXIT)
    assert clause.wording_recheck and clause.text == "Vereinbarte Fassung."
    same = DocumentBuilder(project, load_library("vertrag"), load_catalogue()).build().clause(EXIT)
    assert not same.wording_recheck


def test_parameters_written_into_the_wording_are_named():
    """The notice period and the earliest exit as fixed text are found; "drei Monaten" is no
    count of partners; a wording without them names none."""
    project = demo_project()
    text = "Austritt mit einer Frist von sechs Monaten, frühestens 24 Monate nach Beginn; drei Monate Ruhe."
    hits = parameter_hits(project, EXIT, parse_wording(text))
    assert {(h.param_id, h.found) for h in hits} == {("notice_months", "sechs Monaten"), ("min_months", "24 Monate")}
    assert parameter_hits(project, EXIT, parse_wording("Austritt jederzeit.")) == []
    project.wordings[EXIT] = adopted(project, EXIT, text)
    assert [h.label for h in wording_infos(project, build_agreement(project))[EXIT].hits] == ["Kündigungsfrist", "Frühester Austritt nach Beginn"]


def test_a_proposal_from_a_document_keeps_list_items_and_drops_the_banner():
    """A proposed text read from a DOCX (no list markers, the open-point box still in it) becomes
    the editable form: list items get "- " again, the unchanged banner goes."""
    doc = build_agreement(demo_project())
    clause = doc.clause("beendigung")
    read = clause.text.replace("durch Beschluss", "durch einstimmigen Beschluss")
    text = proposal_text(read, clause)
    assert text == editable_text(clause).replace("durch Beschluss", "durch einstimmigen Beschluss")
    assert text.splitlines()[1].startswith("- durch einstimmigen")
    opened = doc.clause("ergebnisse")
    assert opened.text.startswith("Offener Punkt\n")
    assert "Offener Punkt" not in proposal_text(opened.text, opened)
