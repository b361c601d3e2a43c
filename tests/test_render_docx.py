"""The DOCX renderer: what a lawyer opening the draft in Word or LibreOffice sees."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn

from docsample import HOSTILE_NAMES, sample_document
from kooperation.drafting.docmodel import (
    BulletList,
    Clause,
    Document,
    Paragraph,
    Section,
    Text,
)
from kooperation.errors import RenderError
from kooperation.render import docx_styles as S
from kooperation.render.docx import (
    REFERENCE_DOCX,
    bookmark_name,
    clause_id_from_bookmark,
    render_docx,
)
from kooperation.render.docx_tables import CELL_PADDING, column_widths, widest_word
from kooperation.review.docx_numbering import numbering_of, paragraph_label

ROOT = Path(__file__).resolve().parent.parent
W_T = qn("w:t")
W_TAB = qn("w:tab")
W_BR = qn("w:br")
BOOKMARK_START = qn("w:bookmarkStart")
BOOKMARK_END = qn("w:bookmarkEnd")


@pytest.fixture(scope="module")
def model() -> Document:
    return sample_document()


@pytest.fixture(scope="module")
def data(model) -> bytes:
    return render_docx(model)


@pytest.fixture(scope="module")
def opened(data):
    return docx.Document(io.BytesIO(data))


def body_paragraphs(document):
    """Every paragraph in reading order, including those inside table cells."""
    return [
        docx.text.paragraph.Paragraph(p, document) for p in document.element.body.iter(qn("w:p"))
    ]


def labels(document) -> dict:
    """Paragraph element → its list number as Word shows it ("§ 3 ", "(1)\t", or "")."""
    numbering = numbering_of(document)
    assert numbering is not None
    return {p: paragraph_label(numbering, p) for p in document.element.body.iter(qn("w:p"))}


def shown(document, paragraphs) -> list[str]:
    """The paragraphs' text as a reader sees it: list number, then the text (the narrow
    no-break space after a "§" of the list as the model's no-break space)."""
    numbers = labels(document)
    return [(numbers[p._p] + p.text).replace("\u202f", "\u00a0") for p in paragraphs]


def all_text(document) -> str:
    return "\n".join(p.text for p in body_paragraphs(document))


def by_style(document, name: str):
    return [p for p in body_paragraphs(document) if p.style is not None and p.style.name == name]


def bookmarked_text(document, name: str) -> str:
    """The text between the start and the end of bookmark ``name``, in document order."""
    out: list[str] = []
    active_id = None
    for element in document.element.body.iter():
        if element.tag == BOOKMARK_START and element.get(qn("w:name")) == name:
            active_id = element.get(qn("w:id"))
        elif (
            element.tag == BOOKMARK_END
            and active_id is not None
            and element.get(qn("w:id")) == active_id
        ):
            break
        elif active_id is not None:
            if element.tag == W_T:
                out.append(element.text or "")
            elif element.tag == W_TAB:
                out.append("\t")
            elif element.tag in (W_BR, qn("w:p")):
                out.append("\n")
    return "".join(out)


# --- content ------------------------------------------------------------------------------------


def test_parties_appear_in_the_rubrum_with_bold_names(opened, model):
    """The rubrum lists every party after "zwischen", name in bold, with address and representative."""
    rubrum = by_style(opened, S.PARTIES)
    texts = [p.text for p in rubrum]
    assert texts[0] == "zwischen"
    for party in model.parties:
        block = next(p for p in rubrum if p.text.startswith(party.name))
        assert block.runs[0].bold is True
        assert block.runs[0].text == party.name
        assert party.address in block.text
        assert party.representative in block.text
        assert f"„{party.designation}“" in block.text
    assert texts.count("und") == 1  # before the last party only, as in the PDF
    assert rubrum[texts.index("und") + 1].text.startswith(model.parties[-1].name)
    assert texts[-1] == model.parties_outro


def test_title_block_shows_title_notice_and_meta(opened, model):
    """The first page shows title, subtitle, the draft notice in a box and project/version/date."""
    assert by_style(opened, S.TITLE)[0].text == model.title
    assert by_style(opened, S.SUBTITLE)[0].text == model.subtitle
    assert by_style(opened, S.DRAFT_NOTICE)[0].text == model.draft_notice
    meta = by_style(opened, S.META)[0].text
    assert "Plattform Łódź" in meta and "Version 3" in meta and "21.11.2026" in meta


def test_clause_headings_are_navigable_headings(opened, model):
    """Each "§ n Titel" is a heading based on Heading 2, so it shows in Word's navigation pane;
    the "§ n" is Word's list numbering, not typed, so inserting a § renumbers the rest."""
    paragraphs = by_style(opened, S.CLAUSE)
    assert [p.text for p in paragraphs] == [c.title for c in model.clauses()]
    headings = shown(opened, paragraphs)
    assert headings == [c.heading for c in model.clauses()]
    assert headings[0] == "§\u00a01 Gegenstand und Ziel der Kooperation"
    num_pr = opened.styles[S.CLAUSE].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    assert num_pr is not None  # a heading a lawyer adds in this style is numbered too
    style = opened.styles[S.CLAUSE]
    assert style.base_style.name == "Heading 2"
    sections = [p.text for p in by_style(opened, S.SECTION)]
    assert "Grundlagen" in sections and "Beendigung" in sections and "Präambel" in sections


def test_numbered_paragraphs_read_exactly_as_the_model(opened, model):
    """Every numbered paragraph reads "(n)<tab>text" in the hanging-indent body style, the
    "(n)" from the list (restarting in every §), the text typed."""
    paragraphs = by_style(opened, S.NUMBERED)
    assert not any(p.text.startswith("(") for p in paragraphs)
    numbered = shown(opened, paragraphs)
    expected = [
        f"({b.number})\t{b.text}"
        for c in model.clauses()
        for b in c.blocks
        if isinstance(b, Paragraph) and b.number is not None
    ]
    assert numbered == expected
    assert opened.styles[S.NUMBERED].paragraph_format.first_line_indent < 0


def test_bullet_items_are_word_list_paragraphs(opened):
    """Bullet points are real list paragraphs (Word numbering), not typed characters."""
    items = by_style(opened, S.BULLET)
    assert [p.text for p in items] == [
        "kurzfristig: Prototyp",
        "langfristig: Markteinführung in Łódź",
    ]
    num_pr = opened.styles[S.BULLET].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    assert num_pr is not None


def test_ordered_lists_restart_their_lettering():
    """Two a), b) lists in a row each start again at a)."""
    doc = Document(kind="vertrag", language="de", title="T", show_toc=False, show_signatures=False)
    doc.body = [
        BulletList([[Text("eins")], [Text("zwei")]], ordered=True),
        BulletList([[Text("drei")]], ordered=True),
    ]
    opened = docx.Document(io.BytesIO(render_docx(doc)))
    items = by_style(opened, S.ORDERED)
    num_ids = [p._p.pPr.numPr.numId.val for p in items]
    assert num_ids[0] == num_ids[1] != num_ids[2]


def test_open_points_are_highlighted(opened):
    """Open values are yellow, open-point notes are boxed, proposed open paragraphs shaded."""
    marks = [
        r
        for p in body_paragraphs(opened)
        for r in p.runs
        if r.text == "[offen: Mehrheit in Prozent]"
    ]
    assert len(marks) == 1
    assert marks[0].font.highlight_color == WD_COLOR_INDEX.YELLOW
    assert marks[0].style.name == S.OPEN_MARK
    note = by_style(opened, S.OPEN_NOTE)[0]
    assert note.runs[0].text == "Offener Punkt" and note.runs[0].bold
    assert "Mehrheitsregel" in note.text
    open_paragraph = next(p for p in by_style(opened, S.NUMBERED) if "Lenkungskreis" in p.text)
    assert open_paragraph._p.pPr.find(qn("w:shd")).get(qn("w:fill")) == "FFF2CC"


def test_cross_references_are_ref_fields_to_the_clause(opened):
    """ "§ 3" in § 1 is a REF field to the bookmark of § 3 (the number of its heading, linked),
    with "§ 3" as its current result; annex references stay links."""
    fields = []
    for p in body_paragraphs(opened):
        runs = list(p._p.iter(qn("w:r")))
        for i, run in enumerate(runs):
            instr = run.find(qn("w:instrText"))
            if instr is not None and instr.text.split()[0] == "REF":
                result = runs[i + 2].find(W_T)  # begin, code, separate, result, end
                fields.append((instr.text.split(), result.text if result is not None else ""))
    assert (["REF", "_kl_austritt", "\\n", "\\h"], "§ 3") in fields
    assert all(code[1].startswith("_kl_") and result.startswith("§") for code, result in fields)
    heading = next(p for p in by_style(opened, S.CLAUSE) if p.text.startswith("Austritt"))
    names = [b.get(qn("w:name")) for b in heading._p.iter(BOOKMARK_START)]
    ends = [b.get(qn("w:id")) for b in heading._p.iter(BOOKMARK_END)]
    start = next(b for b in heading._p.iter(BOOKMARK_START) if b.get(qn("w:name")) == "_kl_austritt")
    assert "kl_austritt" in names and start.get(qn("w:id")) in ends  # the heading alone
    links = opened.element.body.findall(f".//{qn('w:hyperlink')}")
    assert any(link.get(qn("w:anchor")) == "an_annex_ziele" for link in links)


def test_tables_have_a_repeated_header_row_and_all_rows(opened, model):
    """Annex tables show the header on every page and every row of the model, widths kept."""
    partner_table = next(t for t in opened.tables if t.rows[0].cells[0].text == "Partner")
    assert [c.text for c in partner_table.rows[0].cells] == ["Partner", "Sektor", "Beiträge"]
    assert [r.cells[0].text for r in partner_table.rows[1:]] == HOSTILE_NAMES
    assert partner_table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert partner_table.style.name == S.TABLE
    cols = [int(g.get(qn("w:w"))) for g in partner_table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert abs(cols[0] / cols[1] - 2.0) < 0.01 and cols[0] == cols[2]
    open_table = next(t for t in opened.tables if t.rows[0].cells[0].text == "Nr.")
    assert [c.text for c in open_table.rows[1].cells] == [
        "1",
        "Mehrheitsregel",
        "§ 2",
        "Klären bis März",
    ]


def test_roadmap_figure_becomes_a_milestone_table(opened):
    """The roadmap shows its caption and one row per milestone with German dates and status."""
    assert "Zeitplan der Meilensteine" in [p.text for p in by_style(opened, S.CAPTION)]
    table = next(t for t in opened.tables if t.rows[0].cells[0].text == "Meilenstein")
    assert [c.text for c in table.rows[1].cells] == [
        "Prototyp",
        "01.01.2027",
        "31.03.2027",
        "geplant",
    ]
    assert [c.text for c in table.rows[2].cells][0] == "Pilotkunde"


def test_annexes_start_on_a_new_page(opened, model):
    """Each annex begins on a new page with its heading "Anlage n – Titel"."""
    annexes = by_style(opened, S.ANNEX)
    assert [p.text for p in annexes] == [a.heading for a in model.annexes]
    for p in annexes:
        assert p.paragraph_format.page_break_before or p.style.paragraph_format.page_break_before


def test_every_party_has_a_signature_block(opened, model):
    """The signature page has place/date and signature lines, name and representative per party."""
    assert model.signature_title in [p.text for p in by_style(opened, S.SECTION)]
    table = opened.tables[-4]  # signature table comes before the three annexes' tables
    cells = [c for row in table.rows for c in row.cells]
    texts = [c.text for c in cells]
    for party in model.parties:
        cell = next(c for c in cells if party.name in c.text)
        lines = [p.text for p in cell.paragraphs]
        assert lines[0] == model.signature_place_date
        assert lines[1] == party.name and cell.paragraphs[1].runs[0].bold
        assert party.representative in lines
    assert sum(t.count(model.signature_place_date) for t in texts) == len(model.parties)
    assert len(by_style(opened, S.SIGNATURE_LINE)) == 2 * len(model.parties)


def test_toc_lists_every_heading_with_fields_for_number_and_page(opened, data, model):
    """The contents lists every heading, linked to it, with its page as a PAGEREF field and a
    §'s number as a REF field; Word updates them on opening, LibreOffice while laying out."""
    assert by_style(opened, S.TOC_TITLE)[0].text == "Inhaltsverzeichnis"
    entries = [p for p in body_paragraphs(opened) if p.style.name == "toc 2"]
    assert [p.text.split("\t")[0] for p in entries] == [c.heading for c in model.clauses()]
    for p, clause in zip(entries, model.clauses(), strict=True):
        codes = [t.text.split() for t in p._p.iter(qn("w:instrText"))]
        heading = "_" + bookmark_name(clause.id)  # around the heading alone
        assert codes == [["REF", heading, "\\n", "\\h"], ["PAGEREF", heading, "\\h"]]
    assert not any("TOC" in t.text for t in opened.element.body.iter(qn("w:instrText")))
    settings = zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings


# --- bookmarks ----------------------------------------------------------------------------------


def test_each_clause_is_wrapped_in_exactly_one_bookmark(opened, model):
    """Each clause has one bookmark from its heading to its last paragraph, for review import."""
    starts = opened.element.body.findall(f".//{qn('w:bookmarkStart')}")
    ends = opened.element.body.findall(f".//{qn('w:bookmarkEnd')}")
    ids = [s.get(qn("w:id")) for s in starts]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(e.get(qn("w:id")) for e in ends)
    clauses = model.clauses()
    for i, clause in enumerate(clauses):
        name = bookmark_name(clause.id)
        matching = [s for s in starts if s.get(qn("w:name")) == name]
        assert len(matching) == 1
        text = bookmarked_text(opened, name)
        assert text.startswith(clause.title)  # "§ n" is the heading's list number
        assert text.rstrip("\n").endswith(clause.blocks[-1].text.replace("\n", "\n"))
        if i + 1 < len(clauses):
            assert clauses[i + 1].heading not in text


def test_bookmark_names_round_trip_and_are_valid_for_word():
    """Bookmark names are valid Word names and lead back to the clause id."""
    longest = "a" + "b_9" * 11 + "z" * 2
    assert len(longest) == 36
    for clause_id in ("gegenstand", "x", "ip_rechte_2", longest):
        name = bookmark_name(clause_id)
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name)
        assert clause_id_from_bookmark(name) == clause_id
    for bad in ("", "1abc", "Gegenstand", "ge-gen", "a" * 37, "ä", None):
        with pytest.raises(ValueError):
            bookmark_name(bad)
    for other in (
        "_Toc123456",
        "_GoBack",
        "an_annex_partner",
        "kl_",
        "kl_Gross",
        "Anmerkung",
        None,
    ):
        assert clause_id_from_bookmark(other) is None


# --- text is data -------------------------------------------------------------------------------


def test_hostile_names_come_out_literally(opened, data):
    """Names that look like template code or markup are printed exactly as typed."""
    text = all_text(opened)
    for name in HOSTILE_NAMES + ["{{ 7*7 }} & <i>Co</i>"]:
        assert name in text
    assert "49" not in text
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "&lt;b&gt;Fett&lt;/b&gt; &amp; Co. KG" in xml
    assert "<b>Fett" not in xml


def test_control_characters_are_dropped_not_fatal():
    """Text with control characters (pasted from elsewhere) still gives a document."""
    doc = sample_document()
    doc.parties[0].name = "Acme\x00 \x07GmbH\x1b"
    doc.title = "Vertrag\x0c mit\ud800 Fehlern\ufffe"
    doc.sections[0].clauses[0].blocks.append(
        Paragraph([Text("Zeile 1\x0bZeile 2\r\nZeile 3\tEnde")])
    )
    opened = docx.Document(io.BytesIO(render_docx(doc)))
    text = all_text(opened)
    assert "Acme GmbH" in text
    assert by_style(opened, S.TITLE)[0].text == "Vertrag mit Fehlern"
    assert "Zeile 1\nZeile 2\nZeile 3\tEnde" in text


# --- page furniture, properties, reproducibility ------------------------------------------------


def test_header_footer_and_watermark(opened, data):
    """Every page after the cover shows the header line and "Entwurf · Version 3 · erstellt am
    21.11.2026 – Seite X von Y"; the cover shows only the ENTWURF watermark."""
    section = opened.sections[0]
    assert (
        section.header.paragraphs[0].text == "Kooperationsvertrag – Entwurf zur rechtlichen Prüfung"
    )
    footer = section.footer.paragraphs[0]
    instructions = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Entwurf · Version 3 · erstellt am 21.11.2026\tSeite ")
    assert " von " in footer.text
    for header in (section.header, section.first_page_header):
        header_xml = header.part.blob.decode("utf-8")
        assert 'string="ENTWURF"' in header_xml and "_x0000_t136" in header_xml
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    assert all(p.text == "" for p in section.first_page_footer.paragraphs)
    assert abs(section.page_width.cm - 21.0) < 0.01 and abs(section.page_height.cm - 29.7) < 0.01


def test_document_properties_name_the_draft(opened):
    """File properties carry title, "Entwurf", author and the draft's date."""
    props = opened.core_properties
    assert props.title == "Kooperationsvertrag – Plattform „Łódź & Ørsted“"
    assert props.subject == "Entwurf"
    assert props.author.startswith(HOSTILE_NAMES[0] + ", ")
    assert props.author.endswith(" und " + HOSTILE_NAMES[-1])
    assert props.last_modified_by == "Kooperation"
    assert "Plattform Łódź" in props.keywords
    assert props.created.date().isoformat() == "2026-11-21"
    assert props.modified == props.created


def test_same_input_gives_same_bytes(data):
    """Rendering the same draft twice gives byte-identical files (versions compare cleanly)."""
    assert render_docx(sample_document()) == data


def _timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def test_minimal_and_english_documents_render():
    """A bare document without parties or clauses renders, English labels fill the gaps."""
    doc = Document(kind="loi", language="en", title="Letter of intent")
    opened = docx.Document(io.BytesIO(render_docx(doc)))
    assert by_style(opened, S.TITLE)[0].text == "Letter of intent"
    footer = opened.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Draft\tPage ") and " of " in footer
    assert 'string="DRAFT"' in opened.sections[0].header.part.blob.decode("utf-8")


def test_duplicate_clause_id_gets_one_bookmark():
    """A clause id used twice still renders; only the first clause carries the bookmark."""
    doc = Document(kind="vertrag", language="de", title="T")
    doc.sections = [Section("s", "S", [Clause("dup", "A", number=1), Clause("dup", "B", number=2)])]
    opened = docx.Document(io.BytesIO(render_docx(doc)))
    starts = [
        s for s in opened.element.body.iter(BOOKMARK_START) if s.get(qn("w:name")) == "kl_dup"
    ]
    assert len(starts) == 1


def test_invalid_clause_id_is_a_render_error():
    """A clause id Word cannot use as a bookmark gives a clear German message."""
    doc = Document(kind="vertrag", language="de", title="T")
    doc.sections = [Section("s", "S", [Clause("Ungültig-ID", "A", number=1)])]
    with pytest.raises(RenderError, match="keine gültige Kennung"):
        render_docx(doc)


# --- reference document -------------------------------------------------------------------------


def test_packaged_reference_defines_every_style():
    """The shipped style sheet has every style the renderer asks for, on A4."""
    reference = docx.Document(str(REFERENCE_DOCX))
    names = {s.name for s in reference.styles}
    for name in S.STYLE_IDS:
        assert name in names, name
    assert abs(reference.sections[0].page_width.cm - 21.0) < 0.01


def test_reference_script_is_reproducible(tmp_path):
    """Running scripts/make_reference_docx.py twice gives the same file."""
    spec = importlib.util.spec_from_file_location(
        "make_reference_docx", ROOT / "scripts" / "make_reference_docx.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    first = module.build(tmp_path / "a.docx")
    second = module.build(tmp_path / "b.docx")
    assert first == second
    docx.Document(str(tmp_path / "a.docx"))


def test_firm_reference_with_own_styles_is_used(tmp_path, model):
    """A firm's own .docx: its "Kooperation Absatz" is used, missing styles fall back to Word's."""
    firm = docx.Document()  # python-docx's plain template: none of our styles
    style = firm.styles.add_style(S.NUMBERED, docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    style.font.name = "Arial"
    style.font.size = docx.shared.Pt(10)
    firm.add_paragraph("Briefkopf der Kanzlei")  # body content of the reference is not copied
    firm.sections[0].different_first_page_header_footer = True
    path = tmp_path / "kanzlei.docx"
    firm.save(str(path))

    opened = docx.Document(io.BytesIO(render_docx(model, reference=path)))
    numbered = shown(opened, by_style(opened, S.NUMBERED))
    assert len(numbered) > 10 and numbered[0].startswith("(1)\t")
    assert opened.styles[S.NUMBERED].font.name == "Arial"
    headings = shown(opened, by_style(opened, "Heading 2"))
    assert headings == [c.heading for c in model.clauses()]
    assert "Briefkopf der Kanzlei" not in all_text(opened)
    marks = [r for p in body_paragraphs(opened) for r in p.runs if r.text.startswith("[offen:")]
    assert marks and marks[0].font.highlight_color == WD_COLOR_INDEX.YELLOW
    assert bookmarked_text(opened, "kl_gegenstand").startswith("Gegenstand")
    assert all(name in all_text(opened) for name in HOSTILE_NAMES)
    assert "•\tkurzfristig: Prototyp" in all_text(opened)  # no list definition: typed bullet
    first_page = opened.sections[0].first_page_header  # the cover: watermark only
    assert first_page.paragraphs[0].text == ""
    assert 'string="ENTWURF"' in first_page.part.blob.decode("utf-8")
    assert opened.sections[0].header.paragraphs[0].text == model.labels["header"]


def test_narrow_columns_are_widened_for_long_words():
    """Table columns are wide enough for their longest word ("Verantwortlich", a date)."""
    header = ["Nr.", "Meilenstein", "Beginn", "Ende", "Verantwortlich", "Status"]
    rows = [
        [
            "1",
            "Auftaktworkshop und Kooperationsvertrag",
            "11.01.2027",
            "26.02.2027",
            "ProdTech",
            "geplant",
        ]
    ]
    widths = column_widths(header, rows, [0.5, 4, 0.6, 0.6, 0.8, 0.8], 9355)
    assert sum(widths) == 9355
    for c, width in enumerate(widths):
        assert width >= widest_word(header[c], bold=True) + CELL_PADDING
        assert width >= widest_word(rows[0][c]) + CELL_PADDING
    assert widths[1] > widths[4]  # the weights still shape the rest
    # too many long words: the dates keep their width, the hyphenatable long word gives way
    crowded = column_widths(
        ["Datum"] * 6 + ["Gesellschaft"],
        [["01.01.2027"] * 6 + ["Donaudampfschifffahrtsgesellschaft"]],
        [1] * 7,
        9355,
    )
    assert sum(crowded) == 9355
    assert all(w >= widest_word("01.01.2027") + CELL_PADDING for w in crowded[:6])
    assert crowded[6] < widest_word("Donaudampfschifffahrtsgesellschaft")


def test_word_template_dotx_is_accepted(tmp_path, model):
    """A firm's Word template (.dotx) works as reference too."""
    source = zipfile.ZipFile(REFERENCE_DOCX)
    path = tmp_path / "vorlage.dotx"
    with zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(info, blob)
    opened = docx.Document(io.BytesIO(render_docx(model, reference=path)))
    assert by_style(opened, S.CLAUSE)


def test_missing_or_broken_reference_is_a_render_error(tmp_path, model):
    """A missing or non-DOCX style sheet gives a clear German message, not a traceback."""
    with pytest.raises(RenderError, match="nicht gefunden"):
        render_docx(model, reference=tmp_path / "fehlt.docx")
    text_file = tmp_path / "kaputt.docx"
    text_file.write_text("kein Word", encoding="utf-8")
    with pytest.raises(RenderError, match="keine gültige DOCX-Datei"):
        render_docx(model, reference=text_file)
    other_zip = tmp_path / "tabelle.docx"
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("hallo.txt", "nichts")
    with pytest.raises(RenderError, match="keine gültige DOCX-Datei"):
        render_docx(model, reference=other_zip)
    with pytest.raises(RenderError, match="keine gültige DOCX-Datei"):
        render_docx(model, reference=tmp_path)


def test_renderer_does_not_import_qt():
    """The renderer works headless: importing it loads no Qt module."""
    code = "import sys, kooperation.render.docx; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_draft(tmp_path, data, model):
    """LibreOffice converts the draft to PDF with names, headings, page numbers intact."""
    pypdf = pytest.importorskip("pypdf")
    source = tmp_path / "entwurf.docx"
    source.write_bytes(data)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    reader = pypdf.PdfReader(str(tmp_path / "entwurf.pdf"))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    for needle in [
        "§ 1 Gegenstand und Ziel der Kooperation",
        "Anlage 3 – Offene Punkte",
        "Seite 2 von",
    ]:
        assert needle in flat
    for name in HOSTILE_NAMES:
        assert re.sub(r"\s+", " ", name) in flat
    assert f"von {len(reader.pages)}" in flat
