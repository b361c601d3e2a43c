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
import io
import uuid
from functools import lru_cache

from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn

from kooperation.render.docx_oxml import el
from kooperation.resources import resource_path

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
