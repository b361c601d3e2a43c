"""Writing a file completely or not at all: a temporary file next to it, then a rename.

Every file Kooperation writes goes through here. The data goes to a temporary file in the target
folder (``.kooperation-<host>-<pid>-<random>.part``), which is flushed to the disk (fsync) before
it gets its final name by one rename; the folder is synced after the rename, so after a power cut
the target is either the old file or the whole new one, never a truncated one.

Permissions: a new file gets ``0o666`` minus the umask (``0o644`` under the usual umask 022), as
with every other desktop program; a file that is replaced keeps its permissions.

A process killed between writing and renaming leaves its temporary file behind. `remove_stale_parts`
removes such leftovers of processes that are no longer running (on this computer) and any that
are older than `STALE_AFTER_SECONDS` (e.g. those of another computer on a network folder); the
temporary files of a write still under way are left alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

STALE_AFTER_SECONDS = 15 * 60
"""A temporary file this old is a leftover, whoever wrote it (no write takes that long)."""

_HOST = hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]
_PART = re.compile(r"^\.kooperation-(?:([0-9a-f]{6})-(\d+)-)?.*\.part$")


def _umask_from_proc() -> int | None:
    """The umask as Linux reports it (reading it this way changes nothing, unlike os.umask)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return None


def _umask_by_setting() -> int:
    # os.umask can only be read by setting it; done once, at import (in the main thread, before
    # any worker thread creates files), and set straight back
    old = os.umask(0o022)
    os.umask(old)
    return old


_IMPORT_UMASK = _umask_from_proc()
if _IMPORT_UMASK is None:
    _IMPORT_UMASK = _umask_by_setting()


def current_umask() -> int:
    """The process's umask: read from /proc on Linux (always current), else as at import."""
    value = _umask_from_proc()
    return _IMPORT_UMASK if value is None else value


def new_file_mode() -> int:
    """The permissions of a newly created file: ``0o666`` minus the umask."""
    return 0o666 & ~current_umask()


def part_prefix(what: str = "") -> str:
    """The name start of this process's temporary files (``what`` says what they hold);
    `remove_stale_parts` knows them by it."""
    return f".kooperation-{_HOST}-{os.getpid()}-{what}"


def fsync_folder(folder: Path) -> None:
    """Make a rename or removal in ``folder`` durable; a no-op where folders cannot be synced
    (Windows, some network file systems)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_temp(folder: Path, data: bytes, target: Path | None = None) -> Path:
    """Write ``data`` to a new temporary file in ``folder``, synced to the disk, with the
    permissions ``target`` has (if it exists) or a new file gets; returns its path. On any error
    no temporary file is left. Raises `OSError`."""
    fd, name = tempfile.mkstemp(prefix=part_prefix(), suffix=".part", dir=folder)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            _set_mode(fh.fileno(), target)
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _set_mode(fd: int, target: Path | None) -> None:
    mode = new_file_mode()
    if target is not None:
        with contextlib.suppress(OSError):  # a new file
            mode = stat.S_IMODE(os.stat(target).st_mode)
    # Windows has no fchmod: there the folder decides the permissions
    with contextlib.suppress(AttributeError, OSError):
        os.fchmod(fd, mode)


def publish(moves: Iterable[tuple[Path, Path]]) -> list[Path]:
    """Rename each temporary file to its final name, then sync the folders; returns the final
    paths in order. Stops at the first failure (raising `OSError`): the files renamed so far are
    whole, the rest are still temporary files for the caller to remove."""
    done: list[Path] = []
    folders: set[Path] = set()
    for tmp, final in moves:
        os.replace(tmp, final)
        done.append(final)
        folders.add(Path(final).parent)
    for folder in folders:
        fsync_folder(folder)
    return done


def write_atomic(path: Path, data: bytes, make_folder: bool = False) -> None:
    """Write ``data`` to ``path`` (creating its folder only if ``make_folder``); on any error
    the old file, if there was one, is untouched and no temporary file is left. Raises
    `OSError`."""
    path = Path(path)
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(path.parent)
    tmp = write_temp(path.parent, data, target=path)
    try:
        publish([(tmp, path)])
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _running_here(pid: int) -> bool:
    """Whether process ``pid`` runs on this computer (True when that cannot be told)."""
    if os.name != "posix":
        return True  # os.kill would end the process on Windows; rely on the age instead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, belongs to someone else
    return True


def is_stale_part(path: Path, now: float | None = None) -> bool:
    """Whether ``path`` is a temporary file of ours left behind by a process that is gone."""
    match = _PART.match(path.name)
    if match is None:
        return False
    try:
        age = (time.time() if now is None else now) - path.lstat().st_mtime
    except OSError:
        return False
    if age > STALE_AFTER_SECONDS:
        return True
    host, pid = match.group(1), match.group(2)
    if host != _HOST or pid is None:
        return False
    return int(pid) != os.getpid() and not _running_here(int(pid))


def remove_stale_parts(folder: Path) -> list[Path]:
    """Remove the temporary files of ours that killed processes left in ``folder``; returns
    them. Never raises: a leftover that cannot be removed stays."""
    removed: list[Path] = []
    try:
        candidates = [
            p for p in Path(folder).glob(".kooperation-*.part") if not p.is_symlink() and p.is_file()
        ]
    except OSError:
        return removed
    now = time.time()
    for path in candidates:
        if is_stale_part(path, now):
            try:
                path.unlink()
            except OSError:
                continue
            removed.append(path)
    return removed
