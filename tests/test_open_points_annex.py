"""The open-points annex names every place the draft highlights as open, in the model and in
the DOCX a lawyer reads (a topic reaching over several §§ is listed with all of them)."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from kooperation.domain.demo import demo_project
from kooperation.domain.model import DecisionStatus, Partner
from kooperation.drafting.build import build_agreement
from kooperation.drafting.docmodel import BulletList, Document, Note, OpenMark, Paragraph
from kooperation.render.docx import render_docx
from kooperation.render.docx_bookmarks import clause_id_from_bookmark

OPEN_FILL = "FFF2CC"
OPEN_TOPICS = ("ergebnisse", "steuerung", "austritt", "haftung", "abwerbung")


def _fifteen_partners_several_open_topics():
    project = demo_project()
    for n in range(len(project.partners) + 1, 16):
        project.partners.append(Partner(name=f"Partner {n} GmbH", city="Reutlingen"))
    for topic in OPEN_TOPICS:
        project.decisions[topic].status = DecisionStatus.OPEN
    return project


PROJECTS = {"demo": demo_project, "15 Partner": _fifteen_partners_several_open_topics}


@pytest.fixture(scope="module", params=list(PROJECTS))
def agreement(request) -> Document:
    return build_agreement(PROJECTS[request.param]())


def _highlighted_in_model(doc: Document) -> set[str]:
    """Titles of the clauses that show something in yellow: an open note, an open paragraph or
    list, or an "[offen: …]" mark."""
    found = set()
    for clause in doc.clauses():
        for block in clause.blocks:
            marked = isinstance(block, Note) and block.kind == "open"
            marked |= isinstance(block, Paragraph | BulletList) and block.open
            inlines = block.inlines if isinstance(block, Paragraph) else []
            marked |= any(isinstance(piece, OpenMark) for piece in inlines)
            if marked:
                found.add(clause.title)
    return found


def _annex_places(doc: Document) -> list[str]:
    """The "Fundstelle" cells of the open-points annex."""
    annex = next(a for a in doc.annexes if a.id == "anlage_offen")
    table = next(b for b in annex.blocks if hasattr(b, "rows"))
    return [row[2] for row in table.rows]


def _named(places: list[str], doc: Document) -> set[str]:
    """Clause titles named in the annex's places (by their "§ n Title" headings)."""
    text = "\n".join(places)
    return {c.title for c in doc.clauses() if c.heading in text}


def test_annex_names_every_highlighted_clause(agreement):
    """Every clause highlighted as open is named in "Anlage – Offene Punkte", and the annex names
    no clause that is not highlighted."""
    highlighted = _highlighted_in_model(agreement)
    assert highlighted, "the project has open topics"
    assert _named(_annex_places(agreement), agreement) == highlighted


def test_topic_over_several_clauses_lists_them_all():
    """The demo's open topic "Ergebnisse" is highlighted in all its clauses (results, joint
    results, background, access rights, software, publications); its one annex row names all six
    places."""
    doc = build_agreement(demo_project())
    annex = next(a for a in doc.annexes if a.id == "anlage_offen")
    table = next(b for b in annex.blocks if hasattr(b, "rows"))
    row = next(r for r in table.rows if r[1].startswith("Ergebnisse"))
    assert row[2].split("\n") == [
        c.heading for c in doc.clauses() if c.topic == "ergebnisse"
    ]
    assert len(row[2].split("\n")) == 6


def _docx_highlighted_and_places(data: bytes) -> tuple[set[str], str]:
    """(ids of clauses with yellow paragraphs or runs, text of the annex's open-points table)."""
    body = docx.Document(io.BytesIO(data)).element.body
    inside: dict[str, str] = {}  # bookmark id -> clause id, while open
    highlighted: set[str] = set()
    for node in body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:shd"),
                          qn("w:highlight")):
        if node.tag == qn("w:bookmarkStart"):
            clause_id = clause_id_from_bookmark(node.get(qn("w:name")))
            if clause_id:
                inside[node.get(qn("w:id"))] = clause_id
        elif node.tag == qn("w:bookmarkEnd"):
            inside.pop(node.get(qn("w:id")), None)
        elif node.tag == qn("w:highlight") or (node.get(qn("w:fill")) or "").upper() == OPEN_FILL:
            highlighted.update(inside.values())
    tables = body.findall(qn("w:tbl"))
    annex_text = "\n".join(t.xpath("string(.)") for t in tables)
    return highlighted, annex_text


def test_docx_annex_names_every_highlighted_clause(agreement):
    """In the DOCX, every clause with yellow text is named in the open-points table."""
    highlighted, _ = _docx_highlighted_and_places(render_docx(agreement))
    titles = {c.id: c.title for c in agreement.clauses()}
    assert {titles[i] for i in highlighted} == _highlighted_in_model(agreement)
    body = docx.Document(io.BytesIO(render_docx(agreement))).element.body
    open_table = [t for t in body.findall(qn("w:tbl")) if "Fundstelle" in t.xpath("string(.)")]
    assert len(open_table) == 1
    cells = [row.findall(qn("w:tc"))[2].xpath("string(.)") for row in open_table[0].findall(qn("w:tr"))[1:]]
    for clause_id in highlighted:
        assert any(titles[clause_id] in cell for cell in cells), titles[clause_id]
