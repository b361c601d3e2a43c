"""Versions of a contract share their unchanged bytes in the store: the DOCX's text compressed
in pieces that restart (render/zip_writer.py), the PDF's streams binary with the version's meta
line in one form, the roadmap picture with a palette (issue 12: 1,000 projects x 20 versions
in at most 1 GB)."""

from __future__ import annotations

import io
import re
import sqlite3
import subprocess
import zipfile
import zlib

import docx
import pytest
from PIL import Image

from kooperation.domain.demo import demo_project
from kooperation.drafts import render_draft
from kooperation.render import zip_writer
from kooperation.store import open_store

FLUSH = b"\x00\x00\xff\xff"


def file_of(files, fmt: str) -> bytes:
    return next(data for kind, _name, data in files if kind == fmt)


@pytest.fixture(scope="module")
def two_versions():
    """Version 1 of the demo agreement and version 2, where only the years of confidentiality
    after the end changed (drei -> fünf)."""
    project = demo_project()
    first = render_draft(project, number=1).files
    project.decisions["vertraulichkeit"].params["years_after"] = 5
    second = render_draft(project, number=2).files
    return first, second


def paragraphs_xml(count: int, changed: int | None = None) -> bytes:
    body = b"".join(
        b"<w:p><w:r><w:t>Absatz %d: %s</w:t></w:r></w:p>"
        % (n, b"GEAENDERT" if n == changed else b"Die Partner arbeiten vertrauensvoll zusammen. " * (1 + n % 5))
        for n in range(count)
    )
    return b'<?xml version="1.0"?><w:document><w:body>' + body + b"</w:body></w:document>"


def test_the_package_reads_back_member_for_member():
    """Every ZIP reader gets the members back as written: names (also non-ASCII), order,
    contents, the fixed time; python-docx opens a whole draft written this way."""
    items = [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", paragraphs_xml(900)),
             ("word/media/bild-ä.png", bytes(range(256)) * 40), ("empty.xml", b"")]
    data = zip_writer.zip_members(items)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        assert [(i.filename, package.read(i)) for i in package.infolist()] == items
        assert {i.date_time for i in package.infolist()} == {zip_writer.FIXED_ZIP_TIME}
        assert package.getinfo("word/media/bild-ä.png").flag_bits & 0x800  # UTF-8 name
    demo = file_of(render_draft(demo_project(), number=1).files, "docx")
    assert any("Vertraulichkeit" in p.text for p in docx.Document(io.BytesIO(demo)).paragraphs)


def test_unchanged_text_compresses_to_the_same_bytes_wherever_it_stands():
    """One paragraph changed in the middle of a long text: the compressed pieces before and
    after it are the same bytes, and the whole inflates to the new text."""
    old, new = paragraphs_xml(900), paragraphs_xml(900, changed=450)
    packed_old, packed_new = zip_writer.deflate(old), zip_writer.deflate(new)
    assert zlib.decompress(packed_new, -15) == new
    pieces_old = set(packed_old.split(FLUSH))
    pieces_new = packed_new.split(FLUSH)
    assert len(pieces_new) > 10
    changed = [p for p in pieces_new if p not in pieces_old]
    assert 1 <= len(changed) <= 2, len(changed)


def test_a_small_text_is_one_plain_deflate_stream():
    """A member below the threshold has no restart in it."""
    small = paragraphs_xml(20)
    assert len(small) < zip_writer.RESYNCABLE_FROM
    assert zip_writer.deflate(small) == zlib.compress(small, zip_writer.LEVEL)[2:-4]


def added_bytes(files_before, files_after) -> int:
    """How many bytes of blobs the store gains when ``files_after`` follow ``files_before``."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.sqlite3"
        with open_store(path) as store:
            pid = store.save_project(demo_project()).id
            store.add_draft_version(pid, "vertrag", "de", "{}", "h", files_before)
            with sqlite3.connect(path) as conn:
                before = conn.execute("SELECT sum(length(data)) FROM blob").fetchone()[0]
            store.add_draft_version(pid, "vertrag", "de", "{}", "h", files_after)
            with sqlite3.connect(path) as conn:
                return conn.execute("SELECT sum(length(data)) FROM blob").fetchone()[0] - before


@pytest.mark.parametrize("fmt, share", [("docx", 0.08), ("pdf", 0.10)])
def test_a_one_word_change_adds_little_to_the_store(two_versions, fmt, share):
    """Version 2 differs from version 1 in one word and the version number: its DOCX adds less
    than 8 % of its size to the store, its PDF less than 10 % (whole compressed text and every
    footer anew: more than 12 %)."""
    first, second = two_versions
    new = added_bytes([f for f in first if f[0] == fmt], [f for f in second if f[0] == fmt])
    assert new < share * len(file_of(second, fmt)), (new, len(file_of(second, fmt)))


def test_pdf_streams_are_binary_and_the_meta_line_is_drawn_once(two_versions):
    """No ASCII85 encoding; "Version 2 · erstellt am …" stands in one form that every page's
    footer places, and the pages show it."""
    pdf = file_of(two_versions[1], "pdf")
    assert b"ASCII85Decode" not in pdf
    streams = [
        zlib.decompress(pdf[m.end() : m.end() + int(m.group(1))])
        for m in re.finditer(rb"/Length (\d+)(?:(?!endobj).)*?stream\r?\n", pdf, re.S)
    ]
    with_meta = [s for s in streams if re.search(rb"Version 2 \\006 erstellt am", s)]
    assert len(with_meta) == 2  # the meta line's form and the title page
    text = subprocess.run(["pdftotext", "-f", "5", "-l", "5", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    assert re.search(r"Version 2 · erstellt am \d\d\.\d\d\.\d{4}", text)
    assert "Seite 5 von" in text


def test_the_roadmap_picture_has_a_palette_and_keeps_its_transparency(two_versions):
    """The roadmap picture in the DOCX is a palette PNG of under 40 KB whose background is
    transparent and whose zebra rows are translucent, as drawn."""
    with zipfile.ZipFile(io.BytesIO(file_of(two_versions[0], "docx"))) as package:
        png = package.read("word/media/image1.png")
    assert len(png) < 40_000
    image = Image.open(io.BytesIO(png))
    assert image.mode == "P"
    alphas = set(image.convert("RGBA").getchannel("A").tobytes())
    assert 0 in alphas and 255 in alphas and any(0 < a < 255 for a in alphas)
