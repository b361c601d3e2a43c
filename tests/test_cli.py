"""The command line as a user (or a script) drives it: demo, list, draft, export, import, errors."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from kooperation.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "store.sqlite3")


@pytest.fixture
def demo_id(capsys, db) -> str:
    code, out, err = run(capsys, "--db", db, "demo")
    assert code == 0, err
    return out.strip()


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_demo_creates_a_rich_project(capsys, db, demo_id):
    """`kooperation demo` prints an id; `projects` lists it with 4 partners and 2 open topics."""
    code, out, _ = run(capsys, "--db", db, "projects")
    assert code == 0
    assert demo_id in out and "Lernfabrik Neckar-Alb" in out
    header, _rule, row = out.splitlines()[:3]
    cells = dict(zip(header.split(), [c.strip() for c in row.split("  ") if c.strip()], strict=False))
    assert (cells["Partner"], cells["Entwürfe"], cells["Offen"]) == ("4", "0", "2")


def test_draft_agreement_in_both_formats_is_stored_as_numbered_versions(capsys, db, demo_id, tmp_path):
    """Generating twice gives versions 1 and 2, with DOCX and PDF that name partners and open points."""
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "--db", db, "draft", demo_id[:8], "--kind", "vertrag", "--format", "docx", "--format", "pdf", "--out", str(out_dir))
    assert code == 0, err
    assert "Vertrag v1 gespeichert" in out
    files = sorted(out_dir.iterdir())
    assert [f.suffix for f in files] == [".docx", ".pdf"]
    docx_file, pdf_file = files
    for text in (docx_text(docx_file), pdf_text(pdf_file)):
        text = text.replace("\u00a0", " ")  # "e. V." keeps its words on one line
        assert "ProdTech Maschinenbau GmbH" in text
        assert "Bildungswerk Neckar-Alb e. V." in text
        assert "Offene Punkte" in text
        assert "Abwerbeverbot" in text
        assert "ENTWURF" in text
    assert "Ali Şahin und Marta Łukasiewicz" in pdf_text(pdf_file)
    code, out, _ = run(capsys, "--db", db, "draft", demo_id, "--format", "pdf")
    assert code == 0 and "Vertrag v2 gespeichert" in out
    code, out, _ = run(capsys, "--db", db, "drafts", demo_id)
    lines = [line for line in out.splitlines() if line.startswith("Vertrag")]
    assert [line.split()[:3] for line in lines] == [
        ["Vertrag", "v1", "vertrag-1"], ["Vertrag", "v2", "vertrag-2"]]
    assert "docx, pdf" in lines[0] and "docx" not in lines[1] and "pdf" in lines[1]
    # the stored files are the same bytes that were written out
    get_dir = tmp_path / "again"
    code, out, _ = run(capsys, "--db", db, "get-draft", demo_id, "1", "--out", str(get_dir))
    assert code == 0
    assert (get_dir / docx_file.name).read_bytes() == docx_file.read_bytes()
    assert (get_dir / pdf_file.name).read_bytes() == pdf_file.read_bytes()


def test_project_sketch_is_one_or_two_pages(capsys, db, demo_id, tmp_path):
    """`--kind skizze` gives the project sketch on 1–2 pages with the agreed and open points."""
    code, out, err = run(capsys, "--db", db, "draft", demo_id, "--kind", "skizze", "--format", "pdf", "--out", str(tmp_path))
    assert code == 0, err
    pdf = next(tmp_path.glob("*.pdf"))
    reader = PdfReader(pdf)
    assert 1 <= len(reader.pages) <= 2
    text = pdf_text(pdf)
    assert "Projektskizze" in text and "Darüber müssen wir uns verständigen" in text


def test_export_import_round_trip_gives_the_same_project(capsys, db, demo_id, tmp_path):
    """Exporting to JSON and importing into another store reproduces the project exactly."""
    run(capsys, "--db", db, "draft", demo_id, "--format", "docx")
    exported = tmp_path / "projekt.json"
    code, _, err = run(capsys, "--db", db, "export", demo_id, "--json", str(exported))
    assert code == 0, err
    other = str(tmp_path / "other.sqlite3")
    code, out, err = run(capsys, "--db", other, "import", str(exported))
    assert code == 0, err
    assert out.strip() == demo_id
    again = tmp_path / "again.json"
    run(capsys, "--db", other, "export", demo_id, "--json", str(again))
    first, second = json.loads(exported.read_text()), json.loads(again.read_text())
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second
    code, out, _ = run(capsys, "--db", other, "drafts", demo_id)
    assert "docx" in out


def test_import_of_an_existing_project_needs_replace_or_copy(capsys, db, demo_id, tmp_path):
    """Importing a project that exists fails with advice; --copy gives a new id, --replace keeps it."""
    exported = tmp_path / "p.json"
    run(capsys, "--db", db, "export", demo_id, "--json", str(exported), "--without-drafts")
    code, _, err = run(capsys, "--db", db, "import", str(exported))
    assert code == 1 and "--replace" in err and "Traceback" not in err
    code, out, _ = run(capsys, "--db", db, "import", str(exported), "--copy")
    assert code == 0 and out.strip() != demo_id
    code, out, _ = run(capsys, "--db", db, "import", str(exported), "--replace")
    assert code == 0 and out.strip() == demo_id
    _, out, _ = run(capsys, "--db", db, "projects")
    assert out.count("Lernfabrik Neckar-Alb") == 2


def store_bytes(db: str) -> bytes:
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return Path(db).read_bytes()


def test_bad_json_files_are_rejected_naming_the_field_and_change_nothing(capsys, db, demo_id, tmp_path):
    """Broken JSON, a wrong value or a dangling reference: a clear message, the store unchanged."""
    exported = tmp_path / "p.json"
    run(capsys, "--db", db, "export", demo_id, "--json", str(exported), "--without-drafts")
    good = json.loads(exported.read_text())
    before = store_bytes(db)

    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "kooperation-projekt", ', encoding="utf-8")
    code, _, err = run(capsys, "--db", db, "import", str(broken))
    assert code == 1 and "JSON" in err and "Traceback" not in err

    bad = json.loads(json.dumps(good))
    bad["project"]["partners"][1]["sector"] = "mond"
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    code, _, err = run(capsys, "--db", db, "import", str(tmp_path / "bad.json"), "--copy")
    assert code == 1 and "partners" in err and "sector" in err

    dangling = json.loads(json.dumps(good))
    dangling["project"]["goals"][0]["owner_id"] = "00000000-0000-4000-8000-000000000000"
    (tmp_path / "dangling.json").write_text(json.dumps(dangling), encoding="utf-8")
    code, _, err = run(capsys, "--db", db, "import", str(tmp_path / "dangling.json"), "--copy")
    assert code == 1 and "owner_id" in err

    code, _, err = run(capsys, "--db", db, "import", str(tmp_path / "gibt-es-nicht.json"))
    assert code == 1 and "gibt es nicht" in err
    assert store_bytes(db) == before


def test_bad_ids_and_output_folders_are_clear_errors(capsys, db, demo_id, tmp_path):
    """An unknown id or an unwritable output folder is reported in plain words; nothing is stored."""
    code, _, err = run(capsys, "--db", db, "draft", "nichtda")
    assert code == 1 and "nichtda" in err and "Traceback" not in err
    blocker = tmp_path / "datei"
    blocker.write_text("x")
    code, _, err = run(capsys, "--db", db, "draft", demo_id, "--out", str(blocker / "sub"))
    assert code == 1 and "Traceback" not in err
    if os.geteuid() != 0:  # root can write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        code, _, err = run(capsys, "--db", db, "draft", demo_id, "--out", str(locked))
        assert code == 1
    _, out, _ = run(capsys, "--db", db, "drafts", demo_id)
    assert "noch keine Entwürfe" in out


def test_unusable_output_folder_leaves_no_version(capsys, db, demo_id, tmp_path, monkeypatch):
    """If writing the files fails, no version is stored and no partial file is left behind."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    def fail(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kooperation.atomic.os.fsync", fail)
    code, _, err = run(capsys, "--db", db, "draft", demo_id, "--out", str(out_dir))
    assert code == 1 and "Traceback" not in err
    assert list(out_dir.iterdir()) == []
    monkeypatch.undo()
    _, out, _ = run(capsys, "--db", db, "drafts", demo_id)
    assert "noch keine Entwürfe" in out


def test_a_file_that_is_not_a_store_is_refused_and_untouched(capsys, tmp_path):
    """Pointing --db at a text file gives a clear message and leaves the file as it was."""
    fake = tmp_path / "notes.sqlite3"
    fake.write_text("Einkaufsliste: Milch, Brot\n", encoding="utf-8")
    before = fake.read_bytes()
    code, _, err = run(capsys, "--db", str(fake), "projects")
    assert code == 1 and "SQLite" in err and "Traceback" not in err
    assert fake.read_bytes() == before


def test_environment_variable_selects_the_store(capsys, tmp_path, monkeypatch):
    """KOOPERATION_DB chooses the store when --db is not given."""
    target = tmp_path / "env.sqlite3"
    monkeypatch.setenv("KOOPERATION_DB", str(target))
    code, out, _ = run(capsys, "demo")
    assert code == 0 and target.exists()
    monkeypatch.delenv("KOOPERATION_DB")
    _, listing, _ = run(capsys, "--db", str(target), "projects")
    assert out.strip() in listing


def test_usage_errors_are_german_and_exit_2(capsys):
    """A malformed command line explains itself in German with exit status 2."""
    with pytest.raises(SystemExit) as exc:
        main(["draft"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "Fehler" in err and "fehlen" in err


def test_the_installed_command_runs_as_a_program(tmp_path):
    """`python -m kooperation` works as a separate process and prints the help without a store."""
    result = subprocess.run([sys.executable, "-m", "kooperation", "--help"], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "KOOPERATION_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0
    assert "Aufruf" in result.stdout and "draft" in result.stdout


def test_export_to_stdout_is_valid_json(capsys, db, demo_id):
    """`export --json -` writes the JSON document to standard output."""
    code, out, _ = run(capsys, "--db", db, "export", demo_id, "--json", "-", "--without-drafts")
    assert code == 0
    data = json.load(io.StringIO(out))
    assert data["project"]["id"] == demo_id and len(data["project"]["partners"]) == 4


def test_no_arguments_mean_what_the_parser_makes_of_them():
    """`kooperation` alone skips the parser (`cli.NO_ARGUMENTS`); it must mean what the parser
    would make of no arguments."""
    from kooperation import cli

    assert vars(cli.build_parser().parse_args([])) == cli.NO_ARGUMENTS
