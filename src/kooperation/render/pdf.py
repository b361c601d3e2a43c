"""Document model -> PDF (reportlab platypus).

The layout of a German cooperation agreement: a title page with the parties (the rubrum) and
the draft notice, a table of contents, the preamble, the sections with their numbered clauses
(§), one signature block per party and the annexes, each on a new page. Every page carries the
diagonal "ENTWURF" watermark; all pages but the title page carry a running header and
"Seite x von y". Short documents without a table of contents (the project sketch) get a
compact first page instead of a title page.

Everything in the model is data: text is escaped before it reaches reportlab's paragraph markup,
and the fonts (DejaVu) are embedded, so every name prints exactly as typed. The same document
gives the same bytes (reportlab's ``invariant`` mode).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Iterable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus import Table as RLTable
from reportlab.platypus.doctemplate import LayoutError

from kooperation.atomic import write_atomic
from kooperation.drafting.docmodel import (
    Block,
    BulletList,
    Document,
    Figure,
    Heading,
    Note,
    Paragraph,
    Party,
    Table,
)
from kooperation.errors import KooperationError, RenderError
from kooperation.i18n import _

from .layout import (
    APP_NAME,
    DENSE_RUBRUM,
    document_author,
    document_title,
    footer_text,
    generated_at,
)
from .pdf_canvas import (
    CHROME_FOOTER,
    CHROME_FULL,
    CHROME_NONE,
    PageDecor,
    build_once,
    page_callback,
)
from .pdf_contents import Contents, ContentsPages
from .pdf_figures import figure_flowables
from .pdf_fonts import SANS_BOLD, SERIF, register_fonts
from .pdf_styles import (
    ACCENT,
    LINK,
    RULE,
    TABLE_GRID,
    TABLE_HEAD_BG,
    TABLE_ZEBRA,
    Styles,
    esc,
    inline_markup,
    inline_runs,
    make_styles,
    open_variant,
)
from .pdf_text import Paragraph as RLParagraph
from .pdf_text import run_frags
from .pdf_theme import current_theme

__all__ = ["render_pdf", "write_pdf"]

PAGE_W, PAGE_H = A4
# left, right, top, bottom: a contract leaves room for binding and notes; a sketch is denser
MARGINS = (25 * mm, 22 * mm, 26 * mm, 24 * mm)
MARGINS_COMPACT = (20 * mm, 18 * mm, 20 * mm, 19 * mm)

DEFAULT_LABELS = {
    "de": {
        "page": "Seite",
        "of": "von",
        "toc": "Inhaltsverzeichnis",
        "watermark": "ENTWURF",
        "draft": "Entwurf",
        "between": "zwischen",
        "and": "und",
        "preamble": "Präambel",
        "version": "Version",
        "generated": "erstellt am",
        "project": "Projekt",
        "signatures": "Unterschriften",
        "place_date": "Ort, Datum",
        "name_function": "Name, Funktion",
        "designation_pattern": "– nachfolgend {} genannt –",
    },
    "en": {
        "page": "Page",
        "of": "of",
        "toc": "Contents",
        "watermark": "DRAFT",
        "draft": "Draft",
        "between": "between",
        "and": "and",
        "preamble": "Preamble",
        "version": "Version",
        "generated": "generated on",
        "project": "Project",
        "signatures": "Signatures",
        "place_date": "Place, date",
        "name_function": "Name, position",
        "designation_pattern": "– hereinafter {} –",
    },
}

TITLE_SIZES = (26, 22, 19, 16)  # points: the cover title's sizes, largest first
MIN_COVER_SCALE = 0.8  # a cover is scaled down to one page at most this far
LONG_NAME = 120  # characters; a longer party name gets a full-width signature block
SMALL_CELL_SCALE = 0.88  # font size factor for tables too wide for their words
DENSE_CELL_SCALE = 0.9  # font size factor for dense tables (Table.dense) and paragraphs
DENSE_LEADING = 1.22  # line height of dense text, as a multiple of its size

log = logging.getLogger(__name__)
_QUOTED = re.compile(r"[„“”\"»«‚‘]([^„“”\"»«‚‘’]+)[“”\"«»‘’]")
_SAFE_KEY = re.compile(r"[A-Za-z0-9_.:-]{1,80}")


# --- public API ---------------------------------------------------------------------------------


def render_pdf(doc: Document, builder: type | None = None) -> bytes:
    """The document as PDF bytes (A4, fonts embedded, same input -> same bytes)."""
    if not isinstance(doc, Document):
        raise RenderError(_("Das PDF konnte nicht erstellt werden: kein gültiges Dokument übergeben."))
    register_fonts()
    try:
        return (builder or _PdfBuilder)(doc).build()  # bilingual: .pdf_bilingual's builder
    except KooperationError:
        raise
    except LayoutError as exc:  # reportlab's message names its internals: logged, not shown
        log.info("PDF layout failed: %s", exc)
        raise RenderError(
            _(
                "Das PDF konnte nicht erstellt werden: Ein Text ist zu lang für eine Seite. "
                "Bitte sehr lange Namen oder Texte kürzen."
            )
        ) from exc
    except Exception as exc:  # reportlab raises plain exceptions for anything it cannot lay out
        log.exception("PDF rendering failed")
        raise RenderError(
            _("Das PDF konnte nicht erstellt werden ({kind}).").format(kind=type(exc).__name__)
        ) from exc


def write_pdf(doc: Document, path: str | Path) -> Path:
    """Render ``doc`` and write it to ``path``; the file is complete or not written at all."""
    data = render_pdf(doc)
    target = Path(path)
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise RenderError(
            _("Die PDF-Datei „{path}“ konnte nicht geschrieben werden: {error}").format(
                path=target, error=exc.strerror or exc
            )
        ) from exc
    return target


# --- document template --------------------------------------------------------------------------


class _Stamp:
    """What reportlab's info dictionary reads from its ``TimeStamp``: the draft's generation
    time instead of "now" (or, in invariant mode, 01.01.2000)."""

    def __init__(self, when: dt.datetime) -> None:
        offset = int((when.utcoffset() or dt.timedelta()).total_seconds() // 60)
        self.t = when.timestamp()
        self.lt = when.timetuple()
        self.YMDhms = tuple(self.lt)[:6]  # noqa: N815 (reportlab's name)
        self.dhh, self.dmm = int(offset / 60), abs(offset) % 60
        self.tzname = when.tzname() or "UTC"


class _DocTemplate(BaseDocTemplate):
    """Sets outline entries (bookmarks) and notes the pages of the contents' headings as they
    are drawn, and dates the file by the draft's generation time."""

    generated: dt.datetime | None = None
    contents: ContentsPages | None = None

    def beforeDocument(self) -> None:  # noqa: N802 (reportlab's name)
        if self.generated is not None:
            self.canv._doc._timeStamp = _Stamp(self.generated)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        entry = getattr(flowable, "_kp_outline", None)
        if not entry:
            return
        level, text, key, toc_line = entry
        canv = self.canv
        top = self.frame._y + flowable.height + 12
        canv.bookmarkPage(key, fit="XYZ", left=0, top=min(top, PAGE_H), zoom=None)
        canv.addOutlineEntry(text, key, level=level, closed=False)
        canv.showOutline()
        if toc_line is not None and self.contents is not None:
            self.contents.heading_drawn(toc_line, self.page)


# --- story --------------------------------------------------------------------------------------


class _PdfBuilder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.lang = "en" if (doc.language or "").lower().startswith("en") else "de"
        self.compact = not doc.show_toc
        self.st: Styles = make_styles(compact=self.compact, theme=current_theme())
        self.margins = MARGINS_COMPACT if self.compact else MARGINS
        self.frame_w = PAGE_W - self.margins[0] - self.margins[1]
        self._open_styles: dict[str, object] = {}
        self._used_keys: set[str] = set()
        self._outline_level = -1
        # the contents' lines (level, markup, key), collected while the story is built, and
        # the pages their headings land on, noted while it is laid out (see pdf_contents)
        self.toc_entries: list[tuple[int, str, str]] = []
        self.toc_pages = ContentsPages()
        # destinations for clauses and annexes, known up front so references can link to them
        self.keys: dict[str, str] = {}
        for clause in doc.clauses():
            self.keys.setdefault(clause.id, self._new_key(clause.id))
        for annex in doc.annexes:
            self.keys.setdefault(annex.id, self._new_key(annex.id))

    # labels and keys

    def label(self, key: str) -> str:
        value = self.doc.labels.get(key) if isinstance(self.doc.labels, dict) else None
        return str(value) if value else DEFAULT_LABELS[self.lang].get(key, key)

    def _new_key(self, raw: str) -> str:
        raw = str(raw or "")
        key = raw if _SAFE_KEY.fullmatch(raw) else "kp-" + re.sub(r"[^A-Za-z0-9_-]", "_", raw)[:60]
        base, n = key, 2
        while key in self._used_keys:
            key, n = f"{base}-{n}", n + 1
        self._used_keys.add(key)
        return key

    def markup(self, inlines) -> str:
        return inline_markup(list(inlines or []), self.keys)

    def inline_paragraph(self, inlines, style: ParagraphStyle, bullet: str | None = None
                         ) -> RLParagraph:
        """A paragraph of model text with links and bold: its fragments are made from the
        pieces directly when that gives what parsing its markup gives (``inline_runs``),
        else the markup is parsed."""
        inlines = list(inlines or [])
        text = inline_markup(inlines, self.keys)
        runs = inline_runs(inlines, self.keys)
        frags = run_frags(runs, style, LINK) if runs is not None else None
        return RLParagraph(text, style, bulletText=bullet, frags=frags)

    def outlined(self, flowable: Flowable, level: int, text: str, key: str, in_toc: bool = True):
        """Mark a heading so the template bookmarks it (and lists it in the table of contents)."""
        level = min(level, self._outline_level + 1)  # an outline may not skip a level
        self._outline_level = level
        toc_line = None
        if in_toc and self.doc.show_toc:
            toc_line = len(self.toc_entries)
            self.toc_entries.append((level, esc(text), key))
        flowable._kp_outline = (level, text, key, toc_line)
        return flowable

    # the whole build

    def build(self) -> bytes:
        doc = self.doc
        full_title_page = not self.compact
        left, right, top, bottom = self.margins
        meta = doc.meta if isinstance(doc.meta, dict) else {}
        decor = PageDecor(
            header=str(doc.labels.get("header") or doc.title or ""),
            page_label=self.label("page"),
            of_label=self.label("of"),
            meta_line=footer_text(doc, self.label),
            watermark=self.label("watermark"),
            left=left,
            right=PAGE_W - right,
            top=PAGE_H - top + 11 * mm,
            bottom=bottom - 11 * mm,
        )
        buf = io.BytesIO()
        template = _DocTemplate(
            buf,
            pagesize=A4,
            leftMargin=left,
            rightMargin=right,
            topMargin=top,
            bottomMargin=bottom,
            title=document_title(doc),
            author=document_author(doc),
            subject=self.label("draft"),
            keywords=[str(meta["project"])] if meta.get("project") else [],
            creator=APP_NAME,
            lang="en-GB" if self.lang == "en" else "de-DE",
            invariant=1,  # same bytes for the same document; the time is set from the model
            initialFontName=SERIF,
            initialFontSize=10,
            displayDocTitle=1,
        )
        frame = Frame(left, bottom, self.frame_w, PAGE_H - top - bottom,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="main")
        first_chrome = CHROME_NONE if full_title_page else CHROME_FOOTER
        template.generated = generated_at(meta)
        template.contents = self.toc_pages
        template.addPageTemplates([
            PageTemplate("first", [frame], onPage=page_callback(decor, first_chrome)),
            PageTemplate("body", [frame], onPage=page_callback(decor, CHROME_FULL)),
        ])
        story = self.story(full_title_page, " · ".join(self._title_meta(meta)))
        build_once(template, story, decor, finish=self.toc_pages.define)
        return buf.getvalue()

    def _title_meta(self, meta: dict) -> list[str]:
        bits = []
        if meta.get("project"):
            bits.append(f"{self.label('project')}: {meta['project']}")
        if meta.get("version"):
            bits.append(f"{self.label('version')} {meta['version']}")
        if meta.get("date"):
            bits.append(f"{self.label('generated')} {meta['date']}")
        return bits

    def story(self, full_title_page: bool, meta_line: str) -> list[Flowable]:
        doc, st = self.doc, self.st
        story: list[Flowable] = [NextPageTemplate("body")]
        if full_title_page:
            story += self.title_page(meta_line)
            story.append(PageBreak())
            if doc.preamble or doc.annexes or any(s.clauses for s in doc.sections):
                story += self.toc()
                story.append(PageBreak())
        else:
            story += self.compact_head(meta_line)
        if doc.preamble:
            title = doc.preamble_title or self.label("preamble")
            story.append(self.outlined(RLParagraph(esc(title), st.preamble), 0, title,
                                       self._new_key("praeambel")))
            story += self.blocks(doc.preamble)
        story += self.blocks(doc.body)
        placed: set[str] = set()
        for section in doc.sections:
            if not section.clauses:
                continue  # an empty section has nothing to head
            heading = RLParagraph(esc(section.title), st.section)
            if section.title:
                heading = self.outlined(heading, 0, section.title,
                                        self._new_key(f"section-{section.id}"))
            story.append(heading)
            for clause in section.clauses:
                text = clause.heading
                key = self.keys[clause.id]
                if key in placed:  # a repeated id: the second clause gets its own bookmark
                    key = self._new_key(clause.id)
                placed.add(key)
                story.append(self.outlined(RLParagraph(esc(text), st.clause), 1, text, key))
                story += self.blocks(clause.blocks, in_clause=True)
        if doc.show_signatures:
            story += self.signatures(new_page=full_title_page)
        for annex in doc.annexes:
            key = self.keys[annex.id]
            if key in placed:
                key = self._new_key(annex.id)
            placed.add(key)
            story.append(PageBreak())
            story.append(self.outlined(RLParagraph(esc(annex.heading), st.annex), 0,
                                       annex.heading, key))
            story += self.blocks(annex.blocks)
        return story

    # title page, compact head, table of contents

    def title_page(self, meta_line: str) -> list[Flowable]:
        """The cover: title, subtitle, the parties, the draft notice and the meta line. A long
        title is set smaller so it wraps into at most three lines; a cover that is still a
        little too long is scaled down to one page; one that cannot fit (many parties) flows on,
        but "und" always stays with the party it introduces and the notice with the last one."""
        doc, st = self.doc, self.st
        page_h = PAGE_H - self.margins[2] - self.margins[3]
        out: list[Flowable] = [Spacer(1, 22 * mm)]
        out.append(RLParagraph(esc(doc.title), self._title_style(doc.title)))
        if doc.subtitle:
            out.append(RLParagraph(esc(doc.subtitle), st.subtitle))
        out.append(Spacer(1, 10 * mm))
        closing: list[Flowable] = [Spacer(1, 10 * mm)]
        if doc.draft_notice:
            closing.append(self.draft_box(doc.draft_notice))
        if meta_line:
            closing.append(Spacer(1, 4 * mm))
            closing.append(RLParagraph(esc(meta_line), st.meta_center))
        if doc.parties:
            lead: list[Flowable] = [RLParagraph(esc(doc.parties_intro or self.label("between")),
                                                st.between)]
            last = len(doc.parties) - 1
            for n, party in enumerate(doc.parties):
                if n:
                    word = self.label("and") if n == last else ""
                    lead = [RLParagraph(esc(word), st.between) if word else Spacer(1, 9)]
                tail: list[Flowable] = []
                if n == last:
                    if doc.parties_outro:
                        tail = [Spacer(1, 4), RLParagraph(esc(doc.parties_outro), st.between)]
                    tail += closing
                out.append(KeepTogether(lead + self.party_lines(party) + tail))
        else:
            out += closing
        height = _stacked_height(out, self.frame_w)
        if page_h < height <= page_h / MIN_COVER_SCALE:
            return [KeepInFrame(self.frame_w, page_h, _flattened(out), mode="shrink")]
        return out

    def _title_style(self, title: str) -> ParagraphStyle:
        """The title style, smaller for a title that would need more than three lines."""
        style = self.st.title
        for size in TITLE_SIZES:
            style = ParagraphStyle(f"title-{size}", parent=self.st.title, fontSize=size,
                                   leading=round(size * 1.23, 1))
            lines = RLParagraph(esc(title), style)
            if lines.wrap(self.frame_w, PAGE_H)[1] <= 3 * style.leading + 0.1:
                break
        return style

    def party_lines(self, party: Party) -> list[Flowable]:
        st = self.st
        lines: list[Flowable] = [RLParagraph(esc(party.name), st.party_name)]
        # markup: the representative may be an open mark, highlighted like every open point
        details = [m for m in (esc(party.address), self.markup(party.representative_pieces())) if m]
        if len(self.doc.parties) > DENSE_RUBRUM and details:
            details = [", ".join(details)]  # many parties: one line less each (see layout)
        for text in details:
            lines.append(RLParagraph(text, st.party_line))
        if party.designation:
            lines.append(RLParagraph(esc(self.designation_phrase(party)), st.party_designation))
        return lines

    def quote(self, text: str) -> str:
        return f"“{text}”" if self.lang == "en" else f"„{text}“"

    def designation_phrase(self, party: Party) -> str:
        """"– nachfolgend „ProdTech“ genannt –". Templates may already give the whole phrase
        (it then contains quotes or starts with a dash) and it is printed as it is."""
        designation = party.designation.strip()
        if _QUOTED.search(designation) or designation[:1] in "–-—":
            return designation
        pattern = self.label("designation_pattern")
        if "{}" not in pattern:
            pattern = DEFAULT_LABELS[self.lang]["designation_pattern"]
        return pattern.replace("{}", self.quote(designation), 1)

    def designation_short(self, party: Party) -> str:
        """The short name alone ("ProdTech"), for the signature block."""
        designation = party.designation.strip()
        match = _QUOTED.search(designation)
        if match:
            return match.group(1).strip()
        return "" if designation[:1] in "–-—" else designation

    def draft_box(self, text: str) -> Flowable:
        return RLParagraph(esc(text), self.st.note_draft)

    def compact_head(self, meta_line: str) -> list[Flowable]:
        doc, st = self.doc, self.st
        out: list[Flowable] = [RLParagraph(esc(doc.title), st.sketch_title)]
        if doc.subtitle:
            out.append(RLParagraph(esc(doc.subtitle), st.sketch_subtitle))
        if meta_line:
            out.append(RLParagraph(esc(meta_line), st.meta))
        out.append(Spacer(1, 3 * mm))
        if doc.parties:
            out.append(RLParagraph(esc(doc.parties_intro or self.label("between")), st.body))
            for party in doc.parties:
                bits = [f"<b>{esc(party.name)}</b>"]
                bits += [esc(t) for t in (party.address, party.representative) if t]
                text = ", ".join(bits)
                if party.designation:
                    text += " " + esc(self.designation_phrase(party))
                out.append(RLParagraph(text, st.bullet_flat, bulletText="•"))
            if doc.parties_outro:
                out.append(RLParagraph(esc(doc.parties_outro), st.body))
        if doc.draft_notice:
            out.append(self.draft_box(doc.draft_notice))
        out.append(Spacer(1, 2 * mm))
        return out

    def toc(self) -> list[Flowable]:
        st = self.st
        table_style = [
            ("FONTNAME", (0, 0), (-1, -1), SERIF),  # never fall back to (unembedded) Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
        # the lines are filled in while the rest of the story is built (self.outlined), before
        # anything is laid out: the contents has its final size in the one layout pass
        toc = Contents(self.toc_entries, self.toc_pages, levelStyles=[st.toc0, st.toc1],
                       dotsMinLevel=1, tableStyle=table_style)
        return [RLParagraph(esc(self.label("toc")), st.toc_title), toc]

    # signatures

    def signatures(self, new_page: bool) -> list[Flowable]:
        """The signature page: the heading, then the blocks two by two. The heading stays with
        the first row, a block is never split, and the last row goes with the one before it,
        so no block stands alone on a page."""
        doc, st = self.doc, self.st
        out: list[Flowable] = [PageBreak() if new_page else CondPageBreak(70 * mm)]
        title = doc.signature_title or self.label("signatures")
        heading = self.outlined(RLParagraph(esc(title), st.sig_title), 0, title,
                                self._new_key("signatures"))
        rows: list[list[Flowable]] = []
        if any(len(p.name) > LONG_NAME for p in doc.parties):  # one block per line, full width
            rows = [[Spacer(1, 8 * mm), self.signature_block(p, self.frame_w)]
                    for p in doc.parties]
        else:
            blocks = [self.signature_block(p) for p in doc.parties] or [
                self.signature_block(None), self.signature_block(None)
            ]
            gap = 12 * mm
            col = (self.frame_w - gap) / 2
            for i in range(0, len(blocks), 2):
                pair = blocks[i : i + 2]
                cells = [pair[0], "", pair[1] if len(pair) > 1 else ""]
                row = RLTable([cells], colWidths=[col, gap, col], hAlign="LEFT")
                row.setStyle([
                    ("FONTNAME", (0, 0), (-1, -1), SERIF),  # for the empty spacer cells
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ])
                rows.append([Spacer(1, 8 * mm), row])
        rows[0] = [heading, *rows[0]]
        if len(rows) > 2:  # the last row keeps the one before it company
            rows[-2:] = [rows[-2] + rows[-1]]
        elif len(rows) == 2:
            rows = [rows[0] + rows[1]]
        return out + [KeepTogether(group) for group in rows]

    def signature_block(self, party: Party | None, width: float | None = None) -> Flowable:
        st, doc = self.st, self.doc
        place = doc.signature_place_date or self.label("place_date")
        rows: list[list] = [
            [""],
            [RLParagraph(esc(place), st.sig_caption)],
            [""],
        ]
        if party is not None:
            rows.append([RLParagraph(esc(party.name), st.sig_name)])
            if party.representative:
                rows.append([RLParagraph(self.markup(party.representative_pieces()), st.sig_detail)])
            else:
                rows.append([RLParagraph(esc(self.label("name_function")), st.sig_caption)])
            short = self.designation_short(party)
            if short:
                rows.append([RLParagraph(esc(self.quote(short)), st.sig_caption)])
        else:
            rows.append([RLParagraph(esc(self.label("name_function")), st.sig_caption)])
        heights = [14 * mm, None, 16 * mm] + [None] * (len(rows) - 3)
        table = RLTable(rows, colWidths=[width or (self.frame_w - 12 * mm) / 2], rowHeights=heights)
        table.setStyle([
            ("FONTNAME", (0, 0), (-1, -1), SERIF),
            ("LINEABOVE", (0, 1), (0, 1), 0.7, RULE),
            ("LINEABOVE", (0, 3), (0, 3), 0.7, ACCENT),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ])
        return table

    # blocks

    def blocks(self, blocks: Iterable[Block], in_clause: bool = False) -> list[Flowable]:
        out: list[Flowable] = []
        blocks = list(blocks or [])
        for n, block in enumerate(blocks):
            following = blocks[n + 1] if n + 1 < len(blocks) else None
            if isinstance(block, Heading) and isinstance(following, Table):
                # "keep with next" would move a heading and its whole table to the next page;
                # it is enough that the heading, the header row and a few rows fit here.
                out.append(CondPageBreak(30 * mm))
                style = self.st.h2 if block.level <= 2 else self.st.h3
                out.append(RLParagraph(esc(block.text), ParagraphStyle(
                    style.name + "-free", parent=style, keepWithNext=0)))
                continue
            out += self.block(block, in_clause)
        return out

    @property
    def dense_style(self) -> ParagraphStyle:
        """Body text a size smaller, for a long summary in a short document (the sketch)."""
        body = self.st.body
        size = body.fontSize * DENSE_CELL_SCALE
        return ParagraphStyle("dense", parent=body, fontSize=size, leading=size * DENSE_LEADING)

    def _style(self, base, is_open: bool):
        if not is_open:
            return base
        style = self._open_styles.get(base.name)
        if style is None:
            style = self._open_styles[base.name] = open_variant(base)
        return style

    def block(self, block: Block, in_clause: bool) -> list[Flowable]:
        st = self.st
        if isinstance(block, Paragraph):
            if block.number is not None:
                return [self.inline_paragraph(block.inlines, self._style(st.numbered, block.open),
                                              bullet=f"({block.number})")]
            base = {"lead": st.lead, "small": st.small, "center": st.center, "dense": self.dense_style}.get(block.style, st.body)
            return [self.inline_paragraph(block.inlines, self._style(base, block.open))]
        if isinstance(block, BulletList):
            base = st.bullet if in_clause else st.bullet_flat
            style = self._style(base, block.open)
            out: list[Flowable] = []
            for n, item in enumerate(block.items, start=1):
                mark = f"{n}." if block.ordered else "•"
                out.append(self.inline_paragraph(item, style, bullet=mark))
            if out:
                out.append(Spacer(1, 3))
            return out
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Note):
            style = st.note_open if block.kind == "open" else st.note_info
            body = self.markup(block.inlines)
            title = f'<font name="{SANS_BOLD}">{esc(block.title)}</font>' if block.title else ""
            text = f"{title}<br/>{body}" if title and body else title or body
            return [RLParagraph(text, style)] if text else []
        if isinstance(block, Heading):
            return [RLParagraph(esc(block.text), st.h2 if block.level <= 2 else st.h3)]
        if isinstance(block, Figure):
            return figure_flowables(block, self.frame_w, st, self.lang, self.doc.labels or {})
        text = getattr(block, "text", "")  # a block kind this renderer does not know yet
        return [RLParagraph(esc(text), st.body)] if text else []

    def _column_widths(self, weights: list[float], header: list[str], rows: list[list[str]]
                       ) -> tuple[list[float], float]:
        """Column widths after the relative ``weights``, but never so narrow that a word
        ("Voraussetzung", a date) has to be broken inside: narrow columns take what their
        longest word needs and the rest share what is left. A table whose words do not fit
        at all gets a smaller font (the returned scale); if even that is not enough, only the
        columns with the longest words are narrowed."""
        st, width, pad = self.st, self.frame_w, 11.0  # 2 x 5 cell padding + a little air
        ncols = len(weights)
        raw = [0.0] * ncols  # widest word per column at the normal cell size
        for cells, style in ((header, st.cell_head), *((row, st.cell) for row in rows)):
            for i, cell in enumerate(cells[:ncols]):
                for word in set(cell.split()):
                    raw[i] = max(raw[i], stringWidth(word, style.fontName, style.fontSize))
        scale = 1.0
        need = [min(r + pad, width / 3) for r in raw]
        if sum(need) > width:
            scale = SMALL_CELL_SCALE
            need = [min(r * scale + pad, width / 3) for r in raw]
        if sum(need) > width:  # lower the widest columns to a common cap until all fit
            cap = max(need)
            while sum(min(n, cap) for n in need) > width and cap > 1:
                cap -= 1
            return [min(n, cap) for n in need], scale
        fixed: dict[int, float] = {}
        while True:
            free = [i for i in range(ncols) if i not in fixed]
            room = width - sum(fixed.values())
            total = sum(weights[i] for i in free)
            widths = {i: room * weights[i] / total for i in free}
            short = [i for i in free if widths[i] < need[i]]
            if not short:
                break
            for i in short:
                fixed[i] = need[i]
        widths.update(fixed)
        return [widths[i] for i in range(ncols)], scale

    def table(self, table: Table) -> list[Flowable]:
        st = self.st
        header = [str(c) if c is not None else "" for c in (table.header or [])]
        rows = [[str(c) if c is not None else "" for c in (row or [])] for row in table.rows or []]
        ncols = max([len(header)] + [len(r) for r in rows])
        if ncols == 0:
            return []
        weights = list(table.widths or [])
        if len(weights) != ncols or not all(isinstance(w, int | float) and w > 0 for w in weights):
            weights = [1.0] * ncols
        has_header = any(header)
        col_widths, scale = self._column_widths(weights, header if has_header else [], rows)
        cell, cell_head = st.cell, st.cell_head
        if table.dense:
            scale *= DENSE_CELL_SCALE
        if scale != 1.0:
            size = st.cell.fontSize * scale
            cell = ParagraphStyle("cell-small", parent=st.cell, fontSize=size,
                                  leading=size * DENSE_LEADING if table.dense else st.cell.leading * scale)
            cell_head = ParagraphStyle("cell-head-small", parent=st.cell_head,
                                       fontSize=cell.fontSize, leading=cell.leading)
        data = []
        if has_header:
            header += [""] * (ncols - len(header))
            data.append([RLParagraph(esc(c), cell_head) for c in header])
        for row in rows:
            row = row + [""] * (ncols - len(row))
            data.append([RLParagraph(esc(c), cell) for c in row])
        if not data:
            return []
        first_body = 1 if has_header else 0
        pad = st.table_pad * (0.5 if table.dense else 1.0)
        style = [
            ("FONTNAME", (0, 0), (-1, -1), SERIF),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 0.5),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, TABLE_GRID),
            ("BOX", (0, 0), (-1, -1), 0.6, TABLE_GRID),
            ("ROWBACKGROUNDS", (0, first_body), (-1, -1), [None, TABLE_ZEBRA]),
        ]
        if has_header:
            style += [
                ("BACKGROUND", (0, 0), (-1, 0), TABLE_HEAD_BG),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ]
        rl_table = RLTable(data, colWidths=col_widths, repeatRows=1 if has_header else 0,
                           splitInRow=1, hAlign="LEFT", spaceBefore=4, spaceAfter=st.table_space)
        rl_table.setStyle(style)
        return [rl_table]


def _stacked_height(flowables: list[Flowable], width: float) -> float:
    """The height ``flowables`` take one below the other (spaces before and after counted in
    full), looking into groups kept together."""
    total = 0.0
    for flowable in flowables:
        inner = getattr(flowable, "_content", None)
        if isinstance(flowable, KeepTogether) and inner is not None:
            total += _stacked_height(list(inner), width)
            continue
        total += flowable.wrap(width, PAGE_H)[1]
        total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _flattened(flowables: list[Flowable]) -> list[Flowable]:
    """The flowables with groups kept together opened up (a frame that shrinks its content to
    one page draws each piece itself)."""
    out: list[Flowable] = []
    for flowable in flowables:
        inner = getattr(flowable, "_content", None)
        out += _flattened(list(inner)) if isinstance(flowable, KeepTogether) and inner else [flowable]
    return out
