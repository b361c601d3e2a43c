"""The local store: SQLite by default (any SQLAlchemy URL works), migrated with Alembic.

Use `open_store` and the `Store` methods; each is one transaction and returns the dataclasses of
`kooperation.domain`, never ORM objects.
"""

from kooperation.domain.serialize import DraftFile, DraftFileInfo, DraftVersion, DraftVersionInfo
from kooperation.store.repository import ProjectSummary, Store, open_store

__all__ = [
    "DraftFile",
    "DraftFileInfo",
    "DraftVersion",
    "DraftVersionInfo",
    "ProjectSummary",
    "Store",
    "open_store",
]
