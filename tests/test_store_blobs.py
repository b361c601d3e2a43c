"""Draft files stored as shared, compressed parts (`kooperation.store.blobs`, migration 0009)."""

from __future__ import annotations

import hashlib
import io
import os
import random
import sqlite3
import zipfile

import pytest

from kooperation.domain.demo import demo_project
from kooperation.drafts import render_draft
from kooperation.errors import StoreError
from kooperation.store import blobs, db, open_store
from kooperation.store.quick import SCHEMA_HEAD
from oldstore import migrate


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def demo_files() -> list[tuple[str, str, bytes]]:
    """The demo agreement rendered once as DOCX and PDF (version 1 and, renamed, version 2)."""
    project = demo_project()
    first = render_draft(project, number=1).files
    project.name += " Nord"
    second = render_draft(project, number=2).files
    return first + [(fmt, name, data) for fmt, name, data in second]


def add(store, project_id: str, files) -> None:
    store.add_draft_version(project_id, "vertrag", "de", "{}", "h", files)


def count(path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def word_like_docx() -> bytes:
    """A DOCX-like ZIP as another program writes it: other order, stored and deflated members."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("word/document.xml", (2026, 5, 1, 12, 0, 0)), b"<w:document/>" * 900,
                   compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("[Content_Types].xml", b"<Types/>", compress_type=zipfile.ZIP_STORED)
        z.writestr("word/media/image1.bin", random.Random(3).randbytes(30000))
    return out.getvalue()


def test_every_file_reads_back_byte_for_byte(tmp_path, demo_files):
    """Demo DOCX and PDF, a ZIP written another way, random bytes and an empty file come back
    from the store with the SHA-256 they were written with."""
    other = [
        ("docx", "word.docx", word_like_docx()),
        ("pdf", "random.pdf", random.Random(1).randbytes(200_000) + b"endobj\nstream\nPK\x03\x04"),
    ]
    with open_store(tmp_path / "s.sqlite3") as store:
        pid = store.save_project(demo_project()).id
        add(store, pid, demo_files[:2])
        add(store, pid, demo_files[2:])
        add(store, pid, other)
        add(store, pid, [("pdf", "leer.pdf", b"")])
        for number, files in ((1, demo_files[:2]), (2, demo_files[2:]), (3, other)):
            stored = store.get_draft(pid, number)
            assert [(f.format, sha(f.content)) for f in stored.files] == [
                (fmt, sha(data)) for fmt, _name, data in sorted(files)]
        assert store.get_draft(pid, 4).files[0].content == b""


def test_parts_join_to_the_file_and_fonts_and_logo_are_parts_of_their_own(demo_files):
    """Splitting never changes the bytes, and each embedded font and the logo of the DOCX is a
    part of its own (so the next version shares it)."""
    docx = demo_files[0][2]
    parts = blobs.split(docx)
    assert b"".join(parts) == docx
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        big = [i for i in z.infolist() if i.filename.startswith(("word/fonts/", "word/media/"))]
        for info in big:
            raw = docx[info.header_offset + 30 + len(info.orig_filename) :][: info.compress_size]
            assert any(raw in p and len(p) < 2 * len(raw) + 200 for p in parts), info.filename
    for _fmt, _name, data in demo_files:
        assert b"".join(blobs.split(data)) == data


def test_a_second_version_stores_only_what_changed(tmp_path, demo_files):
    """Version 2 of the demo (other name, other number) adds less than a third of its files'
    size to the store, and the fonts and logo are stored once."""
    path = tmp_path / "s.sqlite3"
    with open_store(path) as store:
        pid = store.save_project(demo_project()).id
        add(store, pid, demo_files[:2])
        with sqlite3.connect(path) as conn:
            before = conn.execute("SELECT sum(length(data)) FROM blob").fetchone()[0]
        add(store, pid, demo_files[2:])
    with sqlite3.connect(path) as conn:
        after = conn.execute("SELECT sum(length(data)) FROM blob").fetchone()[0]
    second = sum(len(data) for _fmt, _name, data in demo_files[2:])
    assert after - before < second / 3, (after - before, second)
    assert before < sum(len(data) for _fmt, _name, data in demo_files[:2]) * 0.85  # compressed


def test_deleting_a_project_removes_only_the_blobs_nobody_uses(tmp_path, demo_files):
    """After a project is deleted no blob is left that no file uses, and the other project's
    version (which shares fonts and logo with it) still reads back exactly."""
    path = tmp_path / "s.sqlite3"
    with open_store(path) as store:
        keep = store.save_project(demo_project()).id
        gone = store.save_project(demo_project()).id
        add(store, keep, demo_files[:2])
        add(store, gone, demo_files[2:])
        shared_before = count(path, "blob")
        store.delete_project(gone)
        orphans = sqlite3.connect(path).execute(
            "SELECT count(*) FROM blob WHERE id NOT IN (SELECT blob_id FROM draft_file_part)"
        ).fetchone()[0]
        assert orphans == 0
        assert 0 < count(path, "blob") < shared_before
        kept = store.get_draft(keep, 1)
        assert sorted(sha(f.content) for f in kept.files) == sorted(sha(d) for _f, _n, d in demo_files[:2])
        store.delete_project(keep)
    assert count(path, "blob") == 0 and count(path, "draft_file_part") == 0


def test_replacing_a_project_by_import_keeps_shared_blobs_and_drops_the_rest(tmp_path, demo_files):
    """An import that replaces a project leaves no unused blob and keeps the versions' bytes."""
    path = tmp_path / "s.sqlite3"
    with open_store(path) as store:
        pid = store.save_project(demo_project()).id
        add(store, pid, demo_files[:2])
        add(store, pid, demo_files[2:])
        project = store.load_project(pid)
        only_first = [store.get_draft(pid, 1)]
        store.import_project(project, only_first, mode="replace")
        assert [f.content for f in store.get_draft(pid, 1).files] == [d for _f, _n, d in sorted(demo_files[:2])]
    with sqlite3.connect(path) as conn:
        assert conn.execute(
            "SELECT count(*) FROM blob WHERE id NOT IN (SELECT blob_id FROM draft_file_part)"
        ).fetchone()[0] == 0


def test_a_blob_in_use_cannot_be_deleted(tmp_path, demo_files):
    """SQLite itself refuses to delete a blob that a file still uses (foreign key)."""
    path = tmp_path / "s.sqlite3"
    with open_store(path) as store:
        pid = store.save_project(demo_project()).id
        add(store, pid, demo_files[:2])
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM blob WHERE id = (SELECT min(blob_id) FROM draft_file_part)")
    conn.close()


def test_a_damaged_blob_is_reported_not_returned(tmp_path, demo_files):
    """A part whose bytes were changed on disk gives a German error naming the file, never
    other bytes."""
    path = tmp_path / "s.sqlite3"
    with open_store(path) as store:
        pid = store.save_project(demo_project()).id
        add(store, pid, demo_files[:1])
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE blob SET codec = 'raw', data = X'00' WHERE id = (SELECT max(id) FROM blob)")
    with open_store(path) as store, pytest.raises(StoreError, match="beschädigt"):
        store.get_draft(pid, 1)


def test_a_0008_store_is_converted_with_a_copy_and_the_same_bytes(tmp_path, demo_files):
    """A store at schema 0008 with whole files: after opening, every version gives the same
    bytes, the old column is gone, a copy of the old store exists and the file got smaller."""
    from oldstore import old_store

    path = old_store(tmp_path / "alt.sqlite3", "0008")
    project_id = "11111111-1111-4111-8111-111111111111"
    conn = sqlite3.connect(path)
    expected = {}
    for n in range(1, 7):
        files = demo_files[:2] if n % 2 else demo_files[2:]
        conn.execute(
            "INSERT INTO draft_version (id, project_id, number, kind_number, kind, language, "
            "created_at, content_hash, data_json, template_version, note) VALUES "
            "(?, ?, ?, ?, 'vertrag', 'de', ?, 'h', '{}', '', '')",
            (f"v{n}", project_id, n, n, f"2025-01-0{n} 10:00:00"),
        )
        for fmt, name, data in files:
            conn.execute(
                "INSERT INTO draft_file (id, draft_version_id, format, filename, sha256, size, content) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (f"f{n}{fmt}", f"v{n}", fmt, name, "" if n == 1 else sha(data), len(data), data),
            )
            expected[(n, fmt)] = sha(data)
    conn.commit()
    conn.close()
    size_before = os.path.getsize(path)
    with open_store(path) as store:
        assert store.schema_version() == SCHEMA_HEAD
        for n in range(1, 7):
            got = store.get_draft(project_id, n)
            assert {(n, f.format): sha(f.content) for f in got.files} == {
                k: v for k, v in expected.items() if k[0] == n}
            assert {f.sha256 for f in got.files} == {v for k, v in expected.items() if k[0] == n}
    with sqlite3.connect(path) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(draft_file)")]
    assert "content" not in columns
    (backup,) = db.migration_backups(path)
    assert "0008" in backup.name and os.path.getsize(backup) >= size_before * 0.9
    assert os.path.getsize(path) < size_before / 3


def test_migration_0009_goes_back_to_whole_files(tmp_path, demo_files):
    """Downgrading 0009 puts each file's exact bytes back into ``draft_file.content``."""
    path = tmp_path / "s.sqlite3"
    with open_store(path) as store:
        pid = store.save_project(demo_project()).id
        add(store, pid, demo_files[:2])
    migrate(path, "0008", down=True)
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT format, sha256, content FROM draft_file ORDER BY format").fetchall()
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert [(f, s, sha(c)) for f, s, c in rows] == [(f, sha(d), sha(d)) for f, _n, d in sorted(demo_files[:2])]
    assert "blob" not in tables and "draft_file_part" not in tables
