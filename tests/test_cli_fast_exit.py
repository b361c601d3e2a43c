"""The program ``kooperation`` skips the interpreter's teardown after a command that wrote
files, but only once everything is saved: the files are whole, the version is committed, the
output is complete; other commands and failures end the ordinary way."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kooperation.domain.demo import demo_project
from kooperation.store import open_store

# ``run`` as the console script calls it, with a teardown hook that says whether the
# interpreter's orderly exit happened
RUN = ("import atexit, sys; atexit.register(lambda: print('TEARDOWN', flush=True)); "
       "from kooperation.cli import run; sys.argv = ['kooperation'] + sys.argv[1:]; run()")


def _kooperation(*args: str, data: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, KOOPERATION_DATA_DIR=str(data), KOOPERATION_LANG="de")
    return subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """A store with the demo, and one ``kooperation draft`` run on it."""
    folder = tmp_path_factory.mktemp("fast")
    db = folder / "store.sqlite3"
    with open_store(db) as store:
        project = store.save_project(demo_project())
    out = folder / "out"
    result = _kooperation("--db", str(db), "draft", project.id, "--out", str(out), data=folder)
    return db, project, out, result


def test_draft_writes_whole_files_and_commits(drafted):
    """The draft exits 0 after printing everything; both files are whole and the version is
    in the store, although the teardown was skipped."""
    db, project, out, result = drafted
    assert result.returncode == 0, result.stderr
    assert "Vertrag v1 gespeichert" in result.stdout
    assert "TEARDOWN" not in result.stdout  # the fast exit was taken
    docx = next(out.glob("*.docx"))
    pdf = next(out.glob("*.pdf"))
    assert str(docx) in result.stdout and str(pdf) in result.stdout
    with zipfile.ZipFile(io.BytesIO(docx.read_bytes())) as package:
        assert package.testzip() is None
        assert project.partners[0].name.encode() in package.read("word/document.xml")
    assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
    with open_store(db) as store:
        [version] = store.list_drafts(project.id)
        stored = store.get_draft(project.id, version.number, version.kind)
    assert {f.content for f in stored.files} == {docx.read_bytes(), pdf.read_bytes()}
    assert not list(out.glob("*.part"))


def test_reading_command_ends_the_ordinary_way(drafted):
    """A command that writes no files (``drafts``) keeps the interpreter's orderly exit."""
    db, project, _out, _result = drafted
    result = _kooperation("--db", str(db), "drafts", project.id, data=db.parent)
    assert result.returncode == 0, result.stderr
    assert "Vertrag v1" in result.stdout
    assert "TEARDOWN" in result.stdout


def test_failed_draft_ends_the_ordinary_way(drafted):
    """A draft that fails (unknown project) says so, exits 1 and is no fast exit."""
    db, _project, _out, _result = drafted
    result = _kooperation("--db", str(db), "draft", "gibt-es-nicht", data=db.parent)
    assert result.returncode == 1
    assert "Fehler:" in result.stderr and "Traceback" not in result.stderr
    assert "TEARDOWN" in result.stdout


def test_collector_off_only_for_the_program(tmp_path, capsys):
    """Only the program's writing commands run without the cyclic garbage collector; a caller
    of ``main`` from Python (the tests, the window's process) keeps it."""
    import gc

    from kooperation.cli import main

    db = tmp_path / "store.sqlite3"
    with open_store(db) as store:
        project = store.save_project(demo_project())
    was_enabled = gc.isenabled()  # off when a window's test ran before (ui/collector.py)
    gc.enable()
    try:
        assert main(["--db", str(db), "draft", project.id, "--format", "docx"]) == 0
        assert gc.isenabled()
        assert main(["--db", str(db), "drafts", project.id], program=True) == 0
        assert gc.isenabled()
        assert main(["--db", str(db), "draft", project.id, "--format", "docx"], program=True) == 0
        assert not gc.isenabled()
    finally:
        (gc.enable if was_enabled else gc.disable)()
    assert "Vertrag v2 gespeichert" in capsys.readouterr().out


def test_the_window_starts_without_the_collector(tmp_path, monkeypatch):
    """The program starts the window with the automatic collector off, before the window's
    modules load (the window collects on its GUI thread: ui/collector.py); called from Python,
    ``main`` leaves it on."""
    import gc

    from kooperation import cli

    seen = []
    monkeypatch.setattr(cli, "_start_gui", lambda args: seen.append(gc.isenabled()) or 0)
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        assert cli.main(["--db", str(tmp_path / "store.sqlite3")]) == 0
        assert cli.main(["--db", str(tmp_path / "store.sqlite3")], program=True) == 0
    finally:
        (gc.enable if was_enabled else gc.disable)()
    assert seen == [True, False]
