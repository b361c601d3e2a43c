"""Contradictions between parameters, and between a parameter and the partner list or the roadmap
(kooperation.domain.consistency): each rule finds its case with a message naming both values, the
draft marks every involved topic open with the message in the clause and in the open-points
annex, and realistic projects of 2 to 15 partners raise no false alarm."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

from kooperation.domain.catalogue import load_catalogue
from kooperation.domain.consistency import RULES, find_conflicts, needed
from kooperation.domain.demo import demo_project
from kooperation.domain.model import (
    CooperationForm,
    DecisionStatus,
    Partner,
    PartnerTier,
    Project,
    RuleDecision,
)
from kooperation.drafting.build import build_agreement
from kooperation.drafting.docmodel import Document, Note, Table
from kooperation.drafting.typography import typeset

CATALOGUE = load_catalogue()


def _set(project: Project, topic: str, variant: str | None = None, **params) -> None:
    decision = project.decisions.setdefault(topic, RuleDecision(topic))
    if variant is not None:
        decision.variant = variant
    decision.params.update(params)


def _partners(project: Project, count: int) -> Project:
    """The demo with ``count`` partners (the first ones kept, more added)."""
    del project.partners[count:]
    for k in range(len(project.partners) + 1, count + 1):
        project.partners.append(Partner(name=f"Partner {k} GmbH", city="Reutlingen", representative="die Geschäftsführung"))
    return project


@dataclass
class Case:
    rule: str
    change: Callable[[Project], object]
    says: tuple[str, ...]  # what the message must name (both values, the fix)
    fix: Callable[[Project], object] | None = None  # applying the suggested value clears it


CASES = {
    "mehrheit_alle": Case(
        "mehrheit_alle",
        lambda p: _set(p, "steuerung", majority_percent=80),
        ("4 Partnern", "80 %", "höchstens 75 %"),
        lambda p: _set(p, "steuerung", majority_percent=75),
    ),
    "mehrheit_alle (3 Partner, 75 %)": Case(
        "mehrheit_alle",
        lambda p: _partners(p, 3),
        ("3 Partnern", "75 %", "höchstens 66 %"),
        lambda p: _set(p, "steuerung", majority_percent=66),
    ),
    "quorum_alle": Case(
        "quorum_alle",
        lambda p: _set(p, "steuerung", quorum_percent=100),
        ("100 %", "Alle 4", "mit qualifizierter Mehrheit", "höchstens 75 %"),
        lambda p: _set(p, "steuerung", quorum_percent=75),
    ),
    "quorum_einer": Case(
        "quorum_einer",
        lambda p: _set(p, "steuerung", quorum_percent=25),
        ("25 %", "4 Partnern", "einziger", "mindestens 26 %"),
        lambda p: _set(p, "steuerung", quorum_percent=26),
    ),
    "aufnahme_alle": Case(
        "aufnahme_alle",
        lambda p: _set(p, "erweiterung", majority_percent=100),
        ("Aufnahme mit qualifizierter Mehrheit", "100 %", "aller 4", "höchstens 75 %"),
        lambda p: _set(p, "erweiterung", majority_percent=75),
    ),
    "aufnahme_leichter": Case(
        "aufnahme_leichter",
        lambda p: _set(p, "steuerung", decision_rule="einstimmig"),
        ("75 %", "3 von 4", "einstimmig", "4 von 4", "mindestens 76 %"),
        lambda p: _set(p, "erweiterung", majority_percent=76),
    ),
    "verlaengerung_mehrheit": Case(
        "verlaengerung_mehrheit",
        lambda p: (
            _set(p, "steuerung", decision_rule="einstimmig"),
            _set(p, "erweiterung", "einstimmig", time_extension="mehrheit"),
            _set(p, "laufzeit", "befristet", end_date="2030-12-31"),
        ),
        ("durch Beschluss mit der für Beschlüsse geltenden Mehrheit", "einstimmig"),
        lambda p: _set(p, "erweiterung", time_extension="einstimmig"),
    ),
    "fortsetzung_partner": Case(
        "fortsetzung_partner",
        lambda p: _set(p, "austritt", continuation_min=5),
        ("mindestens 5 Partner", "nur 4 Partner", "höchstens 3"),
        lambda p: _set(p, "austritt", continuation_min=3),
    ),
    "vorhaben_unbefristet": Case(
        "vorhaben_unbefristet",
        lambda p: _set(p, "gegenstand", "vorhaben"),
        ("Zeitlich begrenztes Vorhaben", "Unbefristet", "Bis zum Abschluss des Vorhabens"),
        lambda p: _set(p, "laufzeit", "befristet", end_date="2030-12-31"),
    ),
    "dauerhaft_vorhabenende": Case(
        "dauerhaft_vorhabenende",
        lambda p: _set(p, "laufzeit", "vorhabenende", end_date="2030-12-31"),
        ("Bis zum Abschluss des Vorhabens", "Dauerhafte Zusammenarbeit"),
        lambda p: _set(p, "gegenstand", "vorhaben"),
    ),
    "ende_vor_beginn": Case(
        "ende_vor_beginn",
        lambda p: _set(p, "laufzeit", "befristet", end_date="2027-02-01"),
        ("01.02.2027", "01.03.2027"),
    ),
    "austritt_nach_ende (Frist)": Case(
        "austritt_nach_ende",
        lambda p: (
            _set(p, "laufzeit", "befristet", end_date="2027-12-31"),
            _set(p, "austritt", min_months=0),
        ),
        ("beträgt 6 Monate", "eines Kalenderjahres", "31.12.2027", "Frist ist länger als die Laufzeit"),
        lambda p: _set(p, "austritt", notice_months=3, notice_term="quartal"),
    ),
    "austritt_nach_ende (frühester Austritt)": Case(
        "austritt_nach_ende",
        lambda p: _set(p, "laufzeit", "befristet", end_date="2028-06-30"),
        ("24 Monate", "30.06.2028", "niemand ordentlich austreten"),
        lambda p: _set(p, "austritt", min_months=6),
    ),
    "austritt_nach_ende (jederzeit)": Case(
        "austritt_nach_ende",
        lambda p: (
            _set(p, "laufzeit", "befristet", end_date="2027-06-30"),
            _set(p, "austritt", "jederzeit", notice_weeks=26),
        ),
        ("26 Wochen", "30.06.2027"),
        lambda p: _set(p, "austritt", notice_weeks=4),
    ),
    "wichtiger_grund_unbefristet": Case(
        "wichtiger_grund_unbefristet",
        lambda p: _set(p, "austritt", "wichtiger_grund"),
        ("Nur aus wichtigem Grund", "Unbefristet", "Kündigung mit Frist"),
        lambda p: _set(p, "austritt", "ordentlich"),
    ),
    "rotation_laufzeit": Case(
        "rotation_laufzeit",
        lambda p: (
            _partners(p, 15),
            _set(p, "steuerung", "gleichrangig", rotation_months=6),
            _set(p, "laufzeit", "befristet", end_date="2030-02-28"),
        ),
        (
            "15 Partnern",
            "6 Monate",
            "90 Monate",
            "28.02.2030",
            "Nur 6 der 15",
            "höchstens 2 Monate",
        ),
        lambda p: _set(p, "steuerung", rotation_months=2),
    ),
    "meilenstein_nach_ende": Case(
        "meilenstein_nach_ende",
        lambda p: _set(p, "laufzeit", "befristet", end_date="2028-06-30"),
        ("2 Meilensteine", "30.06.2028", "Regelbetrieb mit zahlenden Betrieben", "31.12.2028"),
        lambda p: _set(p, "laufzeit", end_date="2028-12-31"),
    ),
    "netzwerk_austritt": Case(
        "netzwerk_austritt",
        lambda p: (
            setattr(p, "form", CooperationForm.NETZWERK),
            _set(p, "austritt", "wichtiger_grund"),
            _set(p, "laufzeit", "befristet", end_date="2030-12-31"),
        ),
        ("loses Netzwerk", "Nur aus wichtigem Grund", "Jederzeit mit kurzer Frist"),
        lambda p: setattr(p, "form", CooperationForm.VERTRAG),
    ),
    "netzwerk_budget": Case(
        "netzwerk_budget",
        lambda p: (setattr(p, "form", CooperationForm.NETZWERK), _set(p, "beitraege", "budget")),
        ("loses Netzwerk", "2.500,00\xa0€", "Jeder trägt seine Kosten"),
        lambda p: _set(p, "beitraege", "kostenschluessel"),
    ),
    "beitrag_assoziiert": Case(
        "beitrag_assoziiert",
        lambda p: (
            p.partners.append(Partner(name="Handwerkskammer Reutlingen", city="Reutlingen", tier=PartnerTier.ASSOZIIERT)),
            _set(p, "beitraege", "budget", associated_contribution_eur=3000),
        ),
        ("3.000,00\xa0€", "2.500,00\xa0€", "kein Stimmrecht", "höchstens 2.500,00\xa0€"),
        lambda p: _set(p, "beitraege", associated_contribution_eur=2500),
    ),
    "netzwerk_vertrieb": Case(
        "netzwerk_vertrieb",
        lambda p: (setattr(p, "form", CooperationForm.NETZWERK), _set(p, "einnahmen", "gemeinsam")),
        ("Gemeinsamer Vertrieb im Namen aller (GbR)", "rechtsfähige GbR", "persönlich haftet",
         "loses Netzwerk", "Jeder Partner verkauft selbst"),
        lambda p: _set(p, "einnahmen", "eigener_vertrieb"),
    ),
    "lenkungskreis_groesse": Case(
        "lenkungskreis_groesse",
        lambda p: _set(p, "steuerung", bodies="versammlung", committee_size=4),
        ("4 Mitglieder", "nur 4", "höchstens 3 Mitglieder", "Ein Lenkungskreis, in dem alle Partner"),
        lambda p: _set(p, "steuerung", committee_size=3),
    ),
    "lenkungskreis_groesse (3 Partner)": Case(
        "lenkungskreis_groesse",
        lambda p: (_partners(p, 3), _set(p, "steuerung", bodies="versammlung", committee_size=3)),
        ("Mit 3 stimmberechtigten Partnern", "mindestens drei Mitgliedern", "Ein Lenkungskreis, in dem alle Partner"),
        lambda p: _set(p, "steuerung", bodies="lenkungskreis"),
    ),
    "lenkungskreis_mehrheit_alle": Case(
        "lenkungskreis_mehrheit_alle",
        lambda p: (_partners(p, 6), _set(p, "steuerung", bodies="versammlung", committee_size=3)),
        ("3 Mitglieder", "75 %", "höchstens 66 %", "vergrößern Sie den Lenkungskreis"),
        lambda p: _set(p, "steuerung", majority_percent=66),
    ),
    "lenkungskreis_quorum_alle": Case(
        "lenkungskreis_quorum_alle",
        lambda p: (
            _partners(p, 6),
            _set(p, "steuerung", bodies="versammlung", committee_size=3, decision_rule="einfach",
                 quorum_percent=80),
        ),
        ("80 %", "3 Mitgliedern", "Alle 3", "höchstens 66 %"),
        lambda p: _set(p, "steuerung", quorum_percent=66),
    ),
    "lenkungskreis_quorum_einer": Case(
        "lenkungskreis_quorum_einer",
        lambda p: (
            _partners(p, 6),
            _set(p, "steuerung", bodies="versammlung", committee_size=3, quorum_percent=30),
        ),
        ("30 %", "3 Mitgliedern", "mindestens 34 %"),
        lambda p: _set(p, "steuerung", quorum_percent=34),
    ),
    "netzwerk_vertrieb (für gemeinsame Rechnung)": Case(
        "netzwerk_vertrieb",
        lambda p: setattr(p, "form", CooperationForm.NETZWERK),
        ("loses Netzwerk", "Ein Partner verkauft für gemeinsame Rechnung",
         "Anteil an den Einnahmen", "verbindliche Kooperationsform"),
        lambda p: setattr(p, "form", CooperationForm.VERTRAG),
    ),
}


def _case_project(name: str) -> Project:
    project = demo_project()
    CASES[name].change(project)
    return project


def _conflict(project: Project, rule: str):
    found = [c for c in find_conflicts(project) if c.rule == rule]
    assert len(found) == 1, [c.rule for c in find_conflicts(project)]
    return found[0]


def test_every_rule_has_a_case():
    """Whoever adds a rule adds a project that triggers it here."""
    assert {spec.id for spec in RULES} == {case.rule for case in CASES.values()}


def test_the_demo_raises_no_contradiction():
    """The example project is consistent, with its 4 partners and with 15."""
    assert find_conflicts(demo_project()) == []
    assert find_conflicts(_partners(demo_project(), 15)) == []


@pytest.fixture(scope="module", params=list(CASES))
def built(request) -> tuple[str, Project, Document]:
    project = _case_project(request.param)
    return request.param, project, build_agreement(project)


def test_each_rule_names_both_values_and_the_fix(built):
    """The message names the values that contradict each other and what to change."""
    name, project, _doc = built
    conflict = _conflict(project, CASES[name].rule)
    for words in CASES[name].says:
        assert words in conflict.message, words
    assert conflict.topics and all(t in CATALOGUE.topic_ids for t in conflict.topics)


def test_each_rule_marks_its_topics_open_in_the_draft(built):
    """Every clause of every involved topic is highlighted, and the topic's first clause carries
    the message in its open-point note, even when the partners have agreed on the topic."""
    name, project, doc = built
    conflict = _conflict(project, CASES[name].rule)
    for topic in conflict.topics:
        assert project.decision(topic).status is DecisionStatus.AGREED or topic == "abwerbung"
        clauses = [c for c in doc.clauses() if c.topic == topic]
        assert clauses, topic
        assert all(c.open for c in clauses), topic
        message = typeset(conflict.message)  # as the draft prints it
        notes = [b for b in clauses[0].blocks if isinstance(b, Note) and b.kind == "open"]
        assert any(message in n.text for n in notes), topic
        assert all(
            message not in b.text for c in clauses[1:] for b in c.blocks if isinstance(b, Note)
        )


def test_each_rule_is_listed_in_the_open_points_annex(built):
    """The annex "Offene Punkte" lists the contradiction once, with the message and every
    highlighted paragraph of the involved topics."""
    name, project, doc = built
    conflict = _conflict(project, CASES[name].rule)
    message = typeset(conflict.message)  # as the draft prints it
    points = [p for p in doc.open_points if p.id == conflict.id]
    assert len(points) == 1 and points[0].note == message
    annex = next(a for a in doc.annexes if a.id == "anlage_offen")
    table = next(b for b in annex.blocks if isinstance(b, Table))
    rows = [r for r in table.rows if r[3] == message]
    assert len(rows) == 1
    assert rows[0][1].startswith("Widerspruch: ")
    for clause in doc.clauses():
        if clause.topic in conflict.topics:
            assert clause.heading in rows[0][2]


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.fix is not None])
def test_following_the_message_resolves_the_contradiction(name):
    """Doing what the message says (the computed limit, the other variant) ends the contradiction."""
    project = _case_project(name)
    CASES[name].fix(project)
    assert CASES[name].rule not in {c.rule for c in find_conflicts(project)}


def test_a_resolved_contradiction_leaves_an_agreed_topic_agreed_in_the_draft():
    """Once the value fits again, the draft prints the regulation without note or open point."""
    project = _case_project("fortsetzung_partner")
    CASES["fortsetzung_partner"].fix(project)
    doc = build_agreement(project)
    assert not any(c.open for c in doc.clauses() if c.topic == "austritt")
    assert not any(p.id.startswith("widerspruch_") for p in doc.open_points)


def test_a_topic_that_is_open_and_contradictory_has_both_notes_and_both_points():
    """An undecided topic keeps its own open point; the contradiction comes next to it."""
    project = _case_project("fortsetzung_partner")
    project.decisions["austritt"].status = DecisionStatus.OPEN
    doc = build_agreement(project)
    first = doc.clause("austritt")
    notes = [b.text for b in first.blocks if isinstance(b, Note)]
    assert len(notes) == 2 and "verständigen" in notes[0] and "Widerspruch" in notes[1]
    ids = [p.id for p in doc.open_points]
    assert "thema_austritt" in ids and "widerspruch_fortsetzung_partner" in ids


# --- no false alarms --------------------------------------------------------------------------


def _koko() -> Project:
    """A KoKo-like alliance: 13 partners and 2 strategic partners, a three-year funded project
    with a coordinating partner, qualified majorities and a fixed term."""
    project = _partners(demo_project(), 15)
    for partner in project.partners[13:]:
        partner.tier = PartnerTier.ASSOZIIERT
    _set(project, "gegenstand", "vorhaben")
    _set(
        project,
        "steuerung",
        "federfuehrung",
        decision_rule="qualifiziert",
        majority_percent=67,
        quorum_percent=50,
    )
    _set(project, "erweiterung", "mehrheit", majority_percent=75, time_extension="mehrheit")
    _set(
        project,
        "austritt",
        "ordentlich",
        notice_months=3,
        notice_term="quartal",
        min_months=12,
        continuation_min=8,
    )
    _set(project, "laufzeit", "vorhabenende", start_date="2027-01-01", end_date="2029-12-31")
    _set(project, "beitraege", "budget", annual_contribution_eur=1200)
    return project


def test_a_fifteen_partner_alliance_raises_no_contradiction():
    """15 partners with choices that fit together give no false alarm and a draft whose only
    open points are the demo's two open topics."""
    project = _koko()
    assert find_conflicts(project) == []
    doc = build_agreement(project)
    assert {p.id for p in doc.open_points} == {"thema_ergebnisse", "thema_abwerbung"}


@pytest.mark.parametrize("count", range(2, 16))
def test_the_suggested_values_never_contradict_each_other(count):
    """For 2 to 15 partners, every topic at any of its variants with the catalogue's suggested
    values raises no contradiction (the suggestions a user starts from are consistent)."""
    for k in range(3):
        project = _partners(demo_project(), count)
        project.decisions = {
            t.id: RuleDecision(
                t.id, variant=t.variants[k % len(t.variants)].id, status=DecisionStatus.AGREED
            )
            for t in CATALOGUE.topics
        }
        if project.decisions["austritt"].variant == "wichtiger_grund":
            continue  # needs a fixed term, which has no suggestion
        assert find_conflicts(project) == [], (count, k)


def test_majority_arithmetic():
    """ "Mindestens p % von n Stimmen" in whole votes, as the messages count them."""
    assert [needed(75, n) for n in (2, 3, 4, 15)] == [2, 3, 3, 12]
    assert [needed(50, n) for n in (2, 3, 4)] == [1, 2, 2]
    assert needed(100, 7) == 7 and needed(66, 3) == 2 and needed(67, 3) == 3


def test_date_overflow_and_open_values_do_not_break_the_rules():
    """Extreme or missing values give no error: the last possible date, no start, no partners."""
    project = demo_project()
    _set(project, "laufzeit", "befristet", end_date="9999-12-31")
    _set(project, "steuerung", "gleichrangig", rotation_months=36)
    project.decisions["laufzeit"].params.pop("start_date")
    assert find_conflicts(project) == []
    project.partners.clear()
    assert find_conflicts(project) == []
    assert find_conflicts(Project(name="leer")) == []
    assert date.max.year == 9999


def test_the_command_line_lists_the_contradictions(capsys, tmp_path):
    """`kooperation show` marks a contradictory topic open and prints the message."""
    from kooperation.cli import main
    from kooperation.store import open_store

    store = open_store(tmp_path / "cli.sqlite3")
    saved = store.save_project(_case_project("fortsetzung_partner"))
    store.close()
    assert main(["--db", str(tmp_path / "cli.sqlite3"), "show", saved.id]) == 0
    out = capsys.readouterr().out
    assert "[offen] Austritt und Beendigung" in out
    assert "Widersprüche:" in out and "mindestens 5 Partner verbleiben" in out
