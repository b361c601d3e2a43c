"""The HTML of the live preview: user text escaped, clauses anchored, the focused clause marked."""

from __future__ import annotations

import time

from PySide6.QtGui import QTextDocument

from docsample import HOSTILE_NAMES, sample_document
from kooperation.domain.demo import demo_project
from kooperation.drafting.build import build_agreement
from kooperation.render.html import HIGHLIGHT_BG, render_html


def visible_text(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


def test_user_text_appears_literally(qapp):
    """Names that look like template code or markup are shown as typed."""
    text = visible_text(render_html(sample_document()))
    for name in HOSTILE_NAMES:
        assert name in text
    assert "{{ 7*7 }} & <i>Co</i>" in text


def test_every_clause_has_an_anchor_and_its_heading(qapp):
    """Each clause can be scrolled to by its id, and shows its § number."""
    doc = build_agreement(demo_project())
    html = render_html(doc)
    for clause in doc.clauses():
        assert f'name="{clause.id}"' in html
    text = visible_text(html)
    assert "§ 3 " in text and "Offene Punkte" in text


def test_focused_clause_is_marked(qapp):
    """The clause of the field in focus is highlighted, and only that one."""
    doc = build_agreement(demo_project())
    plain = render_html(doc)
    marked = render_html(doc, highlight_clause="austritt")
    assert HIGHLIGHT_BG not in plain
    assert marked.count(HIGHLIGHT_BG) == 1
    ids = [c.id for c in doc.clauses()]
    before = ids[ids.index("austritt") - 1]
    assert marked.index(f'name="{before}"') < marked.index(HIGHLIGHT_BG) < marked.index('name="austritt"')


def test_preview_is_fast_enough_for_typing():
    """The demo agreement's HTML is produced in well under the typing pause."""
    doc = build_agreement(demo_project())
    render_html(doc)
    start = time.perf_counter()
    for _ in range(5):
        render_html(doc)
    per_call = (time.perf_counter() - start) / 5
    print(f"render_html demo agreement: {per_call * 1000:.1f} ms")
    assert per_call < 0.2
