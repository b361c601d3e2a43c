"""A folder of results that are expensive to compute and fully determined by their key.

Used for what every ``kooperation draft`` process would otherwise compute anew: the embedded
font subsets (:mod:`kooperation.render.font_subsets`) and the compiled clause templates
(:mod:`kooperation.drafting.template_cache`). The rule that keeps it from going stale lies with
the caller: the key is a hash of *everything* the result depends on, so a changed input gives
another key and the old entry is simply never asked for again (when a process first stores
something, the oldest entries beyond ``max_entries`` are removed).

Each entry is a file ``<key>.bin`` in ``<data folder>/cache/<name>``: the SHA-256 of the data,
then the data. An entry whose digest does not match (a file cut short by a crash: entries are
not synced, they can always be made again) counts as missing. A folder that cannot be read or
written only means that nothing is cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

_DIGEST = 32


class DiskCache:
    """Entries ``key -> bytes`` in the data folder's ``cache/<name>`` (see the module text)."""

    def __init__(self, name: str, max_entries: int) -> None:
        self.name = name
        self.max_entries = max_entries
        self._pruned = False

    @property
    def folder(self) -> Path:
        from kooperation.paths import data_dir  # read each time: tests move the data folder

        return data_dir() / "cache" / self.name

    def get(self, key: str) -> bytes | None:
        """The data stored under ``key``, or None (not stored, unreadable or damaged)."""
        try:
            raw = (self.folder / f"{key}.bin").read_bytes()
        except OSError:
            return None
        digest, data = raw[:_DIGEST], raw[_DIGEST:]
        return data if hashlib.sha256(data).digest() == digest else None

    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key`` (written whole under a temporary name, then renamed);
        does nothing if the folder cannot be written."""
        folder = self.folder
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(hashlib.sha256(data).digest() + data)
                os.replace(tmp, folder / f"{key}.bin")
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            if not self._pruned:  # once per process: the folder only grows by what we add
                self._pruned = True
                self.prune()

    def prune(self) -> None:
        """Remove the oldest entries beyond ``max_entries``."""
        entries = []
        for path in self.folder.glob("*.bin"):
            with contextlib.suppress(OSError):
                entries.append((path.stat().st_mtime, path))
        entries.sort()
        for _mtime, old in entries[: max(0, len(entries) - self.max_entries)]:
            with contextlib.suppress(OSError):
                old.unlink()
