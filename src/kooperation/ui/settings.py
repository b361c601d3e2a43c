"""Preferences of the window, typed and declared once (as Picard's ``options.py`` does).

Each option names its key, type and default in one place; `Settings` reads and writes them over
`QSettings`. User data (projects, drafts) lives in the store, never here. When
``KOOPERATION_DATA_DIR`` is set (portable installs, tests) the preferences are an INI file in that
folder, so a test never touches the user's real preferences.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

MAX_RECENT = 8
SETTINGS_FILENAME = "einstellungen.ini"


@dataclass(frozen=True)
class Option(Generic[T]):
    """One preference: where it is kept, what type it has and what it is when never set."""

    key: str
    kind: type
    default: T
    doc: str = ""


TOUR_SEEN: Option[bool] = Option(
    "help/tour_seen", bool, False, "The guided tour was shown (it starts by itself only once)."
)
RECENT_PROJECTS: Option[list[str]] = Option(
    "start/recent_projects", list, [], "Ids of the last opened projects, newest first."
)
WINDOW_GEOMETRY: Option[bytes] = Option(
    "window/geometry", bytes, b"", "QMainWindow.saveGeometry() of the main window."
)
WINDOW_STATE: Option[bytes] = Option(
    "window/state", bytes, b"", "QMainWindow.saveState() (docks and toolbars)."
)
LAST_EXPORT_DIR: Option[str] = Option(
    "paths/last_export_dir", str, "", "Folder of the last export or saved draft."
)
LAST_IMPORT_DIR: Option[str] = Option(
    "paths/last_import_dir", str, "", "Folder of the last imported project file."
)
INTERFACE_LANGUAGE: Option[str] = Option(
    "interface/language", str, "", "Language of the interface (de, en); empty: German. "
    "KOOPERATION_LANG, when set, wins over it. Takes effect at the next start."
)
LANGUAGES: tuple[tuple[str, str], ...] = (("de", "Deutsch"), ("en", "English"))
"""The interface languages, each named in its own language (as a user looks for it)."""

OPTIONS: tuple[Option[Any], ...] = (
    RECENT_PROJECTS,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    LAST_EXPORT_DIR,
    LAST_IMPORT_DIR,
    INTERFACE_LANGUAGE,
)


def default_qsettings() -> QSettings:
    """The application's QSettings, or an INI file in ``KOOPERATION_DATA_DIR`` if that is set."""
    override = os.environ.get("KOOPERATION_DATA_DIR")
    if override:
        path = Path(override).expanduser() / SETTINGS_FILENAME
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings("Kooperation", "Kooperation")


def _coerce(option: Option[Any], raw: Any) -> Any:
    """Turn what QSettings returns (types vary by backend) into the option's type."""
    if raw is None:
        return option.default
    try:
        if option.kind is list:
            if isinstance(raw, str):
                return [raw] if raw else []
            return [str(x) for x in raw]
        if option.kind is bytes:
            if isinstance(raw, QByteArray):
                return bytes(raw.data())
            if isinstance(raw, bytes | bytearray):
                return bytes(raw)
            return option.default
        if option.kind is bool:
            if isinstance(raw, str):
                return raw.lower() in ("1", "true", "yes")
            return bool(raw)
        if option.kind is int:
            return int(raw)
        return str(raw)
    except (TypeError, ValueError):
        return option.default


class Settings:
    """Typed access to the preferences; every write is synced at once."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings if qsettings is not None else default_qsettings()

    def get(self, option: Option[T]) -> T:
        return _coerce(option, self.qsettings.value(option.key, None))

    def set(self, option: Option[T], value: T) -> None:
        if option.kind is bytes:
            stored: Any = QByteArray(bytes(value))  # type: ignore[arg-type]
        elif option.kind is list:
            stored = list(value)  # type: ignore[call-overload]
        else:
            stored = value
        self.qsettings.setValue(option.key, stored)
        self.qsettings.sync()

    def reset(self, option: Option[Any]) -> None:
        self.qsettings.remove(option.key)
        self.qsettings.sync()

    # --- recent projects ----------------------------------------------------------------------

    @property
    def recent_projects(self) -> list[str]:
        """Ids of the last opened projects, newest first, at most `MAX_RECENT`."""
        return self.get(RECENT_PROJECTS)[:MAX_RECENT]

    @recent_projects.setter
    def recent_projects(self, ids: list[str]) -> None:
        unique = list(dict.fromkeys(i for i in ids if i))
        self.set(RECENT_PROJECTS, unique[:MAX_RECENT])

    def add_recent_project(self, project_id: str) -> None:
        """Put ``project_id`` first in the recent list (dropping the oldest beyond the limit)."""
        self.recent_projects = [project_id, *(i for i in self.recent_projects if i != project_id)]

    def remove_recent_project(self, project_id: str) -> None:
        self.recent_projects = [i for i in self.recent_projects if i != project_id]

    # --- language -----------------------------------------------------------------------------

    @property
    def interface_language(self) -> str:
        """The chosen language of the interface (``de`` or ``en``; German when none or unknown)."""
        value = self.get(INTERFACE_LANGUAGE)
        return value if value in dict(LANGUAGES) else "de"

    @interface_language.setter
    def interface_language(self, language: str) -> None:
        self.set(INTERFACE_LANGUAGE, language if language in dict(LANGUAGES) else "de")

    # --- folders ------------------------------------------------------------------------------

    @property
    def last_export_dir(self) -> str:
        return self.get(LAST_EXPORT_DIR)

    @last_export_dir.setter
    def last_export_dir(self, folder: str) -> None:
        self.set(LAST_EXPORT_DIR, folder)

    @property
    def last_import_dir(self) -> str:
        return self.get(LAST_IMPORT_DIR)

    @last_import_dir.setter
    def last_import_dir(self, folder: str) -> None:
        self.set(LAST_IMPORT_DIR, folder)
