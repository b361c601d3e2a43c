"""A bilingual draft as DOCX: the two language versions side by side, clause by clause.

Every clause is a two-column table: the first row holds the clause heading in both languages,
each further row one paragraph (or list, or note) and its translation, so the paragraphs stay
level however long either version runs and (1), (2) … stand next to each other. The left
heading is the one Word numbers ("§ 3" from the clause list, as in a German draft) and the one
the contents, the cross-references and the bookmark ``kl_<clause id>`` point to; the bookmark
encloses the whole table, so a lawyer's comment in either column maps back to the clause. The
right column writes its "Section 3" and its references as text. Data tables of the annexes
(partners, goals, open points) are set once at full width, cells in both languages where they
differ; the roadmap is drawn once.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kooperation.drafting.bilingual import both, combined_labels
from kooperation.drafting.docmodel import Block, Clause, Document, Figure, Heading, Table
from kooperation.render import docx_styles as S
from kooperation.render.docx import _DocxWriter, render_docx
from kooperation.render.docx_bidi import mark_rtl_document
from kooperation.render.docx_bookmarks import (
    PART_PARTIES,
    PART_PREAMBLE,
    PART_SIGNATURES,
    PART_TITLE,
    annex_anchor,
)
from kooperation.render.docx_fonts import embed_fonts, story_parts, update_fields_on_open
from kooperation.render.docx_numbering import CLAUSE_LEVEL, heading_bookmark
from kooperation.render.docx_oxml import (
    PPR_ORDER,
    append_after_ppr,
    bookmark_end,
    bookmark_start,
    borders,
    el,
    insert_in_order,
    new_paragraph,
    qn,
    two_column_table,
)

LABEL_KEYS = ("watermark", "header", "draft", "toc", "signatures", "place_date", "name_function")
"""The words of the page furniture and the signature page, printed in both languages."""
CELL_MARGIN = 142  # twips (2.5 mm) between a column's text and the rule between the columns
RULE_COLOR = "A6A6A6"


def combined_document(left: Document, right: Document) -> Document:
    """``left`` with the words around the clauses in both languages ("ENTWURF / DRAFT"): what
    the page furniture, the contents and the signature page read."""
    doc = copy.copy(left)
    doc.labels = combined_labels(left, right, LABEL_KEYS)
    doc.labels["header"] = both(left.title, right.title) + " – " + doc.labels.get("draft", "")
    doc.title = both(left.title, right.title)
    doc.signature_title = both(left.signature_title, right.signature_title)
    doc.signature_place_date = both(left.signature_place_date, right.signature_place_date)
    doc.parallel = None
    return doc


def merged_table(a: Table, b: Table) -> Table:
    """One table from a table and its translation: each cell once where both agree (names,
    dates), else in both languages, short words on one line ("Wirtschaft / Business")."""

    def cell(x: str, y: str) -> str:
        x, y = x or "", y or ""
        if x.strip() == y.strip():
            return x
        return both(x, y, " / " if max(len(x), len(y)) <= 24 and "\n" not in x + y else "\n")

    rows = [[cell(x, y) for x, y in zip(ra, rb, strict=False)] for ra, rb in zip(a.rows, b.rows, strict=False)]
    return Table(header=[cell(x, y) for x, y in zip(a.header, b.header, strict=False)], rows=rows,
                 widths=a.widths, dense=a.dense)


def _full_width(block: Block) -> bool:
    """Blocks set once across the page rather than in two columns."""
    return isinstance(block, Table | Figure | Heading)


class BilingualDocxWriter(_DocxWriter):
    """Writes a bilingual document (``doc`` with its ``parallel``) into a reference document."""

    def __init__(self, document, doc: Document) -> None:
        self.left, self.right = doc, doc.parallel
        super().__init__(document, combined_document(doc, doc.parallel))
        self.combined = self.doc
        self._cell = None  # the table cell being written into, None: the body
        self._rubrum = False  # writing the parties: the draft notice follows in its own row
        self.full_width = self.text_width

    # --- writing into a cell

    def _append(self, element):
        if self._cell is None:
            return super()._append(element)
        self._cell.append(element)
        if element.tag.endswith("}p"):
            self._last_p = element
        return element

    @contextmanager
    def _column(self, tc, doc: Document) -> Iterator[None]:
        """Write into cell ``tc`` as the version ``doc``: its words, its half of the width, and
        for the right column references as text (the list's "§ n" is the left column's)."""
        saved = (self._cell, self.doc, self.text_width, self._listed)
        self._cell, self.doc, self.text_width = tc, doc, self.full_width // 2 - 2 * CELL_MARGIN
        if doc is self.right:
            self._listed = set()
        try:
            yield
        finally:
            self._ragged(tc)
            if not any(child.tag.endswith("}p") for child in tc):
                tc.append(new_paragraph(self.styles.paragraph(S.TEXT).style_id))
            self._cell, self.doc, self.text_width, self._listed = saved

    def _ragged(self, tc) -> None:
        """Body text flush left in a column: justified, half a line leaves wide gaps."""
        body = {self.styles.paragraph(name).style_id for name in (S.TEXT, S.NUMBERED, S.LEAD, S.BULLET, S.ORDERED)}
        for p in tc.iter(qn("w:p")):
            ppr = p.find(qn("w:pPr"))
            style = ppr.find(qn("w:pStyle")) if ppr is not None else None
            if ppr is None or ppr.find(qn("w:jc")) is not None:
                continue
            if (style.get(qn("w:val")) if style is not None else None) in body:
                insert_in_order(ppr, el("w:jc", {"w:val": "left"}), PPR_ORDER)

    def _pair_table(self):
        tbl = two_column_table(
            self.full_width,
            borders("w:tblBorders", ("insideV",), sz=4, space=0, color=RULE_COLOR),
            CELL_MARGIN,
            CELL_MARGIN,
        )
        self._append(tbl)
        return tbl

    def _pair_row(self, tbl, *, keep: bool = False):
        half = self.full_width // 2
        tr = el("w:tr", None, el("w:trPr", None, el("w:cantSplit")) if keep else None)
        cells = []
        for _side in range(2):
            tc = el("w:tc", None, el("w:tcPr", None, el("w:tcW", {"w:w": half, "w:type": "dxa"})))
            tr.append(tc)
            cells.append(tc)
        tbl.append(tr)
        return cells

    def _pair(self, write: Callable[[], None], tbl=None) -> None:
        """One row: ``write`` called once per column, each time as that column's version."""
        tbl = tbl if tbl is not None else self._pair_table()
        cells = self._pair_row(tbl)
        for tc, doc in zip(cells, (self.left, self.right), strict=True):
            with self._column(tc, doc):
                write()

    def _blocks_pair(self, a: list[Block], b: list[Block], tbl=None):
        """Blocks and their translations: text side by side, one row each; tables, figures and
        sub-headings once across the page. Returns the open two-column table (or None)."""
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if _full_width(x):
                tbl = None
                if isinstance(x, Table) and isinstance(y, Table):
                    x = merged_table(x, y)
                elif isinstance(x, Heading) and isinstance(y, Heading):
                    x = Heading(both(x.text, y.text), x.level)
                self.doc = self.left
                if isinstance(x, Figure):  # its own milestone table unless the next block has one
                    self._figure(x, a[i + 1] if i + 1 < len(a) else None)
                else:
                    self._blocks([x])
                self.doc = self.combined
                continue
            if tbl is None:
                tbl = self._pair_table()
            cells = self._pair_row(tbl)
            for tc, doc, block in zip(cells, (self.left, self.right), (x, y), strict=True):
                with self._column(tc, doc):
                    self._blocks([block])
        return tbl

    # --- the whole document

    def write(self) -> None:
        left, right = self.left, self.right
        self._clear_body()
        self._language()
        self._part(PART_TITLE, self._title_pair)
        self._part(PART_PARTIES, self._rubrum_pair)
        toc_marker = self._append(new_paragraph()) if left.show_toc else None
        self._part(PART_PREAMBLE, self._preamble_pair)
        if left.body:
            self._blocks_pair(left.body, right.body)
        for section, other in zip(left.sections, right.sections, strict=True):
            if section.title:
                self._heading(S.SECTION, both(section.title, other.title), level=1)
            for clause, translation in zip(section.clauses, other.clauses, strict=True):
                self._clause_pair(clause, translation)
        if left.show_signatures and left.parties:
            self._part(PART_SIGNATURES, self._signatures)
        for annex, translation in zip(left.annexes, right.annexes, strict=True):
            self._part(annex.id, lambda a=annex, t=translation: self._annex_pair(a, t))
        if toc_marker is not None:
            self._insert_toc(toc_marker)
        self._headers_and_footers()
        self._properties()
        update_fields_on_open(self.document)
        parts = story_parts(self.document)
        mark_rtl_document(self.document, parts)
        embed_fonts(self.document, parts)

    def _title_pair(self) -> None:
        left, right = self.left, self.right
        self._title_paragraph(left.title)
        if right.title != left.title:
            self._title_paragraph(right.title, italic=True)
        if left.subtitle:
            self._subtitle_paragraph(left.subtitle)
        if not left.show_toc:
            self._meta_line()

    def _rubrum_pair(self) -> None:
        """The parties side by side, then the draft notice in both languages in a row of its
        own that is never split (a long rubrum would otherwise break a notice in two)."""
        if self.left.parties:
            self._rubrum = True
            try:
                self._pair(self._parties)
            finally:
                self._rubrum = False
        tbl = self._pair_table()
        for tc, doc in zip(self._pair_row(tbl, keep=True), (self.left, self.right), strict=True):
            with self._column(tc, doc):
                super()._cover_close()

    def _cover_close(self) -> None:
        if not self._rubrum:
            super()._cover_close()

    def _preamble_pair(self) -> None:
        left, right = self.left, self.right
        title = both(left.preamble_title, right.preamble_title)
        if title:
            self._heading(S.SECTION, title, level=1, page_break=left.show_toc)
        elif left.show_toc:
            self._p(S.TEXT, page_break_before=True)
        if left.preamble:
            self._blocks_pair(left.preamble, right.preamble)

    def _clause_pair(self, clause: Clause, translation: Clause) -> None:
        """The clause as one table: headings, then paragraph by paragraph; the bookmark
        ``kl_<id>`` from the left heading to the last paragraph of the table."""
        name = self.anchors.get(clause.id)
        first = name is not None and clause.id not in self._bookmarked
        tbl = self._pair_table()
        cells = self._pair_row(tbl, keep=True)
        with self._column(cells[0], self.left):
            if self.num_id is not None and clause.number:
                text, num = clause.title, (self.num_id, CLAUSE_LEVEL)
            else:
                text, num = clause.heading, ((0, 0) if self.num_id is not None else None)
            p = self._heading(S.CLAUSE, text, level=2, anchor=name if first else None, num=num,
                              toc_text=clause.heading)
            level, _text, anchor, listed = self._toc[-1]  # the contents name it in both languages
            self._toc[-1] = (level, f"{clause.heading} / {translation.title}", anchor,
                             f"{listed} / {translation.title}" if listed else None)
        with self._column(cells[1], self.right):
            self._heading(S.CLAUSE, translation.heading, level=3,
                          num=(0, 0) if self.num_id is not None else None)
        if first:
            self._bookmarked.add(clause.id)
            if clause.id in self._listed:  # what REF and PAGEREF fields point to
                heading_id = next(self._ids)
                append_after_ppr(p, bookmark_start(heading_id, heading_bookmark(clause.id)))
                p.append(bookmark_end(heading_id))
            bid = next(self._ids)
            append_after_ppr(p, bookmark_start(bid, name))
        self._blocks_pair(clause.blocks, translation.blocks, tbl)
        if first:
            self._last_p.append(bookmark_end(bid))

    def _annex_pair(self, annex, translation) -> None:
        anchor = self.anchors.get(annex.id)
        if anchor != annex_anchor(annex.id) or annex.id in self._bookmarked:
            anchor = None
        p = self._heading(S.ANNEX, both(annex.heading, translation.heading), level=1,
                          anchor=anchor, page_break=True)
        if anchor:
            self._bookmarked.add(annex.id)
            bid = next(self._ids)
            append_after_ppr(p, bookmark_start(bid, anchor))
            p.append(bookmark_end(bid))
        self._blocks_pair(annex.blocks, translation.blocks)


def render_bilingual_docx(doc: Document) -> bytes:
    """A bilingual document (``doc`` with its ``parallel``) as DOCX bytes."""
    return render_docx(doc, writer=BilingualDocxWriter)
