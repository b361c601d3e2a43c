"""The rule topics of issue 11's second batch: revenue and joint sales, the use of a partner's
premises and machines, and the special provisions for public partners. Read as the partners and
their lawyer read the draft: the chosen variant and values are in the text, every variant works
under every cooperation form, references point to clauses that exist, contradictions are named,
the rules page offers the topics with what this project makes of them, and the project file
keeps the decisions."""

from __future__ import annotations

import pytest

from kooperation.domain.catalogue import load_catalogue
from kooperation.domain.consistency import find_conflicts
from kooperation.domain.demo import demo_project
from kooperation.domain.model import CooperationForm, DecisionStatus, Sector
from kooperation.domain.serialize import dumps_document, export_document, parse_document
from kooperation.domain.topic_hints import topic_hints
from test_clause_library import GBR_SENTENCE, assert_clean, build_agreement, make_project

CATALOGUE = load_catalogue()
FORMS = [f.id for f in CATALOGUE.forms]


def number(doc, clause_id: str) -> str:
    return f"§ {doc.clause(clause_id).number}"


def variants_of(topic: str) -> list[str]:
    return [v.id for v in CATALOGUE.topic(topic).variants]


@pytest.fixture(scope="module")
def demo_doc():
    return build_agreement(demo_project())


# --- 1. revenue and joint sales ----------------------------------------------------------------


def test_demo_sells_through_one_partner_for_joint_account(demo_doc):
    """The demo's adult-education association sells the courses in its own name for joint
    account, keeps 10 % for the work and shares the rest by the work done; the business model's
    revenue streams are named."""
    doc = demo_doc
    assert_clean(doc)
    assert "einnahmen" not in {p.topic for p in doc.open_points}
    text = doc.clause("einnahmen").text
    assert "insbesondere aus folgenden Quellen: Kursgebühren der Betriebe, Bildungsgutscheine" in text
    assert (
        "Bildungswerk (vertreibender Partner) schließt die Verträge über gemeinsame Leistungen mit "
        "den Kunden im eigenen Namen und für gemeinsame Rechnung der beteiligten Partner" in text
    )
    assert "erhält Bildungswerk vorab 10 Prozent für Vertrieb" in text
    assert "im Verhältnis des Werts der Leistungen, die jeder von ihnen für den jeweiligen Auftrag" in text
    assert f"gilt im Verhältnis zwischen ihnen {number(doc, 'haftung_aussen')}" in text
    assert f"{number(doc, 'kartellrecht')} bleibt unberührt" in text
    # right after the costs, and the partnership stays an internal one
    ids = [c.id for c in doc.clauses()]
    assert ids.index("kosten") + 1 == ids.index("einnahmen")
    assert GBR_SENTENCE in doc.clause("rechtsnatur").text


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("variant", variants_of("einnahmen"))
def test_every_sales_variant_renders_under_every_form(form, variant):
    """Each sales variant under each form gives clean text; the only open point is the named
    contradiction of a loose network with revenue shares or joint sales."""
    project = make_project(form=form, variants={"einnahmen": variant})
    doc = build_agreement(project)
    assert_clean(doc)
    assert doc.clause("einnahmen").text.strip()
    assert sorted(p.id for p in doc.open_points) == sorted(c.id for c in find_conflicts(project))
    network_conflict = form == "netzwerk" and variant != "eigener_vertrieb"
    assert ("widerspruch_netzwerk_vertrieb" in {p.id for p in doc.open_points}) == network_conflict


def test_joint_sales_make_an_external_gbr_and_the_agreement_says_so():
    """Selling in the name of all partners: the legal-nature clause no longer denies a GbR but
    names it and points to the sales clause, which spells out sole representation, § 720 Abs. 3
    and joint and several liability with the internal indemnity."""
    doc = build_agreement(make_project(variants={"einnahmen": "gemeinsam"}))
    nature = doc.clause("rechtsnatur").text
    sales = number(doc, "einnahmen")
    assert GBR_SENTENCE not in nature
    assert (
        f"Für den gemeinsamen Vertrieb nach {sales} bilden die Partner eine rechtsfähige "
        "Gesellschaft bürgerlichen Rechts (§ 705 Abs. 2 Alt. 1 BGB)" in nature
    )
    assert f"Die Vertretung der Gesellschaft für den gemeinsamen Vertrieb nach {sales} bleibt unberührt" in nature
    text = doc.clause("einnahmen").text
    assert "Abweichend von § 720 Abs. 1 BGB ist Hochschule allein zur Vertretung der Gesellschaft befugt" in text
    assert "Dritten gegenüber kann der Umfang der Vertretungsbefugnis nicht beschränkt werden (§ 720 Abs. 3 BGB)" in text
    assert "persönlich und unbeschränkt als Gesamtschuldner (§ 721 BGB)" in text
    assert f"Im Innenverhältnis tragen die Partner Ansprüche Dritter nach {number(doc, 'haftung_aussen')}" in text
    assert "nach § 728b BGB fort" in text
    assert "auf einem gesonderten Konto der Gesellschaft" in text


def test_joint_sales_in_a_consortium_go_through_the_consortium():
    """In a consortium (already an external GbR) joint sales run through the consortium and its
    leader; no second company is founded."""
    doc = build_agreement(make_project(form="konsortium", variants={"einnahmen": "gemeinsam"}))
    text = doc.clause("einnahmen").text
    assert f"gemeinsam durch das Konsortium nach {number(doc, 'rechtsnatur')}" in text
    assert "Verträge mit Kunden schließt der Konsortialführer im Namen des Konsortiums" in text
    assert "§ 728b" not in text and "auf einem gesonderten Konto des Konsortiums" in text
    assert "Für den gemeinsamen Vertrieb nach" not in doc.clause("rechtsnatur").text


def test_selling_alone_keeps_every_partner_on_its_own():
    """Each partner selling in its own name: no shares, no representation, no GbR."""
    doc = build_agreement(make_project(variants={"einnahmen": "eigener_vertrieb"}))
    text = doc.clause("einnahmen").text
    assert "Ein Ausgleich von Einnahmen zwischen den Partnern findet nicht statt" in text
    assert "Preise und Konditionen für seine Leistungen bestimmt jeder Partner allein" in text
    assert "Prozent" not in text and "Gesamtschuldner" not in text
    assert GBR_SENTENCE in doc.clause("rechtsnatur").text


@pytest.mark.parametrize(
    ("params", "present", "absent"),
    [
        ({"revenue_key": "gleich"}, ["beteiligten Partner zu gleichen Teilen."], ["Werts der Leistungen"]),
        (
            {"revenue_key": "beitrag"},
            ["im Verhältnis des Werts ihrer in Anlage 1 vereinbarten Beiträge"],
            ["zu gleichen Teilen"],
        ),
        (
            {"sales_share_percent": 0},
            ["Aus den eingegangenen Einnahmen werden zunächst"],
            ["vorab", "verbleibenden"],
        ),
        ({"sales_share_percent": 30}, ["erhält Hochschule vorab 30 Prozent"], []),
    ],
)
def test_distribution_parameters_read_like_a_contract(params, present, absent):
    """The distribution key and the sales share appear as chosen; no share means no sentence."""
    doc = build_agreement(
        make_project(variants={"einnahmen": "federfuehrend"}, params={"einnahmen": params})
    )
    text = doc.clause("einnahmen").text
    for phrase in present:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text, phrase


def test_a_sales_share_out_of_bounds_becomes_an_open_point():
    """A share of 31 % is refused: the clause shows an open mark and the annex lists it."""
    doc = build_agreement(
        make_project(
            variants={"einnahmen": "federfuehrend"}, params={"einnahmen": {"sales_share_percent": 31}}
        )
    )
    assert "[offen: Vorabanteil für Vertrieb und Abrechnung]" in doc.clause("einnahmen").text
    assert any(p.clause_id == "einnahmen" and "höchstens 30" in p.note for p in doc.open_points)


def test_undecided_sales_fall_back_to_selling_alone():
    """Still open: the draft says so and lets every partner sell alone, never in the name of all."""
    project = make_project(open_topics=("einnahmen",))
    project.decisions["einnahmen"].variant = None
    doc = build_agreement(project)
    assert_clean(doc)
    assert [p.topic for p in doc.open_points] == ["einnahmen"]
    text = doc.clause("einnahmen").text
    assert "Bis dahin bietet jeder Partner seine Leistungen im eigenen Namen und für eigene Rechnung an" in text
    assert GBR_SENTENCE in doc.clause("rechtsnatur").text


def test_the_project_file_keeps_the_sales_decision():
    """Export and import keep the variant, the partner and the values."""
    project = demo_project()
    decision = project.decisions["einnahmen"]
    decision.variant = "gemeinsam"
    decision.params.update(revenue_key="gleich", sales_share_percent=5)
    read, _drafts = parse_document(dumps_document(export_document(project)))
    assert read.decisions["einnahmen"] == decision
    text = build_agreement(read).clause("einnahmen").text
    assert "erhält Bildungswerk vorab 5 Prozent" in text and "zu gleichen Teilen" in text


def test_the_sales_hint_follows_the_business_model():
    """With revenue streams and no decision the rules page says why the topic matters, quoting
    the business model; once decided, or without revenue streams, it says nothing."""
    project = demo_project()
    project.decisions["einnahmen"].variant = None
    (hint,) = topic_hints(project, "einnahmen")
    assert "„Kursgebühren der Betriebe, Bildungsgutscheine" in hint and "Firmenschulungen“. Legen" in hint
    assert "rechtsfähige GbR" in hint and "persönlich haftet" in hint
    project.decisions["einnahmen"].variant = "federfuehrend"
    project.decisions["einnahmen"].status = DecisionStatus.OPEN
    assert topic_hints(project, "einnahmen")  # chosen but still to be discussed
    project.decisions["einnahmen"].status = DecisionStatus.AGREED
    assert topic_hints(project, "einnahmen") == []
    project.decisions["einnahmen"].variant = None
    project.business_model.revenue_streams = "  "
    assert topic_hints(project, "einnahmen") == []


# --- the rules page ---------------------------------------------------------------------------


@pytest.fixture
def rules_page(qtbot, tmp_path):
    from kooperation.store import open_store
    from kooperation.ui.pages.rules import RulesPage
    from kooperation.ui.session import ProjectSession

    store = open_store(tmp_path / "topics.sqlite3")
    project = demo_project()
    project.decisions["einnahmen"].variant = None
    project.decisions["einnahmen"].status = DecisionStatus.OPEN
    saved = store.save_project(project)
    page = RulesPage(ProjectSession(store, saved.id))
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    yield page, store, saved.id
    store.close()


def test_rules_page_explains_the_sales_topic_from_the_business_model(qtbot, rules_page, tmp_path):
    """The sales topic is listed; undecided, its panel quotes the revenue streams and warns of
    the GbR; a click on a variant reaches the store and the hint goes once it is agreed."""
    from PySide6.QtCore import Qt

    page, store, project_id = rules_page
    entries = {
        page.list.item(i).data(Qt.ItemDataRole.UserRole): page.list.item(i).text()
        for i in range(page.list.count())
    }
    assert CATALOGUE.topic("einnahmen").label.get_text() in entries["einnahmen"]
    page.select("einnahmen")
    panel = page.panel
    assert panel.question.text() == CATALOGUE.topic("einnahmen").question.get_text()
    assert set(panel.variant_items) == set(variants_of("einnahmen"))
    assert panel.project_hint.isVisibleTo(panel)
    assert "Kursgebühren der Betriebe" in panel.project_hint.text()
    page.grab().save(str(tmp_path / "einnahmen.png"))
    qtbot.mouseClick(panel.variant_items["gemeinsam"].radio, Qt.MouseButton.LeftButton)
    shown = {r.param.id for r in panel.visible_rows()}
    assert {"sales_partner", "revenue_key", "sales_share_percent"} <= shown
    stored = store.load_project(project_id).decisions["einnahmen"]
    assert stored.variant == "gemeinsam"
    page.session.set_decision("einnahmen", status=DecisionStatus.AGREED, text="Status")
    assert not panel.project_hint.isVisibleTo(panel)
    qtbot.mouseClick(panel.variant_items["eigener_vertrieb"].radio, Qt.MouseButton.LeftButton)
    assert not {"sales_partner", "revenue_key"} & {r.param.id for r in panel.visible_rows()}


def test_a_network_selling_jointly_is_a_named_contradiction():
    """A loose network with joint sales: the topic is marked as a contradiction naming the GbR."""
    project = demo_project()
    project.form = CooperationForm.NETZWERK
    project.decisions["einnahmen"].variant = "gemeinsam"
    (conflict,) = [c for c in find_conflicts(project) if c.rule == "netzwerk_vertrieb"]
    assert conflict.topics == ("einnahmen",) and conflict.form
    assert "rechtsfähige GbR" in conflict.message
    project.form = CooperationForm.VERTRAG
    assert not [c for c in find_conflicts(project) if c.rule == "netzwerk_vertrieb"]





# --- 2. public partners ------------------------------------------------------------------------


def test_demo_names_its_public_partners_with_their_reservations(demo_doc):
    """The university and the city's agency are named; procurement, budget and council
    reservations, the effective-collaboration basis and the precedence of funding terms follow,
    with the demo's four months for the councils."""
    doc = demo_doc
    text = doc.clause("oeffentliche_partner").text
    assert text.startswith(
        "Öffentliche Partner im Sinne dieser Vereinbarung sind Hochschule und Wirtschaftsförderung."
    )
    assert "öffentlicher Auftraggeber im Sinne von § 99 GWB" in text
    assert "Unterschwellenvergabeordnung (UVgO)" in text
    assert f"Anteile an gemeinsamen Kosten nach {number(doc, 'kosten')}" in text
    assert "(Haushaltsvorbehalt)" in text
    assert "(aufschiebende Bedingung, Gremienvorbehalt)" in text
    assert "nicht binnen vier Monaten nach der Unterzeichnung durch alle Partner vor" in text
    assert (
        f"nach {number(doc, 'ergebnisse')} und {number(doc, 'altschutzrechte')} so zugeordnet" in text
    )
    assert "(ANBest-P)" in text and "(NKBF 2017)" in text
    assert "oeffentliche_partner" not in {p.topic for p in doc.open_points}
    ids = [c.id for c in doc.clauses()]
    assert ids.index("konflikte") < ids.index("oeffentliche_partner") < ids.index("kartellrecht")


def _private(project):
    for partner in project.partners:
        partner.sector = Sector.WIRTSCHAFT
        partner.legal_form = "GmbH"
    return project


def test_without_public_partners_the_clause_is_absent_and_nothing_dangles():
    """Only companies: no clause, no open point even while the topic is undecided, and the
    rules page says why the topic does not apply."""
    project = _private(make_project(open_topics=("oeffentliche_partner",)))
    project.decisions["oeffentliche_partner"].variant = None
    doc = build_agreement(project)
    assert_clean(doc)
    assert doc.clause("oeffentliche_partner") is None
    assert doc.open_points == []
    (hint,) = topic_hints(project, "oeffentliche_partner")
    assert "erscheint deshalb nicht im Vertrag" in hint


@pytest.mark.parametrize(
    ("sector", "legal_form", "public"),
    [
        (Sector.STAAT, "", True),
        (Sector.WISSENSCHAFT, "e. V.", True),  # a research institute registered as an association
        (Sector.WIRTSCHAFT, "Anstalt des öffentlichen Rechts", True),  # a municipal utility
        (Sector.WIRTSCHAFT, "AöR", True),  # the same, abbreviated
        (Sector.ZIVILGESELLSCHAFT, "Eigenbetrieb", True),
        (Sector.ZIVILGESELLSCHAFT, "eingetragener Verein", False),
    ],
)
def test_a_public_partner_is_recognised_by_sector_or_legal_form(sector, legal_form, public):
    """Sector Staat or Wissenschaft, or a legal form of public law, makes a public partner."""
    project = _private(make_project())
    project.partners[3].sector = sector
    project.partners[3].legal_form = legal_form
    clause = build_agreement(project).clause("oeffentliche_partner")
    assert (clause is not None) == public
    if public:
        assert clause.text.startswith(
            "Öffentlicher Partner im Sinne dieser Vereinbarung ist Bildungswerk."
        )


def test_three_public_partners_are_listed_with_commas_and_and():
    """Three public partners read "A, B und C"."""
    project = make_project()
    project.partners[3].sector = Sector.STAAT
    text = build_agreement(project).clause("oeffentliche_partner").text
    assert "sind Hochschule, Wirtschaftsförderung und Bildungswerk." in text


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("variant", variants_of("oeffentliche_partner"))
def test_every_public_partner_variant_renders_under_every_form(form, variant):
    """Each state-aid variant under each form gives clean text without open points."""
    doc = build_agreement(make_project(form=form, variants={"oeffentliche_partner": variant}))
    assert_clean(doc)
    assert doc.open_points == []
    assert "(Haushaltsvorbehalt)" in doc.clause("oeffentliche_partner").text


def test_without_a_council_reservation_the_partners_warrant_their_approvals():
    """Switched off: no condition precedent and no period, but a warranty that the approvals
    are there; a period outside 1–12 months becomes an open point."""
    doc = build_agreement(make_project(params={"oeffentliche_partner": {"board_approval": False}}))
    text = doc.clause("oeffentliche_partner").text
    assert "aufschiebende Bedingung" not in text and "binnen" not in text.split("Haushaltsvorbehalt")[1][:900]
    assert "vor der Unterzeichnung erteilt worden sind" in text
    doc = build_agreement(make_project(params={"oeffentliche_partner": {"approval_months": 13}}))
    assert "[offen: Frist für die Zustimmung der Gremien]" in doc.clause("oeffentliche_partner").text
    assert any("höchstens 12" in p.note for p in doc.open_points)


def test_undecided_state_aid_falls_back_to_market_price():
    """Still open: the provisional rule charges the market price for anything beyond the
    allocation of results."""
    project = make_project(open_topics=("oeffentliche_partner",))
    project.decisions["oeffentliche_partner"].variant = None
    doc = build_agreement(project)
    assert_clean(doc)
    assert [p.topic for p in doc.open_points] == ["oeffentliche_partner"]
    text = doc.clause("oeffentliche_partner").text
    assert "Bis dahin räumt ein öffentlicher Partner" in text and "marktübliches Entgelt" in text


def test_the_project_file_keeps_the_public_partner_decision():
    """Export and import keep the variant and the council values."""
    project = demo_project()
    decision = project.decisions["oeffentliche_partner"]
    decision.variant = "einzelpruefung"
    decision.params.update(board_approval=False)
    read, _drafts = parse_document(dumps_document(export_document(project)))
    assert read.decisions["oeffentliche_partner"] == decision
    text = build_agreement(read).clause("oeffentliche_partner").text
    assert "Verordnung (EU) 2023/2831" in text and "Gremienvorbehalt" not in text


def test_rules_page_names_the_public_partners(qtbot, rules_page):
    """The panel of the topic names the demo's public partners with their sector; the council
    period shows only with the reservation."""
    from PySide6.QtCore import Qt

    page, store, project_id = rules_page
    page.select("oeffentliche_partner")
    panel = page.panel
    assert panel.question.text() == CATALOGUE.topic("oeffentliche_partner").question.get_text()
    assert set(panel.variant_items) == set(variants_of("oeffentliche_partner"))
    assert "Hochschule (Wissenschaft), Wirtschaftsförderung (Staat/Verwaltung)" in panel.project_hint.text()
    assert "approval_months" in {r.param.id for r in panel.visible_rows()}
    page.session.set_param("oeffentliche_partner", "board_approval", False)
    assert "approval_months" not in {r.param.id for r in panel.visible_rows()}
    qtbot.mouseClick(panel.variant_items["marktpreis"].radio, Qt.MouseButton.LeftButton)
    assert store.load_project(project_id).decisions["oeffentliche_partner"].variant == "marktpreis"


# --- 3. premises and machines ------------------------------------------------------------------


def test_demo_hall_is_used_under_house_rules_with_a_cost_based_flat_fee(demo_doc):
    """The demo's hall and lines: house rules and safety instructions, the owner insures and
    waives slight negligence, the users pay a cost-based flat fee that counts as joint cost, and
    the public partners' rooms point to the public-partner clause."""
    doc = demo_doc
    text = doc.clause("raeume").text
    assert "beachten die Hausordnung, die Betriebsanweisungen und die Sicherheitsvorschriften" in text
    assert "(§ 8 Abs. 2 ArbSchG)" in text and "(§ 12 ArbSchG)" in text
    assert "Anlagen bedienen nur Personen, die eingewiesen und dazu befugt sind" in text
    assert "(Regressverzicht)" in text and f"Im Übrigen gilt {number(doc, 'haftung')}." in text
    assert "als Pauschale ohne Gewinnaufschlag" in text
    assert f"gehört die Pauschale zu den gemeinsamen Kosten nach {number(doc, 'kosten')}" in text
    assert f"gilt ergänzend {number(doc, 'oeffentliche_partner')}" in text
    assert f"für die Folgen des Ausscheidens {number(doc, 'austritt_folgen')}" in text
    ids = [c.id for c in doc.clauses()]
    assert ids.index("einnahmen") + 1 == ids.index("raeume")


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("variant", variants_of("raeume"))
@pytest.mark.parametrize("cost", ["unentgeltlich", "kostenpauschale"])
def test_every_premises_variant_renders_under_every_form(form, variant, cost):
    """Each damage variant with each cost rule under each form gives clean text."""
    doc = build_agreement(
        make_project(form=form, variants={"raeume": variant}, params={"raeume": {"usage_cost": cost}})
    )
    assert_clean(doc)
    assert doc.open_points == []
    text = doc.clause("raeume").text
    assert ("Pauschale ohne Gewinnaufschlag" in text) == (cost == "kostenpauschale")
    assert ("unentgeltlich zur Verfügung" in text) == (cost == "unentgeltlich")


@pytest.mark.parametrize("liability", ["grobe_fahrlaessigkeit", "hoechstbetrag", "gesetzlich"])
def test_a_user_liable_for_damage_escapes_every_limitation(liability):
    """A user liable under the statute: the liability limits and, where it exists, the reach
    clause with the overall cap do not apply; the insured sum appears in words of a contract."""
    doc = build_agreement(
        make_project(
            variants={"raeume": "nutzer_haftet", "haftung": liability},
            params={"raeume": {"insurance_eur": 2500000}},
        )
    )
    assert_clean(doc)
    text = doc.clause("raeume").text
    limits = number(doc, "haftung")
    if liability == "gesetzlich":
        assert f"die Beschränkungen nach {limits} gelten insoweit nicht" in text
    else:
        assert (
            f"die Beschränkungen nach {limits} und {number(doc, 'haftung_grenzen')} gelten insoweit nicht"
            in text
        )
    assert "mit mindestens 2.500.000 € je Schadensfall" in text


def test_without_public_partners_the_premises_clause_does_not_point_to_them():
    """Only companies: no reference to a public-partner clause that is not there."""
    project = _private(make_project())
    doc = build_agreement(project)
    assert_clean(doc)
    assert "gilt ergänzend" not in doc.clause("raeume").text


def test_undecided_premises_fall_back_to_the_liability_clause():
    """Still open: the note, and damage is governed by the liability clause meanwhile."""
    project = make_project(open_topics=("raeume",))
    project.decisions["raeume"].variant = None
    doc = build_agreement(project)
    assert_clean(doc)
    assert [p.topic for p in doc.open_points] == ["raeume"]
    assert f"Bis dahin gilt hierfür {number(doc, 'haftung')}." in doc.clause("raeume").text


def test_an_insured_sum_of_zero_becomes_an_open_point():
    """A minimum cover of 0 € is refused and listed."""
    doc = build_agreement(
        make_project(variants={"raeume": "nutzer_haftet"}, params={"raeume": {"insurance_eur": 0}})
    )
    assert "[offen: Mindestdeckung für Schäden an überlassenen Räumen und Anlagen]" in doc.clause("raeume").text
    assert any(p.clause_id == "raeume" for p in doc.open_points)


def test_the_project_file_keeps_the_premises_decision():
    """Export and import keep the variant, the cost rule and the insured sum."""
    project = demo_project()
    decision = project.decisions["raeume"]
    decision.variant = "nutzer_haftet"
    decision.params.update(usage_cost="unentgeltlich", insurance_eur=3000000)
    read, _drafts = parse_document(dumps_document(export_document(project)))
    assert read.decisions["raeume"] == decision
    assert "mit mindestens 3.000.000 € je Schadensfall" in build_agreement(read).clause("raeume").text


def test_rules_page_offers_the_premises_topic(qtbot, rules_page, tmp_path):
    """The topic shows its question and variants; the insured sum appears only where the user
    is liable, and a chosen cost rule reaches the store."""
    from PySide6.QtCore import Qt

    page, store, project_id = rules_page
    page.select("raeume")
    panel = page.panel
    assert panel.question.text() == CATALOGUE.topic("raeume").question.get_text()
    assert set(panel.variant_items) == set(variants_of("raeume"))
    assert "insurance_eur" not in {r.param.id for r in panel.visible_rows()}
    qtbot.mouseClick(panel.variant_items["nutzer_haftet"].radio, Qt.MouseButton.LeftButton)
    assert {"usage_cost", "insurance_eur"} <= {r.param.id for r in panel.visible_rows()}
    page.session.set_param("raeume", "usage_cost", "unentgeltlich")
    stored = store.load_project(project_id).decisions["raeume"]
    assert stored.variant == "nutzer_haftet" and stored.params["usage_cost"] == "unentgeltlich"
    page.grab().save(str(tmp_path / "raeume.png"))


# --- the sketch -------------------------------------------------------------------------------


def test_the_sketch_lists_the_new_topics_and_stays_on_two_pages():
    """The demo's sketch names the form and the three new decisions in its agreed list and,
    with three more topics, still fits on two pages."""
    import io

    from pypdf import PdfReader

    from kooperation.drafting.sketch import build_sketch
    from kooperation.drafts import render_draft

    text = build_sketch(demo_project()).plain_text()
    agreed = text.split("Diese Vereinbarungen treffen wir", 1)[1].split("Darüber müssen wir", 1)[0]
    assert "Kooperationsform: Vertragliche Kooperation" in agreed
    for topic in ("einnahmen", "oeffentliche_partner", "raeume"):
        assert CATALOGUE.topic(topic).label.get_text() + ":" in agreed, topic
    pdf = render_draft(demo_project(), kind="skizze", formats=["pdf"]).files[0][2]
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2
