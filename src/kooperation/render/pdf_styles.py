"""Colours, paragraph styles and the safe conversion of model text into reportlab markup.

reportlab's ``Paragraph`` reads a small XML-like markup (``<b>``, ``<font>``, ``&amp;``). Every
string from the document model is user data, so it goes through :func:`esc` before it meets that
markup: a partner called ``<b>Fett</b> & Co. KG`` is printed exactly like that.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from kooperation.drafting.docmodel import Inline, OpenMark, Ref, Text

from .pdf_fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD, SERIF_ITALIC
from .pdf_text import parses_as_is, visual

_SERIF, _SERIF_BOLD, _SERIF_ITALIC = SERIF, SERIF_BOLD, SERIF_ITALIC

# --- colours ------------------------------------------------------------------------------------

INK = colors.HexColor("#1A1A1A")
ACCENT = colors.HexColor("#1F3A5F")
MUTED = colors.HexColor("#5B6470")
RULE = colors.HexColor("#A7B0BA")
LINK = colors.HexColor("#1F3A5F")
_ACCENT = ACCENT


def tint(hex_colour: str, alpha: float = 0.45) -> colors.Color:
    """A translucent fill that looks like ``hex_colour`` on white paper but lets the watermark
    underneath show through (a light background must not punch holes into "ENTWURF")."""
    target = colors.HexColor(hex_colour)
    r, g, b = (max(0.0, 1 - (1 - c) / alpha) for c in (target.red, target.green, target.blue))
    return colors.Color(r, g, b, alpha=alpha)


OPEN_BG = tint("#FFF3C4")
OPEN_BORDER = colors.HexColor("#D9A400")
OPEN_MARK = "#FFE066"  # inline highlight, used inside markup
OPEN_PARA_BG = tint("#FFFAE3")
DRAFT_BG = tint("#FBEAEA")  # the draft notice: the same red box as in the DOCX
DRAFT_BORDER = colors.HexColor("#A61C1C")
INFO_BG = tint("#F1F2F4")
INFO_BORDER = colors.HexColor("#B4BAC2")
TABLE_HEAD_BG = tint("#E3E8EF")
TABLE_ZEBRA = tint("#F7F8FA")
TABLE_GRID = colors.HexColor("#C3C9D1")

# --- text -> markup -----------------------------------------------------------------------------

# Control characters (other than tab and newline) are not allowed in PDF text strings and make
# no sense in a contract; they are dropped rather than allowed to break the renderer.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


def esc(text: object) -> str:
    """Plain text as reportlab paragraph markup: escaped, line breaks kept, Hebrew and Arabic in
    display order (:func:`.pdf_text.visual`)."""
    s = _CONTROL.sub("", str(text if text is not None else ""))
    s = escape(visual(s.replace("\r\n", "\n").replace("\r", "\n")))
    return s.replace("\t", " ").replace("\n", "<br/>")


def inline_markup(inlines: list[Inline], links: Mapping[str, str] | None = None) -> str:
    """A run of inline pieces as markup. ``links`` maps the ids of clauses and annexes in the
    PDF to their destination keys; a reference to one of them becomes a clickable link, any
    other is printed as plain text."""
    links = links or {}
    out: list[str] = []
    for piece in inlines:
        if isinstance(piece, Text):
            s = esc(piece.text)
            if piece.bold:
                s = f"<b>{s}</b>"
            if piece.italic:
                s = f"<i>{s}</i>"
            out.append(s)
        elif isinstance(piece, Ref):
            s = esc(piece.label or piece.target)
            if piece.target in links:
                s = f'<a href="#{links[piece.target]}" color="#{LINK.hexval()[2:]}">{s}</a>'
            out.append(s)
        elif isinstance(piece, OpenMark):
            out.append(f'<font backColor="{OPEN_MARK}"><b>{esc(piece.label)}</b></font>')
        else:  # anything unexpected still shows its text instead of failing
            out.append(esc(getattr(piece, "text", "") or piece))
    return "".join(out)


def inline_runs(inlines: list[Inline], links: Mapping[str, str] | None = None
                ) -> list[tuple[str, str, str | None]] | None:
    """The runs of the paragraph :func:`inline_markup` makes of ``inlines``, as
    :func:`.pdf_text.run_frags` takes them (kind "", "b", "i", "bi" or "a", text, link key),
    or None if the markup parser would do more than cut the text at the tags: when a text
    needs escaping or display reordering (``&``, ``<``, a line break, a control character,
    Hebrew), has whitespace the parser's clean-up would change (other than single spaces
    between words), or when there is an open point or an empty piece."""
    links = links or {}
    runs: list[tuple[str, str, str | None]] = []
    for piece in inlines:
        if isinstance(piece, Text):
            kind = ("b" if piece.bold else "") + ("i" if piece.italic else "")
            runs.append((kind, str(piece.text), None))
        elif isinstance(piece, Ref):
            text = str(piece.label or piece.target)
            key = links.get(piece.target)
            runs.append(("a", text, key) if key is not None else ("", text, None))
        else:
            return None
    if not all(text for _kind, text, _key in runs):
        return None
    merged: list[tuple[str, str, str | None]] = []
    for run in runs:  # plain neighbours have no tag between them: the parser sees one text
        if merged and run[0] == "" and merged[-1][0] == "":
            merged[-1] = (run[0], merged[-1][1] + run[1], None)
        else:
            merged.append(run)
    runs = merged
    return runs if parses_as_is("".join(text for _kind, text, _key in runs)) else None


# --- paragraph styles ---------------------------------------------------------------------------

BODY_SIZE = 10
BODY_LEADING = 14.2
NUMBER_INDENT = 28  # hanging indent of "(1)", "(2)" paragraphs


@dataclass
class Styles:
    """Every paragraph style the PDF uses, built once per render."""

    body: ParagraphStyle
    lead: ParagraphStyle
    small: ParagraphStyle
    center: ParagraphStyle
    numbered: ParagraphStyle
    bullet: ParagraphStyle
    bullet_flat: ParagraphStyle
    note_open: ParagraphStyle
    note_info: ParagraphStyle
    note_draft: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    between: ParagraphStyle
    party_name: ParagraphStyle
    party_line: ParagraphStyle
    party_designation: ParagraphStyle
    meta: ParagraphStyle
    meta_center: ParagraphStyle
    sketch_title: ParagraphStyle
    sketch_subtitle: ParagraphStyle
    toc_title: ParagraphStyle
    toc0: ParagraphStyle
    toc1: ParagraphStyle
    section: ParagraphStyle
    clause: ParagraphStyle
    preamble: ParagraphStyle
    annex: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    caption: ParagraphStyle
    sig_title: ParagraphStyle
    sig_caption: ParagraphStyle
    sig_name: ParagraphStyle
    sig_detail: ParagraphStyle
    table_pad: float = 4  # cell padding (top/bottom) of annex tables
    figure_row: float = 17  # height of one roadmap row
    table_space: float = 10  # space after a table


def open_variant(style: ParagraphStyle) -> ParagraphStyle:
    """The same style on a light yellow ground, for text proposed on a topic not yet agreed."""
    return ParagraphStyle(
        style.name + "-open",
        parent=style,
        backColor=OPEN_PARA_BG,
        borderPadding=(2, 3, 3, 3),
    )


def make_styles(compact: bool = False, theme=None) -> Styles:
    """The styles of an agreement; ``compact`` sets everything a little tighter for the short
    documents without a table of contents (the project sketch should fit on two pages).
    ``theme`` (a `pdf_theme.PdfTheme`) gives the text and heading fonts and the heading colour
    of a firm's reference.docx; without it the bundled DejaVu faces and colours apply."""
    SERIF = theme.serif if theme else _SERIF  # noqa: N806 - the module's names, themed
    SERIF_BOLD = theme.serif_bold if theme else _SERIF_BOLD  # noqa: N806
    SERIF_ITALIC = theme.serif_italic if theme else _SERIF_ITALIC  # noqa: N806
    HEADING = theme.heading if theme else SANS_BOLD  # noqa: N806
    ACCENT = theme.accent if theme else _ACCENT  # noqa: N806
    k = 0.7 if compact else 1.0  # factor for vertical spacing
    body = ParagraphStyle(
        "body",
        fontName=SERIF,
        fontSize=9.2 if compact else BODY_SIZE,
        leading=12.3 if compact else BODY_LEADING,
        # ragged right: without hyphenation, justified German text opens wide gaps
        alignment=TA_LEFT,
        textColor=INK,
        spaceAfter=6 * k,
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
    )

    def derive(name: str, parent: ParagraphStyle = body, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **kw)

    note = derive(
        "note",
        fontName=SANS,
        fontSize=9,
        leading=12.5,
        alignment=TA_LEFT,
        borderWidth=0.8,
        borderPadding=(6, 8, 7, 8),
        leftIndent=8,
        rightIndent=8,
        spaceBefore=8 * k,
        spaceAfter=12 * k,
    )
    heading = derive("heading", fontName=HEADING, alignment=TA_LEFT, textColor=ACCENT,
                     keepWithNext=1, allowWidows=1, allowOrphans=1)
    cell = derive("cell", fontName=SANS, fontSize=8 if compact else 8.5,
                  leading=10.2 if compact else 11, alignment=TA_LEFT, spaceAfter=0)
    return Styles(
        body=body,
        lead=derive("lead", fontSize=10.2 if compact else 11, leading=14 if compact else 15.5),
        small=derive("small", fontSize=8.5, leading=11.5, textColor=MUTED),
        center=derive("center", alignment=TA_CENTER),
        numbered=derive("numbered", leftIndent=NUMBER_INDENT, bulletIndent=0, bulletFontName=SERIF,
                        bulletFontSize=body.fontSize),
        bullet=derive("bullet", leftIndent=NUMBER_INDENT + 14, bulletIndent=NUMBER_INDENT + 2,
                      bulletFontName=SERIF, spaceAfter=3 * k, alignment=TA_LEFT),
        bullet_flat=derive("bullet-flat", leftIndent=16, bulletIndent=3, bulletFontName=SERIF,
                           spaceAfter=3 * k, alignment=TA_LEFT),
        note_open=derive("note-open", parent=note, backColor=OPEN_BG, borderColor=OPEN_BORDER),
        note_info=derive("note-info", parent=note, backColor=INFO_BG, borderColor=INFO_BORDER),
        note_draft=derive("note-draft", parent=note, fontSize=9.5, leading=13.5,
                          alignment=TA_CENTER, backColor=DRAFT_BG, borderColor=DRAFT_BORDER,
                          borderWidth=1.1),
        title=derive("title", fontName=SERIF_BOLD, fontSize=26, leading=32, alignment=TA_CENTER,
                     textColor=ACCENT, spaceAfter=10),
        subtitle=derive("subtitle", fontSize=14, leading=19, alignment=TA_CENTER, textColor=ACCENT,
                        spaceAfter=4),
        between=derive("between", fontName=SERIF_ITALIC, alignment=TA_CENTER, spaceBefore=10,
                       spaceAfter=10),
        party_name=derive("party-name", fontName=SERIF_BOLD, fontSize=11.5, leading=15,
                          alignment=TA_CENTER, spaceAfter=1, keepWithNext=1),
        party_line=derive("party-line", fontSize=9.5, leading=13, alignment=TA_CENTER, spaceAfter=0,
                          keepWithNext=1),
        party_designation=derive("party-designation", fontName=SERIF_ITALIC, fontSize=9.5,
                                 leading=13, alignment=TA_CENTER, spaceBefore=1, spaceAfter=0),
        meta=derive("meta", fontName=SANS, fontSize=8.5, leading=11.5, alignment=TA_LEFT,
                    textColor=MUTED, spaceAfter=0),
        meta_center=derive("meta-center", fontName=SANS, fontSize=8.5, leading=11.5,
                           alignment=TA_CENTER, textColor=MUTED, spaceAfter=0),
        sketch_title=derive("sketch-title", fontName=SERIF_BOLD, fontSize=20, leading=25,
                            alignment=TA_LEFT, textColor=ACCENT, spaceAfter=2),
        sketch_subtitle=derive("sketch-subtitle", fontSize=12.5, leading=17, alignment=TA_LEFT,
                               textColor=ACCENT, spaceAfter=8),
        # headings are centred as in the DOCX (see render.layout); annexes stay left
        toc_title=derive("toc-title", parent=heading, fontSize=16, leading=20, spaceAfter=16,
                         alignment=TA_CENTER),
        toc0=derive("toc0", fontName=HEADING, fontSize=10, leading=13, alignment=TA_LEFT,
                    spaceBefore=7, spaceAfter=1, rightIndent=28, textColor=ACCENT),
        toc1=derive("toc1", fontSize=9.5, leading=12.5, alignment=TA_LEFT, leftIndent=26,
                    firstLineIndent=-12, spaceBefore=0, spaceAfter=1.5, rightIndent=28),
        section=derive("section", parent=heading, fontSize=12.5, leading=16, spaceBefore=18,
                       spaceAfter=4, alignment=TA_CENTER),
        clause=derive("clause", fontName=SERIF_BOLD, fontSize=11, leading=14.5, alignment=TA_CENTER,
                      spaceBefore=12, spaceAfter=6, keepWithNext=1, textColor=INK),
        preamble=derive("preamble", fontName=SERIF_BOLD, fontSize=12, leading=16,
                        alignment=TA_CENTER, spaceBefore=4, spaceAfter=8, keepWithNext=1),
        annex=derive("annex", parent=heading, fontSize=15, leading=19, spaceAfter=14),
        h2=derive("h2", parent=heading, fontSize=11 if compact else 11.5, leading=15,
                  spaceBefore=10 * k, spaceAfter=5 * k),
        h3=derive("h3", parent=heading, fontSize=10, leading=13, spaceBefore=8 * k,
                  spaceAfter=4 * k, textColor=INK),
        cell=cell,
        cell_head=derive("cell-head", parent=cell, fontName=SANS_BOLD, textColor=ACCENT),
        caption=derive("caption", fontName=SERIF_ITALIC, fontSize=8.5, leading=11,
                       alignment=TA_CENTER, textColor=MUTED, spaceBefore=3, spaceAfter=10 * k),
        sig_title=derive("sig-title", parent=heading, fontSize=13, leading=17, spaceAfter=6,
                         alignment=TA_CENTER),
        sig_caption=derive("sig-caption", fontName=SANS, fontSize=8, leading=10, alignment=TA_LEFT,
                           textColor=MUTED, spaceAfter=0),
        sig_name=derive("sig-name", fontName=SERIF_BOLD, fontSize=10, leading=13, alignment=TA_LEFT,
                        spaceAfter=0),
        sig_detail=derive("sig-detail", fontSize=9, leading=12, alignment=TA_LEFT, spaceAfter=0),
        table_pad=2.2 if compact else 4,
        figure_row=12.5 if compact else 17,
        table_space=6 if compact else 10,
    )
