"""Partner tiers: full partners vote and sign, associated partners sign without a vote, supporters
are no party and are named in Annex 1 only (issue 11, "Partner tiers")."""

from __future__ import annotations

import io
import json
import sqlite3

import docx
import pytest

from kooperation.domain.catalogue import load_catalogue
from kooperation.domain.consistency import find_conflicts, voting_partners
from kooperation.domain.demo import demo_project
from kooperation.domain.model import Partner, PartnerRole, PartnerTier, Project, RuleDecision
from kooperation.domain.progress import phase_progress
from kooperation.domain.serialize import project_from_dict, project_to_dict
from kooperation.drafting.build import build_agreement
from kooperation.drafting.docmodel import Heading, Note, Table
from kooperation.render.docx import render_docx
from kooperation.store import open_store

SUPPORTER = "Förderverein Lernfabrik e. V."
ASSOCIATED = ("IHK Reutlingen", "Agentur für Arbeit Reutlingen")


def _set(project: Project, topic: str, variant: str | None = None, **params) -> None:
    decision = project.decisions.setdefault(topic, RuleDecision(topic))
    if variant is not None:
        decision.variant = variant
    decision.params.update(params)


def koko() -> Project:
    """The demo grown to 15 partners: 12 full partners, 2 associated partners and 1 supporter,
    coordination rotating, admission by 75 % of the votes."""
    project = demo_project()
    for k in range(5, 13):
        project.partners.append(Partner(name=f"Partner {k} GmbH", short_name=f"Partner {k}", city="Reutlingen"))
    project.partners.insert(2, Partner(name=ASSOCIATED[0], short_name="IHK", city="Reutlingen", tier=PartnerTier.ASSOZIIERT))
    project.partners.append(Partner(name=ASSOCIATED[1], short_name="Arbeitsagentur", city="Reutlingen", tier=PartnerTier.ASSOZIIERT))
    project.partners.insert(5, Partner(name=SUPPORTER, short_name="Förderverein", city="Reutlingen", tier=PartnerTier.UNTERSTUETZER))
    _set(project, "steuerung", "gleichrangig", rotation_months=3, decision_rule="qualifiziert", majority_percent=67, quorum_percent=50)
    _set(project, "erweiterung", "mehrheit", majority_percent=75)
    return project


@pytest.fixture(scope="module")
def doc():
    return build_agreement(koko())


def reading_order(document) -> list[str]:
    """Paragraph and table cell texts of a DOCX body in the order they appear."""
    texts = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            texts.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif child.tag.endswith("}tbl"):
            texts += ["".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")) for cell in child.iter() if cell.tag.endswith("}tc")]
    return texts


def text_of(doc, clause_id: str) -> str:
    clause = doc.clause(clause_id)
    return "\n".join(b.text for b in clause.blocks if not isinstance(b, Note))


def test_counts_of_the_koko_project():
    """15 partners: 14 parties, 12 of them vote; the rules count the 12."""
    project = koko()
    assert len(project.partners) == 15 and len(project.parties) == 14
    assert voting_partners(project) == 12 == len(project.voting)


def test_rubrum_and_signatures_name_the_14_parties_and_not_the_supporter(doc):
    """The rubrum and the signature blocks hold the full and the associated partners only."""
    names = [p.name for p in doc.parties]
    assert len(names) == 14
    assert not any(SUPPORTER.split()[0] in n for n in names)
    assert all(any(a in n for n in names) for a in ASSOCIATED)
    body = docx.Document(io.BytesIO(render_docx(doc)))
    texts = reading_order(body)
    start = max(i for i, t in enumerate(texts) if t.strip() == "Unterschriften")
    end = next(i for i, t in enumerate(texts) if i > start and t.startswith("Anlage\xa01"))
    signatures = "\n".join(texts[start:end])
    assert "IHK Reutlingen" in signatures and "Partner 12 GmbH" in signatures
    assert "Förderverein" not in signatures
    assert "in 14 gleichlautenden Ausfertigungen" in doc.plain_text()


def test_annex_lists_the_supporter_apart_and_marks_the_tier(doc):
    """Annex 1: the parties' table marks associated partners; the supporter has its own table."""
    annex = next(a for a in doc.annexes if a.id == "anlage_partner")
    parties, supporters = [b for b in annex.blocks if isinstance(b, Table)][:2]
    assert len(parties.rows) == 14 and not any(SUPPORTER in r[1] for r in parties.rows)
    tiers = {r[1].split(",")[0]: r[4] for r in parties.rows}
    assert tiers["IHK Reutlingen"] == "Assoziierter Partner" and tiers["Partner 5 GmbH"] == "Partner"
    assert any(isinstance(b, Heading) and b.text == "Unterstützer" for b in annex.blocks)
    assert supporters.header[1] == "Unterstützer" and [r[1].replace("\xa0", " ") for r in supporters.rows] == [SUPPORTER]
    assert supporters.rows[0][0] == "15"


def test_decisions_clause_says_associated_partners_have_no_vote(doc):
    """The decisions clause names the associated partners and takes their vote away."""
    text = text_of(doc, "beschluesse")
    assert "Jeder Partner mit Ausnahme der assoziierten Partner hat im Lenkungskreis eine Stimme." in text
    assert "IHK und Arbeitsagentur" in text and "kein Stimmrecht" in text
    assert "stimmberechtigten Partner ordnungsgemäß vertreten" in text_of(doc, "steuerung")


def test_without_associated_partners_every_partner_has_a_vote():
    """Without associated partners the clause stays as it was: every partner has one vote."""
    text = text_of(build_agreement(demo_project()), "beschluesse")
    assert "Jeder Partner hat im Lenkungskreis eine Stimme." in text and "assoziiert" not in text


def test_admission_majority_counts_the_12_voters(doc):
    """75 % of 12 votes: nine; the sentence counts the voting partners, not all 15."""
    text = text_of(doc, "erweiterung")
    assert "Bei derzeit zwölf stimmberechtigten Partnern sind das mindestens neun Stimmen" in text


def test_rotation_runs_over_the_12_full_partners(doc):
    """The rotation clause leaves associated partners out: a round has twelve partners."""
    text = text_of(doc, "koordination")
    assert "assoziierte Partner übernehmen sie nicht" in text and "zwölf Partner" in text


def test_consistency_rules_count_voting_partners():
    """With 12 voters 92 % lets everyone block (12 of 12), the message names 12 partners, and a
    continuation minimum of 12 is flagged although there are 14 parties."""
    project = koko()
    _set(project, "steuerung", majority_percent=95)
    _set(project, "austritt", continuation_min=12)
    conflicts = {c.rule: c.message for c in find_conflicts(project, load_catalogue())}
    assert "Mit 12 stimmberechtigten Partnern" in conflicts["mehrheit_alle"]
    assert "fortsetzung_partner" in conflicts and "nur 12 stimmberechtigte Partner" in conflicts["fortsetzung_partner"]
    _set(project, "austritt", continuation_min=11)
    assert "fortsetzung_partner" not in {c.rule for c in find_conflicts(project, load_catalogue())}


def test_rotation_rule_counts_only_full_partners():
    """A 3-year term with a 3-month rotation fits 12 voters (36 months) but not 14."""
    project = koko()
    _set(project, "laufzeit", "befristet", end_date="2029-12-31")
    rules = {c.rule for c in find_conflicts(project, load_catalogue())}
    assert "rotation_laufzeit" not in rules
    for partner in project.partners:
        partner.tier = PartnerTier.VOLL
    _set(project, "steuerung", rotation_months=6)
    assert "rotation_laufzeit" in {c.rule for c in find_conflicts(project, load_catalogue())}


def test_partner_phase_needs_no_lead_partner_when_coordination_rotates():
    """Without a lead partner the phase asks for one, unless the partners take turns."""
    project = demo_project()
    for partner in project.partners:
        partner.role = PartnerRole.PARTNER
    _set(project, "steuerung", "koordinator")
    assert "Es ist kein Lead-Partner festgelegt." in phase_progress(project)["partners"].hints
    _set(project, "steuerung", "gleichrangig")
    assert "Es ist kein Lead-Partner festgelegt." not in phase_progress(project)["partners"].hints


def test_json_round_trip_and_old_files():
    """The tier survives export and import; a file without tiers reads "voll", its old roles
    "strategic" and "supporter" read as the tiers they meant."""
    project = koko()
    again = project_from_dict(json.loads(json.dumps(project_to_dict(project))))
    assert [p.tier for p in again.partners] == [p.tier for p in project.partners]
    old = project_to_dict(demo_project())
    for raw in old["partners"]:
        raw.pop("tier")
    old["partners"][2]["role"] = "strategic"
    old["partners"][3]["role"] = "supporter"
    read = project_from_dict(old)
    assert [p.tier for p in read.partners] == ["voll", "voll", "assoziiert", "unterstuetzer"]
    assert [p.role for p in read.partners] == ["lead", "partner", "partner", "partner"]


def test_store_keeps_the_tier(tmp_path):
    """The store saves and loads the tier of each partner."""
    with open_store(tmp_path / "s.sqlite3") as store:
        saved = store.save_project(koko())
        loaded = store.load_project(saved.id)
    assert [p.tier for p in loaded.partners].count(PartnerTier.ASSOZIIERT) == 2
    assert loaded.partners[5].tier is PartnerTier.UNTERSTUETZER


def test_migration_from_a_0007_store(tmp_path):
    """A 0007 store: plain partners become full partners, strategic ones associated, supporters
    supporters (with the role "partner")."""
    from oldstore import old_store

    path = old_store(tmp_path / "k.sqlite3", "0007")
    with sqlite3.connect(path) as conn:
        for i, (name, role) in enumerate((("Alpha GmbH", "lead"), ("Beta AG", "partner"), ("Gamma", "strategic"), ("Delta", "supporter"))):
            conn.execute(
                "INSERT INTO partner (id, project_id, position, name, short_name, legal_form, street, "
                "postcode, city, country, representative, contact_email, sector, market, products, need, "
                "potentials, contributions, role) VALUES (?, '11111111-1111-4111-8111-111111111111', ?, ?, "
                "'', '', '', '', '', '', '', '', 'wirtschaft', '', '', '', '', '', ?)",
                (f"22222222-2222-4222-8222-22222222222{i}", i, name, role),
            )
    conn.close()
    with open_store(path) as store:
        (summary,) = store.list_projects()
        project = store.load_project(summary.id)
    assert [(p.name, p.role, p.tier) for p in project.partners] == [
        ("Alpha GmbH", "lead", "voll"), ("Beta AG", "partner", "voll"),
        ("Gamma", "partner", "assoziiert"), ("Delta", "partner", "unterstuetzer"),
    ]
