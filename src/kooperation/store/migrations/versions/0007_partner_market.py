"""A partner's market (Markt/Branche)

Revision ID: 0007
Revises: 0006
Create Date: 2027-02-01

``partner.market`` holds the market a partner is active in: an entry of the WZ 2008 choice list
("28 – Maschinenbau") or the partner's own words, several separated by ";" (see
`kooperation.domain.markets`). The antitrust hint compares it instead of shared words in the
products. Existing partners get an empty market; the hints then suggest filling it in.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "partner",
        sa.Column("market", sa.String(length=500), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("partner") as batch:
        batch.drop_column("market")
