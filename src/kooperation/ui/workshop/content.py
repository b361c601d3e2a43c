"""What a phase card of the work plan shows: a few short lines about what the project holds.

Pure functions of the project (no widgets), so the lines follow every edit and can be tested
on their own. The one-line summary and the state come from `kooperation.domain.checks.workplan`.
"""

from __future__ import annotations

from kooperation.domain.catalogue import check_decision, load_catalogue
from kooperation.domain.labels import horizon_label
from kooperation.domain.model import DecisionStatus, Horizon, Project
from kooperation.i18n import _, ngettext


def phase_details(project: Project, page: str) -> list[str]:
    """The lines of the card for the journey page ``page`` (``partners``, ``business_model``,
    ``goals``, ``rules``), all of them: the card shows as many as fit and counts the rest."""
    if page == "partners":
        return _partners(project)
    if page == "business_model":
        return _business_model(project)
    if page == "goals":
        return _goals(project)
    if page == "rules":
        return _rules(project)
    return []


def _partners(project: Project) -> list[str]:
    return [p.display_name or _("(ohne Namen)") for p in project.partners]


def _business_model(project: Project) -> list[str]:
    bm = project.business_model
    fields = [
        (_("Nutzenversprechen"), bm.value_proposition),
        (_("Kundensegmente"), bm.customer_segments),
        (_("Schlüsselpartner"), bm.key_partners),
        (_("Einnahmequellen"), bm.revenue_streams),
        (_("Kosten"), bm.costs_management + bm.costs_development + bm.costs_infrastructure),
    ]
    return [("✓ " if value.strip() else "○ ") + label for label, value in fields]


def _goals(project: Project) -> list[str]:
    lines = []
    for horizon in Horizon:
        n = sum(1 for g in project.goals if g.horizon is horizon and g.text.strip())
        if n:
            lines.append(_("{horizon}: {n}").format(horizon=horizon_label(horizon).capitalize(), n=n))
    dated = sum(1 for m in project.milestones if m.start or m.end)
    if project.milestones:
        count = len(project.milestones)
        lines.append(ngettext("{n} Meilenstein", "{n} Meilensteine", count).format(n=count))
        if dated != count:
            lines.append(_("davon {n} mit Termin").format(n=dated))
    return lines


def open_points(project: Project) -> list[str]:
    """What the partners must still settle: who represents a party that names nobody, the form
    if it is not agreed, the open rule topics and the open points of the phase-4 board (the
    draft lists the same in its annex "Offene Punkte")."""
    catalogue = load_catalogue()
    points = [
        _("Vertretung: {name}").format(name=p.display_name or _("(ohne Namen)"))
        for p in project.parties
        if not p.representative.strip()
    ]
    if project.form is None or project.form_status is DecisionStatus.OPEN:
        points.append(_("Kooperationsform"))
    points += [
        t.label.get_text() for t in catalogue.topics if check_decision(t, project.decision(t.id), project).is_open
    ]
    points += [" ".join(b.text.split()) for b in project.assessment.board if not b.agreed and b.text.strip()]
    return points


def _rules(project: Project) -> list[str]:
    points = open_points(project)
    agreed_board = sum(1 for b in project.assessment.board if b.agreed and b.text.strip())
    lines = []
    if agreed_board:
        lines.append(ngettext("✓ {n} weiterer Punkt vereinbart", "✓ {n} weitere Punkte vereinbart", agreed_board).format(n=agreed_board))
    if not points:
        return [*lines, _("✓ Alles vereinbart")]
    lines.append(_("Darüber müssen wir uns verständigen:"))
    lines += ["? " + point for point in points]
    return lines
