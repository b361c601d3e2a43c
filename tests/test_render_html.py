"""The live HTML preview: what a user sees in the app's preview pane while answering questions."""

from __future__ import annotations

import subprocess
import sys

import pytest

from docsample import HOSTILE_NAMES, sample_document
from kooperation.domain.demo import demo_project
from kooperation.drafting.build import build_agreement
from kooperation.drafting.docmodel import Clause, Document, Paragraph, Section, Text
from kooperation.render import html as H
from kooperation.render.html import render_html


@pytest.fixture(scope="module")
def demo_doc() -> Document:
    return build_agreement(demo_project())


def qt_document(markup: str):
    """The HTML as the preview pane's QTextBrowser would load it."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(markup)
    return document


def anchor_names(document) -> set[str]:
    names: set[str] = set()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            names.update(it.fragment().charFormat().anchorNames())
            it += 1
        block = block.next()
    return names


def anchor_hrefs(document) -> set[str]:
    hrefs: set[str] = set()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isAnchor() and fmt.anchorHref():
                hrefs.add(fmt.anchorHref())
            it += 1
        block = block.next()
    return hrefs


def enclosing_backgrounds(document, text: str) -> list[str]:
    from PySide6.QtGui import QTextTable

    """The background colours of the tables (and their cells) around the last ``text`` (the
    last, so a clause heading is found in the text rather than in the table of contents)."""
    text = text.replace("\u00a0", " ")  # Qt finds a non-breaking space as a space
    cursor, found = document.find(text), None
    while not cursor.isNull():
        found, cursor = cursor, document.find(text, cursor)
    assert found is not None, text
    cursor = found
    colours = []
    table = cursor.currentTable()
    while table is not None:
        cell = table.cellAt(cursor)
        for fmt in (cell.format(), table.format()):
            if fmt.background().style().name != "NoBrush":
                colours.append(fmt.background().color().name())
        parent = table.parentFrame()
        table = None
        while parent is not None:
            if isinstance(parent, QTextTable):
                table = parent
                break
            parent = parent.parentFrame()
    return colours


def test_hostile_names_appear_literally(qapp):
    """Partner names that look like template code or markup are shown exactly as typed."""
    markup = render_html(sample_document())
    plain = qt_document(markup).toPlainText()
    for name in HOSTILE_NAMES:
        assert name in plain
    assert "{{ 7*7 }} & <i>Co</i>" in plain
    assert "<b>Fett</b>" not in markup  # escaped in the source, not interpreted
    assert "49 GmbH" not in plain


def test_line_breaks_and_control_characters(qapp):
    """A line break typed into a text shows as a new line; stray control characters vanish."""
    doc = Document(kind="vertrag", language="de", title="T", sections=[Section("s", "S", [
        Clause("c", "Klausel", [Paragraph([Text("erste Zeile\nzweite Zeile\x07")])], number=1)])])
    markup = render_html(doc)
    assert "erste Zeile<br/>zweite Zeile" in markup
    plain = qt_document(markup).toPlainText()
    assert "erste Zeile\u2028zweite Zeile" in plain or "erste Zeile\nzweite Zeile" in plain
    assert "\x07" not in plain


@pytest.mark.parametrize("which", ["sample", "demo"])
def test_every_clause_and_annex_has_an_anchor(qapp, which, demo_doc):
    """Clicking a field in the app scrolls the preview to its clause: every clause id and annex
    id is an anchor the QTextBrowser knows, and every cross-reference points at one."""
    doc = sample_document() if which == "sample" else demo_doc
    document = qt_document(render_html(doc))
    names = anchor_names(document)
    assert {c.id for c in doc.clauses()} <= names
    assert {a.id for a in doc.annexes} <= names
    targets = {href.removeprefix("#") for href in anchor_hrefs(document)}
    assert targets and targets <= names


def test_clause_headings_numbered_paragraphs_and_lists(qapp):
    """Clause headings read "§ 3 …", paragraphs are numbered "(1)", bullet items are kept."""
    plain = qt_document(render_html(sample_document())).toPlainText()
    assert "§ 3 Austritt, Ausschluss und Beendigung" in plain
    assert "§ 1 Gegenstand und Ziel der Kooperation" in plain
    assert "(14)" in plain and "(1)" in plain
    assert "langfristig: Markteinführung in Łódź" in plain


def test_front_matter_parties_signatures_and_annexes(qapp, demo_doc):
    """Title, draft notice, every party, the signature overview and all annexes are shown."""
    plain = qt_document(render_html(demo_doc)).toPlainText()
    assert plain.startswith("Kooperationsvertrag")
    assert "Entwurf" in plain or "ENTWURF" in plain
    assert demo_doc.draft_notice.split()[0] in plain
    for party in demo_doc.parties:
        assert plain.count(party.name.replace("\u00a0", " ")) >= 2  # in the rubrum and above the signature line
    assert "Unterschriften" in plain
    for annex in demo_doc.annexes:
        assert annex.heading.replace("\u00a0", " ") in plain


def test_roadmap_figure_as_table(qapp):
    """A roadmap without its own table is shown as milestones with dates and status."""
    plain = qt_document(render_html(sample_document())).toPlainText()
    assert "Zeitplan der Meilensteine" in plain
    assert "Pilotkunde" in plain and "01.03.2027" in plain and "31.08.2027" in plain


def test_roadmap_figure_not_repeated_when_annex_tables_it(demo_doc):
    """The roadmap annex of the demo already tables the milestones: they appear once."""
    markup = render_html(demo_doc)
    assert markup.count("Auftaktworkshop und Kooperationsvertrag</td>") == 1


def test_open_marks_are_highlighted(qapp):
    """A value still to be discussed stands out in yellow in the running text."""
    document = qt_document(render_html(sample_document()))
    cursor = document.find("[offen: Mehrheit in Prozent]")
    assert not cursor.isNull()
    assert cursor.charFormat().background().color().name() == H.OPEN_MARK_BG


def test_open_notes_and_paragraphs_are_tinted(qapp):
    """An open point box is yellow with a bold title; text proposed for an open topic has a
    light-yellow background; agreed text has none."""
    document = qt_document(render_html(sample_document()))
    assert H.OPEN_NOTE_BG in enclosing_backgrounds(document, "Darüber müssen sich die Partner")
    assert document.find("Offener Punkt").charFormat().fontWeight() >= 700
    assert H.OPEN_PARA_BG in enclosing_backgrounds(document, "Der Lenkungskreis beschließt")
    assert enclosing_backgrounds(document, "Änderungen bedürfen der Textform") == []


def test_highlight_clause_marks_only_that_clause(qapp):
    """The clause of the field in focus gets a light-blue background, the others none."""
    document = qt_document(render_html(sample_document(), highlight_clause="austritt"))
    assert H.HIGHLIGHT_BG in enclosing_backgrounds(document, "§ 3 Austritt")
    assert H.HIGHLIGHT_BG in enclosing_backgrounds(document, "Absatz 14:")
    assert H.HIGHLIGHT_BG not in enclosing_backgrounds(document, "§ 2 Organisation")
    assert H.HIGHLIGHT_BG not in enclosing_backgrounds(document, "Änderungen bedürfen")
    assert H.HIGHLIGHT_BG not in render_html(sample_document())
    assert H.HIGHLIGHT_BG not in render_html(sample_document(), highlight_clause="gibt-es-nicht")


def test_highlight_sits_between_the_neighbouring_clauses(qapp, demo_doc):
    """In the demo agreement the marking starts after the clause before and ends before the
    clause after the focused one, and appears only once."""
    marked = render_html(demo_doc, highlight_clause="austritt")
    assert marked.count(H.HIGHLIGHT_BG) == 1
    ids = [c.id for c in demo_doc.clauses()]
    before, after = ids[ids.index("austritt") - 1], ids[ids.index("austritt") + 1]
    start = marked.index(H.HIGHLIGHT_BG)
    assert marked.index(f'name="{before}"') < start < marked.index('name="austritt"')
    document = qt_document(marked)
    assert H.HIGHLIGHT_BG in enclosing_backgrounds(document, demo_doc.clause("austritt").heading)
    assert H.HIGHLIGHT_BG not in enclosing_backgrounds(document, demo_doc.clause(after).heading)


def test_empty_document_renders():
    """A document with nothing in it yet still gives a valid page with its title."""
    markup = render_html(Document(kind="vertrag", language="de", title=""))
    assert markup.startswith("<html>") and markup.endswith("</html>")


def test_renderer_imports_no_qt():
    """The preview markup is produced without Qt, so the core stays free of the GUI."""
    code = ("import sys, kooperation.render.html\n"
            "print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_preview_cover_follows_the_documents_layout():
    """As on the DOCX and PDF cover: title, subtitle, "zwischen", the parties with "und" only
    before the last, then the draft notice, then project, version and date."""
    from kooperation.domain.demo import demo_project as make

    doc = build_agreement(make(), meta={"project": "Lernfabrik", "version": "3", "date": "21.11.2026"})
    text = qt_document(render_html(doc)).toPlainText().replace("\u00a0", " ")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    assert lines.count("und") == 1
    order = [doc.title, doc.subtitle, "zwischen", doc.parties[0].name, doc.parties[-2].name, "und",
             doc.parties[-1].name, doc.draft_notice[:30], "Lernfabrik · Version 3 · erstellt am 21.11.2026"]
    at = 0
    for piece in order:
        found = text.find(piece.replace("\u00a0", " "), at)
        assert found >= 0, piece
        at = found + len(piece)
