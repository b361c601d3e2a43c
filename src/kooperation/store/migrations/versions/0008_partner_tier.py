"""Partner tiers (full, associated, supporter)

Revision ID: 0008
Revises: 0007
Create Date: 2027-02-15

``partner.tier`` holds a partner's standing: ``voll`` (a party with a vote), ``assoziiert``
(a party without a vote, the strategic partner) or ``unterstuetzer`` (a supporter, not a party).
Existing partners are full partners, except those whose role said what a tier now says: the
roles ``strategic`` and ``supporter`` become the tiers ``assoziiert`` and ``unterstuetzer``
with the role ``partner`` (the same reading `kooperation.domain.model.Partner` gives them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "partner",
        sa.Column("tier", sa.String(length=20), nullable=False, server_default="voll"),
    )
    op.execute("UPDATE partner SET tier = 'assoziiert', role = 'partner' WHERE role = 'strategic'")
    op.execute("UPDATE partner SET tier = 'unterstuetzer', role = 'partner' WHERE role = 'supporter'")


def downgrade() -> None:
    op.execute("UPDATE partner SET role = 'strategic' WHERE tier = 'assoziiert' AND role = 'partner'")
    op.execute("UPDATE partner SET role = 'supporter' WHERE tier = 'unterstuetzer' AND role = 'partner'")
    with op.batch_alter_table("partner") as batch:
        batch.drop_column("tier")
