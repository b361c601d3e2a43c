"""A store whose project list is known before its database layer is loaded.

`DeferredStore` answers `list_projects` from what `kooperation.store.quick.peek_summaries` read
until the real `Store` is open; `open` opens it (the application calls it right after the window
is on screen) and any other attribute opens it on first use, so callers need not care. Nothing
here imports SQLAlchemy or Qt before `open`.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kooperation.store.quick import ProjectSummary

if TYPE_CHECKING:
    from kooperation.store.repository import Store


class DeferredStore:
    """Stands for ``open_store(path)``; see the module description."""

    def __init__(self, path: str | Path, summaries: list[ProjectSummary]) -> None:
        self._path = path
        self._summaries = list(summaries)
        self._store: Store | None = None
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def open(self) -> Store:
        """The real store, opened on the first call (may raise what `open_store` raises)."""
        with self._lock:
            if self._store is None:
                from kooperation.store.repository import open_store

                self._store = open_store(self._path)
            return self._store

    def list_projects(self) -> list[ProjectSummary]:
        if self._store is None:
            return list(self._summaries)
        return self._store.list_projects()

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_store", "_path", "_summaries", "_lock"):
            raise AttributeError(name)
        return getattr(self.open(), name)
