"""The PDF's streams are compressed at the fast zlib level and still hold what is drawn."""

from __future__ import annotations

import re
import zlib

from kooperation.domain.demo import demo_project
from kooperation.drafting.documents import build_document
from kooperation.render.pdf import render_pdf
from kooperation.render.pdf_canvas import STREAM_COMPRESSION_LEVEL

_STREAM = re.compile(rb"/Filter \[ /FlateDecode \][^>]*>>\s*stream\r?\n(.*?)endstream", re.S)


def test_streams_use_the_fast_level_and_hold_the_text():
    """Every flate stream is what zlib writes at the fast level for its content, and the page
    content still holds the drawing operators (nothing lost by compressing faster)."""
    pdf = render_pdf(build_document(demo_project(), "absichtserklaerung"))
    streams = [m.group(1).rstrip(b"\r\n") for m in _STREAM.finditer(pdf)]
    assert len(streams) > 10  # pages, forms, font subsets
    contents = [zlib.decompress(s) for s in streams]
    for packed, content in zip(streams, contents, strict=True):
        assert packed == zlib.compress(content, STREAM_COMPRESSION_LEVEL)
    assert any(b" Tj" in c or b"TJ" in c for c in contents)
