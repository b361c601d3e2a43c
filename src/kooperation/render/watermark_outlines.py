"""The letter outlines of the PDF's "ENTWURF" watermark, kept on disk so that each process need
not load the font's outlines again.

The watermark is drawn as the outlines of its letters (see :mod:`.pdf_canvas`). Getting them
from the bold face with fontTools means reading its character map, glyph names and glyph table:
about 20 ms in every process that makes a PDF, for seven letters. The outlines depend only on

* the bytes of the bundled font file,
* the fontTools version (it turns the font's quadratic curves into cubic ones),
* the text, and
* :data:`FORMAT` (the shape of what is stored),

so they are stored under a SHA-256 of exactly these in ``<data folder>/cache/watermarks``
(:mod:`kooperation.disk_cache`). Invalidation: any change of one of the four gives another key,
so stored outlines are only ever used for the very input they were made from. A cache that
cannot be read or written is simply not used. Tests: ``tests/test_watermark_outlines.py``.
"""

from __future__ import annotations

import functools
import hashlib
import json

from fontTools.pens.basePen import BasePen

from kooperation.disk_cache import DiskCache
from kooperation.resources import resource_path

FONT_FILE = "DejaVuSans-Bold.ttf"  # the face of SANS_BOLD (pdf_fonts)
FORMAT = 1
"""Version of the stored shape: ``{"units": per em, "glyphs": [[operation, ...] per character]}``
with operations ``["m", x, y]``, ``["l", x, y]``, ``["c", x1, y1, x2, y2, x3, y3]``, ``["z"]``
in font units."""

CACHE = DiskCache("watermarks", max_entries=16)

Outlines = tuple[int, list[list[list]]]  # units per em, the operations of each character


class _RecordingPen(BasePen):
    """Notes what a glyph draws, after fontTools has turned its curves into cubic ones."""

    def __init__(self, glyph_set) -> None:
        super().__init__(glyph_set)
        self.ops: list[list] = []

    def _moveTo(self, pt) -> None:  # noqa: N802 (fontTools' names)
        self.ops.append(["m", *pt])

    def _lineTo(self, pt) -> None:  # noqa: N802
        self.ops.append(["l", *pt])

    def _curveToOne(self, p1, p2, p3) -> None:  # noqa: N802
        self.ops.append(["c", *p1, *p2, *p3])

    def _closePath(self) -> None:  # noqa: N802
        self.ops.append(["z"])


@functools.lru_cache(maxsize=1)
def _font():
    """The bold face's outlines (fontTools), read once per process, only when needed."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(resource_path("fonts", FONT_FILE)), lazy=True)
    return font.getGlyphSet(), font.getBestCmap() or {}, font["head"].unitsPerEm


def make_outlines(text: str) -> Outlines | None:
    """The outlines of each character of ``text`` from the font (slow: loads its outlines);
    None if the face lacks one of its letters (it is then drawn as text)."""
    glyphs, cmap, units = _font()
    if not all(ord(ch) in cmap or ch.isspace() for ch in text):
        return None
    out: list[list[list]] = []
    for ch in text:
        pen = _RecordingPen(glyphs)
        name = cmap.get(ord(ch))
        if name is not None:
            glyphs[name].draw(pen)
        out.append(pen.ops)
    return units, out


def cache_key(font_bytes: bytes, text: str) -> str:
    """The name under which the outlines of ``text`` are stored (see the module text)."""
    import fontTools  # the package alone, not its font reader

    digest = hashlib.sha256(font_bytes)
    recipe = {"fonttools": fontTools.version, "text": text, "format": FORMAT}
    digest.update(json.dumps(recipe, sort_keys=True).encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=8)
def outlines(text: str) -> Outlines | None:
    """The outlines of ``text`` (see :func:`make_outlines`): from the disk cache when it holds
    them for this very font, fontTools and text, else made now and stored for the next
    process. Kept in memory for the process as well (a pure function of the same inputs)."""
    key = cache_key(resource_path("fonts", FONT_FILE).read_bytes(), text)
    data = CACHE.get(key)
    if data is not None:
        try:
            stored = json.loads(data)
            return None if stored is None else (stored["units"], stored["glyphs"])
        except (ValueError, KeyError, TypeError):
            pass  # not what this version writes: made anew below
    made = make_outlines(text)
    stored = None if made is None else {"units": made[0], "glyphs": made[1]}
    CACHE.put(key, json.dumps(stored).encode())
    return made
