"""The German clause library of the cooperation agreement (``templates/vertrag/de``).

These tests read the agreement the way the partners and their lawyer read it: every rule topic and
every variant of the catalogue yields real contract text, numbers read like a contract, nothing is
left over from the templates, references point to the right paragraph, and open points are shown
where they belong.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from kooperation.domain.catalogue import Param, load_catalogue
from kooperation.domain.consistency import find_conflicts
from kooperation.domain.model import (
    BusinessModel,
    CooperationForm,
    DecisionStatus,
    Goal,
    Horizon,
    Milestone,
    Partner,
    PartnerRole,
    Project,
    RuleDecision,
    Sector,
)
from kooperation.drafting.build import build_agreement as _build_agreement
from kooperation.drafting.docmodel import BulletList, Document, Note, OpenMark, Paragraph, Ref
from kooperation.drafting.library import load_library
from kooperation.drafting.typography import NBSP, map_texts
from topic_wording import NEW_CHARACTERISTIC, NEW_SHARED_WORDING


def build_agreement(*args, **kwargs) -> Document:
    """The agreement with plain spaces again: these tests are about wording; where the draft
    puts non-breaking spaces ("§ 12", "10.000 €") is tested in test_typography.py."""
    doc = map_texts(_build_agreement(*args, **kwargs), lambda text: text.replace(NBSP, " "))
    for clause in doc.clauses():  # the heading property puts its own one after the "§"
        clause.title = clause.title.replace(NBSP, " ")
    return doc

CATALOGUE = load_catalogue()
LIBRARY = load_library("vertrag", "de")
CLAUSES = [clause for section in LIBRARY.sections for clause in section.clauses]
ANNEX_IDS = {str(a["id"]) for a in LIBRARY.meta.get("annexes") or []}

DANGLING = "[Verweis auf eine entfallene Regelung]"
GBR_SENTENCE = "Durch diese Vereinbarung wird keine Gesellschaft bürgerlichen Rechts"

# Values for parameters that have no default in the catalogue.
SAMPLE_VALUES: dict[str, Any] = {
    "subject": "die gemeinsame Entwicklung und der Betrieb einer Lernplattform für die Fertigung",
    "excluded": "die Preis- und Kundenpolitik der Partner",
    "platform": "ein zugangsbeschränkter Projektordner bei der Koordination",
    "meeting_place": "in den Räumen der IHK Reutlingen",
    "criteria": "Sitz in der Region und Bereitschaft zu einem eigenen Beitrag",
    "mediator": "die IHK Reutlingen",
    "court_place": "Reutlingen",
    "arbitration_seat": "Stuttgart",
    "start_date": date(2027, 3, 1),
    "end_date": date(2029, 12, 31),
    "office_name": "Netzwerkbüro Neckar-Alb bei der Wirtschaftsförderung Neckar-Alb GmbH",
}

# The partner every partner parameter points at (not the lead partner, so that a default taken
# from the lead partner would be noticed).
PARTNER_PARAM_TARGET = 1

# Wording that shows a variant's own regulation is in the text (with the sample values above).
CHARACTERISTIC: dict[tuple[str, str], list[str]] = {
    ("gegenstand", "vorhaben"): ["zeitlich begrenztes Vorhaben"],
    ("gegenstand", "dauerhaft"): ["beabsichtigen eine dauerhafte Zusammenarbeit"],
    ("beitraege", "eigene_kosten"): ["Ein Ausgleich zwischen den Partnern findet nicht statt"],
    ("beitraege", "kostenschluessel"): [
        "Die gemeinsamen Kosten tragen die Partner zu gleichen Teilen"
    ],
    ("beitraege", "budget"): [
        "Jahresbeitrag von 2.500 €",
        "Hochschule verwaltet das Budget treuhänderisch",
    ],
    ("steuerung", "gleichrangig"): ["abwechselnd für die Dauer von jeweils zwölf Monaten"],
    ("steuerung", "koordinator"): ["Hochschule übernimmt die Koordination der Kooperation"],
    ("steuerung", "federfuehrung"): [
        "Hochschule übernimmt die Federführung",
        "gegenüber Kunden, Fördergebern",
    ],
    ("kommunikation", "rotierend"): ["reihum bei den Partnern"],
    ("kommunikation", "fester_ort"): ["an folgendem Ort statt: in den Räumen der IHK Reutlingen."],
    ("kommunikation", "virtuell"): [
        "Mindestens ein Treffen je Kalenderjahr findet jedoch in Präsenz statt"
    ],
    ("ergebnisse", "erzeuger"): ["Ergebnisse stehen dem Partner zu, der sie erzielt hat."],
    ("ergebnisse", "erzeuger_option"): [
        "binnen sechs Monaten nach dessen Mitteilung",
        "(Option zum Erwerb)",
    ],
    ("ergebnisse", "uebertragung"): [
        "stehen Hochschule zu (Erwerber)",
        "dem Marktpreis der übertragenen Rechte entspricht",
    ],
    ("ergebnisse", "gemeinsam"): ["(Bruchteilsgemeinschaft, §§ 741 ff. BGB)"],
    ("ergebnisse", "offen"): ["Creative Commons Namensnennung 4.0 International (CC BY 4.0)"],
    ("vertraulichkeit", "umfassend"): [
        "unabhängig davon, ob sie als vertraulich gekennzeichnet sind"
    ],
    ("vertraulichkeit", "gekennzeichnet"): ["deutlich als vertraulich kennzeichnet"],
    ("vertraulichkeit", "vertragsstrafe"): [
        "höchstens 10.000 € je Verstoß",
        "nach billigem Ermessen bestimmt",
    ],
    ("vertraulichkeit", "gesetzlich"): [
        "Eine besondere vertragliche Pflicht zur Vertraulichkeit vereinbaren die Partner nicht",
        "(§ 2 Nr. 1 GeschGehG)",
    ],
    ("abwerbung", "keins"): [
        "Jeder Partner ist frei, Beschäftigte der anderen Partner einzustellen"
    ],
    ("abwerbung", "verbot"): [
        "für die Dauer von zwölf Monaten nach ihrem Ende",
        "aktiv abzuwerben",
        "aus eigenem Antrieb",
    ],
    ("abwerbung", "abstimmung"): ["(vorherige Abstimmung)"],
    ("datenschutz", "eigene_verantwortung"): [
        "allein Verantwortlicher im Sinne von Art. 4 Nr. 7 DSGVO"
    ],
    ("datenschutz", "gemeinsam"): [
        "gemeinsam Verantwortliche nach Art. 26 DSGVO",
        "Hochschule ist Anlaufstelle für die betroffenen Personen (Art. 26 Abs. 1 Satz 3 DSGVO)",
        "(Art. 26 Abs. 2 Satz 2 DSGVO)",
    ],
    ("datenschutz", "auftragsverarbeitung"): [
        "(Auftragsverarbeitung nach Art. 28 DSGVO)",
        "Hochschule betreibt die gemeinsame technische Infrastruktur",
        "Überprüfungen einschließlich Inspektionen ermöglicht",
    ],
    ("haftung", "grobe_fahrlaessigkeit"): ["nur bei Vorsatz und grober Fahrlässigkeit"],
    ("haftung", "hoechstbetrag"): ["auf 50.000 € je Schadensfall begrenzt"],
    ("haftung", "gesetzlich"): ["Eine Beschränkung der Haftung vereinbaren sie nicht"],
    ("erweiterung", "einstimmig"): ["Die Aufnahme bedarf der Zustimmung aller Partner"],
    ("erweiterung", "mehrheit"): ["Mehrheit von mindestens 75 Prozent der Stimmen aller Partner"],
    ("erweiterung", "offen"): ["binnen vier Wochen nach Zugang des Antrags"],
    ("austritt", "ordentlich"): [
        "mit einer Frist von drei Monaten zum Ende eines Kalendervierteljahres kündigen"
    ],
    ("austritt", "wichtiger_grund"): [
        "Eine ordentliche Kündigung durch einzelne Partner ist ausgeschlossen"
    ],
    ("austritt", "jederzeit"): ["jederzeit mit einer Frist von vier Wochen kündigen", "zur Unzeit"],
    ("konflikte", "mediation_gericht"): ["Mediation nach dem Mediationsgesetz"],
    ("konflikte", "schiedsgericht"): [
        "Schiedsgerichtsordnung der Deutschen Institution für Schiedsgerichtsbarkeit e. V. (DIS)",
        "aus einem Einzelschiedsrichter.",
        "Der Schiedsort ist Stuttgart.",
        "in einer gesonderten Urkunde",
    ],
    ("konflikte", "gericht"): ["kann jeder beteiligte Partner die staatlichen Gerichte anrufen"],
    ("laufzeit", "befristet"): ["bis zum 31. Dezember 2029 befristet"],
    ("laufzeit", "unbefristet"): ["Die Kooperation wird auf unbestimmte Zeit geschlossen"],
    ("laufzeit", "vorhabenende"): ["spätestens jedoch mit Ablauf des 31. Dezember 2029"],
    ("kartellrecht", "hinweis"): ["Freistellung nach § 2 GWB und Art. 101 Abs. 3 AEUV"],
    ("kartellrecht", "pruefung"): ["kartellrechtliche Prüfung durch eine sachkundige Stelle"],
}

# (topic, variant) -> variants whose text deliberately repeats that variant's wording.
SHARED_WORDING = {("vertraulichkeit", "umfassend"): {"vertragsstrafe"}}

# the topics added in issue 11 (force majeure, defaulting partner, transfer, notices)
CHARACTERISTIC.update(NEW_CHARACTERISTIC)
SHARED_WORDING.update(NEW_SHARED_WORDING)

FORM_WORDING = {
    "netzwerk": "keine rechtlich durchsetzbaren Pflichten",
    "vertrag": "als vertragliche Kooperation",
    "konsortium": "Konsortialführer ist Hochschule",
    "verein": "(§ 56 BGB)",
    "gesellschaft": "bedarf der notariellen Beurkundung (§ 2 GmbHG)",
}


# --- a realistic project ----------------------------------------------------------------------


def make_partners() -> list[Partner]:
    return [
        Partner(
            name="ProdTech Maschinenbau GmbH",
            short_name="ProdTech",
            legal_form="GmbH",
            street="Industriestraße 14",
            postcode="72764",
            city="Reutlingen",
            representative="die Geschäftsführerin Dr. Katrin Weber",
            contributions="Hallenfläche und zwei Montagelinien",
            role=PartnerRole.LEAD,
        ),
        Partner(
            name="Hochschule Reutlingen – Institut für Digitale Fertigung",
            short_name="Hochschule",
            legal_form="Körperschaft des öffentlichen Rechts",
            city="Reutlingen",
            representative="den Präsidenten Prof. Dr. Jonas Albrecht",
            sector=Sector.WISSENSCHAFT,
            contributions="Lernmodule und wissenschaftliche Begleitung",
        ),
        Partner(
            name="Stadt Tübingen – Wirtschaftsförderung",
            short_name="Wirtschaftsförderung",
            legal_form="Gebietskörperschaft",
            city="Tübingen",
            representative="den Oberbürgermeister",
            sector=Sector.STAAT,
        ),
        Partner(
            name="Bildungswerk Neckar-Alb e. V.",
            short_name="Bildungswerk",
            legal_form="eingetragener Verein",
            city="Metzingen",
            representative="den Vorstand",
            sector=Sector.ZIVILGESELLSCHAFT,
        ),
    ]


def sample_value(param: Param, partners: list[Partner]) -> Any:
    if param.type == "partner":
        return partners[PARTNER_PARAM_TARGET].id
    if param.type == "partners":
        return [partners[PARTNER_PARAM_TARGET].id]
    if param.id in SAMPLE_VALUES:
        return SAMPLE_VALUES[param.id]
    if param.default is not None:
        return param.default
    raise AssertionError(f"no sample value for parameter {param.id}")


def make_project(
    form: str | None = "vertrag",
    variants: dict[str, str | None] | None = None,
    params: dict[str, dict[str, Any]] | None = None,
    open_topics: tuple[str, ...] = (),
    omit: dict[str, tuple[str, ...]] | None = None,
) -> Project:
    """Four partners, goals and a roadmap; every topic decided (first variant unless given), with
    every parameter filled from the catalogue defaults or the sample values above."""
    variants = variants or {}
    params = params or {}
    omit = omit or {}
    partners = make_partners()
    decisions = {}
    for topic in CATALOGUE.topics:
        variant = variants.get(topic.id, topic.variants[0].id)
        values = {p.id: sample_value(p, partners) for p in topic.params_for(variant)}
        values.update(params.get(topic.id, {}))
        for name in omit.get(topic.id, ()):
            values.pop(name, None)
        decisions[topic.id] = RuleDecision(
            topic=topic.id,
            variant=variant,
            params=values,
            status=DecisionStatus.OPEN if topic.id in open_topics else DecisionStatus.AGREED,
        )
    lead, uni, city, _ = partners
    goals = [
        Goal(
            "Lernfabrik-Konzept verabschieden",
            horizon=Horizon.SHORT,
            owner_id=lead.id,
            indicator="Beschluss",
        ),
        Goal(
            "Pilotkurs mit 12 Teilnehmenden",
            horizon=Horizon.MEDIUM,
            owner_id=uni.id,
            indicator="12 Teilnehmende",
        ),
    ]
    milestones = [
        Milestone(
            "Auftakt", start=date(2027, 3, 1), end=date(2027, 3, 31), responsible_ids=[lead.id]
        ),
        Milestone(
            "Förderantrag", start=date(2027, 4, 1), end=date(2027, 5, 31), responsible_ids=[city.id]
        ),
    ]
    return Project(
        name="Lernfabrik Neckar-Alb",
        form=CooperationForm(form) if form else None,
        form_status=DecisionStatus.AGREED if form else DecisionStatus.OPEN,
        place="Reutlingen",
        partners=partners,
        business_model=BusinessModel(
            value_proposition="Praxisnahe Qualifizierung an realen Anlagen."
        ),
        goals=goals,
        milestones=milestones,
        decisions=decisions,
    )


def all_refs(doc: Document) -> list[Ref]:
    refs: list[Ref] = []
    blocks = (
        list(doc.preamble)
        + [b for c in doc.clauses() for b in c.blocks]
        + [b for a in doc.annexes for b in a.blocks]
    )
    for block in blocks:
        if isinstance(block, Paragraph | Note):
            refs += [piece for piece in block.inlines if isinstance(piece, Ref)]
        elif isinstance(block, BulletList):
            refs += [piece for item in block.items for piece in item if isinstance(piece, Ref)]
    return refs


def assert_clean(doc: Document) -> str:
    text = doc.plain_text()
    assert DANGLING not in text
    assert "[offen:" not in text
    for leftover in ("{{", "}}", "{%", "%}", "<ref", "<open"):
        assert leftover not in text, leftover
    assert "  " not in "\n".join(c.text for c in doc.clauses()), "double space in clause text"
    return text


ALL_VARIANTS = [(t.id, v.id) for t in CATALOGUE.topics for v in t.variants]

# A variant that contradicts the first variant of another topic (kooperation.domain.consistency)
# is tried next to one that fits it.
COMPANIONS: dict[tuple[str, str], dict[str, str]] = {
    ("laufzeit", "unbefristet"): {"gegenstand": "dauerhaft"},
}


# --- 1. every topic and every variant ---------------------------------------------------------


@pytest.mark.parametrize(
    ("topic", "variant"), ALL_VARIANTS, ids=[f"{t}-{v}" for t, v in ALL_VARIANTS]
)
def test_every_variant_yields_its_own_clean_regulation(topic, variant):
    """A user picks this variant (all other topics agreed, all values filled): the draft contains
    the variant's own regulation, no open point, no broken reference and no template code, and
    none of the wording that is specific to the other variants of the same topic."""
    doc = build_agreement(make_project(variants={topic: variant, **COMPANIONS.get((topic, variant), {})}))
    text = assert_clean(doc)
    assert doc.open_points == []
    assert "Offener Punkt" not in "\n".join(c.text for c in doc.clauses())
    for phrase in CHARACTERISTIC[(topic, variant)]:
        assert phrase in text, phrase
    for other in CATALOGUE.topic(topic).variants:
        if other.id == variant or variant in SHARED_WORDING.get((topic, other.id), set()):
            continue
        for phrase in CHARACTERISTIC[(topic, other.id)]:
            assert phrase not in text, f"{other.id}: {phrase}"


def test_characteristic_wording_is_listed_for_every_catalogue_variant():
    """Whoever adds a variant to the catalogue must also say here how it reads in the contract."""
    assert set(CHARACTERISTIC) == set(ALL_VARIANTS)


# --- 2. cooperation forms ---------------------------------------------------------------------


@pytest.mark.parametrize("form", [f.id for f in CATALOGUE.forms])
def test_every_form_builds_and_excludes_a_gbr(form):
    """Each cooperation form gives a clean agreement with its own title and legal nature; every
    form but the consortium says that no GbR and no joint assets are created (the consortium says
    what it is instead), and in every form no partner may bind the others without authority."""
    doc = build_agreement(make_project(form=form, variants={"steuerung": "federfuehrung"}))
    text = assert_clean(doc)
    assert doc.title == CATALOGUE.form(form).document_title.get_text("de")
    nature = doc.clause("rechtsnatur").text
    assert "Gesamthand" not in text  # obsolete since the MoPeG (1 January 2024)
    if form == "konsortium":
        assert GBR_SENTENCE not in nature
        assert "Vermögen der Gesellschaft (§ 713 BGB) sind nur" in nature
    else:
        assert GBR_SENTENCE in nature
        assert (
            "Ein gemeinsames Vermögen, insbesondere ein Vermögen einer Gesellschaft, wird nicht"
            " gebildet." in nature
        )
    assert (
        "Kein Partner ist berechtigt, einen anderen Partner rechtsgeschäftlich zu vertreten"
        in nature
    )
    assert FORM_WORDING[form] in text
    assert (doc.clause("gruendung") is not None) == (form in ("verein", "gesellschaft"))


@pytest.mark.parametrize("form", [f.id for f in CATALOGUE.forms])
def test_every_form_combines_with_every_variant(form):
    """The partners may combine any form with any variant: rotating through the variants of all
    topics at once, every combination builds without dangling references or leftovers."""
    longest = max(len(t.variants) for t in CATALOGUE.topics)
    for k in range(longest):
        chosen = {t.id: t.variants[k % len(t.variants)].id for t in CATALOGUE.topics}
        project = make_project(form=form, variants=chosen)
        doc = build_agreement(project)
        assert_clean(doc)
        # the only open points are the contradictions of the combination, none is silent
        assert sorted(p.id for p in doc.open_points) == sorted(c.id for c in find_conflicts(project))


def test_network_names_its_binding_clauses():
    """In a loose network only some clauses bind; the user sees exactly which ones, with their
    paragraph numbers."""
    doc = build_agreement(
        make_project(
            form="netzwerk", variants={"abwerbung": "verbot", "vertraulichkeit": "vertragsstrafe"}
        )
    )
    nature = doc.clause("rechtsnatur").text
    for clause_id in (
        "vertraulichkeit",
        "vertragsstrafe",
        "abwerbeverbot",
        "datenschutz",
        "haftung",
        "konflikte",
        "kartellrecht",
    ):
        assert f"§ {doc.clause(clause_id).number}" in nature, clause_id
    assert "Rechtlich verbindlich sind diese Bestimmung" in nature


def test_consortium_is_a_gbr_and_routes_liability_to_the_internal_indemnity():
    """A consortium appearing jointly towards third parties is an external GbR (§ 705 Abs. 2
    BGB): the agreement says so instead of denying it, names the joint liability (§ 721 BGB) and
    routes it to the internal indemnity clause."""
    doc = build_agreement(make_project(form="konsortium", variants={"steuerung": "gleichrangig"}))
    nature = doc.clause("rechtsnatur").text
    assert "nicht rechtsfähige" not in nature and "nicht am Rechtsverkehr" not in nature
    assert (
        "Nach ihrem gemeinsamen Willen nimmt das Konsortium damit am Rechtsverkehr teil; es ist"
        " eine rechtsfähige Gesellschaft bürgerlichen Rechts (§ 705 Abs. 2 Alt. 1 BGB)." in nature
    )
    assert "haften die Partner dessen Gläubigern persönlich als Gesamtschuldner (§ 721 BGB)" in nature
    assert "Den Konsortialführer bestimmt der Lenkungskreis" in nature
    assert "Solange kein Konsortialführer bestimmt ist, vertreten die Partner das Konsortium gemeinsam." in nature
    number = doc.clause("haftung_aussen").number
    assert f"Im Innenverhältnis tragen die Partner Ansprüche Dritter nach § {number}." in nature


def test_open_form_still_builds():
    """Before the form is chosen the draft still builds and lists the form as an open point."""
    doc = build_agreement(make_project(form=None))
    assert GBR_SENTENCE in doc.clause("rechtsnatur").text
    assert any(p.id == "thema_form" for p in doc.open_points)


# --- 3. the library itself --------------------------------------------------------------------


def test_every_clause_has_a_unique_id_and_a_plain_explanation():
    """Every clause can be anchored (unique, valid id) and explained to a managing director in two
    to four sentences."""
    ids = [c.id for c in CLAUSES]
    assert len(ids) == len(set(ids))
    for clause in CLAUSES:
        assert re.fullmatch(r"[a-z][a-z0-9_]{0,35}", clause.id)
        sentences = re.findall(r"[.!?](?=\s+[A-ZÄÖÜ]|$)", clause.explanation)
        assert 2 <= len(sentences) <= 4, (clause.id, clause.explanation)


def test_every_topic_and_variant_is_covered_by_clause_text():
    """For every topic and variant of the catalogue some clause has text for it, every clause
    names only catalogue topics and variants, and each topic offers a text for the time it is
    still open."""
    for topic in CATALOGUE.topics:
        clauses = [c for c in CLAUSES if c.topic == topic.id]
        assert clauses, topic.id
        for variant in topic.variants:
            assert any(c.variants.get(variant.id, "").strip() for c in clauses), (
                topic.id,
                variant.id,
            )
        assert any(c.open_text.strip() for c in clauses), topic.id
    for clause in CLAUSES:
        if clause.topic is None:
            assert not clause.variants and not clause.open_text, clause.id
            continue
        topic = CATALOGUE.topic(clause.topic)
        assert set(clause.variants) <= {v.id for v in topic.variants}, clause.id
        if clause.open_text:
            # the engine shows open_text whenever the chosen variant has no text in this clause
            assert set(clause.variants) == {v.id for v in topic.variants}, clause.id


def _sources(clause) -> list[tuple[str, str]]:
    parts = [
        ("text", clause.text),
        ("after", clause.after),
        ("open_text", clause.open_text),
        ("when", clause.when or ""),
    ]
    return parts + [(f"variant {k}", v) for k, v in clause.variants.items()]


def test_templates_use_only_catalogue_ids_and_existing_targets():
    """Clause texts refer only to parameters that exist for their topic, to real topics and to
    clauses or annexes that exist, so no reference can point into the void."""
    clause_ids = {c.id for c in CLAUSES}
    special = {"variant", "open", "label", "note"}
    for clause in CLAUSES:
        own = CATALOGUE.topic(clause.topic) if clause.topic else None
        own_params = {p.id for v in (own.variants if own else ()) for p in own.params_for(v.id)}
        for where, source in _sources(clause):
            for name in re.findall(r"\bv\.([a-z_]+)", source):
                assert own is not None and name in own_params | special, (clause.id, where, name)
            for topic_id, name in re.findall(r"\bt\('([a-z_]+)'\)\.([a-z_]+)", source):
                topic = CATALOGUE.topic(topic_id)
                names = {p.id for v in topic.variants for p in topic.params_for(v.id)}
                assert name in names | special, (clause.id, where, topic_id, name)
            for target in re.findall(r"\bref\('([a-z_0-9]+)'\)", source):
                assert target in clause_ids | ANNEX_IDS, (clause.id, where, target)
            for variant in re.findall(r"\.variant\s*(?:==|!=)\s*'([a-z_]+)'", source):
                assert any(variant in {x.id for x in t.variants} for t in CATALOGUE.topics), (
                    clause.id,
                    variant,
                )


def test_no_template_line_ends_in_an_inline_block_tag():
    """A line that ends in ``{% endif %}`` after other text would swallow the line break (the
    engine trims it), gluing two words or two paragraphs together."""
    for clause in CLAUSES:
        for where, source in _sources(clause):
            for line in source.splitlines():
                stripped = line.strip()
                if stripped.endswith("%}") and not re.fullmatch(r"\{%[^%]*%\}", stripped):
                    pytest.fail(f"{clause.id} ({where}): {stripped}")


# --- 4. numbers read like a contract ----------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "term", "phrase"),
    [
        (3, "quartal", "mit einer Frist von drei Monaten zum Ende eines Kalendervierteljahres"),
        (1, "monat", "mit einer Frist von einem Monat zum Ende eines Kalendermonats"),
        (6, "jahr", "mit einer Frist von sechs Monaten zum Ende eines Kalenderjahres"),
        (18, "jahr", "mit einer Frist von 18 Monaten zum Ende eines Kalenderjahres"),
    ],
)
def test_notice_period_reads_like_a_contract(months, term, phrase):
    """The notice period chosen in the exit topic appears in words with the right case."""
    doc = build_agreement(
        make_project(
            variants={"austritt": "ordentlich"},
            params={"austritt": {"notice_months": months, "notice_term": term}},
        )
    )
    assert phrase in doc.clause("austritt").text


def test_parameter_wording():
    """Amounts, durations, counts and percentages read as a lawyer would write them."""
    doc = build_agreement(
        make_project(
            variants={
                "vertraulichkeit": "vertragsstrafe",
                "haftung": "hoechstbetrag",
                "konflikte": "schiedsgericht",
                "abwerbung": "verbot",
            },
            params={
                "vertraulichkeit": {"penalty_eur": 10000, "years_after": 3},
                "haftung": {"cap_eur": 250000},
                "konflikte": {"arbitrators": "3", "escalation_days": 21},
                "steuerung": {"meetings_per_year": 4, "invitation_days": 10, "quorum_percent": 60},
                "austritt": {"min_months": 12, "continuation_min": 3},
                "abwerbung": {"months_after": 24},
            },
        )
    )
    assert "höchstens 10.000 € je Verstoß" in doc.clause("vertragsstrafe").text
    assert "noch drei Jahre nach ihrem Ende" in doc.clause("vertraulichkeit").text
    assert "auf 250.000 € je Schadensfall begrenzt" in doc.clause("haftung").text
    assert "aus drei Schiedsrichtern." in doc.clause("konflikte").text
    assert "binnen 21 Tagen nach Zugang der Streitanzeige" in doc.clause("konflikte").text
    assert "zu vier ordentlichen Sitzungen im Kalenderjahr" in doc.clause("steuerung").text
    assert "mit einer Frist von zehn Tagen in Textform" in doc.clause("steuerung").text
    assert "mindestens 60 Prozent der Partner" in doc.clause("steuerung").text
    assert "mindestens zwölf Monate nach dem Beginn der Kooperation" in doc.clause("austritt").text
    assert "sofern mindestens drei Partner verbleiben" in doc.clause("austritt_folgen").text
    assert "für die Dauer von 24 Monaten nach ihrem Ende" in doc.clause("abwerbeverbot").text
    assert "in vier gleichlautenden Ausfertigungen" in doc.clause("schluss_ausfertigung").text


def test_singular_and_zero_values_read_naturally():
    """One meeting, one year, one attendance in person and a zero period do not read as
    "1 Sitzungen" or "0 Monaten"."""
    doc = build_agreement(
        make_project(
            variants={"kommunikation": "virtuell", "abwerbung": "verbot", "austritt": "jederzeit"},
            params={
                "steuerung": {"meetings_per_year": 1},
                "vertraulichkeit": {"years_after": 1},
                "kommunikation": {"in_person_per_year": 1},
                "abwerbung": {"months_after": 0},
                "austritt": {"notice_weeks": 0},
                "ergebnisse": {"publication_notice_days": 0},
            },
        )
    )
    text = assert_clean(doc)
    assert "zu einer ordentlichen Sitzung im Kalenderjahr" in text
    assert "noch ein Jahr nach ihrem Ende" in text
    assert "Mindestens ein Treffen je Kalenderjahr" in text
    assert "jederzeit ohne Einhaltung einer Frist kündigen" in text
    assert "eine Vorlagefrist besteht nicht" in text
    assert not re.search(r"\b0 (Monaten|Wochen|Tage|Jahre)", text)


def test_decision_rules_and_exceptions_fit_together():
    """The majority for ordinary decisions, for admissions and for extensions never contradict
    each other: what the expansion topic settles is not also listed as needing unanimity."""
    doc = build_agreement(
        make_project(
            variants={"erweiterung": "mehrheit"},
            params={
                "steuerung": {"decision_rule": "qualifiziert", "majority_percent": 75},
                "erweiterung": {"time_extension": "mehrheit"},
            },
        )
    )
    decisions = doc.clause("beschluesse").text
    assert "mit einer Mehrheit von mindestens 75 Prozent der abgegebenen Stimmen" in decisions
    assert "die Aufnahme neuer Partner (" not in decisions
    assert f"Für die Aufnahme neuer Partner gilt § {doc.clause('erweiterung').number}." in decisions
    assert (
        f"Für die Verlängerung der Kooperation gilt § {doc.clause('verlaengerung').number}."
        in decisions
    )
    unanimous = build_agreement(
        make_project(
            variants={"erweiterung": "einstimmig"},
            params={"steuerung": {"decision_rule": "einstimmig"}},
        )
    )
    text = unanimous.clause("beschluesse").text
    assert "fasst seine Beschlüsse einstimmig" in text
    assert f"die Aufnahme neuer Partner (§ {unanimous.clause('erweiterung').number})" in text


def test_exclusion_can_be_switched_off():
    """Without the exclusion right there is no exclusion clause, no reference to it, and the exit
    clause says so."""
    doc = build_agreement(make_project(params={"austritt": {"exclusion": False}}))
    assert_clean(doc)
    assert doc.clause("ausschluss") is None
    assert (
        "Ein Ausschluss eines Partners durch die anderen Partner findet nicht statt"
        in doc.clause("austritt").text
    )
    with_exclusion = build_agreement(make_project())
    assert with_exclusion.clause("ausschluss") is not None


def test_court_place_only_when_given():
    """A place of jurisdiction appears only if the partners entered one, with the § 38 ZPO caveat."""
    with_place = build_agreement(make_project(variants={"konflikte": "gericht"}))
    assert "ist, soweit gesetzlich zulässig, Reutlingen." in with_place.clause("konflikte").text
    without = build_agreement(
        make_project(variants={"konflikte": "gericht"}, omit={"konflikte": ("court_place",)})
    )
    assert "Gerichtsstand" not in without.clause("konflikte").text
    assert without.open_points == []


def test_user_text_is_never_template_code():
    """A partner whose short name looks like template code is printed literally."""
    project = make_project(variants={"steuerung": "koordinator"})
    project.partners[PARTNER_PARAM_TARGET].short_name = "{{ 7*7 }} <b>GmbH</b>"
    doc = build_agreement(project)
    assert "{{ 7*7 }} <b>GmbH</b> übernimmt die Koordination" in doc.clause("koordination").text


# --- 5. open points ---------------------------------------------------------------------------


def test_open_topic_shows_note_and_annex_entry():
    """A topic still to be discussed shows the "Offener Punkt" note in its clause, the provisional
    text, and a line in the open-points annex pointing at the clause."""
    project = make_project(open_topics=("austritt",))
    project.decisions["austritt"].variant = None
    project.decisions["austritt"].note = "Frist klären"
    doc = build_agreement(project)
    clause = doc.clause("austritt")
    assert clause.open
    note = clause.blocks[0]
    assert isinstance(note, Note) and note.title == "Offener Punkt"
    assert "Noch keine Variante gewählt" in note.text and "Frist klären" in note.text
    assert "vereinbaren die Partner noch" in clause.text
    annex = next(a for a in doc.annexes if a.id == "anlage_offen")
    table = annex.blocks[-1].text
    assert "Austritt und Beendigung" in table
    assert clause.heading.replace(NBSP, " ") in table
    # only the first clause of the topic carries the note, the others are highlighted
    assert not any(isinstance(b, Note) for b in doc.clause("austritt_folgen").blocks)
    assert doc.clause("austritt_folgen").open


def test_open_topic_with_a_proposal_shows_the_proposed_text():
    """A variant proposed but not yet agreed is shown as text, marked open, with the proposal."""
    doc = build_agreement(
        make_project(variants={"haftung": "hoechstbetrag"}, open_topics=("haftung",))
    )
    clause = doc.clause("haftung")
    assert "auf 50.000 € je Schadensfall begrenzt" in clause.text
    assert "Vorschlag: Haftung begrenzt auf einen Höchstbetrag." in clause.blocks[0].text
    assert all(b.open for b in clause.blocks if isinstance(b, Paragraph))


def test_missing_required_value_is_marked_open():
    """A required value left empty appears as "[offen: <label>]" and is listed as an open point."""
    doc = build_agreement(
        make_project(
            variants={"konflikte": "schiedsgericht"}, omit={"konflikte": ("arbitration_seat",)}
        )
    )
    assert "Der Schiedsort ist [offen: Ort des Schiedsverfahrens]." in doc.clause("konflikte").text
    assert any(
        p.label == "Ort des Schiedsverfahrens" and p.clause_id == "konflikte"
        for p in doc.open_points
    )
    marks = [
        piece
        for b in doc.clause("konflikte").blocks
        if isinstance(b, Paragraph)
        for piece in b.inlines
        if isinstance(piece, OpenMark)
    ]
    assert marks


def test_all_topics_open_without_variant():
    """Right after the first workshop nothing is decided: the draft still reads as a contract with
    provisional rules, one open point per topic and no broken references."""
    project = make_project()
    for decision in project.decisions.values():
        decision.variant = None
        decision.status = DecisionStatus.OPEN
    doc = build_agreement(project)
    text = doc.plain_text()
    assert DANGLING not in text
    assert "{{" not in text and "{%" not in text
    topics = {p.topic for p in doc.open_points if p.id.startswith("thema_")}
    assert topics == set(CATALOGUE.topic_ids)


# --- 6. references ----------------------------------------------------------------------------


def test_references_resolve_to_the_right_paragraph():
    """Every "§ n" in the text is the number of the clause it refers to; e.g. the subject clause
    refers to the term clause by its actual number."""
    doc = build_agreement(
        make_project(variants={"gegenstand": "vorhaben", "laufzeit": "vorhabenende"})
    )
    numbers = {c.id: f"§ {c.number}" for c in doc.clauses()}
    numbers.update({a.id: a.label for a in doc.annexes})
    refs = all_refs(doc)
    assert refs
    for ref in refs:
        assert ref.label == numbers[ref.target], ref
    term = doc.clause("laufzeit")
    assert term.heading.startswith(f"§{NBSP}{term.number} ")
    assert f"ihre Dauer richtet sich nach § {term.number}." in doc.clause("gegenstand").text
    assert f"mit dem Abschluss des Vorhabens nach § {doc.clause('gegenstand').number}" in term.text
    assert [c.number for c in doc.clauses()] == list(range(1, len(doc.clauses()) + 1))
