"""Files are whole or absent: drafts are committed before their files get their names, a killed
process leaves no half file (and its temporary files are cleaned up), files get the usual
permissions, and every write is synced to the disk."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

import kooperation
from kooperation import atomic
from kooperation.cli import main
from kooperation.store import open_store


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def demo_id(capsys, db) -> str:
    code, out, err = run(capsys, "--db", db, "demo")
    assert code == 0, err
    return out.strip()


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def finals(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def stored_numbers(db: Path, project_id: str) -> list[int]:
    with open_store(db) as store:
        return [d.number for d in store.list_drafts(project_id)]


def assert_whole(path: Path) -> None:
    """The file opens as what it claims to be (a truncated DOCX or PDF does not)."""
    if path.suffix == ".docx":
        assert zipfile.ZipFile(path).testzip() is None
        assert docx.Document(str(path)).paragraphs
    else:
        assert len(PdfReader(path).pages) >= 1


def killed_draft(db: Path, project_id: str, out_dir: Path, patch: str) -> subprocess.CompletedProcess:
    """Run ``kooperation draft`` in its own process, with ``patch`` (Python source run after
    importing ``kooperation.drafts as d``) ending the process at a chosen moment."""
    code = (
        "import os, sys\n"
        "import kooperation.drafts as d\n"
        f"{patch}\n"
        "from kooperation.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    src = str(Path(kooperation.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, "-c", code, "--db", str(db), "draft", project_id, "--out", str(out_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_a_kill_between_commit_and_rename_keeps_the_version_and_the_next_run_cleans_up(capsys, db, demo_id, tmp_path):
    """Killed right after the commit: the version is stored, no final file is half written, the
    next draft removes the temporary files, and get-draft gives the killed version's files whole."""
    out_dir = tmp_path / "out"
    result = killed_draft(db, demo_id, out_dir, "d.publish = lambda moves: os._exit(9)")
    assert result.returncode == 9, result.stderr
    assert stored_numbers(db, demo_id) == [1]
    assert finals(out_dir) == []  # nothing under a final name ...
    assert len(parts(out_dir)) == 2  # ... only the synced temporary files of DOCX and PDF

    code, out, err = run(capsys, "--db", db, "draft", demo_id, "--out", out_dir)
    assert code == 0, err
    assert "Vertrag v2 gespeichert" in out
    assert parts(out_dir) == []
    assert [n for n in finals(out_dir) if "_v2." in n] == finals(out_dir)
    for name in finals(out_dir):
        assert_whole(out_dir / name)

    code, out, err = run(capsys, "--db", db, "get-draft", demo_id, "1", "--out", out_dir)
    assert code == 0, err
    with open_store(db) as store:
        version = store.get_draft(demo_id, 1)
    for file in version.files:
        assert (out_dir / file.filename).read_bytes() == file.content
        assert_whole(out_dir / file.filename)
    assert parts(out_dir) == []


def test_a_kill_before_the_commit_leaves_neither_a_version_nor_files(capsys, db, demo_id, tmp_path):
    """Killed inside the store's transaction: no version, no final file; the leftovers go at the
    next write to the folder."""
    out_dir = tmp_path / "out"
    result = killed_draft(db, demo_id, out_dir, "d._check_number = lambda *args: os._exit(9)")
    assert result.returncode == 9, result.stderr
    assert stored_numbers(db, demo_id) == []
    assert finals(out_dir) == []
    assert len(parts(out_dir)) == 2

    code, out, err = run(capsys, "--db", db, "draft", demo_id, "--out", out_dir)
    assert code == 0, err
    assert "Vertrag v1 gespeichert" in out
    assert parts(out_dir) == []
    assert len(finals(out_dir)) == 2 and all("_v1." in n for n in finals(out_dir))


def test_a_failed_rename_after_the_commit_keeps_the_version_and_says_so(capsys, db, demo_id, tmp_path, monkeypatch):
    """If the second file cannot be renamed, the version is stored, the user is told how to get
    the files, the first file is whole and no temporary file is left."""
    out_dir = tmp_path / "out"
    real_replace = os.replace
    calls = []

    def second_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", second_fails)
    code, out, err = run(capsys, "--db", db, "draft", demo_id, "--out", out_dir)
    monkeypatch.undo()
    assert code == 1 and "Traceback" not in err
    assert "Vertrag v1 ist gespeichert" in err and "get-draft" in err and "vertrag-1 --out" in err
    assert "No space left" in err
    assert stored_numbers(db, demo_id) == [1]
    assert parts(out_dir) == []
    (first,) = finals(out_dir)
    assert_whole(out_dir / first)

    code, _, err = run(capsys, "--db", db, "get-draft", demo_id, "1", "--out", out_dir)
    assert code == 0, err
    assert len(finals(out_dir)) == 2


def test_get_draft_never_leaves_a_truncated_file(capsys, db, demo_id, tmp_path, monkeypatch):
    """A write error in get-draft leaves the file that was there untouched and no temporary file."""
    code, _, err = run(capsys, "--db", db, "draft", demo_id, "--format", "docx")
    assert code == 0, err
    with open_store(db) as store:
        (file,) = store.get_draft(demo_id, 1).files
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / file.filename).write_bytes(b"die alte Datei")

    def disk_full(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    code, _, err = run(capsys, "--db", db, "get-draft", demo_id, "1", "--out", out_dir)
    monkeypatch.undo()
    assert code == 1 and "kann nicht geschrieben werden" in err and "Traceback" not in err
    assert (out_dir / file.filename).read_bytes() == b"die alte Datei"
    assert parts(out_dir) == []


def test_stale_temporary_files_are_removed_but_not_those_of_a_running_write(tmp_path):
    """Leftovers of a finished process or older than the limit go; those of a running process,
    of another computer (while young) and other files stay."""
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    host = atomic._HOST
    other_host = "000000" if host != "000000" else "111111"
    names = {
        "dead": f".kooperation-{host}-{dead_pid}-abc.part",
        "mine": f".kooperation-{host}-{os.getpid()}-abc.part",
        "parent": f".kooperation-{host}-{os.getppid()}-abc.part",
        "elsewhere": f".kooperation-{other_host}-{dead_pid}-abc.part",
        "old_style": ".kooperation-x1y2z3.part",
        "old_style_aged": ".kooperation-q9r8.part",
        "elsewhere_aged": f".kooperation-{other_host}-1-def.part",
        "not_ours": ".andere-anwendung.part",
        "document": "Vertrag.docx",
    }
    for name in names.values():
        (tmp_path / name).write_bytes(b"x")
    aged = time.time() - atomic.STALE_AFTER_SECONDS - 60
    for key in ("old_style_aged", "elsewhere_aged"):
        os.utime(tmp_path / names[key], (aged, aged))
    removed = {p.name for p in atomic.remove_stale_parts(tmp_path)}
    assert removed == {names["dead"], names["old_style_aged"], names["elsewhere_aged"]}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(set(names.values()) - removed)


def test_written_files_follow_the_umask(tmp_path, umask_022, capsys, db, demo_id):
    """Under umask 022 new files are 0644 (drafts, get-draft, exports), under 077 they are 0600;
    a file that is replaced keeps its permissions."""
    target = tmp_path / "a.json"
    atomic.write_atomic(target, b"{}")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    os.umask(0o077)
    atomic.write_atomic(tmp_path / "b.json", b"{}")
    assert stat.S_IMODE((tmp_path / "b.json").stat().st_mode) == 0o600
    os.umask(0o022)
    target.chmod(0o640)
    atomic.write_atomic(target, b"[]")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_bytes() == b"[]"

    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "--db", db, "draft", demo_id, "--out", out_dir)
    assert code == 0, err
    code, _, err = run(capsys, "--db", db, "get-draft", demo_id, "1", "--out", tmp_path / "again")
    assert code == 0, err
    code, _, err = run(capsys, "--db", db, "export", demo_id, "--json", tmp_path / "p.json")
    assert code == 0, err
    written = [*out_dir.iterdir(), *(tmp_path / "again").iterdir(), tmp_path / "p.json"]
    assert len(written) == 5
    assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {0o644}


def test_the_umask_is_read_without_changing_it(umask_022):
    """Reading the umask leaves it as it was."""
    os.umask(0o027)
    assert atomic.current_umask() == 0o027
    assert atomic.new_file_mode() == 0o640
    assert os.umask(0o022) == 0o027


def test_a_write_syncs_the_file_before_the_rename_and_the_folder_after(tmp_path, monkeypatch):
    """write_atomic calls fsync on the data file, renames, then fsyncs the folder."""
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src, dst):
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    monkeypatch.setattr(atomic.os, "replace", replace)
    atomic.write_atomic(tmp_path / "x.bin", b"123")
    assert events == ["fsync file", "rename", "fsync folder"]
    assert (tmp_path / "x.bin").read_bytes() == b"123"
