"""Any name prints: right-to-left scripts, font fallback per character and long words in PDFs.

reportlab draws the glyphs of one font in the order of the string. Three things are added here:

* **Right to left** (:func:`visual`): a line with Hebrew or Arabic letters is put into display
  order with ``python-bidi`` (the Unicode bidirectional algorithm, base direction left to right:
  our documents are German), after ``arabic-reshaper`` has replaced Arabic letters by their
  contextual forms and ligatures (reportlab does not shape). Brackets inside a right-to-left run
  are mirrored. Limitation: a right-to-left run that wraps onto a second line keeps the order of
  its words across the two lines of the unwrapped text (names are short; a long Hebrew paragraph
  in a German contract is rare).
* **Font fallback** (:class:`Paragraph`, :func:`draw_string`): characters the paragraph's font
  has no glyph for are set in DejaVu Sans (Hebrew, Arabic, many symbols and some emoji; the
  serif body face has none of these), and what that lacks in Noto Emoji (monochrome outlines;
  colour emoji fonts do not work in a PDF text layer). This works on reportlab's text fragments
  after the markup was parsed, so user text never becomes markup, and bold stays bold.
* **Long words** (:func:`break_long_words`): a word longer than :data:`LONG_WORD` characters gets
  zero-width break opportunities every :data:`LONG_WORD` characters, so that it wraps in any
  column instead of overflowing a table cell or taking reportlab's slow path; nothing visible is
  added and copied text stays whole.

:func:`fit` shortens a one-line text to a width in logarithmic time (binary search on the
prefix), for running headers and the poster.
"""

from __future__ import annotations

import copy
import re
import unicodedata
import weakref
from functools import lru_cache

from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph as _RLParagraph
from reportlab.platypus import paragraph as _rl_paragraph
from reportlab.platypus.paragraph import textTransformFrags
from reportlab.platypus.paraparser import ParaParser

from kooperation.errors import RenderError
from kooperation.i18n import _

from .pdf_fonts import EMOJI, SANS, SANS_BOLD, register_fonts

ELLIPSIS = "…"
# One paragraph of a PDF holds at most this many characters (markup included): the longest
# text field (a description of 20,000 characters) fits, and laying out the longest allowed
# paragraph stays within seconds; a 200,000-character name is refused at once, not after a
# minute of line breaking.
MAX_PARAGRAPH = 40_000
LONG_WORD = 40  # characters between break opportunities in a word without spaces
ZWSP = "\u200b"
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]|[\U00010800-\U00010fff]")
_LONG = re.compile(rf"[^\s{ZWSP}]{{{LONG_WORD + 1},}}")
_PROBES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # style -> probes (_probe_frags)
_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\ufe0e\ufe0f")


# --- comparing text fragments -------------------------------------------------------------------

_FRAG_KEYS = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")
_MISSING = object()


def same_frag(f, g) -> int:
    """1 if text fragments ``f`` and ``g`` print alike (one run of a line), else 0: what
    ``_rl_accel.sameFrag`` answers, but without its cost.

    reportlab calls this for every word of a paragraph with more than one fragment (a
    reference link, bold text). The C version looks each attribute up with Python's generic
    attribute access and so raises and discards an AttributeError for every attribute a
    fragment lacks (most lack ``cbDefn``, ``lineBreak``, ``backColor``, ``nobr``): about 9 µs
    a call, a third of breaking those paragraphs into lines. Fragments keep their attributes
    in their ``__dict__`` (``ABag``), so this reads them from there, as reportlab's own
    pure-Python fallback does, but tells a missing attribute from one set to None, as the C
    version does. Installed into ``reportlab.platypus.paragraph`` below; test:
    ``tests/test_pdf_plain_paragraphs.py``."""
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "lineBreak" in fd or "cbDefn" in gd or "lineBreak" in gd:
        return 0
    for key in _FRAG_KEYS:
        if fd.get(key, _MISSING) != gd.get(key, _MISSING):
            return 0
    return 1


_rl_paragraph.sameFrag = same_frag


# --- right to left ------------------------------------------------------------------------------


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def visual(text: str) -> str:
    """``text`` (one or more lines) in display order for a left-to-right document; text without
    Hebrew or Arabic letters comes back unchanged."""
    if not has_rtl(text):
        return text
    return "\n".join(_visual_line(line) for line in text.split("\n"))


def _visual_line(line: str) -> str:
    if not has_rtl(line):
        return line
    import arabic_reshaper
    from bidi import get_display
    from bidi.mirror import MIRRORED

    shaped = arabic_reshaper.reshape(line)
    return get_display(_mirror_in_rtl(shaped, MIRRORED), base_dir="L")


def _mirror_in_rtl(line: str, mirrored: dict[str, str]) -> str:
    """Mirror brackets that stand between right-to-left letters (numbers count as such there):
    python-bidi reorders but does not mirror."""
    if not any(c in mirrored for c in line):
        return line
    kinds = [_strong(c) for c in line]
    before: list[str] = []
    last = "L"
    for kind in kinds:
        before.append(last)
        last = kind or last
    out = list(line)
    after = "L"
    for i in range(len(line) - 1, -1, -1):
        if line[i] in mirrored and before[i] == "R" and after == "R":
            out[i] = mirrored[line[i]]
        after = kinds[i] or after
    return "".join(out)


def _strong(char: str) -> str | None:
    kind = unicodedata.bidirectional(char)
    if kind in ("R", "AL", "EN", "AN"):
        return "R" if kind != "EN" else None
    return "L" if kind == "L" else None


# --- long words ---------------------------------------------------------------------------------


def break_long_words(text: str) -> str:
    """Zero-width spaces every :data:`LONG_WORD` characters in words longer than that."""
    if len(text) <= LONG_WORD:
        return text
    return _LONG.sub(_split_word, text)


def _split_word(match: re.Match[str]) -> str:
    word = match.group(0)
    return ZWSP.join(word[i : i + LONG_WORD] for i in range(0, len(word), LONG_WORD))


# --- font fallback ------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _cmap(font_name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    return frozenset(getattr(face, "charToGlyph", {}) or ())


def font_for(char: str, font_name: str) -> str:
    """The font that draws ``char``: ``font_name`` when it has the glyph, else DejaVu Sans in the
    same weight, else Noto Emoji, else ``font_name`` (which then shows its missing-glyph box)."""
    code = ord(char)
    if code in _cmap(font_name) or code < 0x20:
        return font_name
    sans = SANS_BOLD if "Bold" in font_name else SANS
    if code in _cmap(sans):
        return sans
    if code in _cmap(EMOJI):
        return EMOJI
    return font_name


def runs(text: str, font_name: str) -> list[tuple[str, str]]:
    """``text`` cut into (font, text) pieces by :func:`font_for`; characters no font has and that
    draw nothing anyway (zero-width joiners, variation selectors) are dropped."""
    register_fonts()
    cmap = _cmap(font_name)
    if cmap.issuperset(map(ord, text)):  # the common case: one piece (checked at C speed)
        return [(font_name, text)] if text else []
    out: list[tuple[str, str]] = []
    for char in text:
        font = font_for(char, font_name)
        if char in _INVISIBLE and ord(char) not in _cmap(font):
            continue
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + char)
        else:
            out.append((font, char))
    return out


def width(text: str, font_name: str, size: float) -> float:
    """The width of ``text`` drawn with fallback fonts."""
    return sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in runs(text, font_name))


def fit(text: str, font_name: str, size: float, room: float) -> str:
    """``text`` (in display order) shortened with "…" so that it fits ``room`` on one line.

    Binary search on the length of the prefix: a 200,000-character name costs some 20
    measurements, not 200,000."""
    if width(text, font_name, size) <= room:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if width(text[:middle] + ELLIPSIS, font_name, size) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


def draw_string(canv, x: float, y: float, text: str, font_name: str, size: float,
                anchor: str = "start", room: float | None = None) -> float:
    """Draw one line of user ``text`` at ``x`` (``anchor`` "start", "middle" or "end") in
    display order and with font fallback, shortened with "…" to ``room`` points if given; the
    canvas font is ``font_name`` afterwards. Returns the width drawn."""  # fmt: skip
    text = visual(text)
    if room is not None:
        text = fit(text, font_name, size, room)
    pieces = runs(text, font_name)
    total = sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in pieces)
    if anchor == "middle":
        x -= total / 2
    elif anchor == "end":
        x -= total
    for font, piece in pieces:
        canv.setFont(font, size)
        canv.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, font, size)
    canv.setFont(font_name, size)
    return total


class Paragraph(_RLParagraph):
    """reportlab's paragraph whose text fragments fall back to other fonts per character (see
    the module docstring). The markup is parsed as usual; only the parsed fragments are split."""

    def _setup(self, text, style, bulletText, frags, cleaner):  # noqa: D401 (reportlab's hook)
        register_fonts()
        if isinstance(text, str) and len(text) > MAX_PARAGRAPH:
            raise RenderError(
                _(
                    "Das PDF wird nicht erstellt: Ein Absatz ist mit {n} Zeichen zu lang (höchstens "
                    "{limit}). Bitte den Text kürzen: „{start}…“"
                ).format(
                    n=f"{len(text):,}".replace(",", "."),
                    limit=f"{MAX_PARAGRAPH:,}".replace(",", "."),
                    start=_plain_start(text),
                )
            )
        if frags is None and isinstance(text, str) and "<" not in text and "&" not in text:
            plain = cleaner(text)
            if plain:  # plain text: the one fragment the markup parser would make, unparsed
                frags = [_plain_frag(style, plain)]
                textTransformFrags(frags, style)
                text = plain
        super()._setup(text, style, bulletText, frags, cleaner)
        self.frags = _fallback_frags(self.frags)
        if getattr(self, "bulletText", None) and isinstance(self.bulletText, list):
            self.bulletText = _fallback_frags(self.bulletText)

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        """reportlab's ``wrap``, but the lines are broken only once per width.

        reportlab breaks a paragraph's lines on every ``wrap``, and a paragraph is wrapped
        again and again at the same width while the page is laid out (a frame tries it, a
        table measures its cells on each wrap and split, a kept-together group measures its
        parts). The result depends only on the width, the paragraph's fragments and its
        style; so the last wrap is kept on the paragraph itself and reused for the same width
        and the same style object. What invalidates it: another width (broken anew), another
        style object, or reportlab dropping the broken lines (``split`` deletes ``blPara``
        when the paragraph must move on). It lives as long as the paragraph, i.e. one build.
        Test: ``tests/test_pdf_wrap_once.py``.
        """
        last = getattr(self, "_last_wrap", None)
        if last is not None:
            width, style, lines, size = last
            if width == availWidth and style is self.style and getattr(self, "blPara", None) is lines:
                self.width, self.height = size
                return size
        size = super().wrap(availWidth, availHeight)
        self._last_wrap = (availWidth, self.style, getattr(self, "blPara", None), size)
        return size


# the kinds of text run a paragraph is made of (see ``run_frags``), and the markup that makes
# one fragment of each when parsed, in this order
RUN_KINDS = ("", "b", "i", "bi", "a", "onDraw")
_PROBE_MARKUP = 'x<b>x</b><i>x</i><i><b>x</b></i><a href="#k">x</a><onDraw name="n" label="l"/>'
# what the markup parser changes in a text besides cutting it at the tags: entities and tags,
# line breaks and control characters, whitespace at the ends, two in a row or other than a
# space or no-break space (its clean-up, ``cleanBlockQuotedText``)
_NEEDS_PARSER = re.compile(r"[&<>\x00-\x1f\x7f\ufffe\uffff]|^\s|\s$|\s\s|[^\S \u00a0]")


def parses_as_is(text: str) -> bool:
    """True if reportlab's markup parser keeps ``text`` (the whole text of a paragraph) as it
    is, and so :func:`run_frags` may be used for it; False also for Hebrew or Arabic (which
    ``pdf_styles.esc`` reorders)."""
    return bool(text) and not _NEEDS_PARSER.search(text) and not has_rtl(text)


def _probe_frags(style) -> dict[str, object]:
    """One fragment of each kind in :data:`RUN_KINDS` as reportlab's markup parser makes it in
    ``style``, from one parse of a small probe.

    The probe is parsed once per style object and kept (weakly: it goes with the style)
    together with a copy of the style's attributes; what invalidates it: an attribute of the
    style set to another value since (then it is parsed anew). Test:
    ``tests/test_pdf_plain_paragraphs.py`` and ``tests/test_pdf_run_frags.py``."""
    kept = _PROBES.get(style)
    if kept is None or kept[0] != style.__dict__:
        _style, parsed, _bullet = ParaParser().parse(_PROBE_MARKUP, style)
        if not parsed or len(parsed) != len(RUN_KINDS) or _style is not style:
            raise ValueError(f"unexpected parse of the probe in style {style.name!r}")
        kept = _PROBES[style] = (dict(style.__dict__), dict(zip(RUN_KINDS, parsed, strict=True)))
    return kept[1]


def _plain_frag(style, text: str):
    """The fragment reportlab's markup parser makes of ``text`` without tags or entities in
    ``style``: a copy of the fragment it made of a one-letter probe, with the text put in.

    Most paragraphs of a contract are plain text, and parsing (Python's HTML parser, a few
    tens of microseconds each) was a quarter of building the PDF's story. Test:
    ``tests/test_pdf_plain_paragraphs.py``.
    """
    frag = copy.copy(_probe_frags(style)[""])
    frag.text = text
    return frag


def run_frags(runs: list[tuple[str, str, str | None]], style, link_colour=None,
              on_draw: tuple[str, str] | None = None) -> list | None:
    """The fragments reportlab's markup parser makes of the markup of ``runs`` in ``style``,
    made without parsing: each run is (kind, text, link key), kind one of :data:`RUN_KINDS`
    ("a" a link to the key, in the colour ``link_colour`` if given), and ``on_draw`` (name,
    label) adds an ``<onDraw>`` callback at the end. The caller guarantees that the joined text
    :func:`parses_as_is` and that no run is empty (``pdf_styles.inline_runs``); then the parser would
    make exactly one fragment per run, a copy of the probe of its kind with the text put in
    and, for the n-th link, ``link = [(n, "#key")]``. A paragraph with a link or bold text is
    parsed by Python's HTML parser otherwise (~80 µs each, 150 of them in the demo).
    Test: ``tests/test_pdf_run_frags.py`` (same fragments as the parser's). None for a style
    whose links are underlined (the parser numbers each underline): the caller parses then."""
    probes = _probe_frags(style)
    if probes["a"].us_lines:
        return None
    frags = []
    links = 0
    for kind, text, key in runs:
        frag = copy.copy(probes[kind])
        frag.text = text
        if kind == "a":
            frag.link = [(links, f"#{key}")]
            if link_colour is not None:
                frag.textColor = link_colour
            links += 1
        frags.append(frag)
    if on_draw is not None:
        frag = copy.copy(probes["onDraw"])
        frag.cbDefn = ABag(name=on_draw[0], label=on_draw[1], kind="onDraw")
        frags.append(frag)
    textTransformFrags(frags, style)
    return frags


def _plain_start(markup: str) -> str:
    """The first words of a paragraph's markup as plain text, for a message."""
    from xml.sax.saxutils import unescape

    return unescape(re.sub(r"<[^>]*>", " ", markup[:200])).strip()[:40]


def _fallback_frags(frags):
    out = []
    for frag in frags:
        text = getattr(frag, "text", None)
        if not text or getattr(frag, "cbDefn", None) is not None or not hasattr(frag, "fontName"):
            out.append(frag)
            continue
        pieces = runs(text, frag.fontName)
        if len(pieces) == 1 and pieces[0][0] == frag.fontName:
            out.append(frag)
            continue
        for font, piece in pieces:
            part = frag.clone()
            part.text = piece
            part.fontName = font
            out.append(part)
    return out
