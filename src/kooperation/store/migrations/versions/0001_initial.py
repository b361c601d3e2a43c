"""Initial schema

Revision ID: 0001
Revises:
Create Date: 2025-01-01

The whole schema of the first release. The file is also stamped with SQLite's
application_id ("KOOP"), so other programs and Kooperation itself can recognise it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("form", sa.String(length=40), nullable=True),
        sa.Column("form_status", sa.String(length=20), nullable=False),
        sa.Column("place", sa.String(length=500), nullable=False),
        sa.Column("language", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("bm_value_proposition", sa.Text(), nullable=False),
        sa.Column("bm_customer_segments", sa.Text(), nullable=False),
        sa.Column("bm_key_partners", sa.Text(), nullable=False),
        sa.Column("bm_revenue_streams", sa.Text(), nullable=False),
        sa.Column("bm_costs_management", sa.Text(), nullable=False),
        sa.Column("bm_costs_development", sa.Text(), nullable=False),
        sa.Column("bm_costs_infrastructure", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
    )
    op.create_index(op.f("ix_project_updated_at"), "project", ["updated_at"])

    op.create_table(
        "draft_version",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("language", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("content_hash", sa.String(length=200), nullable=False),
        sa.Column("data_json", sa.Text(), nullable=False),
        sa.Column("template_version", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_draft_version_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_version")),
        sa.UniqueConstraint("project_id", "number", name=op.f("uq_draft_version_project_id")),
    )
    op.create_index(op.f("ix_draft_version_project_id"), "draft_version", ["project_id"])

    op.create_table(
        "milestone",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_milestone_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone")),
    )
    op.create_index(op.f("ix_milestone_project_id"), "milestone", ["project_id"])

    op.create_table(
        "partner",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("short_name", sa.String(length=500), nullable=False),
        sa.Column("legal_form", sa.String(length=500), nullable=False),
        sa.Column("street", sa.String(length=500), nullable=False),
        sa.Column("postcode", sa.String(length=20), nullable=False),
        sa.Column("city", sa.String(length=500), nullable=False),
        sa.Column("country", sa.String(length=500), nullable=False),
        sa.Column("representative", sa.String(length=500), nullable=False),
        sa.Column("contact_email", sa.String(length=500), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=False),
        sa.Column("size", sa.String(length=20), nullable=True),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("products", sa.Text(), nullable=False),
        sa.Column("need", sa.Text(), nullable=False),
        sa.Column("potentials", sa.Text(), nullable=False),
        sa.Column("contributions", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_partner_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
    )
    op.create_index(op.f("ix_partner_project_id"), "partner", ["project_id"])

    op.create_table(
        "rule_decision",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("variant", sa.String(length=100), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_rule_decision_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_decision")),
        sa.UniqueConstraint("project_id", "topic", name=op.f("uq_rule_decision_project_id")),
    )
    op.create_index(op.f("ix_rule_decision_project_id"), "rule_decision", ["project_id"])

    op.create_table(
        "draft_file",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("draft_version_id", sa.String(length=36), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_version_id"],
            ["draft_version.id"],
            name=op.f("fk_draft_file_draft_version_id_draft_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_file")),
        sa.UniqueConstraint(
            "draft_version_id", "format", name=op.f("uq_draft_file_draft_version_id")
        ),
    )
    op.create_index(op.f("ix_draft_file_draft_version_id"), "draft_file", ["draft_version_id"])

    op.create_table(
        "goal",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("horizon", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.String(length=36), nullable=True),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["partner.id"], name=op.f("fk_goal_owner_id_partner"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_goal_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
    )
    op.create_index(op.f("ix_goal_owner_id"), "goal", ["owner_id"])
    op.create_index(op.f("ix_goal_project_id"), "goal", ["project_id"])

    op.create_table(
        "milestone_dependency",
        sa.Column("milestone_id", sa.String(length=36), nullable=False),
        sa.Column("depends_on_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "milestone_id <> depends_on_id", name=op.f("ck_milestone_dependency_not_self")
        ),
        sa.ForeignKeyConstraint(
            ["depends_on_id"],
            ["milestone.id"],
            name=op.f("fk_milestone_dependency_depends_on_id_milestone"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestone.id"],
            name=op.f("fk_milestone_dependency_milestone_id_milestone"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "milestone_id", "depends_on_id", name=op.f("pk_milestone_dependency")
        ),
    )
    op.create_index(
        op.f("ix_milestone_dependency_depends_on_id"), "milestone_dependency", ["depends_on_id"]
    )

    op.create_table(
        "milestone_responsible",
        sa.Column("milestone_id", sa.String(length=36), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestone.id"],
            name=op.f("fk_milestone_responsible_milestone_id_milestone"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner.id"],
            name=op.f("fk_milestone_responsible_partner_id_partner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "milestone_id", "partner_id", name=op.f("pk_milestone_responsible")
        ),
    )
    op.create_index(
        op.f("ix_milestone_responsible_partner_id"), "milestone_responsible", ["partner_id"]
    )

    if op.get_bind().dialect.name == "sqlite":
        # "KOOP": marks the file as a Kooperation database (kooperation.store.db.APPLICATION_ID)
        op.execute("PRAGMA application_id = 1263488848")


def downgrade() -> None:
    op.drop_table("milestone_responsible")
    op.drop_table("milestone_dependency")
    op.drop_table("goal")
    op.drop_table("draft_file")
    op.drop_table("rule_decision")
    op.drop_table("partner")
    op.drop_table("milestone")
    op.drop_table("draft_version")
    op.drop_table("project")
