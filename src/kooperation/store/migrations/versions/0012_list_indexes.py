"""Indexes that answer the project list by themselves

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

The start page lists every project with its partners' names and its open topics before the
store is opened (``kooperation.store.quick``). With 1,000 projects SQLite looked up 4,000
partner rows and 21,000 rule decisions one by one through the ``project_id`` indexes (10-16 ms
of a 160 ms start). These two indexes hold all the columns the list reads, in its order, so
each read is one pass over an index (2-3 ms each).
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_partner_list", "partner", ["project_id", "position", "name"])
    op.create_index("ix_rule_decision_open", "rule_decision", ["project_id", "status", "variant"])


def downgrade() -> None:
    op.drop_index("ix_rule_decision_open", table_name="rule_decision")
    op.drop_index("ix_partner_list", table_name="partner")
