"""A network office that is not a partner coordinates, a members' assembly next to an elected
steering committee, and partner pickers for jobs of the cooperation that offer only full partners
(issue 11, "Partner tiers and a network office")."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from kooperation.domain.catalogue import default_value, load_catalogue
from kooperation.domain.checks_logic import data_warnings
from kooperation.domain.consistency import find_conflicts
from kooperation.domain.demo import demo_project
from kooperation.domain.model import Partner, PartnerRole, PartnerTier, Project, RuleDecision
from kooperation.domain.progress import phase_progress
from kooperation.drafting.build import build_agreement
from kooperation.drafting.docmodel import Note
from kooperation.store import open_store
from kooperation.ui.pages.rules import RulesPage
from kooperation.ui.session import ProjectSession
from kooperation.ui.topic_panel import TopicPanel

OFFICE = "Netzwerkbüro Musterstadt bei der Wirtschaftsförderung Musterstadt GmbH"


def _set(project: Project, topic: str, variant: str | None = None, **params) -> None:
    decision = project.decisions.setdefault(topic, RuleDecision(topic))
    if variant is not None:
        decision.variant = variant
    decision.params.update(params)


def big_network() -> Project:
    """The demo grown to 8 full partners and 2 associated partners, the lead partner given up."""
    project = demo_project()
    for k in range(5, 9):
        project.partners.append(Partner(name=f"Partner {k} GmbH", short_name=f"Partner {k}", city="Reutlingen"))
    for name in ("IHK Reutlingen", "Agentur für Arbeit Reutlingen"):
        project.partners.append(Partner(name=name, short_name=name.split()[0], city="Reutlingen", tier=PartnerTier.ASSOZIIERT))
    for partner in project.partners:
        partner.role = PartnerRole.PARTNER
    return project


def with_office(project: Project, **params) -> Project:
    project.decisions["steuerung"].params.pop("coordinator", None)
    _set(project, "steuerung", "geschaeftsstelle", office_name=OFFICE, **params)
    return project


def clause_text(doc, clause_id: str) -> str:
    """A clause's text with ordinary spaces (the draft sets no-break spaces after § and in
    numbers)."""
    text = "\n".join(b.text for b in doc.clause(clause_id).blocks if not isinstance(b, Note))
    return text.replace("\u00a0", " ")


def para(doc, clause_id: str) -> str:
    """How the draft cites a clause: "§ 18"."""
    return f"§ {doc.clause(clause_id).number}"


def body(doc) -> str:
    return "\n".join(clause_text(doc, c.id) for c in doc.clauses())


# --- the network office -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def office_doc():
    return build_agreement(with_office(big_network()))


def test_office_variant_names_the_office_and_no_partner_coordinates(office_doc):
    """The coordination clause entrusts the named office, which is no party, under a separate
    service agreement; no partner "übernimmt die Koordination"."""
    text = clause_text(office_doc, "koordination")
    assert f"einer Geschäftsstelle, die selbst nicht Partner dieser Vereinbarung ist: {OFFICE}" in text
    assert "Geschäftsbesorgung (§§ 611, 675 BGB)" in text
    assert "nachfolgend „Geschäftsstelle“ oder „Koordination“" in text
    assert not re.search(r"übernimmt die (Koordination|Federführung)", body(office_doc))
    assert "abwechselnd" not in text


def test_office_has_no_vote_no_power_of_attorney_and_keeps_secrets(office_doc):
    """No vote, no power to bind the partners without power of attorney in text form, bound to
    confidentiality and to an Art. 28 DSGVO agreement where it processes personal data."""
    text = clause_text(office_doc, "koordination")
    assert "ohne Stimmrecht" in text and "zählt weder für die Beschlussfähigkeit noch für Mehrheiten" in text
    assert "Vollmacht in Textform" in text
    assert f"Vertraulichkeit mindestens im Umfang von {para(office_doc, 'vertraulichkeit')}" in text
    assert "Auftragsverarbeitung nach Art. 28 DSGVO" in text
    # the joint costs follow the cost rules of the cooperation (demo: cost key)
    assert f"gemeinsame Kosten der Kooperation nach {para(office_doc, 'kosten')}" in text


def test_office_draft_is_clean(office_doc):
    """With the office the draft has no open point for the coordination and no broken reference."""
    assert not any(p.topic == "steuerung" for p in office_doc.open_points)
    assert "[offen:" not in clause_text(office_doc, "koordination")
    assert not office_doc.clause("koordination").open


@pytest.mark.parametrize(
    ("commission", "says"),
    [
        ("gemeinsam", "Die Partner schließen den Vertrag mit der Geschäftsstelle gemeinsam."),
        ("ein_partner", "schließt den Vertrag mit der Geschäftsstelle im eigenen Namen und für Rechnung aller Partner"),
        ("auf_eigene_kosten", "trägt ihre Vergütung und ihre Auslagen allein; den anderen Partnern entstehen daraus keine Kosten"),
    ],
)
def test_who_commissions_and_pays_the_office(commission, says):
    """Commissioned by all jointly, by one partner for all, or by one partner at its own cost."""
    project = with_office(big_network(), office_commission=commission)
    principal = project.partners[1]
    if commission != "gemeinsam":
        _set(project, "steuerung", office_principal=principal.id)
    text = clause_text(build_agreement(project), "koordination")
    assert says in text
    if commission != "gemeinsam":
        assert text.count(principal.short_name) >= 2


def test_office_coordinates_so_no_coordinator_warning_and_no_lead_partner_needed():
    """The checks accept the office as coordination: no "no_coordinator" warning, and the partner
    phase is complete without a lead partner, as with rotating coordination."""
    project = with_office(big_network())
    for partner in project.partners:
        partner.representative = partner.representative or "die Geschäftsführung"
        partner.city = partner.city or "Reutlingen"
    assert project.lead_partner is None
    assert "no_coordinator" not in [h.code for h in data_warnings(project)]
    progress = phase_progress(project)["partners"]
    assert progress.complete, progress.hints
    _set(project, "steuerung", "koordinator")  # a partner coordinating needs one to be named
    assert "Es ist kein Lead-Partner festgelegt." in phase_progress(project)["partners"].hints


def test_open_coordination_keeps_its_fallback_text():
    """While the topic is open, the fallback still lets the first partner coordinate for now."""
    project = big_network()
    project.decisions["steuerung"].variant = None
    text = clause_text(build_agreement(project), "koordination")
    assert "Wer die Kooperation koordiniert, vereinbaren die Partner noch." in text


# --- the members' assembly ------------------------------------------------------------------------


FUNDAMENTAL = {  # clause -> a sentence that gives a fundamental matter to a body
    "erweiterung": "Über die Aufnahme eines neuen Partners entscheidet {body} auf Antrag",
    "koordination": "{Body} kann die Koordination aus wichtigem Grund durch Beschluss einem anderen",
    "beitraege": "{Body} kann Art und Umfang der Beiträge durch Beschluss anpassen",
    "beendigung": "wenn {body} feststellt, dass der Gegenstand der Kooperation erreicht ist",
}


@pytest.fixture(scope="module")
def assembly_docs():
    plain = big_network()
    _set(plain, "erweiterung", "einstimmig")
    assembly = big_network()
    _set(assembly, "erweiterung", "einstimmig")
    _set(assembly, "steuerung", bodies="versammlung", committee_size=5, committee_years=3)
    return build_agreement(plain), build_agreement(assembly)


def test_assembly_clause_appears_only_when_chosen(assembly_docs):
    """Without the choice there is no "Partnerversammlung" anywhere; with it, its own clause."""
    plain, assembly = assembly_docs
    assert plain.clause("versammlung") is None
    assert "Partnerversammlung" not in body(plain)
    text = clause_text(assembly, "versammlung")
    assert "fünf Partner als Mitglieder des Lenkungskreises für die Dauer von drei Jahren" in text
    assert "mit Rede- und Antragsrecht, aber ohne Stimmrecht" in text  # the associated partners


def test_assembly_decides_the_fundamental_matters_in_every_clause(assembly_docs):
    """Amendments, admission, exclusion, termination, contributions, the committee and the
    coordination belong to the assembly in its own clause and in every clause that names them;
    without the assembly the same sentences name the steering committee."""
    plain, assembly = assembly_docs
    reserved = clause_text(assembly, "versammlung")
    for matter in ("Änderungen und Ergänzungen dieser Vereinbarung", "die Aufnahme neuer Partner",
                   "den Ausschluss eines Partners", "die Beendigung der Kooperation",
                   "die Anpassung der Beiträge", "die Wahl und die Abberufung der Mitglieder des Lenkungskreises",
                   "die Bestellung und den Wechsel der Koordination"):
        assert matter in reserved, matter
    steering = clause_text(assembly, "steuerung")
    assert "die nicht nach" in steering and "der Partnerversammlung vorbehalten sind" in steering
    for matter in ("die Aufnahme neuer Partner", "den Ausschluss eines Partners", "die Beendigung der Kooperation"):
        assert matter not in steering, matter
    for clause_id, sentence in FUNDAMENTAL.items():
        assert sentence.format(body="die Partnerversammlung", Body="Die Partnerversammlung") in clause_text(assembly, clause_id), clause_id
        assert sentence.format(body="der Lenkungskreis", Body="Der Lenkungskreis") in clause_text(plain, clause_id), clause_id
    # no clause lets the steering committee decide a fundamental matter under the assembly
    text = body(assembly)
    for wrong in ("Über die Aufnahme eines neuen Partners entscheidet der Lenkungskreis",
                  "Der Lenkungskreis kann Art und Umfang der Beiträge",
                  "wenn der Lenkungskreis feststellt",
                  "Der Lenkungskreis kann die Koordination",
                  "Beschlusses des Lenkungskreises veranlasst, dem alle Partner"):
        assert wrong not in text, wrong


def test_decisions_count_only_voting_partners_in_the_assembly(assembly_docs):
    """Votes, quorum and majorities apply to both bodies and count only the voting partners."""
    _plain, assembly = assembly_docs
    text = clause_text(assembly, "beschluesse")
    assert "In der Partnerversammlung hat jeder stimmberechtigte Partner eine Stimme, im Lenkungskreis jedes Mitglied." in text
    assert "Partnerversammlung und Lenkungskreis fassen ihre Beschlüsse" in text
    assert "folgende Beschlüsse der Partnerversammlung der Zustimmung aller Partner" in text
    steering = clause_text(assembly, "steuerung")
    assert "Prozent seiner Mitglieder ordnungsgemäß vertreten sind" in steering
    assert "Partnerversammlungen, Sitzungen des Lenkungskreises und Arbeitstreffen" in clause_text(assembly, "kartellrecht")


def test_committee_size_rule_counts_voting_partners():
    """A committee as large as the voting partners (associated ones do not count) contradicts."""
    project = big_network()  # 8 full + 2 associated partners
    _set(project, "steuerung", bodies="versammlung", committee_size=8)
    [conflict] = [c for c in find_conflicts(project) if c.rule == "lenkungskreis_groesse"]
    assert "8 Mitglieder" in conflict.message and "nur 8 stimmberechtigte Partner" in conflict.message
    assert ("steuerung", "committee_size") in conflict.params
    _set(project, "steuerung", committee_size=7)
    assert "lenkungskreis_groesse" not in {c.rule for c in find_conflicts(project)}
    _set(project, "steuerung", committee_size=2)  # below three: the value's own bound says so
    doc = build_agreement(project)
    assert any(p.label == "Mitglieder des gewählten Lenkungskreises" and "mindestens 3" in p.note for p in doc.open_points)
    for partner in project.partners[4:8]:  # 4 full partners left: a smaller committee is impossible
        partner.tier = PartnerTier.ASSOZIIERT
    _set(project, "steuerung", committee_size=3)
    assert "lenkungskreis_groesse" not in {c.rule for c in find_conflicts(project)}
    for partner in project.partners[3:4]:
        partner.tier = PartnerTier.ASSOZIIERT
    [conflict] = [c for c in find_conflicts(project) if c.rule == "lenkungskreis_groesse"]
    assert "Mit 3 stimmberechtigten Partnern" in conflict.message


# --- pickers: only full partners do a job for the cooperation -----------------------------------


def test_a_coordinator_who_is_no_longer_a_full_partner_is_a_contradiction():
    """The stored coordinator becomes an associated partner: a clear German message, the topic
    is open in the draft, and the choice is kept (not silently dropped)."""
    project = demo_project()
    coordinator = project.partner(project.decisions["steuerung"].params["coordinator"])
    coordinator.tier = PartnerTier.ASSOZIIERT
    [conflict] = [c for c in find_conflicts(project) if c.rule == "vollpartner_steuerung_coordinator"]
    assert f"„Koordination durch“: {coordinator.short_name} ist kein Vollpartner, sondern assoziierter Partner" in conflict.message
    assert "nur ein stimmberechtigter Vollpartner" in conflict.message
    assert conflict.params == (("steuerung", "coordinator"),)
    doc = build_agreement(project)
    assert doc.clause("koordination").open
    assert any(p.id == "widerspruch_vollpartner_steuerung_coordinator" for p in doc.open_points)
    assert project.decisions["steuerung"].params["coordinator"] == coordinator.id


def test_budget_holder_must_be_a_full_partner_and_defaults_skip_associated_partners():
    """The budget holder is checked the same way; the suggestion is never an associated partner."""
    project = demo_project()
    lead = project.lead_partner
    lead.tier = PartnerTier.ASSOZIIERT
    _set(project, "beitraege", "budget")
    param = next(p for p in load_catalogue().topic("beitraege").params_for("budget") if p.id == "budget_holder")
    assert param.voting_only
    assert default_value(param, project) == project.voting[0].id != lead.id
    _set(project, "beitraege", budget_holder=lead.id)
    assert "vollpartner_beitraege_budget_holder" in {c.rule for c in find_conflicts(project)}


@pytest.fixture
def page(qtbot, tmp_path):
    store = open_store(tmp_path / "office.sqlite3")
    project = demo_project()
    project.partners.append(Partner("IHK Reutlingen", short_name="IHK", city="Reutlingen", tier=PartnerTier.ASSOZIIERT))
    saved = store.save_project(project)
    page = RulesPage(ProjectSession(store, saved.id))
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    yield page
    store.close()


def test_coordinator_picker_offers_only_full_partners(page, qtbot):
    """The rules page lists only the full partners for "Koordination durch"; a stored associated
    partner stays visible, marked, with the contradiction under the widget."""
    page.select("steuerung")
    panel = page.panel
    assert isinstance(panel, TopicPanel)
    combo = panel.row("coordinator").editor.combo
    assert isinstance(combo, QComboBox)
    items = [combo.itemText(i) for i in range(1, combo.count())]
    assert "IHK" not in items
    assert items == [p.short_name for p in page.session.project.voting]
    ihk = page.session.project.partners[-1]
    page.session.set_param("steuerung", "coordinator", ihk.id)
    items = [combo.itemText(i) for i in range(1, combo.count())]
    assert items[-1] == "IHK (kein Vollpartner)" and combo.currentData() == ihk.id
    row = panel.row("coordinator")
    assert row.problem.isVisibleTo(panel) and "IHK ist kein Vollpartner" in row.problem.text()
    combo.setCurrentIndex(1)  # the user picks a full partner: the marked entry goes
    assert page.session.project.decisions["steuerung"].params["coordinator"] == page.session.project.voting[0].id
    assert "IHK (kein Vollpartner)" not in [combo.itemText(i) for i in range(combo.count())]
    assert not row.problem.isVisibleTo(panel)


def test_office_variant_shows_its_parameters(page, qtbot):
    """Choosing the office shows its name and who commissions it; one partner commissioning
    reveals the picker, which again offers only full partners."""
    page.select("steuerung")
    panel = page.panel
    qtbot.mouseClick(panel.variant_items["geschaeftsstelle"].radio, Qt.MouseButton.LeftButton)
    assert page.session.project.decisions["steuerung"].variant == "geschaeftsstelle"
    assert panel.row("office_name").field.isVisibleTo(panel)
    assert not panel.row("office_principal").field.isVisibleTo(panel)
    page.session.set_param("steuerung", "office_commission", "ein_partner")
    assert panel.row("office_principal").field.isVisibleTo(panel)
    combo = panel.row("office_principal").editor.combo
    assert "IHK" not in [combo.itemText(i) for i in range(combo.count())]
