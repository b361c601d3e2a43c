"""The fonts the documents are set in (bundled DejaVu), made known to Qt.

The live preview names them in its style sheet, so it wraps its lines with the metrics of a
font that is really there, on every system, and looks like the PDF. Registering is cheap after
the first call.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase

from kooperation.resources import resource_path

log = logging.getLogger(__name__)

FILES = (
    "DejaVuSerif.ttf",
    "DejaVuSerif-Bold.ttf",
    "DejaVuSerif-Italic.ttf",
    "DejaVuSerif-BoldItalic.ttf",
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
)
_families: set[str] | None = None


def register_document_fonts() -> set[str]:
    """Add the bundled DejaVu faces to Qt's font database once; returns their families."""
    global _families
    if _families is not None:
        return _families
    families: set[str] = set()
    for name in FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        if font_id < 0:  # a damaged installation: the preview falls back to the system font
            log.warning("font %s could not be registered", name)
            continue
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    _families = families
    return families
