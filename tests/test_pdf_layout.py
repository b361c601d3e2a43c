"""The PDF's page layout with real projects: long titles, many partners, signature pages."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from kooperation.domain.demo import demo_project
from kooperation.domain.model import Partner
from kooperation.drafting.build import build_agreement
from kooperation.render.pdf import render_pdf

META = {"project": "Lernfabrik Neckar-Alb", "version": "3", "date": "21.11.2026"}
LONG_TITLE = ("Kooperationsvertrag über die gemeinsame Durchführung eines regionalen Weiterbildungs-"
              " und Transferprojekts für kleine und mittlere Unternehmen der Region Neckar-Alb")
LONG_SUBTITLE = ("Gemeinsame Lernfabrik für die digitale Fertigung und Weiterbildung in der Region "
                 "Neckar-Alb mit Schwerpunkt auf kleinen und mittleren Unternehmen und Hochschulen")


def _agreement(partners: int, title: str | None = None):
    project = demo_project()
    for n in range(len(project.partners) + 1, partners + 1):
        project.partners.append(Partner(
            name=f"Partnerorganisation Nummer {n} für regionale Entwicklung GmbH",
            street=f"Hauptstraße {n}", postcode="72764", city="Reutlingen",
            representative="den Geschäftsführer Max Mustermann"))
    del project.partners[partners:]
    doc = build_agreement(project, meta=dict(META))
    if title:
        doc.title, doc.subtitle = title, LONG_SUBTITLE
    return doc


def _pages(doc) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(doc)))
    return [page.extract_text() or "" for page in reader.pages]


def _flat(text: str) -> str:
    """Runs of white space, no-break spaces among them, as one plain space."""
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(("partners", "title"), [(4, LONG_TITLE), (7, None)])
def test_cover_stays_on_one_page(partners, title):
    """A long title, or seven partners: title, every party, the draft notice and the meta line
    are all on page 1, and page 2 is the table of contents."""
    doc = _agreement(partners, title)
    pages = _pages(doc)
    cover = _flat(pages[0])
    for party in doc.parties:
        assert _flat(party.name) in cover
    assert "ersetzt keine" in cover or "Rechtsberatung" in cover
    assert "Lernfabrik Neckar-Alb · Version 3 · erstellt am 21.11.2026" in cover
    assert pages[1].lstrip().startswith(("Inhaltsverzeichnis", "Kooperationsvertrag"))
    assert "Inhaltsverzeichnis" in pages[1]
    if title:
        assert "Transferprojekts" in cover


def test_fifteen_partners_keep_und_with_the_last_party():
    """Fifteen partners run over two cover pages; "und" is never left alone at a page end: it
    stands on the page of the last party, just before it, with the draft notice after."""
    doc = _agreement(15)
    pages = _pages(doc)
    where = [n for n, text in enumerate(pages) if re.search(r"^\s*und\s*$", text, re.M)]
    assert len(where) == 1
    page = pages[where[0]]
    lines = [line.strip() for line in page.splitlines()]
    assert lines[lines.index("und") + 1] == doc.parties[-1].name
    assert "Lernfabrik Neckar-Alb · Version 3 · erstellt am 21.11.2026" in _flat(page)


@pytest.mark.parametrize("partners", [3, 5, 7, 9])
def test_no_signature_block_alone_on_a_page(partners):
    """Signature pages: the heading is on a page with blocks, and no page holds a single block
    (unless there is only one party)."""
    pages = _pages(_agreement(partners))
    counts = [(text.count("Ort, Datum"), "Unterschriften" in text) for text in pages]
    signed = [(n, heading) for n, heading in counts if n]
    assert sum(n for n, _ in signed) == partners
    assert signed[0][1], "the heading is on the first signature page"
    assert all(n >= 2 for n, _ in signed)
