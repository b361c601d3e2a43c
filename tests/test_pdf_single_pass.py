"""The PDF is laid out once, and what it shows is still right: every line of the table of
contents names the page on which the reader finds that heading, every footer's "Seite x von y"
has the true total, the bookmarks lead to the headings, and the sketch stays short."""

from __future__ import annotations

import io
import re
import subprocess

import pypdf
import pytest
from reportlab.platypus import BaseDocTemplate

from kooperation.domain.demo import demo_project
from kooperation.drafting.documents import build_document
from kooperation.render.pdf import render_pdf
from large_project import large_project

PROJECTS = {"demo": demo_project, "large": large_project}


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").replace("\u00a0", " ").split())


def _pages(pdf: bytes) -> list[str]:
    """The text of each page as ``pdftotext -layout`` sees it."""
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode()
    return out.split("\f")[: len(pypdf.PdfReader(io.BytesIO(pdf)).pages)]


def _toc_headings(doc) -> list[str]:
    """The headings the contents must list, in order, from the document model."""
    out = [doc.preamble_title or "Präambel"] if doc.preamble else []
    for section in doc.sections:
        if section.clauses:
            out += [section.title] + [c.heading for c in section.clauses]
    if doc.show_signatures:
        out.append(doc.signature_title or "Unterschriften")
    return out + [a.heading for a in doc.annexes]


@pytest.fixture(scope="module", params=sorted(PROJECTS))
def agreement(request):
    """(document, PDF bytes, page texts) of the agreement of one project, rendered once."""
    doc = build_document(PROJECTS[request.param](), "vertrag")
    pdf = render_pdf(doc)
    return doc, pdf, _pages(pdf)


def _contents(pages: list[str], headings: list[str]) -> tuple[list[int], int]:
    """The page number each heading has in the table of contents, and the last contents page."""
    first = next(i for i, t in enumerate(pages) if "Inhaltsverzeichnis" in t)
    last = next(i for i, t in enumerate(pages) if i > first and not re.search(r"(\. ){5}", t)) - 1
    text = _flat(" ".join(pages[first : last + 1]))
    numbers, pos = [], 0
    for heading in headings:
        match = re.compile(re.escape(_flat(heading)) + r"[ .]*?(\d+)\b").search(text, pos)
        assert match, f"{heading!r} is missing from the contents"
        numbers.append(int(match.group(1)))
        pos = match.end()
    return numbers, last


def _found_on(pages: list[str], heading: str, start: int) -> int:
    """The first page (1-based) from index ``start`` on that has ``heading`` as a line of its
    own (or as two or three lines, when it wraps)."""
    target = _flat(heading)
    for index in range(start, len(pages)):
        lines = [_flat(line) for line in pages[index].splitlines()]
        for n in range(len(lines)):
            if any(" ".join(lines[n : n + k]) == target for k in (1, 2, 3)):
                return index + 1
    raise AssertionError(f"heading {heading!r} not found after page {start}")


def test_contents_page_numbers_are_where_the_headings_are(agreement):
    """Every line of the contents gives the page on which pdftotext finds that heading."""
    doc, _, pages = agreement
    headings = _toc_headings(doc)
    numbers, last_contents = _contents(pages, headings)
    start = last_contents + 1
    found = []
    for heading in headings:
        page = _found_on(pages, heading, start)
        found.append(page)
        start = page - 1
    assert numbers == found
    assert len(headings) > 20 and found[-1] > found[0]


def test_footer_total_is_the_page_count(agreement):
    """Every page after the title page says "Seite x von y" with its number and the true total."""
    _, _, pages = agreement
    total = len(pages)
    assert not re.search(r"Seite \d+ von", pages[0])
    for number, text in enumerate(pages[1:], start=2):
        assert re.findall(r"Seite (\d+) von (\d+)", text) == [(str(number), str(total))]


def test_bookmarks_lead_to_the_headings(agreement):
    """The PDF outline lists every contents heading and each bookmark opens the page given in
    the contents."""
    doc, pdf, pages = agreement
    reader = pypdf.PdfReader(io.BytesIO(pdf))

    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield _flat(item.title), reader.get_destination_page_number(item) + 1

    outline = list(walk(reader.outline))
    headings = _toc_headings(doc)
    numbers, _ = _contents(pages, headings)
    assert outline == [(_flat(h), n) for h, n in zip(headings, numbers, strict=True)]


def test_contents_lines_link_to_their_headings(agreement):
    """Each contents line is a link to its heading's destination, text and page number alike."""
    doc, pdf, _ = agreement
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    contents_page = next(p for p in reader.pages if "Inhaltsverzeichnis" in (p.extract_text() or ""))
    links = [a.get_object() for a in contents_page.get("/Annots", [])]
    targets = {str(a["/Dest"]) if "/Dest" in a else str(a["/A"].get("/D")) for a in links}
    assert len(links) >= 2 * min(10, len(_toc_headings(doc)))  # line text and page number
    assert len(targets) >= 10


def test_the_layout_runs_once(monkeypatch):
    """Rendering builds the document in a single layout pass: one build, one page begun per
    page of the result, and no multi-pass build."""
    builds, begun = [], []
    original_build, original_begin = BaseDocTemplate.build, BaseDocTemplate.handle_pageBegin

    def build(self, *args, **kw):
        builds.append(1)
        return original_build(self, *args, **kw)

    def page_begin(self):
        begun.append(1)
        return original_begin(self)

    def multi(*_args, **_kw):
        raise AssertionError("multiBuild lays the document out more than once")

    monkeypatch.setattr(BaseDocTemplate, "build", build)
    monkeypatch.setattr(BaseDocTemplate, "handle_pageBegin", page_begin)
    monkeypatch.setattr(BaseDocTemplate, "multiBuild", multi)
    pdf = render_pdf(build_document(demo_project(), "vertrag"))
    assert len(builds) == 1
    assert len(begun) == len(pypdf.PdfReader(io.BytesIO(pdf)).pages) > 20


def test_sketch_without_contents_has_footers_and_no_contents():
    """The sketch (no table of contents) is one or two pages with "Seite x von y" on each."""
    pdf = render_pdf(build_document(demo_project(), "skizze"))
    pages = _pages(pdf)
    assert 1 <= len(pages) <= 2
    assert "Inhaltsverzeichnis" not in " ".join(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in text


def test_same_document_same_bytes():
    """Forward references do not make the output vary: the same document gives the same bytes."""
    doc = build_document(demo_project(), "vertrag", meta={"date": "01.02.2027", "version": "3"})
    assert render_pdf(doc) == render_pdf(doc)
