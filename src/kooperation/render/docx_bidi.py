"""Right-to-left text in the DOCX: Hebrew and Arabic runs marked so Word and LibreOffice lay them
out right to left with a font that has the letters.

Word shapes Arabic and orders right-to-left text itself, but only for runs marked as complex
script: :func:`mark_rtl_runs` cuts every run whose text contains Hebrew or Arabic letters into
pieces, and gives each right-to-left piece (the letters and the spaces, digits and punctuation
between them) ``w:rtl`` and ``w:cs`` with the complex-script font ``w:rFonts/@w:cs`` (bold and
italic carried over as ``w:bCs``/``w:iCs``). Everything else stays exactly as written.
"""

from __future__ import annotations

import copy
import re
import unicodedata

from docx.oxml.ns import qn

from kooperation.render.docx_fonts import story_parts
from kooperation.render.docx_oxml import new_element as OxmlElement  # the same, faster

CS_FONT = "Arial"  # has Hebrew and Arabic on Windows and macOS; LibreOffice substitutes
_RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# rPr children that must come after w:rtl/w:cs in the schema's order
_AFTER_CS = {qn("w:em"), qn("w:lang"), qn("w:eastAsianLayout"), qn("w:specVanish"), qn("w:oMath")}


def rtl_pieces(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into (right_to_left, text) pieces: a right-to-left piece runs from the first
    to the last Hebrew/Arabic letter of a stretch with no left-to-right letter in between."""
    out: list[tuple[bool, str]] = []
    position = 0
    for match in _stretches(text):
        start, end = match
        if start > position:
            out.append((False, text[position:start]))
        out.append((True, text[start:end]))
        position = end
    if position < len(text):
        out.append((False, text[position:]))
    return out


def _stretches(text: str):
    start = last = None
    for i, char in enumerate(text):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            start = i if start is None else start
            last = i
        elif kind == "L" and start is not None:
            yield start, last + 1
            start = last = None
    if start is not None:
        yield start, last + 1


def mark_rtl_runs(root) -> None:
    """Mark (and cut where needed) the runs below ``root`` that hold right-to-left text."""
    texts = "".join(t.text or "" for t in root.iter(qn("w:t")))
    if not _RTL_LETTER.search(texts):  # the common case: one search instead of one per run
        return
    for run in list(root.iter(qn("w:r"))):
        texts = run.findall(qn("w:t"))
        if not any(_RTL_LETTER.search(t.text or "") for t in texts):
            continue
        _split_run(run)


def _split_run(run) -> None:
    rpr = run.find(qn("w:rPr"))
    content = [child for child in run if child is not rpr]
    pieces: list[tuple[bool, list]] = []  # (rtl, elements)
    for child in content:
        if child.tag != qn("w:t") or not _RTL_LETTER.search(child.text or ""):
            _add(pieces, False, child)
            continue
        for rtl, text in rtl_pieces(child.text or ""):
            t = OxmlElement("w:t")
            t.text = text
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            _add(pieces, rtl, t)
    parent = run.getparent()
    index = parent.index(run)
    parent.remove(run)
    for offset, (rtl, elements) in enumerate(pieces):
        new = OxmlElement("w:r")
        props = copy.deepcopy(rpr) if rpr is not None else None
        if rtl:
            props = _complex_script(props)
        if props is not None:
            new.append(props)
        for element in elements:
            new.append(element)
        parent.insert(index + offset, new)


def _add(pieces: list[tuple[bool, list]], rtl: bool, element) -> None:
    if pieces and pieces[-1][0] == rtl:
        pieces[-1][1].append(element)
    else:
        pieces.append((rtl, [element]))


def _complex_script(rpr):
    rpr = rpr if rpr is not None else OxmlElement("w:rPr")
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        style = rpr.find(qn("w:rStyle"))
        rpr.insert(0 if style is None else rpr.index(style) + 1, fonts)
    fonts.set(qn("w:cs"), CS_FONT)
    for plain, complex_ in (("w:b", "w:bCs"), ("w:i", "w:iCs")):
        element = rpr.find(qn(plain))
        if element is not None and rpr.find(qn(complex_)) is None:
            element.addnext(OxmlElement(complex_))
    later = next((c for c in rpr if c.tag in _AFTER_CS), None)
    for name in ("w:rtl", "w:cs"):
        mark = OxmlElement(name)
        if later is not None:
            later.addprevious(mark)
        else:
            rpr.append(mark)
    return rpr


def mark_rtl_document(document, parts: list | None = None) -> None:
    """:func:`mark_rtl_runs` on the body and every header and footer of a python-docx
    document (``parts``: those elements, `docx_fonts.story_parts`, if the caller has them)."""
    for part in story_parts(document) if parts is None else parts:
        mark_rtl_runs(part)
