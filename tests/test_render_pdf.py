"""The PDF renderer: what a reader of the generated agreement sees, checked through pypdf."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import UTC, date, datetime

import pypdf
import pytest

from docsample import HOSTILE_NAMES, sample_document
from kooperation.drafting.docmodel import (
    Annex,
    BulletList,
    Document,
    Figure,
    Heading,
    Note,
    OpenMark,
    Paragraph,
    Section,
    Table,
    Text,
)
from kooperation.errors import RenderError
from kooperation.render.pdf import render_pdf, write_pdf

A4 = (595.28, 841.89)


def _reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def _pages(data: bytes) -> list[str]:
    # a non-breaking space ("§ 12") reads as a space, as a reader copying the text gets it
    return [(page.extract_text() or "").replace("\u00a0", " ") for page in _reader(data).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _outline(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) of every bookmark."""
    out: list[tuple[int, str, int]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                title = item.title.replace("\u00a0", " ")
                out.append((level, title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_pdf(sample_document())


@pytest.fixture(scope="module")
def sample_pages(sample_pdf) -> list[str]:
    return _pages(sample_pdf)


def test_hostile_names_print_literally(sample_pages):
    """Partner names that look like template code, markup or use Polish/Danish/Turkish letters
    print exactly as typed."""
    text = "\n".join(sample_pages)
    for name in HOSTILE_NAMES:
        assert name in text
    assert "{{ 7*7 }} & <i>Co</i>" in text
    assert "49 GmbH" not in text
    assert "Plattform „Łódź & Ørsted“" in sample_pages[0]


def test_footer_counts_pages(sample_pages):
    """Every page after the title page says "Seite x von y" with the true total."""
    total = len(sample_pages)
    assert total >= 6
    assert not re.search(r"Seite \d+ von", sample_pages[0])
    for number, text in enumerate(sample_pages[1:], start=2):
        assert f"Seite {number} von {total}" in text
    assert "Version 3" in sample_pages[1] and "21.11.2026" in sample_pages[1]


def _watermark_form(page):
    """The form a page draws its watermark with (the first form it draws), or None."""
    content = page.get_contents().get_data().decode("latin-1")
    first = re.search(r"/(\S+) Do", content)
    forms = page["/Resources"].get("/XObject", {})
    return forms.raw_get(f"/{first.group(1)}") if first and f"/{first.group(1)}" in forms else None


def _watermark(page) -> str:
    """The drawing operators of a page's watermark: the light grey outlines of the form the
    page draws first."""
    form = _watermark_form(page)
    content = form.get_object().get_data().decode("latin-1") if form is not None else ""
    start = content.find(".905 .905 .905 rg")
    return content[start : content.find("Q", start)] if start >= 0 else ""


def test_watermark_on_every_page_and_never_copied_as_text():
    """The diagonal draft watermark is drawn on every page, the title page included, as letter
    outlines: copying the text (pypdf, pdftotext) never brings up the watermark word."""
    doc = sample_document()
    doc.labels["watermark"] = "WASSERZEICHEN"
    data = render_pdf(doc)
    reader = _reader(data)
    marks = [_watermark(page) for page in reader.pages]
    assert all(mark.count(" c ") > 20 and mark.rstrip().endswith("f") for mark in marks)
    assert len(set(marks)) == 1
    # drawn once for the document (one page size), placed on every page
    assert len({_watermark_form(page).idnum for page in reader.pages}) == 1
    assert not any("WASSERZEICHEN" in (page.extract_text() or "") for page in reader.pages)
    assert "WASSERZEICHEN" not in _pdftotext(data)
    assert _watermark(_reader(render_pdf(sample_document())).pages[0]) != marks[0]


def _pdftotext(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()


def test_title_page_has_parties_notice_and_meta(sample_pages):
    """The title page names title, parties with address and representative, the draft notice
    and project, version and date."""
    title = _flat(sample_pages[0])
    assert "Kooperationsvertrag" in title and "zwischen" in title
    assert "Musterstraße 1, 12345 Musterstadt" in title
    assert "vertreten durch die Geschäftsführerin Dr. Ana Şahin" in title
    assert "nachfolgend „Partner 3“ genannt" in title
    assert "gemeinsam „Partner“ genannt" in title
    assert "ersetzt keine rechtliche Beratung" in title
    assert "Projekt: Plattform Łódź" in title and "Version 3" in title


def test_designation_phrase_is_not_doubled():
    """A designation given as a whole phrase ("– nachfolgend „ProdTech“ –") prints once, and the
    signature block shows the short name."""
    doc = sample_document()
    doc.parties[0].designation = "– nachfolgend „ProdTech“ –"
    pages = _pages(render_pdf(doc))
    assert "– nachfolgend „ProdTech“ –" in pages[0]
    assert "nachfolgend „– nachfolgend" not in _flat("\n".join(pages))
    assert "„ProdTech“" in next(t for t in pages if "Ort, Datum" in t)


def test_every_party_signs(sample_pages):
    """The signature page has a block with place/date line for every party."""
    page = next(t for t in sample_pages if "Unterschriften" in t and "Ort, Datum" in t)
    for name in HOSTILE_NAMES:
        assert name in page
    assert page.count("Ort, Datum") == len(HOSTILE_NAMES)
    assert page.count("vertreten durch") == len(HOSTILE_NAMES)


def test_table_of_contents_lists_clauses_and_annexes(sample_pdf, sample_pages):
    """The table of contents lists "§ 3 ..." and the annexes with the pages they start on."""
    toc = sample_pages[1]
    assert "Inhaltsverzeichnis" in toc
    for entry in ("Präambel", "Grundlagen", "§ 1 Gegenstand und Ziel der Kooperation",
                  "§ 3 Austritt, Ausschluss und Beendigung", "§ 4 Schlussbestimmungen",
                  "Anlage 1 – Partner", "Anlage 3 – Offene Punkte"):
        assert entry in toc
    # the heading really is on the page the bookmarks (and the TOC) name
    outline = _outline(_reader(sample_pdf))
    pages = {title: page for _level, title, page in outline}
    assert "§ 3 Austritt, Ausschluss und Beendigung" in sample_pages[pages["§ 3 Austritt, Ausschluss und Beendigung"] - 1]
    assert "§ 4 Schlussbestimmungen" in sample_pages[pages["§ 4 Schlussbestimmungen"] - 1]
    for label, page in (("Anlage 1 – Partner", pages["Anlage 1 – Partner"]),
                        ("Anlage 2 – Ziele und Roadmap", pages["Anlage 2 – Ziele und Roadmap"])):
        assert label in sample_pages[page - 1]
        assert re.search(rf"\b{page}\b", toc)


def test_bookmarks_for_clauses_and_annexes(sample_pdf):
    """The PDF sidebar shows sections with their clauses nested, and every annex."""
    outline = _outline(_reader(sample_pdf))
    titles = [title for _level, title, _page in outline]
    assert titles.index("Grundlagen") < titles.index("§ 1 Gegenstand und Ziel der Kooperation")
    assert (1, "§ 2 Organisation und Entscheidungen") in [(lv, t) for lv, t, _p in outline]
    assert {"Anlage 1 – Partner", "Anlage 2 – Ziele und Roadmap", "Anlage 3 – Offene Punkte"} <= set(titles)
    pages = [page for _level, _title, page in outline]
    assert pages == sorted(pages)


def test_clause_text_numbering_and_references(sample_pages):
    """Clauses show numbered paragraphs "(1)", bullets and resolved references like "§ 3"."""
    text = _flat("\n".join(sample_pages))
    assert "(1) Die Partner arbeiten" in text
    assert "(2) Die Ziele der Kooperation sind in Anlage 2 aufgeführt." in text
    assert "Einzelheiten regelt § 3." in text
    assert "• langfristig: Markteinführung in Łódź" in text


def test_open_points_are_visible(sample_pages):
    """An open point shows as a box with its title, and missing values as highlighted marks."""
    text = _flat("\n".join(sample_pages))
    assert "Offener Punkt Darüber müssen sich die Partner noch verständigen: Mehrheitsregel." in text
    assert "[offen: Mehrheit in Prozent]" in text
    assert "Mehrheitsregel" in sample_pages[-1] and "Klären bis März" in sample_pages[-1]


def test_long_clause_breaks_across_pages():
    """A clause with 40 paragraphs runs over several pages without losing a paragraph."""
    pages = _pages(render_pdf(sample_document(paragraphs_in_long_clause=40)))
    text = _flat("\n".join(pages))
    for n in range(1, 41):
        assert f"({n}) Absatz {n}:" in text
    start = next(i for i, t in enumerate(pages) if "§ 3 Austritt" in t and "Seite" in t and i > 1)
    end = next(i for i, t in enumerate(pages) if "§ 4 Schlussbestimmungen" in t and i > 1)
    assert end - start >= 3
    total = len(pages)
    assert f"Seite {total} von {total}" in pages[-1]


def test_long_annex_table_repeats_header():
    """A table longer than a page keeps every row and repeats its header on each page."""
    doc = sample_document()
    rows = [[f"Zeile-{n:03d}", "Beitrag " * (n % 5 + 1), "Notiz"] for n in range(150)]
    doc.annexes.append(Annex("annex_lang", "Lange Tabelle", [Table(["Kopfzeile", "Beitrag", "Notiz"], rows, [1, 3, 1])], 4, "Anlage 4"))
    pages = _pages(render_pdf(doc))
    table_pages = [t for t in pages if "Zeile-" in t]
    assert len(table_pages) >= 3
    assert all("Kopfzeile" in t for t in table_pages)
    text = "\n".join(table_pages)
    for n in range(150):
        assert f"Zeile-{n:03d}" in text


def test_annex_tables_and_roadmap(sample_pages):
    """Annex tables show their rows, and the roadmap figure draws its items, months and legend."""
    text = "\n".join(sample_pages)
    annex1 = next(t for t in sample_pages if "Anlage 1 – Partner" in t and "Sektor" in t)
    for name in HOSTILE_NAMES:
        assert name in annex1
    assert annex1.count("Entwicklung, Vertrieb") == len(HOSTILE_NAMES)
    roadmap = next(t for t in sample_pages if "Zeitplan der Meilensteine" in t)
    for word in ("Prototyp", "Pilotkunde", "2027", "Jan", "Aug", "in Arbeit", "Zeitplan der Meilensteine"):
        assert word in roadmap
    assert "Mehrheitsregel" in text


def test_fonts_are_embedded_dejavu(sample_pdf):
    """Every font in the PDF is an embedded DejaVu TrueType subset, so it prints the same anywhere."""
    reader = _reader(sample_pdf)
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "DejaVu" in font["/BaseFont"]
            assert "/FontFile2" in descriptor
            seen.add(font["/BaseFont"].split("+")[-1])
    assert {"DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSans", "DejaVuSans-Bold"} <= seen


def test_pages_are_a4(sample_pdf):
    """All pages are A4 portrait."""
    for page in _reader(sample_pdf).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.05)


def test_metadata_and_same_bytes(sample_pdf):
    """The PDF says title and subject, the parties as author, creator "Kooperation" and the
    draft's date (not reportlab's 01.01.2000), and the same draft gives the same file."""
    meta = _reader(sample_pdf).metadata
    assert meta.title == "Kooperationsvertrag – Plattform „Łódź & Ørsted“"
    assert meta.subject == "Entwurf"
    assert meta.creator == "Kooperation"
    assert meta.author.startswith(HOSTILE_NAMES[0] + ", ")
    assert meta.author.endswith(" und " + HOSTILE_NAMES[-1])
    assert meta.creation_date.date() == meta.modification_date.date() == date(2026, 11, 21)
    assert render_pdf(sample_document()) == sample_pdf


def test_dated_by_generation_time():
    """A draft generated at 14:03:12 UTC says so in its creation and modification date."""
    doc = sample_document()
    doc.meta["created"] = "2026-11-21T14:03:12+00:00"
    meta = _reader(render_pdf(doc)).metadata
    when = datetime(2026, 11, 21, 14, 3, 12, tzinfo=UTC)
    assert meta.creation_date == meta.modification_date == when


def _sketch() -> Document:
    return Document(
        kind="projektskizze",
        language="de",
        title="Projektskizze",
        subtitle="Plattform <Łódź> & {{ x }}",
        draft_notice="Entwurf – bitte vor der Weitergabe prüfen.",
        labels={"page": "Seite", "of": "von", "watermark": "ENTWURF"},
        meta={"project": "Plattform", "version": "1", "date": "01.02.2027"},
        show_toc=False,
        show_signatures=False,
        body=[
            Heading("Ausgangslage"),
            Paragraph([Text("Drei Unternehmen wollen gemeinsam eine Plattform entwickeln. " * 6)]),
            Heading("Ziele"),
            BulletList([[Text("Prototyp bis März")], [Text("Pilotkunde: "), OpenMark("[offen: wer?]")]], ordered=True),
            Table(["Partner", "Rolle"], [["Ørsted Şahin", "Lead"], ["<b>Fett</b>", "Partner"]]),
            Figure("roadmap", "Meilensteine", {"items": [
                {"title": "Kick-off", "start": "2027-01-10", "end": None, "status": "done"},
                {"title": "Pilot", "start": "2027-02-01", "end": "2027-06-30", "status": "delayed"},
                {"title": "Verstetigung", "start": None, "end": None, "status": "planned"},
            ]}),
            Note("info", "Hinweis", [Text("Die Skizze ist unverbindlich.")]),
        ],
    )


def test_project_sketch_is_compact():
    """A project sketch (no contents, no signatures, free blocks) fits on one or two pages with
    title, notice and body on the first."""
    pages = _pages(render_pdf(_sketch()))
    assert 1 <= len(pages) <= 2
    first = _flat(pages[0])
    assert "Projektskizze" in first and "Plattform <Łódź> & {{ x }}" in first
    assert "bitte vor der Weitergabe prüfen" in first
    assert "Ausgangslage" in first and "Inhaltsverzeichnis" not in first
    assert f"Seite 1 von {len(pages)}" in first
    text = _flat("\n".join(pages))
    assert "1. Prototyp bis März" in text and "[offen: wer?]" in text
    assert "Ohne Termin: Verstetigung" in text
    assert "Unterschriften" not in text


def test_awkward_documents_render():
    """No parties, an empty section, endless words, broken figures and ragged tables still give a PDF."""
    doc = sample_document()
    doc.parties = []
    doc.sections.insert(0, Section("leer", "Leerer Abschnitt", []))
    word = "https://example.org/" + "x" * 800
    doc.sections[1].clauses[0].blocks.append(Paragraph([Text(word)], number=3, open=True))
    doc.annexes[0].blocks += [
        Table(["A"], [["y" * 2500]]),
        Table([], [["a", "b", "c"], ["d"], []], widths=[1, 0]),
        Table([], []),
        Figure("poster", "Unbekannte Grafik"),
        Figure("roadmap", "Kaputte Daten", {"items": "keine Liste"}),
        Figure("roadmap", "Falsche Daten", {"items": [{"title": "x", "start": "gestern"}, 5, None]}),
        Figure("roadmap", "Jahrzehnte", {"items": [
            {"title": f"Schritt {n}", "start": f"{1990 + n}-01-01", "end": "2090-12-31", "status": "done"}
            for n in range(60)
        ]}),
    ]
    pages = _pages(render_pdf(doc))
    text = "\n".join(pages)
    assert "Leerer Abschnitt" not in text
    assert "Unbekannte Grafik" in text and "Schritt 59" in text
    assert text.count("Name, Funktion") == 2  # two blank signature blocks
    assert "https://example.org/xxx" in text
    assert all("Seite" in t for t in pages[1:])


def test_empty_document_renders():
    """A document with nothing but a title still gives a valid PDF without a blank contents page."""
    pages = _pages(render_pdf(Document(kind="vertrag", language="de", title="Leer")))
    assert "Leer" in pages[0]
    assert not any("Inhaltsverzeichnis" in t for t in pages)
    assert not any("Placeholder" in t for t in pages)


def test_english_document_falls_back_to_english_words():
    """An English document without labels gets "Page x of y" and the "DRAFT" watermark."""
    doc = sample_document()
    doc.language = "en"
    doc.labels = {}
    data = render_pdf(doc)
    pages = _pages(data)
    assert f"Page 2 of {len(pages)}" in pages[1]
    assert "Draft · Version 3 · generated on 21.11.2026" in pages[1]
    assert "Contents" in pages[1]
    doc.labels = {"watermark": "DRAFT"}
    drafted = _reader(render_pdf(doc)).pages[0]
    assert _watermark(_reader(data).pages[0]) == _watermark(drafted)


def test_write_pdf_and_errors(tmp_path):
    """write_pdf writes a complete file; bad input and an unwritable path give a German message."""
    target = write_pdf(sample_document(), tmp_path / "vertrag.pdf")
    assert target.read_bytes().startswith(b"%PDF-")
    assert not list(tmp_path.glob("*.tmp"))
    with pytest.raises(RenderError, match="konnte nicht"):
        write_pdf(sample_document(), tmp_path / "fehlt" / "vertrag.pdf")
    with pytest.raises(RenderError, match="kein gültiges Dokument"):
        render_pdf("kein Dokument")  # type: ignore[arg-type]


def test_pdf_renderer_imports_no_qt():
    """The PDF renderer works headless: importing it loads no Qt."""
    code = "import sys, kooperation.render.pdf; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
