"""Writing the review: Word comments in the DOCX, the redline DOCX, the comment annex and the
compare PDF (kooperation.review.docx_write / pdf_write)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from lxml import etree
from pypdf import PdfReader

from kooperation.domain.demo import demo_project
from kooperation.drafting.build import build_agreement
from kooperation.drafts import render_draft
from kooperation.review.compare import compare_clauses
from kooperation.review.docx_write import (
    UnplacedCommentsError,
    add_comments,
    comment_body,
    docx_with_comments,
    redline_docx,
)
from kooperation.review.model import ClauseText, Comment
from kooperation.review.pdf_write import (
    comment_annex_pdf,
    compare_pdf,
    lines_markup,
    pdf_with_comment_annex,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
HOSTILE = "<b>{{ 7*7 }}</b> & Łódź"
WHEN = datetime(2026, 11, 21, 10, 15, tzinfo=UTC)
REPLY_AT = datetime(2026, 11, 22, 8, 30, tzinfo=UTC)


def number(clause_id: str) -> int:
    """The demo agreement's paragraph number of ``clause_id`` (new clauses shift them)."""
    return build_agreement(demo_project(), "vertrag", "de").clause(clause_id).number


def clause_texts(project) -> list[ClauseText]:
    doc = build_agreement(project, "vertrag", "de")
    return [ClauseText(c.id, c.number, c.title, c.text) for c in doc.clauses()]


@pytest.fixture(scope="module")
def draft() -> dict:
    """The demo agreement as DOCX and PDF, with its clause texts."""
    rendered = render_draft(demo_project(), formats=["docx", "pdf"])
    files = {fmt: data for fmt, _name, data in rendered.files}
    return {"docx": files["docx"], "pdf": files["pdf"], "clauses": clause_texts(demo_project())}


@pytest.fixture()
def comments() -> list[Comment]:
    """A question with a reply, a suggestion with hostile text, a resolved comment."""
    question = Comment("d1", "austritt", "Ist die Frist nicht zu lang?", "Dr. Anna Berg",
                       role="legal", kind="question", created_at=WHEN)
    reply = Comment("d1", "austritt", "Nein, sechs Monate sind üblich.", "Max Muster",
                    parent_id=question.id, created_at=REPLY_AT)
    suggestion = Comment("d1", "haftung", HOSTILE, "Ørsted Şahin", role="partner",
                         kind="suggestion", original_text="grobe Fahrlässigkeit",
                         proposed_text="Vorsatz", created_at=WHEN)
    resolved = Comment("d1", "kosten", "Schon geklärt.", "Max Muster", status="resolved",
                       created_at=WHEN)
    return [question, reply, suggestion, resolved]


# --- Word comments ------------------------------------------------------------------------------


def test_open_comments_become_word_comments_with_author_initials_and_date(draft, comments):
    """Re-read with python-docx: the open comments and the reply are there, with author,
    initials and date; the resolved comment is not exported."""
    data = docx_with_comments(draft["docx"], comments, draft["clauses"])
    word = {c.text: c for c in docx.Document(io.BytesIO(data)).comments}
    assert len(word) == 3
    question = word["Frage:\nIst die Frist nicht zu lang?"]
    assert (question.author, question.initials) == ("Dr. Anna Berg", "AB")
    assert question.timestamp == WHEN
    suggestion = word[f"Formulierungsvorschlag:\n{HOSTILE}\nBisher: grobe Fahrlässigkeit\nVorschlag: Vorsatz"]
    assert (suggestion.author, suggestion.initials) == ("Ørsted Şahin", "ØŞ")
    reply = word["Nein, sechs Monate sind üblich."]
    assert reply.timestamp == REPLY_AT
    assert not any("Schon geklärt" in text for text in word)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/comments.xml").decode()
    assert 'w:date="2026-11-21T10:15:00Z"' in xml


def _anchored_clauses(document_xml: bytes) -> dict[str, dict[str, set[str]]]:
    """For each comment id: the clause bookmarks open at its range start, range end and
    reference, walking the body in document order."""
    root = etree.fromstring(document_xml)
    names, open_marks = {}, set()
    seen: dict[str, dict[str, set[str]]] = {}
    for node in root.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}commentRangeStart",
                          f"{W}commentRangeEnd", f"{W}commentReference"):
        key = node.get(f"{W}id")
        tag = etree.QName(node).localname
        if tag == "bookmarkStart":
            names[key] = node.get(f"{W}name")
            open_marks.add(names[key])
        elif tag == "bookmarkEnd":
            open_marks.discard(names.get(key))
        else:
            seen.setdefault(key, {})[tag] = {m for m in open_marks if m.startswith("kl_")}
    return seen


def test_comment_ranges_lie_inside_their_clause_bookmark(draft, comments):
    """Range start, range end and reference of every comment sit inside the kl_ bookmark of
    its clause; the range starts before the clause heading and ends after its last word."""
    data = docx_with_comments(draft["docx"], comments, draft["clauses"])
    package = zipfile.ZipFile(io.BytesIO(data))
    document_xml = package.read("word/document.xml")
    by_text = {c.text: str(c.comment_id) for c in docx.Document(io.BytesIO(data)).comments}
    expected = {
        by_text["Frage:\nIst die Frist nicht zu lang?"]: "kl_austritt",
        by_text["Nein, sechs Monate sind üblich."]: "kl_austritt",
        next(v for k, v in by_text.items() if k.startswith("Formulierungsvorschlag")): "kl_haftung",
    }
    anchored = _anchored_clauses(document_xml)
    assert set(anchored) == set(expected)
    for comment_id, bookmark in expected.items():
        for where in ("commentRangeStart", "commentRangeEnd", "commentReference"):
            assert anchored[comment_id][where] == {bookmark}, (comment_id, where)
    text = etree.tostring(etree.fromstring(document_xml), encoding="unicode")
    cid = by_text["Frage:\nIst die Frist nicht zu lang?"]
    covered = re.search(rf'<w:commentRangeStart w:id="{cid}"/>(.*)<w:commentRangeEnd w:id="{cid}"/>', text, re.S)
    words = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", covered.group(1)))
    austritt = next(c for c in draft["clauses"] if c.id == "austritt")
    assert words.startswith(austritt.title)  # "§ 21" is the heading's list number
    assert words.endswith(austritt.text.split("\n")[-1])


def test_replies_are_word_replies(draft, comments):
    """commentsExtended links the reply's paragraph to its parent's (a Word thread)."""
    data = docx_with_comments(draft["docx"], comments, draft["clauses"])
    package = zipfile.ZipFile(io.BytesIO(data))
    assert "commentsExtended+xml" in package.read("[Content_Types].xml").decode()
    assert "commentsExtended.xml" in package.read("word/_rels/document.xml.rels").decode()
    comments_xml = etree.fromstring(package.read("word/comments.xml"))
    para_of = {}
    for c in comments_xml.iter(f"{W}comment"):
        text = "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p"))
        para_of[text] = c.findall(f"{W}p")[-1].get(f"{W14}paraId")
    ext = etree.fromstring(package.read("word/commentsExtended.xml"))
    parents = {e.get(f"{W15}paraId"): e.get(f"{W15}paraIdParent") for e in ext}
    question = para_of["Frage:\nIst die Frist nicht zu lang?"]
    assert parents[para_of["Nein, sechs Monate sind üblich."]] == question
    assert parents[question] is None
    assert len(set(para_of.values())) == 3


def test_comments_on_missing_clauses_are_reported_not_dropped(draft, comments):
    lost = Comment("d1", "gibt_es_nicht", "Wohin damit?", "Max Muster", created_at=WHEN)
    with pytest.raises(UnplacedCommentsError) as caught:
        docx_with_comments(draft["docx"], [*comments, lost], draft["clauses"])
    assert caught.value.comments == [lost]
    assert "gibt_es_nicht" in str(caught.value)
    export = add_comments(draft["docx"], [*comments, lost], draft["clauses"])
    assert export.unplaced == [lost]
    assert len(docx.Document(io.BytesIO(export.docx)).comments) == 3


def test_without_bookmarks_a_comment_is_placed_on_the_clause_heading(draft, comments):
    """A file whose bookmarks were lost: the comment is anchored on the heading "§ 21 …"."""
    package = zipfile.ZipFile(io.BytesIO(draft["docx"]))
    xml = package.read("word/document.xml").decode()
    xml = re.sub(r"<w:bookmark(Start|End) [^>]*/>", "", xml)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in package.infolist():
            data = xml.encode() if info.filename == "word/document.xml" else package.read(info)
            target.writestr(info, data)
    data = docx_with_comments(out.getvalue(), comments[:1], draft["clauses"])
    text = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    covered = re.search(r"<w:commentRangeStart w:id=\"0\"/>(.*?)<w:commentRangeEnd w:id=\"0\"/>", text, re.S)
    assert "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", covered.group(1))) == "Austritt eines Partners"
    start = etree.fromstring(text.encode()).find(f".//{W}commentRangeStart")
    style = start.getparent().find(f"{W}pPr/{W}pStyle").get(f"{W}val")
    assert style == "KoopUeberschriftParagraf"  # the heading itself, not its contents line
    with pytest.raises(UnplacedCommentsError):
        docx_with_comments(out.getvalue(), comments[:1])  # without clauses: nowhere to go


def test_comment_body_names_kind_and_proposal(comments):
    assert comment_body(comments[0]) == "Frage:\nIst die Frist nicht zu lang?"
    assert comment_body(comments[3]) == "Schon geklärt."


# --- redline ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def versions():
    """Two versions: a shorter notice period, an agreed no-poaching rule, a renamed clause, one
    clause removed and one added."""
    old = clause_texts(demo_project())
    project = demo_project()
    project.decisions["austritt"].params["notice_months"] = 3
    project.decisions["abwerbung"].variant = "verbot"
    new = [c for c in clause_texts(project) if c.id != "kartellrecht"]
    new = [ClauseText(c.id, c.number, "Datenschutz und Datensicherheit", c.text)
           if c.id == "datenschutz" else c for c in new]
    new.append(ClauseText("neu_pruefung", len(old) + 3, "Prüfung", "Erster Absatz.\nZweiter Absatz."))
    return old, new, compare_clauses(old, new)


def resolve(document_xml: bytes, accept: bool) -> list[str]:
    """The paragraphs Word shows after "accept all" (or "reject all"): insertions kept (or
    dropped), deletions dropped (or kept); a paragraph whose mark goes away joins the next."""
    body = etree.fromstring(document_xml).find(f"{W}body")
    drop = f"{W}del" if accept else f"{W}ins"
    paragraphs, pending = [], ""
    for p in body.iter(f"{W}p"):
        for node in p.iter(f"{W}t", f"{W}delText", f"{W}tab"):
            if any(a.tag == drop for a in node.iterancestors()):
                continue
            pending += "\t" if node.tag == f"{W}tab" else (node.text or "")
        mark = p.find(f"{W}pPr/{W}rPr")
        if mark is not None and mark.find(drop) is not None:
            continue
        paragraphs.append(pending)
        pending = ""
    return paragraphs


def expected_paragraphs(clauses: list[ClauseText]) -> list[str]:
    lines = []
    for clause in clauses:
        lines.append(clause.heading)
        if clause.text:
            lines += clause.text.split("\n")
    return lines


def test_redline_accept_all_gives_the_new_text_and_reject_all_the_old(versions):
    old, new, diffs = versions
    data = redline_docx(old, new, diffs, "Vergleich", date=WHEN, subtitle="Version 1 → Version 2")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    new_order = [d.new for d in diffs if d.new]
    old_order = [d.old for d in diffs if d.old]
    accepted = resolve(xml, accept=True)
    start = accepted.index(new_order[0].heading)
    assert accepted[start:] == [*expected_paragraphs(new_order), ""]
    rejected = resolve(xml, accept=False)
    assert rejected[rejected.index(old_order[0].heading):] == [*expected_paragraphs(old_order), ""]
    assert sorted(c.id for c in new_order) == sorted(c.id for c in new)
    intro = " ".join(accepted[:start])
    assert "Entwurf – Vergleich der Versionen" in intro
    assert "Rechtliche Prüfung empfohlen" in intro.replace("rechtliche", "Rechtliche")
    assert "Version 1 → Version 2" in intro


def test_redline_revisions_carry_author_date_and_unique_ids(versions):
    old, new, diffs = versions
    data = redline_docx(old, new, diffs, "Vergleich", author="Kanzlei Berg", date=WHEN)
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    revisions = list(root.iter(f"{W}ins", f"{W}del"))
    assert len(revisions) > 10
    for rev in revisions:
        assert rev.get(f"{W}author") == "Kanzlei Berg"
        assert rev.get(f"{W}date") == "2026-11-21T10:15:00Z"
    ids = [e.get(f"{W}id") for e in root.iter(f"{W}ins", f"{W}del", f"{W}bookmarkStart")]
    assert len(ids) == len(set(ids))
    for deleted in root.iter(f"{W}del"):
        assert deleted.find(f".//{W}t") is None  # deleted text is w:delText
    deleted_words = "".join(t.text for t in root.iter(f"{W}delText"))
    inserted_words = "".join(t.text for ins in root.iter(f"{W}ins") for t in ins.iter(f"{W}t"))
    assert "sechs" in deleted_words and "drei" in inserted_words
    assert f"§\u00a0{number('kartellrecht')} Kartellrecht" in deleted_words  # the removed clause, heading and all
    assert "Datensicherheit" in inserted_words
    document = docx.Document(io.BytesIO(data))  # python-docx reads it
    assert document.paragraphs[0].text == "Vergleich"


def test_redline_computes_the_diffs_when_none_are_given(versions):
    old, new, _diffs = versions
    data = redline_docx(old, new, None, "Vergleich", date=WHEN)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    accepted = resolve(xml, accept=True)
    assert "Erster Absatz." in accepted


# --- PDFs ---------------------------------------------------------------------------------------


def pdf_text(data: bytes, first: int = 0) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages[first:])


def test_comment_annex_follows_the_pdf(draft, comments):
    """Original pages first, then the annex: comments under their clause headings in clause
    order, replies, suggestions, resolved ones with their status, user text printed as typed."""
    title = "Kooperationsvertrag – Version 1"
    lost = Comment("d1", "gibt_es_nicht", "Zu einer gestrichenen Klausel.", "Max Muster", created_at=WHEN)
    data = pdf_with_comment_annex(draft["pdf"], [*comments, lost], draft["clauses"], title)
    original = len(PdfReader(io.BytesIO(draft["pdf"])).pages)
    annex_pages = len(PdfReader(io.BytesIO(comment_annex_pdf([*comments, lost], draft["clauses"], title))).pages)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == original + annex_pages
    text = pdf_text(data, first=original)
    assert "Anlage – Anmerkungen zur Prüfung" in text
    assert f"Anmerkungen – Seite 1 von {annex_pages}" in text
    assert "Rechtliche Prüfung empfohlen" in text
    # the "ENTWURF" watermark is drawn as outlines (light grey), never copied as text
    annex_page = reader.pages[original]
    forms = annex_page["/Resources"]["/XObject"]
    drawn = "".join(forms[name].get_data().decode("latin-1") for name in forms)
    assert ".905 .905 .905 rg" in drawn and "ENTWURF" not in text
    assert HOSTILE in text
    order = [
        f"§ {number('kosten')} Kosten", "Kommentar · erledigt", "Schon geklärt.",
        f"§ {number('haftung')} Haftung der Partner untereinander", "Formulierungsvorschlag · offen",
        "Ørsted Şahin (Partner)", HOSTILE, "Bisher: grobe Fahrlässigkeit", "Vorschlag: Vorsatz",
        f"§ {number('austritt')} Austritt eines Partners", "Frage · offen", "Dr. Anna Berg (Rechtsexpertise)",
        "Ist die Frist nicht zu lang?", "Antwort von Max Muster (Partner)", "Nein, sechs Monate",
        "Anmerkungen zu Klauseln, die diese Version nicht enthält", "Zu einer gestrichenen Klausel.",
    ]
    at = 0
    for piece in order:  # each one after the one before
        found = text.find(piece, at)
        assert found >= 0, f"{piece!r} missing or out of order"
        at = found + len(piece)
    assert [o.title for o in reader.outline if not isinstance(o, list)][-1] == "Anlage – Anmerkungen zur Prüfung"
    assert pdf_text(data).count("§ 1 Gegenstand") >= 1  # the agreement is still there


def test_comment_annex_without_comments_says_so(draft):
    text = pdf_text(comment_annex_pdf([], draft["clauses"], "Vertrag"))
    assert "Zu dieser Version liegen keine Anmerkungen vor." in text


def test_compare_pdf_shows_inserted_and_deleted_words(versions):
    old, new, diffs = versions
    data = compare_pdf(diffs, "Kooperationsvertrag", "Vergleich Version 1 → Version 2")
    text = pdf_text(data)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert "Entwurf – Vergleich der Versionen" in text
    assert f"Seite {pages} von {pages}" in text
    assert "Legende:" in text and "eingefügt" in text and "gestrichen" in text
    assert "Unverändert:" in text and "§ 1 Gegenstand und Ziele der Kooperation" in text
    austritt = text[text.find(f"§ {number('austritt')} Austritt eines Partners"):]
    assert re.search(r"Frist von sechs\s+drei\s+Monaten", austritt)
    assert f"§ {number('kartellrecht')} Kartellrecht" in text and "entfallen" in text
    assert f"§ {len(old) + 3} Prüfung" in text and "Zweiter Absatz." in text
    assert "Datensicherheit" in text


def test_compare_markup_colours_and_escapes():
    """Insertions green and underlined, deletions red and struck through, text escaped."""
    from kooperation.review.model import Segment

    lines = lines_markup([Segment("equal", "A "), Segment("delete", HOSTILE), Segment("insert", "neu\nx")])
    assert lines[0] == (
        'A <font color="#B42318"><strike>&lt;b&gt;{{ 7*7 }}&lt;/b&gt; &amp; Łódź</strike></font> '
        '<font color="#1E7B34"><u>neu</u></font><font color="#1E7B34"><u>¶</u></font>'
    )
    assert lines[1] == '<font color="#1E7B34"><u>x</u></font>'


def test_compare_pdf_prints_hostile_clause_text_literally():
    old = [ClauseText("haftung", 1, "Haftung", "Alt.")]
    new = [ClauseText("haftung", 1, "Haftung", f"Alt. {HOSTILE}")]
    text = pdf_text(compare_pdf(compare_clauses(old, new), "T", "S"))
    assert HOSTILE in text
