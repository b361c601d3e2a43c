"""The free points of the phase-4 board in the documents.

The workshop sheet "Kooperationsvereinbarung" has two lists besides the rule topics: "Diese
Vereinbarungen treffen wir" and "Darüber müssen wir uns verständigen". Agreed points become the
clause "Weitere Vereinbarungen" of the agreement; open points are highlighted there and listed in
the annex "Offene Punkte", like open rule topics. The project sketch shows both lists.
"""

from __future__ import annotations

import io

import docx
import pypdf
import pytest

from kooperation.domain.demo import demo_project
from kooperation.domain.meeting import BoardItem
from kooperation.drafting.build import BOARD_CLAUSE, build_agreement
from kooperation.drafting.docmodel import BulletList, Heading, Note, OpenMark
from kooperation.drafting.sketch import build_sketch
from kooperation.drafts import render

AGREED = "Alle Partner setzen die IT-Grundschutz-Bausteine des BSI für die Lernplattform um"
OPEN = "Schnittstellen zu den Warenwirtschaftssystemen der Betriebe"
HOSTILE = "<b>{{ 7*7 }}</b> & Łódź"


def flat(text: str) -> str:
    return " ".join(text.split())


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return flat("\n".join(parts))


def pdf_text(data: bytes) -> str:
    return flat("\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages))


@pytest.fixture
def project():
    p = demo_project()
    p.assessment.board = [BoardItem(AGREED, agreed=True), BoardItem(OPEN, agreed=False)]
    return p


def test_agreed_point_is_a_clause_of_the_agreement(project):
    """The agreed point stands in "§ n Weitere Vereinbarungen", in the model, the DOCX and the
    PDF, as a list item after a sentence that makes it part of the agreement."""
    doc = build_agreement(project)
    clause = doc.clause(BOARD_CLAUSE)
    assert clause is not None and clause.title == "Weitere Vereinbarungen"
    assert "vereinbaren die Partner Folgendes" in clause.text
    assert AGREED in clause.text
    assert "sie ändern sie nicht" in clause.text
    assert clause.explanation
    for text in (docx_text(render(doc, "docx")), pdf_text(render(doc, "pdf"))):
        assert AGREED in text
        assert f"§ {clause.number} Weitere Vereinbarungen" in text


def test_open_point_is_marked_in_place_and_listed_in_the_annex(project):
    """The open point is highlighted in the clause (with an open-point note) and is a row of the
    annex "Offene Punkte" that refers to that clause, in the DOCX and the PDF."""
    doc = build_agreement(project)
    clause = doc.clause(BOARD_CLAUSE)
    assert clause.open
    note = clause.blocks[0]
    assert isinstance(note, Note) and note.kind == "open"
    assert "einen weiteren Punkt" in note.text
    marks = [piece.label for b in clause.blocks if isinstance(b, BulletList) for item in b.items
             for piece in item if isinstance(piece, OpenMark)]
    assert marks == [OPEN]
    assert "begründen diese Punkte keine Pflichten" in clause.text
    points = [p for p in doc.open_points if p.id.startswith("board_")]
    assert [(p.label, p.clause_id) for p in points] == [(OPEN, BOARD_CLAUSE)]
    annex = next(a for a in doc.annexes if a.id == "anlage_offen")
    rows = annex.blocks[-1].rows
    assert any(row[1] == OPEN and row[2] == clause.heading for row in rows)
    for text in (docx_text(render(doc, "docx")), pdf_text(render(doc, "pdf"))):
        annex_part = text[text.rindex("Offene Punkte"):]
        assert OPEN in annex_part


def test_no_board_points_no_clause_and_nothing_changes():
    """Without board points the agreement has no such clause and its numbering is unchanged."""
    plain = build_agreement(demo_project())
    assert plain.clause(BOARD_CLAUSE) is None
    empty = demo_project()
    empty.assessment.board = [BoardItem("   ", agreed=True), BoardItem("")]
    doc = build_agreement(empty)
    assert doc.clause(BOARD_CLAUSE) is None
    assert [c.heading for c in doc.clauses()] == [c.heading for c in plain.clauses()]
    assert not any(p.id.startswith("board_") for p in doc.open_points)


def test_only_agreed_points_leave_no_open_point():
    """All board points agreed: the clause is there, without a note or an open point."""
    project = demo_project()
    project.assessment.board = [BoardItem(AGREED, agreed=True), BoardItem("Zweiter Punkt", agreed=True)]
    doc = build_agreement(project)
    clause = doc.clause(BOARD_CLAUSE)
    assert not clause.open and not any(isinstance(b, Note) for b in clause.blocks)
    assert "Zweiter Punkt" in clause.text and "verständigen" not in clause.text
    assert not any(p.id.startswith("board_") for p in doc.open_points)


def test_several_open_points_are_counted_in_words():
    """Two open points: "zwei weitere Punkte", both listed, each an open point of its own."""
    project = demo_project()
    project.assessment.board = [BoardItem("Erster offener Punkt"), BoardItem("Zweiter offener Punkt")]
    doc = build_agreement(project)
    clause = doc.clause(BOARD_CLAUSE)
    assert "Über zwei weitere Punkte" in clause.blocks[0].text
    assert "vereinbaren die Partner Folgendes" not in clause.text
    assert [p.label for p in doc.open_points if p.id.startswith("board_")] == [
        "Erster offener Punkt", "Zweiter offener Punkt"
    ]


def test_board_text_is_data_not_template_code(project):
    """A board point full of markup and template syntax is printed literally, on one line."""
    project.assessment.board = [BoardItem(HOSTILE + "\nzweite Zeile", agreed=True), BoardItem(HOSTILE)]
    doc = build_agreement(project)
    expected = HOSTILE + " zweite Zeile"
    assert expected in doc.clause(BOARD_CLAUSE).text
    assert any(p.label == HOSTILE for p in doc.open_points)
    for text in (docx_text(render(doc, "docx")), pdf_text(render(doc, "pdf"))):
        assert expected in text and HOSTILE in text


def test_sketch_lists_board_points_with_agreed_and_open_topics(project):
    """The project sketch's two lists carry the board points too."""
    doc = build_sketch(project)
    headings = [n for n, b in enumerate(doc.body) if isinstance(b, Heading)]
    agreed, still_open = doc.body[headings[-2] + 1], doc.body[headings[-1] + 1]
    assert isinstance(still_open, BulletList)
    assert f"Aus dem Workshop: {AGREED}" in agreed.text and OPEN not in agreed.text
    assert OPEN in still_open.text and still_open.open
    assert AGREED in pdf_text(render(doc, "pdf"))
