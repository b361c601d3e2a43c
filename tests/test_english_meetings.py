"""The meeting pages (Startklar?, success factors, form guide, board, living agreement) and
workshop mode in the English interface: filled with answers, every text they show is English."""

from __future__ import annotations

import pytest
from tests.german_words import german_words_in
from tests.test_i18n_english import in_english  # noqa: F401 - the fixture

from kooperation.domain.demo import demo_project
from kooperation.store import open_store
from kooperation.ui.project_window import MEETING_PAGES, ProjectWindow
from kooperation.ui.workshop.window import WorkshopWindow
from test_ui_meeting_look import EXTRA_USER_TEXTS, fill
from test_ui_strings import visible_texts

ENGLISH_HOMOGRAPHS = ("Alt", "brand")
"""English words that are German words too (the Alt key, a brand)."""
LEGAL_TERMS = ("Gesellschaft bürgerlichen Rechts",)
"""German legal names an English text quotes on purpose, e.g. "civil-law partnership (GbR,
Gesellschaft bürgerlichen Rechts)"."""


@pytest.fixture
def english_window(qtbot, tmp_path, in_english):  # noqa: F811 - the fixture imported above
    store = open_store(tmp_path / "s.sqlite3")
    project = store.save_project(demo_project())
    window = ProjectWindow(store, project.id)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    fill(window)
    yield window
    window.preview.wait_idle()
    window.close()
    store.close()


def _german(window, root) -> dict[str, str]:
    allowed = (*EXTRA_USER_TEXTS, *ENGLISH_HOMOGRAPHS, *LEGAL_TERMS)
    found = {}
    for where, text in visible_texts(root):
        words = german_words_in(text, window.session.project, allowed)
        if words:
            found[text[:120]] = f"{where}: {sorted(words)}"
    return found


def test_filled_meeting_pages_show_no_german_in_the_english_interface(english_window):
    """Verdicts, hints, ratings, ranked forms, board points, reviews and reflection questions:
    no German word outside what the partners typed, on every meeting page."""
    seen = 0
    for key in MEETING_PAGES:
        english_window.select_phase(key)
        seen += sum(1 for _ in visible_texts(english_window.pages[key]))
        assert _german(english_window, english_window.pages[key]) == {}, key
    assert seen > 300
    english_window.select_phase("readiness")
    texts = " ".join(text for _where, text in visible_texts(english_window.pages["readiness"]))
    assert "Ready to start?" in texts and "Mixed picture" in texts


def test_workshop_mode_shows_no_german_in_the_english_interface(english_window, qtbot):
    """Workshop mode (a window of the interface): phase cards, tasks and guiding questions of
    every phase in English."""
    workshop = WorkshopWindow(english_window.session)
    qtbot.addWidget(workshop)
    workshop.resize(1280, 720)
    workshop.show()
    for index in range(4):
        workshop.index = index
        workshop.refresh()
        assert _german(english_window, workshop) == {}, index
    texts = " ".join(text for _where, text in visible_texts(workshop))
    assert "Guiding questions" in texts and "We need to reach an understanding on:" in texts
    workshop.close()
