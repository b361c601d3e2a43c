"""Document model -> DOCX, styled by a reference document.

``render_docx(doc)`` opens the reference .docx once (by default the packaged
``templates/reference.docx``; a firm may pass its own), empties its body, and writes the
agreement into it using the reference's named styles (see :mod:`.docx_styles`). Where a
replaced reference lacks one of our styles the renderer falls back to Word's built-in style
and adds the little direct formatting that carries meaning (hanging indent, highlight, boxes).

Every clause (heading and all its paragraphs) is enclosed in a Word bookmark named
``bookmark_name(clause.id)``; comments and edits a lawyer makes in Word are mapped back to the
clause through it (:func:`clause_id_from_bookmark`). Title page, party list, preamble,
signatures and each annex are enclosed in a ``tl_<part id>`` bookmark the same way.

All text is data: it goes into ``w:t`` elements through lxml, never into markup, and
characters XML cannot carry are dropped (:func:`.docx_oxml.clean_text`).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from itertools import count
from pathlib import Path

from docx.oxml.ns import qn

from kooperation.drafting.docmodel import (
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
    Ref,
    Table,
    Text,
)
from kooperation.drafting.overlay import effective_reference
from kooperation.errors import RenderError
from kooperation.i18n import _, babel_locale
from kooperation.render import docx_styles as S
from kooperation.render.docx_bidi import mark_rtl_document
from kooperation.render.docx_bookmarks import (
    ANNEX_PREFIX,
    CLAUSE_PREFIX,
    PART_PARTIES,
    PART_PREAMBLE,
    PART_SIGNATURES,
    PART_TITLE,
    annex_anchor,
    bookmark_name,
    clause_id_from_bookmark,
    enclose_part,
)
from kooperation.render.docx_contents import insert_contents
from kooperation.render.docx_figures import add_picture, figure_pictures
from kooperation.render.docx_fonts import embed_fonts, story_parts, update_fields_on_open
from kooperation.render.docx_furniture import headers_and_footers, properties, signatures
from kooperation.render.docx_labels import label_for, list_letter, quote
from kooperation.render.docx_numbering import (
    CLAUSE_LEVEL,
    PARAGRAPH_LEVEL,
    add_clause_list,
    clause_numbers_hold,
    heading_bookmark,
    list_numbering_holds,
)
from kooperation.render.docx_oxml import (
    append_after_ppr,
    bookmark_end,
    bookmark_start,
    borders,
    clean_text,
    el,
    hyperlink,
    new_paragraph,
    new_run,
    ref_field,
    table_cell,
    table_row,
)
from kooperation.render.docx_package import package_bytes
from kooperation.render.docx_reference import REFERENCE_DOCX, body_font, load_reference, text_width
from kooperation.render.docx_tables import column_widths, font_measure, scaled, table_text_size
from kooperation.render.layout import DENSE_RUBRUM

log = logging.getLogger(__name__)

__all__ = [
    "ANNEX_PREFIX",
    "CLAUSE_PREFIX",
    "REFERENCE_DOCX",
    "bookmark_name",
    "clause_id_from_bookmark",
    "render_docx",
]

OPEN_FILL = "FFF2CC"
OPEN_LINE = "BF9000"
INFO_FILL = "F2F2F2"
INFO_LINE = "A6A6A6"
HANG = 567  # twips: "(1)" hangs in the first centimetre
TABLE_SIZE = 19  # half points: the text size of the reference's table styles (9.5 pt)
_QUOTED = re.compile(r"[„“\"«»‹›](.+?)[“”\"«»‹›]")
_QUOTE_CHARS = set('„“”"«»‹›')
_LANG_TAGS = {"de": "de-DE", "en": "en-GB"}


# --- entry point --------------------------------------------------------------------------------


def render_docx(doc: Document, reference: Path | None = None, writer: type | None = None) -> bytes:
    """The document as DOCX bytes, styled by ``reference`` (default: the firm's reference.docx
    from its templates folder if it has a usable one, else the packaged style sheet).

    Equal input gives equal bytes. Raises :class:`RenderError` when the reference cannot be
    used or a clause id cannot be turned into a bookmark.
    """
    path = Path(reference) if reference is not None else effective_reference()[0]
    document = load_reference(path)
    (writer or _DocxWriter)(document, doc).write()  # bilingual: .docx_bilingual's writer
    try:
        return package_bytes(document)
    except Exception as exc:  # lxml or zip trouble while serialising: report, never crash
        raise RenderError(
            _("Das DOCX-Dokument konnte nicht erzeugt werden: {reason}").format(reason=exc)
        ) from exc


# --- the writer ---------------------------------------------------------------------------------


class _DocxWriter:
    """Writes one :class:`Document` into one opened reference document."""

    def __init__(self, document, doc: Document) -> None:
        self.document = document
        self.doc = doc
        self.styles = S.StyleResolver(document.styles.element)
        self.body = document.element.body
        self.sect_pr = self.body.get_or_add_sectPr()
        self.text_width = text_width(self.sect_pr)
        self.measure = font_measure(body_font(document))  # None: a font we do not ship
        self._ids = count(1)
        self._last_p = None
        # contents entries: level, text, anchor, and the title after a listed "§ n" (or None)
        self._toc: list[tuple[int, str, str | None, str | None]] = []
        self._hidden = count(1)
        self.anchors: dict[str, str] = {}
        seen: set[str] = set()
        for clause in doc.clauses():
            try:
                name = bookmark_name(clause.id)
            except ValueError as exc:
                message = _("Die Klausel „{title}“ hat keine gültige Kennung ({id}).")
                raise RenderError(
                    message.format(title=clean_text(clause.title), id=repr(clean_text(clause.id)))
                ) from exc
            if clause.id in seen:
                log.warning("clause id %r occurs twice; only the first gets a bookmark", clause.id)
            seen.add(clause.id)
            self.anchors.setdefault(clause.id, name)
        for annex in doc.annexes:
            anchor = annex_anchor(annex.id)
            if anchor and annex.id not in self.anchors:
                self.anchors[annex.id] = anchor
        self._bookmarked: set[str] = set()
        # §§ and paragraph numbers as a Word list (None: typed as text, see docx_numbering)
        self.num_id: int | None = None
        self._numbered_paragraphs = False  # inside a clause whose (1), (2) use the list
        if list_numbering_holds(doc):
            heading = self.styles.paragraph(S.CLAUSE)
            numbered = self.styles.paragraph(S.NUMBERED)
            self.num_id = add_clause_list(
                document,
                heading.style_id if heading.exact else None,
                numbered.style_id if numbered.exact else None,
                bold_heading=not heading.exact,
                sign=next((c.sign for c in doc.clauses()), "§"),
            )
        self._listed = {c.id for c in doc.clauses() if c.number} if self.num_id else set()

    def label(self, key: str) -> str:
        return clean_text(label_for(self.doc, key))

    # --- whole document

    def write(self) -> None:
        doc = self.doc
        self._clear_body()
        self._language()
        self._part(PART_TITLE, self._title_block)
        self._part(PART_PARTIES, self._parties)
        toc_marker = self._append(new_paragraph()) if doc.show_toc else None
        self._part(PART_PREAMBLE, self._preamble)
        if doc.body:
            self._blocks(doc.body)
        for section in doc.sections:
            if section.title:
                self._heading(S.SECTION, section.title, level=1)
            for clause in section.clauses:
                self._clause(clause)
        if doc.show_signatures and doc.parties:
            self._part(PART_SIGNATURES, self._signatures)
        for annex in doc.annexes:
            self._part(annex.id, lambda annex=annex: self._annex(annex))
        if toc_marker is not None:
            self._insert_toc(toc_marker)
        self._headers_and_footers()
        self._properties()
        update_fields_on_open(self.document)
        parts = story_parts(self.document)
        mark_rtl_document(self.document, parts)
        embed_fonts(self.document, parts)

    def _part(self, part_id: str, write) -> None:
        """Call ``write`` and enclose what it appended in the part's bookmark (``tl_<id>``)."""
        before, last = self.sect_pr.getprevious(), self._last_p
        write()
        if self._last_p is not last:
            first = before.getnext() if before is not None else self.body[0]
            enclose_part(part_id, first, self._last_p, next(self._ids))

    def _clear_body(self) -> None:
        for child in list(self.body):
            if child is not self.sect_pr:
                self.body.remove(child)

    def _language(self) -> None:
        tag = _LANG_TAGS.get(self.doc.language)
        if not tag:
            return
        lang = self.document.styles.element.find(
            f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
        )
        if lang is not None:
            lang.set(qn("w:val"), tag)

    def _append(self, element):
        self.sect_pr.addprevious(element)
        if element.tag == qn("w:p"):
            self._last_p = element
        return element

    def _p(self, style: str, **kwargs):
        """A new body paragraph in ``style`` (resolved with fallbacks), appended."""
        return self._append(new_paragraph(self.styles.paragraph(style).style_id, **kwargs))

    # --- title, parties, preamble

    def _title_block(self) -> None:
        """Title and subtitle; the cover goes on with the parties, the draft notice and the
        meta line (:mod:`.layout`); a compact document (no contents) has the meta line first."""
        doc = self.doc
        self._title_paragraph(doc.title)
        if doc.subtitle:
            self._subtitle_paragraph(doc.subtitle)
        if not doc.show_toc:
            self._meta_line()

    def _title_paragraph(self, title: str, italic: bool = False) -> None:
        self._p(S.TITLE, jc=self._jc_unless(S.TITLE, "center")).append(
            new_run(clean_text(title), bold=not self._exact(S.TITLE), italic=italic)
        )

    def _subtitle_paragraph(self, subtitle: str) -> None:
        self._p(S.SUBTITLE, jc=self._jc_unless(S.SUBTITLE, "center")).append(new_run(clean_text(subtitle)))

    def _cover_close(self) -> None:
        """After the parties: the draft notice, and on a cover the meta line under it."""
        doc = self.doc
        if doc.draft_notice:
            self._note_paragraph(
                S.DRAFT_NOTICE, None, [Text(doc.draft_notice)], fill=INFO_FILL, line=INFO_LINE
            )
        if doc.show_toc:
            self._meta_line()

    def _meta_line(self) -> None:
        doc = self.doc
        meta = doc.meta or {}
        parts = [clean_text(meta.get("project", ""))]
        if meta.get("version"):
            parts.append(f"{self.label('version')} {clean_text(meta['version'])}")
        if meta.get("date"):
            parts.append(f"{self.label('generated')} {clean_text(meta['date'])}")
        parts = [part for part in parts if part.strip()]
        if parts:
            self._p(S.META, jc=self._jc_unless(S.META, "center")).append(new_run(" · ".join(parts)))

    def _parties(self) -> None:
        """The rubrum: "zwischen", each party ("und" before the last, kept with it), then the
        draft notice and meta line that close the cover."""
        doc = self.doc
        if not doc.parties:
            self._cover_close()
            return
        center = self._jc_unless(S.PARTIES, "center")
        intro = doc.parties_intro or self.label("between")
        self._p(S.PARTIES, jc=center, keep_next=True).append(new_run(clean_text(intro)))
        last = len(doc.parties) - 1
        for i, party in enumerate(doc.parties):
            if i == last and i:
                self._p(S.PARTIES, jc=center, keep_next=True).append(new_run(self.label("and")))
            p = self._p(S.PARTIES, jc=center, keep_lines=True)
            p.append(new_run(clean_text(party.name), bold=True))
            phrase, _short = self._designation(party.designation)
            # each line as pieces: the representative may be an open mark, highlighted
            details: list[list[Inline]] = [[Text(party.address)]] if clean_text(party.address) else []
            if party.representative_pieces():
                details.append(party.representative_pieces())
            if len(doc.parties) > DENSE_RUBRUM and len(details) > 1:
                details = [[*details[0], Text(", "), *details[1]]]  # many parties: one line less each
            if clean_text(phrase):
                details.append([Text(phrase)])
            for line in details:
                p.append(new_run("\n"))
                self._inlines(p, line)
        if doc.parties_outro:
            self._p(S.PARTIES, jc=center).append(new_run(clean_text(doc.parties_outro)))
        self._cover_close()

    def _preamble(self) -> None:
        """The Präambel starts a new page after the table of contents (:mod:`.layout`)."""
        doc = self.doc
        if doc.preamble_title:
            self._heading(S.SECTION, doc.preamble_title, level=1, page_break=doc.show_toc)
        elif doc.show_toc:
            self._p(S.TEXT, page_break_before=True)
        if doc.preamble:
            self._blocks(doc.preamble)

    # --- headings, clauses, annexes

    def _heading(
        self,
        style: str,
        text: str,
        *,
        level: int,
        anchor: str | None = None,
        page_break: bool = False,
        num: tuple[int, int] | None = None,
        toc_text: str | None = None,
    ):
        """A heading paragraph; it is listed in the table of contents (levels 1 and 2) and gets a
        hidden bookmark for the contents entry to link to unless ``anchor`` is given. ``num``
        puts it in a Word list (``(0, 0)``: explicitly in none); ``toc_text`` is its text as
        the contents lists it when the list writes part of it ("§ 3 Titel")."""
        resolved = self.styles.paragraph(style)
        p = self._append(
            new_paragraph(resolved.style_id, keep_next=True, page_break_before=page_break, num=num)
            if not resolved.exact
            else new_paragraph(resolved.style_id, page_break_before=page_break, num=num)
        )
        p.append(new_run(clean_text(text), bold=not resolved.exact))
        if level <= 2:
            if anchor is None:
                anchor = f"_Koop{next(self._hidden):04d}"
                bid = next(self._ids)
                append_after_ppr(p, bookmark_start(bid, anchor))
                p.append(bookmark_end(bid))
            listed = clean_text(text) if num is not None and num[0] else None
            self._toc.append((level, clean_text(toc_text or text), anchor, listed))
        return p

    def _clause(self, clause: Clause) -> None:
        name = self.anchors.get(clause.id)
        first = name is not None and clause.id not in self._bookmarked
        if self.num_id is not None and clause.number:
            text, num = clause.title, (self.num_id, CLAUSE_LEVEL)
        else:
            text, num = clause.heading, ((0, 0) if self.num_id is not None else None)
        p = self._heading(
            S.CLAUSE,
            text,
            level=2,
            anchor=name if first else None,
            num=num,
            toc_text=clause.heading,
        )
        self._numbered_paragraphs = num[0] != 0 and clause_numbers_hold(clause) if num else False
        try:
            if not first:
                self._blocks(clause.blocks)
                return
            self._bookmarked.add(clause.id)
            if clause.id in self._listed:  # what REF and PAGEREF fields point to
                heading_id = next(self._ids)
                append_after_ppr(p, bookmark_start(heading_id, heading_bookmark(clause.id)))
                p.append(bookmark_end(heading_id))
            bid = next(self._ids)
            append_after_ppr(p, bookmark_start(bid, name))
            self._blocks(clause.blocks)
            self._last_p.append(bookmark_end(bid))
        finally:
            self._numbered_paragraphs = False

    def _annex(self, annex) -> None:
        anchor = self.anchors.get(annex.id)
        if anchor != annex_anchor(annex.id) or annex.id in self._bookmarked:
            anchor = None
        p = self._heading(S.ANNEX, annex.heading, level=1, anchor=anchor, page_break=True)
        if anchor:
            self._bookmarked.add(annex.id)
            bid = next(self._ids)
            append_after_ppr(p, bookmark_start(bid, anchor))
            p.append(bookmark_end(bid))
        self._blocks(annex.blocks)

    # --- blocks

    def _blocks(self, blocks: list[Block]) -> None:
        for i, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                self._paragraph(block)
            elif isinstance(block, BulletList):
                self._list(block)
            elif isinstance(block, Table):
                self._table(block.header, block.rows, block.widths)
            elif isinstance(block, Note):
                self._note(block)
            elif isinstance(block, Heading):
                if block.level <= 1:
                    self._heading(S.SECTION, block.text, level=1)
                else:
                    self._heading(S.SUBHEADING, block.text, level=3)
            elif isinstance(block, Figure):
                self._figure(block, blocks[i + 1] if i + 1 < len(blocks) else None)
            else:  # a block kind this renderer does not know yet: keep its text
                text = getattr(block, "text", "")
                if text:
                    self._paragraph(Paragraph([Text(str(text))]))

    def _paragraph(self, para: Paragraph) -> None:
        fill = OPEN_FILL if para.open else None
        if para.number is not None:
            resolved = self.styles.paragraph(S.NUMBERED)
            extra = (
                {}
                if resolved.exact
                else {"tabs": [("left", HANG)], "ind": {"left": HANG, "hanging": HANG}}
            )
            if self._numbered_paragraphs:  # "(n)" from the clause's Word list
                extra["num"] = (self.num_id, PARAGRAPH_LEVEL)
            elif self.num_id is not None:
                extra["num"] = (0, 0)  # typed: keep the style's list number off
            p = self._append(new_paragraph(resolved.style_id, fill=fill, **extra))
            if not self._numbered_paragraphs:
                p.append(new_run(f"({para.number})\t"))
        else:
            style = {"lead": S.LEAD, "small": S.SMALL, "center": S.CENTER}.get(para.style, S.TEXT)
            resolved = self.styles.paragraph(style)
            extra = {}
            if not resolved.exact and style == S.CENTER:
                extra["jc"] = "center"
            p = self._append(new_paragraph(resolved.style_id, fill=fill, **extra))
        self._inlines(p, para.inlines)

    def _list(self, block: BulletList) -> None:
        style = S.ORDERED if block.ordered else S.BULLET
        resolved = self.styles.paragraph(style)
        num = self._list_numbering(resolved, block.ordered)
        fill = OPEN_FILL if block.open else None
        for i, item in enumerate(block.items):
            if num is not None:
                p = self._append(new_paragraph(resolved.style_id, num=num, fill=fill))
            else:  # no list definition in the reference: the marker as text
                p = self._append(
                    new_paragraph(
                        resolved.style_id,
                        fill=fill,
                        tabs=[("left", 2 * HANG)],
                        ind={"left": 2 * HANG, "hanging": HANG},
                    )
                )
                p.append(new_run((list_letter(i) + ")" if block.ordered else "•") + "\t"))
            self._inlines(p, item)

    def _list_numbering(self, resolved: S.ResolvedStyle, ordered: bool) -> tuple[int, int] | None:
        """``(numId, level)`` for the items of one list, or None to write the markers as text.

        Bullets use the numbering of the style as it is. An ordered list must restart at a),
        so it gets its own ``w:num`` over the style's list definition."""
        if not resolved.exact:
            return None
        style = self.styles.element(resolved.style_id)
        num_id_el = (
            style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
            if style is not None
            else None
        )
        if num_id_el is None:
            return None
        num_id = int(num_id_el.get(qn("w:val")))
        if not ordered:
            return (num_id, 0)
        numbering = self.document.part.numbering_part.element
        abstract = None
        max_id = 0
        for num in numbering.iterchildren(qn("w:num")):
            this_id = int(num.get(qn("w:numId")))
            max_id = max(max_id, this_id)
            if this_id == num_id:
                abstract = num.find(qn("w:abstractNumId"))
        if abstract is None:
            return None
        new_id = max_id + 1
        num = el(
            "w:num",
            {"w:numId": new_id},
            el("w:abstractNumId", {"w:val": abstract.get(qn("w:val"))}),
            el("w:lvlOverride", {"w:ilvl": 0}, el("w:startOverride", {"w:val": 1})),
        )
        cleanup = numbering.find(qn("w:numIdMacAtCleanup"))  # must stay last
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            numbering.append(num)
        return (new_id, 0)

    def _note(self, note: Note) -> None:
        if note.kind == "open":
            title = note.title or self.label("open_point")
            self._note_paragraph(S.OPEN_NOTE, title, note.inlines, fill=OPEN_FILL, line=OPEN_LINE)
        else:
            self._note_paragraph(
                S.INFO_NOTE, note.title, note.inlines, fill=INFO_FILL, line=INFO_LINE
            )

    def _note_paragraph(
        self, style: str, title: str | None, inlines: list[Inline], *, fill: str, line: str
    ):
        resolved = self.styles.paragraph(style)
        extra = {}
        if not resolved.exact:
            extra = {
                "border": borders("w:pBdr", ("top", "left", "bottom", "right"), sz=6, color=line),
                "fill": fill,
            }
        p = self._append(new_paragraph(resolved.style_id, keep_lines=True, **extra))
        title = clean_text(title)
        if title:
            p.append(new_run(title, bold=True))
            if inlines:
                p.append(new_run("\n"))
        self._inlines(p, inlines)
        return p

    def _inlines(self, p, inlines: list[Inline]) -> None:
        for piece in inlines:
            if isinstance(piece, Text):
                text = clean_text(piece.text)
                if text:
                    p.append(new_run(text, bold=piece.bold, italic=piece.italic))
            elif isinstance(piece, Ref):
                text = clean_text(piece.label or piece.target)
                anchor = self.anchors.get(piece.target)
                style_id = self.styles.character(S.REFERENCE).style_id
                if anchor and piece.target in self._listed:
                    # the § number of the target as Word and LibreOffice count it now
                    for run in ref_field(heading_bookmark(piece.target), text, style_id):
                        p.append(run)
                    continue
                run = new_run(text, style_id=style_id)
                if anchor:
                    link = hyperlink(anchor)
                    link.append(run)
                    p.append(link)
                else:
                    p.append(run)
            elif isinstance(piece, OpenMark):
                style_id = self.styles.character(S.OPEN_MARK).style_id
                p.append(new_run(clean_text(piece.label), style_id=style_id, highlight="yellow"))
            else:
                text = clean_text(getattr(piece, "text", ""))
                if text:
                    p.append(new_run(text))

    # --- tables and figures

    def _table(self, header: list[str], rows: list[list[str]], widths: list[float] | None):
        columns = max([len(header), *(len(row) for row in rows)], default=0)
        if columns == 0:
            return None
        try:
            weights = [float(w) for w in widths] if widths and len(widths) == columns else []
        except (TypeError, ValueError):
            weights = []
        if not weights or any(not (0 < w < float("inf")) for w in weights):
            weights = [1.0] * columns
        header = [clean_text(h) for h in header]
        rows = [[clean_text(v) for v in row] for row in rows]
        size = table_text_size(header, rows, columns, self.text_width, self.measure, TABLE_SIZE)
        measure = self.measure if size == TABLE_SIZE else scaled(self.measure, size / TABLE_SIZE)
        grid = column_widths(header, rows, weights, self.text_width, measure)
        small = size if size != TABLE_SIZE else None  # a crowded table: smaller text

        table_style = self.styles.table(S.TABLE)
        tbl_pr = [
            el("w:tblStyle", {"w:val": table_style.style_id}) if table_style.style_id else None,
            el("w:tblW", {"w:w": sum(grid), "w:type": "dxa"}),
            None if table_style.style_id else borders("w:tblBorders", ("top", "left", "bottom", "right", "insideH", "insideV"), sz=4, space=0, color="808080"),
            el("w:tblLayout", {"w:type": "fixed"}),
            el("w:tblLook", {"w:val": "04A0", "w:firstRow": "1", "w:lastRow": "0", "w:firstColumn": "0",
                             "w:lastColumn": "0", "w:noHBand": "1", "w:noVBand": "1"}),
        ]  # fmt: skip
        tbl = el(
            "w:tbl",
            None,
            el("w:tblPr", None, *tbl_pr),
            el("w:tblGrid", None, *(el("w:gridCol", {"w:w": w}) for w in grid)),
        )
        head = self.styles.paragraph(S.TABLE_HEAD)
        body = self.styles.paragraph(S.TABLE_TEXT)
        head_fill = None if table_style.exact else "E7E6E6"
        last_p = None
        all_rows = ([header] if header else []) + list(rows)
        for r, row in enumerate(all_rows):
            is_head = bool(header) and r == 0
            tr = table_row(is_head)
            style_id = (head if is_head else body).style_id
            fill = head_fill if is_head else None
            for c in range(columns):
                tc = table_cell(grid[c], style_id, keep_next=is_head, fill=fill)
                last_p = tc[-1]
                text = row[c] if c < len(row) else ""  # cleaned above
                if text:
                    last_p.append(
                        new_run(text, bold=is_head and not head.exact, size_half_points=small)
                    )
                tr.append(tc)
            tbl.append(tr)
        self._append(tbl)
        self._last_p = last_p
        return tbl

    def _figure(self, figure: Figure, after: Block | None = None) -> None:
        # the drawing (a roadmap with dated milestones) first, kept on the page of its caption
        pictures = figure_pictures(figure, self.doc, self.text_width / 20)
        picture_style = self.styles.paragraph(S.CENTER)
        for i, picture in enumerate(pictures, start=1):
            p = self._append(
                new_paragraph(
                    picture_style.style_id,
                    keep_next=i == len(pictures),
                    spacing={"before": 120, "after": 0, "line": 240, "lineRule": "auto"},
                    ind={"left": 0, "right": 0, "firstLine": 0},
                    jc="center",
                )
            )
            add_picture(p, self.document, picture, self.text_width)
        if figure.caption:
            resolved = self.styles.paragraph(S.CAPTION)
            p = self._append(new_paragraph(resolved.style_id, keep_next=not resolved.exact))
            p.append(new_run(clean_text(figure.caption), bold=not resolved.exact))
        if figure.kind == "roadmap" and not _tabled_next(figure, after):
            items = (figure.data or {}).get("items") or []
            rows = []
            for item in items:
                if not isinstance(item, dict):
                    continue
                status = str(item.get("status", "") or "")
                rows.append(
                    [
                        str(item.get("title", "") or ""),
                        self._date(item.get("start")),
                        self._date(item.get("end")),
                        label_for(self.doc, f"status_{status}", status) if status else "",
                    ]
                )
            if rows:
                header = [self.label(k) for k in ("milestone", "start", "end", "status")]
                self._table(header, rows, [4, 2, 2, 2])
                self._append(new_paragraph(self.styles.paragraph(S.TEXT).style_id))

    def _date(self, value) -> str:
        """ISO dates as the document's language writes them (21.11.2026 in German)."""
        text = "" if value is None else str(value)
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            return text
        if self.doc.language == "de":
            return day.strftime("%d.%m.%Y")  # by hand: German needs no Babel here
        from babel.dates import format_date

        return format_date(day, "medium", locale=babel_locale(self.doc.language))

    def _designation(self, designation: str) -> tuple[str, str]:
        """The rubrum phrase for a party's designation and the short name itself.

        The model may carry the short name ("ProdTech") or the whole phrase ("– nachfolgend
        „ProdTech“ –"); both give the same rubrum line and signature caption."""
        text = clean_text(designation).strip()
        if not text:
            return "", ""
        quoted = _QUOTED.search(text)
        if quoted or text[0] in "–-—(":
            return text, (quoted.group(1) if quoted else text.strip("–-—() "))
        pattern = self.label("designation_pattern")  # "– nachfolgend {} genannt –"
        name = text if _QUOTE_CHARS.intersection(pattern) else quote(self.doc, text)
        for slot in ("{}", "{designation}"):
            if slot in pattern:
                return pattern.replace(slot, name, 1), text
        return f"{pattern} {name}".strip(), text

    # --- signatures (:mod:`.docx_furniture`)

    def _signatures(self) -> None:
        signatures(self)

    # --- table of contents

    def _insert_toc(self, marker) -> None:
        """The contents in place of ``marker`` (see :mod:`.docx_contents`)."""
        insert_contents(
            marker, self._toc, self.styles, self.label("toc"), self.text_width, self._listed
        )

    # --- page furniture and properties (:mod:`.docx_furniture`)

    def _headers_and_footers(self) -> None:
        headers_and_footers(self)

    def _properties(self) -> None:
        properties(self)

    # --- helpers

    def _exact(self, style: str) -> bool:
        return self.styles.paragraph(style).exact

    def _jc_unless(self, style: str, jc: str) -> str | None:
        """Direct alignment only where the reference lacks the style itself."""
        return None if self._exact(style) else jc


def _tabled_next(figure: Figure, after: Block | None) -> bool:
    """Whether the block after a roadmap figure already tables its milestones (as the roadmap
    annex does): then the figure's own table would only repeat it."""
    items = (figure.data or {}).get("items") if isinstance(figure.data, dict) else None
    if not isinstance(after, Table) or not items:
        return False
    tabled = {cell for row in after.rows for cell in row}
    return all(isinstance(it, dict) and str(it.get("title") or "–") in tabled for it in items)
