"""The law as the clause library states it (issue 11, "Law stated wrongly").

Each test pins a corrected statement in the German agreement, read the way a contract lawyer
reads it after the MoPeG: the consortium is what it is (an external GbR), liability towards third
parties is allocated internally instead of "excluded", the loose network does not promise damages
it has waived, sentences that depend on numbers are computed from them, the antitrust clause does
not rest on the SME cartel alone, and no combination of open points leaves a partner without a way
out. A sweep over every variant of every topic under every cooperation form checks that no
cross-reference dangles and no "§ n" names a paragraph that is not there.
"""

from __future__ import annotations

import re

import pytest

from kooperation.domain.model import DecisionStatus, Partner, Project
from kooperation.drafting.docmodel import Note
from test_clause_library import (
    CATALOGUE,
    DANGLING,
    GBR_SENTENCE,
    all_refs,
    assert_clean,
    build_agreement,
    make_project,
)

FORMS = [f.id for f in CATALOGUE.forms]
ALL_VARIANTS = [(t.id, v.id) for t in CATALOGUE.topics for v in t.variants]

# Wording that is wrong in every agreement, whatever the partners choose.
NEVER = [
    "Gesamthand",  # no joint-hand assets since the MoPeG (1 January 2024)
    "Fortsetzungszusammenhang",  # given up by the BGH in 2001
    "wird, soweit gesetzlich zulässig, ausgeschlossen",  # joint liability towards third parties
    "oder als Zusammenarbeit kleiner und mittlerer Unternehmen zulässig ist",
]

# A statutory citation: "§ 705 Abs. 2 Alt. 1 BGB", "§§ 69d und 69e UrhG", "§ 720 Abs. 4, § 715
# Abs. 5 BGB", "§§ 35 ff. GWB", "§ 3 Abs. 1 Nr. 2 Buchst. a GeschGehG" ... A law's abbreviation
# has at least two capitals (BGB, UrhG, GeschGehG, AÜG); what is left over is a clause number.
_POINT = r"\d+[a-z]?(?:\s(?:Abs\.|Nr\.|Satz|Alt\.|Buchst\.)\s[\da-z]+)*"
STATUTE = re.compile(
    rf"§§?\s{_POINT}(?:(?:,\s(?:§§?\s)?|\sund\s|\sbis\s){_POINT})*(?:\sff\.)?"
    r"\s[A-ZÄÖÜ][A-Za-zÄÖÜäöü]*[A-ZÄÖÜ][A-Za-zÄÖÜäöü]*\b"
)
CLAUSE_NUMBER = re.compile(r"§§?\s(\d+)")

# The ordinary exit: a partner may leave with a period (or at any time) without a reason.
ORDINARY_EXIT = re.compile(
    r"(?:[Kk]ann jeder Partner|Jeder Partner kann)[^.]*(?:mit einer Frist von|jederzeit)[^.]*"
    r"(?:kündigen|austreten)"
)


def with_partner_count(project: Project, count: int) -> Project:
    """The sample project with ``count`` partners (the first two are kept: the lead partner and
    the partner that every partner parameter points at)."""
    while len(project.partners) > count:
        project.partners.pop()
    while len(project.partners) < count:
        n = len(project.partners) + 1
        project.partners.append(Partner(name=f"Partner {n} GmbH", short_name=f"Partner {n}"))
    return project


def typed_clause_numbers(doc) -> list[int]:
    """Every "§ n" in the clauses that is not a citation of a statute."""
    text = "\n".join(c.text for c in doc.clauses())
    return [int(n) for n in CLAUSE_NUMBER.findall(STATUTE.sub("", text))]


def assert_references_hold(doc) -> None:
    """No cross-reference dangles and every typed "§ n" names a paragraph of this agreement."""
    text = doc.plain_text()
    assert DANGLING not in text
    numbers = {c.number for c in doc.clauses()}
    labels = {c.id: f"§ {c.number}" for c in doc.clauses()} | {a.id: a.label for a in doc.annexes}
    for ref in all_refs(doc):
        assert ref.label == labels.get(ref.target), ref
    for number in typed_clause_numbers(doc):
        assert number in numbers, f"§ {number} does not exist"
    for phrase in NEVER:
        assert phrase not in text, phrase


# --- the sweep --------------------------------------------------------------------------------


def test_statute_citations_are_told_apart_from_clause_numbers():
    """The sweep below can only find a "§ n" without a paragraph if it tells citations of a
    statute from references to a clause."""
    text = (
        "nach § 17 und § 705 Abs. 2 Alt. 1 BGB, §§ 69d und 69e UrhG, (§ 720 Abs. 4, § 715 Abs. 5"
        " BGB), §§ 35 ff. GWB, § 3 Abs. 1 Nr. 2 Buchst. a GeschGehG, §§ 421, 427 BGB und § 40."
    )
    assert [int(n) for n in CLAUSE_NUMBER.findall(STATUTE.sub("", text))] == [17, 40]


@pytest.mark.parametrize("form", FORMS)
def test_every_variant_under_every_form_keeps_its_references(form):
    """Every variant of every topic under every cooperation form, agreed with all values, as a
    proposal still open, and every topic without a variant: no cross-reference dangles, no typed
    "§ n" names an absent paragraph, and none of the wrong statements comes back."""
    for topic, variant in ALL_VARIANTS:
        doc = build_agreement(make_project(form=form, variants={topic: variant}))
        assert_clean(doc)
        assert_references_hold(doc)
        proposed = build_agreement(
            make_project(form=form, variants={topic: variant}, open_topics=(topic,))
        )
        assert_references_hold(proposed)
    for exclusion in (True, False):
        project = make_project(form=form, params={"austritt": {"exclusion": exclusion}})
        for decision in project.decisions.values():
            decision.variant = None
            decision.status = DecisionStatus.OPEN
        assert_references_hold(build_agreement(project))


# --- 1. the consortium ------------------------------------------------------------------------


def test_consortium_mandate_binds_only_the_partners():
    """Limiting the lead partner to his mandate works between the partners only (§ 720 Abs. 3
    BGB); the agreement says so and what follows: the deal binds the consortium and, through
    § 721 BGB, the partners, and the lead partner indemnifies the others."""
    doc = build_agreement(make_project(form="konsortium", variants={"steuerung": "koordinator"}))
    nature = doc.clause("rechtsnatur").text
    assert "Konsortialführer ist Hochschule." in nature
    assert "ist er allein zur Vertretung des Konsortiums befugt" in nature
    assert (
        "Diese Beschränkungen binden nur die Partner untereinander; Dritten gegenüber kann der"
        " Umfang der Vertretungsbefugnis nicht beschränkt werden (§ 720 Abs. 3 BGB)." in nature
    )
    assert "bindet deshalb das Konsortium und über § 721 BGB auch die Partner" in nature
    assert (
        "Überschreitet der Konsortialführer sein Mandat, stellt er die übrigen Partner im"
        " Innenverhältnis von den daraus entstehenden Verbindlichkeiten frei" in nature
    )
    assert f"die Beschränkungen nach § {doc.clause('haftung').number} gelten hierfür nicht" in nature
    assert "vertritt das Konsortium nach außen ausschließlich im Rahmen des Mandats" not in nature


def test_consortium_as_a_gbr_is_wound_up_and_leaves_partners_liable_for_old_debts():
    """Being a GbR has consequences in the later clauses too: the consortium is wound up under
    §§ 735 ff. BGB and a leaving partner stays liable for the consortium's old debts (§ 728b BGB),
    borne internally under the indemnity clause; other forms say neither."""
    doc = build_agreement(make_project(form="konsortium"))
    assert "Das Konsortium wird nach §§ 735 ff. BGB abgewickelt (Liquidation)" in doc.clause("beendigung").text
    assert (
        "haftet er den Gläubigern nach Maßgabe von § 728b BGB fort; im Innenverhältnis gilt"
        f" § {doc.clause('haftung_aussen').number}." in doc.clause("austritt_folgen").text
    )
    other = build_agreement(make_project(form="vertrag"))
    assert "§ 728b BGB" not in other.plain_text() and "§§ 735 ff. BGB" not in other.plain_text()


@pytest.mark.parametrize("form", ["netzwerk", "vertrag", "verein", "gesellschaft"])
def test_other_forms_are_at_most_an_internal_gbr(form):
    """Partners who do not appear jointly form no GbR; should a court see one, it is the
    non-legal-capacity kind that only shapes their relationship (§ 705 Abs. 2 Alt. 2 BGB)."""
    nature = build_agreement(make_project(form=form)).clause("rechtsnatur").text
    assert GBR_SENTENCE in nature
    assert (
        "nicht rechtsfähige Gesellschaft (§ 705 Abs. 2 Alt. 2, §§ 740 ff. BGB) handeln, die nach"
        " dem gemeinsamen Willen der Partner nicht am Rechtsverkehr teilnimmt, sondern nur ihr"
        " Verhältnis untereinander ausgestaltet" in nature
    )
    assert "Konsortialführer" not in nature


# --- 2. liability towards third parties -------------------------------------------------------


@pytest.mark.parametrize("form", ["vertrag", "konsortium"])
def test_joint_liability_is_allocated_internally_not_excluded(form):
    """The partners cannot exclude their liability towards third parties among themselves
    (§ 721 BGB, §§ 421, 427 BGB); § 17 instead allocates it internally and obliges the partner
    responsible to indemnify the one held liable."""
    doc = build_agreement(make_project(form=form))
    clause = doc.clause("haftung_aussen").text
    assert "ausgeschlossen" not in clause
    assert (
        "diese Haftung gegenüber Dritten können die Partner durch eine Vereinbarung untereinander"
        " nicht beschränken." in clause
    )
    law = "nach § 721 BGB persönlich als Gesamtschuldner" if form == "konsortium" else "(§§ 421, 427 BGB)"
    assert law in clause
    assert "abweichend von § 426 Abs. 1 Satz 1 BGB" in clause and "(Innenausgleich)" in clause
    assert "stellt dieser ihn von dem Anspruch und den angemessenen Kosten der Rechtsverteidigung frei" in clause
    assert f"unabhängig von den Beschränkungen nach § {doc.clause('haftung').number}" in clause


# --- 3. the network's waiver and leaving at the wrong time ------------------------------------


def test_network_promises_no_damages_for_leaving_at_the_wrong_time():
    """The loose network waives damages claims; its exit clause therefore asks for a timely exit
    without imposing damages, while a binding agreement keeps the damages for leaving at the
    wrong time."""
    network = build_agreement(make_project(form="netzwerk", variants={"austritt": "jederzeit"}))
    nature = network.clause("rechtsnatur").text
    assert "weil eine dieser Absichten nicht verwirklicht wird oder ein Partner seine Mitwirkung beendet" in nature
    exit_text = network.clause("austritt").text
    assert "ersetzt er den anderen Partnern den daraus entstehenden Schaden" not in exit_text
    assert (
        "Ansprüche auf Schadensersatz entstehen aus einem Austritt, auch zur Unzeit, nicht"
        f" (§ {network.clause('rechtsnatur').number})." in exit_text
    )
    binding = build_agreement(make_project(form="vertrag", variants={"austritt": "jederzeit"}))
    assert "ersetzt er den anderen Partnern den daraus entstehenden Schaden" in binding.clause("austritt").text


# --- 4. sentences computed from numbers -------------------------------------------------------


@pytest.mark.parametrize(
    ("partners", "percent", "sentence"),
    [
        (4, 75, "Bei derzeit vier Partnern sind das mindestens drei Stimmen; ein einzelner Partner kann die Aufnahme damit nicht verhindern."),
        (5, 60, "Bei derzeit fünf Partnern sind das mindestens drei Stimmen; ein einzelner Partner kann die Aufnahme damit nicht verhindern."),
        (3, 66, "Bei derzeit drei Partnern sind das mindestens zwei Stimmen; ein einzelner Partner kann die Aufnahme damit nicht verhindern."),
        (3, 75, "Bei derzeit drei Partnern sind das die Stimmen aller Partner; jeder einzelne Partner kann die Aufnahme damit verhindern."),
        (4, 100, "Bei derzeit vier Partnern sind das die Stimmen aller Partner; jeder einzelne Partner kann die Aufnahme damit verhindern."),
        (2, 51, "Bei derzeit zwei Partnern sind das die Stimmen aller Partner; jeder einzelne Partner kann die Aufnahme damit verhindern."),
    ],
)
def test_admission_majority_says_who_can_block(partners, percent, sentence):
    """Whether one partner can block an admission follows from the number of partners and the
    majority; the clause says it only when it is true."""
    project = make_project(variants={"erweiterung": "mehrheit"}, params={"erweiterung": {"majority_percent": percent}})
    clause = build_agreement(with_partner_count(project, partners)).clause("erweiterung")
    text = "\n".join(b.text for b in clause.blocks if not isinstance(b, Note))
    assert sentence in text
    assert text.count("verhindern") == 1
    # where one partner can block, the variant's promise fails: the rules engine says so
    noted = any(isinstance(b, Note) and "Widerspruch" in b.text for b in clause.blocks)
    assert noted == ("jeder einzelne Partner kann" in sentence)


def test_continuation_minimum_is_computed_from_the_partners():
    """If the minimum number of remaining partners is not below today's number, one exit ends the
    cooperation, and the clause says so; otherwise it does not."""
    ends = build_agreement(make_project(params={"austritt": {"continuation_min": 4}}))
    sentence = "Bei derzeit vier Partnern endet die Kooperation damit bereits mit dem Ausscheiden eines einzigen Partners."
    assert sentence in ends.clause("austritt_folgen").text
    continues = build_agreement(make_project(params={"austritt": {"continuation_min": 3}}))
    assert "endet die Kooperation damit bereits" not in continues.clause("austritt_folgen").text


# --- 5. antitrust -----------------------------------------------------------------------------


def test_antitrust_basis_is_neutral_and_names_the_sme_cartel_only_for_competitors():
    """A vertical or cross-sector cooperation cannot rest on § 3 GWB: the clause relies on the
    self-assessment under § 2 GWB and Art. 101 Abs. 3 AEUV and names the SME cartel only for
    partners competing on the same market."""
    text = build_agreement(make_project(variants={"kartellrecht": "hinweis"})).clause("kartellrecht").text
    assert "die Voraussetzungen einer Freistellung nach § 2 GWB und Art. 101 Abs. 3 AEUV erfüllt" in text
    assert "(Selbstveranlagung)" in text
    assert (
        "Soweit Partner als kleine oder mittlere Unternehmen auf demselben Markt miteinander im"
        " Wettbewerb stehen, kann ihre Zusammenarbeit außerdem als Mittelstandskartell nach § 3 GWB"
        " zulässig sein" in text
    )


# --- 6. penalty, reverse engineering, survival, references, extension -------------------------


def test_contractual_penalty_per_breach_with_a_cap():
    """The penalty is owed per breach, fixed at the disclosing partner's reasonable discretion up
    to the agreed cap and open to review in the dispute procedure; no "Fortsetzungszusammenhang"."""
    doc = build_agreement(make_project(variants={"vertraulichkeit": "vertragsstrafe"}, params={"vertraulichkeit": {"penalty_eur": 25000}}))
    text = doc.clause("vertragsstrafe").text
    assert "Fortsetzungszusammenhang" not in text
    assert "zahlt er dem offenlegenden Partner für jeden Verstoß eine Vertragsstrafe" in text
    assert "nach billigem Ermessen bestimmt" in text
    assert f"im Verfahren nach § {doc.clause('konflikte').number} auf ihre Angemessenheit überprüft" in text
    assert "sie beträgt höchstens 25.000 € je Verstoß." in text
    assert "gelten als ein Verstoß" in text


@pytest.mark.parametrize("variant", ["umfassend", "gekennzeichnet", "vertragsstrafe"])
def test_reverse_engineering_ban_leaves_the_statutory_rights(variant):
    """The ban on reverse engineering leaves what the law always allows: public products
    (§ 3 Abs. 1 Nr. 2 GeschGehG) and the decompilation and testing rights of §§ 69d, 69e UrhG."""
    text = build_agreement(make_project(variants={"vertraulichkeit": variant})).clause("vertraulichkeit").text
    assert "(Reverse Engineering), soweit es sich nicht um ein öffentlich verfügbar gemachtes Produkt" in text
    assert "(§ 3 Abs. 1 Nr. 2 Buchst. a GeschGehG)" in text
    assert "die Befugnisse nach §§ 69d und 69e UrhG" in text


def test_survival_names_confidentiality_and_data_protection():
    """What outlasts the cooperation includes publications, confidentiality and data protection,
    and the penalty and non-solicitation clauses where they apply, each by its current number."""
    doc = build_agreement(make_project(variants={"vertraulichkeit": "vertragsstrafe", "abwerbung": "verbot"}))
    survival = doc.clause("beendigung").blocks[-1].text
    for clause_id in ("ergebnisse", "altschutzrechte", "veroeffentlichungen", "vertraulichkeit", "vertragsstrafe", "abwerbeverbot", "datenschutz", "haftung", "haftung_aussen", "konflikte"):
        assert f"§ {doc.clause(clause_id).number}" in survival, clause_id
    plain = build_agreement(make_project(variants={"vertraulichkeit": "umfassend", "abwerbung": "keins"}))
    survival = plain.clause("beendigung").blocks[-1].text
    assert f"§ {plain.clause('abwerbeverbot').number}" not in survival
    assert f"§ {plain.clause('datenschutz').number}" in survival


def test_leaving_partner_owes_contributions_under_the_contributions_clause():
    """A leaving partner's contributions are those of the contributions clause, his share of the
    joint costs those of the costs clause: each named by its own reference."""
    doc = build_agreement(make_project())
    text = doc.clause("austritt_folgen").text
    assert f"Beiträge nach § {doc.clause('beitraege').number}, die bis zum Wirksamwerden des Ausscheidens fällig geworden sind" in text
    assert f"gemeinsame Kosten nach § {doc.clause('kosten').number}, die bis dahin entstanden" in text
    assert "Kosten und Beiträge nach" not in text


@pytest.mark.parametrize(("term", "listed"), [("unbefristet", False), (None, False), ("befristet", True), ("vorhabenende", True)])
def test_extension_is_listed_only_for_a_fixed_term(term, listed):
    """An agreement for an indefinite term (chosen, or as the fallback while the term is open)
    has nothing to extend: the decisions clause does not list an extension."""
    project = make_project(variants={"laufzeit": term or "befristet"})
    if term is None:
        project.decisions["laufzeit"].variant = None
        project.decisions["laufzeit"].status = DecisionStatus.OPEN
    doc = build_agreement(project)
    assert ("Verlängerung" in doc.clause("beschluesse").text) is listed
    extension = doc.clause("verlaengerung").text
    assert ("einer Verlängerung bedarf es nicht" in extension) is not listed


# --- 7. a way out in every combination of open points -----------------------------------------


def test_everything_open_still_leaves_an_ordinary_exit():
    """Right after the first workshop, with every topic open and no variant chosen, the term falls
    back to an indefinite one, and so the exit falls back to an ordinary exit with a period."""
    project = make_project()
    for decision in project.decisions.values():
        decision.variant = None
        decision.status = DecisionStatus.OPEN
        decision.params = {}
    doc = build_agreement(project)
    assert "auf unbestimmte Zeit geschlossen" in doc.clause("laufzeit").text
    exit_text = doc.clause("austritt").text
    assert (
        "Bis dahin kann jeder Partner seine Mitwirkung an der Kooperation mit einer Frist von sechs"
        " Monaten zum Ende eines Kalenderjahres kündigen (Austritt)." in exit_text
    )
    assert "nur aus wichtigem Grund möglich" not in exit_text


TERMS = [None, "befristet", "unbefristet", "vorhabenende"]
EXITS = [None] + [v.id for v in CATALOGUE.topic("austritt").variants]


@pytest.mark.parametrize("form", ["netzwerk", "vertrag"])  # the exit clause differs only by binding
def test_no_combination_of_open_points_locks_a_partner_in(form):
    """Whatever is open or missing (term, end date, exit variant, its values), a partner can always
    get out: either the term ends on an agreed date or he has an ordinary exit."""
    for term in TERMS:
        for end_date_given in (True, False):
            for exit_variant in EXITS:
                for exit_open in (False, True):
                    project = make_project(
                        form=form,
                        variants={"laufzeit": term or "unbefristet", "austritt": exit_variant or "ordentlich"},
                        omit={
                            "laufzeit": () if end_date_given else ("end_date",),
                            "austritt": () if exit_variant and not exit_open else ("notice_months", "notice_weeks", "notice_term", "min_months"),
                        },
                        open_topics=(("austritt",) if exit_open else ()) + (("laufzeit",) if term is None else ()),
                    )
                    if term is None:
                        project.decisions["laufzeit"].variant = None
                    if exit_variant is None:
                        project.decisions["austritt"].variant = None
                    doc = build_agreement(project)
                    fixed_end = term in ("befristet", "vorhabenende") and end_date_given
                    case = (term, end_date_given, exit_variant, exit_open)
                    if not fixed_end:
                        assert ORDINARY_EXIT.search(doc.clause("austritt").text), case
                    else:
                        assert "31. Dezember 2029" in doc.clause("laufzeit").text, case
