"""The roadmap timeline as a picture in the DOCX (agreement and project sketch)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import docx
import pytest
from docx.enum.shape import WD_INLINE_SHAPE
from docx.oxml.ns import qn
from PIL import Image

from kooperation.domain.demo import demo_project
from kooperation.domain.model import Milestone, MilestoneStatus
from kooperation.drafting.docmodel import Document, Figure
from kooperation.drafts import render_draft
from kooperation.render import docx_styles as S
from kooperation.render.docx import render_docx
from kooperation.render.docx_figures import figure_pictures
from kooperation.render.pdf_figures import MAX_ROWS, STATUS_COLOURS

HOSTILE = "<b>{{ 7*7 }}</b> & Łódź"
CAPTION = "Zeitplan der Meilensteine"


DEMO = demo_project()


def docx_bytes(project, kind: str = "vertrag") -> bytes:
    draft = render_draft(project, kind, formats=("docx",))
    return next(data for fmt, _name, data in draft.files if fmt == "docx")


def opened(data: bytes):
    return docx.Document(io.BytesIO(data))


def png_of(document, shape) -> tuple[bytes, str]:
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    part = document.part.related_parts[blip.embed]
    return part.blob, part.content_type


def alt_of(shape) -> str:
    return shape._inline.find(qn("wp:docPr")).get("descr", "")


def body_order(document) -> list[tuple[str, object]]:
    """The body's paragraphs and tables in order, as ("p", paragraph) / ("tbl", table)."""
    out = []
    paragraphs = iter(document.paragraphs)
    tables = iter(document.tables)
    for child in document.element.body:
        if child.tag == qn("w:p"):
            out.append(("p", next(paragraphs)))
        elif child.tag == qn("w:tbl"):
            out.append(("tbl", next(tables)))
    return out


@pytest.fixture(scope="module")
def project():
    return demo_project()


@pytest.fixture(scope="module")
def agreement(project):
    return opened(docx_bytes(project))


def test_agreement_shows_the_roadmap_as_a_picture(agreement, project):
    """One inline PNG picture as wide as the text, at print resolution, drawn in colour."""
    shapes = agreement.inline_shapes
    assert len(shapes) == 1
    shape = shapes[0]
    assert shape.type == WD_INLINE_SHAPE.PICTURE
    assert all(shape._inline.get(side) == "0" for side in ("distT", "distB", "distL", "distR"))
    section = agreement.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert abs(shape.width - text_width) < 2000  # EMU: the whole text width (16.5 cm)
    blob, content_type = png_of(agreement, shape)
    assert content_type == "image/png"
    image = Image.open(io.BytesIO(blob))
    assert image.format == "PNG"
    dpi = image.width / (shape.width / 914400)
    assert 180 <= dpi <= 220  # print resolution
    rows = len(project.milestones)
    assert 150 + 40 * rows < image.height < 300 + 60 * rows  # one row per milestone, plus axis
    assert abs(image.width / image.height - shape.width / shape.height) < 0.01
    colours = {rgba[:3] for _count, rgba in image.convert("RGBA").getcolors(1 << 20)}
    for status in {m.status.value for m in project.milestones}:
        colour = STATUS_COLOURS[status]
        wanted = tuple(round(c * 255) for c in (colour.red, colour.green, colour.blue))
        assert wanted in colours, status
    assert image.convert("RGBA").getpixel((0, 0))[3] == 0  # transparent: the watermark shows


def test_picture_has_an_alt_text_naming_the_milestones(agreement, project):
    alt = alt_of(agreement.inline_shapes[0])
    assert alt.startswith(CAPTION)
    for milestone in project.milestones:
        assert milestone.title in alt
    assert "11.01.2027–26.02.2027, in Arbeit" in alt


def test_picture_comes_before_its_caption_and_the_milestone_table(agreement):
    """Picture, caption (in the caption style), then the annex's table of the milestones as the
    text alternative (the figure does not repeat it)."""
    order = body_order(agreement)
    index = next(
        i for i, (kind, item) in enumerate(order) if kind == "p" and item._p.xpath(".//w:drawing")
    )
    picture_p = order[index][1]
    assert picture_p.paragraph_format.keep_with_next
    kind, caption = order[index + 1]
    assert kind == "p" and caption.text == CAPTION and caption.style.name == S.CAPTION
    kind, table = order[index + 2]
    assert kind == "tbl" and table.rows[0].cells[0].text == "Nr."
    titles = [row.cells[1].text for row in table.rows[1:]]
    assert titles == [m.title for m in DEMO.milestones]
    kind, after = order[index + 3]
    assert not (kind == "tbl" and after.rows[0].cells[0].text == "Meilenstein")  # no second table


def test_sketch_shows_the_compact_roadmap(project, agreement):
    sketch = opened(docx_bytes(project, "skizze"))
    assert len(sketch.inline_shapes) == 1
    shape = sketch.inline_shapes[0]
    assert shape.height < agreement.inline_shapes[0].height  # smaller rows, as in the PDF
    assert project.milestones[-1].title in alt_of(shape)


def test_project_without_milestones_has_no_picture():
    project = demo_project()
    project.milestones = []
    for kind in ("vertrag", "skizze"):
        document = opened(docx_bytes(project, kind))
        assert len(document.inline_shapes) == 0
        assert not [p for p in document.part.package.parts if p.content_type.startswith("image/")]


def test_undated_milestones_keep_the_table_without_a_picture():
    project = demo_project()
    for milestone in project.milestones:
        milestone.start = milestone.end = None
    document = opened(docx_bytes(project))
    assert len(document.inline_shapes) == 0
    assert CAPTION in [p.text for p in document.paragraphs]
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Meilenstein")
    assert table.rows[1].cells[1].text == project.milestones[0].title


def test_hostile_milestone_title_is_drawn_and_described_literally():
    project = demo_project()
    project.milestones[0].title = HOSTILE
    project.milestones.append(Milestone(title=HOSTILE + " ohne Termin"))
    document = opened(docx_bytes(project))
    assert len(document.inline_shapes) == 1
    alt = alt_of(document.inline_shapes[0])
    assert HOSTILE + ", 11.01.2027–26.02.2027" in alt
    assert HOSTILE + " ohne Termin, ohne Termin, geplant" in alt
    blob, _type = png_of(document, document.inline_shapes[0])
    assert Image.open(io.BytesIO(blob)).size[0] > 1000


def test_long_roadmap_is_cut_into_pictures_of_at_most_max_rows():
    project = demo_project()
    start = dt.date(2027, 1, 4)
    statuses = list(MilestoneStatus)
    for i in range(40):
        day = start + dt.timedelta(days=15 * i)
        project.milestones.append(
            Milestone(
                title=f"Schritt {i} " + "sehr lang " * (i % 6),
                start=day,
                end=day + dt.timedelta(days=10 * (i % 5)) if i % 7 else None,
                status=statuses[i % len(statuses)],
            )
        )
    document = opened(docx_bytes(project))
    shapes = document.inline_shapes
    total = len(project.milestones)
    assert len(shapes) == -(-total // MAX_ROWS)
    assert "Teil 1 von" in alt_of(shapes[0])
    assert "Schritt 39" in alt_of(shapes[-1]) and "Schritt 39" not in alt_of(shapes[0])
    section = document.sections[-1]
    usable = section.page_height - section.top_margin - section.bottom_margin
    assert all(shape.height < usable for shape in shapes)  # each fits on a page


def test_absurd_dates_leave_the_table_alone():
    project = demo_project()
    project.milestones[0].start = dt.date(1, 1, 1)
    project.milestones[0].end = dt.date(9999, 12, 31)
    document = opened(docx_bytes(project))
    assert len(document.inline_shapes) == 0
    assert any(
        project.milestones[0].title in [c.text for c in t.rows[1].cells] for t in document.tables
        if len(t.rows) > 1
    )


def test_same_input_gives_the_same_picture():
    figure = Figure(
        "roadmap",
        "Zeitplan",
        {
            "items": [
                {
                    "title": "Prototyp",
                    "start": "2027-01-01",
                    "end": "2027-03-31",
                    "status": "planned",
                },
                {"title": "Abnahme", "start": None, "end": "2027-05-15", "status": "done"},
                {"title": "Alt", "start": "2027-02-01", "end": "2027-02-20", "status": "cancelled"},
            ]
        },
    )
    doc = Document(kind="vertrag", language="de", title="T")
    first = figure_pictures(figure, doc, 467.7)
    assert len(first) == 1
    assert first == figure_pictures(figure, doc, 467.7)
    assert "Abnahme, 15.05.2027, erledigt" in first[0].alt_text
    assert figure_pictures(Figure("other", "x", {"items": figure.data["items"]}), doc, 467.7) == []
    assert render_docx(Document(kind="vertrag", language="de", title="T", body=[figure])) == (
        render_docx(Document(kind="vertrag", language="de", title="T", body=[figure]))
    )


def test_changed_milestones_draw_a_new_picture():
    """The kept roadmap picture is drawn anew when a milestone, the width or a legend word changes."""
    items = [
        {"title": "Prototyp", "start": "2027-01-01", "end": "2027-03-31", "status": "planned"},
        {"title": "Abnahme", "start": None, "end": "2027-05-15", "status": "done"},
    ]
    doc = Document(kind="vertrag", language="de", title="T")

    def picture(items, width=467.7, doc=doc):
        (only,) = figure_pictures(Figure("roadmap", CAPTION, {"items": items}), doc, width)
        return only

    first = picture(items)
    assert picture([dict(i) for i in items]).png == first.png  # equal input: the same picture
    moved = [dict(items[0], end="2027-06-30"), items[1]]
    renamed = [dict(items[0], title="Pilot"), items[1]]
    late = [items[0], dict(items[1], status="delayed")]
    for changed in (moved, renamed, late):
        assert picture(changed).png != first.png
    assert picture(items, width=300).width_px < first.width_px
    relabelled = Document(kind="vertrag", language="de", title="T", labels={"status_done": "fertig"})
    assert picture(items, doc=relabelled).png != first.png
    assert picture(items).png == first.png  # and back: the first picture again


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_shows_the_picture(tmp_path, project):
    """LibreOffice reads the picture and lays it out on the page of its caption."""
    pypdf = pytest.importorskip("pypdf")
    source = tmp_path / "skizze.docx"
    source.write_bytes(docx_bytes(project, "skizze"))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    reader = pypdf.PdfReader(str(tmp_path / "skizze.pdf"))
    pages = [page for page in reader.pages if CAPTION in page.extract_text()]
    assert pages
    drawn = pages[0].get_contents().get_data()  # the page paints the picture itself
    pictures = [im for im in pages[0].images if im.image.width > 1000]
    assert pictures
    assert any(f"/{im.name.rsplit('.', 1)[0]} Do".encode() in drawn for im in pictures)
