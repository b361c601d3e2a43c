"""Column widths for DOCX tables: the model's relative weights, widened where a word would not fit.

Word and LibreOffice both break a word that is wider than its column in the middle
("Verantwortli|ch", "01.10.20|27"). Text metrics are not known here, so the longest word of
each column is estimated from its letters (serif text at table size, bold in the header) and
a column gets at least that much, taken from columns that have room to spare.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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


# where a line may break: spaces, and after a hyphen, slash or dash
_BREAKS = re.compile(r"\s+|(?<=[-/–])")


def widest_word(text: str, bold: bool = False) -> int:
    return max((word_width(w, bold) for w in _BREAKS.split(text or "") if w), default=0)


def column_widths(
    header: Sequence[str], rows: Sequence[Sequence[str]], weights: Sequence[float], total: int
) -> list[int]:
    """Widths in twips that add up to ``total``: proportional to ``weights`` where every
    column is wide enough for its longest word, otherwise widened at the expense of the others.
    If the words cannot all fit, see :func:`_water_fill`."""
    count = len(weights)
    need = [0] * count
    for c in range(count):
        head = widest_word(header[c], bold=True) if c < len(header) else 0
        body = max((widest_word(row[c]) for row in rows if c < len(row)), default=0)
        need[c] = max(head, body) + CELL_PADDING if max(head, body) else 0
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
