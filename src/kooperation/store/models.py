"""The tables of the store, as SQLAlchemy ORM classes.

These classes stay inside the store: the repository turns them into the dataclasses of
`kooperation.domain.model` before anything leaves a transaction. Enum values are stored as their
plain strings (no CHECK constraints, so a later version can add values with a simple migration),
timestamps as UTC. Any change here needs a new Alembic revision in ``migrations/versions``; a test
compares the two.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from kooperation.store.quick import OPEN_DECISION

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(36)


class UTCDateTime(TypeDecorator):
    """A timestamp stored as naive UTC and read back as an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            return value
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Versioned:
    """A row whose every UPDATE checks and increments ``version`` (optimistic concurrency):
    SQLAlchemy adds ``WHERE version = <read>`` and raises ``StaleDataError`` if another
    transaction changed the row in between. On the project row the version is also the project's
    change counter (see `Store.project_revision`)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy API
        args: dict[str, Any] = {"version_id_col": cls.__table__.c.version}
        generator = getattr(cls, "version_generator", None)
        if generator is not None:
            args["version_id_generator"] = generator
        return args


def _next_project_revision(current: int | None) -> int:
    """A new project row starts at a random revision, so that a project deleted and stored
    again (an import that replaces it) never repeats a revision an open window knows."""
    return secrets.randbelow(2**30) + 1 if current is None else current + 1


class ProjectRow(Versioned, Base):
    __tablename__ = "project"
    version_generator = staticmethod(_next_project_revision)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    form: Mapped[str | None] = mapped_column(String(40))
    form_status: Mapped[str] = mapped_column(String(20), default="open")
    place: Mapped[str] = mapped_column(String(500), default="")
    language: Mapped[str] = mapped_column(String(20), default="de")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # the business model canvas (1:1, so kept on the project row)
    bm_value_proposition: Mapped[str] = mapped_column(Text, default="")
    bm_customer_segments: Mapped[str] = mapped_column(Text, default="")
    bm_key_partners: Mapped[str] = mapped_column(Text, default="")
    bm_revenue_streams: Mapped[str] = mapped_column(Text, default="")
    bm_costs_management: Mapped[str] = mapped_column(Text, default="")
    bm_costs_development: Mapped[str] = mapped_column(Text, default="")
    bm_costs_infrastructure: Mapped[str] = mapped_column(Text, default="")
    # the answers of the meeting checks (kooperation.domain.meeting.Assessment), as exchanged
    assessment: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# the project list reads its projects, newest first, from this index alone (migration 0013)
Index("ix_project_list", ProjectRow.updated_at.desc(), ProjectRow.name, ProjectRow.id)


def _project_fk() -> Any:
    return mapped_column(ID, ForeignKey("project.id", ondelete="CASCADE"), index=True)


class PartnerRow(Versioned, Base):
    __tablename__ = "partner"
    # the project list reads the names in order from this index alone (migration 0012)
    __table_args__ = (Index("ix_partner_list", "project_id", "position", "name"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    project_id: Mapped[str] = _project_fk()
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(500), default="")
    short_name: Mapped[str] = mapped_column(String(500), default="")
    legal_form: Mapped[str] = mapped_column(String(500), default="")
    street: Mapped[str] = mapped_column(String(500), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(500), default="")
    country: Mapped[str] = mapped_column(String(500), default="")
    representative: Mapped[str] = mapped_column(String(500), default="")
    contact_email: Mapped[str] = mapped_column(String(500), default="")
    sector: Mapped[str] = mapped_column(String(40))
    market: Mapped[str] = mapped_column(String(500), default="")
    size: Mapped[str | None] = mapped_column(String(20))
    employees: Mapped[int | None] = mapped_column(Integer)
    products: Mapped[str] = mapped_column(Text, default="")
    need: Mapped[str] = mapped_column(Text, default="")
    potentials: Mapped[str] = mapped_column(Text, default="")
    contributions: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(20))
    tier: Mapped[str] = mapped_column(String(20), default="voll")


class GoalRow(Versioned, Base):
    __tablename__ = "goal"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    project_id: Mapped[str] = _project_fk()
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    horizon: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("partner.id", ondelete="SET NULL"), index=True
    )
    indicator: Mapped[str] = mapped_column(Text, default="")


class MilestoneRow(Versioned, Base):
    __tablename__ = "milestone"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    project_id: Mapped[str] = _project_fk()
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[date | None] = mapped_column("start_date", Date)
    end: Mapped[date | None] = mapped_column("end_date", Date)
    status: Mapped[str] = mapped_column(String(20))


class MilestoneResponsibleRow(Base):
    """Which partners are responsible for a milestone, in the order they were named."""

    __tablename__ = "milestone_responsible"

    milestone_id: Mapped[str] = mapped_column(
        ID, ForeignKey("milestone.id", ondelete="CASCADE"), primary_key=True
    )
    partner_id: Mapped[str] = mapped_column(
        ID, ForeignKey("partner.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class MilestoneDependencyRow(Base):
    """``milestone_id`` can start only after ``depends_on_id``."""

    __tablename__ = "milestone_dependency"
    __table_args__ = (CheckConstraint("milestone_id <> depends_on_id", name="not_self"),)

    milestone_id: Mapped[str] = mapped_column(
        ID, ForeignKey("milestone.id", ondelete="CASCADE"), primary_key=True
    )
    depends_on_id: Mapped[str] = mapped_column(
        ID, ForeignKey("milestone.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class RuleDecisionRow(Versioned, Base):
    __tablename__ = "rule_decision"
    __table_args__ = (
        UniqueConstraint("project_id", "topic"),
        # the project list counts the open topics from this index of the open ones alone
        # (migrations 0012, 0013); `OPEN_DECISION` is its condition. Migration 0013 gives a
        # server's index the same condition; a `postgresql_where` here would make SQLAlchemy
        # import its PostgreSQL dialect into every start (20 ms, 2 MiB), and no comparison of
        # the models with a database reads an index's condition
        Index(
            "ix_rule_decision_open",
            "project_id",
            "status",
            "variant",
            sqlite_where=sql_text(OPEN_DECISION),
        ),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    project_id: Mapped[str] = _project_fk()
    topic: Mapped[str] = mapped_column(String(100))
    variant: Mapped[str | None] = mapped_column(String(100))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")


class DraftVersionRow(Base):
    """A stored version. ``number`` is the number people see, counted per kind ("Vertrag v2");
    ``seq`` the order in which the project's versions were made, across kinds (its column keeps
    the name ``number`` from when both kinds shared one counter; see migration 0006)."""

    __tablename__ = "draft_version"
    __table_args__ = (
        UniqueConstraint("project_id", "number"),
        Index("uq_draft_version_kind_number", "project_id", "kind", "kind_number", unique=True),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    project_id: Mapped[str] = _project_fk()
    seq: Mapped[int] = mapped_column("number", Integer)
    number: Mapped[int] = mapped_column("kind_number", Integer, server_default="0")
    kind: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    content_hash: Mapped[str] = mapped_column(String(200), default="")
    data_json: Mapped[str] = mapped_column(Text)
    template_version: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class DraftFileRow(Base):
    __tablename__ = "draft_file"
    __table_args__ = (UniqueConstraint("draft_version_id", "format"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    draft_version_id: Mapped[str] = mapped_column(
        ID, ForeignKey("draft_version.id", ondelete="CASCADE"), index=True
    )
    format: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    # the bytes are the file's parts, in order (`kooperation.store.blobs`)


class BlobRow(Base):
    """A part of one or more draft files, stored once under the SHA-256 of its bytes; ``data``
    is those bytes as ``codec`` says (``zlib``: compressed, ``raw``: as they are)."""

    __tablename__ = "blob"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    codec: Mapped[str] = mapped_column(String(10))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class DraftFilePartRow(Base):
    """The ``position``-th part of a draft file. A blob in use cannot be deleted (foreign key)."""

    __tablename__ = "draft_file_part"
    __table_args__ = {"sqlite_with_rowid": False}

    file_id: Mapped[str] = mapped_column(
        ID, ForeignKey("draft_file.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    blob_id: Mapped[int] = mapped_column(Integer, ForeignKey("blob.id"), index=True)


class ExchangeStateRow(Base):
    """A state of a project this store sent in a project file or took over from one
    ("Projekt weitergeben", "Änderungen übernehmen"): the candidates for the common ancestor of
    a later merge (`kooperation.store.exchange`). ``snapshot`` is the project's exchange form."""

    __tablename__ = "exchange_state"
    __table_args__ = (UniqueConstraint("project_id", "state_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[str] = _project_fk()
    state_hash: Mapped[str] = mapped_column(String(64))
    direction: Mapped[str] = mapped_column(String(10))  # sent, received
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    snapshot: Mapped[str] = mapped_column(Text)


class ReviewCommentRow(Versioned, Base):
    """A comment on a clause of a draft version (`kooperation.review.model.Comment`)."""

    __tablename__ = "review_comment"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    project_id: Mapped[str] = _project_fk()
    draft_version_id: Mapped[str] = mapped_column(
        ID, ForeignKey("draft_version.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("review_comment.id", ondelete="CASCADE"), index=True
    )
    clause_id: Mapped[str] = mapped_column(String(100))
    author: Mapped[str] = mapped_column(String(200))
    initials: Mapped[str] = mapped_column(String(20), default="")
    role: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    proposed_text: Mapped[str] = mapped_column(Text, default="")
    original_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    origin: Mapped[str] = mapped_column(String(20))
    origin_key: Mapped[str] = mapped_column(String(200), default="", index=True)
    needs_recheck: Mapped[bool] = mapped_column(Boolean, default=False)
    carried_from: Mapped[int | None] = mapped_column(Integer)
    # the comment on the earlier version this one continues (no foreign key: see migration 0006)
    source_id: Mapped[str | None] = mapped_column(ID, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ProgressReviewRow(Versioned, Base):
    """A review of goals and milestones on a day (`kooperation.domain.meeting.ProgressReview`);
    entries and reflection answers are kept as their exchange-format JSON."""

    __tablename__ = "progress_review"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    project_id: Mapped[str] = _project_fk()
    day: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    entries: Mapped[list[Any]] = mapped_column(JSON, default=list)
    reflections: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ClauseWordingRow(Versioned, Base):
    """An individually agreed wording of one clause (`kooperation.domain.wording.Wording`);
    its paragraphs are kept as their exchange-format JSON."""

    __tablename__ = "clause_wording"
    __table_args__ = (UniqueConstraint("project_id", "clause_id"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    project_id: Mapped[str] = _project_fk()
    clause_id: Mapped[str] = mapped_column(String(100))
    paragraphs: Mapped[list[Any]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(20), default="typed")
    comment_id: Mapped[str | None] = mapped_column(ID)
    author: Mapped[str] = mapped_column(String(200), default="")
    adopted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    template_hash: Mapped[str] = mapped_column(String(100), default="")
    language: Mapped[str] = mapped_column(String(8), default="de", server_default="de")
