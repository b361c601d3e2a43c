"""Membership fees by partner tier, missing representatives as open points of the draft, and
messages that count "stimmberechtigte Partner" once a project has associated partners (issue 11,
"Partner tiers and a network office")."""

from __future__ import annotations

import re

import pytest

from kooperation.domain.catalogue import check_decision, load_catalogue
from kooperation.domain.consistency import find_conflicts
from kooperation.domain.demo import demo_project
from kooperation.domain.model import Partner, PartnerTier, Project, RuleDecision
from kooperation.drafting.build import build_agreement, summarize_decision
from kooperation.drafting.docmodel import Note

CATALOGUE = load_catalogue()
ASSOCIATED = "Handwerkskammer Reutlingen"
SUPPORTER = "Förderverein Lernfabrik e. V."


def _set(project: Project, topic: str, variant: str | None = None, **params) -> None:
    decision = project.decisions.setdefault(topic, RuleDecision(topic))
    if variant is not None:
        decision.variant = variant
    decision.params.update(params)


def tiered(*, supporter: bool = True) -> Project:
    """The demo (four full partners) with one associated partner and, if asked, one supporter."""
    project = demo_project()
    project.partners.append(
        Partner(name=ASSOCIATED, short_name="HWK", city="Reutlingen", representative="den Präsidenten Harald Herrmann",
                tier=PartnerTier.ASSOZIIERT)
    )
    if supporter:
        project.partners.append(Partner(name=SUPPORTER, short_name="Förderverein", city="Reutlingen", tier=PartnerTier.UNTERSTUETZER))
    return project


def costs(project: Project) -> str:
    """The clause "Kosten" of the draft as plain text, without notes, spaces normalised."""
    clause = build_agreement(project).clause("kosten")
    return " ".join(" ".join(b.text for b in clause.blocks if not isinstance(b, Note)).replace("\xa0", " ").split())


def contributions(project: Project) -> str:
    clause = build_agreement(project).clause("beitraege")
    return " ".join(" ".join(b.text for b in clause.blocks if not isinstance(b, Note)).replace("\xa0", " ").split())


# --- fees by tier -------------------------------------------------------------------------------


def test_budget_states_the_fee_of_full_and_of_associated_partners():
    """The budget clause names both fees: 2.500 € for each voting partner, half for each
    associated partner, and that associated partners bear no joint costs beyond it."""
    project = tiered()
    _set(project, "beitraege", "budget")
    text = costs(project)
    assert (
        "Hierzu zahlt jeder stimmberechtigte Partner einen Jahresbeitrag von 2.500 €, jeder assoziierte Partner "
        "einen Jahresbeitrag von 1.250 €; darüber hinaus tragen die assoziierten Partner keine gemeinsamen Kosten."
    ) in text
    assert "sind sie anteilig für die verbleibenden vollen Kalendermonate" in text  # pro rata on joining
    assert "Nachschusszahlung, die der Zustimmung aller Partner einschließlich der assoziierten Partner bedarf" in text


def test_the_associated_fee_follows_half_of_the_full_fee_unless_set():
    """Without an own value the associated partners' fee is half the full fee; a set value wins."""
    project = tiered()
    _set(project, "beitraege", "budget", annual_contribution_eur=3000)
    assert "jeder assoziierte Partner einen Jahresbeitrag von 1.500 €" in costs(project)
    _set(project, "beitraege", associated_contribution_eur=800)
    assert "jeder assoziierte Partner einen Jahresbeitrag von 800 €" in costs(project)


def test_an_associated_fee_of_zero_means_no_fee():
    """0 € for associated partners: the clause says they pay nothing and share no joint costs."""
    project = tiered()
    _set(project, "beitraege", "budget", associated_contribution_eur=0)
    text = costs(project)
    assert "Hierzu zahlt jeder stimmberechtigte Partner einen Jahresbeitrag von 2.500 €; die assoziierten Partner zahlen keinen Beitrag" in text
    assert not re.search(r"(?<![\d.,])0(,00)? €", text)


def test_without_associated_partners_the_fee_clause_and_the_sketch_stay_as_they_were():
    """No associated partners: "Jeder Partner zahlt …", and the parameter is neither in the check
    nor in the one-line summary of the project sketch."""
    project = demo_project()
    _set(project, "beitraege", "budget")
    text = costs(project)
    assert "Jeder Partner zahlt hierzu einen Jahresbeitrag von 2.500 €." in text
    assert "assoziiert" not in text and "stimmberechtigt" not in text
    checked = check_decision(CATALOGUE.topic("beitraege"), project.decision("beitraege"), project)
    assert "associated_contribution_eur" not in checked.values
    assert "assoziiert" not in summarize_decision(checked, project)
    with_associated = tiered()
    _set(with_associated, "beitraege", "budget")
    checked = check_decision(CATALOGUE.topic("beitraege"), with_associated.decision("beitraege"), with_associated)
    assert "Jahresbeitrag je assoziierter Partner: 1.250,00\xa0€" in summarize_decision(checked, with_associated)


def test_equal_cost_shares_are_shared_among_the_voting_partners():
    """Cost key "zu gleichen Teilen": the voting partners share; the associated partners' fixed
    fee is set off against the joint costs first."""
    project = tiered()
    _set(project, "beitraege", "kostenschluessel", cost_key="gleich")
    text = costs(project)
    assert "Die gemeinsamen Kosten tragen die stimmberechtigten Partner zu gleichen Teilen." in text
    assert "ausschließlich durch einen festen Jahresbeitrag von 1.250 € je assoziiertem Partner" in text
    assert "bevor diese nach dem Schlüssel verteilt werden" in text
    _set(project, "beitraege", associated_contribution_eur=0)
    assert "Die assoziierten Partner tragen keine gemeinsamen Kosten." in costs(project)
    plain = demo_project()
    _set(plain, "beitraege", "kostenschluessel", cost_key="gleich")
    assert "Die gemeinsamen Kosten tragen die Partner zu gleichen Teilen." in costs(plain)


def test_own_costs_bind_associated_partners_only_with_their_consent():
    """Variant "Jeder trägt seine Kosten": a share of a joint expense binds an associated partner
    only if it agreed."""
    project = tiered()
    _set(project, "beitraege", "eigene_kosten")
    assert "Assoziierte Partner, die über gemeinsame Ausgaben nicht mitstimmen, tragen einen Anteil nur" in costs(project)
    plain = demo_project()
    _set(plain, "beitraege", "eigene_kosten")
    assert "Assoziierte" not in costs(plain)


def test_supporters_owe_nothing_and_are_only_mentioned_when_there_are_some():
    """The contributions clause says that the supporter is no party and owes nothing; without
    supporters it does not mention them."""
    text = contributions(tiered())
    assert "Der in Anlage 1 genannte Unterstützer Förderverein ist nicht Partner dieser Vereinbarung und schuldet nach ihr weder Beiträge noch Kosten." in text
    assert "Unterstützer" not in contributions(tiered(supporter=False))


def test_an_associated_fee_above_the_full_fee_is_a_contradiction():
    """3.000 € for associated partners against 2.500 € for voting ones: the rule names both
    amounts; at 2.500 € it is gone. Without associated partners the value plays no part."""
    project = tiered()
    _set(project, "beitraege", "budget", associated_contribution_eur=3000)
    found = {c.rule: c.message for c in find_conflicts(project, CATALOGUE)}
    assert "3.000,00\xa0€" in found["beitrag_assoziiert"] and "nur 2.500,00\xa0€" in found["beitrag_assoziiert"]
    _set(project, "beitraege", associated_contribution_eur=2500)
    assert "beitrag_assoziiert" not in {c.rule for c in find_conflicts(project, CATALOGUE)}
    plain = demo_project()
    _set(plain, "beitraege", "budget", associated_contribution_eur=3000)
    assert "beitrag_assoziiert" not in {c.rule for c in find_conflicts(plain, CATALOGUE)}


# --- "stimmberechtigte Partner" in the messages -------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "change", "plain", "tiered_text"),
    [
        (
            "fortsetzung_partner",
            {"austritt": {"continuation_min": 5}},
            "mindestens 5 Partner verbleiben; es gibt aber nur 4 Partner",
            "mindestens 5 stimmberechtigte Partner verbleiben; es gibt aber nur 4 stimmberechtigte Partner",
        ),
        (
            "mehrheit_alle",
            {"steuerung": {"majority_percent": 80}},
            "Mit 4 Partnern erreicht",
            "Mit 4 stimmberechtigten Partnern erreicht",
        ),
        (
            "quorum_einer",
            {"steuerung": {"quorum_percent": 25}},
            "heißt bei 4 Partnern:",
            "heißt bei 4 stimmberechtigten Partnern:",
        ),
        (
            "aufnahme_alle",
            {"erweiterung": {"majority_percent": 100}},
            "Mit 4 Partnern verlangt",
            "Mit 4 stimmberechtigten Partnern verlangt",
        ),
    ],
)
def test_messages_count_voting_partners_by_that_name_when_some_partners_have_no_vote(rule, change, plain, tiered_text):
    """Four voting partners: "Partner" without associated partners, "stimmberechtigte Partner"
    (declined) as soon as one associated partner has no vote."""
    for project, expected, absent in ((demo_project(), plain, "stimmberechtigt"), (tiered(), tiered_text, None)):
        for topic, params in change.items():
            _set(project, topic, **params)
        message = {c.rule: c.message for c in find_conflicts(project, CATALOGUE)}[rule]
        assert expected in message
        if absent:
            assert absent not in message


def test_the_rotation_message_counts_the_voting_partners():
    """The rotation rule names the rotating partners "stimmberechtigte Partner" when associated
    partners (who do not coordinate) exist."""
    project = tiered()
    for k in range(5, 16):
        project.partners.append(Partner(name=f"Partner {k} GmbH", city="Reutlingen", representative="die Geschäftsführung"))
    _set(project, "steuerung", "gleichrangig", rotation_months=6)
    _set(project, "laufzeit", "befristet", end_date="2030-02-28")
    message = {c.rule: c.message for c in find_conflicts(project, CATALOGUE)}["rotation_laufzeit"]
    assert "Mit 15 stimmberechtigten Partnern" in message and "der 15 stimmberechtigten Partner" in message


# --- missing representatives -------------------------------------------------------------------


def _docx_runs(doc) -> list[tuple[str, bool]]:
    """(text, highlighted) of every run of the rendered DOCX, body and tables."""
    import io

    import docx

    from kooperation.render.docx import render_docx

    body = docx.Document(io.BytesIO(render_docx(doc))).element.body
    runs = []
    for run in body.iter():
        if run.tag.endswith("}r"):
            text = "".join(t.text or "" for t in run.iter() if t.tag.endswith("}t"))
            highlighted = any(el.tag.endswith("}highlight") for el in run.iter())
            runs.append((text, highlighted))
    return runs


def test_a_party_without_representative_is_an_open_point_until_named():
    """The associated partner without a representative: its rubrum entry carries the open mark,
    the annex "Offene Punkte" lists it, the DOCX highlights the mark twice (rubrum and signature
    block); naming the representative removes all of it. The supporter needs nobody."""
    project = tiered()
    associated = next(p for p in project.partners if p.name == ASSOCIATED)
    associated.representative = ""
    doc = build_agreement(project)
    party = next(p for p in doc.parties if p.partner_id == associated.id)
    assert party.representative.replace("\xa0", " ") == "vertreten durch [offen: vertretungsberechtigte Person]"
    points = [p for p in doc.open_points if p.id == f"vertretung_{associated.id}"]
    assert len(points) == 1 and points[0].label == f"Vertretung: {ASSOCIATED}"
    annex = next(a for a in doc.annexes if a.id == "anlage_offen")
    rows = [row for block in annex.blocks for row in getattr(block, "rows", [])]
    assert any(row[1] == f"Vertretung: {ASSOCIATED}" and row[2] == "Vertragsparteien; Unterschriften" for row in rows)
    assert not any(p.id.startswith("vertretung_") and p.id != f"vertretung_{associated.id}" for p in doc.open_points)
    marks = [text for text, highlighted in _docx_runs(doc) if highlighted and "vertretungsberechtigte" in text]
    assert len(marks) == 2
    associated.representative = "den Präsidenten Harald Herrmann"
    named = build_agreement(project)
    assert not any(p.id.startswith("vertretung_") for p in named.open_points)
    assert not any("vertretungsberechtigte" in text for text, _h in _docx_runs(named))
    assert "vertreten durch den Präsidenten Harald Herrmann" in next(
        p for p in named.parties if p.partner_id == associated.id
    ).representative.replace("\xa0", " ")


def test_missing_representatives_are_open_points_in_the_app():
    """The workshop's open points and the partner phase name the party without representative,
    not the supporter (who signs nothing)."""
    from kooperation.domain.progress import phase_progress
    from kooperation.ui.workshop.content import open_points

    project = tiered()
    project.partners[0].representative = ""
    assert "Vertretung: ProdTech" in open_points(project)
    assert not any("Förderverein" in point for point in open_points(project))
    hints = phase_progress(project)["partners"].hints
    assert any("ProdTech" in h and "Vertretung" in h for h in hints)
    assert not any("Förderverein" in h and "Vertretung" in h for h in hints)
    project.partners[0].representative = "die Geschäftsführerin Dr. Katrin Weber"
    assert not any(point.startswith("Vertretung") for point in open_points(project))


def test_the_rules_page_shows_the_associated_fee_only_with_associated_partners(qtbot, tmp_path):
    """Costs panel, budget variant: the field "Jahresbeitrag je assoziierter Partner" appears when
    a partner becomes associated, suggesting half the full fee."""
    from kooperation.store import open_store
    from kooperation.ui.pages.rules import RulesPage
    from kooperation.ui.session import ProjectSession

    project = demo_project()
    _set(project, "beitraege", "budget", annual_contribution_eur=3000)
    store = open_store(tmp_path / "fees.sqlite3")
    saved = store.save_project(project)
    page = RulesPage(ProjectSession(store, saved.id))
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    page.select("beitraege")
    panel = page.panel
    assert not panel.row("associated_contribution_eur").field.isVisibleTo(panel)
    page.session.update_partner(page.session.project.partners[-1].id, "tier", PartnerTier.ASSOZIIERT)
    page.select("beitraege")
    row = page.panel.row("associated_contribution_eur")
    assert row.field.isVisibleTo(page.panel)
    assert row.editor.spin.value() == 1500
    store.close()
