"""Row versions

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

Every row a person edits carries a version that each UPDATE checks and increments (optimistic
concurrency: two windows, or the window and the command line, on one store). The project row's
version doubles as the project's change counter: every write to anything in a project increments
it, so a window notices with one cheap query that someone else changed the project.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = (
    "project",
    "partner",
    "goal",
    "milestone",
    "rule_decision",
    "progress_review",
    "review_comment",
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default="1")
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
