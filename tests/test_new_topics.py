"""The rule topics added in issue 11: a defaulting partner, force majeure, transfer and change of
control, notices, and the reach of the liability limitation (cardinal duties, confidentiality, an
overall cap). Read as the partners and their lawyer read the draft: the chosen variant and values
are in the text, every variant works under every cooperation form, references point to clauses
that exist, the rules page offers the topics and the project file keeps the decisions."""

from __future__ import annotations

import json

import pytest

from kooperation.domain.catalogue import load_catalogue
from kooperation.domain.demo import demo_project
from kooperation.domain.serialize import dumps_document, export_document, parse_document
from test_clause_library import assert_clean, build_agreement, make_project

CATALOGUE = load_catalogue()
NEW_TOPICS = {  # topic -> its clause
    "leistungsstoerung": "leistungsstoerung",
    "hoehere_gewalt": "hoehere_gewalt",
    "uebertragung": "uebertragung",
    "mitteilungen": "mitteilungen",
}
FORMS = [f.id for f in CATALOGUE.forms]
NEW_VARIANTS = [(t, v.id) for t in NEW_TOPICS for v in CATALOGUE.topic(t).variants]


def number(doc, clause_id: str) -> str:
    return f"§ {doc.clause(clause_id).number}"


# --- the demo project -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_doc():
    return build_agreement(demo_project())


def test_demo_agreement_contains_the_new_clauses_with_the_chosen_values(demo_doc):
    """The demo's decisions on the new topics appear as agreed text with their values."""
    doc = demo_doc
    assert_clean(doc)
    assert not any(p.topic in NEW_TOPICS for p in doc.open_points)
    default = doc.clause("leistungsstoerung").text
    assert "binnen vier Wochen nach Zugang der Aufforderung abzustellen" in default
    assert "(Ersatzvornahme)" in default
    assert f"als letztes Mittel nach {number(doc, 'ausschluss')} aus der Kooperation" in default
    force = doc.clause("hoehere_gewalt").text
    assert "Dauert die Behinderung länger als sechs Monate" in force
    assert (
        "können die übrigen Partner durch Beschluss, bei dem der betroffene Partner kein Stimmrecht hat, sein Ausscheiden erklären"
        in force
    )
    assert f"Für die Folgen gilt {number(doc, 'austritt_folgen')}" in force
    transfer = doc.clause("uebertragung").text
    assert "nur mit vorheriger Zustimmung aller übrigen Partner" in transfer
    assert "binnen vier Wochen nach seinem Wirksamwerden in Textform mit" in transfer
    assert (
        f"nach {number(doc, 'ausschluss')} ausschließen; einer Abmahnung bedarf es nicht"
        in transfer
    )
    notices = doc.clause("mitteilungen").text
    assert "unter seiner Anschrift nach Anlage 1" in notices
    assert "Eine Mitteilung allein an die Kontaktperson" in notices
    assert "binnen 14 Tagen in Textform mit" in notices
    reach = doc.clause("haftung_grenzen").text
    assert "vorhersehbaren, vertragstypischen Schaden" in reach
    assert "insgesamt begrenzt auf 250.000 € (Gesamthöchstbetrag)" in reach
    assert (
        f"Für Schäden aus der schuldhaften Verletzung der Pflichten nach {number(doc, 'vertraulichkeit')}"
        in reach
    )


def test_new_clauses_sit_where_a_lawyer_looks_for_them(demo_doc):
    """Defaulting partner and force majeure follow liability, transfer follows the exit
    clauses, notices come right before the final provisions."""
    ids = [c.id for c in demo_doc.clauses()]
    assert (
        ids.index("haftung_aussen") < ids.index("haftung_grenzen") < ids.index("leistungsstoerung")
    )
    assert ids.index("leistungsstoerung") + 1 == ids.index("hoehere_gewalt")
    assert ids.index("beendigung") + 1 == ids.index("uebertragung")
    assert ids.index("mitteilungen") + 1 == ids.index("schluss_aenderungen")


def test_the_project_file_keeps_the_new_decisions():
    """Export and import: the decisions on the new topics and the new liability values survive."""
    project = demo_project()
    project.decisions["uebertragung"].variant = "konzern"
    project.decisions["uebertragung"].params["control_notice_weeks"] = 6
    project.decisions["haftung"].params.update(overall_cap="beitraege", overall_cap_multiple=2)
    text = dumps_document(export_document(project))
    assert '"overall_cap_multiple": 2' in text and '"hoehere_gewalt"' in text
    read, _drafts = parse_document(text)
    for topic in (*NEW_TOPICS, "haftung"):
        assert read.decisions[topic] == project.decisions[topic], topic
    again = build_agreement(read)
    assert (
        "mindestens sechs Wochen vorher in Textform unterrichtet"
        in again.clause("uebertragung").text
    )
    assert "das Zweifache des Werts der Beiträge" in again.clause("haftung_grenzen").text
    assert json.loads(text)["project"]["decisions"]


# --- every variant under every form -----------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("topic", "variant"), NEW_VARIANTS, ids=[f"{t}-{v}" for t, v in NEW_VARIANTS]
)
def test_every_new_variant_renders_under_every_form(form, topic, variant):
    """Each variant of each new topic, under each cooperation form, gives its clause without a
    dangling reference, template leftovers or open points."""
    doc = build_agreement(make_project(form=form, variants={topic: variant}))
    assert_clean(doc)
    assert doc.open_points == []
    assert doc.clause(NEW_TOPICS[topic]).text.strip()


@pytest.mark.parametrize("form", FORMS)
def test_new_clauses_without_the_exclusion_right(form):
    """With exclusion switched off, the new clauses neither cite the missing exclusion clause nor
    promise an exclusion: a defaulting partner stays, the others may leave; a change of control
    gives each other partner a special right to leave."""
    doc = build_agreement(make_project(form=form, params={"austritt": {"exclusion": False}}))
    assert_clean(doc)
    assert doc.clause("ausschluss") is None
    assert (
        "Ein Ausschluss des säumigen Partners findet nicht statt"
        in doc.clause("leistungsstoerung").text
    )
    assert "(Sonderkündigungsrecht)" in doc.clause("uebertragung").text
    force = doc.clause("hoehere_gewalt").text
    assert "sein Ausscheiden erklären" not in force
    assert "Ebenso kann jeder übrige Partner aus wichtigem Grund austreten" in force


def test_a_loose_network_gets_no_enforceable_default_regime():
    """In a network without binding contributions, a defaulting partner is asked, not warned, and
    nobody pays the others' extra costs."""
    doc = build_agreement(
        make_project(form="netzwerk", variants={"leistungsstoerung": "ersatzvornahme"})
    )
    text = doc.clause("leistungsstoerung").text
    assert f"nach {number(doc, 'rechtsnatur')} nicht rechtlich durchsetzbar" in text
    assert "(Ersatzvornahme)" not in text and "Mehrkosten" not in text
    assert f"sein Ausschluss nach {number(doc, 'ausschluss')} möglich" in text


@pytest.mark.parametrize(
    ("topic", "param", "value", "phrase"),
    [
        ("leistungsstoerung", "cure_weeks", 1, "binnen einer Woche nach Zugang der Aufforderung"),
        ("leistungsstoerung", "cure_weeks", 26, "binnen 26 Wochen nach Zugang der Aufforderung"),
        ("hoehere_gewalt", "termination_months", 1, "länger als einen Monat,"),
        ("hoehere_gewalt", "termination_months", 12, "länger als zwölf Monate,"),
        ("uebertragung", "control_notice_weeks", 2, "binnen zwei Wochen nach seinem Wirksamwerden"),
        ("mitteilungen", "address_change_days", 1, "binnen einem Tag in Textform mit"),
    ],
)
def test_parameter_values_read_like_a_contract(topic, param, value, phrase):
    """Periods chosen for the new topics appear in words with the right case."""
    variants = {"hoehere_gewalt": "aussetzung_kuendigung"}
    doc = build_agreement(make_project(variants=variants, params={topic: {param: value}}))
    assert phrase in doc.clause(NEW_TOPICS[topic]).text


def test_a_value_out_of_bounds_becomes_an_open_point():
    """A cure period of 0 weeks is refused: the clause shows an open mark and the annex lists it."""
    doc = build_agreement(make_project(params={"leistungsstoerung": {"cure_weeks": 0}}))
    assert (
        "[offen: Frist zur Abhilfe nach Zugang der Abmahnung]"
        in doc.clause("leistungsstoerung").text
    )
    assert any(
        p.clause_id == "leistungsstoerung" and "mindestens 1" in p.note for p in doc.open_points
    )


def test_open_new_topics_show_their_provisional_text():
    """Topics still to be discussed show the note, the provisional rule and an annex line."""
    project = make_project(open_topics=tuple(NEW_TOPICS))
    for topic in NEW_TOPICS:
        project.decisions[topic].variant = None
    doc = build_agreement(project)
    assert_clean(doc)
    assert {p.topic for p in doc.open_points} == set(NEW_TOPICS)
    assert "Bis dahin besteht hierfür kein besonderes Recht" in doc.clause("hoehere_gewalt").text
    assert (
        "Bis dahin bedarf jede Übertragung der Zustimmung aller übrigen Partner"
        in doc.clause("uebertragung").text
    )
    assert (
        "Bis dahin genügt für alle Mitteilungen und Erklärungen die Textform"
        in doc.clause("mitteilungen").text
    )
    assert "Bis dahin kann der Lenkungskreis seine Aufgaben" in doc.clause("leistungsstoerung").text


# --- liability: cardinal duties, confidentiality, overall cap -----------------------------------


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("liability", ["grobe_fahrlaessigkeit", "hoechstbetrag", "gesetzlich"])
@pytest.mark.parametrize("cap", ["keine", "betrag", "beitraege"])
def test_liability_reach_renders_for_every_combination(form, liability, cap):
    """Every liability variant with every kind of overall cap, in every form, gives clean text;
    the reach clause exists only where the liability is limited."""
    doc = build_agreement(
        make_project(
            form=form, variants={"haftung": liability}, params={"haftung": {"overall_cap": cap}}
        )
    )
    assert_clean(doc)
    assert doc.open_points == []
    reach = doc.clause("haftung_grenzen")
    if liability == "gesetzlich":
        assert reach is None
        return
    assert ("(Gesamthöchstbetrag)" in reach.text) == (cap != "keine")


def test_cardinal_duties_are_carved_out_with_the_typical_damage():
    """Limited to gross negligence: slight negligence in a cardinal duty is liable up to the
    foreseeable typical damage; with a per-case cap the cap yields to that damage. Switched off,
    the carve-out is gone."""
    doc = build_agreement(make_project(variants={"haftung": "grobe_fahrlaessigkeit"}))
    text = doc.clause("haftung_grenzen").text
    assert (
        f"Abweichend von {number(doc, 'haftung')} haften die Partner einander auch bei leicht "
        "fahrlässiger Verletzung einer wesentlichen Vertragspflicht, jedoch begrenzt auf den bei "
        "Abschluss dieser Vereinbarung vorhersehbaren, vertragstypischen Schaden." in text
    )
    assert (
        f"insbesondere die Pflicht zur Erbringung der vereinbarten Beiträge nach {number(doc, 'beitraege')}"
        in text
    )
    capped = build_agreement(make_project(variants={"haftung": "hoechstbetrag"}))
    assert (
        "auch soweit dieser den Höchstbetrag je Schadensfall übersteigt"
        in capped.clause("haftung_grenzen").text
    )
    off = build_agreement(make_project(params={"haftung": {"cardinal_duties": False}}))
    assert "wesentlichen Vertragspflicht" not in off.clause("haftung_grenzen").text


def test_confidentiality_breaches_and_the_overall_cap():
    """Confidentiality breaches outside the limits also stay outside the cap; inside the limits,
    an agreed contractual penalty is untouched. The cap reads as an amount or a multiple."""
    unlimited = build_agreement(
        make_project(params={"haftung": {"overall_cap": "betrag", "overall_cap_eur": 100000}})
    )
    text = unlimited.clause("haftung_grenzen").text
    assert (
        "die Beschränkungen nach § {} und der Gesamthöchstbetrag nach dieser Bestimmung gelten insoweit nicht".format(
            unlimited.clause("haftung").number
        )
        in text
    )
    assert "insgesamt begrenzt auf 100.000 € (Gesamthöchstbetrag)" in text
    limited = build_agreement(
        make_project(
            variants={"vertraulichkeit": "vertragsstrafe"},
            params={
                "haftung": {
                    "confidentiality_breach": "beschraenkt",
                    "overall_cap": "beitraege",
                    "overall_cap_multiple": 3,
                }
            },
        )
    )
    text = limited.clause("haftung_grenzen").text
    assert f"die Vertragsstrafe nach {number(limited, 'vertragsstrafe')} bleibt unberührt" in text
    assert "das Dreifache des Werts der Beiträge, die er nach" in text
    assert "marktüblichen Kosten bewertet" in text


def test_liability_parameters_have_help_defaults_and_conditions():
    """The new liability parameters explain themselves, start from a safe default (carve-out on,
    confidentiality unlimited, no overall cap) and appear only with a limited liability."""
    topic = CATALOGUE.topic("haftung")
    params = {p.id: p for p in topic.params}
    assert params["cardinal_duties"].default is True
    assert params["confidentiality_breach"].default == "unbeschraenkt"
    assert params["overall_cap"].default == "keine"
    for param in params.values():
        assert param.help.get_text(), param.id
        assert param.when and "variant in" in param.when
    assert params["overall_cap_multiple"].min == 1 and params["overall_cap_multiple"].max == 5


# --- the rules page ---------------------------------------------------------------------------


def test_rules_page_offers_the_new_topics(qtbot, tmp_path):
    """The page lists the new topics, shows their question and variants, and a click on a
    variant and a new period reaches the store."""
    from PySide6.QtCore import Qt

    from kooperation.store import open_store
    from kooperation.ui.pages.rules import RulesPage
    from kooperation.ui.session import ProjectSession

    store = open_store(tmp_path / "topics.sqlite3")
    try:
        saved = store.save_project(demo_project())
        page = RulesPage(ProjectSession(store, saved.id))
        qtbot.addWidget(page)
        page.resize(1100, 800)
        page.show()
        entries = {
            page.list.item(i).data(Qt.ItemDataRole.UserRole): page.list.item(i).text()
            for i in range(page.list.count())
        }
        for topic in (*NEW_TOPICS, "haftung"):
            assert topic in entries
            assert CATALOGUE.topic(topic).label.get_text() in entries[topic]
        page.select("uebertragung")
        panel = page.panel
        assert panel.question.text() == CATALOGUE.topic("uebertragung").question.get_text()
        assert set(panel.variant_items) == {"zustimmung", "konzern", "nur_mitteilung"}
        qtbot.mouseClick(panel.variant_items["konzern"].radio, Qt.MouseButton.LeftButton)
        row = panel.row("control_notice_weeks")
        assert row in panel.visible_rows()
        spin = row.editor.spin
        assert (spin.minimum(), spin.maximum(), spin.value()) == (1, 12, 4)
        spin.setFocus()
        spin.lineEdit().selectAll()
        qtbot.keyClicks(spin, "8")
        stored = store.load_project(saved.id).decisions["uebertragung"]
        assert stored.variant == "konzern" and stored.params["control_notice_weeks"] == 8
        page.select("haftung")
        shown = {r.param.id for r in page.panel.visible_rows()}
        assert {
            "cardinal_duties",
            "confidentiality_breach",
            "overall_cap",
            "overall_cap_eur",
        } <= shown
        assert "overall_cap_multiple" not in shown
        page.grab().save(str(tmp_path / "haftung.png"))
    finally:
        store.close()
