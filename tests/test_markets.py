"""A partner's market (Markt/Branche): the choice list, how markets compare, the antitrust hint."""

from __future__ import annotations

import pytest

from kooperation.domain.checks_logic import data_warnings
from kooperation.domain.markets import market_choices, markets, shared_markets
from kooperation.domain.model import Partner, PartnerRole, Project, Sector
from kooperation.errors import KooperationError


def test_the_choice_list_is_wz_2008_with_the_groups_where_partners_cluster():
    """Divisions such as "28 – Maschinenbau", education split into its groups (85.4 universities, 85.5 further training)."""
    choices = market_choices()
    assert "28 – Maschinenbau" in choices and "62 – Dienstleistungen der Informationstechnologie" in choices
    assert any(c.startswith("85.4 – ") for c in choices) and any(c.startswith("85.5 – ") for c in choices)
    assert not any(c.startswith("85 – ") for c in choices)
    assert len(choices) == len(set(choices)) > 80


def test_markets_compare_by_code_or_by_the_words_as_a_whole():
    """"28", "WZ 28.41" and "Maschinenbau" are one market; a typed market compares as a whole, case aside."""
    keys = [markets(text)[0].key for text in ("28", "WZ 28.41", "Maschinenbau", "28 – Maschinenbau")]
    assert len(set(keys)) == 1
    assert markets("Pflege-Weiterbildung")[0].key == markets("  pflege-weiterbildung ")[0].key
    assert markets("Soziales Lernen")[0].key != markets("Soziales")[0].key
    assert [m.label for m in markets("85.42; Pflege-Weiterbildung; 85.4")] == [
        "85.4 – Tertiärer und post-sekundärer, nicht tertiärer Unterricht (Hochschulen)", "Pflege-Weiterbildung"]
    assert markets("  ") == [] and markets("") == []


def test_public_administration_is_no_market_for_the_antitrust_hint():
    """Two public bodies in "84.1 Öffentliche Verwaltung" are no competitors."""
    partners = [Partner("Stadt", market="84.1"), Partner("Landkreis", market="84.1 – Öffentliche Verwaltung")]
    assert shared_markets(partners) == []


def _koko() -> Project:
    """A qualification alliance like KoKo: 13 partners and 2 strategic partners, realistic sectors
    and products (many share "Industrie", "Soziales", "Weiterbildung"), each with its market."""
    W, S, Z, F = Sector.WIRTSCHAFT, Sector.STAAT, Sector.ZIVILGESELLSCHAFT, Sector.WISSENSCHAFT
    rows = [
        ("Hochschule Reutlingen – Institut für Digitale Fertigung", F, "85.4", "Studium und Weiterbildung Industrie 4.0"),
        ("Hochschule Albstadt-Sigmaringen", F, "85.4", "Studiengänge Maschinenbau, Weiterbildung Industrie"),
        ("Bildungswerk Neckar-Alb e. V.", Z, "85.5", "Berufliche Weiterbildung, Soziales Lernen"),
        ("VHS Reutlingen GmbH", Z, "85.5 – Sonstiger Unterricht", "Weiterbildung, Sprachen, Soziales"),
        ("ProdTech Maschinenbau GmbH", W, "28 – Maschinenbau", "Sondermaschinen für die Industrie"),
        ("Sondermaschinenbau Alb GmbH", W, "28", "Montageanlagen und Sondermaschinen für die Industrie"),
        ("Neckar IT-Systemhaus GmbH", W, "62", "Software und IT-Service für die Industrie"),
        ("Caritasverband Reutlingen e. V.", Z, "88.9", "Soziales, Jugendhilfe, Beratung"),
        ("Diakonie Alb gGmbH", Z, "88.1", "Soziales, Pflege und Betreuung älterer Menschen"),
        ("Lebenshilfe Reutlingen e. V.", Z, "88.1 – Soziale Betreuung älterer Menschen und Behinderter", "Soziales, Wohnen und Arbeiten für Menschen mit Behinderung"),
        ("Stadt Tübingen – Wirtschaftsförderung", S, "84.1", "Wirtschaftsförderung Industrie und Soziales"),
        ("Landkreis Reutlingen – Amt für Soziales", S, "84.1", "Soziales, Jugendhilfe, Integration"),
        ("IHK Reutlingen", S, "94", "Ausbildung und Weiterbildung für die Industrie"),
        ("Agentur für Arbeit Reutlingen", S, "84.3", "Vermittlung, Förderung der Weiterbildung"),
        ("Südwestmetall – Bezirksgruppe Reutlingen", Z, "Tarifpolitik Metall- und Elektroindustrie", "Industrie, Tarifpolitik, Weiterbildung"),
    ]
    partners = [
        Partner(name, sector=sector, market=market, products=products, contributions="Personal",
                role=PartnerRole.STRATEGIC if i >= 13 else (PartnerRole.LEAD if i == 0 else PartnerRole.PARTNER))
        for i, (name, sector, market, products) in enumerate(rows)
    ]
    return Project("KoKo", partners=partners)


def test_a_fifteen_partner_network_gets_only_the_true_competitor_groups():
    """KoKo: four shared markets (universities, further training, machine building, care for the
    disabled) give four hints; "Soziales" and "Industrie" in the products give none."""
    project = _koko()
    hints = [h for h in data_warnings(project) if h.code == "same_market"]
    names = {p.id: p.name for p in project.partners}
    groups = [sorted(names[i].split()[0] for i in h.partner_ids) for h in hints]
    assert groups == [["Hochschule", "Hochschule"], ["Bildungswerk", "VHS"], ["ProdTech", "Sondermaschinenbau"],
                      ["Diakonie", "Lebenshilfe"]]
    assert "28 – Maschinenbau" in hints[2].text and "market_missing" not in [h.code for h in data_warnings(project)]


def test_the_market_survives_the_store_and_the_json_file(tmp_path):
    """A typed market is stored, exported and imported; a file without markets (older format) still imports."""
    import json

    from kooperation.domain.demo import demo_project
    from kooperation.domain.serialize import dumps_document, export_document, parse_document
    from kooperation.store import open_store

    project = demo_project()
    project.partners[1].market = "Pflege-Weiterbildung; 85.4"
    store = open_store(tmp_path / "s.sqlite3")
    try:
        saved = store.save_project(project)
        assert store.load_project(saved.id).partners[1].market == "Pflege-Weiterbildung; 85.4"
    finally:
        store.close()
    text = dumps_document(export_document(project, []))
    assert json.loads(text)["project"]["partners"][1]["market"] == "Pflege-Weiterbildung; 85.4"
    again, _drafts = parse_document(text)
    assert again.partners[1].market == "Pflege-Weiterbildung; 85.4"
    old = json.loads(text)
    for partner in old["project"]["partners"]:
        del partner["market"]
    before, _drafts = parse_document(json.dumps(old))
    assert [p.market for p in before.partners] == ["", "", "", ""]
    old["project"]["partners"][0]["market"] = ["28"]
    with pytest.raises(KooperationError, match="market"):  # the schema refuses a market that is not text
        parse_document(json.dumps(old))
