"""Human-readable, translatable names of the enum values and a plain description of parameter
values, shared by the documents, the CLI and the GUI."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from kooperation.domain.catalogue import Param
from kooperation.domain.model import (
    CooperationForm,
    DecisionStatus,
    Horizon,
    MilestoneStatus,
    OrgSize,
    Partner,
    PartnerRole,
    PartnerTier,
    Priority,
    Project,
    Sector,
)
from kooperation.i18n import _, babel_locale, ngettext

# The functions (not dicts of translated strings) make the label follow a language switch.


def sector_label(value: Sector) -> str:
    return {
        Sector.WIRTSCHAFT: _("Wirtschaft"),
        Sector.STAAT: _("Staat/Verwaltung"),
        Sector.ZIVILGESELLSCHAFT: _("Zivilgesellschaft"),
        Sector.WISSENSCHAFT: _("Wissenschaft"),
    }[Sector(value)]


def size_label(value: OrgSize | None) -> str:
    if value is None:
        return ""
    return {
        OrgSize.KLEINST: _("Kleinstorganisation (unter 10 Beschäftigte)"),
        OrgSize.KLEIN: _("klein (10–49 Beschäftigte)"),
        OrgSize.MITTEL: _("mittel (50–249 Beschäftigte)"),
        OrgSize.GROSS: _("groß (ab 250 Beschäftigte)"),
    }[OrgSize(value)]


def role_label(value: PartnerRole) -> str:
    return {
        PartnerRole.LEAD: _("Lead-Partner"),
        PartnerRole.PARTNER: _("Partner"),
        PartnerRole.STRATEGIC: _("Strategischer Partner"),
        PartnerRole.SUPPORTER: _("Unterstützer"),
    }[PartnerRole(value)]


def tier_label(value: PartnerTier) -> str:
    return {
        PartnerTier.VOLL: _("Vollpartner"),
        PartnerTier.ASSOZIIERT: _("Assoziierter Partner"),
        PartnerTier.UNTERSTUETZER: _("Unterstützer"),
    }[PartnerTier(value)]


def tier_explanation(value: PartnerTier) -> str:
    """What a tier means for the partner, in one sentence (shown under the choice)."""
    return {
        PartnerTier.VOLL: _(
            "Vertragspartei mit Stimme im Lenkungskreis: zählt für Beschlussfähigkeit und "
            "Mehrheiten, kann die Koordination übernehmen und unterschreibt."
        ),
        PartnerTier.ASSOZIIERT: _(
            "Vertragspartei ohne Stimmrecht, etwa ein strategischer Partner: unterschreibt und ist "
            "gebunden, zählt aber nicht für Beschlussfähigkeit und Mehrheiten und koordiniert nicht."
        ),
        PartnerTier.UNTERSTUETZER: _(
            "Keine Vertragspartei: unterschreibt nicht, hat aus dem Vertrag weder Rechte noch "
            "Pflichten und wird in Anlage 1 als Unterstützer genannt."
        ),
    }[PartnerTier(value)]


def standing_label(partner: Partner) -> str:
    """How a partner stands in the cooperation, in one word: the lead partner as such, every
    other partner as "Partner" (full), "Assoziierter Partner" or "Unterstützer"."""
    if partner.role is PartnerRole.LEAD:
        return role_label(PartnerRole.LEAD)
    if partner.tier == PartnerTier.VOLL:
        return role_label(PartnerRole.PARTNER)
    return tier_label(partner.tier)


def horizon_label(value: Horizon) -> str:
    return {Horizon.SHORT: _("kurzfristig"), Horizon.MEDIUM: _("mittelfristig"), Horizon.LONG: _("langfristig")}[Horizon(value)]


def priority_label(value: Priority) -> str:
    return {Priority.HIGH: _("hoch"), Priority.MEDIUM: _("mittel"), Priority.LOW: _("niedrig")}[Priority(value)]


def milestone_status_label(value: MilestoneStatus) -> str:
    return {
        MilestoneStatus.PLANNED: _("geplant"),
        MilestoneStatus.IN_PROGRESS: _("in Arbeit"),
        MilestoneStatus.DONE: _("erledigt"),
        MilestoneStatus.DELAYED: _("verzögert"),
        MilestoneStatus.CANCELLED: _("entfallen"),
    }[MilestoneStatus(value)]


def decision_status_label(value: DecisionStatus) -> str:
    return {DecisionStatus.AGREED: _("vereinbart"), DecisionStatus.OPEN: _("zu besprechen")}[DecisionStatus(value)]


def form_fallback_label(value: CooperationForm | None) -> str:
    return _("noch nicht gewählt") if value is None else str(value)


def _locale() -> str:
    return babel_locale()


def format_day(value: date | None) -> str:
    """A date as users read it ("21.11.2026")."""
    return format_date(value, format="medium", locale=_locale()) if value else ""


def _unit_words(unit: str, n: int) -> str | None:
    """``n`` with its unit ("3 Monate"), or None for a unit without words."""
    if unit == "days":
        return ngettext("{n} Tag", "{n} Tage", n).format(n=n)
    if unit == "weeks":
        return ngettext("{n} Woche", "{n} Wochen", n).format(n=n)
    if unit == "months":
        return ngettext("{n} Monat", "{n} Monate", n).format(n=n)
    if unit == "years":
        return ngettext("{n} Jahr", "{n} Jahre", n).format(n=n)
    return None


def describe_value(param: Param, value: Any, project: Project | None = None) -> str:
    """A parameter value in plain words, e.g. "3 Monate", "10.000 €", "ProdTech GmbH"."""
    if value is None:
        return ""
    t = param.type
    if t == "integer":
        n = int(value)
        words = _unit_words(param.unit or "", n)
        if words is not None:
            return words
        if param.unit == "percent":
            return f"{format_decimal(n, locale=_locale())} %"
        return format_decimal(n, locale=_locale())
    if t == "money":
        return format_currency(value, "EUR", locale=_locale())
    if t == "choice":
        option = param.option(str(value))
        return option.label.get_text() if option else str(value)
    if t == "bool":
        return _("ja") if value else _("nein")
    if t == "date":
        return format_day(value) if isinstance(value, date) else str(value)
    if t == "partner":
        partner = project.partner(str(value)) if project else None
        return partner.display_name if partner else str(value)
    if t == "partners":
        names = [(project.partner(v).display_name if project and project.partner(v) else str(v)) for v in value]
        return ", ".join(names)
    return str(value)
