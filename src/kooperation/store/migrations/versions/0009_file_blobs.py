"""Draft files stored as shared, compressed parts

Revision ID: 0009
Revises: 0008
Create Date: 2027-03-01

Until now every draft version kept its whole DOCX and PDF in ``draft_file.content``, although
most of their bytes (fonts, logo, styles, most PDF objects) are the same in every version. Now a
file is a list of parts (``draft_file_part``), each part a ``blob`` stored once under the SHA-256
of its bytes and compressed (see `kooperation.store.blobs`). Each file's bytes are the same as
before: this revision cuts every stored file into parts, checks that they join to the stored
bytes, and drops the ``content`` column. ``sha256`` and ``size`` are set from the stored bytes
(a few very old rows had them empty).

Cutting uses `kooperation.store.blobs.split`: where it cuts decides only how much is shared,
never what is read back, so a later change to it cannot make this revision store other bytes.
Like every migration this runs in one transaction after a copy of the store was made
(`kooperation.store.db.backup_before_migration`); the space the old column took is given back
afterwards (`kooperation.store.db.migrate` runs VACUUM when much of the file is free).
"""

from __future__ import annotations

import hashlib
import zlib

import sqlalchemy as sa
from alembic import op

from kooperation.store.blobs import split

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blob",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("codec", sa.String(length=10), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blob")),
        sa.UniqueConstraint("sha256", name=op.f("uq_blob_sha256")),
    )
    op.create_table(
        "draft_file_part",
        sa.Column("file_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("blob_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["blob_id"], ["blob.id"], name=op.f("fk_draft_file_part_blob_id_blob")
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["draft_file.id"],
            name=op.f("fk_draft_file_part_file_id_draft_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("file_id", "position", name=op.f("pk_draft_file_part")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_draft_file_part_blob_id"), "draft_file_part", ["blob_id"])
    conn = op.get_bind()
    ids = conn.execute(sa.text(f"SELECT id FROM draft_file ORDER BY {_stored_order(conn)}")).scalars().all()
    blob_ids: dict[str, int] = {}
    for file_id in ids:  # one file in memory at a time
        content = bytes(
            conn.execute(sa.text("SELECT content FROM draft_file WHERE id = :id"), {"id": file_id}).scalar_one()
        )
        parts = split(content)
        if b"".join(parts) != content:  # cannot happen; never drop bytes on a bug
            raise RuntimeError(f"draft file {file_id}: its parts do not give its bytes")
        for position, part in enumerate(parts):
            digest = hashlib.sha256(part).hexdigest()
            if digest not in blob_ids:
                packed = zlib.compress(part, 6)  # as `kooperation.store.blobs` packs a blob
                codec, data = ("zlib", packed) if len(packed) < len(part) * 0.9 else ("raw", part)
                blob_ids[digest] = conn.execute(
                    sa.text(
                        "INSERT INTO blob (sha256, size, codec, data) VALUES (:h, :n, :c, :d) RETURNING id"
                    ),
                    {"h": digest, "n": len(part), "c": codec, "d": data},
                ).scalar_one()
            conn.execute(
                sa.text("INSERT INTO draft_file_part (file_id, position, blob_id) VALUES (:f, :p, :b)"),
                {"f": file_id, "p": position, "b": blob_ids[digest]},
            )
        conn.execute(
            sa.text("UPDATE draft_file SET sha256 = :h, size = :n WHERE id = :id"),
            {"h": hashlib.sha256(content).hexdigest(), "n": len(content), "id": file_id},
        )
    # SQLite's own DROP COLUMN (3.35+): a rebuild of draft_file would cascade to its parts
    op.drop_column("draft_file", "content")


def _stored_order(conn: sa.Connection) -> str:
    """SQLite: the order the files were stored in; a server (PostgreSQL) has no rowid."""
    return "rowid" if conn.dialect.name == "sqlite" else "id"


def downgrade() -> None:
    empty = "X''" if op.get_bind().dialect.name == "sqlite" else "''"  # PostgreSQL: bytea
    op.add_column(
        "draft_file",
        sa.Column("content", sa.LargeBinary(), nullable=False, server_default=sa.text(empty)),
    )
    conn = op.get_bind()
    ids = conn.execute(sa.text(f"SELECT id FROM draft_file ORDER BY {_stored_order(conn)}")).scalars().all()
    for file_id in ids:
        rows = conn.execute(
            sa.text(
                "SELECT b.codec, b.data FROM draft_file_part p JOIN blob b ON b.id = p.blob_id "
                "WHERE p.file_id = :id ORDER BY p.position"
            ),
            {"id": file_id},
        ).all()
        content = b"".join(zlib.decompress(d) if c == "zlib" else bytes(d) for c, d in rows)
        conn.execute(
            sa.text("UPDATE draft_file SET content = :c WHERE id = :id"), {"c": content, "id": file_id}
        )
    op.drop_index(op.f("ix_draft_file_part_blob_id"), table_name="draft_file_part")
    op.drop_table("draft_file_part")
    op.drop_table("blob")
