"""One layout, both formats: the PDF and the DOCX (as LibreOffice prints it) show the same
cover, page breaks, heading alignment, header and footer (see ``kooperation.render.layout``)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

import pytest
from lxml import etree

from kooperation.domain.demo import demo_project
from kooperation.drafting.build import build_agreement
from kooperation.render.docx import render_docx
from kooperation.render.pdf import render_pdf
from lo_fixtures import convert, soffice_or_skip

META = {"project": "Lernfabrik Neckar-Alb", "version": "3", "date": "21.11.2026"}
MM = 72 / 25.4
# the text area of each format: PDF margins 25/22 mm, the reference DOCX 2.5/2.0 cm
AREA = {"pdf": (25 * MM, 595.28 - 22 * MM), "docx": (25 * MM, 595.28 - 20 * MM)}
EDGE = 60  # points from the top or bottom edge: header and footer live there


def spaced(text: str) -> str:
    """Text with no-break spaces (set after "§", inside "e. V.") read as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@dataclass
class Line:
    text: str
    x0: float
    y0: float
    x1: float


@dataclass
class Page:
    lines: list[Line]
    height: float

    @property
    def body(self) -> list[Line]:
        return [ln for ln in self.lines if EDGE < ln.y0 < self.height - EDGE]

    @property
    def head(self) -> str:
        return " ".join(ln.text for ln in self.lines if ln.y0 <= EDGE)

    @property
    def foot(self) -> str:
        return " ".join(ln.text for ln in self.lines if ln.y0 >= self.height - EDGE)

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)


def _layout(pdf: bytes) -> list[Page]:
    """Every page's text lines with their positions (pdftotext -bbox-layout), top to bottom."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", "-", "-"], input=pdf,
                           capture_output=True, check=True).stdout
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in etree.fromstring(xhtml).iterfind(".//h:page", ns):
        lines = []
        for line in page.iterfind(".//h:line", ns):
            words = [w.text or "" for w in line.iterfind("h:word", ns)]
            text = " ".join(words).replace("\xa0", " ")
            lines.append(Line(text, float(line.get("xMin")), float(line.get("yMin")),
                              float(line.get("xMax"))))
        lines.sort(key=lambda ln: (round(ln.y0), ln.x0))
        pages.append(Page(lines, float(page.get("height"))))
    return pages


@pytest.fixture(scope="module")
def agreement():
    return build_agreement(demo_project(), meta=dict(META))


@pytest.fixture(scope="module")
def formats(agreement, tmp_path_factory) -> dict[str, list[Page]]:
    """The agreement as PDF and as DOCX printed by LibreOffice, laid out in lines."""
    soffice = soffice_or_skip()
    folder = tmp_path_factory.mktemp("layout")
    source = folder / "entwurf.docx"
    source.write_bytes(render_docx(agreement))
    printed = convert(soffice, source, "pdf", folder / "out", folder / "profile")
    return {"pdf": _layout(render_pdf(agreement)), "docx": _layout(printed.read_bytes())}


FORMATS = ["pdf", "docx"]


def _first_line(page: Page) -> str:
    return page.body[0].text if page.body else ""


def _page_of(pages: list[Page], first_line: str) -> int:
    """The last page that begins with ``first_line`` (the contents may list it too)."""
    return max(n for n, page in enumerate(pages) if _first_line(page) == first_line)


@pytest.mark.parametrize("fmt", FORMATS)
def test_cover_order_and_no_header_or_footer(formats, agreement, fmt):
    """The cover shows title, subtitle, "zwischen", the parties ("und" before the last), the
    draft notice and the meta line, in that order, and no running header or footer."""
    cover = formats[fmt][0]
    assert not cover.head and not cover.foot
    assert "Seite" not in cover.text and "Kooperationsvertrag – Entwurf" not in cover.text
    text = re.sub(r"\s+", " ", cover.text)
    order = [agreement.title, agreement.subtitle, "zwischen", agreement.parties[0].name, "und",
             agreement.parties[-1].name, agreement.draft_notice[:40],
             "Lernfabrik Neckar-Alb · Version 3 · erstellt am 21.11.2026"]
    at = 0
    for piece in map(spaced, order):
        found = text.find(piece, at)
        assert found >= 0, piece
        at = found + len(piece)
    assert [ln.text for ln in cover.lines].count("und") == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_page_breaks_before_contents_praeambel_and_signatures(formats, fmt):
    """The table of contents, the Präambel and the signatures each begin a page."""
    pages = formats[fmt]
    assert _first_line(pages[1]) == "Inhaltsverzeichnis"
    assert _page_of(pages, "Präambel") >= 2
    signatures = _page_of(pages, "Unterschriften")
    assert signatures > _page_of(pages, "Präambel")
    assert "Ort, Datum" in pages[signatures].text


@pytest.mark.parametrize("fmt", FORMATS)
def test_header_and_footer_after_the_cover(formats, fmt):
    """Every page after the cover: header "Kooperationsvertrag – Entwurf", footer "Entwurf ·
    Version 3 · erstellt am 21.11.2026" and "Seite n von N" with the true total."""
    pages = formats[fmt]
    for number, page in enumerate(pages[1:], start=2):
        assert page.head == "Kooperationsvertrag – Entwurf"
        assert "Entwurf · Version 3 · erstellt am 21.11.2026" in page.foot
        assert f"Seite {number} von {len(pages)}" in page.foot


@pytest.mark.parametrize("fmt", FORMATS)
def test_headings_centred_annexes_left(formats, agreement, fmt):
    """Contents, Präambel, section, § and signature headings are centred; annex headings start
    at the left margin."""
    left, right = AREA[fmt]
    middle = (left + right) / 2
    pages = formats[fmt]
    body = pages[_page_of(pages, "Präambel"):]  # past the contents, which list the headings too
    lines = pages[1].body[:1] + [ln for page in body for ln in page.body]
    clause = agreement.sections[0].clauses[0]
    for heading in ("Inhaltsverzeichnis", "Präambel", agreement.sections[0].title, clause.heading,
                    "Unterschriften"):
        line = next(ln for ln in lines if spaced(ln.text) == spaced(heading))
        assert abs((line.x0 + line.x1) / 2 - middle) < 8, heading
    annex = agreement.annexes[0].heading
    line = next(ln for ln in lines if spaced(ln.text) == spaced(annex))
    assert abs(line.x0 - left) < 3
