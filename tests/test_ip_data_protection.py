"""Results and IP in depth (after the logic of the Lambert model agreements: background stays with
its owner, results with their creator, with an option to acquire, or assigned to one partner; joint
results in shares; access rights for carrying out the cooperation and for exploitation; software)
and the data-protection construction per case (own responsibility, joint control under Art. 26
DSGVO, processing on behalf under Art. 28 DSGVO). Read as the partners and their lawyer read the
draft: the chosen construction and values are in the text, every combination builds under every
form without a dangling reference, the rules page offers the choices and the project file keeps
them."""

from __future__ import annotations

import itertools

import pytest

from kooperation.domain.catalogue import load_catalogue
from kooperation.domain.demo import demo_project
from kooperation.domain.model import DecisionStatus, Sector
from kooperation.domain.serialize import dumps_document, export_document, parse_document
from test_clause_library import assert_clean, build_agreement, make_project

CATALOGUE = load_catalogue()
FORMS = [f.id for f in CATALOGUE.forms]
IP_VARIANTS = [v.id for v in CATALOGUE.topic("ergebnisse").variants]
DP_VARIANTS = [v.id for v in CATALOGUE.topic("datenschutz").variants]
IP_CLAUSES = ("ergebnisse", "gemeinsame_ergebnisse", "altschutzrechte", "zugangsrechte", "software")
JOINT = {"erzeuger", "erzeuger_option", "gemeinsam"}


def number(doc, clause_id: str) -> str:
    return f"§ {doc.clause(clause_id).number}"


def survival(doc) -> str:
    return doc.clause("beendigung").blocks[-1].text


# --- every variant and every setting under every form -------------------------------------------

# settings that switch whole passages: each is tried once with every results variant
IP_SETTINGS = [
    {},
    {"background_list": "liste", "background_use": "verhandlung", "use_access": "fair", "software": "quellcode"},
    {"joint_shares": "gleich", "joint_licensing": "mitteilung", "use_access": "unentgeltlich", "software": "keine"},
]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("variant", IP_VARIANTS)
def test_every_results_variant_and_setting_builds_under_every_form(form, variant):
    """Each results variant with each group of settings, under each cooperation form, gives clean
    text: no dangling reference, no open point, and exactly the IP clauses the variant needs."""
    for settings in IP_SETTINGS:
        doc = build_agreement(
            make_project(form=form, variants={"ergebnisse": variant}, params={"ergebnisse": settings})
        )
        assert_clean(doc)
        assert doc.open_points == [], settings
        assert (doc.clause("gemeinsame_ergebnisse") is not None) == (variant in JOINT)
        assert doc.clause("zugangsrechte") is not None
        assert (doc.clause("software") is None) == (settings.get("software") == "keine")
        text = survival(doc)
        for clause_id in IP_CLAUSES:
            clause = doc.clause(clause_id)
            if clause is not None:
                assert number(doc, clause_id) in text, (clause_id, settings)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("variant", DP_VARIANTS)
def test_every_data_protection_construction_builds_under_every_form(form, variant):
    """Each data-protection construction, under each form, gives clean text with its own legal
    basis and the partners it names."""
    doc = build_agreement(make_project(form=form, variants={"datenschutz": variant}))
    assert_clean(doc)
    assert doc.open_points == []
    text = doc.clause("datenschutz").text
    expected = {
        "eigene_verantwortung": "eine Rechtsgrundlage nach Art. 6 Abs. 1 DSGVO",
        "gemeinsam": "Hochschule betreibt die gemeinsame Verarbeitung technisch",
        "auftragsverarbeitung": "Gegenstand der Auftragsverarbeitung ist der Betrieb der gemeinsamen Plattform",
    }
    assert expected[variant] in text
    for other, phrase in expected.items():
        if other != variant:
            assert phrase not in text


# --- the demo ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_doc():
    return build_agreement(demo_project())


def test_demo_agreement_contains_the_chosen_constructions(demo_doc):
    """The demo's joint controllership names what is processed jointly, the Bildungswerk as contact
    point and ProdTech as operator; its results proposal shows joint results, access rights with
    free research and teaching use, and software as object code."""
    doc = demo_doc
    assert_clean(doc)
    data = doc.clause("datenschutz").text
    assert (
        "gemeinsam Verantwortliche nach Art. 26 DSGVO: die gemeinsame Anmeldung und Verwaltung der "
        "Teilnehmenden an den Kursen der Lernfabrik." in data
    )
    assert "Bildungswerk ist Anlaufstelle für die betroffenen Personen" in data
    assert "ProdTech betreibt die gemeinsame Verarbeitung technisch" in data
    assert "Das Wesentliche dieser Vereinbarung stellen sie den betroffenen Personen zur Verfügung" in data
    assert not doc.clause("datenschutz").open
    # the results topic is still open in the demo: its clauses are marked, the proposal is shown
    assert {p.id for p in doc.open_points} >= {"thema_ergebnisse"}
    for clause_id in IP_CLAUSES:
        assert doc.clause(clause_id).open, clause_id
    assert (
        f"Gemeinsam erzielte Ergebnisse stehen den beteiligten Partnern nach {number(doc, 'gemeinsame_ergebnisse')}"
        in doc.clause("ergebnisse").text
    )
    access = doc.clause("zugangsrechte").text
    assert "unentgeltlich für eigene Forschung und Lehre nutzen, nicht aber für Auftragsforschung" in access
    assert "binnen zwölf Monaten nach dem Ende der Kooperation" in access
    assert "Räumt eine Forschungseinrichtung einem Unternehmen Zugangsrechte" in access
    assert "(Objektcode)" in doc.clause("software").text
    nature = doc.clause("rechtsnatur").text
    assert f"nach {number(doc, 'gemeinsame_ergebnisse')} in Bruchteilsgemeinschaft zu" in nature


# --- what each choice says ------------------------------------------------------------------------


def test_option_to_acquire_reads_with_its_period_and_keeps_research_use():
    """With the option variant a partner may ask for an exclusive licence or an assignment within
    the chosen period against a market price; the owner keeps research and teaching."""
    doc = build_agreement(
        make_project(variants={"ergebnisse": "erzeuger_option"}, params={"ergebnisse": {"option_months": 1}})
    )
    text = doc.clause("ergebnisse").text
    assert "binnen einem Monat nach dessen Mitteilung" in text
    assert "eine ausschließliche Lizenz für ein bestimmtes Anwendungsgebiet einräumt oder das Ergebnis auf ihn überträgt" in text
    assert "marktübliches Entgelt" in text
    assert f"für eigene Forschung und Lehre zu nutzen und nach {number(doc, 'veroeffentlichungen')}" in text
    assert f"Für die gewerbliche Verwertung gilt die Option nach {number(doc, 'ergebnisse')}" in doc.clause("zugangsrechte").text


def test_assignment_names_the_acquirer_and_prices_research_results_at_market_value():
    """Assignment to one partner names that partner; the state-aid sentence appears only when a
    research institution takes part."""
    project = make_project(variants={"ergebnisse": "uebertragung"})
    project.decisions["ergebnisse"].params["assignee"] = project.partners[0].id
    text = build_agreement(project).clause("ergebnisse").text
    assert "stehen ProdTech zu (Erwerber)" in text
    assert "für alle bekannten Nutzungsarten" in text
    assert "dem Marktpreis der übertragenen Rechte entspricht" in text
    for partner in project.partners:
        partner.sector = Sector.WIRTSCHAFT
    doc = build_agreement(project)
    assert "Marktpreis" not in doc.clause("ergebnisse").text
    assert "Beihilferecht" not in doc.clause("zugangsrechte").text
    assert doc.clause("gemeinsame_ergebnisse") is None


@pytest.mark.parametrize(
    ("params", "phrase"),
    [
        ({"joint_shares": "gleich"}, "Die Mitinhaber sind zu gleichen Teilen beteiligt."),
        ({"joint_shares": "beitraege"}, "im Verhältnis ihrer Beiträge zur Entstehung des Ergebnisses beteiligt"),
        ({"joint_licensing": "mitteilung"}, "einfache, nicht unterlizenzierbare Lizenzen einräumen"),
        ({"joint_licensing": "zustimmung"}, "die nicht unbillig verweigert werden darf"),
    ],
)
def test_joint_results_follow_the_chosen_shares_and_licensing(params, phrase):
    """Shares in joint results and licences to third parties read as chosen."""
    doc = build_agreement(make_project(variants={"ergebnisse": "gemeinsam"}, params={"ergebnisse": params}))
    assert phrase in doc.clause("gemeinsame_ergebnisse").text


@pytest.mark.parametrize(
    ("params", "clause_id", "phrase"),
    [
        ({"background_list": "liste"}, "altschutzrechte", "(Liste der Altschutzrechte)"),
        ({"background_list": "ausnahmen"}, "altschutzrechte", "soweit ihr Inhaber sie nicht ausnimmt"),
        ({"background_use": "fair"}, "altschutzrechte", "um Ergebnisse zu nutzen, an denen er nach"),
        ({"background_use": "verhandlung"}, "altschutzrechte", "Einen Anspruch darauf, Altschutzrechte"),
        ({"use_access": "fair"}, "zugangsrechte", "die auch Unentgeltlichkeit vorsehen können"),
        ({"use_access": "unentgeltlich"}, "zugangsrechte", "einschließlich der gewerblichen Nutzung in eigenen Produkten"),
        ({"access_request_months": 36}, "zugangsrechte", "binnen 36 Monaten nach dem Ende der Kooperation"),
        ({"software": "quellcode"}, "software", "auch im Quellcode"),
        ({"software": "objektcode"}, "software", "einen Anspruch auf den Quellcode haben die anderen Partner nicht"),
    ],
)
def test_access_rights_and_software_follow_the_chosen_settings(params, clause_id, phrase):
    """Background, access rights for exploitation and software read as chosen."""
    doc = build_agreement(make_project(params={"ergebnisse": params}))
    assert phrase in doc.clause(clause_id).text


def test_execution_access_is_always_free_and_separate_from_exploitation():
    """Access for carrying out the cooperation is royalty-free and limited to its purpose and
    term, whatever the exploitation terms; execution and exploitation are named apart."""
    for use in ("fair", "forschung_frei", "unentgeltlich"):
        text = build_agreement(make_project(params={"ergebnisse": {"use_access": use}})).clause("zugangsrechte").text
        assert "unentgeltliches Nutzungsrecht ein, soweit sie es für die Durchführung der Kooperation" in text
        assert "(Zugangsrechte zur Durchführung)" in text and "(Zugangsrechte zur Verwertung)" in text


def test_source_code_is_confidential_only_where_confidentiality_is_agreed():
    """Source code handed over is confidential information under the confidentiality clause; with
    statutory protection only, the clause does not point to a confidentiality duty."""
    doc = build_agreement(make_project(params={"ergebnisse": {"software": "quellcode"}}))
    assert f"vertrauliche Information nach {number(doc, 'vertraulichkeit')}" in doc.clause("software").text
    plain = build_agreement(
        make_project(variants={"vertraulichkeit": "gesetzlich"}, params={"ergebnisse": {"software": "quellcode"}})
    )
    assert_clean(plain)
    assert "vertrauliche Information nach" not in plain.clause("software").text


def test_open_results_topic_without_variant_keeps_only_the_provisional_rules():
    """While nobody has proposed a results model, the draft shows the provisional rule, keeps the
    background clause and leaves out joint results, access rights and software."""
    project = make_project(open_topics=("ergebnisse",))
    project.decisions["ergebnisse"].variant = None
    doc = build_agreement(project)
    assert_clean(doc)
    assert [p.topic for p in doc.open_points] == ["ergebnisse"]
    for clause_id in ("gemeinsame_ergebnisse", "zugangsrechte", "software"):
        assert doc.clause(clause_id) is None
    assert "Eine Nutzung außerhalb der Kooperation bedarf einer gesonderten Vereinbarung." in doc.clause("altschutzrechte").text


def test_processing_on_behalf_lists_the_mandatory_content():
    """Processing on behalf names the processor, what it processes and each item Art. 28 (3)
    DSGVO requires of the processing agreement."""
    project = make_project(variants={"datenschutz": "auftragsverarbeitung"})
    project.decisions["datenschutz"].params.update(
        processor=project.partners[3].id, processing_subject="die Kursanmeldung über die Lernplattform"
    )
    clause = build_agreement(project).clause("datenschutz")
    text = clause.text
    assert "Bildungswerk betreibt die gemeinsame technische Infrastruktur" in text
    assert "Gegenstand der Auftragsverarbeitung ist die Kursanmeldung über die Lernplattform." in text
    for item in (
        "nur auf dokumentierte Weisung des Verantwortlichen verarbeitet, auch bei einer Übermittlung in ein Drittland",
        "zur Vertraulichkeit verpflichtet",
        "Maßnahmen nach Art. 32 DSGVO trifft",
        "weitere Auftragsverarbeiter nur mit vorheriger Genehmigung",
        "bei seinen Pflichten nach Art. 32 bis 36 DSGVO unterstützt",
        "löscht oder zurückgibt",
        "Überprüfungen einschließlich Inspektionen ermöglicht",
    ):
        assert item in text, item
    assert "(Durchführungsbeschluss (EU) 2021/915)" in text


def test_new_parameters_explain_themselves_and_apply_where_they_matter():
    """Each new results parameter has a label and a default; the conditional ones apply only to
    the variants they concern."""
    topic = CATALOGUE.topic("ergebnisse")
    params = {p.id: p for p in topic.params}
    for pid in ("background_list", "background_use", "use_access", "access_request_months", "joint_shares", "joint_licensing", "software"):
        assert params[pid].label.get_text() and params[pid].default is not None, pid
    from kooperation.domain.catalogue import param_applies

    applies = {
        (pid, v): param_applies(params[pid], v, {})
        for pid, v in itertools.product(("use_access", "joint_shares", "access_request_months"), IP_VARIANTS)
    }
    assert {v for (pid, v), ok in applies.items() if pid == "use_access" and ok} == {"erzeuger", "gemeinsam"}
    assert {v for (pid, v), ok in applies.items() if pid == "joint_shares" and ok} == JOINT
    assert not applies[("access_request_months", "offen")]


# --- project file and rules page -----------------------------------------------------------------


def test_the_project_file_keeps_the_ip_and_data_protection_choices():
    """Export and import keep the results variant with its new settings and the partners named
    for joint controllership; the rebuilt draft reads the same."""
    project = demo_project()
    project.decisions["ergebnisse"].variant = "uebertragung"
    project.decisions["ergebnisse"].status = DecisionStatus.AGREED
    project.decisions["ergebnisse"].params.update(
        assignee=project.partners[0].id, background_list="liste", software="quellcode", access_request_months=18
    )
    text = dumps_document(export_document(project))
    assert '"assignee"' in text and '"contact_partner"' in text
    read, _drafts = parse_document(text)
    for topic in ("ergebnisse", "datenschutz"):
        assert read.decisions[topic] == project.decisions[topic], topic
    doc = build_agreement(read)
    assert "(Erwerber)" in doc.clause("ergebnisse").text
    assert "binnen 18 Monaten nach dem Ende" in doc.clause("zugangsrechte").text
    assert "Bildungswerk ist Anlaufstelle" in doc.clause("datenschutz").text


def test_rules_page_offers_the_ip_models_and_data_protection_roles(qtbot, tmp_path):
    """The results topic offers the option and assignment models with their settings, the data
    protection topic the contact point and operator; clicks and choices reach the store."""
    from PySide6.QtCore import Qt

    from kooperation.store import open_store
    from kooperation.ui.pages.rules import RulesPage
    from kooperation.ui.session import ProjectSession

    store = open_store(tmp_path / "ip.sqlite3")
    try:
        saved = store.save_project(demo_project())
        page = RulesPage(ProjectSession(store, saved.id))
        qtbot.addWidget(page)
        page.resize(1100, 900)
        page.show()
        page.select("ergebnisse")
        panel = page.panel
        assert set(panel.variant_items) == set(IP_VARIANTS)
        shown = {r.param.id for r in panel.visible_rows()}
        assert {"use_access", "joint_shares", "joint_licensing", "software", "background_list"} <= shown
        assert "assignee" not in shown
        qtbot.mouseClick(panel.variant_items["uebertragung"].radio, Qt.MouseButton.LeftButton)
        shown = {r.param.id for r in panel.visible_rows()}
        assert "assignee" in shown and "use_access" not in shown and "joint_shares" not in shown
        combo = panel.row("assignee").editor.combo
        combo.setCurrentIndex(combo.findText("Hochschule"))
        software = panel.row("software").editor.combo
        software.setCurrentIndex(software.findData("quellcode"))
        page.grab().save(str(tmp_path / "ergebnisse.png"))
        stored = store.load_project(saved.id).decisions["ergebnisse"]
        hochschule = next(p for p in saved.partners if p.short_name == "Hochschule")
        assert stored.variant == "uebertragung"
        assert stored.params["assignee"] == hochschule.id and stored.params["software"] == "quellcode"

        page.select("datenschutz")
        panel = page.panel
        shown = {r.param.id for r in panel.visible_rows()}
        assert {"joint_processing", "contact_partner", "platform_partner"} <= shown
        assert "processor" not in shown
        assert "Anlaufstelle" in panel.variant_items["gemeinsam"].explanation.text()
        assert panel.variant_items["gemeinsam"].radio.isChecked()
        qtbot.mouseClick(panel.variant_items["auftragsverarbeitung"].radio, Qt.MouseButton.LeftButton)
        shown = {r.param.id for r in panel.visible_rows()}
        assert {"processor", "processing_subject"} <= shown and "contact_partner" not in shown
        assert store.load_project(saved.id).decisions["datenschutz"].variant == "auftragsverarbeitung"
    finally:
        store.close()
