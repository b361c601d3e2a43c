"""Where Kooperation keeps its data on this computer.

The data folder can be moved with ``KOOPERATION_DATA_DIR`` (tests and portable installs use
it), and a different database chosen with ``KOOPERATION_DB`` or an explicit ``--db`` argument.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "Kooperation"
DB_FILENAME = "kooperation.sqlite3"


def data_dir() -> Path:
    """The folder for the user's data: ``KOOPERATION_DATA_DIR`` or the platform's default."""
    override = os.environ.get("KOOPERATION_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """The database used when nothing else is named."""
    return data_dir() / DB_FILENAME


def resolve_db(db: str | None) -> str:
    """The database to open: ``db`` if given, else ``KOOPERATION_DB``, else the default file.

    Only the default location gets its folders created; a path the user named must exist, so a
    typo produces a clear error instead of a new database in an unexpected place.
    """
    if db:
        return db
    from_env = os.environ.get("KOOPERATION_DB")
    if from_env:
        return from_env
    path = default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return str(path)
