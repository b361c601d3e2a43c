"""Create ``templates/reference.docx``, the style sheet of every generated DOCX.

Run from the repository root:  python scripts/make_reference_docx.py [output.docx]

The result is reproducible: running the script twice gives the same bytes (fixed document
properties and zip time stamps). The body of the file shows one specimen paragraph per style,
so a firm can open it in Word or LibreOffice, change the styles (font, spacing, colours) and
save it as its own reference; the renderer only takes the styles, the page set-up and the
numbering definitions from it, never the body text.

Typography: DejaVu Serif on A4, the face the PDF is set in. It is not on every system, so the
renderer embeds it into every generated DOCX (``render/docx_fonts.py``, subset to the
characters European text needs): Word and LibreOffice then lay the text out with the same
font everywhere, and table column widths computed from its metrics hold (a substituted font
broke words and dates mid-word: "01.03.20|27"). It covers Latin Extended (Ł, Ş, Ø ...), Greek
and Cyrillic.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from kooperation.render import docx_styles as S
from kooperation.render.docx_oxml import (
    PPR_ORDER,
    RPR_ORDER,
    borders,
    el,
    insert_in_order,
    normalize_zip,
    shd,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "templates" / "reference.docx"

FONT = "DejaVu Serif"
BLACK = RGBColor(0, 0, 0)
GREY = RGBColor(0x59, 0x59, 0x59)
TEXT_WIDTH_CM = 21.0 - 2.5 - 2.0  # A4 minus left (filing margin) and right margin
TEXT_WIDTH_TWIPS = round(TEXT_WIDTH_CM / 2.54 * 1440)
INDENT = Cm(1.0)  # "(1)" hangs in the first centimetre
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)

OPEN_FILL = "FFF2CC"
OPEN_LINE = "BF9000"
INFO_FILL = "F2F2F2"
INFO_LINE = "A6A6A6"
NOTICE_FILL = "FBEAEA"
NOTICE_LINE = "A61C1C"


def _rfonts(font: str):
    return el("w:rFonts", {"w:ascii": font, "w:hAnsi": font, "w:cs": font, "w:eastAsia": font})


def _set_defaults(document) -> None:
    """Document defaults: the body font, 11 pt, German, no theme fonts (they would win over
    names)."""
    styles = document.styles.element
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    insert_in_order(rpr, _rfonts(FONT), RPR_ORDER)
    insert_in_order(
        rpr, el("w:lang", {"w:val": "de-DE", "w:eastAsia": "en-US", "w:bidi": "ar-SA"}), RPR_ORDER
    )
    ppr = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    insert_in_order(
        ppr, el("w:spacing", {"w:after": 120, "w:line": 264, "w:lineRule": "auto"}), PPR_ORDER
    )
    # Every built-in style of the python-docx template names theme fonts and colours
    # (Calibri, blue headings); drop them so the whole sheet is one typeface in black.
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
    for color in styles.iter(qn("w:color")):
        color.attrib.pop(qn("w:themeColor"), None)
        color.attrib.pop(qn("w:themeShade"), None)
        color.attrib.pop(qn("w:themeTint"), None)
    # rsid noise from the template
    for style in styles.iter(qn("w:style")):
        for rsid in style.findall(qn("w:rsid")):
            style.remove(rsid)


def _theme_fonts(document) -> None:
    """Theme fonts to the body font too, for anything a user adds with "theme" fonts in Word."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.THEME:
            part = rel.target_part
            xml = part.blob.decode("utf-8")
            for old in ('typeface="Calibri"', 'typeface="Calibri Light"'):
                xml = xml.replace(old, f'typeface="{FONT}"')
            part._blob = xml.encode("utf-8")


def _font_table(document) -> None:
    for rel in document.part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            part = rel.target_part
            xml = part.blob.decode("utf-8")
            start = xml.find(f'<w:font w:name="{FONT}">')
            end = xml.find("</w:font>", start)
            if start >= 0:
                block = xml[start:end].replace(
                    '<w:family w:val="auto"/>', '<w:family w:val="roman"/>'
                )
                xml = xml[:start] + block + xml[end:]
            part._blob = xml.encode("utf-8")


def _paragraph_style(document, name, base=None, *, next_style=None, size=None, bold=None,
                     italic=None, color=BLACK, align=None, before=None, after=None,
                     line=None, keep_next=None, keep_lines=None, page_break_before=None,
                     left=None, first_line=None, outline=None, priority=10):  # fmt: skip
    styles = document.styles
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), S.STYLE_IDS[name])
    if base:
        style.base_style = styles[base]
    _NEXT[name] = next_style or name
    style.quick_style = True
    style.priority = priority
    font = style.font
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if color is not None:
        font.color.rgb = color
    pf = style.paragraph_format
    if align is not None:
        pf.alignment = align
    if before is not None:
        pf.space_before = Pt(before)
    if after is not None:
        pf.space_after = Pt(after)
    if line is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        pf.line_spacing = line
    if keep_next is not None:
        pf.keep_with_next = keep_next
    if keep_lines is not None:
        pf.keep_together = keep_lines
    if page_break_before is not None:
        pf.page_break_before = page_break_before
    if left is not None:
        pf.left_indent = left
    if first_line is not None:
        pf.first_line_indent = first_line
    if outline is not None:
        insert_in_order(
            style.element.get_or_add_pPr(), el("w:outlineLvl", {"w:val": outline}), PPR_ORDER
        )
    return style


_NEXT: dict[str, str] = {}  # style -> style of the paragraph after it, set once all exist


def _link_next_styles(document) -> None:
    for name, next_name in _NEXT.items():
        document.styles[name].next_paragraph_style = document.styles[next_name]


def _box(style, fill: str, line: str, size: int = 6) -> None:
    ppr = style.element.get_or_add_pPr()
    insert_in_order(
        ppr,
        borders("w:pBdr", ("top", "left", "bottom", "right"), sz=size, space=4, color=line),
        PPR_ORDER,
    )
    insert_in_order(ppr, shd(fill), PPR_ORDER)
    # keep the box inside the text area: borders are drawn outside the indents
    insert_in_order(ppr, el("w:ind", {"w:left": 113, "w:right": 113}), PPR_ORDER)


def _fix_builtins(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.font.color.rgb = BLACK
    normal.paragraph_format.widow_control = True
    for name, size in (("Heading 1", 14), ("Heading 2", 11.5), ("Heading 3", 11)):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = BLACK
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
    for name in ("Title", "Subtitle", "Caption", "Intense Quote", "Quote", "TOC Heading"):
        styles[name].font.color.rgb = BLACK
    for name in ("Header", "Footer"):
        style = styles[name]
        style.font.size = Pt(8.5)
        style.font.color.rgb = GREY
        tabs = style.paragraph_format.tab_stops
        tabs.clear_all()
        tabs.add_tab_stop(Cm(TEXT_WIDTH_CM / 2), WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    styles["Footer"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header_ppr = styles["Header"].element.get_or_add_pPr()
    insert_in_order(
        header_ppr, borders("w:pBdr", ("bottom",), sz=4, space=4, color="A6A6A6"), PPR_ORDER
    )
    styles["Header"].paragraph_format.space_after = Pt(0)

    # Table of contents levels (built-in names, so Word uses them when it updates the field)
    for level, left, bold, before in ((1, 0, True, 6), (2, Cm(0.75), False, 0)):
        style = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), f"TOC{level}")
        style.base_style = styles["Normal"]
        style.priority = 39
        style.unhide_when_used = True
        style.font.bold = bold
        pf = style.paragraph_format
        pf.left_indent = left
        pf.space_before = Pt(before)
        pf.space_after = Pt(2)
        pf.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def _numbering(document) -> tuple[int, int]:
    """Two list definitions: a bullet list and an a), b), c) list, both hanging under the text
    of a numbered paragraph. Returns their ``w:numId`` values."""
    numbering = document.part.numbering_part.element
    abstract_ids = [
        int(a.get(qn("w:abstractNumId"))) for a in numbering.iterchildren(qn("w:abstractNum"))
    ]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.iterchildren(qn("w:num"))]
    next_abstract = max(abstract_ids, default=-1) + 1
    next_num = max(num_ids, default=0) + 1
    left = round(INDENT.twips * 2)
    hanging = round(INDENT.twips)
    made = []
    kinds = (
        ("4B4F4F50", (("bullet", "•"), ("bullet", "–"), ("bullet", "•"))),
        ("4B4F4F51", (("lowerLetter", "%1)"), ("lowerRoman", "%2)"), ("decimal", "%3."))),
    )
    for offset, (nsid, level_formats) in enumerate(kinds):
        abstract_id = next_abstract + offset
        levels = []
        for ilvl, (lvl_fmt, lvl_text) in enumerate(level_formats):
            lvl_left = left + ilvl * hanging
            levels.append(
                el(
                    "w:lvl",
                    {"w:ilvl": ilvl},
                    el("w:start", {"w:val": 1}),
                    el("w:numFmt", {"w:val": lvl_fmt}),
                    el("w:lvlText", {"w:val": lvl_text}),
                    el("w:lvlJc", {"w:val": "left"}),
                    el(
                        "w:pPr",
                        None,
                        el("w:tabs", None, el("w:tab", {"w:val": "num", "w:pos": lvl_left})),
                        el("w:ind", {"w:left": lvl_left, "w:hanging": hanging}),
                    ),
                )
            )
        abstract = el(
            "w:abstractNum",
            {"w:abstractNumId": abstract_id},
            el("w:nsid", {"w:val": nsid}),
            el("w:multiLevelType", {"w:val": "hybridMultilevel"}),
            *levels,
        )
        # abstractNum elements must all come before the num elements
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        num_id = next_num + offset
        numbering.append(
            el("w:num", {"w:numId": num_id}, el("w:abstractNumId", {"w:val": abstract_id}))
        )
        made.append(num_id)
    return made[0], made[1]


def _list_style(document, name, num_id):
    style = _paragraph_style(document, name, S.TEXT, after=3)
    ppr = style.element.get_or_add_pPr()
    insert_in_order(
        ppr,
        el("w:numPr", None, el("w:ilvl", {"w:val": 0}), el("w:numId", {"w:val": num_id})),
        PPR_ORDER,
    )
    insert_in_order(
        ppr,
        el("w:ind", {"w:left": round(INDENT.twips * 2), "w:hanging": round(INDENT.twips)}),
        PPR_ORDER,
    )
    return style


def _table_style(document) -> None:
    style = document.styles.add_style(S.TABLE, WD_STYLE_TYPE.TABLE)
    element = style.element
    element.set(qn("w:styleId"), S.STYLE_IDS[S.TABLE])
    style.base_style = document.styles["Normal Table"]
    style.quick_style = True
    style.priority = 20
    element.append(
        el(
            "w:pPr",
            None,
            el("w:spacing", {"w:before": 0, "w:after": 0, "w:line": 240, "w:lineRule": "auto"}),
        )
    )
    element.append(el("w:rPr", None, el("w:sz", {"w:val": 19}), el("w:szCs", {"w:val": 19})))
    element.append(
        el(
            "w:tblPr",
            None,
            el("w:tblInd", {"w:w": 0, "w:type": "dxa"}),
            borders(
                "w:tblBorders",
                ("top", "left", "bottom", "right", "insideH", "insideV"),
                sz=4,
                space=0,
                color="808080",
            ),
            el(
                "w:tblCellMar",
                None,
                el("w:top", {"w:w": 40, "w:type": "dxa"}),
                el("w:left", {"w:w": 85, "w:type": "dxa"}),
                el("w:bottom", {"w:w": 40, "w:type": "dxa"}),
                el("w:right", {"w:w": 85, "w:type": "dxa"}),
            ),
        )
    )
    element.append(
        el(
            "w:tblStylePr",
            {"w:type": "firstRow"},
            el("w:rPr", None, el("w:b"), el("w:bCs")),
            el("w:trPr", None, el("w:tblHeader")),
            el("w:tcPr", None, shd("E7E6E6")),
        )
    )


def _character_styles(document) -> None:
    for name, highlight in ((S.OPEN_MARK, True), (S.REFERENCE, False)):
        style = document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        style.element.set(qn("w:styleId"), S.STYLE_IDS[name])
        style.base_style = document.styles["Default Paragraph Font"]
        style.quick_style = True
        style.priority = 20
        if highlight:
            rpr = style.element.get_or_add_rPr()
            insert_in_order(rpr, el("w:highlight", {"w:val": "yellow"}), RPR_ORDER)
            insert_in_order(rpr, shd("FFFF00"), RPR_ORDER)


def build(output: Path) -> bytes:
    _NEXT.clear()
    document = docx.Document()
    _set_defaults(document)
    _theme_fonts(document)
    _font_table(document)
    _fix_builtins(document)

    C = WD_ALIGN_PARAGRAPH.CENTER
    J = WD_ALIGN_PARAGRAPH.JUSTIFY
    _paragraph_style(document, S.TEXT, "Normal", align=J, after=6, line=1.1)
    _paragraph_style(document, S.NUMBERED, S.TEXT, left=INDENT, first_line=-INDENT)
    document.styles[S.NUMBERED].paragraph_format.tab_stops.add_tab_stop(INDENT)
    _paragraph_style(document, S.LEAD, S.TEXT, size=12, after=12)
    _paragraph_style(document, S.SMALL, S.TEXT, size=9)
    _paragraph_style(document, S.CENTER, S.TEXT, align=C)
    _paragraph_style(
        document,
        S.TITLE,
        "Normal",
        next_style=S.SUBTITLE,
        size=22,
        bold=True,
        align=C,
        before=24,
        after=6,
        keep_next=True,
        priority=1,
    )
    _paragraph_style(
        document, S.SUBTITLE, "Normal", size=13, align=C, after=18, keep_next=True, priority=2
    )
    _paragraph_style(document, S.META, "Normal", size=9, color=GREY, align=C, after=18)
    _paragraph_style(document, S.PARTIES, "Normal", align=C, after=10, keep_lines=True)
    _paragraph_style(
        document,
        S.TOC_TITLE,
        "Normal",
        size=13,
        bold=True,
        align=C,
        before=0,
        after=12,
        keep_next=True,
        page_break_before=True,
    )
    _paragraph_style(
        document,
        S.SECTION,
        "Heading 1",
        next_style=S.CLAUSE,
        size=13,
        bold=True,
        align=C,
        before=24,
        after=6,
        keep_next=True,
        keep_lines=True,
        outline=0,
        priority=3,
    )
    _paragraph_style(
        document,
        S.CLAUSE,
        "Heading 2",
        next_style=S.NUMBERED,
        size=11.5,
        bold=True,
        align=C,
        before=14,
        after=6,
        keep_next=True,
        keep_lines=True,
        outline=1,
        priority=4,
    )
    _paragraph_style(
        document,
        S.ANNEX,
        "Heading 1",
        next_style=S.TEXT,
        size=14,
        bold=True,
        before=0,
        after=12,
        keep_next=True,
        keep_lines=True,
        page_break_before=True,
        outline=0,
        priority=5,
    )
    _paragraph_style(
        document,
        S.SUBHEADING,
        "Heading 3",
        next_style=S.TEXT,
        size=11,
        bold=True,
        before=12,
        after=4,
        keep_next=True,
        outline=2,
    )
    bullet_num, ordered_num = _numbering(document)
    _list_style(document, S.BULLET, bullet_num)
    _list_style(document, S.ORDERED, ordered_num)
    # Boxes are set ragged: a justified line that ends in a line break is stretched by LibreOffice.
    L = WD_ALIGN_PARAGRAPH.LEFT
    info = _paragraph_style(
        document, S.INFO_NOTE, S.TEXT, size=10, align=L, before=6, after=10, keep_lines=True
    )
    _box(info, INFO_FILL, INFO_LINE)
    open_note = _paragraph_style(
        document,
        S.OPEN_NOTE,
        S.TEXT,
        size=10,
        align=L,
        before=6,
        after=10,
        keep_lines=True,
        priority=6,
    )
    _box(open_note, OPEN_FILL, OPEN_LINE, size=8)
    notice = _paragraph_style(
        document, S.DRAFT_NOTICE, S.TEXT, size=10, align=C, before=6, after=12, keep_lines=True
    )
    _box(notice, NOTICE_FILL, NOTICE_LINE, size=8)
    _paragraph_style(
        document,
        S.CAPTION,
        "Caption",
        next_style=S.TEXT,
        size=9.5,
        bold=True,
        italic=False,
        before=6,
        after=4,
        keep_next=True,
    )
    _paragraph_style(document, S.TABLE_TEXT, "Normal", size=9.5, before=0, after=0, line=1.0)
    _paragraph_style(document, S.TABLE_HEAD, S.TABLE_TEXT, bold=True, keep_next=True)
    _paragraph_style(
        document,
        S.SIGNATURE,
        "Normal",
        size=10,
        before=0,
        after=0,
        line=1.0,
        keep_next=True,
        keep_lines=True,
    )
    line = _paragraph_style(document, S.SIGNATURE_LINE, S.SIGNATURE, before=36)
    insert_in_order(
        line.element.get_or_add_pPr(),
        borders("w:pBdr", ("top",), sz=4, space=2, color="000000"),
        PPR_ORDER,
    )
    _character_styles(document)
    _table_style(document)
    _link_next_styles(document)

    _settings(document)
    _page_setup(document)
    _specimen(document)
    _properties(document)
    _prune(document)

    buffer = io.BytesIO()
    document.save(buffer)
    data = normalize_zip(buffer.getvalue())
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    return data


def _settings(document) -> None:
    settings = document.settings.element
    for rsids in settings.findall(qn("w:rsids")):
        settings.remove(rsids)
    tab = settings.find(qn("w:defaultTabStop"))
    if tab is not None:
        tab.set(qn("w:val"), "709")
        # German text set justified needs hyphenation; Word and LibreOffice both honour this
        tab.addnext(el("w:autoHyphenation"))
    separator = settings.find(qn("w:listSeparator"))
    if separator is not None:
        separator.set(qn("w:val"), ";")
    decimal = settings.find(qn("w:decimalSymbol"))
    if decimal is not None:
        decimal.set(qn("w:val"), ",")
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "de-DE")


def _page_setup(document) -> None:
    section = document.sections[0]
    section.page_width = Cm(21.0)
    section.page_height = Cm(29.7)
    section.left_margin = Cm(2.5)
    section.right_margin = Cm(2.0)
    section.top_margin = Cm(2.5)
    section.bottom_margin = Cm(2.0)
    section.header_distance = Cm(1.2)
    section.footer_distance = Cm(1.0)
    sect_pr = section._sectPr
    for attr in ("w:rsidR", "w:rsidRPr", "w:rsidSect"):
        sect_pr.attrib.pop(qn(attr), None)


SPECIMEN = [
    (S.TITLE, "Kooperationsvertrag"),
    (S.SUBTITLE, "Formatvorlagen für Entwürfe aus Kooperation"),
    (
        S.DRAFT_NOTICE,
        "ENTWURF – Diese Datei enthält nur die Formatvorlagen. Ändern Sie die Vorlagen (nicht den Text) und speichern Sie die Datei als eigene Referenz.",
    ),
    (S.META, "Projekt · Version 1 · erstellt am 01.01.2024"),
    (S.PARTIES, "zwischen"),
    (S.TOC_TITLE, "Inhaltsverzeichnis"),
    (S.SECTION, "Abschnitt: Grundlagen"),
    (S.CLAUSE, "§ 1 Überschrift eines Paragrafen"),
    (
        S.NUMBERED,
        "(1)\tNummerierter Absatz mit hängendem Einzug. Die Partner arbeiten vertrauensvoll zusammen und informieren einander rechtzeitig über alle wesentlichen Umstände.",
    ),
    (S.TEXT, "Absatz ohne Nummer, Blocksatz mit Silbentrennung."),
    (S.BULLET, "Aufzählungspunkt"),
    (S.ORDERED, "Buchstabenaufzählung"),
    (S.OPEN_NOTE, "Offener Punkt: Darüber müssen sich die Partner noch verständigen."),
    (S.INFO_NOTE, "Hinweis: ein hervorgehobener Kasten."),
    (S.LEAD, "Einleitender Absatz."),
    (S.SMALL, "Kleiner Text."),
    (S.CENTER, "Zentrierter Text."),
    (S.SUBHEADING, "Zwischenüberschrift"),
    (S.CAPTION, "Beschriftung einer Tabelle"),
    (S.SIGNATURE_LINE, "Ort, Datum"),
    (S.SIGNATURE, "Name des Partners"),
    (S.ANNEX, "Anlage 1 – Überschrift einer Anlage"),
]


def _specimen(document) -> None:
    for style, text in SPECIMEN:
        paragraph = document.add_paragraph(text, style=style)
        if style == S.TEXT:
            paragraph.add_run(" Ein ")
            paragraph.add_run("[offen: Wert]", style=S.OPEN_MARK)
            paragraph.add_run(" ist gelb markiert, ein Verweis auf ")
            paragraph.add_run("§ 1", style=S.REFERENCE)
            paragraph.add_run(" nutzt die Zeichenvorlage „Kooperation Verweis“.")
    table = document.add_table(rows=2, cols=3, style=S.TABLE)
    for i, text in enumerate(("Spalte", "Tabellenkopf", "wiederholt")):
        table.rows[0].cells[i].paragraphs[0].text = text
        table.rows[0].cells[i].paragraphs[0].style = document.styles[S.TABLE_HEAD]
    for i, text in enumerate(("Zelle", "Tabellentext", "Kooperation Tabelle")):
        table.rows[1].cells[i].paragraphs[0].text = text
        table.rows[1].cells[i].paragraphs[0].style = document.styles[S.TABLE_TEXT]


def _properties(document) -> None:
    props = document.core_properties
    props.title = "Kooperation – Formatvorlagen"
    props.subject = "Referenzdokument für DOCX-Entwürfe"
    props.author = "Kooperation"
    props.last_modified_by = "Kooperation"
    props.keywords = "Kooperation; Formatvorlagen"
    props.comments = "Erzeugt mit scripts/make_reference_docx.py"
    props.category = "Vorlage"
    props.language = "de-DE"
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME


def _prune(document) -> None:
    """Drop what a style sheet does not need and every render would parse again: the python-docx
    template's thumbnail, its Word 2010 ``stylesWithEffects`` copy and its hundred built-in
    table styles (Word brings its own back when a user picks one)."""
    rels = document.part.package.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            rels.pop(r_id)
    doc_rels = document.part.rels
    for r_id, rel in list(doc_rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc_rels.pop(r_id)
    keep = {"TableNormal", "TableGrid", S.STYLE_IDS[S.TABLE]}
    styles = document.styles.element
    for style in list(styles.iterchildren(qn("w:style"))):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in keep:
            styles.remove(style)


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    data = build(output)
    print(f"{output} ({len(data)} Bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
