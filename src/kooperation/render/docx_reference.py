"""Opening the reference document whose styles a generated DOCX uses.

python-docx is imported where a document is opened, not with this module: the window imports
this module for `REFERENCE_DOCX` long before (if ever) a DOCX is made, and python-docx with its
hundred modules costs the window 4 MiB of memory (issue 12).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import kooperation.templates
from kooperation.errors import RenderError
from kooperation.i18n import _

REFERENCE_DOCX = Path(kooperation.templates.__file__).resolve().parent / "reference.docx"
DEFAULT_TEXT_WIDTH = 9355  # twips: A4 with 2.5 cm + 2.0 cm margins
_DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOTX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def load_reference(path: Path):
    """The reference document at ``path``, opened (a .dotx is accepted as well); every problem
    with the file is a :class:`RenderError` with a message for the user."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise RenderError(
            _("Die Formatvorlage {path} wurde nicht gefunden.").format(path=path)
        ) from exc
    except IsADirectoryError as exc:
        raise RenderError(
            _("Die Formatvorlage {path} ist keine gültige DOCX-Datei.").format(path=path)
        ) from exc
    except OSError as exc:
        raise RenderError(
            _("Die Formatvorlage {path} kann nicht gelesen werden ({reason}).").format(
                path=path, reason=exc.strerror
            )
        ) from exc
    import docx  # see the module's docstring

    try:
        return docx.Document(io.BytesIO(as_docx_package(data)))
    except Exception as exc:  # BadZipFile, KeyError, ValueError, XMLSyntaxError ...
        raise RenderError(
            _("Die Formatvorlage {path} ist keine gültige DOCX-Datei.").format(path=path)
        ) from exc


def as_docx_package(data: bytes) -> bytes:
    """A Word template (.dotx) differs from a document only in one content type; accept it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            types = package.read("[Content_Types].xml")
            if _DOTX_CT.encode() not in types:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for info in package.infolist():
                    blob = package.read(info.filename)
                    if info.filename == "[Content_Types].xml":
                        blob = blob.replace(_DOTX_CT.encode(), _DOCX_CT.encode())
                    target.writestr(info, blob)
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError):
        return data  # let python-docx give its verdict


def text_width(sect_pr) -> int:
    """The width between the margins, in twips."""
    from docx.oxml.ns import qn  # see the module's docstring

    pg_sz = sect_pr.find(qn("w:pgSz"))
    pg_mar = sect_pr.find(qn("w:pgMar"))
    try:
        width = int(pg_sz.get(qn("w:w")))
        left = int(pg_mar.get(qn("w:left")))
        right = int(pg_mar.get(qn("w:right")))
    except (AttributeError, TypeError, ValueError):
        return DEFAULT_TEXT_WIDTH
    usable = width - left - right
    return usable if usable > 1440 else DEFAULT_TEXT_WIDTH


def body_font(document) -> str:
    """The font of body text in the reference, for the watermark."""
    from docx.oxml.ns import qn  # see the module's docstring

    styles = document.styles.element
    for path in (
        f"{qn('w:style')}[@{qn('w:styleId')}='Normal']/{qn('w:rPr')}/{qn('w:rFonts')}",
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}",
    ):
        rfonts = styles.find(path)
        if rfonts is not None and rfonts.get(qn("w:ascii")):
            return rfonts.get(qn("w:ascii"))
    return "Cambria"
