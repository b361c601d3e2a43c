"""The meeting checklists: catalogue data (checks.yaml) and the hints that follow from the data."""

from __future__ import annotations

import copy
import dataclasses
import subprocess
import sys

import pytest
import yaml

from kooperation.domain.catalogue import CatalogueError, Localized, load_catalogue
from kooperation.domain.checks import (
    FactorKind,
    Rating,
    ReadinessLevel,
    Severity,
    load_checks,
    parse_checks,
)
from kooperation.domain.checks_logic import (
    PhaseState,
    data_warnings,
    factor_hints,
    factor_scores,
    form_guide_warnings,
    readiness_overview,
    readiness_verdict,
    recommend_forms,
    reflection_questions,
    workplan,
)
from kooperation.domain.demo import demo_project
from kooperation.domain.meeting import ReviewStatus
from kooperation.domain.model import (
    CooperationForm,
    DecisionStatus,
    Partner,
    PartnerRole,
    Project,
    RuleDecision,
    Sector,
)
from kooperation.i18n import current_language, set_language
from kooperation.resources import resource_path


@pytest.fixture
def checks():
    return load_checks()


@pytest.fixture
def raw():
    with open(resource_path("catalogue", "checks.yaml"), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture
def english():
    previous = current_language()
    set_language("en")
    yield
    set_language(previous)


def codes(hints):
    return [h.code for h in hints]


def texts_of(value):
    """Every `Localized` text inside a (nested) catalogue object."""
    if isinstance(value, Localized):
        yield value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from texts_of(getattr(value, f.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts_of(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts_of(item)


def all_yes(checks, **no):
    return {q.id: q.id not in no for q in checks.readiness.questions}


# --- the catalogue ------------------------------------------------------------------------------


def test_catalogue_has_the_seven_questions_and_twenty_factors(checks):
    assert len(checks.readiness.questions) == 7
    kinds = [f.kind for f in checks.factors.items]
    assert kinds.count(FactorKind.SUCCESS) == 10 and kinds.count(FactorKind.FAILURE) == 10
    assert len(checks.fears) == 5
    assert [p.page for p in checks.phases] == ["partners", "business_model", "goals", "rules"]
    assert all(p.minutes > 0 and len(p.questions) >= 3 for p in checks.phases)
    assert any(q.per_partner for q in checks.reflection)


def test_every_text_has_german_and_english(checks):
    texts = [t for t in texts_of(checks) if t]  # an empty text is an optional one left out (help)
    assert len(texts) > 300
    for text in texts:
        assert text.get("de", "").strip(), text
        assert text.get("en", "").strip(), text
    for factor in checks.factors.items:
        assert factor.title.get("en") and factor.text.get("en")
        assert all(h.get("en") for h in factor.hints.values())


def test_every_referenced_topic_and_form_exists_in_rules_yaml(checks):
    catalogue = load_catalogue()
    topics, forms = set(catalogue.topic_ids), {f.id for f in catalogue.forms}
    referenced = [t for f in checks.factors.items for t in f.topics]
    referenced += [t for q in checks.readiness.questions for t in q.topics]
    referenced += [t for w in checks.warnings.items.values() for t in w.topics]
    referenced += [t for f in checks.fears for t in f.topics] + [t for q in checks.reflection for t in q.topics]
    assert referenced and set(referenced) <= topics
    assert checks.factors.factor("konflikte").topics == ("konflikte",)
    effects = {e.form for q in checks.form_guide.questions for o in q.options for e in o.scores}
    assert effects == forms == set(checks.form_guide.profiles)


@pytest.mark.parametrize(
    "break_it, message",
    [
        (lambda r: r["factors"]["items"][0].update(topics=["gibtsnicht"]), "gibtsnicht"),
        (lambda r: r["readiness"]["questions"][1].update(id="nutzen"), "Doppelte ID nutzen"),
        (lambda r: r["factors"]["items"][3]["text"].pop("de"), "deutsche Text fehlt"),
        (lambda r: r["warnings"]["items"]["no_contribution"]["text"].update(de="{nmae} fehlt"), "nmae"),
        (lambda r: r["form_guide"]["questions"][0]["options"][0]["scores"][0].update(form="ag"), "ag"),
        (lambda r: r["phases"][0].update(page="kasse"), "kasse"),
        (lambda r: r["warnings"]["items"].pop("same_market"), "same_market"),
        (lambda r: r.pop("fears"), "fears"),
        (lambda r: r["factors"]["groups"]["failure"].pop("de"), "factors.groups.failure"),
        (lambda r: r["readiness"]["answers"].pop("no"), "Abschnitt no fehlt"),
        (lambda r: r["readiness"]["counts"].update(de="{ja} Ja"), "ja"),
        (lambda r: r["board"].pop("open"), "board.open"),
        (lambda r: r["living"]["statuses"].pop("at_risk"), "living.statuses.at_risk"),
        (lambda r: r["living"]["statuses"].update(paused={"de": "pausiert"}), "paused"),
        (lambda r: r["form_guide"]["headings"]["trade_offs"].pop("de"), "form_guide.headings.trade_offs"),
        (lambda r: r.pop("living"), "living"),
    ],
)
def test_a_broken_catalogue_is_refused_with_a_clear_message(raw, break_it, message):
    broken = copy.deepcopy(raw)
    break_it(broken)
    with pytest.raises(CatalogueError, match=message):
        parse_checks(broken)


def test_load_checks_is_cached(checks):
    assert load_checks() is checks


# --- readiness ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "no, level",
    [
        ((), ReadinessLevel.MOSTLY_YES),
        (("vorleistung", "partner"), ReadinessLevel.MOSTLY_YES),  # 5 : 2
        (("vorleistung", "partner", "leitung"), ReadinessLevel.MIXED),  # 4 : 3
        (("vorleistung", "partner", "leitung", "ziel"), ReadinessLevel.MIXED),  # 3 : 4
        (("vorleistung", "partner", "leitung", "ziel", "nutzen"), ReadinessLevel.MOSTLY_NO),  # 2 : 5
    ],
)
def test_verdict_thresholds(checks, no, level):
    verdict = readiness_verdict(all_yes(checks, **dict.fromkeys(no)))
    assert verdict.level is level
    assert verdict.no == len(no) and verdict.yes == 7 - len(no) and verdict.unanswered == 0
    assert verdict.no_question_ids == tuple(q.id for q in checks.readiness.questions if q.id in no)
    assert len(verdict.advice) == len(no)
    assert verdict.title and verdict.text


def test_the_guide_wording_and_the_advice_for_a_no(checks):
    yes = readiness_verdict(all_yes(checks))
    assert "wagen Sie doch einfach einen Versuch" in yes.text and yes.next_steps
    no = readiness_verdict({q.id: False for q in checks.readiness.questions})
    assert "nicht unmöglich, aber es wird schwierig" in no.text
    mostly_yes = readiness_verdict(all_yes(checks, leitung=None))
    assert mostly_yes.advice == (checks.readiness.question("leitung").if_no.get_text(),)


def test_the_overview_leaves_out_what_there_is_nothing_to_say_about(checks):
    """Each kind of sentence stands on its own: without hesitant partners or "no" answers
    only the missing partners are named, and the other way round."""
    project = demo_project()
    first, second = project.partners[:2]
    overview = readiness_overview({first.id: all_yes(checks)}, project)
    assert overview.hesitant_note == "" and overview.question_notes == {}
    assert overview.missing_note and second.display_name in overview.missing_note
    assert overview.notes == (overview.missing_note,)
    everyone = {p.id: all_yes(checks, leitung=None, ziel=None, partner=None) for p in project.partners}
    overview = readiness_overview(everyone, project)
    assert overview.missing_note == "" and overview.hesitant_note
    assert list(overview.question_notes) == ["ziel", "leitung", "partner"]
    assert overview.notes[0] == overview.hesitant_note and len(overview.notes) == 4


def test_too_few_answers_give_no_verdict_yet(checks):
    answers = dict(list(all_yes(checks).items())[:4]) | {"partner": None, "unbekannt": True}
    verdict = readiness_verdict(answers)
    assert verdict.level is ReadinessLevel.INCOMPLETE
    assert verdict.unanswered == 3 and "4 von 7" in verdict.text and "mindestens 5" in verdict.text


def test_readiness_across_partners_names_the_hesitant_and_the_missing(checks):
    project = demo_project()
    prodtech, hochschule, stadt, bildungswerk = project.partners
    answers = {
        prodtech.id: all_yes(checks),
        hochschule.id: all_yes(checks, vorleistung=None),
        stadt.id: all_yes(checks, vorleistung=None, leitung=None, ziel=None, partner=None),
    }
    overview = readiness_overview(answers, project)
    assert overview.partners[prodtech.id].level is ReadinessLevel.MOSTLY_YES
    assert overview.hesitant_ids == (stadt.id,)
    assert overview.missing_ids == (bildungswerk.id,)
    assert overview.no_by_question["vorleistung"] == (hochschule.id, stadt.id)
    assert "leitung" in overview.no_by_question and "nutzen" not in overview.no_by_question
    assert overview.hesitant_note.startswith("Noch zurückhaltend: Wirtschaftsförderung")
    assert list(overview.question_notes) == list(overview.no_by_question)  # in question order
    assert "Hochschule und Wirtschaftsförderung" in overview.question_notes["vorleistung"]
    assert overview.question_notes["vorleistung"].startswith("„Wir sind im Zweifel bereit")
    assert overview.missing_note == "Noch keine Antworten von Bildungswerk."
    assert overview.notes == (overview.hesitant_note, *overview.question_notes.values(), overview.missing_note)
    # all answers together: 16 "yes" of 21 answered; the hesitant partner is named separately
    assert (overview.overall.yes, overview.overall.no, overview.overall.unanswered) == (16, 5, 7)
    assert overview.overall.level is ReadinessLevel.MOSTLY_YES
    answers[bildungswerk.id] = {q.id: False for q in checks.readiness.questions}
    assert readiness_overview(answers, project).overall.level is ReadinessLevel.MIXED  # 16 : 12
    assert readiness_overview({}, project).overall.level is ReadinessLevel.INCOMPLETE


# --- success and failure factors ----------------------------------------------------------------


def test_unresolved_conflicts_point_at_the_open_conflict_rule():
    project = demo_project()
    project.decisions["konflikte"] = RuleDecision("konflikte")  # still to be discussed
    [hint] = factor_hints({"konflikte": Rating.POOR}, project)
    assert (hint.code, hint.factor_id, hint.topic_id, hint.topic_open) == ("factor", "konflikte", "konflikte", True)
    assert hint.severity is Severity.WARNING
    assert "Konflikte bleiben ungelöst" in hint.text and "noch offen" in hint.text
    assert "Konfliktlösung" in hint.text

    project.decisions["konflikte"] = RuleDecision("konflikte", variant="mediation_gericht", status=DecisionStatus.AGREED)
    [agreed] = factor_hints({"konflikte": "poor"}, project)
    assert agreed.topic_open is False and agreed.text != hint.text
    assert "vereinbart" in agreed.text and "gelebt" in agreed.text and "noch offen" not in agreed.text


def test_a_factor_hint_points_at_its_first_open_topic():
    project = demo_project()  # "ergebnisse" is open, "beitraege" agreed
    [hint] = factor_hints({"geben_nehmen": Rating.PARTLY}, project)
    assert (hint.topic_id, hint.topic_open, hint.severity) == ("ergebnisse", True, Severity.INFO)
    project.decisions["ergebnisse"].status = DecisionStatus.AGREED
    [hint] = factor_hints({"geben_nehmen": Rating.PARTLY}, project)
    assert (hint.topic_id, hint.topic_open) == ("beitraege", False)


def test_good_and_irrelevant_factors_give_no_hint_and_poor_ones_come_first():
    project = demo_project()
    ratings = {"koordination": Rating.GOOD, "naehe": Rating.NOT_RELEVANT, "austausch": "partly",
               "vorbereitung": "poor", "unbekannt": "poor", "chemie": "kaputt"}
    hints = factor_hints(ratings, project)
    assert [h.factor_id for h in hints] == ["vorbereitung", "austausch"]
    assert hints[0].topic_id is None and hints[0].topic_open is None  # no rule topic for this one
    assert "Bereitschaftscheck" in hints[0].text


def test_the_contract_factor_names_the_next_open_topic_until_all_are_agreed():
    project = demo_project()
    [hint] = factor_hints({"vertrag": "poor"}, project)
    assert hint.topic_id == "ergebnisse" and hint.topic_open
    for decision in project.decisions.values():
        decision.variant = decision.variant or "x"
        decision.status = DecisionStatus.AGREED
    [hint] = factor_hints({"vertrag": "poor"}, project)
    assert hint.topic_open is False and "rechtlich prüfen" in hint.text


def test_factor_scores_read_both_kinds_on_one_scale(checks):
    scores = {s.factor_id: s for s in factor_scores({"koordination": "good", "konflikte": "poor", "chemie": "good", "tempo": "not_relevant"})}
    assert len(scores) == 20
    assert (scores["koordination"].score, scores["koordination"].label) == (1.0, "erfüllt")
    assert (scores["chemie"].score, scores["chemie"].label) == (1.0, "trifft nicht zu")
    assert (scores["konflikte"].score, scores["konflikte"].label) == (0.0, "trifft zu")
    assert scores["tempo"].score is None and scores["austausch"].rating is None


# --- warnings from the data ---------------------------------------------------------------------


def test_the_demo_project_only_lists_its_open_topics():
    hints = data_warnings(demo_project())
    assert codes(hints) == ["open_topics"]
    assert hints[0].topic_id == "ergebnisse" and "Abwerbeverbot" in hints[0].text and "(2)" in hints[0].text


def test_agreeing_the_open_topics_removes_the_hint():
    project = demo_project()
    project.decisions["ergebnisse"].status = DecisionStatus.AGREED
    project.decisions["abwerbung"] = RuleDecision("abwerbung", variant="keins", status=DecisionStatus.AGREED)
    assert data_warnings(project) == []


def test_partner_count_outside_the_limits():
    project = demo_project()
    project.partners = project.partners[:1]
    hints = data_warnings(project)
    assert hints[0].code == "too_few_partners" and hints[0].severity is Severity.CRITICAL
    assert "1 Partner" in hints[0].text

    project = demo_project()
    project.partners += [Partner(name=f"Partner {i}", contributions="Räume", sector=Sector.STAAT) for i in range(4)]
    [too_many] = [h for h in data_warnings(project) if h.code == "too_many_partners"]
    assert "8 Partner" in too_many.text and too_many.topic_id == "steuerung" and too_many.topic_open is False


def test_a_partner_without_contribution_is_named():
    project = demo_project()
    project.partners[3].contributions = "  "
    [hint] = [h for h in data_warnings(project) if h.code == "no_contribution"]
    assert hint.partner_ids == (project.partners[3].id,)
    assert "Bildungswerk hat noch keinen Beitrag" in hint.text and hint.topic_id == "beitraege"
    assert "Beitrag dieses Partners abdeckt" in hint.text  # the cost rule is agreed in the demo


def test_partners_in_the_same_market_get_the_confidentiality_and_antitrust_hint():
    """Two partners naming the same market (here: the same WZ division) get one antitrust hint."""
    project = demo_project()
    project.partners[1].market = "28 – Maschinenbau"
    [hint] = [h for h in data_warnings(project) if h.code == "same_market"]
    assert hint.partner_ids == (project.partners[0].id, project.partners[1].id)
    assert "ProdTech und Hochschule" in hint.text and "28 – Maschinenbau" in hint.text
    assert "mögliche Wettbewerber" in hint.text
    assert hint.topic_id == "vertraulichkeit" and hint.topic_open is False  # both agreed in the demo

    project.decisions.pop("kartellrecht")
    [hint] = [h for h in data_warnings(project) if h.code == "same_market"]
    assert (hint.topic_id, hint.topic_open) == ("kartellrecht", True)

    project.partners[1].market = "72.1 – Forschung und Entwicklung: Natur-, Ingenieur-, Agrarwissenschaften und Medizin"
    assert "same_market" not in codes(data_warnings(project))


def test_shared_words_in_the_products_no_longer_make_competitors():
    """Same sector and a shared word ("Maschinen") but different markets: no antitrust hint."""
    project = Project("Test", partners=[
        Partner("A", products="Maschinen für Bäckereien", contributions="x", role=PartnerRole.LEAD, market="10 Herstellung von Nahrungs- und Futtermitteln"),
        Partner("B", products="Sondermaschinen", contributions="x", market="28"),
    ])
    assert "same_market" not in codes(data_warnings(project))


def test_partners_without_a_market_get_a_gentle_suggestion_not_a_guess():
    """An old project without markets gets no hint from word overlap, only the suggestion to fill them in."""
    project = Project("Test", partners=[
        Partner("A", products="Soziales Lernen, Industrie", contributions="x", role=PartnerRole.LEAD),
        Partner("B", products="Soziales, Industrie", contributions="x"),
        Partner("C", products="Soziales", contributions="x", market="88.9"),
    ])
    hints = data_warnings(project)
    assert "same_market" not in codes(hints)
    [hint] = [h for h in hints if h.code == "market_missing"]
    assert hint.severity is Severity.INFO and hint.partner_ids == (project.partners[0].id, project.partners[1].id)
    assert "A und B" in hint.text and "Markt/Branche" in hint.text
    for partner in project.partners:
        partner.market = "62"
    hints = data_warnings(project)
    assert "market_missing" not in codes(hints) and codes(hints).count("same_market") == 1


def test_no_coordinator_named():
    project = demo_project()
    project.partners[0].role = PartnerRole.PARTNER  # no lead partner any more
    assert "no_coordinator" not in codes(data_warnings(project))  # steuerung still names ProdTech
    project.decisions["steuerung"].params.pop("coordinator")
    [hint] = [h for h in data_warnings(project) if h.code == "no_coordinator"]
    assert hint.topic_id == "steuerung" and hint.topic_open is False and "nennt aber niemanden" in hint.text
    project.decisions["steuerung"].variant = "gleichrangig"  # rotating coordination
    assert "no_coordinator" not in codes(data_warnings(project))


def test_no_form_or_a_loose_form_brings_the_gbr_warning():
    project = demo_project()
    project.form = None
    [hint] = [h for h in data_warnings(project) if h.code == "no_form"]
    assert "nicht gewählt" in hint.text and "Gesellschaft bürgerlichen Rechts" in hint.text
    project.form = CooperationForm.NETZWERK
    [hint] = [h for h in data_warnings(project) if h.code == "loose_form"]
    assert "GbR" in hint.text


def test_hints_are_sorted_by_severity():
    project = demo_project()
    project.partners = project.partners[:1]
    project.partners[0].contributions = ""
    project.form = None
    severities = [h.severity.rank for h in data_warnings(project)]
    assert severities == sorted(severities, reverse=True) and severities[0] == Severity.CRITICAL.rank


# --- decision guide for the form ----------------------------------------------------------------


def ranking(recommendations):
    return [r.form_id for r in recommendations]


def test_binding_and_confidential_know_how_favour_a_contract():
    recs = recommend_forms({"binding": "yes", "know_how": "yes"})
    order = ranking(recs)
    assert order[0] == "vertrag" and order.index("vertrag") < order.index("netzwerk")
    vertrag = recs[0]
    assert vertrag.recommended and vertrag.score == 4 and len(vertrag.reasons_for) == 2
    assert any("Vertragsform" in r for r in vertrag.reasons_for)
    netzwerk = next(r for r in recs if r.form_id == "netzwerk")
    assert not netzwerk.recommended and netzwerk.score < 0 and netzwerk.reasons_against
    assert any("GbR" in w for w in netzwerk.warnings) and vertrag.warnings == ()
    assert vertrag.pros and vertrag.cons and vertrag.label == "Vertragliche Kooperation"


def test_joint_assets_and_limited_liability_favour_a_company():
    recs = recommend_forms({"assets": "yes", "liability": "limited"})
    assert recs[0].form_id == "gesellschaft" and recs[0].recommended
    assert recs[0].score > recs[1].score


def test_an_open_circle_favours_an_association():
    assert recommend_forms({"partners": "open", "term": "long"})[0].form_id == "verein"


def test_nothing_answered_recommends_nothing():
    recs = recommend_forms({"binding": "vielleicht", "gibtsnicht": "yes"})
    assert all(r.score == 0 and not r.recommended for r in recs)
    assert ranking(recs) == [f.id for f in load_catalogue().forms]


def test_gbr_warning_unless_binding_force_is_wanted_and_a_form_is_chosen():
    assert codes(form_guide_warnings({"binding": "no"})) == ["gbr"]
    assert codes(form_guide_warnings({})) == ["gbr"]
    assert form_guide_warnings({"binding": "yes"}) == []
    project = demo_project()
    assert form_guide_warnings({"binding": "yes"}, project) == []
    project.form = None
    assert codes(form_guide_warnings({"binding": "yes"}, project)) == ["gbr"]
    project.form = CooperationForm.NETZWERK
    assert "Gesellschaft bürgerlichen Rechts" in form_guide_warnings({"binding": "yes"}, project)[0].text


# --- workshop phases and reflection -------------------------------------------------------------


def test_workplan_reflects_the_demo_project():
    phases = workplan(demo_project())
    assert [p.phase_id for p in phases] == ["matchmaking", "geschaeftsmodell", "ziele", "vereinbarung"]
    assert [p.number for p in phases] == [1, 2, 3, 4]
    assert [p.state for p in phases] == [PhaseState.DONE] * 3 + [PhaseState.STARTED]
    assert phases[0].summary == "4 Partner erfasst, 4 mit Beitrag"
    assert phases[1].summary == "5 von 5 Feldern ausgefüllt"
    assert phases[2].summary == "8 Ziele, 12 Meilensteine"
    topics = len(load_catalogue().topics)  # the demo leaves two of them open
    assert phases[3].summary == f"Form: Vertragliche Kooperation; {topics - 2} von {topics} Themen vereinbart"
    assert len(phases[3].open_items) == 2 and phases[3].questions and phases[3].minutes > 0


def test_workplan_follows_the_data():
    phases = workplan(Project("Leer"))
    assert all(p.state is PhaseState.EMPTY for p in phases)
    assert "noch nicht gewählt" in phases[3].summary

    project = demo_project()
    project.business_model.revenue_streams = ""
    project.decisions["ergebnisse"].status = DecisionStatus.AGREED
    project.decisions["abwerbung"] = RuleDecision("abwerbung", variant="keins", status=DecisionStatus.AGREED)
    states = [p.state for p in workplan(project)]
    assert states == [PhaseState.DONE, PhaseState.STARTED, PhaseState.DONE, PhaseState.DONE]


def test_reflection_questions_ask_each_partner(checks):
    project = demo_project()
    items = reflection_questions(project)
    contributed = [i for i in items if i.question_id == "eingebracht"]
    assert [i.partner_id for i in contributed] == [p.id for p in project.partners]
    assert contributed[0].text == "Was hat ProdTech bisher in die Kooperation eingebracht?"
    assert {"weiterfuehren", "aendern", "beenden"} <= {i.question_id for i in items}
    general = len([q for q in checks.reflection if not q.per_partner])
    assert len(items) == general + 2 * len(project.partners)


# --- language -----------------------------------------------------------------------------------


def test_english_texts_when_the_language_is_english(checks, english):
    verdict = readiness_verdict(all_yes(checks))
    assert verdict.title == "Good prerequisites" and "simply give it a try" in verdict.text

    project = demo_project()
    project.decisions["konflikte"] = RuleDecision("konflikte")
    [hint] = factor_hints({"konflikte": "poor"}, project)
    assert hint.text.startswith("Conflicts stay unresolved.") and "still open" in hint.text

    project.partners[3].contributions = ""
    texts = [h.text for h in data_warnings(project)]
    assert any(t.startswith("Bildungswerk has not entered a contribution") for t in texts)

    recs = recommend_forms({"binding": "no"})
    assert recs[0].form_id == "netzwerk" and recs[0].reasons_for[0].startswith("You want a loose cooperation")
    assert "civil-law partnership" in form_guide_warnings({"binding": "no"})[0].text
    assert workplan(demo_project())[2].summary == "8 goals, 12 milestones"
    assert [s.label for s in factor_scores({"konflikte": "poor"}) if s.factor_id == "konflikte"] == ["applies"]


def test_german_again_after_the_switch(checks):
    assert current_language() == "de"
    assert readiness_verdict(all_yes(checks)).title == "Gute Voraussetzungen"


def page_texts(checks):
    """The texts the meeting pages show around the checks (besides questions, factors …)."""
    readiness, guide = checks.readiness, checks.form_guide.headings
    return {
        "readiness.answers.yes": readiness.answer_yes,
        "readiness.answers.no": readiness.answer_no,
        "readiness.counts": readiness.counts,
        "readiness.no_answers": readiness.no_answers,
        "readiness.next_steps_title": readiness.next_steps_title,
        "readiness.advice_title": readiness.advice_title,
        "factors.intro": checks.factors.intro,
        **{f"factors.groups.{k.value}": t for k, t in checks.factors.groups.items()},
        **{f"form_guide.headings.{f.name}": getattr(guide, f.name) for f in dataclasses.fields(guide)},
        **{f"board.{f.name}": getattr(checks.board, f.name) for f in dataclasses.fields(checks.board)},
        "living.intro": checks.living.intro,
        **{f"living.statuses.{s.value}": t for s, t in checks.living.statuses.items()},
    }


def test_the_texts_of_the_meeting_pages_are_in_the_catalogue_in_both_languages(checks):
    """The group headings, answers, sheet headings, review statuses and introductions the pages
    show are catalogue texts with German and English, not UI strings."""
    texts = page_texts(checks)
    assert len(texts) == 6 + 1 + 2 + 5 + 3 + 1 + 5
    for where, text in texts.items():
        assert text.get("de", "").strip() and text.get("en", "").strip(), where
        assert text["de"] != text["en"], where
    assert set(checks.living.statuses) == set(ReviewStatus)
    assert checks.factors.group_title(FactorKind.SUCCESS) == "Das trägt zum Erfolg bei"
    assert checks.factors.group_title("failure") == "Das kann zum Scheitern führen"
    assert (checks.readiness.answer_label(True), checks.readiness.answer_label(False)) == ("Ja", "Nein")
    assert checks.readiness.counts.get_text().format(yes=5, no=2) == "5 Ja, 2 Nein"
    assert [checks.living.status_label(s) for s in ReviewStatus] == ["im Plan", "gefährdet", "verzögert", "erreicht", "aufgegeben"]
    assert checks.board.form.get_text() == "Für unsere Zusammenarbeit wählen wir folgende Kooperationsform:"
    assert checks.board.agreed.get_text() == "Diese Vereinbarungen treffen wir:"
    assert checks.board.open.get_text() == "Darüber müssen wir uns verständigen:"
    assert checks.form_guide.headings.reasons_for.get_text() == "Spricht dafür"


def test_the_texts_of_the_meeting_pages_switch_to_english(checks, english):
    assert checks.factors.group_title(FactorKind.SUCCESS) == "What contributes to success"
    assert checks.factors.group_title(FactorKind.FAILURE) == "What can lead to failure"
    assert checks.factors.intro.get_text().startswith("What speaks for the success")
    assert (checks.readiness.answer_label(True), checks.readiness.answer_label(False)) == ("Yes", "No")
    assert checks.readiness.counts.get_text().format(yes=5, no=2) == "5 yes, 2 no"
    assert checks.readiness.no_answers.get_text() == "no answers yet"
    assert checks.readiness.next_steps_title.get_text() == "What you can do next"
    assert [checks.living.status_label(s) for s in ReviewStatus] == ["on track", "at risk", "delayed", "achieved", "dropped"]
    assert checks.living.intro.get_text().startswith("In regular meetings")
    assert checks.board.form.get_text() == "For our cooperation we choose the following form:"
    assert checks.board.agreed.get_text() == "We make these agreements:"
    assert checks.board.open.get_text() == "We still need to agree on:"
    assert checks.form_guide.headings.ranking.get_text() == "Which form suits your answers?"
    assert (checks.form_guide.headings.reasons_for.get_text(), checks.form_guide.headings.reasons_against.get_text()) == ("In favour", "Against")
    assert checks.form_missing.get_text() == "not chosen yet"
    for where, text in page_texts(checks).items():
        assert text.get_text() == text["en"], where

    project = demo_project()
    prodtech, hochschule = project.partners[:2]
    overview = readiness_overview({prodtech.id: all_yes(checks), hochschule.id: all_yes(checks, leitung=None, ziel=None, partner=None)}, project)
    assert overview.hesitant_note.startswith("Still hesitant: Hochschule")
    assert overview.question_notes["leitung"].startswith("“Our management") and "answered “no” by Hochschule" in overview.question_notes["leitung"]
    assert overview.missing_note.startswith("No answers yet from ")


# --- layering -----------------------------------------------------------------------------------


def test_the_checks_import_no_qt_sqlalchemy_or_docx():
    code = (
        "import sys\nimport kooperation.domain.checks, kooperation.domain.checks_logic\n"
        "from kooperation.domain.checks import factor_hints\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'sqlalchemy', 'docx'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
