"""The project sketch stays on at most two pages, as the app promises, for the demo and for a
KoKo-like alliance of 15 partners with a dozen goals and a three-year roadmap, and it does so
without leaving out what a reader needs: every partner with need and contributions, every goal
with its owner, every milestone, the form, every agreed and every open topic."""

from __future__ import annotations

import io

import pypdf
import pytest

from kooperation.domain.catalogue import check_decision, load_catalogue
from kooperation.domain.demo import demo_project
from kooperation.domain.meeting import BoardItem
from kooperation.drafting.docmodel import Figure, Table
from kooperation.drafting.sketch import build_sketch
from kooperation.render.pdf import render_pdf
from sketch_projects import koko_project

PROJECTS = {"demo": demo_project, "koko": koko_project}


def flat(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


@pytest.fixture(scope="module", params=sorted(PROJECTS))
def sketch(request):
    """(project, document, PDF bytes) of the sketch of one project."""
    project = PROJECTS[request.param]()
    doc = build_sketch(project)
    return project, doc, render_pdf(doc)


def pages(pdf: bytes) -> list[str]:
    return [flat(p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_sketch_has_at_most_two_pages(sketch):
    """The sketch of the demo and of a 15-partner alliance fits on one or two A4 pages."""
    _, _, pdf = sketch
    assert 1 <= len(pages(pdf)) <= 2


def test_sketch_keeps_what_a_reader_needs(sketch):
    """Fitting on two pages drops nothing: every partner with sector, need and contributions,
    every goal with horizon, priority and owner, every milestone, the form and each topic."""
    project, doc, pdf = sketch
    text = " ".join(pages(pdf))
    tables = [b for b in doc.body if isinstance(b, Table)]
    partner_rows = next(t for t in tables if t.header[0] == "Partner").rows
    assert len(partner_rows) == len(project.partners)
    for partner, row in zip(project.partners, partner_rows, strict=True):
        assert flat(partner.name) in flat(row[0]) and flat(row[1]) == flat(partner.need) and flat(row[2]) == flat(partner.contributions)
        for piece in (partner.name, partner.need, partner.contributions):
            assert flat(piece)[:40] in text, piece
    goal_rows = next(t for t in tables if t.header[0] == "Ziel").rows
    assert sorted(flat(r[0]) for r in goal_rows) == sorted(flat(g.text) for g in project.goals)
    assert all(r[1] and r[2] for r in goal_rows)  # horizon, priority and owner in every row
    roadmap = next(b for b in doc.body if isinstance(b, Figure))
    assert [i["title"] for i in roadmap.data["items"]] == [m.title for m in project.milestones]
    assert "Kooperationsform: Vertragliche Kooperation" in text
    catalogue = load_catalogue()
    for topic in catalogue.topics:
        checked = check_decision(topic, project.decision(topic.id), project)
        label = flat(topic.label.get_text())
        assert f"{label}:" in text, label
        if not checked.is_open:
            assert flat(checked.variant.label.get_text()) in text


def test_large_alliance_is_set_dense_and_the_demo_is_not():
    """Only a large alliance gets the smaller tables and the tighter roadmap; the demo keeps the
    normal size and shows sector and role below each partner's name."""
    demo = build_sketch(demo_project())
    koko = build_sketch(koko_project())
    assert not any(t.dense for t in demo.body if isinstance(t, Table))
    assert all(t.dense for t in koko.body if isinstance(t, Table))
    assert "row" not in next(b for b in demo.body if isinstance(b, Figure)).data
    assert next(b for b in koko.body if isinstance(b, Figure)).data["row"] < 12.5
    partners = next(t for t in demo.body if isinstance(t, Table)).rows
    assert partners[0][0] == "ProdTech Maschinenbau GmbH\nWirtschaft, Lead-Partner"
    assert partners[1][0].endswith("\nWissenschaft")  # an ordinary partner: the column says so


def test_large_sketch_leaves_room_for_more_topics():
    """Headroom for topics still to come: with the catalogue's 21 topics, the 15-partner sketch
    with four more agreed points (about four more topics' worth of text) still fits on two
    pages (five no longer do: the next topics need the layout tightened again)."""
    project = koko_project()
    project.assessment.board = [
        BoardItem(f"Zusätzliche Vereinbarung {n}: eine Regelung von ungefähr der Länge einer Variante", agreed=True)
        for n in range(4)
    ]
    assert len(pages(render_pdf(build_sketch(project)))) <= 2
