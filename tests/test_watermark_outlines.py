"""The watermark's letter outlines kept on disk: the same outlines as reading the font, found
again only for the very same font, fontTools version and text, and the PDF draws the same
watermark from them."""

from __future__ import annotations

import io

import fontTools
import pytest
from reportlab.pdfgen.canvas import Canvas

from kooperation.render import watermark_outlines as W
from kooperation.render.pdf_canvas import draw_watermark
from kooperation.render.pdf_fonts import register_fonts
from kooperation.resources import resource_path


@pytest.fixture(autouse=True)
def _fresh_process():
    """Each test starts as a new process would: nothing kept in memory."""
    W.outlines.cache_clear()
    yield
    W.outlines.cache_clear()


def _refuse(*_args):
    raise AssertionError("font read although the cache holds these outlines")


def _page(text: str) -> bytes:
    """A one-page PDF with ``text`` as the watermark (uncompressed, so it can be compared)."""
    register_fonts()
    out = io.BytesIO()
    canv = Canvas(out, pagesize=(595, 842), pageCompression=0, invariant=1)
    draw_watermark(canv, text)
    canv.showPage()
    canv.save()
    return out.getvalue()


def test_second_process_reads_the_stored_outlines(monkeypatch):
    """The first use reads the font and stores the outlines; the next process gets the same
    outlines, and draws the same page, without reading the font."""
    first_page = _page("ENTWURF")
    first = W.outlines("ENTWURF")
    assert len(list(W.CACHE.folder.glob("*.bin"))) == 1
    W.outlines.cache_clear()
    monkeypatch.setattr(W, "make_outlines", _refuse)
    assert W.outlines("ENTWURF") == first
    W.outlines.cache_clear()
    assert _page("ENTWURF") == first_page
    assert b" c " in first_page  # curves: the letters are drawn as outlines, not as text
    assert b"Tj" not in first_page


def test_stored_outlines_equal_the_fonts():
    """What the cache gives is exactly what the font's outlines are; a space draws nothing."""
    W.outlines("DRAFT X")
    W.outlines.cache_clear()
    units, glyphs = W.outlines("DRAFT X")
    assert (units, glyphs) == W.make_outlines("DRAFT X")
    assert units == 2048 and len(glyphs) == 7 and glyphs[5] == []
    assert glyphs[0][0][0] == "m" and glyphs[0][-1] == ["z"]


def test_key_changes_with_every_input(monkeypatch):
    """Another text, other font bytes or another fontTools version give another entry."""
    font = resource_path("fonts", W.FONT_FILE).read_bytes()
    key = W.cache_key(font, "ENTWURF")
    assert W.cache_key(font, "ENTWURF") == key
    assert W.cache_key(font, "DRAFT") != key
    assert W.cache_key(font + b"\0", "ENTWURF") != key
    monkeypatch.setattr(fontTools, "version", fontTools.version + ".1")
    assert W.cache_key(font, "ENTWURF") != key


def test_other_text_is_read_anew(monkeypatch):
    """Outlines stored for another text are not used."""
    W.outlines("ENTWURF")
    W.outlines.cache_clear()
    monkeypatch.setattr(W, "make_outlines", _refuse)
    with pytest.raises(AssertionError, match="font read"):
        W.outlines("ENTWURF 2")


def test_damaged_entry_is_made_anew():
    """An entry that is not what this version writes is replaced by outlines from the font."""
    font = resource_path("fonts", W.FONT_FILE).read_bytes()
    W.CACHE.put(W.cache_key(font, "ENTWURF"), b'{"glyphs": 3}')
    assert W.outlines("ENTWURF") == W.make_outlines("ENTWURF")


def test_letters_the_face_lacks_are_drawn_as_text():
    """A label with letters the bold face lacks has no outlines (stored as such) and the
    watermark is written as text instead."""
    label = "草稿"
    assert W.outlines(label) is None
    W.outlines.cache_clear()
    assert W.outlines(label) is None
    assert b"Tj" in _page(label)
