"""The DejaVu fonts the PDF embeds, registered with reportlab once per process.

The built-in PDF fonts know only Latin-1, so a partner called „Łódź Łączność“ would lose its
letters; DejaVu covers Latin, Greek and Cyrillic (DejaVu Sans also Hebrew and Arabic), Noto Emoji the
emoji (fallback per character: :mod:`.pdf_text`), and reportlab embeds the used glyphs as a
TrueType subset (``FontFile2``), so the PDF looks the same on every machine.
"""

from __future__ import annotations

import threading

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from kooperation.errors import RenderError
from kooperation.i18n import _
from kooperation.resources import resource_path

SERIF = "DejaVuSerif"
SERIF_BOLD = "DejaVuSerif-Bold"
SERIF_ITALIC = "DejaVuSerif-Italic"
SERIF_BOLD_ITALIC = "DejaVuSerif-BoldItalic"
SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
EMOJI = "NotoEmoji"  # monochrome outlines: the last fallback (see pdf_text)

_FILES = {
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
    SERIF_ITALIC: "DejaVuSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "DejaVuSerif-BoldItalic.ttf",
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    EMOJI: "NotoEmoji-Regular.ttf",
}

def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map, with characters beyond U+FFFF (emoji) written as UTF-16
    surrogate pairs as the PDF standard wants; reportlab writes ``<1F600>``, which readers take
    for U+1F60 (copying "😀" out of the PDF gave "ὠ")."""
    text = _original_cmap(fontname, [v if v <= 0xFFFF else 0xFFFD for v in subset])
    for index, code in enumerate(subset):
        if 0xFFFF < code <= 0x10FFFF:
            pair = chr(code).encode("utf-16-be").hex().upper()
            text = text.replace(f"<{index:02X}> <FFFD>", f"<{index:02X}> <{pair}>", 1)
    return text


_original_cmap = ttfonts.makeToUnicodeCMap
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the DejaVu faces and their bold/italic mapping, and set reportlab up for our
    PDFs (binary streams); cheap after the first call."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        try:
            for name, filename in _FILES.items():
                path = resource_path("fonts", filename)
                pdfmetrics.registerFont(TTFont(name, str(path)))
        except Exception as exc:  # a missing or damaged font file in the installation
            raise RenderError(
                _(
                    "Die Schriftarten für das PDF konnten nicht geladen werden ({error}). "
                    "Bitte installieren Sie Kooperation neu."
                ).format(error=exc)
            ) from exc
        # Streams binary, not ASCII85-encoded (reportlab's default): a quarter smaller in the
        # file and in the store, and read by every PDF reader since PDF 1.0.
        rl_config.useA85 = 0
        if ttfonts.makeToUnicodeCMap is _original_cmap:
            ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        # <b> and <i> inside a paragraph pick the matching face of the family.
        addMapping(SERIF, 0, 0, SERIF)
        addMapping(SERIF, 1, 0, SERIF_BOLD)
        addMapping(SERIF, 0, 1, SERIF_ITALIC)
        addMapping(SERIF, 1, 1, SERIF_BOLD_ITALIC)
        # DejaVu Sans ships no italic here: italic sans text falls back to the upright face.
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS)
        addMapping(SANS, 1, 1, SANS_BOLD)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(EMOJI, bold, italic, EMOJI)
        _registered = True
