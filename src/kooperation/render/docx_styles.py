"""The style names the DOCX renderer uses, and how it finds them in a reference document.

The reference document (``templates/reference.docx``, made by ``scripts/make_reference_docx.py``)
defines every style below. A firm may replace it with its own .docx; the renderer then looks
each style up by its name and, where the firm's file lacks one, falls back along the chain
given here to a built-in Word style (and finally to the document default). Names, not ids,
are the contract: Word keeps a style's name when it is edited, and shows it in the style
gallery.
"""

from __future__ import annotations

from dataclasses import dataclass

# paragraph styles
TITLE = "Kooperation Titel"
SUBTITLE = "Kooperation Untertitel"
DRAFT_NOTICE = "Kooperation Entwurfshinweis"
META = "Kooperation Metadaten"
PARTIES = "Kooperation Rubrum"
TOC_TITLE = "Kooperation Verzeichnis"
SECTION = "Kooperation Überschrift Abschnitt"
CLAUSE = "Kooperation Überschrift Paragraf"
ANNEX = "Kooperation Überschrift Anlage"
SUBHEADING = "Kooperation Zwischenüberschrift"
TEXT = "Kooperation Text"
NUMBERED = "Kooperation Absatz"
LEAD = "Kooperation Einleitung"
SMALL = "Kooperation Klein"
CENTER = "Kooperation Zentriert"
BULLET = "Kooperation Aufzählung"
ORDERED = "Kooperation Aufzählung nummeriert"
OPEN_NOTE = "Kooperation Offener Punkt"
INFO_NOTE = "Kooperation Hinweis"
CAPTION = "Kooperation Beschriftung"
TABLE_TEXT = "Kooperation Tabellentext"
TABLE_HEAD = "Kooperation Tabellenkopf"
SIGNATURE = "Kooperation Unterschrift"
SIGNATURE_LINE = "Kooperation Unterschriftslinie"
# character styles
OPEN_MARK = "Kooperation Offen"
REFERENCE = "Kooperation Verweis"
# table style
TABLE = "Kooperation Tabelle"

# ASCII style ids for the reference document (Word would otherwise derive ids from the names
# and drop the umlauts).
STYLE_IDS = {
    TITLE: "KoopTitel",
    SUBTITLE: "KoopUntertitel",
    DRAFT_NOTICE: "KoopEntwurfshinweis",
    META: "KoopMetadaten",
    PARTIES: "KoopRubrum",
    TOC_TITLE: "KoopVerzeichnis",
    SECTION: "KoopUeberschriftAbschnitt",
    CLAUSE: "KoopUeberschriftParagraf",
    ANNEX: "KoopUeberschriftAnlage",
    SUBHEADING: "KoopZwischenueberschrift",
    TEXT: "KoopText",
    NUMBERED: "KoopAbsatz",
    LEAD: "KoopEinleitung",
    SMALL: "KoopKlein",
    CENTER: "KoopZentriert",
    BULLET: "KoopAufzaehlung",
    ORDERED: "KoopAufzaehlungNummeriert",
    OPEN_NOTE: "KoopOffenerPunkt",
    INFO_NOTE: "KoopHinweis",
    CAPTION: "KoopBeschriftung",
    TABLE_TEXT: "KoopTabellentext",
    TABLE_HEAD: "KoopTabellenkopf",
    SIGNATURE: "KoopUnterschrift",
    SIGNATURE_LINE: "KoopUnterschriftslinie",
    OPEN_MARK: "KoopOffen",
    REFERENCE: "KoopVerweis",
    TABLE: "KoopTabelle",
}

# Where a replaced reference lacks a style: the next name in the chain that it has. Built-in
# names are the ones stored in the file (Word shows them translated, e.g. "Überschrift 2").
FALLBACKS: dict[str, tuple[str, ...]] = {
    TITLE: ("Title",),
    SUBTITLE: ("Subtitle",),
    DRAFT_NOTICE: (INFO_NOTE, "Intense Quote"),
    META: ("Subtitle",),
    PARTIES: (),
    TOC_TITLE: ("TOC Heading",),
    SECTION: ("heading 1",),
    CLAUSE: ("heading 2",),
    ANNEX: ("heading 1",),
    SUBHEADING: ("heading 3",),
    TEXT: ("Body Text",),
    NUMBERED: (TEXT, "Body Text"),
    LEAD: (TEXT, "Body Text"),
    SMALL: (TEXT, "Body Text"),
    CENTER: (TEXT, "Body Text"),
    BULLET: ("List Paragraph",),
    ORDERED: ("List Paragraph",),
    OPEN_NOTE: (INFO_NOTE, "Intense Quote"),
    INFO_NOTE: ("Quote",),
    CAPTION: ("caption",),
    TABLE_TEXT: (),
    TABLE_HEAD: (TABLE_TEXT,),
    SIGNATURE: (),
    SIGNATURE_LINE: (SIGNATURE,),
    "toc 1": (),
    "toc 2": (),
    "header": (),
    "footer": (),
    OPEN_MARK: (),
    REFERENCE: (),
    TABLE: ("Table Grid",),
}


@dataclass(frozen=True)
class ResolvedStyle:
    """The style id to write (None: the document default) and whether it is the wanted style
    itself (False: a fallback, so the renderer adds the essential formatting directly)."""

    style_id: str | None
    exact: bool


class StyleResolver:
    """Looks styles up by name in one styles part, once; then answers from a dictionary."""

    def __init__(self, styles_element) -> None:
        from docx.oxml.ns import qn

        self._ids: dict[tuple[str, str], str] = {}
        self._by_id: dict[str, object] = {}
        for style in styles_element.iterchildren(qn("w:style")):
            style_type = style.get(qn("w:type"), "paragraph")
            style_id = style.get(qn("w:styleId"))
            name_el = style.find(qn("w:name"))
            if not style_id:
                continue
            self._by_id[style_id] = style
            name = name_el.get(qn("w:val")) if name_el is not None else style_id
            self._ids.setdefault((style_type, name.casefold()), style_id)
        self._cache: dict[tuple[str, str], ResolvedStyle] = {}

    def has(self, name: str, style_type: str = "paragraph") -> bool:
        return (style_type, name.casefold()) in self._ids

    def element(self, style_id: str):
        return self._by_id.get(style_id)

    def resolve(self, name: str, style_type: str = "paragraph") -> ResolvedStyle:
        key = (style_type, name)
        found = self._cache.get(key)
        if found is None:
            found = ResolvedStyle(None, False)
            for i, candidate in enumerate((name, *FALLBACKS.get(name, ()))):
                style_id = self._ids.get((style_type, candidate.casefold()))
                if style_id:
                    found = ResolvedStyle(style_id, i == 0)
                    break
            self._cache[key] = found
        return found

    def paragraph(self, name: str) -> ResolvedStyle:
        return self.resolve(name, "paragraph")

    def character(self, name: str) -> ResolvedStyle:
        return self.resolve(name, "character")

    def table(self, name: str) -> ResolvedStyle:
        return self.resolve(name, "table")
