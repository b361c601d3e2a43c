"""Opening a store honestly: a copy before each migration, read-only stores opened for reading,
and each reason a store cannot be used (read-only file or folder, locked, damaged) named as such.

Tests run as root, whom file permissions do not stop: read-only files and folders are simulated
at the writability checks (`db._file_writable`, `db._probe_writable`), while the read-only
connections themselves are real and really refuse to write.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from kooperation.cli import main
from kooperation.domain.demo import demo_project
from kooperation.domain.model import Project
from kooperation.errors import StoreError
from kooperation.store import db, open_store
from kooperation.store.quick import SCHEMA_HEAD, peek_summaries
from oldstore import migrate, old_store


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def path(tmp_path) -> Path:
    """A store at the newest schema with the demo project and one draft version."""
    target = tmp_path / "kooperation.sqlite3"
    with open_store(target) as store:
        project = store.save_project(demo_project())
        store.add_draft_version(project.id, "vertrag", "de", "{}", "abc", [("docx", "v1.docx", b"PK-Inhalt")])
    return target


def query(path: Path, sql: str) -> list[tuple]:
    """Read with a plain connection, closed at once (so it leaves no -wal or -shm file)."""
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def project_id(path: Path) -> str:
    return query(path, "SELECT id FROM project")[0][0]


def revision_of(path: Path) -> str:
    return query(path, "SELECT version_num FROM alembic_version")[0][0]


def sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


# --- a copy before each migration -------------------------------------------------------------


def test_a_migration_is_preceded_by_a_copy_of_the_store(tmp_path):
    """Opening an older store makes a copy at the old schema next to it, says so, then migrates."""
    path = old_store(tmp_path / "kooperation.sqlite3")
    with open_store(path) as store:
        assert store.schema_version() == SCHEMA_HEAD
        assert [p.name for p in store.list_projects()] == ["Alt"]
        (notice,) = store.notices
    (backup,) = db.migration_backups(path)
    assert backup.name.startswith("kooperation.sqlite3.vor-migration-0002-") and backup.suffix == ".bak"
    assert notice == f"Vor der Aktualisierung der Datenbank wurde eine Sicherung angelegt: {backup}"
    assert revision_of(backup) == "0002"
    assert query(backup, "SELECT name FROM project") == [("Alt",)]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_no_copy_for_a_new_store_or_one_that_is_current(tmp_path):
    """A new store and a store at the newest schema are opened without a copy or a notice."""
    path = tmp_path / "neu.sqlite3"
    for _ in range(2):
        with open_store(path) as store:
            assert store.notices == []
    empty = tmp_path / "leer.sqlite3"
    empty.touch()
    open_store(empty).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leer.sqlite3", "neu.sqlite3"]


def test_only_the_newest_three_copies_are_kept(tmp_path):
    """Copies of earlier migrations beyond the newest three are removed; other files stay."""
    path = old_store(tmp_path / "k.sqlite3")
    older = [db.backup_name(path, "0001", datetime(2024, month, 1, 9, 0, 0)) for month in (1, 2, 3)]
    for copy in older:
        copy.write_bytes(b"alte Sicherung")
    other_store = tmp_path / "anderer.sqlite3.vor-migration-0001-20200101-000000.bak"
    other_store.write_bytes(b"gehoert zu einem anderen Store")
    with open_store(path) as store:
        assert store.notices
    kept = db.migration_backups(path)
    assert [p.name for p in kept[:2]] == [p.name for p in older[1:]]
    assert len(kept) == 3 and revision_of(kept[2]) == "0002"
    assert not older[0].exists() and other_store.exists()


def test_the_cli_shows_the_copy_it_made(capsys, tmp_path):
    """`kooperation projects` on an older store lists it and tells where the copy is."""
    path = old_store(tmp_path / "k.sqlite3")
    code, out, err = run(capsys, "--db", path, "projects")
    assert code == 0 and "Alt" in out
    assert "Vor der Aktualisierung der Datenbank wurde eine Sicherung angelegt" in err
    assert str(db.migration_backups(path)[0]) in err


def test_without_a_copy_there_is_no_migration(tmp_path, monkeypatch):
    """If the copy cannot be made, the store stays at its schema and the user is told why."""
    path = old_store(tmp_path / "k.sqlite3")
    monkeypatch.setattr(db, "backup_name", lambda *_a: tmp_path / "fehlt" / "kopie.bak")
    with pytest.raises(StoreError, match="keine Sicherung angelegt.*nicht verändert"):
        open_store(path)
    assert revision_of(path) == "0002"
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".bak", ".part")] == []


# --- read-only stores ---------------------------------------------------------------------------


@pytest.fixture
def read_only_file(monkeypatch):
    monkeypatch.setattr(db, "_file_writable", lambda _path: False)


@pytest.fixture
def read_only_folder(monkeypatch):
    monkeypatch.setattr(db, "_probe_writable", lambda _folder: False)


def test_a_read_only_file_is_opened_for_reading(path, read_only_file):
    """Reading works; every write is refused with a message that says why; the file is unchanged."""
    before = path.read_bytes()
    with open_store(path) as store:
        assert store.read_only == db.READ_ONLY_FILE
        (summary,) = store.list_projects()
        assert store.load_project(summary.id).name == demo_project().name
        assert store.get_draft(summary.id, 1).files[0].content == b"PK-Inhalt"
        with pytest.raises(StoreError, match="schreibgeschützt und kann nur gelesen werden"):
            store.save_project(Project("Neu"))
        with pytest.raises(StoreError, match="schreibgeschützt"):
            store.delete_project(summary.id)
        # the connection itself is read-only: even a write that bypasses the check is refused
        with pytest.raises(OperationalError, match="readonly"), store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM project")
    assert path.read_bytes() == before


def test_a_store_in_a_read_only_folder_is_read_without_creating_files(path, read_only_folder):
    """In a folder without write permission the store is read immutably: no -wal or -shm file
    appears, writes are refused naming the folder."""
    assert sidecars(path) == []
    before = path.read_bytes()
    with open_store(path) as store:
        assert store.read_only == db.READ_ONLY_FOLDER
        assert [p.name for p in store.list_projects()] == [demo_project().name]
        assert sidecars(path) == []
        with pytest.raises(StoreError, match="Ordner ohne Schreibrechte"):
            store.save_project(Project("Neu"))
        with pytest.raises(OperationalError, match="readonly"), store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM project")
    assert sidecars(path) == [] and path.read_bytes() == before
    assert db.read_only_uri(path, db.READ_ONLY_FOLDER).endswith("?mode=ro&immutable=1")


def test_a_read_only_folder_with_pending_changes_still_shows_them(path, read_only_folder):
    """Changes still in the -wal file are read (not immutable, which would miss them)."""
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE project SET name = 'Noch im Protokoll'")
    try:
        assert (path.parent / (path.name + "-wal")).stat().st_size > 0
        assert db.read_only_uri(path, db.READ_ONLY_FOLDER).endswith("?mode=ro")
        with open_store(path) as store:
            assert [p.name for p in store.list_projects()] == ["Noch im Protokoll"]
    finally:
        writer.close()


def test_a_read_only_store_that_needs_a_migration_is_refused(tmp_path, read_only_file):
    """An older store that cannot be written is not migrated (and not copied): a clear message."""
    path = old_store(tmp_path / "k.sqlite3")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="älteren Version.*schreibgeschützt"):
        open_store(path)
    assert path.read_bytes() == before and db.migration_backups(path) == []


def test_an_empty_read_only_file_cannot_become_a_store(tmp_path, read_only_file):
    """An empty file that cannot be written is refused with a message saying so."""
    path = tmp_path / "leer.sqlite3"
    path.touch()
    with pytest.raises(StoreError, match="leer und schreibgeschützt"):
        open_store(path)


def test_the_cli_reads_a_read_only_store_and_refuses_to_write(capsys, path, tmp_path_factory, read_only_folder):
    """projects, show, export and get-draft work; draft, import, demo and review comment say the
    store is read-only before doing anything; the store is unchanged."""
    before = path.read_bytes()
    pid = project_id(path)
    code, out, err = run(capsys, "--db", path, "projects")
    assert code == 0 and demo_project().name in out, err
    code, out, err = run(capsys, "--db", path, "show", pid)
    assert code == 0 and "Partner:" in out, err
    code, out, err = run(capsys, "--db", path, "export", pid, "--json", "-")
    assert code == 0 and '"project"' in out, err
    elsewhere = tmp_path_factory.mktemp("aus")  # the store's folder is the read-only one
    exported = elsewhere / "p.json"
    exported.write_text(out, encoding="utf-8")
    code, out, err = run(capsys, "--db", path, "get-draft", pid, "1", "--out", elsewhere)
    assert code == 0 and (elsewhere / "v1.docx").read_bytes() == b"PK-Inhalt", err
    for args in (
        ["draft", pid, "--format", "docx"],
        ["import", exported, "--copy"],
        ["demo"],
        ["review", "comment", pid, "1", "--clause", "austritt", "--author", "A", "--text", "x"],
    ):
        code, out, err = run(capsys, "--db", path, *args)
        assert code == 1, args
        assert "Ordner ohne Schreibrechte und kann nur gelesen werden" in err and "Traceback" not in err
    assert path.read_bytes() == before and sidecars(path) == []


def test_the_quick_start_list_reads_a_read_only_store(path, monkeypatch):
    """The start page's quick read lists a store in a read-only folder without creating files."""
    with open_store(path) as store:
        expected = store.list_projects()
    assert sidecars(path) == []
    real_access = __import__("os").access
    monkeypatch.setattr(
        "kooperation.store.quick.os.access",
        lambda p, mode: False if Path(p) == path.parent and mode & 2 else real_access(p, mode),
    )
    assert peek_summaries(path) == expected
    assert sidecars(path) == []


# --- locked and damaged stores --------------------------------------------------------------------


@pytest.fixture
def short_wait(monkeypatch):
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)


def test_a_store_locked_exclusively_by_another_program_is_named_locked(capsys, path, short_wait):
    """A program holding SQLite's exclusive lock makes opening fail as 'gesperrt', not 'beschädigt'."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("COMMIT")  # the lock stays with the connection
    try:
        with pytest.raises(StoreError) as exc:
            open_store(path)
        message = str(exc.value)
        assert "von einem anderen Programm gesperrt" in message and "beschädigt" not in message
        code, _, err = run(capsys, "--db", path, "projects")
        assert code == 1 and "gesperrt" in err
    finally:
        holder.close()
    with open_store(path) as store:  # once the other program is done, all is well
        assert len(store.list_projects()) == 1


def test_a_write_while_another_program_writes_is_named_locked(path, short_wait):
    """With another connection in BEGIN EXCLUSIVE the store still opens and reads; a write
    waits, then says the store is locked, and nothing is stored."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with open_store(path) as store:
            assert len(store.list_projects()) == 1
            with pytest.raises(StoreError, match="von einem anderen Programm gesperrt"):
                store.save_project(Project("Neu"))
    finally:
        holder.close()
    with open_store(path) as store:
        assert len(store.list_projects()) == 1


def test_a_damaged_store_is_still_called_damaged(tmp_path):
    """A file with SQLite's header but garbage after it is reported as damaged."""
    path = tmp_path / "kaputt.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(StoreError, match="beschädigt"):
        open_store(path)


def test_the_project_list_is_read_from_indexes_alone(path):
    """The start page's reads of a store (partner names in order, versions and open topics per
    project, the projects newest first) each pass over one index holding every column they need
    (migrations 0012, 0013): with 1,000 projects they took 5-9 ms each through row lookups,
    2-3 ms this way; the open topics' index holds only the open ones, the projects' index their
    order (1,000 projects: 0.7 instead of 2.4 ms and 0.6 instead of 1.4 ms)."""
    from kooperation.store import quick

    with closing(sqlite3.connect(path)) as conn:
        for query in (quick._PARTNERS, quick._DRAFTS, quick._OPEN, quick._PROJECTS):
            plan = " ".join(row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + query))
            assert "USING COVERING INDEX" in plan and "TEMP B-TREE" not in plan, (query, plan)
        partial = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_rule_decision_open'"
        ).fetchone()[0]
        assert partial.endswith("WHERE " + quick.OPEN_DECISION)
    summary = peek_summaries(path)[0]
    assert summary.partner_names == [p.name for p in demo_project().partners]
    assert summary.draft_count == 1 and summary.open_topics > 0


def test_opening_a_current_store_loads_no_server_dialect_or_migrations(path):
    """A store file at the current schema is opened and listed without loading SQLAlchemy's
    PostgreSQL dialect or Alembic: each start of the program and each command would pay 20 ms
    and 2 MiB for them (the dialect came in through an index's PostgreSQL option)."""
    code = (
        "import sys\nfrom kooperation.store import open_store\n"
        f"with open_store({str(path)!r}) as store:\n    assert store.list_projects()\n"
        "print(sorted({m for m in sys.modules if m.startswith(('alembic', 'sqlalchemy.dialects.postgresql'))}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_store_of_schema_0012_lists_the_same_after_the_upgrade(tmp_path):
    """Migration 0013 only narrows two indexes: a 0012 store's projects are listed with the
    same partners, counts and order after the upgrade, and going back restores 0012's
    indexes."""
    path = tmp_path / "kooperation.sqlite3"
    with open_store(path) as store:
        store.save_project(demo_project())
        second = demo_project()
        second.name = "Zweites Projekt"
        store.save_project(second)
        before = store.list_projects()
    migrate(path, "0012", down=True)
    assert revision_of(path) == "0012"
    indexes = dict(query(path, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
    assert "ix_project_list" not in indexes and "ix_project_updated_at" in indexes
    assert "WHERE" not in indexes["ix_rule_decision_open"]
    assert peek_summaries(path) is None  # an older schema goes through open_store
    with open_store(path) as store:
        assert store.schema_version() == SCHEMA_HEAD
        after = store.list_projects()
    assert after == before and after[0].open_topics > 0
    assert peek_summaries(path) == before
