"""The language of an agreed clause wording

Revision ID: 0011
Revises: 0010
Create Date: 2027-04-08

A wording adopted from a suggestion on an English draft is English: a German draft must not print
it (nor an English draft a German one). ``clause_wording.language`` records the document language
of each wording; the wordings stored before were all made for German drafts, so they are "de".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clause_wording") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=False, server_default="de"))


def downgrade() -> None:
    with op.batch_alter_table("clause_wording") as batch:
        batch.drop_column("language")
