"""How far the partners are in each phase of the journey, and what is still open there.

The project window shows this next to each phase; the same figures can be used by any other
front end. A phase is complete when what the agreement needs from it is there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kooperation.domain.catalogue import Catalogue, check_decision, load_catalogue
from kooperation.domain.consistency import lead_partner_needed
from kooperation.domain.model import DecisionStatus, PartnerRole, Project
from kooperation.i18n import _

PHASES = ("partners", "business_model", "goals", "rules", "drafts")


@dataclass
class PhaseProgress:
    phase: str
    complete: bool
    open_count: int
    hints: list[str] = field(default_factory=list)


def _partners(project: Project) -> PhaseProgress:
    hints = []
    if len(project.partners) < 2:
        hints.append(_("Eine Kooperation braucht mindestens zwei Partner."))
    if project.partners and not any(p.role is PartnerRole.LEAD for p in project.partners) and lead_partner_needed(project):
        hints.append(_("Es ist kein Lead-Partner festgelegt."))
    if len(project.partners) >= 2 and not project.voting:
        hints.append(_("Kein Partner ist Vollpartner: Ohne Vollpartner kann niemand abstimmen."))
    for p in project.partners:
        # a supporter signs nothing: only the parties need someone who represents them
        fields = ((_("Anschrift"), p.city), (_("Vertretung"), p.representative if p.is_party else "–"))
        missing = [label for label, value in fields if not value.strip()]
        if not p.name.strip():
            hints.append(_("Ein Partner hat keinen Namen."))
        elif missing:
            hints.append(_("{name}: {missing} fehlt.").format(name=p.display_name, missing=", ".join(missing)))
    return PhaseProgress("partners", not hints, len(hints), hints)


def _business_model(project: Project) -> PhaseProgress:
    bm = project.business_model
    fields = {
        _("Nutzenversprechen"): bm.value_proposition,
        _("Kundensegmente"): bm.customer_segments,
        _("Schlüsselpartner"): bm.key_partners,
        _("Einnahmequellen"): bm.revenue_streams,
        _("Kosten"): bm.costs_management + bm.costs_development + bm.costs_infrastructure,
    }
    hints = [_("{field} ist noch leer.").format(field=name) for name, value in fields.items() if not value.strip()]
    return PhaseProgress("business_model", not hints, len(hints), hints)


def _goals(project: Project) -> PhaseProgress:
    hints = []
    if not project.goals:
        hints.append(_("Noch keine Ziele."))
    if not project.milestones:
        hints.append(_("Noch keine Meilensteine."))
    hints += [_("Ziel ohne Text.") for g in project.goals if not g.text.strip()]
    hints += [_("„{title}“ hat keine Termine.").format(title=m.title or "?") for m in project.milestones if not (m.start or m.end)]
    return PhaseProgress("goals", not hints, len(hints), hints)


def _rules(project: Project, catalogue: Catalogue) -> PhaseProgress:
    hints = []
    if project.form is None:
        hints.append(_("Die Kooperationsform ist noch nicht gewählt."))
    elif project.form_status is DecisionStatus.OPEN:
        hints.append(_("Die Kooperationsform ist noch nicht vereinbart."))
    for topic in catalogue.topics:
        checked = check_decision(topic, project.decision(topic.id), project)
        if checked.is_open:
            hints.append(_("{topic}: noch zu besprechen.").format(topic=topic.label.get_text()))
        elif checked.problems:
            hints.append(_("{topic}: {n} Angabe(n) fehlen.").format(topic=topic.label.get_text(), n=len(checked.problems)))
    return PhaseProgress("rules", not hints, len(hints), hints)


def phase_progress(project: Project, draft_count: int = 0, catalogue: Catalogue | None = None) -> dict[str, PhaseProgress]:
    """Progress of every phase, keyed by phase id (see `PHASES`)."""
    catalogue = catalogue or load_catalogue()
    drafts = PhaseProgress("drafts", draft_count > 0, 0, [] if draft_count else [_("Noch kein Entwurf erzeugt.")])
    return {
        "partners": _partners(project),
        "business_model": _business_model(project),
        "goals": _goals(project),
        "rules": _rules(project, catalogue),
        "drafts": drafts,
    }
