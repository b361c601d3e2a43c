"""Page furniture: the "ENTWURF" watermark, the running header and the footer
("Entwurf · Version 3 · erstellt am 21.11.2026" left, "Seite x von y" right).

Everything is drawn when a page begins, so the watermark lies behind the text. The watermark is
drawn as the outlines of its letters, not as text: copying text out of the PDF (or a screen
reader) never picks up "ENTWURF" from the middle of a clause. The footer needs
the total page count, which is known only after the last page: the document is laid out once
(:func:`build_once`) and each page places its footer as a forward reference, a PDF form XObject
(``canvas.doForm``) that is defined when the build has ended and the total is known
(:func:`define_footers`). Pages are never held back on the canvas, so bookmarks and links point
to the right pages.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Flowable

from .pdf_fonts import SANS, SANS_BOLD
from .pdf_styles import MUTED, RULE
from .pdf_text import draw_string, fit, visual
from .watermark_outlines import outlines

# What a page carries, set by the page template when the page begins.
CHROME_NONE = 0  # title page: watermark only
CHROME_FOOTER = 1  # compact first page: no running header
CHROME_FULL = 2


@dataclass
class PageDecor:
    """The words and sizes of the page furniture, in the document's language."""

    header: str
    page_label: str
    of_label: str
    meta_line: str
    watermark: str
    left: float
    right: float  # x of the right margin edge
    top: float  # y of the header baseline
    bottom: float  # y of the footer baseline
    footers: list[int] = field(default_factory=list)  # pages whose footer awaits the total
    watermarks: dict[tuple[float, float], str] = field(default_factory=dict)  # size -> form


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """``text`` in display order, shortened with "…" so it fits ``width`` on one line."""
    return fit(visual(text), font, size, width)


def _draw_outline(path, ops: list[list], scale: float, x: float) -> None:
    """Replay one glyph's outline operations (font units, see :mod:`.watermark_outlines`) into
    a reportlab path, scaled to points and shifted to the glyph's place on the line."""
    for op in ops:
        kind = op[0]
        if kind == "m":
            path.moveTo(x + op[1] * scale, op[2] * scale)
        elif kind == "l":
            path.lineTo(x + op[1] * scale, op[2] * scale)
        elif kind == "c":
            path.curveTo(x + op[1] * scale, op[2] * scale, x + op[3] * scale, op[4] * scale,
                         x + op[5] * scale, op[6] * scale)
        else:
            path.close()


def draw_watermark(canv: rl_canvas.Canvas, text: str, page: tuple[float, float] | None = None) -> None:
    """A large diagonal word across a page of size ``page`` (the canvas's page size if not given)
    in a very light grey, drawn as letter outlines."""
    if not text.strip():
        return
    width, height = page or canv._pagesize
    diagonal = math.hypot(width, height)
    size = min(120.0, 0.62 * diagonal / max(stringWidth(text, SANS_BOLD, 1), 1e-6))
    canv.saveState()
    canv.setFillColor(colors.Color(0.905, 0.905, 0.905))
    canv.translate(width / 2, height / 2)
    canv.rotate(math.degrees(math.atan2(height, width)))
    letters = outlines(text)
    if letters is not None:
        units, glyphs = letters
        path = canv.beginPath()
        x = -stringWidth(text, SANS_BOLD, size) / 2
        canv.translate(0, -size * 0.35)
        for ch, ops in zip(text, glyphs, strict=True):
            _draw_outline(path, ops, size / units, x)
            x += stringWidth(ch, SANS_BOLD, size)
        canv.drawPath(path, stroke=0, fill=1, fillMode=rl_canvas.FILL_NON_ZERO)
    else:  # letters the face lacks (a translated label): as text, which still marks the draft
        canv.setFont(SANS_BOLD, size)
        canv.drawCentredString(0, -size * 0.35, text)
    canv.restoreState()


def place_watermark(canv: rl_canvas.Canvas, decor: PageDecor) -> None:
    """Place the watermark on the current page as a form: drawn once per page size and
    document (defined by :func:`define_watermarks`), not once per page."""
    if not decor.watermark.strip():
        return
    size = (float(canv._pagesize[0]), float(canv._pagesize[1]))
    name = decor.watermarks.setdefault(size, f"kpWatermark{len(decor.watermarks)}")
    canv.doForm(name)


def define_watermarks(canv: rl_canvas.Canvas, decor: PageDecor) -> None:
    """Define the watermark form of every page size that placed one."""
    for (width, height), name in decor.watermarks.items():
        canv.beginForm(name, 0, 0, width, height)
        draw_watermark(canv, decor.watermark, (width, height))
        canv.endForm()


def draw_header(canv: rl_canvas.Canvas, decor: PageDecor) -> None:
    canv.saveState()
    canv.setFont(SANS, 8)
    canv.setFillColor(MUTED)
    draw_string(canv, decor.left, decor.top, decor.header, SANS, 8, room=decor.right - decor.left)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(decor.left, decor.top - 4, decor.right, decor.top - 4)
    canv.restoreState()


def draw_footer(canv: rl_canvas.Canvas, decor: PageDecor, page: int, total: int) -> None:
    """The footer of ``page``: the rule, "Seite x von y" on the right and, on the left, the
    meta line (drawn once for all pages: :func:`define_footers`)."""
    pages = f"{decor.page_label} {page} {decor.of_label} {total}".strip()
    canv.saveState()
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(decor.left, decor.bottom + 10, decor.right, decor.bottom + 10)
    canv.setFillColor(MUTED)
    canv.setFont(SANS, 8)
    canv.drawRightString(decor.right, decor.bottom, pages)
    if decor.meta_line and _meta_room(decor, total) > 20:
        canv.doForm(FOOTER_META_FORM)
    canv.restoreState()


def _meta_room(decor: PageDecor, total: int) -> float:
    """The width left of "Seite x von y" for the meta line: the same on every page (measured
    with the widest page number), so one form serves all pages."""
    widest = f"{decor.page_label} {total} {decor.of_label} {total}".strip()
    return decor.right - decor.left - stringWidth(widest, SANS, 8) - 20


def draw_footer_meta(canv: rl_canvas.Canvas, decor: PageDecor, total: int) -> None:
    """The meta line ("Entwurf · Version 3 · erstellt am …") at the footer's left."""
    canv.setFillColor(MUTED)
    canv.setFont(SANS, 7.5)
    draw_string(canv, decor.left, decor.bottom, decor.meta_line, SANS, 7.5, room=_meta_room(decor, total))


FOOTER_META_FORM = "kpFooterMeta"
"""The form holding the meta line, placed by every page's footer. It is the only part of the
page furniture that changes from one version to the next (the version number, the date), so the
store keeps one small object per version instead of one per page (:mod:`kooperation.store.blobs`)."""


def footer_form(page: int) -> str:
    """The name of the form that draws the footer of ``page``."""
    return f"kpFooter{page}"


def define_footers(canv: rl_canvas.Canvas, decor: PageDecor, total: int) -> None:
    """Define the footer form of every page that placed one, now that ``total`` is known, and
    the meta line's form they share."""
    for page in decor.footers:
        canv.beginForm(footer_form(page))
        draw_footer(canv, decor, page, total)
        canv.endForm()
    if decor.footers and decor.meta_line and _meta_room(decor, total) > 20:
        canv.beginForm(FOOTER_META_FORM)
        draw_footer_meta(canv, decor, total)
        canv.endForm()


def build_once(template: BaseDocTemplate, story: list[Flowable], decor: PageDecor,
               finish: Callable[[rl_canvas.Canvas], None] | None = None) -> int:
    """Lay ``story`` out in a single pass, then define the forward references (the footers, and
    whatever ``finish`` defines) and write the file. Returns the number of pages."""
    decor.footers.clear()
    decor.watermarks.clear()
    template._doSave = 0  # reportlab's switch: build() leaves the canvas open
    template.build(story)
    canv = template.canv
    total = template.page
    define_footers(canv, decor, total)
    define_watermarks(canv, decor)
    if finish is not None:
        finish(canv)
    canv.save()
    return total


def page_callback(decor: PageDecor, chrome: int):
    """The ``onPage`` function of a page template: watermark first (so it lies behind the
    text), then header and footer."""

    def on_page(canv: rl_canvas.Canvas, _doc) -> None:
        place_watermark(canv, decor)
        if chrome == CHROME_FULL and decor.header:
            draw_header(canv, decor)
        if chrome != CHROME_NONE:  # the total is not known yet: see build_once
            page = canv.getPageNumber()
            decor.footers.append(page)
            canv.doForm(footer_form(page))

    return on_page
