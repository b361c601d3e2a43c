"""Follow-ups to the corrected law (issue 11, second round): the lists of clauses that bind in the
loose network and that survive the end name the newer clauses (liability limits, notices,
transfer) by their current numbers where they are in the agreement; the consortium says what
applies instead of § 728 Abs. 1 BGB; the explanations no longer promise to exclude joint
liability towards third parties."""

from __future__ import annotations

import pytest

from kooperation.domain.checks import load_checks
from test_clause_library import CATALOGUE, build_agreement, make_project

LIMITING = ("grobe_fahrlaessigkeit", "hoechstbetrag")


def para(doc, clause_id: str, starts: str) -> str:
    """The paragraph of a clause that begins with ``starts``."""
    texts = [b.text for b in doc.clause(clause_id).blocks if getattr(b, "text", "").startswith(starts)]
    assert len(texts) == 1, (clause_id, starts, texts)
    return texts[0]


def number(doc, clause_id: str) -> str:
    return f"§ {doc.clause(clause_id).number}"


@pytest.mark.parametrize("variant", ["grobe_fahrlaessigkeit", "hoechstbetrag", "gesetzlich"])
def test_network_binding_list_names_liability_limits_and_notices(variant):
    """In the loose network the clause on the limits of liability binds whenever it is in the
    agreement, and so does the notices clause; a reference to an absent clause never appears."""
    doc = build_agreement(make_project(form="netzwerk", variants={"haftung": variant}))
    binding = para(doc, "rechtsnatur", "Rechtlich verbindlich sind")
    if variant in LIMITING:
        liability = f"die Haftung ({number(doc, 'haftung')}, {number(doc, 'haftung_aussen')} und {number(doc, 'haftung_grenzen')})"
    else:
        assert doc.clause("haftung_grenzen") is None
        liability = f"die Haftung ({number(doc, 'haftung')} und {number(doc, 'haftung_aussen')})"
    assert liability in binding
    assert (
        f"das Kartellrecht ({number(doc, 'kartellrecht')}), die Mitteilungen ({number(doc, 'mitteilungen')})"
        f" und die Schlussbestimmungen (ab {number(doc, 'schluss_aenderungen')})" in binding
    )
    assert "Verweis auf eine entfallene Regelung" not in doc.plain_text()


@pytest.mark.parametrize("form", ["vertrag", "konsortium"])
@pytest.mark.parametrize("variant", ["hoechstbetrag", "gesetzlich"])
def test_survival_names_liability_limits_notices_and_transfer(form, variant):
    """What outlasts the cooperation includes the liability limits (where they are agreed), the
    notices clause and, for the rights that remain, the transfer clause."""
    doc = build_agreement(make_project(form=form, variants={"haftung": variant}))
    survival = para(doc, "beendigung", "Bestimmungen, die ihrer Natur nach")
    limits = f", {number(doc, 'haftung_grenzen')}" if variant in LIMITING else ""
    assert (
        f"{number(doc, 'datenschutz')}, {number(doc, 'haftung')}, {number(doc, 'haftung_aussen')}{limits},"
        f" {number(doc, 'konflikte')} und {number(doc, 'mitteilungen')} sowie die Schlussbestimmungen." in survival
    )
    assert (
        f"Auch {number(doc, 'uebertragung')} gilt fort, soweit Rechte und Pflichten aus dieser"
        " Vereinbarung fortbestehen." in survival
    )
    assert "Verweis auf eine entfallene Regelung" not in doc.plain_text()


def test_consortium_exit_says_what_replaces_section_728():
    """A leaving consortium partner would by law get a payout and release from the GbR's debts
    (§ 728 Abs. 1 BGB); the agreement says that neither applies and how the old debts are borne
    internally. Other forms, which form no GbR, do not cite § 728 BGB."""
    doc = build_agreement(make_project(form="konsortium"))
    text = doc.clause("austritt_folgen").text
    assert (
        "Das gilt abweichend von § 728 Abs. 1 Satz 1 BGB, nach dem das Konsortium ihm sonst eine"
        " Abfindung zahlen und ihn von seinen Verbindlichkeiten befreien müsste." in text
    )
    assert (
        "Von den Verbindlichkeiten des Konsortiums, die bis zu seinem Ausscheiden begründet worden"
        " sind, befreit es ihn nicht; im Innenverhältnis trägt er sie nur, soweit sie ihm nach"
        f" {number(doc, 'haftung_aussen')} zuzurechnen sind, und im Übrigen stellen ihn die übrigen"
        " Partner nach dieser Bestimmung frei." in text
    )
    for form in ("vertrag", "netzwerk"):
        assert "§ 728 " not in build_agreement(make_project(form=form)).clause("austritt_folgen").text


def test_explanations_do_not_exclude_joint_liability_towards_third_parties():
    """The liability topic and the form guide explain that joint liability towards third parties
    cannot be excluded among the partners, only allocated between them."""
    topic = CATALOGUE.topic("haftung").explanation.get_text()
    assert "ausgeschlossen" not in topic and "wird ausgeschlossen" not in topic
    assert "können sie nicht unter sich ausschließen" in topic
    guide = load_checks().form_guide
    question = next(q for q in guide.questions if q.id == "liability")
    reasons = [s.reason.get_text() for o in question.options for s in o.scores]
    assert not any("kann festhalten, dass jeder Partner nur für seine eigenen Leistungen" in r for r in reasons)
    own = next(s for s in question.option("own").scores if s.form == "vertrag").reason.get_text()
    assert "haften sie dem Kunden gemeinsam, und der Vertrag verteilt die Last nur untereinander" in own
