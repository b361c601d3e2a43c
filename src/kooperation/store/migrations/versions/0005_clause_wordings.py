"""Clause wordings

Revision ID: 0005
Revises: 0004
Create Date: 2027-01-15

A lawyer's wording suggestion adopted for a project, or a clause edited in the window: one row
per clause, with where it came from and a fingerprint of the library text it replaced. The row
carries a version like every row a person edits.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clause_wording",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("project_id", sa.String(36), nullable=False),
        sa.Column("clause_id", sa.String(100), nullable=False),
        sa.Column("paragraphs", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("comment_id", sa.String(36), nullable=True),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("adopted_at", sa.DateTime(), nullable=True),
        sa.Column("template_hash", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], ondelete="CASCADE",
            name=op.f("fk_clause_wording_project_id_project"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clause_wording")),
        sa.UniqueConstraint("project_id", "clause_id", name=op.f("uq_clause_wording_project_id")),
    )
    op.create_index(op.f("ix_clause_wording_project_id"), "clause_wording", ["project_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_clause_wording_project_id"), table_name="clause_wording")
    op.drop_table("clause_wording")
