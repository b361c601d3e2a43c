"""The meeting pages filled with answers: every visible text comes through the translation
(or is catalogue or user data), and every label stays readable in light and dark palettes.

The general checks in ``test_ui_strings.py`` and ``test_ui_palette.py`` see the meeting pages
of the example project as it is, without answers; here they are filled first, so that verdicts,
hints, ranked forms, board points, review tables and reflection questions are on screen.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

import kooperation.i18n as i18n
from kooperation.domain.checks import load_checks
from kooperation.domain.demo import demo_project
from kooperation.domain.meeting import BoardItem, ReviewStatus
from kooperation.store import open_store
from kooperation.ui.pages.living import new_review
from kooperation.ui.project_window import MEETING_PAGES, ProjectWindow
from test_ui_palette import dark_palette, unreadable
from test_ui_strings import Bracketing, _catalogue_texts, _unexplained, _user_data, visible_texts

EXTRA_USER_TEXTS = ("IT-Sicherheit", "Messeauftritt", "Lenkungskreis", "Halle und Trainer")


def fill(window: ProjectWindow) -> None:
    """Answers in every check, two board points and two reviews with reflections."""
    session = window.session
    partners = session.project.partners
    questions = [q.id for q in load_checks().readiness.questions]

    def answers(assessment) -> None:
        for number, partner in enumerate(partners[:3]):
            assessment.readiness[partner.id] = {q: (number != 1) == (i != 3) for i, q in enumerate(questions)}
        assessment.factors.update({"koordination": "good", "geben_nehmen": "partly", "naehe": "not_relevant",
                                   "konflikte": "poor", "tempo": "poor", "austausch": "partly"})
        assessment.factor_notes["konflikte"] = "Lenkungskreis"
        assessment.guide.update({"binding": "no", "know_how": "yes", "assets": "no"})
        assessment.board += [BoardItem(EXTRA_USER_TEXTS[0]), BoardItem(EXTRA_USER_TEXTS[1], agreed=True)]

    session.edit_assessment(answers)
    first = new_review(session.project, date(2026, 3, 1))
    first.title = EXTRA_USER_TEXTS[2]
    session.save_review(first)
    second = new_review(session.project, date(2026, 6, 1))
    second.entries[0].status = ReviewStatus.AT_RISK
    second.entries[0].progress = 40
    second.reflections = {"eingebracht": {partners[0].id: EXTRA_USER_TEXTS[3]}, "aendern": {"": EXTRA_USER_TEXTS[2]}}
    session.save_review(second)


@pytest.fixture
def make_window(qtbot, tmp_path):
    made = []

    def make() -> ProjectWindow:
        store = open_store(tmp_path / f"s{len(made)}.sqlite3")
        project = store.save_project(demo_project())
        w = ProjectWindow(store, project.id)
        qtbot.addWidget(w)
        w.resize(1400, 900)
        w.show()
        fill(w)
        made.append((w, store))
        return w

    yield make
    for w, store in made:
        w.preview.wait_idle()
        w.close()
        store.close()


def test_filled_meeting_pages_speak_through_the_translation(make_window, monkeypatch):
    """With every ``_()`` bracketed, what is left on the filled meeting pages is catalogue
    text, user data, numbers or dates."""
    monkeypatch.setattr(i18n, "_translations", lambda _language: Bracketing())
    window = make_window()
    known = sorted(_user_data() | _catalogue_texts() | set(EXTRA_USER_TEXTS), key=len, reverse=True)
    problems = {}
    seen = 0
    for key in MEETING_PAGES:
        window.select_phase(key)
        for where, text in visible_texts(window.pages[key]):
            seen += 1
            rest = _unexplained(text, known)
            if rest:
                problems.setdefault(text, f"{key}: {where}: {rest!r}")
    assert seen > 300
    assert not problems, "untranslated visible text:\n" + "\n".join(problems.values())


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_filled_meeting_pages_are_readable(make_window, qtbot, dark):
    """Every label of the filled pages keeps enough contrast, in the light default and after a
    switch to a dark palette."""
    original = QPalette(QApplication.palette())
    window = make_window()
    try:
        QApplication.setPalette(dark_palette() if dark else QApplication.style().standardPalette())
        qtbot.wait(10)
        for key in MEETING_PAGES:
            window.select_phase(key)
            assert not unreadable(window), (key, unreadable(window))
        chart = window.pages["living"].chart
        image = chart.grab().toImage()
        corner = image.pixelColor(image.width() // 2, image.height() - 4)
        assert (corner.lightness() < 128) is dark
    finally:
        QApplication.setPalette(original)
