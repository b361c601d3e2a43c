"""The PDF follows a firm's reference.docx where it can: its text font and heading colour.

With the built-in reference the PDF keeps its bundled DejaVu faces and colours. With a firm's
reference.docx (see `kooperation.drafting.overlay`):

- the **text font** is the font of the style "Kooperation Text" (else "Normal", else the
  document default). Its TrueType files are looked for in the firm's ``fonts/`` folder and the
  system's font folders, by the family name inside each file. A font that is not there, has
  PostScript (CFF) outlines or forbids embedding cannot go into the PDF: the bundled DejaVu
  Serif is used and a notice says why. Missing bold/italic faces fall back to the regular one;
  characters the font lacks fall back per character to DejaVu Sans (see `pdf_text`).
- the **heading font** is the font of "Kooperation Überschrift Abschnitt" (else "Heading 1")
  when it can be embedded too, else the text font's bold face.
- the **heading colour** is that style's font colour (a theme colour without an RGB value is
  not resolved: the built-in accent stays).

Not followed: sizes, spacing, page size and margins, table styles (the PDF keeps its layout).
"""

from __future__ import annotations

import hashlib
import os
import struct
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kooperation.drafting.overlay import effective_reference, font_folders
from kooperation.i18n import _
from kooperation.render.docx_reference import REFERENCE_DOCX, load_reference

from .pdf_fonts import SANS_BOLD, SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, register_fonts

TEXT_STYLES = ("Kooperation Text", "Normal")
HEADING_STYLES = ("Kooperation Überschrift Abschnitt", "Heading 1")
ACCENT = colors.HexColor("#1F3A5F")


@dataclass(frozen=True)
class PdfTheme:
    serif: str = SERIF
    serif_bold: str = SERIF_BOLD
    serif_italic: str = SERIF_ITALIC
    serif_bold_italic: str = SERIF_BOLD_ITALIC
    heading: str = SANS_BOLD
    accent: colors.Color = ACCENT
    notices: tuple[str, ...] = ()


DEFAULT_THEME = PdfTheme()


# --- reading the reference ----------------------------------------------------------------------


def _style(document, names: tuple[str, ...]):
    for name in names:
        try:
            return document.styles[name]
        except KeyError:
            continue
    return None


def _font_name(style) -> str | None:
    while style is not None:
        if style.font.name:
            return style.font.name
        style = style.base_style
    return None


def _colour(style) -> colors.Color | None:
    while style is not None:
        try:
            rgb = style.font.color.rgb
        except (AttributeError, ValueError):
            rgb = None
        if rgb is not None:
            return colors.HexColor(f"#{rgb}")
        style = style.base_style
    return None


# --- finding font files -----------------------------------------------------------------------


def system_font_folders() -> list[Path]:
    home = Path.home()
    if sys.platform.startswith("win"):
        folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
        if os.environ.get("LOCALAPPDATA"):
            folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        folders = [Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library" / "Fonts"]
    else:
        folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts", home / ".fonts"]
    return [f for f in folders if f.is_dir()]


def font_names(path: Path) -> list[tuple[str, str]]:
    """(family, subfamily) pairs from a TrueType file's name table: the legacy family (what Word
    shows, e.g. "DejaVu Sans Condensed") and the typographic one ("DejaVu Sans")."""
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
            if len(head) < 12 or head[:4] not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
                return []
            (count,) = struct.unpack(">H", head[4:6])
            tables = {}
            for _i in range(count):
                tag, _sum, offset, length = struct.unpack(">4sIII", fh.read(16))
                tables[tag] = (offset, length)
            if b"name" not in tables:
                return []
            offset, length = tables[b"name"]
            fh.seek(offset)
            data = fh.read(length)
    except (OSError, struct.error):
        return []
    try:
        _fmt, records, strings = struct.unpack(">HHH", data[:6])
        found: dict[int, str] = {}
        for i in range(records):
            platform, encoding, _lang, name_id, size, start = struct.unpack(">HHHHHH", data[6 + 12 * i: 18 + 12 * i])
            if name_id not in (1, 2, 16, 17) or name_id in found:
                continue
            raw = data[strings + start: strings + start + size]
            if platform in (0, 3):
                found[name_id] = raw.decode("utf-16-be", "replace")
            elif platform == 1 and encoding == 0:
                found[name_id] = raw.decode("mac_roman", "replace")
    except struct.error:
        return []
    pairs = [(found[1], found.get(2) or "Regular")] if found.get(1) else []
    if found.get(16):
        pairs.append((found[16], found.get(17) or found.get(2) or "Regular"))
    return pairs


@lru_cache(maxsize=4)
def _font_index(folders: tuple[str, ...]) -> dict[str, dict[str, Path]]:
    """family (lower case) -> face ("regular", "bold", "italic", "bold_italic") -> file."""
    index: dict[str, dict[str, Path]] = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix.lower() not in (".ttf", ".otf") or not path.is_file():
                continue
            for family, sub in font_names(path):
                sub = sub.lower()
                bold = "bold" in sub
                italic = "italic" in sub or "oblique" in sub
                if not (bold or italic) and sub not in ("regular", "book", "normal", "roman"):
                    continue  # "Light", "Condensed" …: not one of this family's four faces
                face = "bold_italic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
                index.setdefault(family.lower(), {}).setdefault(face, path)
    return index


def _register(family: str, faces: dict[str, Path]) -> tuple[dict[str, str], str | None]:
    """Register the faces of ``family``; returns face -> registered name and a problem text."""
    key = hashlib.sha1(family.encode()).hexdigest()[:8]
    registered: dict[str, str] = {}
    for face, path in faces.items():
        name = f"Ref{key}-{face}"
        try:
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(path)))
            registered[face] = name
        except Exception as exc:  # noqa: BLE001 - CFF outlines, no embedding right, damaged file
            if face == "regular":
                return {}, str(exc)
    return registered, None


def _family(name: str, folders: tuple[str, ...]) -> tuple[dict[str, str], str | None]:
    faces = _font_index(folders).get(name.lower())
    if not faces or "regular" not in faces:
        return {}, _("Die Schrift „{font}“ der Formatvorlage ist auf diesem Rechner nicht als TrueType-Datei vorhanden (auch nicht im Ordner fonts der eigenen Vorlagen).").format(font=name)
    registered, problem = _register(name, faces)
    if problem:
        return {}, _("Die Schrift „{font}“ der Formatvorlage lässt sich nicht in ein PDF einbetten ({error}).").format(font=name, error=problem)
    return registered, None


@lru_cache(maxsize=4)
def _theme(path: str, stamp: tuple, folders: tuple[str, ...]) -> PdfTheme:
    register_fonts()
    try:
        document = load_reference(Path(path))
    except Exception:  # noqa: BLE001 - effective_reference checked it; a race leaves the default
        return DEFAULT_THEME
    notices: list[str] = []
    text_font = _font_name(_style(document, TEXT_STYLES))
    heading_style = _style(document, HEADING_STYLES)
    accent = _colour(heading_style) or ACCENT
    faces: dict[str, str] = {}
    if text_font:
        faces, problem = _family(text_font, folders)
        if problem:
            notices.append(problem + " " + _("Das PDF verwendet dafür DejaVu Serif."))
    serif = faces.get("regular", SERIF)
    bold = faces.get("bold", serif if faces else SERIF_BOLD)
    italic = faces.get("italic", serif if faces else SERIF_ITALIC)
    bold_italic = faces.get("bold_italic", bold if faces else SERIF_BOLD_ITALIC)
    if faces:
        addMapping(serif, 0, 0, serif)
        addMapping(serif, 1, 0, bold)
        addMapping(serif, 0, 1, italic)
        addMapping(serif, 1, 1, bold_italic)
    heading = bold if faces else SANS_BOLD
    heading_font = _font_name(heading_style)
    if heading_font and heading_font != text_font:
        heading_faces, _problem = _family(heading_font, folders)
        heading = heading_faces.get("bold", heading_faces.get("regular", heading))
    return PdfTheme(serif, bold, italic, bold_italic, heading, accent, tuple(notices))


def current_theme() -> PdfTheme:
    """The theme of the reference.docx in effect (the default with the built-in one)."""
    path, _notices = effective_reference()
    if path == REFERENCE_DOCX:
        return DEFAULT_THEME
    try:
        stat = path.stat()
    except OSError:
        return DEFAULT_THEME
    folders = tuple(str(f) for f in [*font_folders(), *system_font_folders()])
    return _theme(str(path), (stat.st_mtime_ns, stat.st_size), folders)
