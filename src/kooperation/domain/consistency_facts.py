"""What the consistency rules read and how they are registered: `Facts` (the project's checked
values with the defaults the draft uses, the partner count, the term), the arithmetic of votes
and dates, the `Conflict` a rule reports and the `@rule` registry. The rules themselves and the
entry points are in `kooperation.domain.consistency`."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from kooperation.domain.catalogue import Catalogue, CheckedDecision, check_decision
from kooperation.domain.labels import describe_value
from kooperation.domain.model import Project
from kooperation.i18n import _


@dataclass(frozen=True)
class Conflict:
    """One contradiction: which rule, the message, and where it shows."""

    rule: str
    message: str
    topics: tuple[str, ...]
    params: tuple[tuple[str, str], ...] = ()  # (topic, parameter) whose rows show the message
    form: bool = False  # the cooperation form is involved

    @property
    def id(self) -> str:
        return f"widerspruch_{self.rule}"

    def params_of(self, topic_id: str) -> tuple[str, ...]:
        return tuple(p for t, p in self.params if t == topic_id)


# --- what the rules read ------------------------------------------------------------------------


def voting_partners(project: Project) -> int:
    """How many partners vote and count for majorities, quorum and continuation: the full
    partners (associated partners and supporters have no vote, `Partner.votes`)."""
    return len(project.voting)


ROTATION = ("steuerung", "gleichrangig")
"""The topic and variant in which the full partners take turns coordinating (`checks.yaml`
names the same variant as ``rotating_variants``)."""


OFFICE = ("steuerung", "geschaeftsstelle")
"""The topic and variant in which a network office that is not a partner coordinates
(`checks.yaml` names the same variant as ``office_variants``)."""


def coordination_rotates(project: Project) -> bool:
    """Whether the full partners take turns coordinating: then no lead partner is needed."""
    topic, variant = ROTATION
    return project.decision(topic).variant == variant


def coordination_by_office(project: Project) -> bool:
    """Whether a network office (Geschäftsstelle) that is not a partner coordinates."""
    topic, variant = OFFICE
    return project.decision(topic).variant == variant


def lead_partner_needed(project: Project) -> bool:
    """Whether the partner phase needs a lead partner: not when the full partners take turns
    coordinating or a network office coordinates."""
    return not (coordination_rotates(project) or coordination_by_office(project))


class Facts:
    """The project as the rules see it: every topic's checked values with the defaults the draft
    uses, the partner count and the term."""

    def __init__(
        self,
        project: Project,
        catalogue: Catalogue,
        checked: dict[str, CheckedDecision] | None = None,
    ) -> None:
        self.project = project
        self.catalogue = catalogue
        self.checked = (
            checked
            if checked is not None
            else {
                t.id: check_decision(t, project.decision(t.id), project) for t in catalogue.topics
            }
        )
        self.n = voting_partners(project)
        self.form = project.form.value if project.form is not None else None
        self.associated = any(p.is_party and not p.votes for p in project.partners)

    def partners(self, case: str = "nom") -> str:
        """The partners the rules count, as a message names them: plain "Partner" or, once the
        project has associated partners (who do not vote), "stimmberechtigte Partner".
        ``case``: "nom" (vier stimmberechtigte Partner; jeder stimmberechtigte Partner), "dat"
        (mit vier stimmberechtigten Partnern) or "def" (alle vier stimmberechtigten Partner)."""
        if not self.associated:
            return _("Partnern") if case == "dat" else _("Partner")
        return {
            "nom": _("stimmberechtigte Partner"),
            "dat": _("stimmberechtigten Partnern"),
        }.get(case, _("stimmberechtigten Partner"))

    @property
    def committee(self) -> int | None:
        """The members of an elected steering committee: a members' assembly is chosen and the
        committee is smaller than the voting partners (at least three). None otherwise: then the
        steering committee is all voting partners (`n`). The same majority and quorum apply in
        the assembly and in the committee (§ Beschlüsse), so the rules check both."""
        if self.value("steuerung", "bodies") != "versammlung":
            return None
        size = self.value("steuerung", "committee_size")
        if size is None or not 3 <= int(size) < self.n:
            return None
        return int(size)

    def variant(self, topic: str) -> str | None:
        checked = self.checked.get(topic)
        return checked.variant.id if checked is not None and checked.variant is not None else None

    def value(self, topic: str, param: str) -> Any:
        """The checked value (or the default the draft uses); None if missing or invalid."""
        checked = self.checked.get(topic)
        return checked.values.get(param) if checked is not None else None

    def variant_label(self, topic: str, variant: str | None = None) -> str:
        t = self.catalogue.topic(topic)
        v = t.variant(variant or self.variant(topic))
        return v.label.get_text() if v else ""

    def says(self, topic: str, param: str, value: Any = None) -> str:
        """A parameter's value in plain words ("75 %", "3 Monate", "einstimmig")."""
        t = self.catalogue.topic(topic)
        p = next(
            (
                p
                for v in (None, *[v.id for v in t.variants])
                for p in t.params_for(v)
                if p.id == param
            ),
            None,
        )
        value = self.value(topic, param) if value is None else value
        return describe_value(p, value, self.project) if p is not None else str(value)

    def term(self) -> tuple[date, date] | None:
        """Beginning and end of a fixed term (the beginning is today if no date is given, as the
        cooperation then begins when the agreement is signed); None without a fixed end."""
        if self.variant("laufzeit") not in ("befristet", "vorhabenende"):
            return None
        end = self.value("laufzeit", "end_date")
        if not isinstance(end, date):
            return None
        start = self.value("laufzeit", "start_date")
        return (start if isinstance(start, date) else date.today()), end


def needed(percent: float, n: int) -> int:
    """How many of ``n`` votes are at least ``percent`` per cent of them."""
    return -(-int(percent) * n // 100)


def decision_needed(facts: Facts, votes: int | None = None) -> int | None:
    """How many votes an ordinary decision needs when all ``votes`` vote (by default the voting
    partners, `Facts.n`; an elected steering committee passes its members)."""
    n = facts.n if votes is None else votes
    rule_ = facts.value("steuerung", "decision_rule")
    if rule_ == "einstimmig":
        return n
    if rule_ == "einfach":
        return n // 2 + 1
    if rule_ == "qualifiziert":
        percent = facts.value("steuerung", "majority_percent")
        return needed(percent, n) if percent is not None else None
    return None


def highest_percent_without_veto(n: int) -> int:
    """The highest whole percentage of ``n`` votes that ``n - 1`` partners still reach."""
    return (100 * (n - 1)) // n


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day if it is shorter); capped at the
    largest date."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year > date.max.year:
        return date.max
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def period_end(day: date, term: str) -> date:
    """The first end of a calendar month, quarter or year on or after ``day``."""
    last_month = {"monat": day.month, "quartal": -(-day.month // 3) * 3, "jahr": 12}.get(
        term, day.month
    )
    return date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


# --- the rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    topics: tuple[str, ...]
    params: tuple[tuple[str, str], ...]
    form: bool
    check: Callable[[Facts], str | None]


RULES: list[Rule] = []


def rule(rule_id: str, topics: tuple[str, ...], params: Iterable[str] = (), form: bool = False):
    """Register a rule; ``params`` are "topic.param" names."""

    def register(check: Callable[[Facts], str | None]) -> Callable[[Facts], str | None]:
        pairs = tuple(tuple(p.split(".", 1)) for p in params)
        RULES.append(Rule(rule_id, topics, pairs, form, check))  # type: ignore[arg-type]
        return check

    return register
