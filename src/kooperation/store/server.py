"""A store on a database server (PostgreSQL): several people at once, one writer at a time.

A network office keeps its projects in one PostgreSQL database that every window opens with a
URL (``postgresql+psycopg://user@host/db``, from ``--db``, ``KOOPERATION_DB`` or the setting of
`kooperation.paths`). The driver, psycopg 3, is the optional extra
``pip install 'kooperation[postgres]'``; without it the store says so instead of failing.

How edits of several people stay safe, the same way as on SQLite:

- A write transaction first takes one advisory lock of the database
  (``pg_advisory_xact_lock``), held until it commits or rolls back. Writers therefore follow one
  another, exactly like SQLite's ``BEGIN IMMEDIATE``; edits come at human pace, so nobody notices
  the queue. The transaction runs at READ COMMITTED: every statement after the lock sees what
  the previous writer committed, so the checks of `kooperation.store.writes` (is the stored value
  still the one the edit started from?) compare against the newest state, and a stale edit is
  refused with a `ConflictError` instead of overwriting what another person stored.
- How long a write waits for the lock is ``lock_timeout`` (the window waits briefly and tries
  again later, as with a locked SQLite file); a timeout is reported as a busy store.
- A read transaction runs at REPEATABLE READ: all its statements see one snapshot, as a SQLite
  read transaction does, so a project is never read half before and half after someone's edit.
- The row versions (``version_id_col``) stay as a second guard, and every write grows the
  project's revision, which open windows poll (`Store.project_revision`) to show others' changes.
"""

from __future__ import annotations

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import NoSuchModuleError

from kooperation.errors import StoreError
from kooperation.i18n import _

WRITE_LOCK = 0x4B6F6F70  # "Koop": the advisory lock every write transaction takes first
DRIVER = "postgresql+psycopg"
EXTRA = "pip install 'kooperation[postgres]'"
CONNECT_TIMEOUT_S = 10  # a server that does not answer: a message after 10 s, not after minutes
POOL_SIZE = 2  # connections a program keeps open: a window and its worker; 40 users fit in 100
MAX_OVERFLOW = 6  # more at a busy moment, closed again afterwards
LOCK_SQLSTATES = frozenset(
    {
        "55P03",  # lock_not_available: lock_timeout reached
        "40P01",  # deadlock_detected
        "40001",  # serialization_failure
    }
)


def normalise_url(url: URL) -> URL:
    """``postgresql://`` and ``postgres://`` without a driver mean psycopg 3 (our extra)."""
    if url.drivername in ("postgresql", "postgres"):
        return url.set(drivername=DRIVER)
    return url


def is_server(url: URL) -> bool:
    return url.get_backend_name() == "postgresql"


def missing_driver_error(url: URL, where: str) -> StoreError:
    if is_server(url):
        return StoreError(
            _(
                "Für die PostgreSQL-Datenbank {url} fehlt der Datenbanktreiber (psycopg). Bitte "
                "Kooperation mit der Erweiterung für PostgreSQL installieren: {command}"
            ).format(url=where, command=EXTRA)
        )
    return StoreError(
        _(
            "Für die Datenbank {url} fehlt der Datenbanktreiber oder die Datenbankart wird nicht "
            "unterstützt. Unterstützt werden SQLite-Dateien und PostgreSQL ({command})."
        ).format(url=where, command=EXTRA)
    )


def create_server_engine(
    url: URL, where: str, wait_default_ms: int, immediate: str, wait_option: str
) -> Engine:
    """The engine for a database server; raises `StoreError` if its driver is missing."""
    try:
        url.get_dialect().import_dbapi()
        connect_args: dict[str, int] = {}
        if is_server(url) and "connect_timeout" not in url.query:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
        engine = create_engine(
            url,
            pool_pre_ping=True,  # a connection the server or the network dropped is replaced
            pool_size=POOL_SIZE,
            max_overflow=MAX_OVERFLOW,
            connect_args=connect_args,
        )
    except (ImportError, NoSuchModuleError) as exc:
        raise missing_driver_error(url, where) from exc
    if not is_server(url):
        return engine  # another server database: its own defaults, no guarantees from us

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        if options.get(immediate):
            # lock_timeout 0 would mean "wait for ever": at least one millisecond
            wait = max(1, int(options.get(wait_option, wait_default_ms)))
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {wait}")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        else:
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

    return engine


def is_lock_error(exc: BaseException) -> bool:
    """Whether a server error means another connection holds a lock (try again later)."""
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlstate", None) in LOCK_SQLSTATES


def connection_error(exc: BaseException, where: str) -> StoreError:
    """The message when the server cannot be reached or refuses the login."""
    reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
    return StoreError(
        _(
            "Der Datenbankserver für {url} ist nicht erreichbar oder hat die Anmeldung abgelehnt "
            "({reason}). Bitte Adresse, Benutzer und Passwort prüfen (siehe README, „Gemeinsame "
            "Datenbank im Netzwerkbüro“)."
        ).format(url=where, reason=reason)
    )
