"""Projects for measuring the project sketch: the demo and a KoKo-like alliance of 15 partners
(13 partners and 2 strategic partners) with profile texts as long as the demo's, a dozen goals
and a three-year roadmap."""

from __future__ import annotations

from datetime import date

from kooperation.domain.demo import demo_project
from kooperation.domain.model import (
    Goal,
    Horizon,
    Milestone,
    Partner,
    PartnerRole,
    Priority,
    Project,
    Sector,
)

_MORE = [
    ("Metallbau Schwarz", "Metallbau Schwarz GmbH", Sector.WIRTSCHAFT, "Fachkräfte für CNC-Fertigung und Automatisierung finden und im Betrieb weiterbilden", "Stellt zwei Ausbilder für Praxismodule und eine CNC-Fräse für Übungen im Lernbetrieb"),
    ("Kunststofftechnik Alb", "Kunststofftechnik Alb GmbH & Co. KG", Sector.WIRTSCHAFT, "Beschäftigte in der Instandhaltung vernetzter Spritzgießanlagen qualifizieren", "Bringt Praxisfälle aus der Instandhaltung ein und nimmt jährlich sechs Beschäftigte in Kurse"),
    ("Elektro Maier", "Elektro Maier Automation GmbH", Sector.WIRTSCHAFT, "Nachwuchs für die Steuerungstechnik gewinnen und an den Betrieb binden", "Liefert Steuerungstechnik als Sachleistung und betreut das Modul Speicherprogrammierbare Steuerung"),
    ("HS Albstadt-Sigmaringen", "Hochschule Albstadt-Sigmaringen – Fakultät Engineering", Sector.WISSENSCHAFT, "Transfer von Forschungsergebnissen in die betriebliche Weiterbildung der Region", "Entwickelt zwei Lernmodule und evaluiert die Wirkung der Kurse mit wissenschaftlichen Methoden"),
    ("Berufsschule Metzingen", "Berufliche Schule Metzingen", Sector.STAAT, "Moderne Ausstattung für die duale Ausbildung nutzen, die sich die Schule allein nicht leisten kann", "Stellt Lehrkräfte für Ausbildungsmodule und nutzt die Lernfabrik für Klassen im dritten Lehrjahr"),
    ("Landkreis", "Landkreis Reutlingen – Wirtschaftsförderung", Sector.STAAT, "Fachkräftesicherung in der Region sichtbar und messbar voranbringen", "Akquiriert Betriebe, stellt Veranstaltungsräume und unterstützt die Förderanträge des Verbunds"),
    ("Familienbildung", "Familienbildungsstätte Reutlingen e. V.", Sector.ZIVILGESELLSCHAFT, "Angebote für Beschäftigte mit Familienaufgaben und Wiedereinsteigerinnen schaffen", "Organisiert Kinderbetreuung während der Kurse und berät Teilnehmende beim Wiedereinstieg"),
    ("Softwarehaus Neckar", "Softwarehaus Neckar GmbH", Sector.WIRTSCHAFT, "Anwender für Fertigungssoftware und Digitale Zwillinge in der Region gewinnen", "Stellt Lizenzen der Fertigungssoftware und betreut das Modul Digitaler Zwilling im Betrieb"),
    ("Sozialwerk Ermstal", "Sozialwerk Ermstal gGmbH", Sector.ZIVILGESELLSCHAFT, "Langzeitarbeitslose Menschen über Qualifizierung in Industriearbeit bringen", "Vermittelt Teilnehmende, begleitet sie sozialpädagogisch und übernimmt die Lernbegleitung"),
    ("IHK", "IHK Reutlingen", Sector.STAAT, "Neue Weiterbildungsabschlüsse für vernetzte Fertigung entwickeln und anerkennen", "Berät zu Prüfungsordnungen und nimmt Zertifikatsprüfungen ab (strategischer Partner)"),
    ("Arbeitsagentur", "Agentur für Arbeit Reutlingen", Sector.STAAT, "Förderfähige, arbeitsmarktnahe Weiterbildungen für Arbeitsuchende anbieten", "Prüft die Zulassung nach AZAV und informiert Arbeitsuchende über Bildungsgutscheine (strategischer Partner)"),
]


def koko_project() -> Project:
    """A qualification alliance of 15 partners (13 partners, 2 strategic) with 12 goals and 18
    milestones over three years, decided like the demo."""
    project = demo_project()
    project.name = "KoKo – Kompetenzverbund Vernetzte Fertigung Neckar-Alb"
    for short, name, sector, need, contributions in _MORE:
        role = PartnerRole.STRATEGIC if "strategischer Partner" in contributions else PartnerRole.PARTNER
        project.partners.append(Partner(name=name, short_name=short, sector=sector, need=need, contributions=contributions, role=role, city="Reutlingen"))
    ids = [p.id for p in project.partners]
    extra_goals = [
        ("Vier weitere Lernmodule für Instandhaltung und Automatisierung entwickeln", Horizon.MEDIUM, Priority.MEDIUM),
        ("Ein Angebot für Wiedereinsteigerinnen mit Kinderbetreuung aufbauen", Horizon.MEDIUM, Priority.MEDIUM),
        ("Zwanzig Langzeitarbeitslose in Beschäftigung in der Industrie vermitteln", Horizon.LONG, Priority.HIGH),
        ("Die Berufsschulklassen des dritten Lehrjahrs regelmäßig in der Lernfabrik unterrichten", Horizon.SHORT, Priority.MEDIUM),
    ]
    for k, (text, horizon, priority) in enumerate(extra_goals):
        project.goals.append(Goal(text, horizon=horizon, priority=priority, owner_id=ids[4 + k], indicator="vom Lenkungskreis festgestellt"))
    extra_milestones = [
        ("Module Instandhaltung 1–2", date(2028, 7, 1), date(2028, 12, 31)),
        ("Module Automatisierung 1–2", date(2029, 1, 1), date(2029, 6, 30)),
        ("Kursangebot Wiedereinstieg", date(2028, 3, 1), date(2028, 9, 30)),
        ("Vermittlungsprogramm Langzeitarbeitslose", date(2028, 6, 1), date(2029, 11, 30)),
        ("AZAV-Zulassung", date(2028, 2, 1), date(2028, 5, 31)),
        ("Abschlussevaluation und Verstetigung", date(2029, 7, 1), date(2029, 12, 31)),
    ]
    for k, (title, start, end) in enumerate(extra_milestones):
        project.milestones.append(Milestone(title, start=start, end=end, responsible_ids=[ids[5 + k]]))
    return project
