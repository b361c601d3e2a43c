"""A bilingual draft as PDF: the two language versions side by side, clause by clause.

The same layout as the DOCX (:mod:`.docx_bilingual`): every clause is a two-column table whose
first row holds the headings in both languages and every further row a paragraph and its
translation, split across pages between rows (and inside a long row). Sections, annexes and
the contents are titled in both languages; the data tables of the annexes are set once at full
width, their cells in both languages where they differ; the page furniture says
"ENTWURF / DRAFT".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
)
from reportlab.platypus import Table as RLTable

from kooperation.drafting.bilingual import both
from kooperation.drafting.docmodel import Block, Document, Figure, Heading, Table
from kooperation.render.docx_bilingual import combined_document, merged_table
from kooperation.render.pdf import _PdfBuilder, render_pdf
from kooperation.render.pdf_styles import RULE, esc
from kooperation.render.pdf_text import Paragraph as RLParagraph

GAP = 8 * mm  # between the columns, with a thin rule in the middle
_RAGGED = ("body", "lead", "numbered", "bullet", "bullet_flat", "note_open", "note_info")


def _ragged(styles):
    """The styles with body text flush left: justified, half a line leaves wide gaps."""
    changes = {
        name: ParagraphStyle(f"{getattr(styles, name).name}-col", parent=getattr(styles, name), alignment=TA_LEFT)
        for name in _RAGGED
    }
    return dataclasses.replace(styles, **changes)


class _HeadingRow(RLTable):
    """The clause headings side by side; ``height`` is what the outline entry is placed by."""

    @property
    def height(self) -> float:
        return getattr(self, "_height", 0.0)


def _full_width(block: Block) -> bool:
    return isinstance(block, Table | Figure | Heading)


class BilingualPdfBuilder(_PdfBuilder):
    """Builds the story of a bilingual document (``doc`` with its ``parallel``)."""

    def __init__(self, doc: Document) -> None:
        self.left, self.right = doc, doc.parallel
        super().__init__(combined_document(doc, doc.parallel))
        self.combined = self.doc
        self.full_w = self.frame_w
        self.col_w = (self.frame_w - GAP) / 2
        self.page_st = self.st
        self.col_st = _ragged(self.st)
        # references in either column link to the clause (one destination per id)
        for clause in self.right.clauses():
            self.keys.setdefault(clause.id, self._new_key(clause.id))

    @contextmanager
    def _column(self, doc: Document) -> Iterator[None]:
        saved = (self.doc, self.lang, self.frame_w, self.st)
        self.doc, self.frame_w, self.st = doc, self.col_w, self.col_st
        self.lang = "en" if doc.language.startswith("en") else "de"
        try:
            yield
        finally:
            self.doc, self.lang, self.frame_w, self.st = saved

    def _table(self, rows: list[list[list[Flowable]]], kind: type[RLTable] = RLTable) -> RLTable:
        data = [[cell or [Spacer(1, 1)] for cell in row] for row in rows]
        table = kind(data, colWidths=[self.col_w + GAP / 2, self.col_w + GAP / 2],
                        splitByRow=1, splitInRow=1, hAlign="LEFT")
        table.setStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), GAP / 2),
            ("LEFTPADDING", (1, 0), (1, -1), GAP / 2),
            ("RIGHTPADDING", (1, 0), (1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LINEAFTER", (0, 0), (0, -1), 0.4, RULE),
        ])
        return table

    def _pair_blocks(self, a: list[Block], b: list[Block], in_clause: bool = False) -> list[Flowable]:
        out: list[Flowable] = []
        rows: list[list[list[Flowable]]] = []
        for x, y in zip(a, b, strict=True):
            if _full_width(x):
                if rows:
                    out.append(self._table(rows))
                    rows = []
                if isinstance(x, Table) and isinstance(y, Table):
                    x = merged_table(x, y)
                elif isinstance(x, Heading) and isinstance(y, Heading):
                    x = Heading(both(x.text, y.text), x.level)
                self.doc = self.left
                out += self.blocks([x])
                self.doc = self.combined
                continue
            row = []
            for doc, block in ((self.left, x), (self.right, y)):
                with self._column(doc):
                    row.append(self.blocks([block], in_clause))
            rows.append(row)
        if rows:
            out.append(self._table(rows))
        return out

    def _heading_row(self, left: str, right: str, style) -> RLTable:
        return self._table([[[RLParagraph(esc(left), style)], [RLParagraph(esc(right), style)]]], _HeadingRow)

    # --- the story

    def story(self, full_title_page: bool, meta_line: str) -> list[Flowable]:
        left, right, st = self.left, self.right, self.st
        story: list[Flowable] = [NextPageTemplate("body")]
        story += self._cover(meta_line, full_title_page)
        if full_title_page:
            story.append(PageBreak())
            story += self.toc()
            story.append(PageBreak())
        if left.preamble:
            title = both(left.preamble_title or self.label("preamble"), right.preamble_title)
            story.append(self.outlined(RLParagraph(esc(title), st.preamble), 0, title, self._new_key("praeambel")))
            story += self._pair_blocks(left.preamble, right.preamble)
        if left.body:
            story += self._pair_blocks(left.body, right.body)
        for section, other in zip(left.sections, right.sections, strict=True):
            if not section.clauses:
                continue
            title = both(section.title, other.title)
            heading = RLParagraph(esc(title), st.section)
            if title:
                heading = self.outlined(heading, 0, title, self._new_key(f"section-{section.id}"))
            story.append(heading)
            for clause, translation in zip(section.clauses, other.clauses, strict=True):
                text = f"{clause.heading} / {translation.title}"
                head = self._heading_row(clause.heading, translation.heading, self.col_st.clause)
                story.append(CondPageBreak(30 * mm))  # a heading never ends a page alone
                story.append(self.outlined(head, 1, text, self.keys[clause.id]))
                story += self._pair_blocks(clause.blocks, translation.blocks, in_clause=True)
        if left.show_signatures:
            story += self.signatures(new_page=full_title_page)
        for annex, translation in zip(left.annexes, right.annexes, strict=True):
            title = both(annex.heading, translation.heading)
            story.append(PageBreak())
            story.append(self.outlined(RLParagraph(esc(title), st.annex), 0, title, self.keys[annex.id]))
            story += self._pair_blocks(annex.blocks, translation.blocks)
        return story

    def _cover(self, meta_line: str, full: bool) -> list[Flowable]:
        """Title in both languages, the parties side by side, the notices side by side."""
        left, right, st = self.left, self.right, self.st
        out: list[Flowable] = [Spacer(1, 14 * mm if full else 2 * mm)]
        out.append(RLParagraph(esc(left.title), self._title_style(left.title)))
        if right.title != left.title:
            out.append(RLParagraph(f"<i>{esc(right.title)}</i>", self._title_style(right.title)))
        if left.subtitle:
            out.append(RLParagraph(esc(left.subtitle), st.subtitle))
        out.append(Spacer(1, 6 * mm))
        if left.parties:
            row = []
            for doc in (left, right):
                with self._column(doc):
                    cell: list[Flowable] = [RLParagraph(esc(doc.parties_intro or self.label("between")), self.st.between)]
                    last = len(doc.parties) - 1
                    for n, party in enumerate(doc.parties):
                        if n == last and n:
                            cell.append(RLParagraph(esc(self.label("and")), self.st.between))
                        elif n:
                            cell.append(Spacer(1, 6))
                        cell += self.party_lines(party)
                    if doc.parties_outro:
                        cell += [Spacer(1, 4), RLParagraph(esc(doc.parties_outro), self.st.between)]
                row.append(cell)
            out.append(self._table([row]))
        notices = []
        for doc in (left, right):
            with self._column(doc):
                notices.append([self.draft_box(doc.draft_notice)] if doc.draft_notice else [])
        if any(notices):
            out += [Spacer(1, 6 * mm), KeepTogether([self._table([notices])])]
        if meta_line:
            out += [Spacer(1, 3 * mm), RLParagraph(esc(meta_line), st.meta_center)]
        return out


def render_bilingual_pdf(doc: Document) -> bytes:
    """A bilingual document (``doc`` with its ``parallel``) as PDF bytes."""
    return render_pdf(doc, builder=BilingualPdfBuilder)
