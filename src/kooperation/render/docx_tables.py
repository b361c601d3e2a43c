"""Column widths for DOCX tables: the model's relative weights, widened where a word would not fit.

Word and LibreOffice both break a word that is wider than its column in the middle
("Verantwortli|ch", "01.10.20|27"). A column therefore gets at least the width of its longest
unbreakable word (bold in the header), taken from columns that have room to spare. Words are
measured with the real metrics of the font the table is set in when it is one we ship and
embed (:func:`font_measure`, DejaVu), otherwise estimated from their letters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

CELL_PADDING = 2 * 85 + 30  # twips: left and right cell margins of the table style, plus slack
FONT_TWIPS = 190  # 9.5 pt, the table text size of the reference
BOLD = 1.1  # bold header text is a little wider

# rough serif advance widths in em (Cambria/Caladea; wider faces are covered by the slack)
_NARROW = set(".,:;'!|ijl()[]/ ")
_SLIM = set("frtI1-")
_WIDE = set("mwMW@%")


def word_width(word: str, bold: bool = False) -> int:
    """Estimated width of ``word`` in twips at table text size."""
    em = 0.0
    for ch in word:
        if ch in _NARROW:
            em += 0.28
        elif ch in _SLIM:
            em += 0.38
        elif ch in _WIDE:
            em += 0.85
        elif ch.isupper():
            em += 0.66
        elif ch.isdigit():
            em += 0.55
        else:
            em += 0.52
    return round(em * FONT_TWIPS * (BOLD if bold else 1.0))


# where a line may break: spaces (not the non-breaking one), and after a hyphen, slash or dash
_BREAKS = re.compile(r"[^\S\u00a0]+|(?<=[-/–])")  # never at a non-breaking space


Measure = Callable[[str, bool], int]  # (word, bold) -> width in twips


def font_measure(family: str, size_half_points: int = 2 * FONT_TWIPS // 20) -> Measure | None:
    """Exact word widths in twips for one of our font families at the given size (None for a
    family we do not ship: then :func:`word_width` estimates)."""
    from kooperation.render import pdf_fonts

    faces = {
        "DejaVu Serif": (pdf_fonts.SERIF, pdf_fonts.SERIF_BOLD),
        "DejaVu Sans": (pdf_fonts.SANS, pdf_fonts.SANS_BOLD),
    }.get(family)
    if faces is None:
        return None
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pdf_fonts.register_fonts()
    points = size_half_points / 2

    known: dict[tuple[str, bool], int] = {}  # one face pair at one size: a width never changes

    def measure(word: str, bold: bool = False) -> int:
        width = known.get((word, bold))
        if width is None:
            width = known[word, bold] = round(stringWidth(word, faces[1 if bold else 0], points) * 20)
        return width

    return measure


def widest_word(text: str, bold: bool = False, measure: Measure | None = None) -> int:
    width = measure or word_width
    return max((width(w, bold) for w in _BREAKS.split(text or "") if w), default=0)


def _needs(header, rows, count: int, measure: Measure | None) -> list[int]:
    """The width of the longest word of each column (header bold), without padding."""
    need = [0] * count
    for c in range(count):
        head = widest_word(header[c], bold=True, measure=measure) if c < len(header) else 0
        body = max((widest_word(row[c], measure=measure) for row in rows if c < len(row)), default=0)
        need[c] = max(head, body)
    return need


def table_text_size(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    count: int,
    total: int,
    measure: Measure | None = None,
    size: int = 2 * FONT_TWIPS // 20,
    smallest: int = 15,
) -> int:
    """The text size (half points) for a table of ``count`` columns: ``size`` (the table
    style's) where every column's longest word fits into ``total``, else the largest smaller
    size down to ``smallest`` at which they all fit (a crowded table is set a little smaller
    rather than having its words and dates broken), else ``smallest``."""
    text = sum(_needs(header, rows, count, measure))
    room = total - count * CELL_PADDING
    for candidate in range(size, smallest - 1, -1):
        if text * candidate / size <= room:
            return candidate
    return smallest


def scaled(measure: Measure | None, factor: float) -> Measure:
    """``measure`` (or the estimate) for text ``factor`` times as large."""
    width = measure or word_width
    return lambda word, bold=False: round(width(word, bold) * factor)


def column_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    weights: Sequence[float],
    total: int,
    measure: Measure | None = None,
) -> list[int]:
    """Widths in twips that add up to ``total``: proportional to ``weights`` where every
    column is wide enough for its longest word (``measure``: exact widths, else estimated),
    otherwise widened at the expense of the others. If the words cannot all fit, see
    :func:`_water_fill`."""
    count = len(weights)
    need = [n + CELL_PADDING if n else 0 for n in _needs(header, rows, count, measure)]
    weight_sum = sum(weights)
    widths = [total * w / weight_sum for w in weights]
    if sum(need) >= total:
        return _round_to(total, _water_fill(need, total))
    # raise short columns to their need, paid for by the slack of the others, until stable
    for _ in range(count):
        short = [c for c in range(count) if widths[c] < need[c]]
        if not short:
            break
        deficit = sum(need[c] - widths[c] for c in short)
        for c in short:
            widths[c] = need[c]
        slack = {
            c: widths[c] - need[c] for c in range(count) if c not in short and widths[c] > need[c]
        }
        slack_sum = sum(slack.values())
        for c, room in slack.items():
            widths[c] -= deficit * room / slack_sum
    return _round_to(total, widths)


def _water_fill(need: Sequence[int], total: int) -> list[float]:
    """Too many long words for the page: the columns with short words (numbers, dates,
    status) keep their width, the ones with the longest words share the rest equally. Long
    words are the ones Word can hyphenate; a date cannot be."""
    widths = [0.0] * len(need)
    remaining, left = float(total), len(need)
    pending = sorted(range(len(need)), key=lambda c: need[c])
    while pending and need[pending[0]] <= remaining / left:
        c = pending.pop(0)
        widths[c] = need[c]
        remaining -= need[c]
        left -= 1
    for c in pending:
        widths[c] = remaining / left
    return widths


def _round_to(total: int, widths: Sequence[float]) -> list[int]:
    """Whole twips that still add up to ``total``."""
    out = [max(1, int(w)) for w in widths]
    out[max(range(len(out)), key=lambda i: widths[i])] += total - sum(out)
    return out
