"""Per-kind version numbers; comments that continue on a later version

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-12

Until now the agreement and the project sketch shared one version counter per project (contract
v1, sketch v2, contract v3). Each kind now counts on its own: ``kind_number`` is the number
people see ("Vertrag v2"), unique per project and kind; the old ``number`` stays as the order in
which the versions were made, across kinds. Existing versions get their per-kind number in that
order, and ``review_comment.carried_from`` (the version a comment was written on) is translated
to the per-kind number of that version.

``review_comment.source_id`` names the comment on the earlier version that a comment continues
(the earlier version keeps its own record; see `kooperation.store.comments.carry_forward`).

The table is not rebuilt: the store runs with foreign keys on, and dropping ``draft_version``
to rebuild it would delete its files and comments with it. The new uniqueness is an index.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "draft_version",
        sa.Column("kind_number", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("review_comment", sa.Column("source_id", sa.String(length=36), nullable=True))
    op.create_index("ix_review_comment_source_id", "review_comment", ["source_id"])
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT id, project_id, kind, number FROM draft_version ORDER BY project_id, number")
    ).all()
    counters: dict[tuple[str, str], int] = defaultdict(int)
    per_kind: dict[tuple[str, int], int] = {}  # (project, shared number) -> per-kind number
    for vid, project_id, kind, number in rows:
        counters[(project_id, kind)] += 1
        per_kind[(project_id, number)] = counters[(project_id, kind)]
        conn.execute(
            sa.text("UPDATE draft_version SET kind_number = :n WHERE id = :id"),
            {"n": counters[(project_id, kind)], "id": vid},
        )
    carried = conn.execute(
        sa.text(
            "SELECT id, project_id, carried_from FROM review_comment "
            "WHERE carried_from IS NOT NULL"
        )
    ).all()
    for cid, project_id, number in carried:
        conn.execute(
            sa.text("UPDATE review_comment SET carried_from = :n WHERE id = :id"),
            {"n": per_kind.get((project_id, number)), "id": cid},
        )
    op.create_index(
        "uq_draft_version_kind_number",
        "draft_version",
        ["project_id", "kind", "kind_number"],
        unique=True,
    )


def downgrade() -> None:
    conn = op.get_bind()
    shared = dict(
        conn.execute(
            sa.text(
                "SELECT v.project_id || ':' || v.kind || ':' || v.kind_number, v.number "
                "FROM draft_version v"
            )
        ).all()
    )
    carried = conn.execute(
        sa.text(
            "SELECT c.id, c.project_id, v.kind, c.carried_from FROM review_comment c "
            "JOIN draft_version v ON v.id = c.draft_version_id WHERE c.carried_from IS NOT NULL"
        )
    ).all()
    for cid, project_id, kind, number in carried:
        conn.execute(
            sa.text("UPDATE review_comment SET carried_from = :n WHERE id = :id"),
            {"n": shared.get(f"{project_id}:{kind}:{number}"), "id": cid},
        )
    op.drop_index("uq_draft_version_kind_number", table_name="draft_version")
    op.drop_index("ix_review_comment_source_id", table_name="review_comment")
    # SQLite's own DROP COLUMN (3.35+): a rebuild of draft_version would cascade to its children
    op.drop_column("review_comment", "source_id")
    op.drop_column("draft_version", "kind_number")
