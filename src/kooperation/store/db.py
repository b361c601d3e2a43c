"""Opening a database: checks first, then the engine, then the migrations.

A file is examined read-only before anything is written to it. A file that is not SQLite, a
SQLite database of another program, or one made by a newer Kooperation is refused with a
`StoreError` and left byte for byte as it was. Only then is the real engine created (foreign keys
on, WAL journal, ``synchronous=FULL``, a busy timeout) and the schema brought to the newest
Alembic revision, in one transaction.

Why ``synchronous=FULL``: edits are stored one by one at human pace, so an fsync per commit costs
nothing noticeable, and a laptop whose battery dies in a workshop must not lose what the screen
showed as saved (with WAL, ``NORMAL`` survives a crashed app but may lose the last commits on a
power cut).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool, StaticPool

from kooperation.errors import StoreError
from kooperation.i18n import _
from kooperation.store.quick import APPLICATION_ID, SCHEMA_HEAD, SQLITE_HEADER

BUSY_TIMEOUT_MS = 5000
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
OUR_TABLES = frozenset(
    {"project", "partner", "goal", "milestone", "rule_decision", "draft_version", "draft_file"}
)
IMMEDIATE = "kooperation_immediate"  # execution option: start write transactions at once
WAIT_MS = "kooperation_wait_ms"  # execution option: how long to wait for a lock (busy timeout)


# --- Alembic ----------------------------------------------------------------------------------



def _stored_revision(conn: Connection) -> str | None:
    """The revision recorded in the database, by plain SQL (None for a new database)."""
    if not conn.execute(text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")).first():
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config() -> Any:
    """An Alembic configuration for our migrations, without any ini file."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return cfg


def _script() -> Any:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest schema revision this version of the code knows."""
    return _script().get_current_head()


def known_revisions() -> set[str]:
    return {s.revision for s in _script().walk_revisions()}


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, where: str) -> str:
    """Bring the schema to the head revision in one transaction; returns the revision."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            if _stored_revision(conn) == SCHEMA_HEAD:
                return SCHEMA_HEAD  # up to date: no need to load Alembic
    from alembic import command

    head = head_revision()
    with engine.execution_options(**{IMMEDIATE: True}).begin() as conn:
        current = current_revision(conn)
        if current == head:
            return head
        if current is not None and current not in known_revisions():
            raise _newer_error(where, current)
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return head


# --- where the database is ------------------------------------------------------------------


def to_url(path_or_url: str | Path) -> tuple[URL, Path | None]:
    """The SQLAlchemy URL for a path or URL, and the file path if it is a SQLite file."""
    raw = str(path_or_url)
    if "://" in raw:
        try:
            url = make_url(raw)
        except SQLAlchemyError as exc:
            raise StoreError(
                _("{url} ist keine gültige Datenbank-Adresse.").format(url=raw)
            ) from exc
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            if url.database.startswith("file:"):
                return url, None
            path = Path(url.database).expanduser().absolute()
            return url.set(database=str(path)), path
        return url, None
    path = Path(raw).expanduser().absolute()
    return URL.create("sqlite", database=str(path)), path


def _probe_writable(folder: Path) -> bool:
    """Whether a file can really be created in ``folder`` (also right for root and ACLs)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".kooperation-probe-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.unlink(name)
    return True


def check_file(path: Path) -> None:
    """Refuse a path we must not or cannot use; never writes to an existing file."""
    folder = path.parent
    if path.is_dir():
        raise StoreError(_("{path} ist ein Ordner, keine Datenbankdatei.").format(path=path))
    if not folder.is_dir():
        raise StoreError(
            _("Der Ordner {folder} existiert nicht. Bitte einen vorhandenen Ordner wählen.").format(
                folder=folder
            )
        )
    if path.exists():
        try:
            with path.open("rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise StoreError(
                _("Die Datei {path} kann nicht gelesen werden ({reason}).").format(
                    path=path, reason=exc.strerror or exc
                )
            ) from exc
        if head and head != SQLITE_HEADER:
            raise StoreError(
                _("Die Datei {path} ist keine Kooperation-Datenbank (keine SQLite-Datei).").format(
                    path=path
                )
            )
        if head:
            _check_existing_readonly(path)
    if not _probe_writable(folder):
        raise StoreError(
            _(
                "In den Ordner {folder} kann nicht geschrieben werden. Bitte einen Ordner wählen, "
                "in dem Sie Schreibrechte haben."
            ).format(folder=folder)
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreError(_("Die Datei {path} ist schreibgeschützt.").format(path=path))


def _check_existing_readonly(path: Path) -> None:
    uri = path.as_uri() + "?mode=ro"
    engine = create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), poolclass=NullPool
    )
    try:
        with engine.connect() as conn:
            app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
            if app_id not in (0, APPLICATION_ID):
                raise _foreign_error(str(path))
            check_contents(conn, str(path))
    except SQLAlchemyError as exc:
        raise StoreError(
            _(
                "Die Datei {path} ist beschädigt oder keine Kooperation-Datenbank ({reason})."
            ).format(path=path, reason=getattr(exc, "orig", exc))
        ) from exc
    finally:
        engine.dispose()


def check_contents(conn: Connection, where: str) -> None:
    """Accept an empty database or one of ours that this version can read."""
    tables = set(inspect(conn).get_table_names())
    if not tables:
        return
    if "alembic_version" not in tables or not tables >= OUR_TABLES:
        raise _foreign_error(where)
    revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision != SCHEMA_HEAD and revision not in known_revisions():
        raise _newer_error(where, revision)


def _foreign_error(where: str) -> StoreError:
    return StoreError(
        _(
            "Die Datei {path} ist keine Kooperation-Datenbank (sie gehört zu einem anderen "
            "Programm). Sie wurde nicht verändert."
        ).format(path=where)
    )


def _newer_error(where: str, revision: Any) -> StoreError:
    return StoreError(
        _(
            "Die Datenbank {path} wurde mit einer neueren Version von Kooperation angelegt "
            "(Schema {revision}). Bitte Kooperation aktualisieren; die Datei wurde nicht verändert."
        ).format(path=where, revision=revision)
    )


# --- the engine -----------------------------------------------------------------------------


def create_store_engine(url: URL) -> Engine:
    """The engine the store works with; for SQLite every connection gets our pragmas."""
    if url.get_backend_name() != "sqlite":
        return create_engine(url)
    memory = url.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if memory:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # transactions are begun explicitly (below), so pragmas run outside of one
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA foreign_keys = ON")
            if not memory:
                cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        # the window waits only briefly for a lock held by another program (it retries later
        # without blocking the screen); the command line and workers wait the usual time
        wait = int(options.get(WAIT_MS, BUSY_TIMEOUT_MS))
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {wait}")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(IMMEDIATE) else "BEGIN")

    return engine
