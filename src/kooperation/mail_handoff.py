"""Handing a draft on by e-mail: the files go to the user's own mail program, never through
code of ours (the app opens no network connection, ever).

The files of a version are written to a folder of their own in the user's cache folder
(`mail_folder`). It is kept when the app closes: a mail program may read an attachment only
when the message is sent, which can be after Kooperation has been closed. Then the standard
way of the system opens a new message with the files attached:

- Linux and other free systems: ``xdg-email --subject … --body … --attach F …`` (xdg-utils);
- macOS: ``open -a Mail F …`` (Mail puts files it is asked to open into a new message; there is
  no standard way to set the subject without AppleScript, so the user types it);
- Windows: Simple MAPI, ``MAPISendMailW`` in ``mapi32.dll``, which hands the message to the
  default mail program (Outlook, Thunderbird, …) with its window for the user to finish.

Where there is no such way or it fails, `reveal` shows the files in the file manager (selected
where the system can) and the window says where they are.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

from kooperation.atomic import write_atomic
from kooperation.domain.versions import kind_title
from kooperation.i18n import _
from kooperation.system_programs import system_env

APP_NAME = "Kooperation"
WAIT_SECONDS = 8
"""How long to wait for the mail program's starter to report back; still running then means
the mail program is open (``xdg-email`` waits for a Thunderbird it started until it closes)."""

_started: list[subprocess.Popen] = []
"""Mail programs still running that we started; kept so that Python does not warn about them."""


@dataclass
class HandOff:
    """What happened: ``ok`` if a new message with the files is open (or the user closed it),
    ``how`` the way used (``xdg-email``, ``Mail``, ``MAPI``) and ``reason`` why not, else."""

    ok: bool
    how: str = ""
    reason: str = ""


def subject(kind: str, number: int, project_name: str) -> str:
    """"Entwurf Kooperationsvertrag v3 – Lernfabrik Neckar-Alb"."""
    return _("Entwurf {document} v{number} – {project}").format(
        document=kind_title(kind), number=number, project=project_name
    )


def body(kind: str, number: int, project_name: str) -> str:
    """A short text saying what is attached and that it is a draft for review."""
    return _(
        "Guten Tag,\n\n"
        "anbei erhalten Sie den Entwurf „{document}“ (Version {number}) für die Kooperation "
        "„{project}“ zur Durchsicht: als Word-Datei zum Kommentieren und Bearbeiten und als PDF "
        "zum Lesen.\n\n"
        "Bitte beachten Sie: Es ist ein Entwurf. Er ersetzt keine Rechtsberatung und sollte vor "
        "der Unterschrift von einer Anwältin oder einem Anwalt geprüft werden.\n\n"
        "Mit freundlichen Grüßen\n"
    ).format(document=kind_title(kind), number=number, project=project_name)


def mail_folder(project_id: str) -> Path:
    """The folder for a project's attachments: in the user's cache folder (inside
    ``KOOPERATION_DATA_DIR`` when that is set: portable installs, tests)."""
    override = os.environ.get("KOOPERATION_DATA_DIR")
    base = (
        Path(override).expanduser() / "cache"
        if override
        else Path(user_cache_dir(APP_NAME, appauthor=False))
    )
    return base / "e-mail-anhaenge" / (project_id[:8] or "projekt")


def write_attachments(folder: Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write ``(filename, bytes)`` into ``folder`` (each complete or not at all); the paths."""
    paths = []
    for filename, data in files:
        path = folder / Path(filename).name
        if not (path.is_file() and path.read_bytes() == data):
            write_atomic(path, data, make_folder=True)
        paths.append(path)
    return paths


# --- opening a new message ----------------------------------------------------------------------


def compose(paths: Sequence[Path], subject_text: str, body_text: str) -> HandOff:
    """Open a new message in the user's mail program with ``paths`` attached. Blocks (up to
    `WAIT_SECONDS`, with MAPI until the user has closed the message): call it off the GUI thread."""
    if sys.platform.startswith("win"):
        return _compose_mapi(paths, subject_text, body_text)
    if sys.platform == "darwin":
        return _compose_macos(paths)
    return _compose_xdg(paths, subject_text, body_text)


def _start(command: list[str], how: str) -> HandOff:
    """Start ``command``; exit code 0, or still running after `WAIT_SECONDS`, is success."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=system_env(),
        )
    except OSError as exc:
        return HandOff(False, how, exc.strerror or str(exc))
    try:
        code = process.wait(WAIT_SECONDS)
    except subprocess.TimeoutExpired:
        _started.append(process)  # the mail program runs on; we do not wait for it
        return HandOff(True, how)
    error = process.stderr.read().decode(errors="replace").strip() if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if code == 0:
        return HandOff(True, how)
    return HandOff(False, how, error.splitlines()[-1] if error else f"{how}: {code}")


def _compose_xdg(paths: Sequence[Path], subject_text: str, body_text: str) -> HandOff:
    program = shutil.which("xdg-email")
    if program is None:
        return HandOff(False, "xdg-email", _("das Programm „xdg-email“ ist nicht installiert"))
    command = [program, "--utf8", "--subject", subject_text, "--body", body_text]
    for path in paths:
        command += ["--attach", str(path)]
    return _start(command, "xdg-email")


def _compose_macos(paths: Sequence[Path]) -> HandOff:
    program = shutil.which("open") or "/usr/bin/open"
    return _start([program, "-a", "Mail", *map(str, paths)], "Mail")


# Simple MAPI (Windows). The structures are those of MAPI.h for the Unicode functions; this code
# cannot run anywhere but on Windows, so it stays small and every failure becomes a HandOff.
MAPI_LOGON_UI = 0x00000001
MAPI_DIALOG = 0x00000008
MAPI_USER_ABORT = 1
MAPI_ERRORS = {
    2: "MAPI_E_FAILURE",
    3: "MAPI_E_LOGIN_FAILURE",
    5: "MAPI_E_INSUFFICIENT_MEMORY",
    11: "MAPI_E_ATTACHMENT_NOT_FOUND",
    12: "MAPI_E_ATTACHMENT_OPEN_FAILURE",
    26: "MAPI_E_NOT_SUPPORTED",
}


def _mapi_types():
    """The ctypes structures of MAPI.h: MapiRecipDescW, MapiFileDescW, MapiMessageW."""
    import ctypes
    from ctypes import wintypes

    class MapiRecipDescW(ctypes.Structure):
        _fields_ = [
            ("ulReserved", wintypes.ULONG),
            ("ulRecipClass", wintypes.ULONG),
            ("lpszName", wintypes.LPWSTR),
            ("lpszAddress", wintypes.LPWSTR),
            ("ulEIDSize", wintypes.ULONG),
            ("lpEntryID", ctypes.c_void_p),
        ]

    class MapiFileDescW(ctypes.Structure):
        _fields_ = [
            ("ulReserved", wintypes.ULONG),
            ("flFlags", wintypes.ULONG),
            ("nPosition", wintypes.ULONG),
            ("lpszPathName", wintypes.LPWSTR),
            ("lpszFileName", wintypes.LPWSTR),
            ("lpFileType", ctypes.c_void_p),
        ]

    class MapiMessageW(ctypes.Structure):
        _fields_ = [
            ("ulReserved", wintypes.ULONG),
            ("lpszSubject", wintypes.LPWSTR),
            ("lpszNoteText", wintypes.LPWSTR),
            ("lpszMessageType", wintypes.LPWSTR),
            ("lpszDateReceived", wintypes.LPWSTR),
            ("lpszConversationID", wintypes.LPWSTR),
            ("flFlags", wintypes.ULONG),
            ("lpOriginator", ctypes.POINTER(MapiRecipDescW)),
            ("nRecipCount", wintypes.ULONG),
            ("lpRecips", ctypes.POINTER(MapiRecipDescW)),
            ("nFileCount", wintypes.ULONG),
            ("lpFiles", ctypes.POINTER(MapiFileDescW)),
        ]

    return MapiFileDescW, MapiMessageW


def mapi_message(paths: Sequence[Path], subject_text: str, body_text: str):
    """The MapiMessageW with the files attached (and the array it points into, to keep alive)."""
    import ctypes

    file_desc, message_type = _mapi_types()
    files = (file_desc * len(paths))()
    for slot, path in zip(files, paths, strict=True):
        slot.nPosition = 0xFFFFFFFF  # (ULONG)-1: attached, not placed in the text
        slot.lpszPathName = str(Path(path).resolve())
        slot.lpszFileName = Path(path).name
    message = message_type()
    message.lpszSubject = subject_text
    message.lpszNoteText = body_text.replace("\n", "\r\n")
    message.nFileCount = len(paths)
    message.lpFiles = ctypes.cast(files, ctypes.POINTER(file_desc))
    return message, files


def _compose_mapi(
    paths: Sequence[Path], subject_text: str, body_text: str, send: Callable | None = None
) -> HandOff:
    """``MAPISendMailW(0, 0, &message, MAPI_LOGON_UI | MAPI_DIALOG, 0)``; ``send`` replaces the
    function in tests."""
    import ctypes

    try:
        if send is None:
            mapi = ctypes.WinDLL("mapi32.dll")  # type: ignore[attr-defined]
            send = mapi.MAPISendMailW
            send.restype = ctypes.c_ulong
            send.argtypes = [ctypes.c_size_t, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
        message, _files = mapi_message(paths, subject_text, body_text)
        code = send(0, 0, ctypes.addressof(message), MAPI_LOGON_UI | MAPI_DIALOG, 0)
    except (OSError, AttributeError, ValueError) as exc:  # no mapi32.dll, no MAPISendMailW
        return HandOff(False, "MAPI", str(exc))
    if code in (0, MAPI_USER_ABORT):  # sent, saved or closed by the user: all fine
        return HandOff(True, "MAPI")
    return HandOff(False, "MAPI", MAPI_ERRORS.get(code, f"MAPI {code}"))


# --- the fallback: show the files ----------------------------------------------------------------


def reveal(paths: Sequence[Path]) -> bool:
    """Show ``paths`` selected in the file manager where the system offers a way (Explorer,
    Finder, a file manager with the freedesktop ``ShowItems`` call); False if none did."""
    if not paths:
        return False
    if sys.platform.startswith("win"):
        # explorer's exit code says nothing; it selects one file
        return _quiet(["explorer", f"/select,{Path(paths[0]).resolve()}"], check=False)
    if sys.platform == "darwin":
        return _quiet(["open", "-R", *map(str, paths)])
    gdbus = shutil.which("gdbus")
    if gdbus is None:
        return False
    uris = ",".join(f"'{Path(p).resolve().as_uri()}'" for p in paths)
    return _quiet([
        gdbus, "call", "--session", "--dest", "org.freedesktop.FileManager1",
        "--object-path", "/org/freedesktop/FileManager1",
        "--method", "org.freedesktop.FileManager1.ShowItems", f"[{uris}]", "",
    ])


def _quiet(command: list[str], check: bool = True) -> bool:
    try:
        result = subprocess.run(
            command, capture_output=True, timeout=WAIT_SECONDS, check=False, env=system_env()
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 or not check
