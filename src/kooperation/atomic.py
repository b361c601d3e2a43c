"""Writing a file completely or not at all: a temporary file next to it, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, make_folder: bool = False) -> None:
    """Write ``data`` to ``path`` (creating its folder only if ``make_folder``); on any error
    the old file, if there was one, is untouched and no temporary file is left. Raises
    `OSError`."""
    path = Path(path)
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".kooperation-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
