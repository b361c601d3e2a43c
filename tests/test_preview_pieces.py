"""The preview's document made of pieces and changed piece by piece (ui/preview_document.py)
is exactly the document Qt reads from the whole HTML: the same text (with every table and
paragraph break), formats and anchors, after real edits of the demo and the large project; only
the changed pieces are read; closing a window while the preview works never hangs."""

from __future__ import annotations

import copy
import random

from PySide6.QtGui import QColor, QPalette, QTextDocument, QTextOption
from PySide6.QtWidgets import QApplication, QTextBrowser

from kooperation.domain.demo import demo_project
from kooperation.drafts import build_document
from kooperation.render.html import HTML_HEAD, HTML_TAIL, render_html_pieces
from kooperation.ui.preview import DocumentSetup, PreviewPanel, build_preview
from kooperation.ui.preview_document import Assembly, is_large, patch
from large_project import large_project


def _setup() -> tuple[QTextBrowser, DocumentSetup]:
    browser = QTextBrowser()
    browser.setWordWrapMode(QTextOption.WrapMode.WordWrap)
    return browser, DocumentSetup(browser)


def _same(document: QTextDocument, fresh: QTextDocument) -> bool:
    return document.toRawText() == fresh.toRawText() and document.toHtml() == fresh.toHtml()


def _html_pieces(project, kind: str = "vertrag", highlight: str | None = None) -> list[str]:
    return [html for _key, html in render_html_pieces(build_document(project, kind), highlight)]


def _read(setup: DocumentSetup, html: str) -> QTextDocument:
    document = setup.empty()
    document.setHtml(html)
    return document


def _assembled(setup: DocumentSetup, htmls: list[str]) -> QTextDocument:
    assembly = Assembly(setup.empty(), htmls, setup.read)
    while not assembly.done:  # a large piece ends a slice
        assembly.step(lambda: True)
    return assembly.document


def test_pieces_joined_are_the_document_of_the_whole_html(qapp):
    """Each kind of document of the demo and of the large project, with and without a
    highlighted clause, put together from its pieces equals Qt's reading of the whole HTML."""
    _browser, setup = _setup()
    for project in (demo_project(), large_project()):
        for kind in ("vertrag", "absichtserklaerung", "vertraulichkeit", "skizze"):
            for highlight in (None, "anlage_partner"):
                htmls = _html_pieces(project, kind, highlight)
                document = _assembled(setup, htmls)
                assert _same(document, _read(setup, HTML_HEAD + "".join(htmls) + HTML_TAIL)), (kind, highlight)


def test_patching_any_run_of_pieces_equals_a_fresh_reading(qapp):
    """Pieces removed, inserted and replaced anywhere (also at the start and the end, with
    tables at the joins, pieces of other kinds of documents) leave the document equal to a
    fresh reading of the new HTML."""
    _browser, setup = _setup()
    demo = demo_project()
    pool = [_html_pieces(demo, kind, hl) for kind in ("vertrag", "skizze", "absichtserklaerung")
            for hl in (None, "austritt")]
    pool.append(_html_pieces(large_project(partners=5, goals=8, milestones=12), "vertrag", "anlage_partner"))
    rng = random.Random(12)
    for _trial in range(12):
        htmls = list(rng.choice(pool))
        assembly = Assembly(setup.empty(), htmls, setup.read)
        while not assembly.done:
            assembly.step(lambda: True)
        document, shown = assembly.document, assembly.pieces
        for _step in range(3):
            new = list(htmls)
            for _edit in range(rng.randint(1, 4)):
                i = rng.randrange(len(new) + 1)
                what = rng.choice(["remove", "insert", "replace"]) if new else "insert"
                if what == "remove" and len(new) > 1:
                    del new[min(i, len(new) - 1)]
                elif what == "insert":
                    new.insert(i, rng.choice(rng.choice(pool)))
                else:
                    new[min(i, len(new) - 1)] = rng.choice(rng.choice(pool))
            if rng.random() < 0.5:  # in steps, as the preview does below the view
                middle = patch(document, shown, new, setup.read, until=rng.randrange(document.characterCount()), most=1)
                assert _same(document, _read(setup, HTML_HEAD + "".join(p.html for p in middle) + HTML_TAIL))
                shown = middle
            held = patch(document, shown, new, setup.read)
            assert [p.html for p in held] == new
            assert _same(document, _read(setup, HTML_HEAD + "".join(new) + HTML_TAIL))
            htmls, shown = new, held


def test_only_the_changed_pieces_are_read_in(qapp):
    """Moving the highlight reads and replaces the two clauses concerned; a removed clause
    takes one piece out (the table of contents and the renumbered clauses after it change too),
    and nothing else of the agreement is read again."""
    _browser, setup = _setup()
    read: list[str] = []

    def counting(html: str):
        read.append(html)
        return setup.read(html)

    project = demo_project()
    before = _html_pieces(project, highlight="austritt")
    assembly = Assembly(setup.empty(), before, setup.read)
    while not assembly.done:
        assembly.step(lambda: True)
    document, shown = assembly.document, assembly.pieces
    moved = _html_pieces(project, highlight="haftung")
    held = patch(document, shown, moved, counting)
    assert len(read) == 2 and len([p for p in held if p not in shown]) == 2
    assert _same(document, _read(setup, HTML_HEAD + "".join(moved) + HTML_TAIL))
    del project.decisions["haftung"]
    fewer = _html_pieces(project, highlight="haftung")
    assert len(fewer) == len(moved) - 1
    read.clear()
    held = patch(document, held, fewer, counting)
    assert 0 < len(read) < len(fewer) // 2
    assert _same(document, _read(setup, HTML_HEAD + "".join(fewer) + HTML_TAIL))


def _fresh(panel: PreviewPanel, project) -> QTextDocument:
    """The document a browser set up like the panel's makes of the whole HTML by ``setHtml``."""
    html, _topics = build_preview(project, panel.kind.currentData(), panel._highlight)
    browser = QTextBrowser()
    browser.setWordWrapMode(QTextOption.WrapMode.WordWrap)
    browser.setFont(panel.browser.font())
    browser.setHtml(html)
    panel._fresh = browser  # kept alive while the test compares
    return browser.document()


def _show(qtbot, panel: PreviewPanel, project) -> None:
    panel.set_project(copy.deepcopy(project))
    qtbot.waitUntil(lambda: panel.wait_idle(100) and panel.status.text() == "", timeout=20000)


def _panel(qtbot) -> PreviewPanel:
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.resize(460, 700)
    panel.show()
    return panel


def test_a_clause_removed_and_added_again_shows_as_a_fresh_render(qtbot):
    """Leaving the liability topic out removes its clause from the preview (the clauses after
    it move up a number), and deciding it again brings it back; each time the preview equals
    a fresh rendering of the project and is the same document, changed in place."""
    panel = _panel(qtbot)
    project = demo_project()
    panel.set_highlight("austritt")
    _show(qtbot, panel, project)
    document = panel.browser.document()
    assert 'name="haftung_grenzen"' in panel._html
    decision = project.decisions.pop("haftung")
    _show(qtbot, panel, project)
    assert 'name="haftung_grenzen"' not in panel._html
    assert panel.browser.document() is document
    assert _same(document, _fresh(panel, project))
    project.decisions["haftung"] = decision
    _show(qtbot, panel, project)
    assert 'name="haftung_grenzen"' in panel._html
    assert panel.browser.document() is document
    assert _same(document, _fresh(panel, project))


def test_a_partner_renamed_in_the_large_project_shows_everywhere(qtbot):
    """Renaming a partner of the 15-partner project changes the parties, the clauses naming
    it, the signatures and the annexes; the preview then reads exactly like a fresh rendering
    and no longer shows the old name anywhere."""
    panel = _panel(qtbot)
    project = large_project()
    _show(qtbot, panel, project)
    old = project.partners[0].name
    assert old in panel.browser.toPlainText()
    project.partners[0].name = "Umbenannt & Söhne <GmbH>"
    project.partners[0].short_name = "Umbenannt"
    _show(qtbot, panel, project)
    text = panel.browser.toPlainText()
    assert text.count("Umbenannt & Söhne <GmbH>") >= 3 and old not in text
    assert _same(panel.browser.document(), _fresh(panel, project))


def test_pieces_are_read_again_when_the_palette_changes(qtbot):
    """Read pieces are reused while their HTML stays the same, but links take the palette's
    colour when read: after a palette change the shown links have the new colour, and so do
    the links of a clause changed afterwards."""
    app = QApplication.instance()
    old_palette = QPalette(app.palette())
    panel = _panel(qtbot)
    project = demo_project()
    _show(qtbot, panel, project)
    try:
        palette = QPalette(old_palette)
        palette.setColor(QPalette.ColorRole.Link, QColor("#aa0077"))
        app.setPalette(palette)
        qtbot.waitUntil(lambda: "#aa0077" in panel.browser.toHtml(), timeout=5000)
        links = panel.browser.toHtml().count("#aa0077")
        project.partners[0].short_name = "Neu"
        _show(qtbot, panel, project)
        assert "Neu" in panel.browser.toPlainText()
        assert panel.browser.toHtml().count("#aa0077") == links
        assert _same(panel.browser.document(), _fresh(panel, project))
    finally:
        app.setPalette(old_palette)


def test_an_edit_rebuilds_only_the_blocks_of_the_changed_clauses(qtbot):
    """After renaming the project in the large agreement, the preview shows the new name, keeps
    its document, and the blocks of every clause that does not name the project are the very
    blocks shown before (marked before the edit, still marked after it)."""
    panel = _panel(qtbot)
    project = large_project()
    _show(qtbot, panel, project)
    document = panel.browser.document()
    block = document.begin()
    while block.isValid():
        block.setUserState(7)
        block = block.next()
    total = document.blockCount()
    project.name = "Umbenanntes Netzwerk"
    _show(qtbot, panel, project)
    assert panel.browser.document() is document
    assert "Umbenanntes Netzwerk" in panel.browser.toPlainText()
    kept, new_texts = 0, []
    block = document.begin()
    while block.isValid():
        if block.userState() == 7:
            kept += 1
        else:
            new_texts.append(block.text())
        block.setUserState(-1)  # unmarked again for the comparison below
        block = block.next()
    assert kept > 0.9 * total
    assert any("Umbenanntes Netzwerk" in text for text in new_texts)
    assert _same(document, _fresh(panel, project))


def test_closing_a_window_while_the_preview_works_does_not_hang(qtbot):
    """A project window closed right after an edit (the worker busy, a document being put
    together in slices) closes at once and leaves no preview work behind, again and again."""
    import time

    from PySide6.QtWidgets import QWidget

    project = large_project()
    for round_ in range(4):
        holder = QWidget()
        panel = PreviewPanel(holder)
        holder.resize(460, 700)
        holder.show()
        panel.set_project(copy.deepcopy(project))
        panel.refresh(immediately=True)
        qtbot.wait(5 * round_)  # the worker at different points of its work
        start = time.perf_counter()
        holder.close()
        holder.deleteLater()
        qtbot.wait(1)
        del holder, panel
        assert time.perf_counter() - start < 5
    qtbot.wait(200)  # a late result finds no panel


def test_a_large_piece_is_read_in_one_slice_and_inserted_in_the_next(qapp):
    """The large project's roadmap annex (a table of 120 milestones) is read in a slice of its
    own and inserted in the next; the document put together in slices equals the whole HTML read."""
    _browser, setup = _setup()
    htmls = _html_pieces(large_project())
    large = [i for i, html in enumerate(htmls) if is_large(html)]
    assert large, "the large project has a large piece"
    assembly = Assembly(setup.empty(), htmls, setup.read)
    slices = []  # (pieces inserted before, after) per slice
    while not assembly.done:
        before = len(assembly.pieces)
        assembly.step(lambda: True)
        slices.append((before, len(assembly.pieces)))
    for index in large:
        # the slice before stops short of it, one reads it (inserts nothing), the next inserts it
        reading = slices.index((index, index))
        assert slices[reading - 1][1] == index and slices[reading + 1][0] == index < slices[reading + 1][1]
    assert _same(assembly.document, _read(setup, HTML_HEAD + "".join(htmls) + HTML_TAIL))


def test_a_renamed_partner_shows_in_the_large_milestone_table(qtbot):
    """Renaming a partner of the large project (its name is in the table of 120 milestones, a
    large piece) shows the new name in that partner's rows with all rows there, through the
    slices of the event loop, and the preview equals a fresh reading."""
    project = large_project()
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.resize(600, 900)
    panel.show()
    _show(qtbot, panel, project)

    def roadmap() -> str:
        text = panel.browser.document().toPlainText()
        return text[text.rindex("Roadmap und Meilensteine"):]

    assert "Werkstatt Nord" not in roadmap()
    project.partners[0].short_name = "Werkstatt Nord"
    panel.set_project(copy.deepcopy(project))
    qtbot.waitUntil(lambda: panel.status.text() == "", timeout=20000)  # slices on timers
    assert roadmap().count("Werkstatt Nord") >= 8  # one partner of 15 in 120 rows
    assert "Arbeitspaket 120\n" in roadmap()  # the last row
    assert _same(panel.browser.document(), _fresh(panel, project))


def test_work_after_the_layout_waits_until_qt_has_laid_the_document_out(qtbot):
    """Qt lays a long document out after it is shown, step by step; what waits for the layout
    (the idle building of the other pages) runs once, after the last step: no new size of the
    document comes after it."""
    import time

    panel = _panel(qtbot)
    _show(qtbot, panel, large_project())
    sizes: list[float] = []
    layout = panel.browser.document().documentLayout()
    layout.documentSizeChanged.connect(lambda _size: sizes.append(time.perf_counter()))
    called: list[float] = []
    panel.after_layout(lambda: called.append(time.perf_counter()))
    qtbot.waitUntil(lambda: bool(called), timeout=10000)
    qtbot.wait(400)
    assert len(called) == 1
    assert sizes, "the layout was still going on when the work was asked for"
    assert max(sizes) < called[0]
