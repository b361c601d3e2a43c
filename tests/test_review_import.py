"""Importing a reviewed DOCX: Word comments, replies to our own exported comments, tracked
changes and plain edits land on the right clauses; a second import adds nothing; what fits no
clause is reported; a file LibreOffice wrote imports too. And the same on the command line."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from kooperation.cli import main
from kooperation.domain.demo import demo_project
from kooperation.drafts import build_document, generate_draft
from kooperation.errors import InputError
from kooperation.review.exporting import review_export
from kooperation.review.importer import import_review_docx
from kooperation.review.model import PART_TITLE, Comment, CommentKind, Origin, Role
from kooperation.store.repository import open_store
from lo_fixtures import (
    DELETION,
    INSERTION,
    POINT_COMMENT,
    RANGE_COMMENT,
    build_libreoffice_review_docx,
)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "s.sqlite3")
    yield s
    s.close()


@pytest.fixture
def version(store):
    project = store.save_project(demo_project())
    generate_draft(store, project.id, formats=["docx", "pdf"])
    (info,) = store.list_drafts(project.id)
    return project, store.get_draft(project.id, info.number)


def clause_paragraph(document, clause_id: str, skip_heading: bool = True) -> Paragraph:
    """The first body paragraph of a clause (inside its kl_ bookmark)."""
    inside = False
    for p in document.element.body.iter(qn("w:p")):
        for el in p.iter(qn("w:bookmarkStart")):
            if el.get(qn("w:name")) == f"kl_{clause_id}":
                inside = True
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        heading = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        is_heading = heading is not None and heading.get(qn("w:val")) == "KoopUeberschriftParagraf"
        if inside and text and not (skip_heading and is_heading):
            return Paragraph(p, document._body)
    raise AssertionError(clause_id)


def reviewed_file(store, project, version) -> bytes:
    """What a lawyer sends back: our review export plus her own comment, a reply to one of
    ours, a tracked insertion in "haftung" and a plain edit in "laufzeit"."""
    store.add_comment(project.id, Comment(draft_id=version.id, clause_id="austritt", author="Max Meier",
                                          text="Ist die Frist zu lang?", kind=CommentKind.QUESTION))
    export = review_export(project.name, version, store.list_comments(project.id, version.id))
    data = next(content for fmt, _name, content in export.files if fmt == "docx")
    document = docx.Document(io.BytesIO(data))
    ours = document.comments.get(0) if hasattr(document.comments, "get") else list(document.comments)[0]
    assert ours.author == "Max Meier"
    target = clause_paragraph(document, "vertraulichkeit")
    mine = document.add_comment(target.runs[0], text="Drei Jahre genügen nicht.", author="RA Clara Vogt",
                                initials="CV")
    # a reply to our own exported comment, linked the way python-docx can: on the same clause
    reply_para = clause_paragraph(document, "austritt")
    reply = document.add_comment(reply_para.runs[0], text="Nein, sechs Monate sind üblich.",
                                 author="RA Clara Vogt", initials="CV")
    # tracked insertion
    p = clause_paragraph(document, "haftung")._p
    ins = p.makeelement(qn("w:ins"), {qn("w:id"): "901", qn("w:author"): "RA Clara Vogt",
                                       qn("w:date"): "2026-11-20T09:00:00Z"})
    run = ins.makeelement(qn("w:r"), {})
    t = run.makeelement(qn("w:t"), {})
    t.text = " Die Haftung ist auf 50.000 EUR begrenzt."
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    ins.append(run)
    p.append(ins)
    # plain edit
    edited = clause_paragraph(document, "laufzeit")
    edited.runs[-1].text = edited.runs[-1].text + " Eine Verlängerung ist möglich."
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), mine, reply


def test_a_reviewed_file_lands_on_the_right_clauses_and_imports_once(store, version):
    project, v = version
    data, _mine, _reply = reviewed_file(store, project, v)
    report = import_review_docx(store, project.id, v.id, data, role=Role.LEGAL, editor="RA Clara Vogt")
    by_clause = {}
    for c in report.added:
        by_clause.setdefault(c.clause_id, []).append(c)
    assert set(by_clause) == {"vertraulichkeit", "austritt", "haftung", "laufzeit"}
    (note,) = by_clause["vertraulichkeit"]
    assert (note.author, note.initials, note.origin, note.role) == (
        "RA Clara Vogt", "CV", Origin.WORD_COMMENT, Role.LEGAL)
    (tracked,) = by_clause["haftung"]
    assert tracked.kind == CommentKind.SUGGESTION and tracked.origin == Origin.TRACKED_CHANGE
    old_lines, new_lines = tracked.original_text.split("\n"), tracked.proposed_text.split("\n")
    assert new_lines[0] == old_lines[0] + " Die Haftung ist auf 50.000 EUR begrenzt."
    assert new_lines[1:] == old_lines[1:]
    assert "50.000 EUR" in tracked.text and tracked.author == "RA Clara Vogt"
    (plain,) = by_clause["laufzeit"]
    assert plain.origin == Origin.PLAIN_EDIT
    assert plain.proposed_text.split("\n")[0].endswith("Eine Verlängerung ist möglich.")
    assert plain.author == "RA Clara Vogt"
    # our own exported comment came back but is not imported again
    assert [c.author for c in by_clause["austritt"]] == ["RA Clara Vogt"]
    assert len(store.list_comments(project.id, v.id, clause_id="austritt")) == 2
    assert report.unmatched == [] and report.missing_clauses == []
    assert report.lines()[0] == "4 Anmerkungen übernommen."
    again = import_review_docx(store, project.id, v.id, data)
    assert again.added == [] and len(again.duplicates) == 4
    assert len(store.list_comments(project.id, v.id)) == 5


def test_a_comment_on_the_title_is_kept_and_one_on_no_part_is_reported(store, version):
    """A comment on the title page is stored on the title page; one on an annex the version does
    not have is reported, not dropped."""
    project, v = version
    document = docx.Document(io.BytesIO(next(f.content for f in v.files if f.format == "docx")))
    title = next(p for p in document.paragraphs if p.text.strip())
    document.add_comment(title.runs[0], text="Titel passt.", author="RA Clara Vogt", initials="CV")
    extra = document.add_paragraph("Anlage 9 – Nachträge", style="Kooperation Überschrift Anlage")
    document.add_comment(extra.runs[0], text="Woher?", author="RA Clara Vogt", initials="CV")
    out = io.BytesIO()
    document.save(out)
    report = import_review_docx(store, project.id, v.id, out.getvalue())
    assert [(c.clause_id, c.text) for c in report.added] == [(PART_TITLE, "Titel passt.")]
    assert [u.text for u in report.unmatched] == ["Woher?"]
    assert "Nicht zugeordnet: Kommentar von RA Clara Vogt: „Woher?“" in report.lines()[1]
    assert [c.clause_id for c in store.list_comments(project.id)] == [PART_TITLE]


def test_bookmarks_lost_the_clauses_are_found_by_heading_and_text(store, version):
    project, v = version
    document = docx.Document(io.BytesIO(next(f.content for f in v.files if f.format == "docx")))
    target = clause_paragraph(document, "konflikte")
    document.add_comment(target.runs[0], text="Mediation ja.", author="RA Clara Vogt", initials="CV")
    for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
        for el in list(document.element.body.iter(qn(tag))):
            el.getparent().remove(el)
    out = io.BytesIO()
    document.save(out)
    report = import_review_docx(store, project.id, v.id, out.getvalue())
    assert [(c.clause_id, c.text) for c in report.added] == [("konflikte", "Mediation ja.")]


def test_a_clause_struck_out_entirely_imports_as_a_comment(store, version):
    """Deleting every word of a clause with tracked changes is imported (as a comment saying so),
    not refused as an empty suggestion."""
    project, v = version
    document = docx.Document(io.BytesIO(next(f.content for f in v.files if f.format == "docx")))
    clause = None  # the clause bookmark last opened
    heading_seen = False
    for p in document.element.body.iter(qn("w:p")):
        names = [b.get(qn("w:name")) for b in p.iter(qn("w:bookmarkStart"))]
        clause = next((n for n in names if n.startswith("kl_")), clause)
        if clause != "kl_haftung":
            continue
        if not heading_seen:
            heading_seen = bool("".join(t.text or "" for t in p.iter(qn("w:t"))))
            continue
        for run in list(p.iter(qn("w:r"))):
            deletion = run.makeelement(qn("w:del"), {qn("w:id"): "5", qn("w:author"): " "})
            run.addprevious(deletion)
            deletion.append(run)
            for t in run.iter(qn("w:t")):
                t.tag = qn("w:delText")
    out = io.BytesIO()
    document.save(out)
    report = import_review_docx(store, project.id, v.id, out.getvalue(), editor="RA Clara Vogt")
    (note,) = report.added
    assert note.clause_id == "haftung" and note.kind == CommentKind.COMMENT
    number = build_document(demo_project(), "vertrag").clause("haftung").number
    assert note.text.startswith(f"In der Datei wurde der gesamte Text von §\u00a0{number} ")
    assert note.author == "RA Clara Vogt" and note.original_text


def test_a_hostile_file_changes_nothing(store, version):
    project, v = version
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w") as z:
        z.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
        z.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(InputError):
        import_review_docx(store, project.id, v.id, bomb.getvalue())
    with pytest.raises(InputError):
        import_review_docx(store, project.id, v.id, b"%PDF-1.7 nicht einmal ein zip")
    assert store.list_comments(project.id) == []


def test_a_file_written_by_libreoffice_imports_onto_the_right_clauses(store, version, tmp_path):
    project, v = version
    docx_bytes = next(f.content for f in v.files if f.format == "docx")
    data = build_libreoffice_review_docx(docx_bytes, tmp_path)
    report = import_review_docx(store, project.id, v.id, data)
    comments = {(c.clause_id, c.author) for c in report.added if c.origin == Origin.WORD_COMMENT}
    assert comments == {(POINT_COMMENT.clause_id, POINT_COMMENT.author),
                        (RANGE_COMMENT.clause_id, RANGE_COMMENT.author)}
    edits = {c.clause_id: c for c in report.added if c.origin == Origin.TRACKED_CHANGE}
    assert set(edits) == {INSERTION.clause_id, DELETION.clause_id}
    assert INSERTION.text in edits[INSERTION.clause_id].proposed_text
    assert DELETION.text in edits[DELETION.clause_id].original_text
    assert DELETION.text not in edits[DELETION.clause_id].proposed_text
    assert report.unmatched == []


def test_the_review_loop_on_the_command_line(tmp_path, capsys):
    db = str(tmp_path / "cli.sqlite3")
    assert main(["--db", db, "demo"]) == 0
    pid = capsys.readouterr().out.strip()
    assert main(["--db", db, "draft", pid]) == 0
    assert main(["--db", db, "review", "comment", pid, "1", "--clause", "austritt", "--author",
                 "Dr. Anna Berg", "--role", "legal", "--kind", "question", "--text", "Zu lang?"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "review", "export", pid, "1", "--out", str(tmp_path / "out")]) == 0
    written = capsys.readouterr().out.split()
    assert [p.rsplit(".", 1)[1] for p in written] == ["docx", "pdf"]
    assert [c.author for c in docx.Document(written[0]).comments] == ["Dr. Anna Berg"]
    document = docx.Document(written[0])
    target = clause_paragraph(document, "haftung")
    document.add_comment(target.runs[0], text="Deckeln?", author="RA Clara Vogt", initials="CV")
    back = tmp_path / "zurueck.docx"
    document.save(back)
    assert main(["--db", db, "review", "import", pid, "1", str(back)]) == 0
    assert capsys.readouterr().out.splitlines() == ["1 Anmerkung übernommen."]
    assert main(["--db", db, "review", "comments", pid, "1", "--clause", "haftung"]) == 0
    assert "Deckeln?" in capsys.readouterr().out
    with open_store(db) as s:  # change the exit rule, make version 2, compare
        decision = s.load_project(pid).decisions["austritt"]
        decision.params["notice_months"] = 12
        s.save_decision(pid, decision)
    assert main(["--db", db, "draft", pid]) == 0
    capsys.readouterr()
    assert main(["--db", db, "review", "compare", pid, "1", "2", "--out", str(tmp_path / "cmp")]) == 0
    out = capsys.readouterr().out
    assert "1 Klausel unterscheidet sich." in out and "Austritt" in out
    assert sorted(p.suffix for p in (tmp_path / "cmp").iterdir()) == [".docx", ".pdf"]
    # the open question moved to version 2 and is flagged: its clause changed
    assert main(["--db", db, "review", "comments", pid, "2", "--status", "open"]) == 0
    assert "neu prüfen" in capsys.readouterr().out
    # bad input: a clause that does not exist, a file that is not there
    assert main(["--db", db, "review", "comment", pid, "vertrag-2", "--clause", "gibtsnicht",
                 "--author", "X", "--text", "y"]) == 1
    assert "gibt es in Vertrag v2 nicht" in capsys.readouterr().err
    assert main(["--db", db, "review", "import", pid, "2", str(tmp_path / "fehlt.docx")]) == 1
    assert "gibt es nicht" in capsys.readouterr().err
    # version 1 is earlier now: read-only, and the message says where to work instead
    assert main(["--db", db, "review", "comment", pid, "1", "--clause", "austritt", "--author",
                 "X", "--text", "y"]) == 1
    assert "Vertrag v1 ist eine frühere Version" in capsys.readouterr().err
    assert main(["--db", db, "review", "comments", pid, "1", "--clause", "austritt"]) == 0
    assert "→ weitergeführt in Vertrag v2" in capsys.readouterr().out
    # the file returned for version 1, imported again: nothing twice, and it says where it went
    assert main(["--db", db, "review", "import", pid, "1", str(back)]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "0 Anmerkungen übernommen.",
        "Die Datei gehört zu einer früheren Version; was sie enthält, wird in Vertrag v2 weitergeführt.",
    ]


def test_a_comment_from_a_file_is_held_to_the_window_rules():
    """A huge comment with control characters from a returned file is cleaned and cut at the
    field's limit (saying so), so that it can always be shown and exported."""
    from kooperation.domain.text import limit_for
    from kooperation.review.importer import fit_comment
    from kooperation.review.model import Comment

    raw = Comment(draft_id="d", clause_id="austritt", text="Anfang\x00\x1b " + "x" * 50_000,
                  author="Dr.\x07 Berg", kind="comment", role="legal")
    fitted = fit_comment(raw)
    assert len(fitted.text) == limit_for("comment.text") and fitted.text.endswith("[gekürzt]")
    assert fitted.text.startswith("Anfang ") and "\x00" not in fitted.text
    assert fitted.author == "Dr. Berg"
    ordinary = Comment(draft_id="d", clause_id="austritt", text="Frist?", author="A",
                       kind="question", role="legal")
    assert fit_comment(ordinary) is ordinary


def test_parts_and_unusable_items_on_the_command_line(tmp_path, capsys, monkeypatch):
    """A comment on the preamble is written and listed under its label; an import where one
    clause cannot be planned still imports the rest and names that clause with the reason."""
    from kooperation.review import importer

    db = str(tmp_path / "cli.sqlite3")
    assert main(["--db", db, "demo"]) == 0
    pid = capsys.readouterr().out.strip()
    assert main(["--db", db, "draft", pid, "--format", "docx"]) == 0
    assert main(["--db", db, "review", "comment", pid, "1", "--clause", "teil_praeambel",
                 "--author", "Dr. Anna Berg", "--text", "Zu lang."]) == 0
    capsys.readouterr()
    assert main(["--db", db, "review", "comments", pid, "1"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "Präambel – Kommentar, offen, Dr. Anna Berg", "  Zu lang."]
    with open_store(db) as s:
        (info,) = s.list_drafts(pid)
        data = next(f.content for f in s.get_draft(pid, info.number).files if f.format == "docx")
    document = docx.Document(io.BytesIO(data))
    for clause_id in ("haftung", "laufzeit"):
        edited = clause_paragraph(document, clause_id)
        edited.runs[-1].text = edited.runs[-1].text + " Neu."
    back = tmp_path / "zurueck.docx"
    document.save(back)
    real = importer._edit
    monkeypatch.setattr(importer, "_edit", lambda fc, clause, *a: (
        (_ for _ in ()).throw(ValueError("kaputt")) if clause.id == "haftung" else real(fc, clause, *a)))
    assert main(["--db", db, "review", "import", pid, "1", str(back)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "1 Anmerkung übernommen."
    assert lines[1].startswith("Nicht verwendet: Klausel „Haftung der Partner untereinander“ der Datei")
    assert lines[1].endswith("– Diese Stelle konnte nicht gelesen werden (ValueError).")


def test_references_renumbered_by_the_word_processor_are_read_in_the_versions_numbers():
    """A § inserted in the file shifts "nach § 6" to "nach § 7" in every clause citing a later
    §: read back in the version's numbers, only the real edit remains a suggestion, and its
    proposed text cites the clause by the version's number."""
    from kooperation.review.importer import in_version_numbers
    from kooperation.review.model import FileClause

    fc = FileClause(id="kosten", number=4, title="Kosten",
                    text="Kosten nach §\u00a07 und §\u00a012; Sachkosten nach Köpfen.",
                    original_text="Kosten nach §\u00a07 und §\u00a012.",
                    refs=[("beschluesse", "§\u00a07"), ("haftung", "§\u00a012")])
    labels = {"beschluesse": "§\u00a06", "haftung": "§\u00a011"}
    read = in_version_numbers(fc, labels)
    assert read.original_text == "Kosten nach §\u00a06 und §\u00a011."
    assert read.text == "Kosten nach §\u00a06 und §\u00a011; Sachkosten nach Köpfen."
    assert in_version_numbers(fc, {}).text == fc.text  # an unknown target stays as shown


def test_a_renumbered_reference_is_not_mistaken_for_the_start_of_a_statute():
    """A word processor shows the reference to § 6 as "§ 7" after a § was inserted; the text also
    cites "§ 705 BGB": only the reference goes back to the version's number, the statute stays."""
    from kooperation.review.importer import in_version_numbers
    from kooperation.review.model import FileClause

    text = "Keine GbR (§\u00a0705 Abs.\u00a02 BGB). Das gilt auch für die Koordination nach §\u00a07."
    fc = FileClause("rechtsnatur", 2, "Rechtsnatur", text, text, refs=[("koordination", "§\u00a07")])
    again = in_version_numbers(fc, {"koordination": "§\u00a06"})
    assert again.text == (
        "Keine GbR (§\u00a0705 Abs.\u00a02 BGB). Das gilt auch für die Koordination nach §\u00a06."
    )
    assert again.original_text == again.text
