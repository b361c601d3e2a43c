"""Meeting checks and progress reviews

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21

The answers of the meeting checks (readiness, success factors, decision guide, board) on the
project row, and the reviews of goals and milestones over time.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project") as batch:
        batch.add_column(sa.Column("assessment", sa.JSON(), nullable=False, server_default="{}"))
    op.create_table(
        "progress_review",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entries", sa.JSON(), nullable=False),
        sa.Column("reflections", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_progress_review_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_review")),
    )
    op.create_index(op.f("ix_progress_review_project_id"), "progress_review", ["project_id"])


def downgrade() -> None:
    op.drop_table("progress_review")
    with op.batch_alter_table("project") as batch:
        batch.drop_column("assessment")
