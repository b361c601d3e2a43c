"""Where Kooperation keeps its data on this computer.

The data folder can be moved with ``KOOPERATION_DATA_DIR`` (tests and portable installs use
it), and a different database chosen with an explicit ``--db`` argument, ``KOOPERATION_DB``, or
the setting of the window (`chosen_db`, kept in ``datenbank.json`` in the data folder, so that the
command line uses the same database) -- a file or a URL such as
``postgresql+psycopg://user@host/db`` for the shared store of a network office.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "Kooperation"
DB_FILENAME = "kooperation.sqlite3"
DB_CHOICE_FILE = "datenbank.json"


def data_dir() -> Path:
    """The folder for the user's data: ``KOOPERATION_DATA_DIR`` or the platform's default."""
    override = os.environ.get("KOOPERATION_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """The database used when nothing else is named."""
    return data_dir() / DB_FILENAME


def chosen_db() -> str | None:
    """The database chosen in the settings (a path or URL), or None."""
    try:
        raw = json.loads((data_dir() / DB_CHOICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = raw.get("datenbank") if isinstance(raw, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def set_chosen_db(db: str | None) -> None:
    """Remember ``db`` (a path or URL) as the database of the next start; None or "" goes back
    to the default file. Raises `OSError`."""
    from kooperation.atomic import write_atomic

    data = json.dumps({"datenbank": (db or "").strip()}, ensure_ascii=False, indent=2)
    write_atomic(data_dir() / DB_CHOICE_FILE, data.encode("utf-8"), make_folder=True)


def resolve_db(db: str | None) -> str:
    """The database to open: ``db`` if given, else ``KOOPERATION_DB``, else the one chosen in
    the settings, else the default file.

    Only the default location gets its folders created; a path the user named must exist, so a
    typo produces a clear error instead of a new database in an unexpected place.
    """
    if db:
        return db
    from_env = os.environ.get("KOOPERATION_DB")
    if from_env:
        return from_env
    chosen = chosen_db()
    if chosen:
        return chosen
    path = default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return str(path)
