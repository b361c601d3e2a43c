"""Figures for the DOCX: the roadmap timeline drawn as a PNG picture with Pillow.

The picture repeats the PDF's drawing (:mod:`.pdf_figures`): the same geometry in points, the
same colours, words and fonts (the packaged DejaVu Sans), scaled to print resolution. It is drawn
at twice that resolution and reduced, so the rounded bars and diamonds get smooth edges. The
background is transparent and the zebra rows translucent, as in the PDF, so the "ENTWURF"
watermark behind the text still shows through the picture.

Every picture carries an alternative text that names each milestone with its dates and status,
for screen readers and for anyone who copies the text out of the document. Equal input gives
equal bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from docx.oxml.ns import qn
from docx.shared import Emu
from docx.text.paragraph import Paragraph as DocxParagraph
from PIL import Image, ImageDraw, ImageFont

from kooperation.drafting.docmodel import Document, Figure
from kooperation.resources import resource_path

from .docx_labels import label_for
from .docx_oxml import clean_text
from .pdf_figures import (
    AXIS,
    LEGEND,
    MAX_ROWS,
    MONTHS,
    ROW,
    STATUS_COLOURS,
    STATUS_WORDS,
    _days_in_month,
    _Item,
    _items,
    _month_index,
    figure_row,
    too_long_to_draw,
)
from .pdf_styles import INK, MUTED, RULE, TABLE_ZEBRA

DPI = 200  # print resolution of the picture
MAX_WIDTH_PX = 3000  # pixels across at most, whatever the page width
SUPERSAMPLE = 1  # drawn at print resolution directly: 2x oversampling tripled the time for no visible gain at 200 dpi
COMPACT_ROW = 12.5  # row height of the compact documents (the project sketch), as in the PDF
EMU_PER_TWIP = 635
FINE_GRID = "#E1E4E8"
STATUSES = ("planned", "in_progress", "done", "delayed", "cancelled")
_FONTS = {"sans": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
_WORDS = {
    "de": {"figure": "Zeitleiste", "part": "Teil {n} von {total}", "no_date": "ohne Termin"},
    "en": {"figure": "Timeline", "part": "part {n} of {total}", "no_date": "no date"},
}


@dataclass(frozen=True)
class Picture:
    """One drawn picture: PNG bytes, its size in pixels and its alternative text."""

    png: bytes
    width_px: int
    height_px: int
    alt_text: str


# --- entry points -------------------------------------------------------------------------------


def figure_pictures(
    figure: Figure, doc: Document, width_pt: float, dpi: float = DPI
) -> list[Picture]:
    """The pictures of ``figure`` ``width_pt`` points wide; none for a kind this module does
    not draw, for a roadmap without dated milestones and for dates too absurd to draw."""
    if figure.kind != "roadmap" or not isinstance(figure.data, dict) or width_pt < 100:
        return []
    dpi = min(dpi, MAX_WIDTH_PX * 72 / width_pt)  # a huge page (a firm's reference) stays small
    items = _items(figure.data)
    if too_long_to_draw(items):
        return []
    row = figure_row(figure, COMPACT_ROW if figure.data.get("compact") else ROW)
    words = status_words(doc)
    try:
        drawn = roadmap_pngs(tuple((i.title, i.start, i.end, i.status) for i in items),
                             width_pt, row, tuple(words.items()), doc.language, dpi)
    except (ValueError, OverflowError, ZeroDivisionError):  # absurd dates: the table alone
        return []
    dated = [i for i in items if i.start or i.end]
    undated = [i for i in items if not (i.start or i.end)]
    pictures = []
    for n, (png, width_px, height_px) in enumerate(drawn):
        shown = dated[n * MAX_ROWS : (n + 1) * MAX_ROWS]
        if n == len(drawn) - 1:
            shown = shown + undated
        alt = alt_text(figure.caption, shown, doc, words, (n + 1, len(drawn)))
        pictures.append(Picture(png, width_px, height_px, alt))
    return pictures


@lru_cache(maxsize=4)
def roadmap_pngs(
    items: tuple[tuple[str, dt.date | None, dt.date | None, str], ...],
    width_pt: float,
    row: float,
    words: tuple[tuple[str, str], ...],
    language: str,
    dpi: float,
) -> tuple[tuple[bytes, int, int], ...]:
    """The roadmap's pictures as (PNG bytes, width px, height px), :data:`MAX_ROWS` rows each.

    Drawing and saving a picture takes some 20 ms (reducing it to a palette most of that), and
    a project's milestones change far less often than its drafts are made; so the last few
    results are kept. Cache: the key is everything the picture is drawn from: each milestone's
    title, dates and status, the width, the row height, the legend's words, the language (the
    month names) and the resolution. What invalidates an entry: any of those changing (then the
    key differs and the picture is drawn anew); the rest (colours, fonts, sizes) are constants
    of this program. Four entries at most (some 30 KB each picture).
    Test: ``tests/test_docx_figures.py::test_changed_milestones_draw_a_new_picture``.
    """
    chunks = _roadmap_images([_Item(*item) for item in items], width_pt, row, dict(words),
                             language, dpi)
    return tuple((_png(image, dpi), image.width, image.height) for image in chunks)


def add_picture(p, document, picture: Picture, width_twips: int) -> None:
    """Append ``picture`` to the body paragraph ``p`` (already in the document) as an inline
    shape ``width_twips`` wide, with its alternative text in ``wp:docPr/@descr``."""
    run = DocxParagraph(p, document).add_run()
    shape = run.add_picture(io.BytesIO(picture.png), width=Emu(width_twips * EMU_PER_TWIP))
    for side in ("distT", "distB", "distL", "distR"):  # LibreOffice's default is 0.32 cm
        shape._inline.set(side, "0")
    doc_pr = shape._inline.find(qn("wp:docPr"))
    if doc_pr is not None and picture.alt_text:
        doc_pr.set("descr", clean_text(picture.alt_text))


def status_words(doc: Document) -> dict[str, str]:
    """The status words of the legend, the same the milestone table prints."""
    fallback = STATUS_WORDS.get(doc.language, STATUS_WORDS["de"])
    return {s: label_for(doc, f"status_{s}", fallback.get(s, s)) for s in STATUSES}


def alt_text(
    caption: str, items: list[_Item], doc: Document, words: dict[str, str], part: tuple[int, int]
) -> str:
    """The alternative text, e.g. "Zeitplan (Zeitleiste): Prototyp, 01.01.2027–31.03.2027,
    geplant; …"."""
    local = _WORDS.get(doc.language, _WORDS["de"])
    head = caption.strip() or local["figure"]
    head = f"{head} ({local['figure']}"
    if part[1] > 1:
        head += ", " + local["part"].format(n=part[0], total=part[1])
    head += ")"
    entries = []
    for item in items:
        days = [_day(d, doc.language) for d in (item.start, item.end) if d]
        when = "–".join(dict.fromkeys(days)) or local["no_date"]
        entries.append(f"{item.title}, {when}, {words.get(item.status, item.status)}")
    return f"{head}: " + "; ".join(entries) if entries else head


# --- drawing ------------------------------------------------------------------------------------


def _day(day: dt.date, language: str) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}" if language == "de" else day.isoformat()


def _rgba(colour) -> tuple[int, int, int, int]:
    """A reportlab colour (or "#RRGGBB") as an RGBA tuple."""
    if isinstance(colour, str):
        value = int(colour.lstrip("#"), 16)
        return (value >> 16, (value >> 8) & 255, value & 255, 255)
    alpha = getattr(colour, "alpha", 1.0)
    alpha = 1.0 if alpha is None else alpha
    return tuple(round(c * 255) for c in (colour.red, colour.green, colour.blue, alpha))


@lru_cache(maxsize=16)
def _font(face: str, size_px: int) -> ImageFont.FreeTypeFont:
    path = resource_path("fonts", _FONTS[face])
    return ImageFont.truetype(str(path), size_px, layout_engine=ImageFont.Layout.BASIC)


class _Canvas:
    """A Pillow image addressed like a reportlab drawing: points, origin at the bottom left."""

    def __init__(self, width: float, height: float, dpi: float) -> None:
        self.scale = dpi / 72 * SUPERSAMPLE
        self.width_pt, self.height_pt = width, height
        self.size = (round(width * dpi / 72), round(height * dpi / 72))
        self.image = Image.new(
            "RGBA", (self.size[0] * SUPERSAMPLE, self.size[1] * SUPERSAMPLE), (255, 255, 255, 0)
        )
        self.draw = ImageDraw.Draw(self.image, "RGBA")

    def x(self, x: float) -> int:
        return round(x * self.scale)

    def y(self, y: float) -> int:
        return round((self.height_pt - y) * self.scale)

    def font(self, face: str, size: float) -> ImageFont.FreeTypeFont:
        return _font(face, max(1, round(size * self.scale)))

    def text_width(self, text: str, face: str, size: float) -> float:
        """The width of ``text`` in points."""
        return self.font(face, size).getlength(text) / self.scale

    def fit(self, text: str, face: str, size: float, width: float) -> str:
        """``text`` shortened with "…" so it fits ``width`` points (as the PDF's ``fit_text``)."""
        if self.text_width(text, face, size) <= width:
            return text
        lo, hi = 0, len(text)  # the longest prefix that fits with "…"
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.text_width(text[:mid] + "…", face, size) <= width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…"

    def rect(self, x: float, y: float, w: float, h: float, fill, radius: float = 0) -> None:
        box = (
            self.x(x),
            self.y(y + h),
            max(self.x(x + w) - 1, self.x(x)),
            max(self.y(y) - 1, self.y(y + h)),
        )
        if radius:
            self.draw.rounded_rectangle(box, radius=round(radius * self.scale), fill=_rgba(fill))
        else:
            self.draw.rectangle(box, fill=_rgba(fill))

    def line(self, x0: float, y0: float, x1: float, y1: float, colour, width: float) -> None:
        """A horizontal or vertical line ``width`` points thick (at least one final pixel)."""
        half = max(width * self.scale, SUPERSAMPLE) / 2
        if x0 == x1:
            box = (
                round(x0 * self.scale - half),
                self.y(max(y0, y1)),
                round(x0 * self.scale + half) - 1,
                self.y(min(y0, y1)),
            )
        else:
            mid = (self.height_pt - y0) * self.scale
            box = (
                self.x(min(x0, x1)),
                round(mid - half),
                self.x(max(x0, x1)),
                round(mid + half) - 1,
            )
        self.draw.rectangle(box, fill=_rgba(colour))

    def polygon(self, points: list[tuple[float, float]], fill) -> None:
        self.draw.polygon(
            [(x * self.scale, (self.height_pt - y) * self.scale) for x, y in points],
            fill=_rgba(fill),
        )

    def text(self, x: float, y: float, text: str, face: str, size: float, colour) -> None:
        """``text`` with its baseline at ``y``, as reportlab's ``String``."""
        if text:
            self.draw.text(
                (x * self.scale, (self.height_pt - y) * self.scale),
                text,
                font=self.font(face, size),
                fill=_rgba(colour),
                anchor="ls",
            )

    def result(self) -> Image.Image:
        if self.image.size == self.size:
            return self.image
        return self.image.resize(self.size, Image.Resampling.BOX)


def _roadmap_images(
    items: list[_Item], width: float, row: float, words: dict[str, str], language: str, dpi: float
) -> Iterator[Image.Image]:
    """The pictures of the dated items, :data:`MAX_ROWS` rows each; the layout of the PDF's
    ``roadmap_drawings``."""
    dated = [i for i in items if i.start or i.end]
    if not dated:
        return
    days = [d for i in dated for d in (i.start, i.end) if d]
    first, last = _month_index(min(days)), _month_index(max(days))
    months = last - first + 1
    measure = _Canvas(1, 1, dpi)  # text widths as drawn
    widest = max(measure.text_width(i.title, "sans", 8) for i in dated) + 8
    label_w = max(70.0, min(widest, width * 0.36))  # long titles are cut with "…"
    chart_x = label_w + 8
    chart_w = width - chart_x - 2
    month_w = chart_w / months
    names = MONTHS.get(language, MONTHS["de"])

    def x_of(day: dt.date, end: bool = False) -> float:
        frac = (day.day - (0 if end else 1)) / _days_in_month(day)
        return chart_x + (_month_index(day) - first + frac) * month_w

    # label every k-th month (aligned to quarters and years) so the names never collide
    need = measure.text_width("Mär", "sans", 7) + 6
    step = next((k for k in (1, 2, 3, 6) if month_w * k >= need), 0)  # else: years only
    year_w = measure.text_width("2027", "bold", 7.5) + 6
    year_step = next((k for k in (1, 2, 5, 10, 25, 50, 100) if 12 * month_w * k >= year_w), 0)
    fine_grid = month_w >= 2.5
    chunks = [dated[i : i + MAX_ROWS] for i in range(0, len(dated), MAX_ROWS)]
    for n, chunk in enumerate(chunks):
        last_chunk = n == len(chunks) - 1
        axis = AXIS if row >= ROW else AXIS - 4
        height = axis + row * len(chunk) + (LEGEND if last_chunk else 0) + 2
        c = _Canvas(width, height, dpi)
        top = height - axis
        bottom = top - row * len(chunk)
        for r in range(0, len(chunk), 2):  # zebra rows first, so the grid stays visible
            c.rect(0, top - row * (r + 1), width, row, TABLE_ZEBRA)
        for m in range(months + 1):  # month grid and axis labels
            x = chart_x + m * month_w
            month, year = (first + m) % 12, (first + m) // 12
            year_start = month == 0
            # a long span (decades) draws the lines of the labelled years only, not a grey block
            year_line = year_start and (year_step == 1 or (year_step and year % year_step == 0))
            if m in (0, months) or year_line:
                c.line(x, bottom, x, top + 2, RULE, 0.8)
            elif fine_grid and not year_start:
                c.line(x, bottom, x, top + 2, FINE_GRID, 0.4)
            if m == months:
                continue
            if step and month % step == 0:
                c.text(x + 2, top + 5, names[month], "sans", 7, MUTED)
            first_label = m == 0 and (12 - month) * month_w >= year_w
            fits = x + year_w - 4 <= width  # the picture clips what the PDF lets overflow
            if year_step and year % year_step == 0 and (year_start or first_label) and fits:
                c.text(x + 2, top + 16, str(year), "bold", 7.5, INK)
        c.line(chart_x, top, chart_x + chart_w, top, RULE, 0.6)
        for r, item in enumerate(chunk):  # one row per item
            y = top - row * (r + 1)
            colour = STATUS_COLOURS.get(item.status, STATUS_COLOURS["planned"])
            title = c.fit(" ".join(item.title.split()), "sans", 8, label_w - 4)
            c.text(2, y + row / 2 - 2.8, title, "sans", 8, INK)
            if item.start and item.end:
                x0, x1 = x_of(item.start), x_of(item.end, end=True)
                length = max(x1 - x0, 2.5)
                c.rect(x0, y + row * 0.24, length, row * 0.52, colour, radius=2)
                if item.status == "cancelled":
                    c.line(x0, y + row / 2, x0 + length, y + row / 2, MUTED, 0.8)
            else:  # a single date: a milestone diamond
                x = x_of(item.start or item.end)
                mid, h = y + row / 2, row * 0.3
                c.polygon([(x, mid + h), (x + h, mid), (x, mid - h), (x - h, mid)], colour)
        if last_chunk:  # the legend
            x = chart_x
            for status in STATUSES:
                word = words[status]
                c.rect(x, 4, 9, 7, STATUS_COLOURS[status])
                c.text(x + 12, 4.5, word, "sans", 7, MUTED)
                x += 12 + c.text_width(word, "sans", 7) + 14
        yield c.result()


PALETTE = 256
"""Colours of the saved picture. The drawing has a few hundred (its colours, the grey of the
grid, and the shades of smoothed edges); reduced to a palette of 256 (alpha included, so the
watermark still shows through) it looks the same, takes 30 KB instead of 70 KB in every draft
version and is saved in less time."""


def _png(image: Image.Image, dpi: float) -> bytes:
    out = io.BytesIO()
    reduced = image.quantize(PALETTE, method=Image.Quantize.FASTOCTREE)
    reduced.save(out, "PNG", dpi=(dpi, dpi), compress_level=3)  # optimize=True costs 5x the time
    return out.getvalue()
