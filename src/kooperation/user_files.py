"""Reading and writing a file a user names (an import, a project file, an export): a file read
has its size checked on disk before anything is read, a file written is written whole or not at
all (:func:`kooperation.atomic.write_atomic`), and every failure is a German `InputError` that
names the file."""

from __future__ import annotations

from pathlib import Path

from kooperation.atomic import write_atomic
from kooperation.errors import InputError
from kooperation.i18n import _


def read_user_file(path: str | Path, max_bytes: int, too_large: str) -> bytes:
    """The bytes of ``path``; ``too_large`` (a message; ``{path}`` and ``{mb}``, the limit in
    MiB, are filled in) if it has more than ``max_bytes``. Never reads more than that, even if
    the file grows meanwhile."""
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError(path)
        if path.stat().st_size > max_bytes:
            raise InputError(too_large.format(path=path, mb=max_bytes // 2**20))
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise InputError(_("Die Datei „{path}“ gibt es nicht.").format(path=path)) from exc
    except IsADirectoryError as exc:
        raise InputError(_("„{path}“ ist ein Ordner, keine Datei.").format(path=path)) from exc
    except OSError as exc:
        raise InputError(_("Die Datei „{path}“ kann nicht gelesen werden: {error}").format(
            path=path, error=exc.strerror)) from exc
    if len(data) > max_bytes:
        raise InputError(too_large.format(path=path, mb=max_bytes // 2**20))
    return data


def write_user_file(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; returns the path."""
    path = Path(path)
    if path.is_dir():
        raise InputError(_("„{path}“ ist ein Ordner; bitte einen Dateinamen angeben.").format(path=path))
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise InputError(_("Die Datei „{path}“ kann nicht geschrieben werden: {error}").format(
            path=path, error=exc.strerror or exc)) from exc
    return path
