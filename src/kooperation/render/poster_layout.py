"""Filling a fixed box on the poster with text: shrink a little, then shorten with "…".

A poster has no second page. Each area (a column, a band) gets a list of `Entry` items; the
area is laid out at full size if it fits, else at a slightly smaller size, and only when even the
smallest size does not fit are entries shortened with "…" and the rest summed up as "… N weitere"
(so nothing overflows into its neighbour and nothing is silently dropped). Where every item
must appear (the partners), `lay_out_columns` puts blocks side by side in sub-columns instead.

User text stays data: an entry's ``text`` is escaped here, just before it meets reportlab's
paragraph markup; only the ``lead`` and ``tail`` written by the poster code are markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from .pdf_styles import esc
from .pdf_text import Paragraph, fit, visual
from .pdf_text import width as text_width

SCALES = (1.3, 1.2, 1.1, 1.0, 0.92, 0.85, 0.78, 0.72)
"""Font scales tried in turn (largest first) before entries are shortened."""

ELLIPSIS = "…"
_SPACES = re.compile(r"[^\S\u00a0\u202f]+")  # white space except the no-break spaces


@dataclass
class Entry:
    """One paragraph of an area: ``lead`` (safe markup), ``text`` (user text, escaped and
    shortened as needed), ``tail`` (safe markup); ``style`` names a paragraph style;
    ``limit`` cuts ``text`` to that many characters in any case (keeps one long entry from
    eating a whole column). ``counts``: the entry begins a thing worth counting (a partner, a
    goal, a point) when some are left out; headings and follow-up lines do not."""

    style: str
    text: str = ""
    lead: str = ""
    tail: str = ""
    limit: int | None = None
    counts: bool = True


def shorten(text: str, limit: int | None) -> str:
    """``text`` on one logical line, cut at a word boundary to at most ``limit`` characters
    (no-break spaces, as in "e.\u00a0V.", stay)."""
    text = _SPACES.sub(" ", str(text)).strip(" ")
    if limit is None or len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    if " " in cut[len(cut) // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.–-") + ELLIPSIS


def fit_line(text: str, font: str, size: float, width: float) -> str:
    """``text`` in display order, shortened with "…" so it fits ``width`` on one line."""
    return fit(visual(text), font, size, width)


def fit_size(text: str, font: str, size: float, width: float, smallest: float) -> float:
    """The largest font size from ``size`` down to ``smallest`` at which ``text`` fits."""
    at_one = text_width(visual(text), font, 1.0)  # widths grow with the size: measure once
    while size > smallest and at_one * size > width:
        size -= 0.5
    return max(size, smallest)


StyleSet = Callable[[float], dict[str, ParagraphStyle]]
"""Builds the paragraph styles of an area for a font scale."""


def _paragraph(entry: Entry, styles: dict[str, ParagraphStyle], text: str | None = None) -> Paragraph:
    body = esc(shorten(entry.text, entry.limit) if text is None else text)
    return Paragraph(entry.lead + body + entry.tail, styles[entry.style])


def _height(par: Paragraph, width: float) -> float:
    _w, h = par.wrap(width, 1e6)
    return h + par.getSpaceBefore() + par.getSpaceAfter()


@dataclass
class Laid:
    """An area laid out: the paragraphs to draw, the scale used, how many entries were left
    out."""

    paragraphs: list[Paragraph]
    scale: float
    left_out: int = 0


def fitting_scale(entries: list[Entry], styles: StyleSet, width: float, height: float,
                  scales: tuple[float, ...] = SCALES) -> float | None:
    """The largest of ``scales`` at which all ``entries`` fit, None if none does."""
    for scale in scales:
        sheet = styles(scale)
        if sum(_height(_paragraph(e, sheet), width) for e in entries) <= height:
            return scale
    return None


def lay_out(entries: list[Entry], styles: StyleSet, width: float, height: float,
            more: Callable[[int], str], more_style: str = "more",
            scales: tuple[float, ...] = SCALES) -> Laid:
    """Lay ``entries`` out in ``width`` × ``height``: the largest of ``scales`` at which all
    fit, else the smallest with the overflowing entry shortened and a "… N weitere" line
    (``more(n)`` gives its text)."""
    for scale in scales:
        sheet = styles(scale)
        paragraphs = [_paragraph(e, sheet) for e in entries]
        if sum(_height(p, width) for p in paragraphs) <= height:
            return Laid(paragraphs, scale)
    scale = scales[-1]
    sheet = styles(scale)
    kept: list[Paragraph] = []
    used = 0.0
    for index, entry in enumerate(entries):
        paragraph = _paragraph(entry, sheet)
        h = _height(paragraph, width)
        rest = sum(1 for e in entries[index + 1 :] if e.counts)
        reserve = _height(Paragraph(esc(more(max(rest, 1))), sheet[more_style]), width) if rest else 0
        if used + h + reserve <= height:
            kept.append(paragraph)
            used += h
            continue
        room = height - used - _height(Paragraph(esc(more(rest + 1)), sheet[more_style]), width)
        short = _shortened(entry, sheet, width, room)
        left_out = rest + (1 if short is None and entry.counts else 0)
        if short is not None:
            kept.append(short)
        kept.append(Paragraph(esc(more(left_out) if left_out else ELLIPSIS), sheet[more_style]))
        return Laid(kept, scale, left_out)
    return Laid(kept, scale)


@dataclass
class Columns:
    """Blocks laid out in side-by-side sub-columns: the paragraphs of each, their width, the
    gap between them and the scale used."""

    columns: list[list[Paragraph]]
    width: float
    gap: float
    scale: float


def lay_out_columns(blocks: list[list[Entry]], styles: StyleSet, width: float, height: float, count: int,
                    scales: tuple[float, ...], gap: float = 10.0) -> Columns | None:
    """Lay ``blocks`` (each a list of entries kept together, e.g. one partner) out in ``count``
    sub-columns of ``width`` / ``count``, in order, top to bottom and then on in the next
    sub-column, balanced so the sub-columns end at about the same height: at the largest of
    ``scales`` at which every block fits. None if not all fit even at the smallest (nothing is
    ever left out here)."""
    sub = (width - (count - 1) * gap) / count
    for scale in scales:
        sheet = styles(scale)
        pars = [[_paragraph(e, sheet) for e in block] for block in blocks]
        heights = [sum(_height(p, sub) for p in block) for block in pars]
        if not heights or max(heights) > height:
            continue
        low, high = max(max(heights), sum(heights) / count), height
        if _fill(heights, high) > count:
            continue
        for _step in range(24):  # the smallest capacity that still needs no more than count columns
            mid = (low + high) / 2
            if _fill(heights, mid) <= count:
                high = mid
            else:
                low = mid
        columns: list[list[Paragraph]] = [[]]
        used = 0.0
        for block, h in zip(pars, heights, strict=True):
            if used + h > high + 1e-6 and columns[-1]:
                columns.append([])
                used = 0.0
            columns[-1] += block
            used += h
        return Columns(columns, sub, gap, scale)
    return None


def _fill(heights: list[float], capacity: float) -> int:
    """How many columns of ``capacity`` the blocks of ``heights`` need, filled in order."""
    count, used = 1, 0.0
    for h in heights:
        if used + h > capacity + 1e-6 and used:
            count, used = count + 1, 0.0
        used += h
    return count


def draw_columns(canvas: Canvas, laid: Columns, x: float, top: float) -> None:
    """Draw the sub-columns of ``laid`` side by side from ``x``, downwards from ``top``."""
    for index, paragraphs in enumerate(laid.columns):
        draw_paragraphs(canvas, paragraphs, x + index * (laid.width + laid.gap), top, laid.width)


def _shortened(entry: Entry, sheet: dict[str, ParagraphStyle], width: float, room: float) -> Paragraph | None:
    """The longest start of ``entry`` (ending in "…") that fits ``room``; None if not even a
    few words fit."""
    words = shorten(entry.text, entry.limit).split(" ")
    low, high, best = 1, len(words) - 1, None
    while low <= high:
        mid = (low + high) // 2
        candidate = _paragraph(entry, sheet, " ".join(words[:mid]).rstrip(" ,;:.–-") + ELLIPSIS)
        if _height(candidate, width) <= room:
            best, low = candidate, mid + 1
        else:
            high = mid - 1
    return best


def draw_paragraphs(canvas: Canvas, paragraphs: list[Paragraph], x: float, top: float, width: float) -> float:
    """Draw ``paragraphs`` downwards from ``top``; returns the y below the last one."""
    y = top
    for index, paragraph in enumerate(paragraphs):
        _w, h = paragraph.wrap(width, 1e6)
        if index:
            y -= paragraph.getSpaceBefore()
        y -= h
        paragraph.drawOn(canvas, x, y)
        y -= paragraph.getSpaceAfter()
    return y
