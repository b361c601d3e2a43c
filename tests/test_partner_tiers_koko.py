"""KoKo end to end: 13 full partners, 2 associated partners and 1 supporter, coordination rotating,
a budget with fees by tier; checked in the document model, the DOCX and the PDF text."""

from __future__ import annotations

import io
import subprocess

import docx
import pytest

from kooperation.domain.consistency import find_conflicts
from kooperation.domain.demo import demo_project
from kooperation.domain.model import Partner, PartnerTier, Project, RuleDecision
from kooperation.drafting.build import build_agreement
from kooperation.drafting.docmodel import Note, Table
from kooperation.render.docx import render_docx
from kooperation.render.pdf import render_pdf

ASSOCIATED = ("IHK Reutlingen", "Agentur für Arbeit Reutlingen")
SUPPORTER = "Förderverein KoKo e. V."


def _set(project: Project, topic: str, variant: str | None = None, **params) -> None:
    decision = project.decisions.setdefault(topic, RuleDecision(topic))
    if variant is not None:
        decision.variant = variant
    decision.params.update(params)


def koko() -> Project:
    """The demo's four partners plus nine full partners (13), two associated partners and one
    supporter; rotation every 3 months, 67 % majorities, 50 % quorum, a budget of 1.200 €, a
    three-year term and exit with three months' notice."""
    project = demo_project()
    for k in range(5, 14):
        project.partners.append(
            Partner(name=f"Betrieb {k} GmbH", short_name=f"Betrieb {k}", city="Reutlingen", representative="die Geschäftsführung")
        )
    for name, short in zip(ASSOCIATED, ("IHK", "Arbeitsagentur"), strict=True):
        project.partners.append(
            Partner(name=name, short_name=short, city="Reutlingen", representative="die Geschäftsführung", tier=PartnerTier.ASSOZIIERT)
        )
    project.partners.insert(3, Partner(name=SUPPORTER, short_name="Förderverein", city="Reutlingen", tier=PartnerTier.UNTERSTUETZER))
    _set(project, "steuerung", "gleichrangig", rotation_months=3, decision_rule="qualifiziert", majority_percent=67, quorum_percent=50)
    _set(project, "beitraege", "budget", annual_contribution_eur=1200)
    _set(project, "laufzeit", "befristet", start_date="2027-01-01", end_date="2029-12-31")
    _set(project, "austritt", "ordentlich", notice_months=3, notice_term="quartal", min_months=12, continuation_min=8)
    return project


def clause_text(doc, clause_id: str) -> str:
    clause = doc.clause(clause_id)
    return " ".join(" ".join(b.text for b in clause.blocks if not isinstance(b, Note)).replace("\xa0", " ").split())


@pytest.fixture(scope="module")
def doc():
    return build_agreement(koko())


@pytest.fixture(scope="module")
def docx_texts(doc) -> list[str]:
    body = docx.Document(io.BytesIO(render_docx(doc))).element.body
    texts = []
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            texts.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif child.tag.endswith("}tbl"):
            texts += ["".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")) for cell in child.iter() if cell.tag.endswith("}tc")]
    return texts


def test_the_project_counts_15_parties_and_13_voters():
    """16 organisations: 15 parties, 13 of them vote."""
    project = koko()
    assert len(project.partners) == 16 and len(project.parties) == 15 and len(project.voting) == 13


def test_rubrum_and_signatures_list_the_15_parties_but_not_the_supporter(doc, docx_texts):
    """Rubrum and signature blocks: the 15 parties; the supporter in neither, no open mark."""
    assert len(doc.parties) == 15
    assert not any("Förderverein" in p.name for p in doc.parties)
    assert all(any(a in p.name for p in doc.parties) for a in ASSOCIATED)
    assert not any(p.representative_open for p in doc.parties)
    start = max(i for i, t in enumerate(docx_texts) if t.strip() == "Unterschriften")
    end = next(i for i, t in enumerate(docx_texts) if i > start and t.startswith("Anlage\xa01"))
    signatures = "\n".join(docx_texts[start:end])
    assert "Betrieb 13 GmbH" in signatures and "Agentur für Arbeit Reutlingen" in signatures
    assert "Förderverein" not in signatures
    rubrum = "\n".join(docx_texts[: next(i for i, t in enumerate(docx_texts) if "nachfolgend einzeln" in t) + 1])
    assert "IHK Reutlingen" in rubrum and "Förderverein" not in rubrum
    assert "in 15 gleichlautenden Ausfertigungen" in doc.plain_text()


def test_the_supporter_appears_in_the_annex_of_partners(doc):
    """Annex 1: 15 rows of parties, the supporter apart under "Unterstützer" with number 16."""
    annex = next(a for a in doc.annexes if a.id == "anlage_partner")
    parties, supporters = [b for b in annex.blocks if isinstance(b, Table)][:2]
    assert len(parties.rows) == 15
    assert [r[1].replace("\xa0", " ") for r in supporters.rows] == [SUPPORTER] and supporters.rows[0][0] == "16"


def test_rotation_counts_13_and_quorum_names_voting_partners(doc):
    """The rotation runs over thirteen partners; quorum and decisions speak of stimmberechtigte
    Partner; fees are stated by tier and the supporter owes nothing."""
    coordination = clause_text(doc, "koordination")
    assert "Eine Runde umfasst damit 13 Partner." in coordination
    assert "stimmberechtigten Partner ordnungsgemäß vertreten" in clause_text(doc, "steuerung")
    assert "kein Stimmrecht" in clause_text(doc, "beschluesse")
    costs = clause_text(doc, "kosten")
    assert "jeder stimmberechtigte Partner einen Jahresbeitrag von 1.200 €, jeder assoziierte Partner einen Jahresbeitrag von 600 €" in costs
    assert "Förderverein ist nicht Partner dieser Vereinbarung und schuldet nach ihr weder Beiträge noch Kosten" in clause_text(doc, "beitraege")


def test_koko_raises_no_contradiction_and_messages_say_stimmberechtigt():
    """The KoKo choices fit together; a continuation minimum of 13 is flagged as "nur 13
    stimmberechtigte Partner" although 15 parties sign."""
    project = koko()
    assert find_conflicts(project) == []
    _set(project, "austritt", continuation_min=13)
    message = {c.rule: c.message for c in find_conflicts(project)}["fortsetzung_partner"]
    assert "mindestens 13 stimmberechtigte Partner verbleiben; es gibt aber nur 13 stimmberechtigte Partner" in message


def test_the_pdf_names_the_parties_and_not_the_supporter_in_the_signatures(doc, tmp_path):
    """PDF text: the signature page names both associated partners, not the supporter."""
    path = tmp_path / "koko.pdf"
    path.write_bytes(render_pdf(doc))
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    signature_pages = [p for p in pages if "Ort, Datum" in p]
    text = " ".join(" ".join(signature_pages).split())
    assert "IHK Reutlingen" in text and "Agentur für Arbeit" in text and "Betrieb 13 GmbH" in text
    assert "Förderverein" not in text
