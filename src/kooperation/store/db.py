"""Opening a database: checks first, then the engine, then the migrations.

A file is examined read-only before anything is written to it. A file that is not SQLite, a
SQLite database of another program, or one made by a newer Kooperation is refused with a
`StoreError` and left byte for byte as it was. Only then is the real engine created (foreign keys
on, WAL journal, ``synchronous=FULL``, a busy timeout) and the schema brought to the newest
Alembic revision, in one transaction -- after a copy of an existing store has been made next to
it (`backup_before_migration`, the newest three are kept).

A store that may only be read (its file or its folder is not writable) is opened read-only:
reading works, SQLite refuses every write, and the `Store` says why before it tries. A store
locked by another program is reported as such, not as damaged.

Why ``synchronous=FULL``: edits are stored one by one at human pace, so an fsync per commit costs
nothing noticeable, and a laptop whose battery dies in a workshop must not lose what the screen
showed as saved (with WAL, ``NORMAL`` survives a crashed app but may lose the last commits on a
power cut).
"""

from __future__ import annotations

import glob
import logging
import os
import re
import sqlite3
import stat
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool, StaticPool

from kooperation.errors import StoreError
from kooperation.i18n import _
from kooperation.store import server
from kooperation.store.quick import APPLICATION_ID, SCHEMA_HEAD, SQLITE_HEADER

BUSY_TIMEOUT_MS = 5000
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
OUR_TABLES = frozenset(
    {"project", "partner", "goal", "milestone", "rule_decision", "draft_version", "draft_file"}
)
IMMEDIATE = "kooperation_immediate"  # execution option: start write transactions at once
WAIT_MS = "kooperation_wait_ms"  # execution option: how long to wait for a lock (busy timeout)

log = logging.getLogger(__name__)


# --- Alembic ----------------------------------------------------------------------------------



def _stored_revision(conn: Connection) -> str | None:
    """The revision recorded in the database, by plain SQL (None for a new database)."""
    if conn.dialect.name == "sqlite":
        found = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
    else:
        found = inspect(conn).has_table("alembic_version")
    if not found:
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


@dataclass(frozen=True)
class Migration:
    """What `migrate` did: the revision the schema is at now, and the copy it made before."""

    revision: str
    backup: Path | None = None

    @property
    def notice(self) -> str | None:
        """The sentence to show the user, if there is something to say."""
        if self.backup is None:
            return None
        return _(
            "Vor der Aktualisierung der Datenbank wurde eine Sicherung angelegt: {path}"
        ).format(path=self.backup)


def migrate(
    engine: Engine, where: str, path: Path | None = None, read_only: str | None = None
) -> Migration:
    """Bring the schema to the head revision in one transaction.

    ``path`` is the database file: before an existing store is migrated, a copy of it is made
    next to it (see `backup_before_migration`); a new, empty store gets none. A store that can
    only be read (``read_only``, see `check_file`) is never migrated: if it is not at the head
    revision a `StoreError` says so.
    """
    with engine.connect() as conn:
        stored = _stored_revision(conn)
    if stored == SCHEMA_HEAD:
        return Migration(SCHEMA_HEAD)  # up to date: no need to load Alembic
    if read_only is not None:
        raise _read_only_old_error(where, stored)
    from alembic import command

    head = head_revision()
    with engine.execution_options(**{IMMEDIATE: True}).begin() as conn:
        current = current_revision(conn)
        if current == head:
            return Migration(head)
        if current is not None and current not in known_revisions():
            raise _newer_error(where, current)
        backup = None
        if path is not None and current is not None:
            # the write lock of this transaction is held: nobody changes the store meanwhile
            backup = backup_before_migration(path, current)
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    if backup is not None:
        log.info("store %s migrated from %s to %s; copy before: %s", where, current, head, backup)
        reclaim_space(engine)
    return Migration(head, backup)


def reclaim_space(engine: Engine, share: float = 0.25) -> bool:
    """VACUUM the store when more than ``share`` of its file is free pages (after a migration
    moved data out of a table, e.g. 0009's draft files into shared parts); True if it did.
    VACUUM cannot run inside a transaction, so this runs after the migration has committed;
    SQLite makes it all-or-nothing itself."""
    if engine.dialect.name != "sqlite":
        return False
    conn = engine.raw_connection()  # no SQLAlchemy transaction around it
    try:
        cur = conn.cursor()
        pages = cur.execute("PRAGMA page_count").fetchone()[0]
        free = cur.execute("PRAGMA freelist_count").fetchone()[0]
        if pages == 0 or free <= pages * share:
            return False
        cur.execute("VACUUM")
    finally:
        conn.close()
    log.info("store vacuumed: %d of %d pages were free", free, pages)
    return True


# --- a copy before each migration -----------------------------------------------------------

KEEP_BACKUPS = 3
"""How many copies made before migrations are kept next to a store (the newest)."""

BACKUP_INFIX = ".vor-migration-"
_BACKUP_NAME = re.compile(r"\.vor-migration-.*-(\d{8}-\d{6})(?:-\d+)?\.bak$")


def backup_name(path: Path, revision: str, when: datetime) -> Path:
    """``kooperation.sqlite3.vor-migration-0003-20261203-101500.bak``: the store's name, the
    schema revision the copy has, the local time it was made."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(revision))
    return path.with_name(f"{path.name}{BACKUP_INFIX}{safe}-{when:%Y%m%d-%H%M%S}.bak")


def backup_before_migration(path: Path, revision: str) -> Path:
    """Copy the store at ``path`` (schema ``revision``) next to it with SQLite's online backup,
    keep the newest `KEEP_BACKUPS` such copies, and return the new one's path. The copy is
    complete or absent (written under a temporary name, synced, renamed). Raises `StoreError`
    if no copy can be made; the store is then not migrated."""
    from kooperation.atomic import fsync_folder, part_prefix, remove_stale_parts

    first = target = backup_name(path, revision, datetime.now())
    number = 2
    while target.exists():  # two migrations within a second
        target = first.with_name(f"{first.name[: -len('.bak')]}-{number}.bak")
        number += 1
    remove_stale_parts(path.parent)
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=part_prefix("backup-"), suffix=".part", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        source = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            copy = sqlite3.connect(tmp)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        tmp = None
        fsync_folder(path.parent)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(
            _(
                "Vor der Aktualisierung der Datenbank {path} konnte keine Sicherung angelegt "
                "werden ({reason}). Die Datenbank wurde nicht verändert."
            ).format(path=path, reason=getattr(exc, "strerror", None) or exc)
        ) from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    prune_backups(path)
    return target


def migration_backups(path: Path) -> list[Path]:
    """The copies made before migrations of the store at ``path``, oldest first."""
    found = []
    for candidate in path.parent.glob(glob.escape(path.name) + BACKUP_INFIX + "*.bak"):
        match = _BACKUP_NAME.search(candidate.name)
        if match is None or not candidate.is_file():
            continue
        try:
            mtime = candidate.stat().st_mtime_ns
        except OSError:
            continue
        found.append((match.group(1), mtime, candidate.name, candidate))
    return [entry[-1] for entry in sorted(found)]


def prune_backups(path: Path, keep: int = KEEP_BACKUPS) -> None:
    """Remove all but the newest ``keep`` copies made before migrations (never raises)."""
    for old in migration_backups(path)[:-keep] if keep > 0 else migration_backups(path):
        try:
            old.unlink()
        except OSError:
            log.warning("could not remove old store copy %s", old)


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
        url = server.normalise_url(url)
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


READ_ONLY_FILE = "file"
READ_ONLY_FOLDER = "folder"


def _file_writable(path: Path) -> bool:
    """Whether the file may be written (permissions, read-only file system, immutable flag)."""
    return os.access(path, os.W_OK)


def read_only_uri(path: Path, read_only: str | None) -> str:
    """The SQLite URI that reads ``path`` without writing anything.

    In a folder we may not write, SQLite cannot create the ``-wal`` and ``-shm`` files a WAL
    database needs even for reading, so the file is opened ``immutable`` (nobody can write it
    there either) -- unless a ``-wal`` file with content is left over, whose changes only a
    normal read-only open sees.
    """
    uri = path.as_uri() + "?mode=ro"
    if read_only == READ_ONLY_FOLDER:
        wal = path.with_name(path.name + "-wal")
        try:
            pending = wal.stat().st_size > 0
        except OSError:
            pending = False
        if not pending:
            uri += "&immutable=1"
    return uri


def read_only_message(where: str, read_only: str) -> str:
    """Why nothing can be changed in a store that was opened for reading only."""
    if read_only == READ_ONLY_FOLDER:
        return _(
            "Die Datenbank {path} liegt in einem Ordner ohne Schreibrechte und kann nur gelesen "
            "werden; Änderungen werden nicht gespeichert. Bitte die Datei in einen Ordner "
            "kopieren, in dem Sie schreiben dürfen, oder Schreibrechte geben lassen."
        ).format(path=where)
    return _(
        "Die Datenbank {path} ist schreibgeschützt und kann nur gelesen werden; Änderungen werden "
        "nicht gespeichert. Bitte den Schreibschutz der Datei aufheben."
    ).format(path=where)


def check_file(path: Path) -> str | None:
    """Refuse a path we must not or cannot use; never writes to an existing file.

    Returns None for a store that can be written, or why an existing store can only be read:
    `READ_ONLY_FOLDER` (its folder is not writable) or `READ_ONLY_FILE` (the file is not).
    """
    folder = path.parent
    if path.is_dir():
        raise StoreError(_("{path} ist ein Ordner, keine Datenbankdatei.").format(path=path))
    if not folder.is_dir():
        raise StoreError(
            _("Der Ordner {folder} existiert nicht. Bitte einen vorhandenen Ordner wählen.").format(
                folder=folder
            )
        )
    folder_writable = _probe_writable(folder)
    if not path.exists():
        if not folder_writable:
            raise StoreError(
                _(
                    "In den Ordner {folder} kann nicht geschrieben werden. Bitte einen Ordner "
                    "wählen, in dem Sie Schreibrechte haben."
                ).format(folder=folder)
            )
        return None
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
    read_only = (
        READ_ONLY_FOLDER
        if not folder_writable
        else READ_ONLY_FILE
        if not _file_writable(path)
        else None
    )
    if not head:  # an empty file (e.g. made by a file dialog) becomes a store: that needs writing
        if read_only is not None:
            raise StoreError(
                _(
                    "Die Datei {path} ist leer und schreibgeschützt; daraus kann keine Datenbank "
                    "werden. Bitte eine andere Datei wählen."
                ).format(path=path)
            )
        return None
    _check_existing_readonly(path, read_only)
    return read_only


def _check_existing_readonly(path: Path, read_only: str | None) -> None:
    uri = read_only_uri(path, read_only)
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000),
        poolclass=NullPool,
    )
    try:
        with engine.connect() as conn:
            app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
            if app_id not in (0, APPLICATION_ID):
                raise _foreign_error(str(path))
            check_contents(conn, str(path))
    except SQLAlchemyError as exc:
        raise open_error(exc, path, read_only) from exc
    finally:
        engine.dispose()


def _sqlite_code(exc: BaseException) -> str:
    orig = getattr(exc, "orig", exc)
    return str(getattr(orig, "sqlite_errorname", "") or "")


def is_locked(exc: BaseException) -> bool:
    """Whether a database error means another connection holds a lock."""
    if server.is_lock_error(exc):
        return True
    code = _sqlite_code(exc)
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return True
    reason = str(getattr(exc, "orig", None) or exc).lower()
    return "database is locked" in reason or "database table is locked" in reason


def locked_message(where: str) -> str:
    return _(
        "Die Datenbank {path} ist gerade von einem anderen Programm gesperrt (zum Beispiel von "
        "einem zweiten Kooperation-Fenster oder einem Datenbankwerkzeug). Bitte das andere "
        "Programm schließen und es dann noch einmal versuchen. Die Datei wurde nicht verändert."
    ).format(path=where)


def open_error(exc: BaseException, path: Path, read_only: str | None) -> StoreError:
    """The message for a database error while a store file is examined or opened."""
    reason = getattr(exc, "orig", None) or exc
    if is_locked(exc):
        return StoreError(locked_message(str(path)))
    if _sqlite_code(exc).startswith("SQLITE_CANTOPEN") or "unable to open" in str(reason):
        if read_only == READ_ONLY_FOLDER:
            return StoreError(
                _(
                    "Die Datenbank {path} liegt in einem Ordner ohne Schreibrechte und enthält "
                    "noch nicht abgeschlossene Änderungen (Datei {wal}); so kann sie nicht "
                    "gelesen werden. Bitte den Ordner mit Schreibrechten öffnen."
                ).format(path=path, wal=path.name + "-wal")
            )
        return StoreError(
            _("Die Datenbank {path} kann nicht geöffnet werden ({reason}).").format(
                path=path, reason=reason
            )
        )
    if _sqlite_code(exc).startswith(("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_AUTH")):
        return StoreError(read_only_message(str(path), read_only or READ_ONLY_FILE))
    return StoreError(
        _("Die Datei {path} ist beschädigt oder keine Kooperation-Datenbank ({reason}).").format(
            path=path, reason=reason
        )
    )


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


def _read_only_old_error(where: str, revision: Any) -> StoreError:
    if revision is None:
        return StoreError(
            _(
                "Die Datenbank {path} ist leer und schreibgeschützt; sie kann nicht eingerichtet "
                "werden. Bitte eine andere Datei wählen."
            ).format(path=where)
        )
    return StoreError(
        _(
            "Die Datenbank {path} stammt von einer älteren Version von Kooperation und muss "
            "aktualisiert werden, ist aber schreibgeschützt. Bitte Schreibrechte geben lassen "
            "und sie dann noch einmal öffnen; die Datei wurde nicht verändert."
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


def create_store_engine(
    url: URL, read_only: str | None = None, where: str | None = None
) -> Engine:
    """The engine the store works with; for SQLite every connection gets our pragmas, for a
    server (PostgreSQL) every transaction its isolation and write lock (`server`).

    With ``read_only`` (see `check_file`) a SQLite file is opened with `read_only_uri`: SQLite
    itself refuses every write, and nothing (no ``-wal``, no ``-shm``) is created in a folder
    we may not write.
    """
    if url.get_backend_name() != "sqlite":
        where = where or url.render_as_string(hide_password=True)
        return server.create_server_engine(url, where, BUSY_TIMEOUT_MS, IMMEDIATE, WAIT_MS)
    memory = url.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if memory:
        kwargs["poolclass"] = StaticPool
    if read_only is not None and not memory:
        uri = read_only_uri(Path(url.database), read_only)
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
        )
    else:
        engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # transactions are begun explicitly (below), so pragmas run outside of one
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA foreign_keys = ON")
            if read_only is None:  # a read-only connection keeps the file's settings
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
