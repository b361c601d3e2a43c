"""Word's own comment parts, built by hand as Word writes them: ``commentsExtended.xml`` (replies
by ``w15:paraIdParent``, done by ``w15:done``) and ``commentsIds.xml`` (durable ids); and the
rule that one bad item never stops the others."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from kooperation.domain.demo import demo_project
from kooperation.drafts import generate_draft
from kooperation.review import importer
from kooperation.review.docx_read import read_review_docx
from kooperation.review.importer import import_review_docx, plan_import
from kooperation.review.model import (
    PART_PARTIES,
    PART_SIGNATURES,
    ClauseText,
    CommentStatus,
    is_part,
    part_label,
)
from kooperation.store.repository import open_store

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W16CID = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
EXTENDED_REL = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
IDS_REL = "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"

# (starts the paragraph, author, text, paraId, parent paraId, done, durable id)
WORD_COMMENTS = [
    ("zwischen", "RA Clara Vogt", "Rechtsform der Stadt prüfen.", "1A2B3C01", None, False, "5E1F0A01"),
    ("zwischen", "Max Muster", "Ist geprüft: Eigenbetrieb.", "1A2B3C02", "1A2B3C01", False, "5E1F0A02"),
    ("Unterschriften", "RA Clara Vogt", "Vertretungsregeln klären.", "1A2B3C03", None, True, "5E1F0A03"),
    ("Unterschriften", "RA Clara Vogt", "Vertretungsregeln klären.", "1A2B3C04", None, False, "5E1F0A04"),
]  # fmt: skip


def q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def with_word_comments(docx: bytes, first_id: int = 0) -> bytes:
    """``docx`` with `WORD_COMMENTS` anchored at the start of their paragraphs, and Word's
    comments, commentsExtended and commentsIds parts; ``first_id`` shifts every ``w:id``."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    document = etree.fromstring(source.read("word/document.xml"))
    comments = etree.Element(q(W, "comments"), nsmap={"w": W, "w14": W14})
    extended = etree.Element(q(W15, "commentsEx"), nsmap={"w15": W15})
    ids = etree.Element(q(W16CID, "commentsIds"), nsmap={"w16cid": W16CID})
    for n, (start, author, text, para_id, parent, done, durable) in enumerate(WORD_COMMENTS):
        key = str(first_id + n)
        paragraph = next(
            p for p in document.iter(q(W, "p"))
            if "".join(t.text or "" for t in p.iter(q(W, "t"))).startswith(start)
            and "TOC" not in "".join(s.get(q(W, "val"), "") for s in p.iter(q(W, "pStyle")))
        )  # fmt: skip
        run = next(paragraph.iter(q(W, "r")))
        run.addprevious(etree.Element(q(W, "commentRangeStart"), {q(W, "id"): key}))
        run.addnext(etree.Element(q(W, "commentRangeEnd"), {q(W, "id"): key}))
        reference = etree.SubElement(paragraph, q(W, "r"))
        etree.SubElement(reference, q(W, "commentReference"), {q(W, "id"): key})
        comment = etree.SubElement(comments, q(W, "comment"), {
            q(W, "id"): key, q(W, "author"): author, q(W, "date"): f"2026-11-2{n}T09:00:00Z",
            q(W, "initials"): "".join(w[0] for w in author.split()[-2:]),
        })  # fmt: skip
        body = etree.SubElement(comment, q(W, "p"), {q(W14, "paraId"): para_id})
        etree.SubElement(etree.SubElement(body, q(W, "r")), q(W, "t")).text = text
        entry = {q(W15, "paraId"): para_id, q(W15, "done"): "1" if done else "0"}
        if parent:
            entry[q(W15, "paraIdParent")] = parent
        etree.SubElement(extended, q(W15, "commentEx"), entry)
        etree.SubElement(ids, q(W16CID, "commentId"),
                         {q(W16CID, "paraId"): para_id, q(W16CID, "durableId"): durable})  # fmt: skip
    rels = etree.fromstring(source.read("word/_rels/document.xml.rels"))
    for rid, kind, target in (("rIdK1", COMMENTS_REL, "comments.xml"),
                              ("rIdK2", EXTENDED_REL, "commentsExtended.xml"),
                              ("rIdK3", IDS_REL, "commentsIds.xml")):  # fmt: skip
        etree.SubElement(rels, q(RELS, "Relationship"), Id=rid, Type=kind, Target=target)
    replaced = {
        "word/document.xml": etree.tostring(document),
        "word/_rels/document.xml.rels": etree.tostring(rels),
        "word/comments.xml": etree.tostring(comments),
        "word/commentsExtended.xml": etree.tostring(extended),
        "word/commentsIds.xml": etree.tostring(ids),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in replaced:
                target.writestr(info, source.read(info))
        for name, content in replaced.items():
            target.writestr(name, content)
    return out.getvalue()


@pytest.fixture
def version(tmp_path):
    store = open_store(tmp_path / "s.sqlite3")
    project = store.save_project(demo_project())
    generate_draft(store, project.id, formats=["docx"])
    (info,) = store.list_drafts(project.id)
    version = store.get_draft(project.id, info.number)
    yield store, project.id, version
    store.close()


def test_word_replies_done_marks_and_durable_ids_are_imported(version):
    """A Word reply becomes a reply, a comment marked done is imported as resolved, two equal
    comments with different durable ids stay two, and renumbered w:id values (another save)
    add nothing twice."""
    store, project_id, v = version
    docx = next(f.content for f in v.files if f.format == "docx")
    data = with_word_comments(docx)
    found = read_review_docx(data)
    assert [c.durable_id for c in found.comments] == [c[6] for c in WORD_COMMENTS]
    assert [c.done for c in found.comments] == [False, False, True, False]
    report = import_review_docx(store, project_id, v.id, data)
    assert len(report.added) == 4 and (report.unmatched, report.unusable) == ([], [])
    first, reply, done, same = report.added
    assert (first.clause_id, reply.clause_id) == (PART_PARTIES, PART_PARTIES)
    assert reply.parent_id == first.id and first.parent_id is None
    assert (done.clause_id, done.status) == (PART_SIGNATURES, CommentStatus.RESOLVED)
    assert same.status == CommentStatus.OPEN and same.origin_key != done.origin_key
    stored = store.list_comments(project_id, v.id, clause_id=PART_PARTIES)
    assert [(c.author, c.parent_id) for c in stored] == [
        ("RA Clara Vogt", None), ("Max Muster", first.id)
    ]
    again = import_review_docx(store, project_id, v.id, with_word_comments(docx, first_id=40))
    assert again.added == [] and len(again.duplicates) == 4


def test_a_reply_in_the_window_to_a_part_comment_is_stored(version):
    """A comment on a part takes replies like any other."""
    from kooperation.review.model import Comment

    store, project_id, v = version
    docx = next(f.content for f in v.files if f.format == "docx")
    first = import_review_docx(store, project_id, v.id, with_word_comments(docx)).added[0]
    answer = store.add_comment(project_id, Comment(draft_id=v.id, clause_id="", text="Danke.",
                                                   author="Moderation", parent_id=first.id))  # fmt: skip
    assert (answer.clause_id, answer.parent_id) == (PART_PARTIES, first.id)


def test_one_bad_item_never_stops_the_others(monkeypatch):
    """A clause read as empty with nothing deleted is reported as unusable (not a "whole text
    struck" comment), an item whose planning fails is reported with the reason, and the other
    items are planned."""
    from kooperation.review.model import FileClause, FileComment, ReviewFile

    clauses = [ClauseText("kosten", 4, "Kosten", "Jeder Partner trägt seine Kosten selbst."),
               ClauseText("haftung", 5, "Haftung", "Die Partner haften nur für Vorsatz."),
               ClauseText("laufzeit", 6, "Laufzeit", "Die Vereinbarung läuft drei Jahre.")]  # fmt: skip
    found = ReviewFile(
        clauses=[
            FileClause("kosten", 0, "(6) Jeder Partner trägt …", "", "", has_heading=False),
            FileClause("haftung", 5, "Haftung", "Die Partner haften für jede Fahrlässigkeit.",
                       "Die Partner haften für jede Fahrlässigkeit."),
            FileClause("laufzeit", 6, "Laufzeit", "Die Vereinbarung läuft fünf Jahre.",
                       "Die Vereinbarung läuft fünf Jahre."),
        ],
        comments=[FileComment("1", "RA Vogt", "RV", None, "Zu lang.", "laufzeit")],
    )  # fmt: skip
    real = importer._edit

    def failing(fc, clause, *args):
        if clause.id == "haftung":
            raise ValueError("kaputt")
        return real(fc, clause, *args)

    monkeypatch.setattr(importer, "_edit", failing)
    plan = plan_import(found, clauses, "d1")
    assert sorted((c.clause_id, c.kind.value) for c in plan.comments) == [
        ("laufzeit", "comment"), ("laufzeit", "suggestion")
    ]
    reasons = {u.what: u.reason for u in plan.unusable}
    assert "nicht sicher abgrenzen" in reasons["Klausel „(6) Jeder Partner trägt …“ der Datei"]
    assert "konnte nicht gelesen werden (ValueError)" in reasons["Klausel „Haftung“ der Datei"]
    report = importer.ImportReport(plan.comments, [], plan.unmatched, plan.missing, plan.unusable)
    assert any(line.startswith("Nicht verwendet: Klausel „Haftung“ der Datei") for line in report.lines())


def test_part_ids_and_labels():
    """Parts have German labels and ids no clause of the library uses."""
    from kooperation.drafting.build import build_agreement

    assert part_label(PART_PARTIES) == "Vertragsparteien"
    assert part_label("anlage_ziele", "Anlage 2 – Ziele") == "Anlage 2 – Ziele"
    doc = build_agreement(demo_project(), "vertrag", "de")
    assert not any(is_part(c.id) for c in doc.clauses())
    assert all(is_part(a.id) for a in doc.annexes)


def strip_bookmarks(docx: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx))
    document = etree.fromstring(source.read("word/document.xml"))
    for mark in list(document.iter(q(W, "bookmarkStart"), q(W, "bookmarkEnd"))):
        mark.getparent().remove(mark)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, etree.tostring(document) if info.filename == "word/document.xml" else data)
    return out.getvalue()


def test_parts_are_bookmarked_and_found_by_their_headings_without_bookmarks(version):
    """The DOCX encloses each part in a tl_ bookmark; with every bookmark gone, the parts are
    still found by their headings, and an item under the heading of annex 2 is placed there."""
    store, project_id, v = version
    docx = next(f.content for f in v.files if f.format == "docx")
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    for part in ("teil_titel", "teil_parteien", "teil_praeambel", "teil_unterschriften", "anlage_ziele"):
        assert f'w:name="tl_{part}"' in xml
    bare = strip_bookmarks(with_word_comments(docx))
    found = read_review_docx(bare)
    assert not found.has_bookmarks
    assert [(p.part, p.id, p.number) for p in found.parts] == [
        ("teil_titel", "teil_titel", 0), ("teil_parteien", "teil_parteien", 0),
        ("teil_inhalt", "teil_inhalt", 0), ("teil_praeambel", "teil_praeambel", 0),
        ("teil_unterschriften", "teil_unterschriften", 0),
        ("annex", None, 1), ("annex", None, 2), ("annex", None, 3), ("annex", None, 4),
    ]
    assert len(found.clauses) == len(read_review_docx(docx).clauses)
    report = import_review_docx(store, project_id, v.id, bare)
    assert [c.clause_id for c in report.added] == [PART_PARTIES] * 2 + [PART_SIGNATURES] * 2
    from kooperation.review.clauses import version_outline

    parts = version_outline(v)[1]
    plan = plan_import(found, version_outline(v)[0], v.id, parts=parts)
    assert plan.unmatched == [] and plan.unusable == []
    ziele = next(p for p in parts if p.id == "anlage_ziele")
    located = importer._Matcher([], parts).locate(None, "annex", "Anlage 2 – Ziele der Kooperation")
    assert located == ziele


def test_comments_on_parts_are_exported_in_place_and_listed_in_the_pdf_annex(tmp_path):
    """The review export puts a comment on the preamble and one on an annex into the DOCX at
    those parts (nothing left unplaced; read back on the same parts) and lists them in the PDF
    annex under the parts' labels."""
    import subprocess

    from kooperation.review.exporting import review_export
    from kooperation.review.model import PART_PREAMBLE, Comment

    with open_store(tmp_path / "s.sqlite3") as store:
        project = store.save_project(demo_project())
        generate_draft(store, project.id, formats=["docx", "pdf"])
        (info,) = store.list_drafts(project.id)
        v = store.get_draft(project.id, info.number)
        for part, text in ((PART_PREAMBLE, "Kürzer fassen."), ("anlage_ziele", "Messbar?")):
            store.add_comment(project.id, Comment(draft_id=v.id, clause_id=part, text=text,
                                                  author="Dr. Anna Berg"))  # fmt: skip
        export = review_export(project.name, v, store.list_comments(project.id, v.id))
    assert export.unplaced == []
    files = {fmt: data for fmt, _name, data in export.files}
    back = {c.text: c.clause_id for c in read_review_docx(files["docx"]).comments}
    assert back == {"Kürzer fassen.": PART_PREAMBLE, "Messbar?": "anlage_ziele"}
    (tmp_path / "a.pdf").write_bytes(files["pdf"])
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "a.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    annex = text[text.rindex("Kürzer fassen.") - 400 :]
    assert "Präambel" in annex and "Anlage 2 – Ziele der Kooperation" in text[text.rindex("Messbar?") - 300 :]
    assert "teil_praeambel" not in text
