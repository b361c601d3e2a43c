"""The drafting layer: templates run sandboxed, user text stays data, open points are tracked."""

from __future__ import annotations

import pytest

from kooperation.domain.catalogue import load_catalogue
from kooperation.domain.demo import demo_project
from kooperation.domain.model import CooperationForm, DecisionStatus, Partner, Project, RuleDecision
from kooperation.drafting.build import build_agreement
from kooperation.drafting.docmodel import OpenMark, Paragraph, Ref, Text
from kooperation.drafting.engine import duration, parse_blocks, render_template
from kooperation.drafting.sketch import build_sketch
from kooperation.errors import RenderError

HOSTILE = ["{{ 7*7 }}", "<b>fett</b>", "{% for x in range(10**9) %}x{% endfor %}", "&amp; Müller & Söhne", "Łódź Ørsted Şahin"]


def test_user_text_is_never_template_code_or_markup():
    """A partner named like template code or markup appears literally in the agreement."""
    project = demo_project()
    project.partners.append(Partner(name="fünfter Partner"))
    for partner, name in zip(project.partners, HOSTILE, strict=True):
        partner.name = name
        partner.short_name = ""
    project.decisions["gegenstand"].params["subject"] = "<ref to=\"x\"/> {{ 7*7 }}\n\n- kein Listenpunkt"
    text = build_agreement(project).plain_text()
    for name in HOSTILE:
        assert name in text
    assert "49" not in text.replace("2049", "")
    assert '<ref to="x"/> {{ 7*7 }}' in text
    assert "- kein Listenpunkt" in text


def test_sandbox_refuses_unsafe_template_code():
    """A template cannot reach Python internals: the sandbox stops it with a clear error."""
    with pytest.raises(RenderError):
        render_template("{{ ''.__class__.__mro__[1].__subclasses__() }}", {}, "test")


def test_markup_parses_into_references_open_marks_and_lists():
    """Blank lines make paragraphs, '- ' makes list items, <ref/> and <open> become pieces."""
    blocks = parse_blocks('Erster <ref to="laufzeit"/> Absatz.\n\nZweiter <open>[offen: Frist]</open>\n- Punkt A\n- Punkt B', "t")
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Paragraph", "BulletList"]
    assert any(isinstance(p, Ref) and p.target == "laufzeit" for p in blocks[0].inlines)
    assert any(isinstance(p, OpenMark) for p in blocks[1].inlines)
    assert blocks[2].text == "Punkt A\nPunkt B"


@pytest.mark.parametrize(
    ("n", "unit", "case", "expected"),
    [(3, "months", "dat", "drei Monaten"), (1, "months", "dat", "einem Monat"), (6, "months", "acc", "sechs Monate"),
     (1, "weeks", "dat", "einer Woche"), (14, "days", "dat", "14 Tagen"), (3, "years", "acc", "drei Jahre")],
)
def test_durations_read_like_a_contract(n, unit, case, expected):
    """Numbers in periods are written out in the right grammatical case."""
    assert duration(n, unit, case) == expected


def test_demo_agreement_numbers_clauses_and_resolves_references():
    """Every § is numbered in order and every reference names an existing § or annex."""
    doc = build_agreement(demo_project())
    clauses = doc.clauses()
    assert [c.number for c in clauses] == list(range(1, len(clauses) + 1))
    assert len(clauses) >= 15
    targets = {f"§\u00a0{c.number}" for c in clauses} | {a.label for a in doc.annexes}
    for clause in clauses:
        for block in clause.blocks:
            for piece in getattr(block, "inlines", []):
                if isinstance(piece, Ref):
                    assert piece.label in targets
    assert "[Verweis auf eine entfallene Regelung]" not in doc.plain_text()


def test_open_topics_are_highlighted_in_place_and_listed_in_the_annex():
    """The demo's two open topics appear as open notes in their clauses and in the annex."""
    doc = build_agreement(demo_project())
    catalogue = load_catalogue()
    open_labels = {p.label for p in doc.open_points}
    assert catalogue.topic("ergebnisse").label.get_text() in open_labels
    assert catalogue.topic("abwerbung").label.get_text() in open_labels
    annex = next(a for a in doc.annexes if a.id == "anlage_offen")
    assert "Ergebnisse" in "\n".join(b.text for b in annex.blocks)
    open_clauses = [c for c in doc.clauses() if c.open]
    assert {c.topic for c in open_clauses} >= {"ergebnisse", "abwerbung"}
    assert "ProdTech wünscht ein Abwerbeverbot" in annex.blocks[-1].text


def test_missing_and_invalid_values_become_open_points_not_errors():
    """An empty project and nonsense parameters still give a draft, with open points."""
    project = Project(name="Leer", partners=[Partner(name="Allein GmbH")])
    project.decisions["austritt"] = RuleDecision("austritt", variant="ordentlich", status=DecisionStatus.AGREED, params={"notice_months": "viele", "notice_term": "nie"})
    project.decisions["steuerung"] = RuleDecision("steuerung", variant="koordinator", status=DecisionStatus.AGREED, params={"coordinator": "gibt-es-nicht"})
    doc = build_agreement(project)
    text = doc.plain_text()
    assert "[offen: Kündigungsfrist]" in text
    labels = [p.label for p in doc.open_points]
    assert "Kündigungsfrist" in labels and "Koordination durch" in labels
    assert "Kooperationsform" in labels


def test_every_form_gives_its_own_title():
    """The document title follows the chosen cooperation form."""
    project = demo_project()
    titles = set()
    for form in CooperationForm:
        project.form = form
        titles.add(build_agreement(project).title)
    assert "Konsortialvertrag" in titles and "Kooperationsvertrag" in titles and len(titles) == len(CooperationForm)


def test_sketch_has_partners_canvas_goals_roadmap_and_both_lists():
    """The project sketch carries the phase-4 sheet: agreed and still-to-settle points."""
    doc = build_sketch(demo_project())
    text = doc.plain_text()
    for expected in ("Die Partner", "Nutzenversprechen", "Ziele", "Roadmap", "Diese Vereinbarungen treffen wir", "Darüber müssen wir uns verständigen", "ProdTech Maschinenbau GmbH"):
        assert expected in text
    open_part = text.split("Darüber müssen wir uns verständigen", 1)[1]
    assert "Abwerbeverbot" in open_part and "Ergebnisse" in open_part
    assert not doc.show_signatures and not doc.show_toc


def test_paragraphs_of_a_clause_are_numbered():
    """A clause with several paragraphs numbers them (1), (2) …"""
    doc = build_agreement(demo_project())
    first = doc.clauses()[0]
    numbers = [b.number for b in first.blocks if isinstance(b, Paragraph)]
    assert numbers[:2] == [1, 2]
    assert all(isinstance(p, Text | Ref | OpenMark) for b in first.blocks if isinstance(b, Paragraph) for p in b.inlines)


GARBAGE = [None, "", "abc", -5, 10**12, 2.5, [], {}, True, "2027-13-45", ["nope"], float("nan")]


@pytest.mark.parametrize("garbage", GARBAGE, ids=repr)
def test_any_garbage_in_any_parameter_never_crashes_generation(garbage):
    """Whatever value a parameter holds, both documents are built; bad values become open points."""
    catalogue = load_catalogue()
    project = demo_project()
    for topic in catalogue.topics:
        for variant in topic.variants:
            params = {p.id: garbage for p in topic.params_for(variant.id)}
            project.decisions[topic.id] = RuleDecision(topic.id, variant=variant.id, status=DecisionStatus.AGREED, params=params)
            doc = build_agreement(project)
            assert doc.clauses()
    build_sketch(project)
