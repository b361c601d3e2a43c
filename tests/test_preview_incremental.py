"""The live preview prepares its HTML on a worker and changes the shown document in place: what
it shows is exactly what reading the whole HTML in the browser shows, after any sequence of
edits, and the reader's place is kept."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QFont, QTextDocument, QTextOption
from PySide6.QtWidgets import QTextBrowser

from kooperation.domain.demo import demo_project
from kooperation.ui.preview import PreviewPanel, build_preview


def _fresh(panel: PreviewPanel, html: str) -> QTextDocument:
    """The document a browser set up like the panel's makes of ``html`` by ``setHtml``."""
    browser = QTextBrowser()
    browser.setWordWrapMode(QTextOption.WrapMode.WordWrap)
    browser.setFont(panel.browser.font())
    browser.setHtml(html)
    panel._fresh_browsers.append(browser)  # kept alive while the test compares
    return browser.document()


def _anchors(document: QTextDocument) -> list[str]:
    names: list[str] = []
    block = document.begin()
    while block.isValid():
        for fragment in block.textFormats():
            names += fragment.format.anchorNames()
        block = block.next()
    return names


def _show(qtbot, panel: PreviewPanel, project) -> None:
    panel.set_project(copy.deepcopy(project))
    qtbot.waitUntil(lambda: panel.wait_idle(100) and panel.status.text() == "", timeout=10000)


@settings(max_examples=4, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # no slow shrinking
@given(edits=st.lists(
    st.tuples(st.sampled_from(["short_name", "name", "project", "highlight"]),
              st.text(alphabet="abcäöüß <>&{}\"'0123456789", min_size=1, max_size=12)),
    min_size=1, max_size=4))
def test_preview_after_edits_equals_a_fresh_render(qtbot, edits):
    """After each of a random sequence of edits (names with markup characters, the focused
    clause) the preview's document equals the browser's own reading of the whole HTML: the same
    text, the same anchors, the same formats (its HTML), and the focused clause highlighted."""
    panel = PreviewPanel()
    panel._fresh_browsers = []
    panel.browser.setFont(QFont("DejaVu Sans", 13))  # not the default: the worker must copy it
    qtbot.addWidget(panel)
    panel.resize(460, 700)
    panel.show()
    project = demo_project()
    _show(qtbot, panel, project)
    for what, text in edits:
        if what == "short_name":
            project.partners[0].short_name = text
        elif what == "name":
            project.partners[-1].name = text
        elif what == "project":
            project.name = text
        else:
            panel.set_highlight(["austritt", "anlage_partner", "gibt-es-nicht"][len(text) % 3])
        _show(qtbot, panel, project)
        html, _topics = build_preview(project, panel.kind.currentData(), panel._highlight)
        assert panel._html == html
        shown, fresh = panel.browser.document(), _fresh(panel, html)
        assert shown.toPlainText() == fresh.toPlainText()
        assert _anchors(shown) == _anchors(fresh)
        assert shown.toHtml() == fresh.toHtml()
        if what in ("short_name", "name", "project"):
            assert text.strip()[:5] in shown.toPlainText()


def test_updates_change_the_one_document_in_place(qtbot):
    """Ten updates change the shown document in place (the browser holds one document of the
    preview, the same one throughout) and show each new text; an update with the same text
    changes nothing."""
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.resize(460, 700)
    panel.show()
    project = demo_project()
    _show(qtbot, panel, project)
    shown = panel.browser.document()
    for i in range(10):
        project.partners[0].short_name = f"Kurz {i}"
        _show(qtbot, panel, project)
        qtbot.wait(1)  # deleteLater runs
    assert len(panel.browser.findChildren(QTextDocument)) == 1
    assert panel.browser.document() is shown
    assert "Kurz 9" in panel.browser.toPlainText()
    text = panel.browser.toHtml()
    _show(qtbot, panel, project)  # the same project again: nothing to change
    assert panel.browser.toHtml() == text
    project.partners[0].short_name = "Kurz zehn"
    _show(qtbot, panel, project)
    assert "Kurz zehn" in panel.browser.toPlainText()


def test_scroll_position_is_kept_across_an_update(qtbot):
    """A reader scrolled into the middle of the agreement stays there when the text changes."""
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.resize(460, 500)
    panel.show()
    project = demo_project()
    _show(qtbot, panel, project)
    panel.browser.document().documentLayout().documentSize()
    bar = panel.browser.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    position = bar.value()
    assert position > 0
    project.name = "Ein anderer Name"
    _show(qtbot, panel, project)
    assert "Ein anderer Name" in panel.browser.toPlainText()
    assert bar.value() == position
