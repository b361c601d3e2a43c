"""Reading a returned DOCX: clauses, comments and tracked changes mapped to clause ids.

The files are real: our own generated agreement, the same with comments added through
python-docx and tracked changes inserted as WordprocessingML, the same with its bookmarks
removed, and small hand-written documents for the odd structures Word and LibreOffice produce.
"""

from __future__ import annotations

import copy
import io
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from kooperation.domain.demo import demo_project
from kooperation.drafting.build import build_agreement
from kooperation.drafting.docmodel import Note, Paragraph, Table, Text
from kooperation.errors import InputError
from kooperation.render.docx import render_docx
from kooperation.review.docx_read import parse_date, read_review_docx, read_review_docx_file
from kooperation.review.model import PART_TITLE
from lo_fixtures import expected_clause_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
NS = {"w": W}
EXTENDED_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
)
EXTENDED_REL = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
ANNA = "Dr. Anna Berg"
MAX = "Max Muster"


@pytest.fixture(scope="module")
def model():
    return build_agreement(demo_project(), "vertrag", "de")


@pytest.fixture(scope="module")
def data(model) -> bytes:
    return render_docx(model)


def replace_part(data: bytes, name: str, content: bytes) -> bytes:
    """The DOCX ``data`` with part ``name`` replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
        target.writestr(name, content)
    return out.getvalue()


def make_docx(body: str, comments: str | None = None, extended: str | None = None) -> bytes:
    """A minimal DOCX around the body XML ``body`` (prefix ``w:``), with optional comments."""
    ns = f'xmlns:w="{W}" xmlns:w14="{W14}" xmlns:w15="{W15}"'
    rels = []
    parts = {"word/document.xml": f"<w:document {ns}><w:body>{body}</w:body></w:document>"}
    if comments is not None:
        parts["word/comments.xml"] = f"<w:comments {ns}>{comments}</w:comments>"
        rels.append('<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/comments" Target="comments.xml"/>')  # fmt: skip
    if extended is not None:
        parts["word/commentsExtended.xml"] = f"<w15:commentsEx {ns}>{extended}</w15:commentsEx>"
        rels.append(
            f'<Relationship Id="rId2" Type="{EXTENDED_REL}" Target="commentsExtended.xml"/>'
        )
    parts["word/_rels/document.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels)
        + "</Relationships>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())
    return out.getvalue()


def p(*content: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(content)}</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def bm(bid: int, name: str) -> str:
    return f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>'


def be(bid: int) -> str:
    return f'<w:bookmarkEnd w:id="{bid}"/>'


# --- (a) our own file ----------------------------------------------------------------------------


def test_generated_docx_reads_back_every_clause(model, data):
    review = read_review_docx(data)
    clauses = list(model.clauses())
    assert review.has_bookmarks
    assert [c.id for c in review.clauses] == [c.id for c in clauses]
    for found, clause in zip(review.clauses, clauses, strict=True):
        assert (found.number, found.title) == (clause.number, clause.title), clause.id
        assert found.text == expected_clause_text(clause), clause.id
        assert found.original_text == found.text
        if not any(isinstance(b, Note) for b in clause.blocks):
            assert found.text == clause.text, clause.id  # numbered "(1)<tab>" markers removed
    assert review.comments == []
    assert review.changes == []


def test_every_block_kind_reads_back_including_tables():
    """The renderer test document (bullet lists, notes, open marks, hostile names) plus a table
    inside a clause: table cells are read like paragraphs."""
    from docsample import sample_document

    doc = sample_document(paragraphs_in_long_clause=3)
    final = doc.sections[-1].clauses[-1]
    final.blocks.append(Table(["Frist", "Form"], [["3 Monate", "Textform"], ["", "{{ x }}"]]))
    final.blocks.append(Paragraph([Text("Nach der Tabelle.")], number=2))
    review = read_review_docx(render_docx(doc))
    assert [(c.id, c.number, c.title) for c in review.clauses] == [
        (c.id, c.number, c.title) for c in doc.clauses()
    ]
    for found, clause in zip(review.clauses, doc.clauses(), strict=True):
        assert found.text == expected_clause_text(clause), clause.id


def test_reading_from_a_path(tmp_path, data):
    path = tmp_path / "Vertrag mit Kommentaren.docx"
    path.write_bytes(data)
    assert len(read_review_docx_file(path).clauses) == len(read_review_docx(data).clauses)


# --- (b) comments and tracked changes -------------------------------------------------------------


def clause_paragraphs(document, clause_id: str):
    """The python-docx paragraphs of a clause: from the one holding its bookmark start (the
    heading) to the one holding its end."""
    body = document.element.body
    start = body.xpath(f".//w:bookmarkStart[@w:name='kl_{clause_id}']")[0]
    bid = start.get(qn("w:id"))
    end = body.xpath(f".//w:bookmarkEnd[@w:id='{bid}']")[0]
    elements = [par._p for par in document.paragraphs]
    first, last = elements.index(start.getparent()), elements.index(end.getparent())
    return document.paragraphs[first : last + 1]


def w(tag: str, attrs: dict[str, str] | None = None, *children, text: str | None = None):
    element = etree.Element(qn(tag), {qn(k): v for k, v in (attrs or {}).items()})
    element.extend(children)
    if text is not None:
        element.text = text
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return element


def change(tag: str, bid: int, author: str, date: str, text: str):
    text_tag = "w:delText" if tag in ("w:del",) else "w:t"
    run = w("w:r", None, w(text_tag, text=text))
    return w(tag, {"w:id": str(bid), "w:author": author, "w:date": date}, run)


def replace_word(run, old: str, new: str, author: str, date: str) -> None:
    """Turn ``old`` in ``run`` into a tracked deletion followed by a tracked insertion of
    ``new``, as Word does when one overtypes a word with change tracking on."""
    text = run.text
    before, after = text.split(old, 1)
    run.text = before
    tail = copy.deepcopy(run._r)
    tail.remove(tail.find(qn("w:t")))
    tail.append(w("w:t", text=after))
    run._r.addnext(tail)
    run._r.addnext(change("w:ins", 902, author, date, new))
    run._r.addnext(change("w:del", 901, author, date, old))


@pytest.fixture(scope="module")
def annotated(data) -> tuple[bytes, dict[str, int]]:
    """The generated DOCX with comments (python-docx) and tracked changes (WordprocessingML)."""
    document = docx.Document(io.BytesIO(data))
    ids: dict[str, int] = {}

    beitraege = clause_paragraphs(document, "beitraege")
    first = document.add_comment(
        beitraege[1].runs[0], text="Bitte konkretisieren.\nWelche Beiträge genau?", author=ANNA,
        initials="AB",
    )  # fmt: skip
    reply = document.add_comment(beitraege[1].runs[0], text="Siehe Anlage 1.", author=MAX)
    kosten = clause_paragraphs(document, "kosten")
    across = document.add_comment(
        [kosten[1].runs[0], kosten[2].runs[-1]], text="Zu eng.", author=MAX
    )
    title = document.add_comment(document.paragraphs[0].runs[0], text="Titel passt.", author=MAX)
    heading = clause_paragraphs(document, "koordination")[0]
    on_heading = document.add_comment(heading.runs[0], text="Überschrift ändern?", author=ANNA)
    for name, comment, para_id in [("first", first, "1A000001"), ("reply", reply, "1A000002"),
                                    ("across", across, "1A000003"), ("title", title, "1A000004"),
                                    ("heading", on_heading, "1A000005")]:  # fmt: skip
        ids[name] = comment.comment_id
        comment._comment_elm.set(qn("w:date"), "2025-02-03T14:05:00Z")
        comment._comment_elm.findall(qn("w:p"))[-1].set(f"{{{W14}}}paraId", para_id)
    extended = (
        f'<w15:commentsEx xmlns:w15="{W15}"><w15:commentEx w15:paraId="1A000001" w15:done="0"/>'
        '<w15:commentEx w15:paraId="1A000002" w15:paraIdParent="1A000001" w15:done="0"/>'
        "</w15:commentsEx>"
    )
    part = Part(PackURI("/word/commentsExtended.xml"), EXTENDED_TYPE, extended.encode(),
                document.part.package)  # fmt: skip
    document.part.relate_to(part, EXTENDED_REL)

    haftung = clause_paragraphs(document, "haftung")
    haftung[1].runs[0]._r.addprevious(
        change("w:ins", 900, ANNA, "2025-02-04T08:00:00Z", "Vorbehaltlich abweichender Abreden: ")
    )
    replace_word(kosten[1].runs[0], "selbst", "allein", MAX, "2025-02-04T09:00:00+01:00")
    rechtsnatur = clause_paragraphs(document, "rechtsnatur")
    run = rechtsnatur[2].runs[0]._r  # formatting only: made bold with change tracking
    run.insert(0, w("w:rPr", None, w("w:b"), w("w:rPrChange", {"w:id": "903", "w:author": ANNA},
                                                w("w:rPr"))))  # fmt: skip
    steuerung = clause_paragraphs(document, "steuerung")
    ppr = steuerung[1]._p.get_or_add_pPr()
    ppr.append(w("w:rPr", None, w("w:del", {"w:id": "904", "w:author": ANNA})))  # joined with (2)
    fifth, sixth = [par for par in steuerung if par.style.name == "Kooperation Absatz"][4:6]
    moved = fifth.runs[0]._r  # moved from (5) to the end of (6), without a date
    moved.addprevious(w("w:moveFrom", {"w:id": "905", "w:author": MAX}, copy.deepcopy(moved)))
    moved.getparent().remove(moved)
    sixth._p.append(w("w:moveTo", {"w:id": "906", "w:author": MAX}, copy.deepcopy(moved)))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), ids


def test_comments_are_mapped_to_their_clauses(annotated, model):
    data, ids = annotated
    review = read_review_docx(data)
    comments = {c.key: c for c in review.comments}
    assert set(comments) == {str(i) for i in ids.values()}
    first = comments[str(ids["first"])]
    assert (first.clause_id, first.author, first.initials) == ("beitraege", ANNA, "AB")
    assert first.date == datetime(2025, 2, 3, 14, 5, tzinfo=UTC)
    assert first.text == "Bitte konkretisieren.\nWelche Beiträge genau?"
    assert first.anchor_text == "Jeder Partner erbringt die in"
    beitraege = next(c for c in model.clauses() if c.id == "beitraege")
    assert first.context == beitraege.blocks[0].text
    assert first.parent_key is None

    reply = comments[str(ids["reply"])]
    assert (reply.parent_key, reply.clause_id, reply.author) == (first.key, "beitraege", MAX)

    across = comments[str(ids["across"])]
    assert across.clause_id == "kosten"
    assert across.anchor_text.startswith("Jeder Partner trägt")
    assert across.anchor_text.count("\n") == 1 and across.context.count("\n") == 1
    title = comments[str(ids["title"])]
    assert (title.clause_id, title.part) == (PART_TITLE, PART_TITLE)  # a part, not a clause
    assert comments[str(ids["heading"])].clause_id == "koordination"
    assert comments[str(ids["heading"])].anchor_text == "Koordination"  # "§ 5" is the list's


def test_tracked_changes_are_mapped_to_their_clauses(annotated, model):
    review = read_review_docx(annotated[0])
    found = [(c.kind, c.clause_id, c.author, c.text) for c in review.changes]
    assert found == [
        ("delete", "kosten", MAX, "selbst"),
        ("insert", "kosten", MAX, "allein"),
        ("delete", "steuerung", MAX, review.changes[2].text),
        ("insert", "steuerung", MAX, review.changes[2].text),
        ("insert", "haftung", ANNA, "Vorbehaltlich abweichender Abreden: "),
    ]
    assert review.changes[0].date == datetime(2025, 2, 4, 8, 0, tzinfo=UTC)
    assert review.changes[-1].date == datetime(2025, 2, 4, 8, 0, tzinfo=UTC)
    assert review.changes[2].date is None  # no w:date: no date, no crash
    assert "selbst" in review.changes[0].context and "allein" in review.changes[1].context

    by_id = {c.id: c for c in review.clauses}
    model_by_id = {c.id: c for c in model.clauses()}
    kosten = by_id["kosten"]
    assert kosten.original_text == model_by_id["kosten"].text
    assert kosten.text == model_by_id["kosten"].text.replace("selbst.", "allein.", 1)
    haftung = by_id["haftung"]
    assert haftung.original_text == model_by_id["haftung"].text
    assert haftung.text.startswith("Vorbehaltlich abweichender Abreden: Die Partner haften")
    assert by_id["rechtsnatur"].text == model_by_id["rechtsnatur"].text  # formatting only

    steuerung = by_id["steuerung"]
    assert steuerung.original_text == model_by_id["steuerung"].text
    lines, original = steuerung.text.split("\n"), steuerung.original_text.split("\n")
    assert len(lines) == len(original) - 1  # the deleted paragraph mark joined (1) and (2)
    assert lines[0] == original[0] + original[1]  # one paragraph: one number
    moved = review.changes[2].text
    assert moved and original[-2].startswith(moved) and not lines[-2].startswith(moved)
    assert lines[-1] == original[-1] + moved


def test_odd_attributes_missing_never_crash(annotated):
    """Every attribute removed from document and comments: still a result, never a traceback."""
    data = annotated[0]
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in ("word/document.xml", "word/comments.xml"):
        root = etree.fromstring(archive.read(name))
        for element in root.iter():
            if isinstance(element.tag, str):
                element.attrib.clear()
        data = replace_part(data, name, etree.tostring(root))
    review = read_review_docx(data)
    assert review.comments and all(c.date is None for c in review.comments)
    assert not review.has_bookmarks  # the bookmark names are gone with the attributes


# --- bookmarks moved, lost, duplicated ------------------------------------------------------------


def test_bookmarks_moved_by_an_editor_still_give_the_right_clause():
    body = (
        p(r("§ 1 Zweck"), bm(1, "kl_zweck"))  # start drifted to the end of the heading
        + p(r("Text eins."))
        + p(be(1), bm(2, "kl_dauer"), r("§ 2 Dauer"))  # end drifted into the next heading
        + p(r("Text zwei."), be(2))
    )
    review = read_review_docx(make_docx(body))
    assert [(c.id, c.number, c.title, c.text) for c in review.clauses] == [
        ("zweck", 1, "Zweck", "Text eins."),
        ("dauer", 2, "Dauer", "Text zwei."),
    ]


def test_a_bookmark_start_without_end_is_closed_by_its_alias():
    """LibreOffice 7 writes a clause bookmark as two starts with one end (ids differ)."""
    body = (
        p(bm(5, "kl_zweck"), r("§ 1 Zweck"))
        + p(r("(1)"), "<w:r><w:tab/></w:r>", r("Text eins."))
        + p(bm(6, "kl_zweck"), r("(2)\tText zwei."), be(6))
        + p(r("Unterschriften"))
    )
    review = read_review_docx(make_docx(body))
    assert [(c.id, c.text) for c in review.clauses] == [("zweck", "Text eins.\nText zwei.")]


def test_paragraphs_in_tables_and_content_controls_are_read():
    cell = "<w:tc>" + p(r("Zelle")) + "</w:tc>"
    body = (
        p(bm(1, "kl_anlage"), r("§ 1 Anlage"))
        + f"<w:tbl><w:tr>{cell}{cell}</w:tr></w:tbl>"
        + "<w:sdt><w:sdtPr/><w:sdtContent>" + p(r("Im Steuerelement"), be(1)) + "</w:sdtContent></w:sdt>"
    )  # fmt: skip
    review = read_review_docx(make_docx(body))
    assert review.clauses[0].text == "Zelle\nZelle\nIm Steuerelement"


def test_strict_open_xml_is_read_too():
    data = make_docx(p(bm(1, "kl_zweck"), r("§ 1 Zweck")) + p(r("Text."), be(1)))
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    document = (
        zipfile.ZipFile(io.BytesIO(data))
        .read("word/document.xml")
        .replace(W.encode(), strict.encode())
    )
    review = read_review_docx(replace_part(data, "word/document.xml", document))
    assert [(c.id, c.text) for c in review.clauses] == [("zweck", "Text.")]


def test_point_comment_and_reply_written_as_separate_comments():
    """A comment with only a w:commentReference (as LibreOffice writes a point comment), and a
    comment whose anchor is missing altogether."""
    body = p(bm(1, "kl_zweck"), r("§ 1 Zweck")) + p(
        r("Vorher "), '<w:r><w:commentReference w:id="7"/></w:r>', r("nachher."), be(1)
    )
    comments = (
        '<w:comment w:id="7" w:author="Lena" w:date="2025-03-04T10:15:00.1234567Z">'
        + p(r("Erste Zeile")) + p(r("Zweite Zeile")) + "</w:comment>"
        '<w:comment w:id="8" w:author="Lena">' + p(r("Verwaist")) + "</w:comment>"
    )  # fmt: skip
    review = read_review_docx(make_docx(body, comments))
    point, orphan = review.comments
    assert (point.clause_id, point.anchor_text, point.context) == ("zweck", "", "Vorher nachher.")
    assert point.text == "Erste Zeile\nZweite Zeile"
    assert point.date == datetime(2025, 3, 4, 10, 15, 0, 123456, tzinfo=UTC)
    assert (orphan.clause_id, orphan.date, orphan.parent_key) == (None, None, None)


# --- (c) bookmarks lost: clauses by their headings -------------------------------------------------


def test_without_bookmarks_clauses_are_found_by_headings(model, data):
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    for mark in root.xpath("//w:bookmarkStart | //w:bookmarkEnd", namespaces=NS):
        mark.getparent().remove(mark)
    review = read_review_docx(replace_part(data, "word/document.xml", etree.tostring(root)))
    clauses = list(model.clauses())
    assert review.has_bookmarks is False
    assert [(c.id, c.number, c.title) for c in review.clauses] == [
        (None, c.number, c.title) for c in clauses
    ]  # the table of contents lists them too, but gives no clause of its own
    for found, clause in zip(review.clauses, clauses, strict=True):
        assert found.text == expected_clause_text(clause), clause.number


def test_fallback_without_heading_styles_keeps_references_as_text():
    body = (
        p(r("Kooperationsvertrag"))
        + p(r("§ 1 Zweck"))
        + p(r("Die Partner arbeiten zusammen."))
        + p(r("§ 5 gilt entsprechend."))
        + p(r("§\u00a02 Dauer"))
        + p(r("Ein Jahr."))
    )
    review = read_review_docx(make_docx(body))
    assert not review.has_bookmarks
    assert [(c.id, c.number, c.title, c.text) for c in review.clauses] == [
        (None, 1, "Zweck", "Die Partner arbeiten zusammen.\n§ 5 gilt entsprechend."),
        (None, 2, "Dauer", "Ein Jahr."),
    ]


def test_a_document_without_any_clause_gives_an_empty_result():
    review = read_review_docx(make_docx(p(r("Nur ein Brief."))))
    assert (review.clauses, review.comments, review.changes) == ([], [], [])


def test_a_zip_that_is_not_a_word_document_is_refused():
    data = replace_part(make_docx(""), "word/document.xml", b"<kein-word><body/></kein-word>")
    with pytest.raises(InputError, match="kein Word-Dokument"):
        read_review_docx(data)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-04T10:15:00Z", datetime(2025, 3, 4, 10, 15, tzinfo=UTC)),
        ("2025-03-04T10:15:00", datetime(2025, 3, 4, 10, 15, tzinfo=UTC)),
        ("2025-03-04T10:15Z", datetime(2025, 3, 4, 10, 15, tzinfo=UTC)),
        ("2025-03-04T11:15:00+01:00", datetime(2025, 3, 4, 10, 15, tzinfo=UTC)),
        ("2025-03-04", datetime(2025, 3, 4, tzinfo=UTC)),
        ("2025-02-30T10:00:00Z", None),
        ("gestern", None),
        ("", None),
        (None, None),
    ],
)
def test_dates(value, expected):
    assert parse_date(value) == expected
