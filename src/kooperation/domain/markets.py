"""The market a partner is active in (Markt/Branche), and which partners share one.

The choice list is the German classification of economic activities WZ 2008 (Destatis), the one
firms know from their chamber and the statistics office: its 88 divisions ("28 Maschinenbau"),
refined to groups where the partners of a cooperation cluster and a division would lump
non-competitors together (72 research, 84 public administration, 85 education, 88 social work:
a university and an adult-education centre are both "85 Erziehung und Unterricht", but only
the groups 85.4 and 85.5 tell them apart). A partner may instead type its own market ("Pflege-
Weiterbildung"), or several separated by ";".

Two partners are in the same market when they share a WZ code or, for typed markets, the same
market as written (case and spacing aside). That is the basis of the antitrust hint (partners
in the same market are potential competitors); shared words in the products no longer count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kooperation.domain.model import Partner
from kooperation.i18n import N_, _

WZ_2008: tuple[tuple[str, str], ...] = (
    ("01", N_("Landwirtschaft, Jagd und damit verbundene Tätigkeiten")),
    ("02", N_("Forstwirtschaft und Holzeinschlag")),
    ("03", N_("Fischerei und Aquakultur")),
    ("05", N_("Kohlenbergbau")),
    ("06", N_("Gewinnung von Erdöl und Erdgas")),
    ("07", N_("Erzbergbau")),
    ("08", N_("Gewinnung von Steinen und Erden, sonstiger Bergbau")),
    ("09", N_("Dienstleistungen für den Bergbau und für die Gewinnung von Steinen und Erden")),
    ("10", N_("Herstellung von Nahrungs- und Futtermitteln")),
    ("11", N_("Getränkeherstellung")),
    ("12", N_("Tabakverarbeitung")),
    ("13", N_("Herstellung von Textilien")),
    ("14", N_("Herstellung von Bekleidung")),
    ("15", N_("Herstellung von Leder, Lederwaren und Schuhen")),
    ("16", N_("Herstellung von Holz-, Flecht-, Korb- und Korkwaren (ohne Möbel)")),
    ("17", N_("Herstellung von Papier, Pappe und Waren daraus")),
    ("18", N_("Herstellung von Druckerzeugnissen; Vervielfältigung von Ton-, Bild- und Datenträgern")),
    ("19", N_("Kokerei und Mineralölverarbeitung")),
    ("20", N_("Herstellung von chemischen Erzeugnissen")),
    ("21", N_("Herstellung von pharmazeutischen Erzeugnissen")),
    ("22", N_("Herstellung von Gummi- und Kunststoffwaren")),
    ("23", N_("Herstellung von Glas und Glaswaren, Keramik, Verarbeitung von Steinen und Erden")),
    ("24", N_("Metallerzeugung und -bearbeitung")),
    ("25", N_("Herstellung von Metallerzeugnissen")),
    ("26", N_("Herstellung von Datenverarbeitungsgeräten, elektronischen und optischen Erzeugnissen")),
    ("27", N_("Herstellung von elektrischen Ausrüstungen")),
    ("28", N_("Maschinenbau")),
    ("29", N_("Herstellung von Kraftwagen und Kraftwagenteilen")),
    ("30", N_("Sonstiger Fahrzeugbau")),
    ("31", N_("Herstellung von Möbeln")),
    ("32", N_("Herstellung von sonstigen Waren")),
    ("33", N_("Reparatur und Installation von Maschinen und Ausrüstungen")),
    ("35", N_("Energieversorgung")),
    ("36", N_("Wasserversorgung")),
    ("37", N_("Abwasserentsorgung")),
    ("38", N_("Sammlung, Behandlung und Beseitigung von Abfällen; Rückgewinnung")),
    ("39", N_("Beseitigung von Umweltverschmutzungen und sonstige Entsorgung")),
    ("41", N_("Hochbau")),
    ("42", N_("Tiefbau")),
    ("43", N_("Vorbereitende Baustellenarbeiten, Bauinstallation und sonstiges Ausbaugewerbe")),
    ("45", N_("Handel mit Kraftfahrzeugen; Instandhaltung und Reparatur von Kraftfahrzeugen")),
    ("46", N_("Großhandel (ohne Handel mit Kraftfahrzeugen)")),
    ("47", N_("Einzelhandel (ohne Handel mit Kraftfahrzeugen)")),
    ("49", N_("Landverkehr und Transport in Rohrfernleitungen")),
    ("50", N_("Schifffahrt")),
    ("51", N_("Luftfahrt")),
    ("52", N_("Lagerei sowie sonstige Dienstleistungen für den Verkehr")),
    ("53", N_("Post-, Kurier- und Expressdienste")),
    ("55", N_("Beherbergung")),
    ("56", N_("Gastronomie")),
    ("58", N_("Verlagswesen")),
    ("59", N_("Film, Fernsehen, Kinos, Tonstudios und Musikverlage")),
    ("60", N_("Rundfunkveranstalter")),
    ("61", N_("Telekommunikation")),
    ("62", N_("Dienstleistungen der Informationstechnologie")),
    ("63", N_("Informationsdienstleistungen")),
    ("64", N_("Finanzdienstleistungen")),
    ("65", N_("Versicherungen, Rückversicherungen und Pensionskassen (ohne Sozialversicherung)")),
    ("66", N_("Mit Finanz- und Versicherungsdienstleistungen verbundene Tätigkeiten")),
    ("68", N_("Grundstücks- und Wohnungswesen")),
    ("69", N_("Rechts- und Steuerberatung, Wirtschaftsprüfung")),
    ("70", N_("Verwaltung und Führung von Unternehmen; Unternehmensberatung")),
    ("71", N_("Architektur- und Ingenieurbüros; technische, physikalische und chemische Untersuchung")),
    ("72.1", N_("Forschung und Entwicklung: Natur-, Ingenieur-, Agrarwissenschaften und Medizin")),
    ("72.2", N_("Forschung und Entwicklung: Rechts-, Wirtschafts-, Sozial-, Sprach-, Kultur- und Kunstwissenschaften")),
    ("73", N_("Werbung und Marktforschung")),
    ("74", N_("Sonstige freiberufliche, wissenschaftliche und technische Tätigkeiten")),
    ("75", N_("Veterinärwesen")),
    ("77", N_("Vermietung von beweglichen Sachen")),
    ("78", N_("Vermittlung und Überlassung von Arbeitskräften")),
    ("79", N_("Reisebüros, Reiseveranstalter und sonstige Reservierungsdienstleistungen")),
    ("80", N_("Wach- und Sicherheitsdienste sowie Detekteien")),
    ("81", N_("Gebäudebetreuung; Garten- und Landschaftsbau")),
    ("82", N_("Wirtschaftliche Dienstleistungen für Unternehmen und Privatpersonen")),
    ("84.1", N_("Öffentliche Verwaltung")),
    ("84.2", N_("Auswärtige Angelegenheiten, Verteidigung, Rechtspflege, öffentliche Sicherheit und Ordnung")),
    ("84.3", N_("Sozialversicherung")),
    ("85.1", N_("Kindergärten und Vorschulen")),
    ("85.2", N_("Grundschulen")),
    ("85.3", N_("Weiterführende Schulen")),
    ("85.4", N_("Tertiärer und post-sekundärer, nicht tertiärer Unterricht (Hochschulen)")),
    ("85.5", N_("Sonstiger Unterricht (Weiterbildung, Fahr-, Sprach-, Musikschulen)")),
    ("85.6", N_("Dienstleistungen für den Unterricht")),
    ("86", N_("Gesundheitswesen")),
    ("87", N_("Heime (ohne Erholungs- und Ferienheime)")),
    ("88.1", N_("Soziale Betreuung älterer Menschen und Behinderter")),
    ("88.9", N_("Sonstiges Sozialwesen (ohne Heime)")),
    ("90", N_("Kreative, künstlerische und unterhaltende Tätigkeiten")),
    ("91", N_("Bibliotheken, Archive, Museen, botanische und zoologische Gärten")),
    ("92", N_("Spiel-, Wett- und Lotteriewesen")),
    ("93", N_("Dienstleistungen des Sports, der Unterhaltung und der Erholung")),
    ("94", N_("Interessenvertretungen, kirchliche und sonstige religiöse Vereinigungen")),
    ("95", N_("Reparatur von Datenverarbeitungsgeräten und Gebrauchsgütern")),
    ("96", N_("Sonstige überwiegend persönliche Dienstleistungen")),
    ("97", N_("Private Haushalte mit Hauspersonal")),
    ("99", N_("Exterritoriale Organisationen und Körperschaften")),
)
"""(code, title) of the WZ 2008 divisions and, for 72, 84, 85 and 88, groups."""

_TITLES = dict(WZ_2008)

SOVEREIGN = frozenset({"wz:84.1", "wz:84.2", "wz:84.3"})
"""Public administration and social insurance: bodies acting in these are no undertakings when
they perform their public tasks (Art. 101 AEUV, § 1 GWB apply to undertakings; ECJ C-264/01
AOK-Bundesverband), so sharing one of these does not make partners competitors."""
_CODE = re.compile(r"^\s*(?:WZ\s*)?(\d{2}(?:\.\d{1,2})?)(?=$|[\s–\-:])")
SEPARATOR = ";"


def market_title(code: str) -> str:
    """The title of a WZ code in the current language ("" for an unknown code)."""
    title = _TITLES.get(code, "")
    return _(title) if title else ""


def market_choice(code: str) -> str:
    """The entry of the choice list for ``code``: "28 – Maschinenbau"."""
    return f"{code} – {market_title(code)}"


def market_choices() -> list[str]:
    """Every entry of the choice list, in the order of the classification."""
    return [market_choice(code) for code, _title in WZ_2008]


def _compact(text: str) -> str:
    return " ".join(text.casefold().split())


_BY_TITLE = {_compact(title): code for code, title in WZ_2008}


@dataclass(frozen=True)
class Market:
    """One market of a partner: ``key`` compares, ``label`` is what a hint shows."""

    key: str
    label: str


def _market(text: str) -> Market | None:
    text = " ".join(text.split())
    if not text:
        return None
    match = _CODE.match(text)
    code = match.group(1) if match else _BY_TITLE.get(_compact(text))
    if code is None:
        return Market(f"text:{_compact(text)}", text)
    listed = next((c for c in (code, code[:4], code[:2]) if c in _TITLES), None)
    if listed is not None:  # a finer code ("62.01", "85.42") counts as its entry of the list
        return Market(f"wz:{listed}", market_choice(listed))
    return Market(f"wz:{code}", text)  # a division split into groups ("85"): compared as typed


def markets(value: str) -> list[Market]:
    """The markets in a partner's field ("28 – Maschinenbau; Pflege-Weiterbildung"), each once."""
    found: dict[str, Market] = {}
    for part in str(value or "").split(SEPARATOR):
        market = _market(part)
        if market is not None and market.key not in found:
            found[market.key] = market
    return list(found.values())


@dataclass(frozen=True)
class SharedMarket:
    """Partners (in project order) that name the same market."""

    market: Market
    partners: tuple[Partner, ...]


def shared_markets(partners: Sequence[Partner]) -> list[SharedMarket]:
    """Every market named by at least two partners, in the order it first appears; a group of
    partners sharing several markets is named once, with its first shared market. Public
    administration (`SOVEREIGN`) is no market in the antitrust sense and is left out."""
    members: dict[str, list[Partner]] = {}
    label: dict[str, Market] = {}
    for partner in partners:
        for market in markets(partner.market):
            members.setdefault(market.key, []).append(partner)
            label.setdefault(market.key, market)
    result: list[SharedMarket] = []
    seen: set[tuple[str, ...]] = set()
    for key, group in members.items():
        ids = tuple(p.id for p in group)
        if len(group) >= 2 and ids not in seen and key not in SOVEREIGN:
            seen.add(ids)
            result.append(SharedMarket(label[key], tuple(group)))
    return result


def without_market(partners: Sequence[Partner]) -> list[Partner]:
    """The partners whose market is not given."""
    return [p for p in partners if not markets(p.market)]
