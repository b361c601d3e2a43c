"""The local store: SQLite by default (any SQLAlchemy URL works), migrated with Alembic.

Use `open_store` and the `Store` methods; each is one transaction and returns the dataclasses of
`kooperation.domain`, never ORM objects. The names are loaded on first use, so that
``kooperation.store.quick`` (the start page's read without SQLAlchemy) stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kooperation.domain.serialize import (
        DraftFile,
        DraftFileInfo,
        DraftVersion,
        DraftVersionInfo,
    )
    from kooperation.store.quick import ProjectSummary
    from kooperation.store.repository import Store, open_store

_WHERE = {
    "DraftFile": "kooperation.domain.serialize",
    "DraftFileInfo": "kooperation.domain.serialize",
    "DraftVersion": "kooperation.domain.serialize",
    "DraftVersionInfo": "kooperation.domain.serialize",
    "ProjectSummary": "kooperation.store.quick",
    "Store": "kooperation.store.repository",
    "open_store": "kooperation.store.repository",
}

__all__ = [
    "DraftFile",
    "DraftFileInfo",
    "DraftVersion",
    "DraftVersionInfo",
    "ProjectSummary",
    "Store",
    "open_store",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module), name)
