"""A throwaway PostgreSQL server for the tests: a cluster in a temporary folder, reachable only
over a Unix socket in that folder (no network, no port), with trust login for one superuser.

Debian's ``postgresql`` package puts initdb and pg_ctl in /usr/lib/postgresql/<version>/bin
(not on PATH). PostgreSQL refuses to run as root, so when the tests run as root (CI) the server
runs as the unprivileged ``postgres`` user the package creates (or ``nobody``) via ``runuser``;
the folder is handed to that user. As a normal user the server simply runs as that user.
Without the binaries `PgServer.find` says why, and the tests that need the server skip.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

SUPERUSER = "kooperation"


def _bin_dir() -> Path | None:
    """The folder with initdb and pg_ctl (newest installed version first), or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent  # a link on PATH: the folder with pg_dump as well
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: [int(x) if x.isdigit() else 0 for x in Path(p).parent.parent.name.split(".")],
    )
    return Path(candidates[-1]).parent if candidates else None


def _run_as() -> str | None:
    """The unprivileged user to run the server as when we are root; None when we are not."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    return None


class PgServer:
    """A running throwaway cluster; `url` gives a fresh database, `stop` removes everything."""

    def __init__(self, bin_dir: Path, folder: Path, user: str | None) -> None:
        self.bin_dir = bin_dir
        self.folder = folder
        self.data = folder / "data"
        self.user = user
        self._databases = 0

    @classmethod
    def why_not(cls) -> str | None:
        """Why no server can be started here (None if it can)."""
        if _bin_dir() is None:
            return "PostgreSQL is not installed (apt-get install postgresql; .ci/run does)"
        if os.geteuid() == 0 and _run_as() is None:
            return "running as root and there is no unprivileged user for PostgreSQL"
        if os.geteuid() == 0 and shutil.which("runuser") is None:
            return "running as root and runuser is missing"
        try:
            import psycopg  # noqa: F401
        except ImportError:
            return "psycopg is not installed (pip install 'kooperation[postgres]')"
        return None

    @classmethod
    def start(cls) -> PgServer:
        bin_dir = _bin_dir()
        assert bin_dir is not None
        user = _run_as()
        folder = Path(tempfile.mkdtemp(prefix="koop-pg-"))  # short: socket paths are limited
        if user is not None:
            entry = pwd.getpwnam(user)
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        server = cls(bin_dir, folder, user)
        try:
            server._run(
                "initdb",
                "-D",
                str(server.data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            )
            options = (
                f"-k {folder} -c listen_addresses='' -c fsync=off -c full_page_writes=off "
                "-c synchronous_commit=off -c max_connections=50"
            )
            server._run(
                "pg_ctl",
                "-D",
                str(server.data),
                "-o",
                options,
                "-l",
                str(folder / "log"),
                "-w",
                "-t",
                "60",
                "start",
            )
        except BaseException:
            server.stop()
            raise
        return server

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.folder)
        if result.returncode != 0:
            log = self.folder / "log"
            extra = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed: {result.stdout}{result.stderr}{extra}")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.folder}"

    def create_database(self, template: str | None = None) -> str:
        """A new database, empty or a copy of the database ``template`` (a name, which nobody
        may be connected to); returns its URL."""
        import psycopg

        self._databases += 1
        name = f"t{self._databases}_{uuid.uuid4().hex[:8]}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with psycopg.connect(
            host=str(self.folder), user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)

    @staticmethod
    def name(url: str) -> str:
        from sqlalchemy.engine import make_url

        return str(make_url(url).database)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = self.name(url)
        with psycopg.connect(
            host=str(self.folder), user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
