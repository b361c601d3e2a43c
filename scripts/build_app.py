"""Build the self-contained program with PyInstaller: ``python scripts/build_app.py``.

1. Stages the package as it is installed (``src/kooperation`` with the clause libraries from
   ``templates/`` and the data from ``resources/`` inside it) in ``build/app-stage``.
2. Runs PyInstaller with ``packaging/kooperation.spec``: the program lands in
   ``dist/kooperation/`` (``dist/Kooperation.app`` on macOS).
3. On Linux, adds the desktop entry, the file type of project files and ``install.sh`` and packs
   ``dist/kooperation-<version>-linux-<machine>.tar.gz``.

Prints the size of the program folder. Needs PyInstaller (``pip install -e '.[build]'``); builds
for the system it runs on (PyInstaller does not cross-compile). The steps for Windows and macOS
are in packaging/README.md.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGE = ROOT / "build" / "app-stage"
DIST = ROOT / "dist"
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "templates", "resources")


def version() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from kooperation import __version__

    return __version__


def stage() -> Path:
    """``build/app-stage/kooperation``: the package with its libraries, as pip installs it."""
    if STAGE.exists():
        shutil.rmtree(STAGE)
    package = STAGE / "kooperation"
    shutil.copytree(ROOT / "src" / "kooperation", package, ignore=SKIP)
    data = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "templates", package / "templates", ignore=data)
    shutil.copytree(ROOT / "resources", package / "resources", ignore=data)
    return package


def folder_size(path: Path) -> int:
    """Bytes of the files under ``path`` (a symlink counts once, as its target)."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def linux_archive(app_version: str) -> Path:
    """Desktop entry, MIME type, icons and install.sh next to the program, packed as .tar.gz."""
    program = DIST / "kooperation"
    extra = ROOT / "packaging" / "linux"
    for name in ("kooperation.desktop", "kooperation-mime.xml", "install.sh"):
        shutil.copy2(extra / name, program / name)
    shutil.copy2(ROOT / "resources" / "icons" / "kooperation-256.png", program / "kooperation.png")
    archive = DIST / f"kooperation-{app_version}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(program, arcname=f"kooperation-{app_version}")
    return archive


def main() -> int:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("PyInstaller fehlt: python -m pip install -e '.[build]'", file=sys.stderr)
        return 1
    app_version = version()
    stage()
    env = {**os.environ, "KOOPERATION_STAGE": str(STAGE), "KOOPERATION_VERSION": app_version}
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"),
        str(ROOT / "packaging" / "kooperation.spec"),
    ]
    result = subprocess.run(command, env=env, cwd=ROOT)
    if result.returncode:
        return result.returncode
    program = DIST / "kooperation"
    print(f"program folder: {program} ({folder_size(program) / 2**20:.1f} MiB)")
    if sys.platform.startswith("linux"):
        archive = linux_archive(app_version)
        print(f"archive: {archive} ({archive.stat().st_size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
