"""Figures drawn from data: the roadmap timeline (a small Gantt chart).

A figure never breaks the document: data the drawing cannot use is left out, and a figure kind
this module does not know is printed as its caption.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether

from kooperation.drafting.docmodel import Figure

from .pdf_canvas import fit_text
from .pdf_fonts import SANS, SANS_BOLD
from .pdf_styles import INK, MUTED, RULE, TABLE_ZEBRA, Styles, esc
from .pdf_text import Paragraph

STATUS_COLOURS = {
    "planned": colors.HexColor("#8FA8C8"),
    "in_progress": colors.HexColor("#2F6DB5"),
    "done": colors.HexColor("#3C9A5F"),
    "delayed": colors.HexColor("#E08A1E"),
    "cancelled": colors.HexColor("#B9BDC3"),
}
STATUS_WORDS = {
    "de": {
        "planned": "geplant",
        "in_progress": "in Arbeit",
        "done": "erledigt",
        "delayed": "verzögert",
        "cancelled": "abgebrochen",
        "undated": "Ohne Termin",
    },
    "en": {
        "planned": "planned",
        "in_progress": "in progress",
        "done": "done",
        "delayed": "delayed",
        "cancelled": "cancelled",
        "undated": "No date",
    },
}
MONTHS = {
    "de": ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}

ROW = 17.0  # height of one item row
MIN_ROW = 10.0  # the tightest row a figure may ask for (8 pt labels still fit)
AXIS = 30.0  # height of the month axis (months and years)
LEGEND = 18.0
MAX_ROWS = 28  # rows per drawing, so a long roadmap continues on the next page


@dataclass
class _Item:
    title: str
    start: dt.date | None
    end: dt.date | None
    status: str


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _items(data: dict) -> list[_Item]:
    raw = data.get("items") if isinstance(data, dict) else None
    if not isinstance(raw, list | tuple):
        return []
    items: list[_Item] = []
    for entry in raw:
        if not isinstance(entry, dict):
            continue
        start, end = _date(entry.get("start")), _date(entry.get("end"))
        if start and end and end < start:
            start, end = end, start
        status = str(entry.get("status") or "planned")
        items.append(_Item(str(entry.get("title") or "–"), start, end, status))
    return items


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _words(labels: dict[str, str], language: str) -> dict[str, str]:
    words = dict(STATUS_WORDS.get(language, STATUS_WORDS["de"]))
    for key in list(words):
        words[key] = labels.get(f"status_{key}", words[key])
    return words


MAX_SPAN_YEARS = 100
"""A roadmap longer than this is no plan one can draw on a page: the table alone shows it."""


def too_long_to_draw(items: list[_Item]) -> bool:
    """Whether the dated items span more than `MAX_SPAN_YEARS` (e.g. a date typed as year 1)."""
    days = [d for i in items for d in (i.start, i.end) if d]
    return bool(days) and max(days).year - min(days).year > MAX_SPAN_YEARS


def roadmap_drawings(
    items: list[_Item], width: float, language: str, labels: dict[str, str], row: float = ROW
) -> list[Drawing]:
    """One or more drawings (a long roadmap is cut into pieces) for the dated items."""
    dated = [i for i in items if i.start or i.end]
    if not dated or too_long_to_draw(dated):
        return []
    days = [d for i in dated for d in (i.start, i.end) if d]
    first, last = _month_index(min(days)), _month_index(max(days))
    months = last - first + 1
    widest = max(stringWidth(i.title, SANS, 8) for i in dated) + 8
    label_w = max(70.0, min(widest, width * 0.36))  # long titles are cut with "…"
    chart_x = label_w + 8
    chart_w = width - chart_x - 2
    month_w = chart_w / months
    names = MONTHS.get(language, MONTHS["de"])
    words = _words(labels, language)

    def x_of(day: dt.date, end: bool = False) -> float:
        idx = _month_index(day) - first
        length = _days_in_month(day)
        frac = (day.day - (0 if end else 1)) / length
        return chart_x + (idx + frac) * month_w

    # label every k-th month (aligned to quarters and years) so the names never collide
    need = stringWidth("Mär", SANS, 7) + 6
    step = next((k for k in (1, 2, 3, 6) if month_w * k >= need), 0)  # else: years only
    year_w = stringWidth("2027", SANS_BOLD, 7.5) + 6
    year_step = next((k for k in (1, 2, 5, 10, 25, 50, 100) if 12 * month_w * k >= year_w), 0)
    fine_grid = month_w >= 2.5
    chunks = [dated[i : i + MAX_ROWS] for i in range(0, len(dated), MAX_ROWS)]
    drawings: list[Drawing] = []
    for n, chunk in enumerate(chunks):
        last_chunk = n == len(chunks) - 1
        legend_h = LEGEND if last_chunk else 0
        axis = AXIS if row >= ROW else AXIS - 4
        height = axis + row * len(chunk) + legend_h + 2
        d = Drawing(width, height, initialFontName=SANS, initialFontSize=8)
        top = height - axis
        bottom = top - row * len(chunk)
        for r in range(0, len(chunk), 2):  # zebra rows first, so the grid stays visible
            d.add(Rect(0, top - row * (r + 1), width, row, fillColor=TABLE_ZEBRA,
                       strokeColor=None))
        # month grid and axis labels
        for m in range(months + 1):
            x = chart_x + m * month_w
            month = (first + m) % 12
            year = (first + m) // 12
            year_start = month == 0
            if year_start or m in (0, months):
                d.add(Line(x, bottom, x, top + 2, strokeColor=RULE, strokeWidth=0.8))
            elif fine_grid:
                d.add(Line(x, bottom, x, top + 2, strokeColor=colors.HexColor("#E1E4E8"),
                           strokeWidth=0.4))
            if m == months:
                continue
            if step and month % step == 0:
                d.add(String(x + 2, top + 5, names[month], fontName=SANS, fontSize=7,
                             fillColor=MUTED))
            first_label = m == 0 and (12 - month) * month_w >= year_w
            if year_step and year % year_step == 0 and (year_start or first_label):
                d.add(String(x + 2, top + 16, str(year), fontName=SANS_BOLD, fontSize=7.5,
                             fillColor=INK))
        d.add(Line(chart_x, top, chart_x + chart_w, top, strokeColor=RULE, strokeWidth=0.6))
        # one row per item
        for r, item in enumerate(chunk):
            y = top - row * (r + 1)
            colour = STATUS_COLOURS.get(item.status, STATUS_COLOURS["planned"])
            d.add(String(2, y + row / 2 - 2.8, fit_text(item.title, SANS, 8, label_w - 4), fontName=SANS,
                         fontSize=8, fillColor=INK))
            if item.start and item.end:
                x0, x1 = x_of(item.start), x_of(item.end, end=True)
                d.add(Rect(x0, y + row * 0.24, max(x1 - x0, 2.5), row * 0.52, rx=2, ry=2, fillColor=colour,
                           strokeColor=None))
                if item.status == "cancelled":
                    d.add(Line(x0, y + row / 2, x0 + max(x1 - x0, 2.5), y + row / 2,
                               strokeColor=MUTED, strokeWidth=0.8))
            else:  # a single date: a milestone diamond
                x = x_of(item.start or item.end)
                c, h = y + row / 2, row * 0.3
                d.add(Polygon([x, c + h, x + h, c, x, c - h, x - h, c], fillColor=colour,
                              strokeColor=None))
        if last_chunk:
            x = chart_x
            for status in ("planned", "in_progress", "done", "delayed", "cancelled"):
                word = words[status]
                d.add(Rect(x, 4, 9, 7, fillColor=STATUS_COLOURS[status], strokeColor=None))
                d.add(String(x + 12, 4.5, word, fontName=SANS, fontSize=7, fillColor=MUTED))
                x += 12 + stringWidth(word, SANS, 7) + 14
        drawings.append(d)
    return drawings


def _days_in_month(day: dt.date) -> int:
    return calendar.monthrange(day.year, day.month)[1]  # December 9999 has no "next month"


def figure_row(fig: Figure, default: float) -> float:
    """The row height of a roadmap: the figure's own ``row`` (a long roadmap in the project
    sketch is drawn tighter), never taller than ``default`` nor so small that a label clashes."""
    row = fig.data.get("row") if isinstance(fig.data, dict) else None
    if isinstance(row, int | float) and not isinstance(row, bool) and MIN_ROW <= row < default:
        return float(row)
    return default


def figure_flowables(
    fig: Figure, width: float, styles: Styles, language: str, labels: dict[str, str]
) -> list[Flowable]:
    """The flowables for a figure; the caption alone when the kind or data is not drawable."""
    caption = Paragraph(esc(fig.caption), styles.caption) if fig.caption else None
    if fig.kind != "roadmap":
        return [Paragraph(esc(fig.caption), styles.body)] if fig.caption else []
    items = _items(fig.data)
    try:
        drawings = roadmap_drawings(items, width, language, labels, figure_row(fig, styles.figure_row))
    except (ValueError, OverflowError, ZeroDivisionError):  # absurd dates: fall back to text
        drawings = []
        items = [_Item(i.title, None, None, i.status) for i in items]
    out: list[Flowable] = []
    if drawings:
        body: list[Flowable] = [drawings[-1]]
        if caption:
            body.append(caption)
        out += drawings[:-1]
        out.append(KeepTogether(body))
    elif caption:
        out.append(caption)
    undated = [i for i in items if not (i.start or i.end)]
    if undated:
        words = _words(labels, language)
        listing = "; ".join(
            f"{esc(i.title)} ({esc(words.get(i.status, i.status))})" for i in undated
        )
        out.append(Paragraph(f"<b>{esc(words['undated'])}:</b> {listing}", styles.small))
    return out
