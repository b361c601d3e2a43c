"""A PDF paragraph breaks its lines once per width: the kept result is reused only for the
same width and style, and is dropped when the width or style changes or reportlab drops it."""

from __future__ import annotations

import copy

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph as rl_paragraph

from kooperation.render.pdf_fonts import SERIF, register_fonts
from kooperation.render.pdf_text import Paragraph

TEXT = " ".join(["Die Partner stimmen ihre Beiträge im Lenkungskreis ab."] * 12)


@pytest.fixture
def breaks(monkeypatch) -> list[int]:
    """Counts reportlab's line breaking (one entry per call)."""
    calls: list[int] = []
    original = rl_paragraph.Paragraph.breakLines

    def counting(self, widths):
        calls.append(1)
        return original(self, widths)

    monkeypatch.setattr(rl_paragraph.Paragraph, "breakLines", counting)
    return calls


def _style() -> ParagraphStyle:
    register_fonts()
    return ParagraphStyle("body", fontName=SERIF, fontSize=10, leading=13)


def _fresh_size(width: float, style: ParagraphStyle | None = None) -> tuple[float, float]:
    return Paragraph(TEXT, style or _style()).wrap(width, 1000)


def test_same_width_breaks_once(breaks):
    """Wrapping again at the same width reuses the lines and gives the same size."""
    expected = _fresh_size(300)
    para = Paragraph(TEXT, _style())
    breaks.clear()
    assert para.wrap(300, 1000) == expected
    assert para.wrap(300, 500) == expected  # the height offered does not change the lines
    assert len(breaks) == 1
    assert para.height == expected[1] and para.width == 300


def test_other_width_breaks_anew(breaks):
    """A different width breaks the lines again, and going back breaks them again, with
    the size a fresh paragraph has at each width."""
    narrow, wide = _fresh_size(150), _fresh_size(400)
    assert narrow[1] > wide[1]
    para = Paragraph(TEXT, _style())
    breaks.clear()
    assert para.wrap(400, 1000) == wide
    assert para.wrap(150, 1000) == narrow
    assert para.wrap(400, 1000) == wide
    assert len(breaks) == 3


def test_other_style_breaks_anew(breaks):
    """Replacing the style object drops the kept lines."""
    para = Paragraph(TEXT, _style())
    before = para.wrap(300, 1000)
    bigger = copy.copy(para.style)
    bigger.leading = 26
    para.style = bigger
    breaks.clear()
    after = para.wrap(300, 1000)
    assert len(breaks) == 1
    assert after[1] == 2 * before[1]


def test_split_dropping_lines_breaks_anew(breaks):
    """When a split finds no room (reportlab deletes the broken lines), the next wrap breaks
    the lines again instead of reusing what was dropped."""
    para = Paragraph(TEXT, _style())
    size = para.wrap(300, 1000)
    assert para.split(300, 14) == []  # one line's room: no orphan allowed, nothing fits
    breaks.clear()
    assert para.wrap(300, 1000) == size
    assert len(breaks) == 1
