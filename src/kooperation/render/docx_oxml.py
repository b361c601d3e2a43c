"""Low-level WordprocessingML helpers for the DOCX renderer.

python-docx covers paragraphs, runs and styles; what it lacks (bookmarks, complex fields,
internal hyperlinks, paragraph borders and shading, the VML watermark, byte-for-byte
reproducible packages) is built here from its ``OxmlElement`` so the elements get the same
custom classes python-docx uses when it reads the result back.

Nothing in this module sees the document model; it only turns plain values into XML. Every
text value passes through :func:`clean_text` first, so characters XML 1.0 forbids never reach
lxml (which would raise).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser

from kooperation.render.zip_writer import zip_members

# --- text ---------------------------------------------------------------------------------------

# XML 1.0 allows \t \n \r and everything from U+0020 except lone surrogates, U+FFFE, U+FFFF.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: object) -> str:
    """``value`` as text that lxml accepts: line ends normalised to ``\\n`` (a Word line break),
    a vertical tab (Word's own line break when text is pasted) kept as one, every other
    character that XML 1.0 forbids dropped."""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _ILLEGAL_XML.sub("", text)


# --- generic element building -------------------------------------------------------------------


@cache
def _names(prefixed: str) -> tuple[str, dict[str, str]]:
    """The full (Clark) name and the namespace declaration of a prefixed tag like ``w:p``.
    A pure function of the name and python-docx's fixed namespace table: nothing to
    invalidate."""
    tag = NamespacePrefixedTag(prefixed)
    return tag.clark_name, tag.nsmap


_qn = lru_cache(maxsize=None)(qn)  # ``w:val`` -> ``{namespace}val``: fixed, as above


def new_element(tag: str):
    """python-docx's ``OxmlElement(tag)`` (the same element class and namespace declaration)
    without parsing the prefixed name again each time: the renderer makes tens of thousands."""
    clark, nsmap = _names(tag)
    return oxml_parser.makeelement(clark, nsmap=nsmap)


def copy_element(element):
    """A deep copy of ``element`` (its whole subtree, same element class). lxml's own copy, one
    C-level call, without the bookkeeping of :func:`copy.deepcopy` (half the time; the renderer
    copies thousands of templates)."""
    return element.__copy__()


def el(tag: str, attrs: dict[str, str] | None = None, *children) -> OxmlElement:
    """``<tag attrs...>children</tag>``; attribute names are prefixed (``w:val``)."""
    element = new_element(tag)
    if attrs:
        for key, value in attrs.items():
            element.set(_qn(key), str(value))
    for child in children:
        if child is not None:
            element.append(child)
    return element


def insert_in_order(parent, child, order: Sequence[str]):
    """Insert ``child`` into ``parent`` respecting the schema sequence ``order`` (prefixed tags);
    an existing element of the same tag is replaced."""
    tag = child.tag
    names = [qn(t) for t in order]
    existing = parent.find(tag)
    if existing is not None:
        existing.addprevious(child)
        parent.remove(existing)
        return child
    try:
        position = names.index(tag)
    except ValueError:
        parent.append(child)
        return child
    later = set(names[position + 1 :])
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)  # fmt: skip

RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
    "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
    "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip

TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
)  # fmt: skip


def shd(fill: str) -> OxmlElement:
    return el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})


def borders(tag: str, sides: Iterable[str], *, val="single", sz=6, space=4, color="auto"):
    """A border container (``w:pBdr``, ``w:tblBorders``, ``w:tcBorders``) with the same line on
    each of ``sides``."""
    return el(
        tag,
        None,
        *(
            el(f"w:{side}", {"w:val": val, "w:sz": sz, "w:space": space, "w:color": color})
            for side in sides
        ),
    )


def no_borders(tag: str) -> OxmlElement:
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    return el(tag, None, *(el(f"w:{s}", {"w:val": "nil"}) for s in sides))


def two_column_table(width: int, table_borders: OxmlElement, margin_left: int, margin_right: int) -> OxmlElement:
    """An empty table of two equal fixed columns ``width`` twips wide in all, with
    ``table_borders`` and the cell margins given (the rows are added by the caller)."""
    half = width // 2
    return el(
        "w:tbl",
        None,
        el(
            "w:tblPr",
            None,
            el("w:tblW", {"w:w": half * 2, "w:type": "dxa"}),
            table_borders,
            el("w:tblLayout", {"w:type": "fixed"}),
            el(
                "w:tblCellMar",
                None,
                el("w:left", {"w:w": margin_left, "w:type": "dxa"}),
                el("w:right", {"w:w": margin_right, "w:type": "dxa"}),
            ),
        ),
        el("w:tblGrid", None, el("w:gridCol", {"w:w": half}), el("w:gridCol", {"w:w": half})),
    )


def table_row(header: bool = False) -> OxmlElement:
    """An empty ``w:tr`` that is never split across pages; ``header``: repeated on each page."""
    return copy_element(_row_template(header))


@cache
def _row_template(header: bool) -> OxmlElement:
    """The two kinds of row, made once and copied by :func:`table_row`. A pure function of its
    argument: nothing to invalidate. Test: ``tests/test_docx_templates.py``."""
    return el("w:tr", None, el("w:trPr", None, el("w:cantSplit"), el("w:tblHeader") if header else None))


def table_cell(width: int, style_id: str | None, *, keep_next: bool = False,
               fill: str | None = None) -> OxmlElement:
    """A ``w:tc`` of ``width`` twips (shaded with ``fill``) holding one empty paragraph in
    ``style_id``; the caller appends the runs to its last child, the paragraph."""
    return copy_element(_cell_template(width, style_id, keep_next, fill))


@lru_cache(maxsize=512)  # a few widths per table, a few tables per document
def _cell_template(width, style_id, keep_next, fill) -> OxmlElement:
    """A cell made once and copied by :func:`table_cell` (as :func:`_paragraph_template`). A
    pure function of its arguments: nothing to invalidate. Test: ``tests/test_docx_templates.py``."""
    tc_pr = el("w:tcPr", None, el("w:tcW", {"w:w": width, "w:type": "dxa"}),
               shd(fill) if fill else None)
    paragraph = _paragraph_template(style_id, keep_next, False, False, None, None, None)
    return el("w:tc", None, tc_pr, copy_element(paragraph))


# --- paragraphs and runs ------------------------------------------------------------------------


def new_paragraph(
    style_id: str | None = None,
    *,
    keep_next: bool = False,
    keep_lines: bool = False,
    page_break_before: bool = False,
    num: tuple[int, int] | None = None,
    border: OxmlElement | None = None,
    fill: str | None = None,
    tabs: Sequence[tuple[str, int]] = (),
    spacing: dict[str, int] | None = None,
    ind: dict[str, int] | None = None,
    jc: str | None = None,
) -> OxmlElement:
    """A ``w:p`` whose properties are written in schema order."""
    if border is None and not tabs and not spacing and not ind:  # the common kinds: a copy
        return copy_element(_paragraph_template(style_id, keep_next, keep_lines,
                                                page_break_before, num, fill, jc))
    return _make_paragraph(style_id, keep_next, keep_lines, page_break_before, num, border,
                           fill, tabs, spacing, ind, jc)


@lru_cache(maxsize=512)  # a few dozen kinds in a document
def _paragraph_template(style_id, keep_next, keep_lines, page_break_before, num, fill, jc):
    """An empty paragraph with these properties, made once and copied by :func:`new_paragraph`
    (copying is one C-level call; making the properties is one call per element). A pure
    function of its arguments and this module's code: nothing to invalidate. Test:
    ``tests/test_docx_templates.py``."""
    return _make_paragraph(style_id, keep_next, keep_lines, page_break_before, num, None, fill,
                           (), None, None, jc)


def _make_paragraph(style_id, keep_next, keep_lines, page_break_before, num, border, fill, tabs,
                    spacing, ind, jc):
    p = new_element("w:p")
    ppr = []
    if style_id:
        ppr.append(el("w:pStyle", {"w:val": style_id}))
    if keep_next:
        ppr.append(el("w:keepNext"))
    if keep_lines:
        ppr.append(el("w:keepLines"))
    if page_break_before:
        ppr.append(el("w:pageBreakBefore"))
    if num is not None:
        ppr.append(
            el("w:numPr", None, el("w:ilvl", {"w:val": num[1]}), el("w:numId", {"w:val": num[0]}))
        )
    if border is not None:
        ppr.append(border)
    if fill:
        ppr.append(shd(fill))
    if tabs:
        ppr.append(
            el("w:tabs", None, *(el("w:tab", {"w:val": kind, "w:pos": pos}) for kind, pos in tabs))
        )
    if spacing:
        ppr.append(el("w:spacing", {f"w:{k}": v for k, v in spacing.items()}))
    if ind:
        ppr.append(el("w:ind", {f"w:{k}": v for k, v in ind.items()}))
    if jc:
        ppr.append(el("w:jc", {"w:val": jc}))
    if ppr:
        p.append(el("w:pPr", None, *ppr))
    return p


def new_run(
    text: str = "",
    *,
    style_id: str | None = None,
    bold: bool = False,
    italic: bool = False,
    highlight: str | None = None,
    size_half_points: int | None = None,
    color: str | None = None,
) -> OxmlElement:
    """A ``w:r``; ``text`` must be clean (see :func:`clean_text`); tabs and line breaks in it
    become ``w:tab`` and ``w:br``."""
    r = copy_element(_run_template(style_id, bold, italic, highlight, size_half_points, color))
    if text:
        append_text(r, text)
    return r


@lru_cache(maxsize=512)
def _run_template(style_id, bold, italic, highlight, size_half_points, color):
    """An empty run with these properties, made once and copied by :func:`new_run` (as
    :func:`_paragraph_template`). Nothing to invalidate; test: ``tests/test_docx_templates.py``."""
    r = new_element("w:r")
    rpr = []
    if style_id:
        rpr.append(el("w:rStyle", {"w:val": style_id}))
    if bold:
        rpr.append(el("w:b"))
    if italic:
        rpr.append(el("w:i"))
    if color:
        rpr.append(el("w:color", {"w:val": color}))
    if size_half_points:
        rpr.append(el("w:sz", {"w:val": size_half_points}))
        rpr.append(el("w:szCs", {"w:val": size_half_points}))
    if highlight:
        rpr.append(el("w:highlight", {"w:val": highlight}))
    if rpr:
        r.append(el("w:rPr", None, *rpr))
    return r


_BREAKS = re.compile(r"(\t|\n)")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def append_text(r, text: str) -> None:
    """Append ``text`` to run ``r``: tabs become ``w:tab``, line ends ``w:br``, the rest ``w:t``
    (with ``xml:space="preserve"`` where spaces would otherwise be trimmed). Does what
    python-docx's ``run.text`` setter does, without its per-character loop."""
    for part in _BREAKS.split(text) if "\t" in text or "\n" in text else (text,):
        if part == "\t":
            r.append(new_element("w:tab"))
        elif part == "\n":
            r.append(new_element("w:br"))
        elif part:
            t = copy_element(_text_template(_needs_preserve(part)))
            t.text = part
            r.append(t)


@cache
def _text_template(preserve: bool):
    """An empty ``w:t`` (with ``xml:space="preserve"``), made once and copied by
    :func:`append_text`. A pure function of its argument: nothing to invalidate."""
    t = new_element("w:t")
    if preserve:
        t.set(_XML_SPACE, "preserve")
    return t


def _needs_preserve(text: str) -> bool:
    """Whether a ``w:t`` with ``text`` needs ``xml:space="preserve"`` to keep its spaces."""
    return text[0].isspace() or text[-1].isspace() or "  " in text


def append_after_ppr(p, child):
    """Put ``child`` first in the paragraph content, right after its ``w:pPr``."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        p.insert(0, child)
    else:
        ppr.addnext(child)


def bookmark_start(bookmark_id: int, name: str) -> OxmlElement:
    return el("w:bookmarkStart", {"w:id": bookmark_id, "w:name": name})


def bookmark_end(bookmark_id: int) -> OxmlElement:
    return el("w:bookmarkEnd", {"w:id": bookmark_id})


def hyperlink(anchor: str) -> OxmlElement:
    """An internal hyperlink to bookmark ``anchor``; the caller appends the runs."""
    return el("w:hyperlink", {"w:anchor": anchor, "w:history": "1"})


def field_runs(instruction: str, placeholder: str = "", rpr_factory=None) -> list[OxmlElement]:
    """The runs of a complex field (begin, instruction, separate, cached result, end).

    ``rpr_factory`` returns a fresh ``w:rPr`` (or None) for each run, so the field result looks
    like the text around it.
    """
    return field_begin(instruction, rpr_factory) + field_result_and_end(placeholder, rpr_factory)


def field_begin(instruction: str, rpr_factory=None) -> list[OxmlElement]:
    def run(*children):
        r = new_element("w:r")
        rpr = rpr_factory() if rpr_factory else None
        if rpr is not None:
            r.append(rpr)
        for child in children:
            r.append(child)
        return r

    instr = el("w:instrText")
    instr.set(_XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    return [
        run(el("w:fldChar", {"w:fldCharType": "begin"})),
        run(instr),
        run(el("w:fldChar", {"w:fldCharType": "separate"})),
    ]


def field_result_and_end(placeholder: str = "", rpr_factory=None) -> list[OxmlElement]:
    runs = []
    if placeholder:
        r = new_run(placeholder)
        rpr = rpr_factory() if rpr_factory else None
        if rpr is not None:
            r.insert(0, rpr)
        runs.append(r)
    runs.append(field_end(rpr_factory))
    return runs


REF_SWITCHES = "\\n \\h"  # the paragraph number of the bookmark ("§ 12"), linked to it


def ref_field(bookmark: str, result: str, style_id: str | None = None) -> list[OxmlElement]:
    """A ``REF`` field to the list number of the paragraph where ``bookmark`` starts, with
    ``result`` (the number as it is now, e.g. "§ 12") as its cached text, in character style
    ``style_id``. Word and LibreOffice show the number the list gives that paragraph, so the
    reference follows when clauses are inserted or moved."""

    instruction = f"REF {bookmark} {REF_SWITCHES}"
    if not result or "\t" in result or "\n" in result:  # no or a multi-part result
        return field_runs(instruction, result, _style_rpr(style_id))
    runs = [copy_element(run) for run in _ref_template(style_id)]
    runs[1][-1].text = f" {instruction} "  # the w:instrText, after the run's w:rPr (if any)
    t = runs[3][-1]  # the w:t of the cached result
    t.text = result
    if _needs_preserve(result):
        t.set(_XML_SPACE, "preserve")
    return runs


def _style_rpr(style_id: str | None):
    """A factory of ``w:rPr`` elements in character style ``style_id`` (None: no properties)."""

    def rpr():
        return el("w:rPr", None, el("w:rStyle", {"w:val": style_id})) if style_id else None

    return rpr


@cache
def _ref_template(style_id: str | None) -> tuple:
    """The five runs of a ``REF`` field in character style ``style_id``, made by
    :func:`field_runs` with a placeholder instruction and result; :func:`ref_field` copies
    them (one C-level copy instead of twenty elements made one by one: a contract has
    hundreds of references). A pure function of the style id and this module's code: nothing
    to invalidate. Test: ``tests/test_docx_templates.py``."""
    return tuple(field_runs("REF", "x", _style_rpr(style_id)))


def field_end(rpr_factory=None) -> OxmlElement:
    r = new_element("w:r")
    rpr = rpr_factory() if rpr_factory else None
    if rpr is not None:
        r.append(rpr)
    r.append(el("w:fldChar", {"w:fldCharType": "end"}))
    return r


# --- watermark ----------------------------------------------------------------------------------

_WATERMARK_XML = """\
<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
     xmlns:v="urn:schemas-microsoft-com:vml"
     xmlns:o="urn:schemas-microsoft-com:office:office"
     xmlns:w10="urn:schemas-microsoft-com:office:word">
  <w:rPr><w:noProof/></w:rPr>
  <w:pict>
    <v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
                 path="m@7,l@8,m@5,21600l@6,21600e">
      <v:formulas>
        <v:f eqn="sum #0 0 10800"/>
        <v:f eqn="prod #0 2 1"/>
        <v:f eqn="sum 21600 0 @1"/>
        <v:f eqn="sum 0 0 @2"/>
        <v:f eqn="sum 21600 0 @3"/>
        <v:f eqn="if @0 @3 0"/>
        <v:f eqn="if @0 21600 @1"/>
        <v:f eqn="if @0 0 @2"/>
        <v:f eqn="if @0 @4 21600"/>
        <v:f eqn="mid @5 @6"/>
        <v:f eqn="mid @8 @5"/>
        <v:f eqn="mid @7 @8"/>
        <v:f eqn="mid @6 @7"/>
        <v:f eqn="sum @6 0 @5"/>
      </v:formulas>
      <v:path textpathok="t" o:connecttype="custom"
              o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
              o:connectangles="270,180,90,0"/>
      <v:textpath on="t" fitshape="t"/>
      <v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
      <o:lock v:ext="edit" text="t" shapetype="t"/>
    </v:shapetype>
    <v:shape id="KooperationWasserzeichen1" o:spid="_x0000_s1025" type="#_x0000_t136"
             o:allowincell="f" fillcolor="#c8c8c8" stroked="f">
      <v:fill opacity=".45"/>
      <v:textpath string=""/>
      <w10:wrap anchorx="margin" anchory="margin"/>
    </v:shape>
  </w:pict>
</w:r>"""


def watermark_run(
    text: str, font: str, width_pt: float, height_pt: float, number: int = 1
) -> OxmlElement:
    """A run holding Word's own kind of text watermark: a VML WordArt shape (``#_x0000_t136``)
    centred on the page margins, turned by 315°, behind the text. Word and LibreOffice both
    show this as "Wasserzeichen" and let the user remove it there."""
    run = parse_xml(_WATERMARK_XML)
    vml = "urn:schemas-microsoft-com:vml"
    shape = run.find(f".//{{{vml}}}shape")
    shape.set("id", f"KooperationWasserzeichen{number}")  # one per header part, ids unique
    shape.set("{urn:schemas-microsoft-com:office:office}spid", f"_x0000_s{1024 + number}")
    shape.set(
        "style",
        "position:absolute;margin-left:0;margin-top:0;"
        f"width:{width_pt:.1f}pt;height:{height_pt:.1f}pt;rotation:315;z-index:-251655168;"
        "mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        "mso-position-vertical:center;mso-position-vertical-relative:margin",
    )
    textpath = shape.find(f"{{{vml}}}textpath")
    # The font name comes from the reference style sheet; quotes would break the CSS value.
    safe_font = font.replace('"', "").replace(";", "") or "Cambria"
    textpath.set("style", f'font-family:"{safe_font}";font-size:1pt')
    textpath.set("string", text)
    return run


# --- package ------------------------------------------------------------------------------------

def normalize_zip(data: bytes) -> bytes:
    """The same package written again by :func:`.zip_writer.zip_members`: every member stamped
    with one fixed time, so equal documents give equal bytes (python-docx stamps members with the
    current time), and compressed so that versions share what did not change."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return zip_members([(info.filename, source.read(info.filename)) for info in source.infolist()])
