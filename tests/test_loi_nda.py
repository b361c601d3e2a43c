"""The letter of intent (Absichtserklärung) and the mutual NDA (Vertraulichkeitsvereinbarung):
drafted from the project's answers with their own clause libraries, numbered per kind, made on
the drafts page and the command line, and reviewed clause by clause like the agreement."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from kooperation.cli import main
from kooperation.domain.demo import demo_project
from kooperation.domain.model import DecisionStatus, RuleDecision
from kooperation.domain.versions import parse_version, version_label
from kooperation.drafting.documents import build_document
from kooperation.drafting.library import load_library
from kooperation.drafts import generate_draft, render_draft
from kooperation.render.docx_bookmarks import bookmark_name
from kooperation.store import open_store

KINDS = ("absichtserklaerung", "vertraulichkeit")
TITLES = {"absichtserklaerung": "Absichtserklärung", "vertraulichkeit": "Vertraulichkeitsvereinbarung"}
PARTNERS = ("ProdTech Maschinenbau GmbH", "Stadt Tübingen – Wirtschaftsförderung", "Bildungswerk Neckar-Alb e. V.")
# what each document must say for the demo project (values from its answers)
EXPECTED = {
    "absichtserklaerung": [
        "Ziel der Zusammenarbeit", "Aufbau und gemeinsamer Betrieb einer Lernfabrik",
        "Förderantrag beim Land einreichen",  # a goal of high priority
        "Beabsichtigte Form der Zusammenarbeit", "Vertragliche Kooperation",
        "Nächste Schritte", "Bedarfsanalyse bei 30 Betrieben", "1. März 2027",
        "Keine Bindung", "Kosten", "Keine Ausschließlichkeit", "Geltungsdauer", "sechs Monate",
        "Gerichtsstand", "Reutlingen", "Recht der Bundesrepublik Deutschland",
    ],
    "vertraulichkeit": [
        "Zweck", "Vertrauliche Informationen", "Pflichten des empfangenden Partners",
        "Zulässige Empfänger", "Ausnahmen", "Rückgabe und Löschung", "keine Lizenzen",
        "drei Jahre nach deren Ende", "Reutlingen", "einstweiligen Rechtsschutz",
        "Recht der Bundesrepublik Deutschland",
    ],
}


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u00ad", "").split())


@pytest.fixture(scope="module")
def rendered():
    """Each kind of the demo rendered once as DOCX and PDF (shared by the tests below)."""
    return {kind: render_draft(demo_project(), kind, ("docx", "pdf"), 1) for kind in KINDS}


def _files(rendered, kind):
    return {fmt: data for fmt, _name, data in rendered[kind].files}


@pytest.mark.parametrize("kind", KINDS)
def test_docx_and_pdf_carry_title_parties_draft_notice_and_the_clauses(rendered, kind):
    """Both files name the document, every partner, say ENTWURF with the advice of a legal
    review, and contain the expected clauses with the demo project's values."""
    files = _files(rendered, kind)
    document = docx.Document(io.BytesIO(files["docx"]))
    docx_text = "\n".join([p.text for p in document.paragraphs]
                          + [c.text for t in document.tables for r in t.rows for c in r.cells])
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(files["pdf"])).pages)
    for text in (_flat(docx_text), _flat(pdf_text)):
        assert TITLES[kind] in text
        for partner in PARTNERS:
            assert partner in text
        assert "ENTWURF" in text and "Rechtsanwältin oder einem Rechtsanwalt geprüft" in text
        for expected in EXPECTED[kind]:
            assert expected in text, expected
        # the document's own title over the project's name, not the agreement's
        assert f"{TITLES[kind]} Lernfabrik Neckar-Alb" in text and "Kooperationsvertrag Lernfabrik" not in text


@pytest.mark.parametrize("kind,most", [("absichtserklaerung", 3), ("vertraulichkeit", 4)])
def test_the_documents_are_short(rendered, kind, most):
    """No title page, no contents: the letter of intent fits on 3 pages, the NDA on 4."""
    pages = len(PdfReader(io.BytesIO(_files(rendered, kind)["pdf"])).pages)
    assert 1 <= pages <= most


@pytest.mark.parametrize("kind", KINDS)
def test_every_clause_is_bookmarked_for_the_review(rendered, kind):
    """The stored clauses are the library's (own ids, numbered § 1 …) and each is enclosed by
    its bookmark in the DOCX, where the review anchors Word comments."""
    draft = rendered[kind]
    library_ids = load_library(kind).clause_ids()
    ids = [c.id for c in draft.clauses]
    assert ids and set(ids) <= set(library_ids)
    assert all(cid.startswith("loi_" if kind == "absichtserklaerung" else "nda_") for cid in ids)
    assert draft.clauses[0].heading.startswith("§\u00a01 ")
    document = docx.Document(io.BytesIO(_files(rendered, kind)["docx"]))
    marks = {el.get(qn("w:name")) for el in document.element.body.iter(qn("w:bookmarkStart"))}
    assert {bookmark_name(cid) for cid in ids} <= marks


def test_nda_takes_over_the_confidentiality_topic():
    """An agreed penalty (with its maximum) and term reach the NDA; marking-only protection is
    followed; an undecided topic leaves the NDA with three years, no penalty and no open point."""
    project = demo_project()
    project.decisions["vertraulichkeit"] = RuleDecision(
        "vertraulichkeit", variant="vertragsstrafe", status=DecisionStatus.AGREED,
        params={"years_after": 5, "penalty_eur": 20000})
    doc = build_document(project, "vertraulichkeit")
    penalty = next(c for c in doc.clauses() if c.title == "Vertragsstrafe")
    assert "höchstens 20.000 € je Verstoß" in _flat(penalty.text)
    assert "fünf Jahre nach deren Ende" in _flat(doc.plain_text())

    project.decisions["vertraulichkeit"] = RuleDecision(
        "vertraulichkeit", variant="gekennzeichnet", status=DecisionStatus.AGREED, params={"years_after": 2})
    text = _flat(build_document(project, "vertraulichkeit").plain_text())
    assert "deutlich als vertraulich kennzeichnet" in text and "zwei Jahre nach deren Ende" in text

    project.decisions["vertraulichkeit"] = RuleDecision(
        "vertraulichkeit", variant="vertragsstrafe", status=DecisionStatus.OPEN, params={"penalty_eur": 20000})
    doc = build_document(project, "vertraulichkeit")
    assert "Vertragsstrafe" not in [c.title for c in doc.clauses()]
    assert "drei Jahre nach deren Ende" in _flat(doc.plain_text())
    assert doc.open_points == [] and not doc.annexes


def test_demo_nda_has_no_penalty_and_the_agreement_keeps_its_title():
    """The demo chose no penalty: the NDA has none; the agreement is still titled by its form."""
    assert "Vertragsstrafe" not in [c.title for c in build_document(demo_project(), "vertraulichkeit").clauses()]
    assert build_document(demo_project(), "vertrag").title == "Kooperationsvertrag"


def test_letter_of_intent_marks_what_is_still_open():
    """Without milestones and with the form still to be discussed, the letter of intent marks
    both and lists them in an annex "Offene Punkte" (absent when nothing is open)."""
    project = demo_project()
    project.milestones = []
    project.form_status = DecisionStatus.OPEN
    doc = build_document(project, "absichtserklaerung")
    form = next(c for c in doc.clauses() if c.id == "loi_form")
    assert "(noch zu besprechen)" in form.text
    assert "[offen: Meilensteine]" in next(c for c in doc.clauses() if c.id == "loi_schritte").text
    assert [a.title for a in doc.annexes] == ["Offene Punkte"]
    assert any(p.label == "Kooperationsform" for p in doc.open_points)
    assert build_document(demo_project(), "absichtserklaerung").annexes == []


# --- versions, file names, command line ---------------------------------------------------------


def test_each_kind_counts_its_own_versions(tmp_path):
    """Agreement, LoI, LoI, NDA: Vertrag v1, Absichtserklärung v1 and v2, Vertraulichkeits-
    vereinbarung v1, each with files named after it; the labels read back as versions."""
    store = open_store(tmp_path / "s.sqlite3")
    try:
        project = store.save_project(demo_project())
        out = tmp_path / "out"
        results = [generate_draft(store, project.id, kind, ["pdf"], out) for kind in
                   ("vertrag", "absichtserklaerung", "absichtserklaerung", "vertraulichkeit")]
        assert [(r.kind, r.number) for r in results] == [
            ("vertrag", 1), ("absichtserklaerung", 1), ("absichtserklaerung", 2), ("vertraulichkeit", 1)]
        assert results[2].files[0].name == "Lernfabrik_Neckar-Alb_Absichtserklaerung_v2.pdf"
        assert results[3].files[0].name == "Lernfabrik_Neckar-Alb_Vertraulichkeitsvereinbarung_v1.pdf"
        assert version_label("absichtserklaerung", 2) == "Absichtserklärung v2"
        assert version_label("vertraulichkeit", 1) == "Vertraulichkeitsvereinbarung v1"
        assert store.get_draft(project.id, 2, "absichtserklaerung").kind == "absichtserklaerung"
    finally:
        store.close()
    assert parse_version("Absichtserklärung v2") == ("absichtserklaerung", 2)
    assert parse_version("vertraulichkeit-1") == ("vertraulichkeit", 1)
    assert parse_version("nda-3") == ("vertraulichkeit", 3)


def test_cli_drafts_both_kinds_and_offers_them_for_review(capsys, tmp_path):
    """`kooperation draft --kind absichtserklaerung|vertraulichkeit` stores the versions; the
    review commands accept them (a comment on the NDA's first clause is stored)."""
    db = str(tmp_path / "s.sqlite3")
    assert main(["--db", db, "demo"]) == 0
    project_id = capsys.readouterr().out.strip()
    assert main(["--db", db, "draft", project_id, "--kind", "absichtserklaerung", "--format", "pdf"]) == 0
    assert "Absichtserklärung v1 gespeichert" in capsys.readouterr().out
    assert main(["--db", db, "draft", project_id, "--kind", "vertraulichkeit", "--format", "docx"]) == 0
    assert "Vertraulichkeitsvereinbarung v1 gespeichert" in capsys.readouterr().out
    code = main(["--db", db, "review", "comment", project_id, "vertraulichkeit-1", "--clause", "nda_zweck",
                 "--author", "Anna Berg", "--text", "Zweck enger fassen?"])
    out, err = capsys.readouterr()
    assert code == 0, err
    code = main(["--db", db, "review", "comments", project_id, "vertraulichkeit-1"])
    out, _err = capsys.readouterr()
    assert code == 0 and "Zweck enger fassen?" in out


def test_the_built_in_libraries_of_both_kinds_pass_the_check(capsys):
    """`kooperation templates check` finds nothing to complain about in the two new libraries."""
    from kooperation.drafting.library import templates_root

    for kind in KINDS:
        code = main(["templates", "check", str(templates_root() / kind / "de")])
        out, _err = capsys.readouterr()
        assert code == 0, out
        assert "Keine Fehler gefunden." in out
