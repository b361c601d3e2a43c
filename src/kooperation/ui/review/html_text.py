"""HTML for the review views, built from user text that is always escaped.

Clause texts, comments and suggestions are user data (a partner named ``<b>`` appears as
exactly that), so every piece of text goes through `html.escape` before it meets markup.
Insertions are green and underlined, deletions red and struck through, with a light background
that keeps them readable in a dark palette too.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from kooperation.review.model import Segment

INSERT_STYLE = "color:#0f5323; background-color:#d8f5dd; text-decoration:underline;"
DELETE_STYLE = "color:#8c0b1f; background-color:#fde4e4; text-decoration:line-through;"

# status chips: dark text on a light tint, readable in light and dark palettes alike
OPEN_CHIP = "color:#5c3b00; background-color:#ffedc2; font-weight:bold;"
DONE_CHIP = "color:#184d26; background-color:#d8f5dd; font-weight:bold;"
GREY_CHIP = "color:#3d3d3d; background-color:#e4e4e4; font-weight:bold;"
WARN_CHIP = "color:#6b3a00; background-color:#ffe0b8; font-weight:bold;"
ADOPTED_CHIP = "color:#0b3d5c; background-color:#dcefff; font-weight:bold;"  # an agreed wording


def escape(text: str) -> str:
    """``text`` as HTML: escaped, line breaks kept."""
    return html.escape(text).replace("\n", "<br/>")


def paragraphs(text: str) -> str:
    """A plain text (paragraphs separated by ``\\n``) as HTML paragraphs."""
    parts = [html.escape(p) for p in text.split("\n") if p.strip()]
    return "".join(f"<p>{p}</p>" for p in parts)


def span(text: str, style: str) -> str:
    """``text`` escaped, in a span with ``style`` (one of the styles above)."""
    return f'<span style="{style}">{escape(text)}</span>'


def chip(text: str, style: str) -> str:
    """A short label on its own tint ("offen", "geändert"), padded by a space on each side."""
    return span(f"\u00a0{text}\u00a0", style)


def _piece(kind: str, text: str) -> str:
    if kind == "insert":
        return span(text, INSERT_STYLE)
    if kind == "delete":
        return span(text, DELETE_STYLE)
    return html.escape(text)


def segments_html(segments: Iterable[Segment], as_paragraphs: bool = False) -> str:
    """Word-diff segments as HTML: insertions green and underlined, deletions red and struck.

    With ``as_paragraphs`` every line break starts a new paragraph (for a whole clause),
    otherwise it becomes a line break (for a short suggestion). A span never crosses a
    paragraph."""
    lines: list[list[str]] = [[]]
    for seg in segments:
        for n, part in enumerate(seg.text.split("\n")):
            if n:
                lines.append([])
            if part:
                lines[-1].append(_piece(seg.kind, part))
    texts = ["".join(line) for line in lines]
    if as_paragraphs:
        return "".join(f"<p>{t}</p>" for t in texts if t)
    return "<br/>".join(texts)
