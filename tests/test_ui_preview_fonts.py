"""The live preview is set in the documents' bundled fonts and never breaks a word inside
("Wirtsch|aft"), also in the annex tables of a narrow panel."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QTextOption

from kooperation.domain.demo import demo_project
from kooperation.ui.fonts import register_document_fonts
from kooperation.ui.preview import PreviewPanel

BREAK_AFTER = (" ", "\u00a0", "-", "–", "/", "\u2028")


def _broken_words(document) -> list[str]:
    """Every line end inside a word: "Wirtsch|aft"."""
    broken = []
    block = document.begin()
    while block.isValid():
        text, layout = block.text(), block.layout()
        for n in range(layout.lineCount() - 1):
            line = layout.lineAt(n)
            end = line.textStart() + line.textLength()
            before, after = text[end - 1 : end], text[end : end + 1]
            if before and after and not before.isspace() and before not in BREAK_AFTER:
                broken.append(f"{text[max(0, end - 12):end]}|{text[end:end + 6]}")
        block = block.next()
    return broken


def test_preview_uses_bundled_fonts_and_breaks_no_word(qtbot):
    """In a 460-pixel panel (the window's default) the demo agreement shows its clauses in
    DejaVu Serif, its tables in DejaVu Sans, and no line ends inside a word."""
    families = register_document_fonts()
    assert {"DejaVu Serif", "DejaVu Sans"} <= families
    assert "DejaVu Serif" in QFontDatabase.families()
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.resize(460, 800)
    panel.show()
    panel.set_project(demo_project())
    qtbot.waitUntil(lambda: panel.wait_idle(100) and bool(panel._html), timeout=10000)
    qtbot.waitUntil(lambda: "Wirtschaft" in panel.browser.toPlainText(), timeout=10000)
    assert panel.browser.wordWrapMode() == QTextOption.WrapMode.WordWrap
    document = panel.browser.document()
    document.documentLayout().documentSize()  # lays the whole document out
    assert _broken_words(document) == []
    fonts = set()
    block = document.begin()
    while block.isValid():
        for fmt in block.textFormats():
            fonts.add(fmt.format.fontFamilies()[0] if fmt.format.fontFamilies() else "")
        block = block.next()
    assert {"DejaVu Serif", "DejaVu Sans"} <= fonts
