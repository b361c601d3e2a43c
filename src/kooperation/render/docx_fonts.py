"""Document settings of a generated DOCX: fields updated on opening, the body font embedded.

* :func:`update_fields_on_open` sets ``w:updateFields``: Word then updates every field when
  the file is opened (after asking), so the page numbers of the contents and the "§ n" of the
  cross-references are filled in by Word itself.
* :func:`embed_fonts` embeds the TrueType faces the document is set in (the DejaVu Serif the
  PDF uses too) as Word's obfuscated embedded fonts (ECMA-376 Part 1, 17.8.1: the first 32
  bytes XOR-ed with the font key), listed in the font table with ``w:embedRegular`` and the
  other faces, and ``w:embedTrueTypeFonts`` in the settings. Word and LibreOffice then lay the
  text out with the same font on every machine, so the column widths computed from that font's
  metrics (:mod:`.docx_tables`) hold. The fonts are subset to the characters a German or
  European text needs plus every character of the document, so the file stays small
  (``w:saveSubsetFonts``).
"""

from __future__ import annotations

import hashlib
import uuid
from functools import lru_cache

from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from kooperation.render.docx_oxml import el

# CT_Settings is a sequence: these come after updateFields, everything else before it
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
    "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
    "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip
# ... and these come after embedTrueTypeFonts/saveSubsetFonts
_AFTER_EMBED = (
    "w:saveFormsData", "w:mirrorMargins", "w:alignBordersAndEdges",
    "w:bordersDoNotSurroundHeader", "w:bordersDoNotSurroundFooter", "w:gutterAtTop",
    "w:hideSpellingErrors", "w:hideGrammaticalErrors", "w:activeWritingStyle", "w:proofState",
    "w:formsDesign", "w:attachedTemplate", "w:linkStyles", "w:stylePaneFormatFilter",
    "w:stylePaneSortMethod", "w:documentType", "w:mailMerge", "w:revisionView",
    "w:trackRevisions", "w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection",
    "w:autoFormatOverride", "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop",
    "w:autoHyphenation", "w:consecutiveHyphenLimit", "w:hyphenationZone",
    "w:doNotHyphenateCaps", "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle",
    "w:defaultTableStyle", "w:evenAndOddHeaders", "w:bookFoldRevPrinting",
    "w:bookFoldPrinting", "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery", "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin", "w:doNotShadeFormData",
    "w:noPunctuationKerning", "w:characterSpacingControl", "w:printTwoOnOne",
    "w:strictFirstAndLastChars", "w:noLineBreaksAfter", "w:noLineBreaksBefore",
    "w:savePreviewPicture", "w:doNotValidateAgainstSchema", "w:saveInvalidXml",
    "w:ignoreMixedContent", "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace", "w:updateFields", *_AFTER_UPDATE_FIELDS,
)  # fmt: skip
_SL = "http://schemas.openxmlformats.org/schemaLibrary/2006/main"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def _tag(name: str) -> str:
    prefix, local = name.split(":")
    if prefix == "sl":
        return f"{{{_SL}}}{local}"
    if prefix == "m":
        return f"{{{_M}}}{local}"
    return qn(name)


def _insert_before(settings, element, later: tuple[str, ...]) -> None:
    """Put ``element`` into ``settings`` before the first child named in ``later``, replacing
    one of its own kind."""
    old = settings.find(element.tag)
    if old is not None:
        settings.remove(old)
    tags = {_tag(name) for name in later}
    for child in settings:
        if child.tag in tags:
            child.addprevious(element)
            return
    settings.append(element)


def update_fields_on_open(document) -> None:
    """``w:updateFields``: Word updates all fields (contents, references) on opening."""
    settings = document.settings.element
    _insert_before(settings, el("w:updateFields", {"w:val": "true"}), _AFTER_UPDATE_FIELDS)


# --- embedded fonts ---------------------------------------------------------------------------------

FONT_CT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
FONT_TABLE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# the faces we ship (resources/fonts), by family name as a document names it
FAMILIES: dict[str, dict[str, str]] = {
    "DejaVu Serif": {
        "embedRegular": "DejaVuSerif.ttf",
        "embedBold": "DejaVuSerif-Bold.ttf",
        "embedItalic": "DejaVuSerif-Italic.ttf",
        "embedBoldItalic": "DejaVuSerif-BoldItalic.ttf",
    },
    "DejaVu Sans": {"embedRegular": "DejaVuSans.ttf", "embedBold": "DejaVuSans-Bold.ttf"},
}
_FONT_ELEMENTS = ("w:altName", "w:panose1", "w:charset", "w:family", "w:notTrueType",
                  "w:pitch", "w:sig", "w:embedRegular", "w:embedBold", "w:embedItalic",
                  "w:embedBoldItalic")  # fmt: skip
# what a German or other European text may need, whatever this document says: Latin-1, Latin
# Extended-A, general punctuation (dashes, quotes, bullet, ellipsis), €, ™, arrows
BASE_CHARACTERS = frozenset(
    [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2040), 0x2044, 0x20AC,
     0x2116, 0x2122, *range(0x2190, 0x2195), 0x2212, 0x25CF, 0xFFFD]
)  # fmt: skip
_SETTINGS_AFTER_SUBSET = _AFTER_EMBED


def used_families(document) -> list[str]:
    """The families of ours that the document's styles name (document defaults included)."""
    names = set()
    for rfonts in document.styles.element.iter(qn("w:rFonts")):
        for attr in ("w:ascii", "w:hAnsi"):
            name = rfonts.get(qn(attr))
            if name in FAMILIES:
                names.add(name)
    return sorted(names)


def story_parts(document) -> list:
    """The elements that hold the document's text: the body and each header and footer of its
    own (one pass over the sections: python-docx searches the whole body for them each time)."""
    parts = [document.element.body]
    for section in document.sections:
        for item in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header, section.even_page_footer):  # fmt: skip
            if not item.is_linked_to_previous:
                parts.append(item._element)
    return parts


def document_characters(document, parts: list | None = None) -> frozenset[int]:
    """Every character of the body, headers and footers (what the embedded subset must hold);
    ``parts``: `story_parts` of the document, if the caller has them."""
    chars: set[str] = set()
    for part in story_parts(document) if parts is None else parts:
        chars.update("".join([t.text or "" for t in part.iter(qn("w:t"), qn("w:delText"))]))
    return frozenset(map(ord, chars))


def embed_fonts(document, parts: list | None = None) -> int:
    """Embed the faces of our font families the document uses (subset to
    :data:`BASE_CHARACTERS` and the document's own characters; ``parts`` as in
    `document_characters`); returns how many faces."""
    families = used_families(document)
    if not families:
        return 0
    font_table = document.part.part_related_by(FONT_TABLE_REL)
    root = etree.fromstring(font_table.blob)
    extra = frozenset(c for c in document_characters(document, parts) if c not in BASE_CHARACTERS)
    count = 0
    for family in families:
        font = _font_entry(root, family)
        for element_name, filename in FAMILIES[family].items():
            key = _font_key(filename)
            blob = obfuscate(subset_font(filename, extra), key)
            count += 1
            name = f"/word/fonts/{filename.rsplit('.', 1)[0].lower()}.odttf"
            part = Part(PackURI(name), FONT_CT, blob, document.part.package)
            r_id = font_table.relate_to(part, FONT_REL)
            embed = el(f"w:{element_name}", {"w:fontKey": key})
            embed.set(_R_ID, r_id)
            _insert_font_child(font, embed)
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    settings = document.settings.element
    _insert_before(settings, el("w:saveSubsetFonts"), _SETTINGS_AFTER_SUBSET)
    embed_flag = el("w:embedTrueTypeFonts")
    _insert_before(settings, embed_flag, ("w:embedSystemFonts", "w:saveSubsetFonts", *_AFTER_EMBED))
    return count


def _font_entry(root, family: str):
    """The ``w:font`` of ``family`` in the font table (made, as a serif or sans TrueType
    face, when missing); earlier embeddings removed."""
    for font in root.iterchildren(qn("w:font")):
        if font.get(qn("w:name")) == family:
            embeds = {qn(f"w:{name}") for name in _FONT_ELEMENTS if "embed" in name}
            for child in list(font):
                if child.tag in embeds:
                    font.remove(child)
            return font
    font = el(
        "w:font",
        {"w:name": family},
        el("w:charset", {"w:val": "00"}),
        el("w:family", {"w:val": "roman" if "Serif" in family else "swiss"}),
        el("w:pitch", {"w:val": "variable"}),
    )
    root.append(font)
    return font


def _insert_font_child(font, child) -> None:
    order = [qn(name) for name in _FONT_ELEMENTS]
    position = order.index(child.tag)
    later = set(order[position + 1 :])
    for sibling in font:
        if sibling.tag in later:
            sibling.addprevious(child)
            return
    font.append(child)


def _font_key(filename: str) -> str:
    """A fixed GUID per face (equal input, equal bytes), as Word writes it: ``{XXXXXXXX-…}``."""
    digest = hashlib.sha256(f"kooperation:{filename}".encode()).digest()[:16]
    return "{" + str(uuid.UUID(bytes=digest)).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """Word's font obfuscation (ECMA-376 Part 1, 17.8.1): the first 32 bytes XOR-ed with the
    16 bytes of the GUID ``key`` read backwards; applying it twice gives the font again."""
    digits = key.strip("{}").replace("-", "")
    xor = bytes.fromhex(digits)[::-1]
    head = bytes(b ^ xor[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


@lru_cache(maxsize=16)
def subset_font(filename: str, extra: frozenset[int] = frozenset()) -> bytes:
    """The bundled face ``filename`` cut down to :data:`BASE_CHARACTERS` and ``extra``
    (kerning and ligatures kept, names kept); the same bytes for the same input. Kept in this
    process (for the window's next draft) and on disk (for the next process): see
    :mod:`.font_subsets`."""
    from kooperation.render.font_subsets import font_subset

    return font_subset(filename, BASE_CHARACTERS | extra)
