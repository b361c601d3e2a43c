"""A large network agreement for measuring and testing the renderers: the demo grown to 15
partners with 40 goals and 120 milestones (about 90 PDF pages). Deterministic: the same project
every call, so two renders can be compared page by page."""

from __future__ import annotations

from datetime import date, timedelta

from kooperation.domain.demo import demo_project
from kooperation.domain.model import Goal, Horizon, Milestone, Partner, Priority, Project, Sector

_SECTORS = (Sector.WIRTSCHAFT, Sector.WISSENSCHAFT, Sector.STAAT, Sector.ZIVILGESELLSCHAFT)
_HORIZONS = (Horizon.SHORT, Horizon.MEDIUM, Horizon.LONG)
_PRIORITIES = (Priority.HIGH, Priority.MEDIUM, Priority.LOW)


def large_project(partners: int = 15, goals: int = 40, milestones: int = 120) -> Project:
    """The demo with ``partners`` partners, ``goals`` goals and ``milestones`` milestones."""
    project = demo_project()
    project.name = "Netzwerk Vernetzte Fertigung Neckar-Alb"
    for i in range(len(project.partners), partners):
        project.partners.append(Partner(
            name=f"Partnerorganisation {i + 1} Neckar-Alb GmbH", short_name=f"Partner {i + 1}",
            legal_form="GmbH", street=f"Hauptstraße {i + 1}", postcode="72764", city="Reutlingen",
            representative=f"die Geschäftsführerin Dr. Anna Beispiel-{i + 1}",
            sector=_SECTORS[i % 4],
            need="Fachkräfte für vernetzte Fertigung gewinnen und Beschäftigte weiterqualifizieren",
            contributions="Stellt Räume, zwei Fachleute für Praxismodule und Kontakte zu Betrieben",
        ))
    ids = [p.id for p in project.partners]
    for i in range(len(project.goals), goals):
        project.goals.append(Goal(
            f"Ziel {i + 1}: ein weiteres Lernangebot für die vernetzte Fertigung in der Region aufbauen",
            horizon=_HORIZONS[i % 3], priority=_PRIORITIES[i % 3], owner_id=ids[i % len(ids)],
            indicator="vom Lenkungskreis festgestellt",
        ))
    start = date(2027, 1, 1)
    for i in range(len(project.milestones), milestones):
        begin = start + timedelta(days=10 * i)
        project.milestones.append(Milestone(
            f"Arbeitspaket {i + 1}", description="Planung, Durchführung und Auswertung",
            start=begin, end=begin + timedelta(days=60), responsible_ids=[ids[i % len(ids)]],
        ))
    return project
