"""States of a project sent in or taken over from project files

Revision ID: 0010
Revises: 0009
Create Date: 2027-04-01

"Projekt weitergeben" writes a project file; "Änderungen übernehmen" merges one back against the
common ancestor of both sides. The store remembers each state of a project it sent or took over
(``exchange_state``: the state's hash, its exchange form, when and which way), so that a later
file finds the newest state both sides know (`kooperation.store.exchange`). Nothing existing
changes; a store without rows here simply has no common state with any file yet.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_state",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_exchange_state_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_state")),
        sa.UniqueConstraint("project_id", "state_hash", name=op.f("uq_exchange_state_project_id")),
    )
    op.create_index(op.f("ix_exchange_state_project_id"), "exchange_state", ["project_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_exchange_state_project_id"), table_name="exchange_state")
    op.drop_table("exchange_state")
