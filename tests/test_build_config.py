"""The installers' configuration (packaging/) stays consistent with the app it packs.

The Linux build itself is made and smoke-tested by `.ci/run` (scripts/build_app.py,
scripts/smoke_build.py); these tests check what can be checked without building, for all three
systems: the files the spec names exist, and every place that registers the project file type
names the extension the app writes."""

from __future__ import annotations

import configparser
import re
import struct
from pathlib import Path

from lxml import etree

from kooperation.bundle import SUFFIX
from kooperation.steckbrief import SUFFIX as CARD_SUFFIX
from kooperation.ui.app import ICON_SIZES, application_icon

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
EXTENSION = SUFFIX.lstrip(".")
CARD_EXTENSION = CARD_SUFFIX.lstrip(".")


def test_spec_names_files_that_exist():
    """Every repository file the PyInstaller spec reads is there (launcher, icons)."""
    spec = (PACKAGING / "kooperation.spec").read_text(encoding="utf-8")
    compile(spec, "kooperation.spec", "exec")  # it is Python
    assert (PACKAGING / "launcher.py").is_file()
    for icon in ("kooperation.ico", "kooperation.icns"):
        assert icon in spec and (PACKAGING / "icons" / icon).stat().st_size > 1000


def test_macos_bundle_registers_the_project_file_type():
    """Kooperation.app declares the .kooperation type and opens it as its editor."""
    spec = (PACKAGING / "kooperation.spec").read_text(encoding="utf-8")
    for extension, uti in ((EXTENSION, "project"), (CARD_EXTENSION, "steckbrief")):
        assert f'"public.filename-extension": ["{extension}"]' in spec
        assert f'"LSItemContentTypes": ["de.kooperation.{uti}"]' in spec


def test_windows_installer_registers_the_project_file_type():
    """The Inno Setup script maps .kooperation to Kooperation.exe with the file as argument."""
    iss = (PACKAGING / "windows" / "kooperation.iss").read_text(encoding="utf-8")
    assert f'Subkey: "Software\\Classes\\{SUFFIX}"' in iss
    assert f'Subkey: "Software\\Classes\\{CARD_SUFFIX}"' in iss
    assert '""{app}\\Kooperation.exe"" ""%1""' in iss
    assert "Source: \"..\\..\\dist\\kooperation\\*\"" in iss


def test_linux_desktop_entry_and_mime_type_agree():
    """The desktop entry opens files of the MIME type whose glob is the project file suffix."""
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str
    desktop.read(PACKAGING / "linux" / "kooperation.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Exec"] == "kooperation %f"
    mime = etree.parse(str(PACKAGING / "linux" / "kooperation-mime.xml"), etree.XMLParser(resolve_entities=False))
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    declared = {t.get("type"): t.find("m:glob", ns).get("pattern") for t in mime.findall("m:mime-type", ns)}
    assert entry["MimeType"].rstrip(";").split(";") == list(declared)
    assert sorted(declared.values()) == sorted([f"*{SUFFIX}", f"*{CARD_SUFFIX}"])
    install = (PACKAGING / "linux" / "install.sh").read_text(encoding="utf-8")
    for name in ("kooperation.desktop", "kooperation-mime.xml", "kooperation.png"):
        assert name in install


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_window_icon_has_every_size(qapp):
    """Each size the window icon lists is a PNG of that size, and Qt offers them all."""
    for size in ICON_SIZES:
        assert _png_size(ROOT / "resources" / "icons" / f"kooperation-{size}.png") == (size, size)
    icon = application_icon()
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(ICON_SIZES)
    assert not icon.pixmap(32, 32).isNull()


def test_readme_and_ci_run_the_same_test_command():
    """`.ci/run` runs exactly the test command the README gives (issue 15's promise)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tests = readme.split("## Tests", 1)[1]
    command = re.search(r"```bash\n(.+?)\n```", tests, re.S).group(1).strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci.splitlines()


def test_a_file_handed_over_by_the_system_opens_in_the_window(qtbot, qapp, tmp_path, monkeypatch):
    """macOS hands a double-clicked file to the running app as a QFileOpenEvent sent to the
    application: a card opens in its own window, a project file goes to "Änderungen
    übernehmen". Other events of the application open nothing."""
    from PySide6.QtCore import QEvent, QSettings
    from PySide6.QtGui import QFileOpenEvent

    from kooperation.store.repository import open_store
    from kooperation.ui.app import Application, files_handed_to
    from kooperation.ui.main_window import MainWindow
    from kooperation.ui.settings import Settings

    assert isinstance(qapp, Application)  # the tests run in the program's application class
    store = open_store(tmp_path / "s.sqlite3")
    window = MainWindow(store, Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    opened: list[tuple[str, str]] = []
    monkeypatch.setattr(window, "open_card", lambda path=None: opened.append(("card", path)))
    monkeypatch.setattr(window.project_files, "take_over", lambda path=None: opened.append(("merge", path)))
    with files_handed_to(qapp, window):
        for path in (f"/tmp/a{CARD_SUFFIX}", f"/tmp/b{SUFFIX}"):
            assert qapp.event(QFileOpenEvent(path)) is True
        assert opened == []  # each opens once the event that brought it is done
        qtbot.waitUntil(lambda: len(opened) == 2)
        assert opened == [("card", f"/tmp/a{CARD_SUFFIX}"), ("merge", f"/tmp/b{SUFFIX}")]
        qapp.event(QFileOpenEvent(""))  # no file: left to Qt
        qapp.event(QEvent(QEvent.Type.User))
        qtbot.wait(50)
        assert len(opened) == 2
    qapp.event(QFileOpenEvent(f"/tmp/c{SUFFIX}"))  # the window no longer takes files
    qtbot.wait(50)
    assert len(opened) == 2
    store.close()
