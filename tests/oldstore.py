"""A store as an older Kooperation left it, for the tests of migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kooperation.store import db


def migrate(path: Path, revision: str, *, down: bool = False) -> None:
    """Bring the store file ``path`` (created if missing) up, or with ``down`` back, to schema
    ``revision``, with Alembic directly: no copy, no checks, as an older Kooperation did."""
    from alembic import command

    engine = db.create_store_engine(db.to_url(path)[0])
    with engine.begin() as conn:
        cfg = db.alembic_config()
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, revision)
    engine.dispose()


def old_store(path: Path, revision: str = "0002") -> Path:
    """A store as an older Kooperation left it: schema ``revision`` with one project."""
    migrate(path, revision)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO project (id, name, description, form_status, place, language, created_at, "
            "updated_at, bm_value_proposition, bm_customer_segments, bm_key_partners, "
            "bm_revenue_streams, bm_costs_management, bm_costs_development, "
            "bm_costs_infrastructure) VALUES ('11111111-1111-4111-8111-111111111111', 'Alt', '', "
            "'open', '', 'de', '2025-01-01 10:00:00', '2025-01-01 10:00:00', '', '', '', '', '', '', '')"
        )
    conn.close()
    return path
