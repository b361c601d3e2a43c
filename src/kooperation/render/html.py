"""The document model as HTML for the live preview (a ``QTextBrowser`` in the app).

Qt renders only a subset of HTML 4 and CSS 2.1, so the markup stays simple: headings,
paragraphs, lists, borderless tables for hanging indents and boxes, class selectors and inline
``style=`` attributes. Every string of the model is user data and goes through :func:`esc`, so a
partner called ``{{ 7*7 }}`` or ``<b>Fett</b>`` appears exactly like that.

Boxes with a coloured background also set a dark text colour: the preview follows the window's
palette (light text in dark mode) and light text on yellow would be unreadable.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape

from kooperation.drafting.docmodel import (
    Annex,
    Block,
    BulletList,
    Clause,
    Document,
    Figure,
    Heading,
    Inline,
    Note,
    OpenMark,
    Paragraph,
    Party,
    Ref,
    Table,
    Text,
)
from kooperation.i18n import babel_locale

# --- colours (light tints with dark text, readable in light and dark mode) ---------------------

INK = "#1a1a1a"
MUTED = "#7a828c"
ACCENT = "#1f3a5f"
OPEN_MARK_BG = "#ffe066"
OPEN_PARA_BG = "#fff8d6"
OPEN_NOTE_BG = "#fff3b0"
OPEN_NOTE_BORDER = "#d9a400"
INFO_BG = "#eef3f9"
INFO_BORDER = "#a7b0ba"
HIGHLIGHT_BG = "#e3efff"
HIGHLIGHT_BORDER = "#2f6db5"
TABLE_HEAD_BG = "#e3e8ef"
TABLE_GRID = "#c3c9d1"

# The bundled fonts of the PDF (registered with Qt by the app): the preview wraps with the
# metrics of a font that is really there and looks like the PDF.
SERIF = "'DejaVu Serif', serif"
SANS = "'DejaVu Sans', sans-serif"

STYLESHEET = f"""
body {{ font-family: {SERIF}; font-size: 9.5pt; }}
h1, h2, h4 {{ font-family: {SANS}; }}
td.cell, td.th {{ font-family: {SANS}; font-size: 8pt; }}
h1 {{ font-size: 20pt; font-weight: bold; margin-top: 4px; margin-bottom: 2px; }}
h2 {{ font-size: 14pt; font-weight: bold; margin-top: 18px; margin-bottom: 6px; }}
h3 {{ font-size: 12pt; font-weight: bold; margin-top: 14px; margin-bottom: 4px; }}
h4 {{ font-size: 11pt; font-weight: bold; margin-top: 10px; margin-bottom: 4px; }}
p {{ margin-top: 0px; margin-bottom: 6px; }}
.subtitle {{ font-size: 13pt; margin-bottom: 2px; }}
.meta {{ color: {MUTED}; font-size: 9pt; }}
.center {{ text-align: center; }}
.lead {{ font-size: 12pt; }}
.small {{ font-size: 9pt; }}
.party {{ text-align: center; margin-bottom: 4px; }}
.openmark {{ background-color: {OPEN_MARK_BG}; color: {INK}; }}
.boxtext {{ color: {INK}; }}
.th {{ background-color: {TABLE_HEAD_BG}; color: {INK}; font-weight: bold; }}
.caption {{ font-style: italic; color: {MUTED}; }}
"""

TABLE_CHARS = 60  # characters of table text a preview line holds (8 pt in a narrow panel)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NUM_WIDTH = 34  # px of the hanging indent column "(12)"


def esc(text: object) -> str:
    """Plain text as HTML: escaped, control characters dropped, line breaks kept."""
    s = _CONTROL.sub("", "" if text is None else str(text))
    return escape(s, quote=True).replace("\r\n", "\n").replace("\n", "<br/>")


def _attr(text: str) -> str:
    """A value for an HTML attribute (anchor names, link targets)."""
    return escape(_CONTROL.sub("", text).replace("\n", " "), quote=True)


# --- inline pieces ------------------------------------------------------------------------------


def _inlines(pieces: list[Inline], on_tint: bool = False) -> str:
    """``on_tint``: the text sits on a light background, so links get a fixed dark colour
    instead of the palette's (light blue in dark mode)."""
    link_style = f' style="color:{ACCENT}"' if on_tint else ""
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, Text):
            s = esc(piece.text)
            if piece.bold:
                s = f"<b>{s}</b>"
            if piece.italic:
                s = f"<i>{s}</i>"
            out.append(s)
        elif isinstance(piece, Ref):
            target, label = _attr(piece.target), esc(piece.label or piece.target)
            out.append(f'<a href="#{target}"{link_style}>{label}</a>')
        elif isinstance(piece, OpenMark):
            out.append(f'<span class="openmark">{esc(piece.label)}</span>')
    return "".join(out)


# --- blocks -------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, doc: Document, highlight: str | None) -> None:
        self.doc = doc
        self.highlight = highlight
        self.out: list[str] = []
        self.w = self.out.append
        self.tinted = False  # inside a highlighted (light-blue) clause

    def label(self, key: str, default: str) -> str:
        return self.doc.labels.get(key) or default

    # blocks

    def blocks(self, blocks: list[Block]) -> None:
        for i, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                self.paragraph(block)
            elif isinstance(block, BulletList):
                self.bullets(block)
            elif isinstance(block, Table):
                self.table(block.header, block.rows, block.widths)
            elif isinstance(block, Note):
                self.note(block)
            elif isinstance(block, Heading):
                level = min(max(block.level, 2), 3) + 1
                self.w(f"<h{level}>{esc(block.text)}</h{level}>")
            elif isinstance(block, Figure):
                self.figure(block, blocks[i + 1] if i + 1 < len(blocks) else None)

    def paragraph(self, para: Paragraph) -> None:
        body = _inlines(para.inlines, self.tinted or para.open)
        cls = [para.style] if para.style in ("lead", "small", "center") else []
        if para.number is None and not para.open:
            self.w(f'<p class="{cls[0]}">{body}</p>' if cls else f"<p>{body}</p>")
            return
        # A borderless table: the number in a narrow column gives the hanging indent, and the
        # table carries the light-yellow background of text proposed for an open topic.
        if para.open:
            cls.append("boxtext")
        td_cls = f' class="{" ".join(cls)}"' if cls else ""
        head = f'<table width="100%" cellspacing="0" cellpadding="{2 if para.open else 0}"'
        head += f' style="margin-bottom:6px" bgcolor="{OPEN_PARA_BG}">' if para.open else ' style="margin-bottom:6px">'
        num = ""
        if para.number is not None:
            num_cls = ' class="boxtext"' if para.open else ""
            num = f'<td width="{_NUM_WIDTH}"{num_cls}>({para.number})</td>'
        self.w(f"{head}<tr>{num}<td{td_cls}>{body}</td></tr></table>")

    def bullets(self, bl: BulletList) -> None:
        tag = "ol" if bl.ordered else "ul"
        items = "".join(f"<li>{_inlines(item, self.tinted or bl.open)}</li>" for item in bl.items)
        if bl.open:
            self.w(f'<table width="100%" cellspacing="0" cellpadding="2" style="margin-bottom:6px"'
                   f' bgcolor="{OPEN_PARA_BG}"><tr><td class="boxtext">'
                   f"<{tag}>{items}</{tag}></td></tr></table>")
        else:
            self.w(f'<{tag} style="margin-top:0px; margin-bottom:6px">{items}</{tag}>')

    def table(self, header: list[str], rows: list[list[str]], widths: list[float] | None = None) -> None:
        ncols = max([len(header)] + [len(r) for r in rows]) if (header or rows) else 0
        if not ncols:
            return
        col_w = [f' width="{p}%"' if p else "" for p in _column_shares(header, rows, widths, ncols)]
        w = self.w
        w(f'<table width="100%" cellspacing="0" cellpadding="3" border="1"'
          f' style="border-color:{TABLE_GRID}; border-style:solid;'
          ' margin-bottom:8px">')
        if header:
            cells = list(header) + [""] * (ncols - len(header))
            w("<tr>" + "".join(f'<td class="th"{col_w[i]}>{esc(c)}</td>' for i, c in enumerate(cells)) + "</tr>")
        for row in rows:
            cells = list(row) + [""] * (ncols - len(row))
            w("<tr>" + "".join(f'<td class="cell"{"" if header else col_w[i]}>{esc(c)}</td>' for i, c in enumerate(cells)) + "</tr>")
        w("</table>")

    def note(self, note: Note) -> None:
        is_open = note.kind == "open"
        bg, border = (OPEN_NOTE_BG, OPEN_NOTE_BORDER) if is_open else (INFO_BG, INFO_BORDER)
        title = f"<b>{esc(note.title)}</b>" if note.title else ""
        body = _inlines(note.inlines, True)
        sep = ": " if title and body else ""
        self._box(f"{title}{sep}{body}", bg, border)

    def _box(self, inner: str, bg: str, border: str) -> None:
        self.w(
            f'<table width="100%" cellspacing="0" cellpadding="6" border="1" bgcolor="{bg}"'
            f' style="border-color:{border}; border-style:solid; margin-top:4px; margin-bottom:8px">'
            f'<tr><td class="boxtext">{inner}</td></tr></table>'
        )

    def figure(self, fig: Figure, after: Block | None = None) -> None:
        """A roadmap as a table of its milestones, under its caption; when the next block
        already tables the same milestones (as the roadmap annex does), the caption alone."""
        if fig.caption:
            self.w(f'<p class="caption">{esc(fig.caption)}</p>')
        items = fig.data.get("items") if isinstance(fig.data, dict) else None
        if not (fig.kind == "roadmap" and isinstance(items, list | tuple) and items):
            return
        if isinstance(after, Table):
            tabled = {cell for row in after.rows for cell in row}
            if all(isinstance(it, dict) and str(it.get("title") or "–") in tabled for it in items):
                return
        rows = []
        for item in items:
            if not isinstance(item, dict):
                continue
            status = str(item.get("status") or "")
            rows.append([
                str(item.get("title") or "–"),
                self.day(item.get("start")),
                self.day(item.get("end")),
                self.label(f"status_{status}", status),
            ])
        header = [self.label("milestone", "Meilenstein"), self.label("start", "Beginn"),
                  self.label("end", "Ende"), self.label("status", "Status")]
        self.table(header, rows, [5, 1.6, 1.6, 1.6])


    def day(self, value: object) -> str:
        if isinstance(value, str) and value.strip():
            try:
                value = dt.date.fromisoformat(value.strip()[:10])
            except ValueError:
                return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            if self.doc.language == "de":
                return value.strftime("%d.%m.%Y")  # by hand: German needs no Babel here
            from babel.dates import format_date

            return format_date(value, "medium", locale=babel_locale(self.doc.language))
        return ""

    # structure

    def front(self) -> None:
        doc, w = self.doc, self.w
        w(f'<h1 class="center">{esc(doc.title)}</h1>')
        if doc.subtitle:
            w(f'<p class="subtitle center">{esc(doc.subtitle)}</p>')

    def cover_end(self) -> None:
        """Below the parties, as on the cover of the DOCX and the PDF: the draft notice, then
        the line with project, version and date."""
        doc, w = self.doc, self.w
        if doc.draft_notice:
            self._box(esc(doc.draft_notice), INFO_BG, INFO_BORDER)
        meta = doc.meta or {}
        parts = [esc(meta.get("project", ""))]
        if meta.get("version"):
            parts.append(f"{esc(self.label('version', 'Version'))} {esc(meta['version'])}")
        if meta.get("date"):
            parts.append(f"{esc(self.label('generated', 'erstellt am'))} {esc(meta['date'])}")
        parts = [p for p in parts if p.strip()]
        if parts:
            w(f'<p class="meta center">{" · ".join(parts)}</p>')

    def parties(self) -> None:
        doc, w = self.doc, self.w
        if not doc.parties:
            return
        w(f'<p class="party">{esc(doc.parties_intro or self.label("between", "zwischen"))}</p>')
        last = len(doc.parties) - 1
        for i, party in enumerate(doc.parties):
            if i and i == last:  # "A, B und C": the connector before the last party only
                w(f'<p class="party">{esc(self.label("and", "und"))}</p>')
            lines = [f"<b>{esc(party.name)}</b>"]
            lines += [x for x in (esc(party.address), _inlines(party.representative_pieces()), esc(self.designation(party))) if x]
            w(f'<p class="party">{"<br/>".join(lines)}</p>')
        if doc.parties_outro:
            w(f'<p class="party">{esc(doc.parties_outro)}</p>')

    def designation(self, party: Party) -> str:
        text = (party.designation or "").strip()
        if not text or text[0] in "–-—(" or "„" in text or '"' in text:
            return text
        pattern = self.label("designation_pattern", "")
        if "{}" not in pattern:
            return text
        quoted = text if "„" in pattern or '"' in pattern else (
            f"„{text}“" if self.doc.language == "de" else f"“{text}”")
        return pattern.replace("{}", quoted, 1)

    def toc(self) -> None:
        doc, w = self.doc, self.w
        clauses = doc.clauses()
        if not doc.show_toc or len(clauses) < 2:
            return
        w(f"<h2>{esc(self.label('toc', 'Inhaltsverzeichnis'))}</h2>")
        rows = []
        for clause in clauses:
            rows.append(f'<a href="#{_attr(clause.id)}">{esc(clause.heading)}</a>')
        for annex in doc.annexes:
            rows.append(f'<a href="#{_attr(annex.id)}">{esc(annex.heading)}</a>')
        w(f'<p class="small">{"<br/>".join(rows)}</p>')

    def clause(self, clause: Clause) -> None:
        w = self.w
        hl = clause.id == self.highlight
        if hl:
            w(f'<table width="100%" cellspacing="0" cellpadding="6" bgcolor="{HIGHLIGHT_BG}"'
              f' style="margin-top:8px"><tr>'
              f'<td class="boxtext" style="border-left: 4px solid {HIGHLIGHT_BORDER};">')
        w(f'<h3><a name="{_attr(clause.id)}">{esc(clause.heading)}</a></h3>')
        self.tinted = hl
        self.blocks(clause.blocks)
        self.tinted = False
        if hl:
            w("</td></tr></table>")

    def annex(self, annex: Annex) -> None:
        w = self.w
        hl = annex.id == self.highlight
        if hl:
            w(f'<table width="100%" cellspacing="0" cellpadding="6" bgcolor="{HIGHLIGHT_BG}"><tr>'
              f'<td class="boxtext" style="border-left: 4px solid {HIGHLIGHT_BORDER};">')
        w(f'<h2><a name="{_attr(annex.id)}">{esc(annex.heading)}</a></h2>')
        self.tinted = hl
        self.blocks(annex.blocks)
        self.tinted = False
        if hl:
            w("</td></tr></table>")

    def signatures(self) -> None:
        doc, w = self.doc, self.w
        if not (doc.show_signatures and doc.parties):
            return
        w(f"<h2>{esc(doc.signature_title or self.label('signatures', 'Unterschriften'))}</h2>")
        place = esc(doc.signature_place_date or self.label("place_date", "Ort, Datum"))
        sign = esc(self.label("signature", "Unterschrift"))
        w('<table width="100%" cellspacing="0" cellpadding="8">')
        parties = list(doc.parties)
        for start in range(0, len(parties), 2):
            w("<tr>")
            for party in parties[start : start + 2]:
                w(f'<td width="50%"><span class="meta">{place}</span><br/><br/>'
                  f"______________________________<br/><b>{esc(party.name)}</b>"
                  + (f"<br/>{_inlines(party.representative_pieces())}" if party.representative_open else "")
                  + f'<br/><span class="meta">{sign}</span></td>')
            if len(parties[start : start + 2]) == 1:
                w('<td width="50%"></td>')
            w("</tr>")
        w("</table>")

    def pieces(self) -> list[tuple[str, str]]:
        """The body as consecutive pieces ``(key, html)``: the cover parts, the table of
        contents, preamble and body, each section's title, each clause, the signatures and each
        annex (empty pieces left out). Joined they are the body of :func:`render_html`."""
        doc, w = self.doc, self.w
        pieces: list[tuple[str, str]] = []

        def cut(key: str) -> None:
            html = "".join(self.out)
            self.out.clear()
            if html:
                pieces.append((key, html))

        self.front()
        cut("front")
        self.parties()
        cut("parties")
        self.cover_end()
        cut("cover")
        self.toc()
        cut("toc")
        if doc.preamble_title or doc.preamble:
            if doc.preamble_title:
                w(f"<h2>{esc(doc.preamble_title)}</h2>")
            self.blocks(doc.preamble)
        cut("preamble")
        self.blocks(doc.body)
        cut("body")
        for section in doc.sections:
            if section.title:
                w(f'<h2><a name="{_attr(section.id)}">{esc(section.title)}</a></h2>')
            cut(f"section {section.id}")
            for clause in section.clauses:
                self.clause(clause)
                cut(f"clause {clause.id}")
        self.signatures()
        cut("signatures")
        for annex in doc.annexes:
            self.annex(annex)
            cut(f"annex {annex.id}")
        return pieces


HTML_HEAD = f'<html><head><meta charset="utf-8"/><style>{STYLESHEET}</style></head><body>'
HTML_TAIL = "</body></html>"


def render_html(doc: Document, highlight_clause: str | None = None) -> str:
    """The whole document as one HTML string for a ``QTextBrowser``.

    Every clause (and annex) carries an anchor ``<a name="<id>">`` for ``scrollToAnchor``;
    cross-references link to them. ``highlight_clause`` (a clause id) gets a light-blue
    background and a blue left border: the clause that belongs to the field being edited.
    """
    body = "".join(html for _key, html in render_html_pieces(doc, highlight_clause))
    return HTML_HEAD + body + HTML_TAIL


def render_html_pieces(doc: Document, highlight_clause: str | None = None) -> list[tuple[str, str]]:
    """:func:`render_html`'s body in pieces ``(key, html)`` (one per clause, annex, cover
    part ...), so that the live preview can replace just the pieces that changed. Each piece
    is a whole run of blocks; ``HTML_HEAD + piece + HTML_TAIL`` is a document of its own."""
    return _Writer(doc, highlight_clause).pieces()


def _column_shares(header: list[str], rows: list[list[str]], widths: list[float] | None,
                   ncols: int) -> list[int]:
    """Percent widths after the template's relative ``widths``, but never narrower than the
    column's longest word needs (in characters, against a table about 60 characters wide):
    the narrow columns get what their words need and the rest share the remainder. A column
    share of 0 leaves the width to the browser (no weights given)."""
    if not (widths and len(widths) == ncols and all(isinstance(x, int | float) and x > 0 for x in widths)):
        return [0] * ncols
    longest = [0] * ncols
    for row in [header, *rows]:
        for i, cell in enumerate(list(row)[:ncols]):
            longest[i] = max([longest[i], *(len(word) for word in str(cell or "").split())])
    need = [min(100.0, 100.0 * (n + 2) / TABLE_CHARS) for n in longest]
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(ncols) if i not in fixed]
        room = max(0.0, 100.0 - sum(fixed.values()))
        total = sum(widths[i] for i in free) or 1.0
        shares = {i: room * widths[i] / total for i in free}
        short = [i for i in free if shares[i] < need[i]]
        if not short or not free:
            break
        for i in short:
            fixed[i] = need[i]
    shares.update(fixed)
    return [max(1, round(shares[i])) for i in range(ncols)]
