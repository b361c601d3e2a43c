"""The entities of a cooperation project, as plain Python objects.

Everything the store keeps, the JSON exchange format carries and the templates render is
described here once. The objects know nothing of SQLAlchemy or Qt; the store maps them to tables
and back (`kooperation.store.repository`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from kooperation.domain.meeting import Assessment, ProgressReview
from kooperation.domain.wording import Wording


def new_id() -> str:
    """A stable identifier for a new entity (merging and annotations rely on it)."""
    return str(uuid.uuid4())


class Sector(StrEnum):
    """The societal sector a partner belongs to (seed 003: intersectoral cooperation)."""

    WIRTSCHAFT = "wirtschaft"
    STAAT = "staat"
    ZIVILGESELLSCHAFT = "zivilgesellschaft"
    WISSENSCHAFT = "wissenschaft"


class OrgSize(StrEnum):
    """Size class of an organisation (EU SME definition for companies)."""

    KLEINST = "kleinst"
    KLEIN = "klein"
    MITTEL = "mittel"
    GROSS = "gross"


class PartnerRole(StrEnum):
    LEAD = "lead"
    PARTNER = "partner"
    STRATEGIC = "strategic"  # before partner tiers; read as tier ASSOZIIERT (see Partner)
    SUPPORTER = "supporter"  # before partner tiers; read as tier UNTERSTUETZER


class PartnerTier(StrEnum):
    """A partner's standing in the cooperation and the rights that go with it.

    - VOLL: a party to the agreement with a vote; counts for quorum and majorities, can
      coordinate, signs.
    - ASSOZIIERT: an associated (strategic) partner: a party that signs and is bound, but has no
      vote, does not count for quorum or majorities and is not in the coordination rotation.
    - UNTERSTUETZER: a supporter: not a party, does not sign; named in the annex of partners.
    """

    VOLL = "voll"
    ASSOZIIERT = "assoziiert"
    UNTERSTUETZER = "unterstuetzer"


_LEGACY_ROLE_TIERS = {"strategic": PartnerTier.ASSOZIIERT, "supporter": PartnerTier.UNTERSTUETZER}


class Horizon(StrEnum):
    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class MilestoneStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DELAYED = "delayed"
    CANCELLED = "cancelled"


class DecisionStatus(StrEnum):
    """Whether a rule topic is settled ("Diese Vereinbarungen treffen wir") or still to be
    discussed ("Darüber müssen wir uns verständigen")."""

    AGREED = "agreed"
    OPEN = "open"


class CooperationForm(StrEnum):
    """From a loose network without contract to a joint company."""

    NETZWERK = "netzwerk"
    VERTRAG = "vertrag"
    KONSORTIUM = "konsortium"
    VEREIN = "verein"
    GESELLSCHAFT = "gesellschaft"


@dataclass
class Partner:
    """A partner's profile card (Steckbrief)."""

    name: str
    id: str = field(default_factory=new_id)
    short_name: str = ""
    legal_form: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "Deutschland"
    representative: str = ""
    contact_email: str = ""
    sector: Sector = Sector.WIRTSCHAFT
    market: str = ""  # Markt/Branche: WZ 2008 entries or free text, ";"-separated (domain.markets)
    size: OrgSize | None = None
    employees: int | None = None
    products: str = ""
    need: str = ""
    potentials: str = ""
    contributions: str = ""
    role: PartnerRole = PartnerRole.PARTNER
    tier: PartnerTier = PartnerTier.VOLL

    def __post_init__(self) -> None:
        # the roles "strategic" and "supporter" of files and stores from before partner tiers
        # meant what the tiers now say: read them as the tier, the role as plain partner
        legacy = _LEGACY_ROLE_TIERS.get(str(self.role))
        if legacy is not None:
            self.role = PartnerRole.PARTNER
            if self.tier == PartnerTier.VOLL:
                self.tier = legacy

    @property
    def is_party(self) -> bool:
        """A party to the agreement: named in the rubrum, signs (full and associated partners)."""
        return self.tier != PartnerTier.UNTERSTUETZER

    @property
    def votes(self) -> bool:
        """Has a vote and counts for quorum, majorities and the coordination rotation."""
        return self.tier == PartnerTier.VOLL

    @property
    def display_name(self) -> str:
        """The short name used in the running text of a contract, or the full name."""
        return self.short_name.strip() or self.name.strip()

    @property
    def address(self) -> str:
        parts = [self.street.strip(), " ".join(p for p in (self.postcode.strip(), self.city.strip()) if p)]
        if self.country.strip() and self.country.strip() not in ("Deutschland", "Germany", "DE"):
            parts.append(self.country.strip())
        return ", ".join(p for p in parts if p)


@dataclass
class BusinessModel:
    """The reduced cooperative business model canvas (seed 000, phase 2)."""

    value_proposition: str = ""
    customer_segments: str = ""
    key_partners: str = ""
    revenue_streams: str = ""
    costs_management: str = ""
    costs_development: str = ""
    costs_infrastructure: str = ""

    def is_empty(self) -> bool:
        return not any(str(v).strip() for v in vars(self).values())


@dataclass
class Goal:
    text: str
    id: str = field(default_factory=new_id)
    horizon: Horizon = Horizon.MEDIUM
    priority: Priority = Priority.MEDIUM
    owner_id: str | None = None
    indicator: str = ""


@dataclass
class Milestone:
    title: str
    id: str = field(default_factory=new_id)
    description: str = ""
    start: date | None = None
    end: date | None = None
    responsible_ids: list[str] = field(default_factory=list)
    depends_on_ids: list[str] = field(default_factory=list)
    status: MilestoneStatus = MilestoneStatus.PLANNED


@dataclass
class RuleDecision:
    """What the partners decided (or still have to decide) on one rule topic."""

    topic: str
    id: str = field(default_factory=new_id)
    variant: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    status: DecisionStatus = DecisionStatus.OPEN
    note: str = ""

    @property
    def is_open(self) -> bool:
        return self.status is DecisionStatus.OPEN or self.variant is None


@dataclass
class Project:
    """A whole cooperation: partners, business model, goals, roadmap and rules."""

    name: str
    id: str = field(default_factory=new_id)
    description: str = ""
    form: CooperationForm | None = None
    form_status: DecisionStatus = DecisionStatus.OPEN
    place: str = ""
    language: str = "de"
    created_at: datetime | None = None
    updated_at: datetime | None = None
    partners: list[Partner] = field(default_factory=list)
    business_model: BusinessModel = field(default_factory=BusinessModel)
    goals: list[Goal] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    decisions: dict[str, RuleDecision] = field(default_factory=dict)
    assessment: Assessment = field(default_factory=Assessment)  # answers of the meeting checks
    reviews: list[ProgressReview] = field(default_factory=list)  # goal/milestone reviews, by date
    wordings: dict[str, Wording] = field(default_factory=dict)  # clause id -> agreed wording

    def partner(self, partner_id: str | None) -> Partner | None:
        return next((p for p in self.partners if p.id == partner_id), None)

    def milestone(self, milestone_id: str | None) -> Milestone | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)

    def decision(self, topic: str) -> RuleDecision:
        """The decision on a topic; an open, empty one if nothing was recorded yet."""
        found = self.decisions.get(topic)
        return found if found is not None else RuleDecision(topic=topic)

    @property
    def parties(self) -> list[Partner]:
        """The partners who are parties to the agreement (full and associated), in order."""
        return [p for p in self.partners if p.is_party]

    @property
    def voting(self) -> list[Partner]:
        """The full partners: they vote, count for quorum and take turns coordinating."""
        return [p for p in self.partners if p.votes]

    @property
    def lead_partner(self) -> Partner | None:
        return next((p for p in self.partners if p.role is PartnerRole.LEAD), None)
