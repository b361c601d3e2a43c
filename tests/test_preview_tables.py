"""The live preview sets its tables so that words and dates are never broken mid-word."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from kooperation.domain.demo import demo_project
from kooperation.ui.preview import PreviewPanel

BREAKS = " \t\u00a0-/–\u2028\u2029"


def broken_words(document) -> list[str]:
    """Every table-cell line break of ``document`` that falls inside a word ("Wirtsch|aft"),
    and how many table-cell lines were broken at all."""
    document.size()  # lays the document out
    found, wrapped = [], 0
    block = document.begin()
    while block.isValid():
        if QTextCursor(block).currentTable() is not None:
            text, layout = block.text(), block.layout()
            for i in range(1, layout.lineCount()):
                wrapped += 1
                start = layout.lineAt(i).textStart()
                if 0 < start <= len(text) and text[start - 1] not in BREAKS and text[start] not in BREAKS:
                    found.append(text[max(0, start - 8) : start] + "|" + text[start : start + 8])
        block = block.next()
    return found, wrapped


def test_preview_tables_keep_words_whole(qtbot):
    """In a narrow preview the annex tables (partners, goals, milestones with their dates)
    break lines only between words; a column too narrow for its longest word grows instead."""
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.resize(460, 700)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_project(demo_project())
    assert panel.wait_idle()
    qtbot.waitUntil(lambda: panel.browser.document().characterCount() > 1000)
    document = panel.browser.document()
    assert "Priorität" in document.toPlainText()
    broken, wrapped = broken_words(document)
    assert wrapped > 20  # narrow enough that cells do wrap
    assert broken == []
