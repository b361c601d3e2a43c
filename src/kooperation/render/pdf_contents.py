"""The table of contents, laid out once: its lines come from the document model, its page
numbers are forward references.

Which headings the contents lists, and at which level, is known before layout (the story is
built from the document model), so the contents has its final lines and height from the start;
only the page numbers are not known when the contents page is drawn. Each line therefore places
a PDF form XObject (``canvas.doForm``) where its dots and page number go, and the form is
defined at the end of the build (``canvas.beginForm``/``endForm``), once every heading has been
drawn and its page is known. What a form draws is exactly what reportlab's own
``TableOfContents`` draws after a line: the dot leader and the right-aligned page number.

The running footer ("Seite x von y") works the same way: see :mod:`.pdf_canvas`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Spacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tableofcontents import TableOfContents

from .pdf_text import (
    Paragraph,  # lines broken once per width (the table measures them twice)
    parses_as_is,
    run_frags,
)

log = logging.getLogger(__name__)

DOT = " . "  # reportlab's dot leader
CALLBACK = "kpContentsEntryEnd"
_SAFE_KEY = re.compile(r"[A-Za-z0-9_.:-]*")  # a key the markup carries unchanged (pdf._new_key)


def entry_form(index: int) -> str:
    """The name of the form that draws the dots and page number of contents line ``index``."""
    return f"kpToc{index}"


@dataclass
class _Placed:
    """Where a contents line ended on its page, in the coordinates its form is drawn in."""

    x: float
    y: float
    width: float  # the right edge of the contents column
    style: ParagraphStyle
    dotted: bool


@dataclass
class ContentsPages:
    """The forward references of one build: the lines of the contents as drawn, and the page on
    which each listed heading landed. :meth:`define` draws the forms once both are known."""

    placed: dict[int, _Placed] = field(default_factory=dict)
    pages: dict[int, int] = field(default_factory=dict)

    def heading_drawn(self, index: int, page: int) -> None:
        self.pages.setdefault(index, page)

    def define(self, canv: Canvas) -> None:
        """Define the form of every contents line drawn (call after the last page)."""
        for index, where in sorted(self.placed.items()):
            page = self.pages.get(index)
            if page is None:  # cannot happen for a story built by pdf.py; an empty form is safe
                log.warning("contents line %d: its heading was not drawn", index)
            # a box around the whole page in both directions: the form is drawn in the
            # coordinates of the line's paragraph, so its content may lie left of or below 0
            w, h = canv._pagesize
            canv.beginForm(entry_form(index), -w, -h, 2 * w, 2 * h)
            if page is not None:
                draw_page_number(canv, where, str(page))
            canv.endForm()


def draw_page_number(canv: Canvas, where: _Placed, page_text: str) -> None:
    """The dot leader and the right-aligned page number, as reportlab's ``drawPageNumbers``
    draws them (including its shrinking of a number that does not fit)."""
    style = where.style
    size = style.fontSize
    text_w = stringWidth(page_text, style.fontName, size)
    while text_w > where.width - where.x and size >= 1.0:
        size *= 0.9
        text_w = stringWidth(page_text, style.fontName, size)
    if where.dotted:
        dot_w = stringWidth(DOT, style.fontName, size)
        dots = int((where.width - where.x - text_w) / dot_w)
    else:
        dots, dot_w = 0, 0
    tx = canv.beginText(where.width - dots * dot_w - text_w, where.y)
    tx.setFont(style.fontName, size)
    tx.setFillColor(style.textColor)
    tx.textLine(dots * DOT + page_text)
    canv.drawText(tx)


class Contents(TableOfContents):
    """A table of contents whose lines are given up front: ``entries`` are (level, markup, key)
    in the order the headings appear. The list is read when the contents is laid out, so the
    story may still add to it after this flowable was made. Laid out once; see the module
    docstring."""

    def __init__(self, entries: list[tuple[int, str, str]], pages: ContentsPages, **kw) -> None:
        super().__init__(**kw)
        self._given = entries
        self._pages = pages
        self._built: tuple[float, int] | None = None  # (width, lines) the table was made for

    def isIndexing(self) -> int:  # noqa: N802 (reportlab's name)
        return 0  # nothing to wait for: a single build is enough

    def isSatisfied(self) -> bool:  # noqa: N802
        return True

    def wrap(self, avail_width, avail_height):
        placed = self._pages.placed

        def entry_end(canv: Canvas, _kind: str, label: str) -> None:
            index, level, key = label.split(",", 2)
            style = self.getLevelStyle(int(level))
            info = canv._curr_tx_info
            x, y = info["cur_x"], info["cur_y"]
            placed[int(index)] = _Placed(x, y, avail_width, style,
                                         0 <= self.dotsMinLevel <= int(level))
            canv.doForm(entry_form(int(index)))
            if key:  # the dots and the number link to the heading, like the line's text
                canv.linkRect("", key, (x, y, avail_width, y + style.leading), relative=1)

        self.canv.setNamedCB(CALLBACK, entry_end)
        # the table is made once per width: reportlab wraps the contents more than once (a
        # heading kept with it measures it, then the frame places it). What invalidates it:
        # another width, or lines added since (not done once layout has begun).
        if self._built != (avail_width, len(self._given)):
            self._table = self._make_table(avail_width)
            self._built = (avail_width, len(self._given))
        self.width, self.height = self._table.wrapOn(self.canv, avail_width, avail_height)
        return self.width, self.height

    def _make_table(self, avail_width) -> RLTable:
        rows = []
        for index, (level, text, key) in enumerate(self._given):
            style = self.getLevelStyle(level)
            label = f"{index},{level},{key}"
            # the line's text is escaped markup; most need no parsing (see run_frags)
            frags = None
            if parses_as_is(text) and _SAFE_KEY.fullmatch(key):
                frags = run_frags([("a" if key else "", text, key)], style, on_draw=(CALLBACK, label))
            if key:
                text = f'<a href="#{key}">{text}</a>'
            para = Paragraph(f'{text}<onDraw name="{CALLBACK}" label="{label}"/>', style,
                             frags=frags)
            if style.spaceBefore:
                rows.append([Spacer(1, style.spaceBefore)])
            rows.append([para])
        if not rows:
            rows = [[Spacer(1, 0)]]
        return RLTable(rows, colWidths=(avail_width,), style=self.tableStyle)
