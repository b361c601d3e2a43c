"""Smoke test of the built program (``python scripts/build_app.py`` first): does it run?

Runs the program in ``dist/`` as a user would, each in its own process, offscreen:
1. ``--version`` answers;
2. ``selftest --out``: the window starts and paints, the example opens in the project window, a
   contract draft (DOCX, PDF) is generated and stored (`kooperation.ui.selftest`); the files
   are checked here once more (the PDF's text says "Entwurf");
3. ``demo --out`` creates the example and writes contract and sketch as DOCX and PDF;
4. a wrong project id ends with a plain German message and exit status 1, no traceback;
5. on Linux with ``xvfb-run`` present: ``selftest`` once more in a real X11 window (the xcb
   platform plugin and the X libraries it needs are part of the build).
Prints the size of the program and how long each step took. Exit status 0 if all passed.
``--program PATH`` tests another build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from build_app import folder_size  # noqa: E402


def default_program() -> Path:
    """The command-line program of the build for this system."""
    if sys.platform == "win32":
        return ROOT / "dist" / "kooperation" / "kooperation-cli.exe"
    if sys.platform == "darwin":
        return ROOT / "dist" / "Kooperation.app" / "Contents" / "MacOS" / "kooperation-cli"
    return ROOT / "dist" / "kooperation" / "kooperation"


class Smoke:
    def __init__(self, program: Path, folder: Path) -> None:
        self.program = program
        self.env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "KOOPERATION_DATA_DIR": str(folder / "daten"),
            "KOOPERATION_LANG": "de",
            "PYTHONPATH": "",  # the build must not lean on a source tree
        }
        self.failures: list[str] = []

    def run(self, *args: str, expect: int = 0, x11: bool = False) -> subprocess.CompletedProcess[str]:
        started = time.perf_counter()
        command = [str(self.program), *args]
        env = self.env
        if x11:
            command = ["xvfb-run", "-a", *command]
            env = {name: value for name, value in env.items() if name != "QT_QPA_PLATFORM"}
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        took = time.perf_counter() - started
        print(f"  {'(X11) ' if x11 else ''}{' '.join(args):<50} exit {result.returncode}  {took * 1000:7.0f} ms")
        if result.returncode != expect:
            self.fail(f"{' '.join(args)}: exit {result.returncode}, expected {expect}\n{result.stdout}\n{result.stderr}")
        if "Traceback" in result.stdout + result.stderr:
            self.fail(f"{' '.join(args)}: a traceback reached the user\n{result.stderr}")
        return result

    def fail(self, text: str) -> None:
        self.failures.append(text)
        print("  FEHLER: " + text.splitlines()[0])

    def check_files(self, folder: Path, expected: int) -> None:
        files = sorted(folder.glob("*.docx")) + sorted(folder.glob("*.pdf"))
        if len(files) != expected:
            self.fail(f"{folder}: {len(files)} files, expected {expected}")
        from pypdf import PdfReader

        for pdf in folder.glob("*.pdf"):
            text = "".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
            if "Entwurf" not in text and "ENTWURF" not in text:
                self.fail(f"{pdf.name}: the PDF does not say Entwurf")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--program", type=Path, default=default_program())
    args = parser.parse_args()
    program: Path = args.program
    if not program.exists():
        print(f"no built program at {program}: run python scripts/build_app.py first", file=sys.stderr)
        return 1
    bundle = program.parent if sys.platform != "darwin" else program.parents[2]
    print(f"program: {program}  ({folder_size(bundle) / 2**20:.1f} MiB)")
    with tempfile.TemporaryDirectory(prefix="kooperation-smoke-") as tmp:
        folder = Path(tmp)
        smoke = Smoke(program, folder)
        version = smoke.run("--version")
        if "kooperation" not in version.stdout:
            smoke.fail(f"--version printed {version.stdout!r}")
        smoke.run("selftest", "--out", str(folder / "selbsttest"))
        smoke.check_files(folder / "selbsttest", 2)
        db = str(folder / "smoke.sqlite3")
        smoke.run("--db", db, "demo", "--out", str(folder / "beispiel"))
        smoke.check_files(folder / "beispiel", 4)
        wrong = smoke.run("--db", db, "show", "gibt-es-nicht", expect=1)
        if not wrong.stderr.startswith("Fehler:"):
            smoke.fail(f"a wrong id gave {wrong.stderr!r}")
        if sys.platform.startswith("linux") and shutil.which("xvfb-run"):
            window = smoke.run("selftest", x11=True)
            if "Selbsttest bestanden" not in window.stdout:
                smoke.fail(f"selftest under X11 printed {window.stdout!r}")
        elif sys.platform.startswith("linux"):
            print("  (X11 not tested: xvfb-run is missing - apt-get install xvfb xauth)")
    if smoke.failures:
        print(f"smoke test FAILED ({len(smoke.failures)})")
        return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
