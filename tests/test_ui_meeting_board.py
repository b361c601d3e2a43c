"""The meeting pages "Vereinbart & offen" and "Lebendiger Vertrag", driven through their
widgets, and the keyboard order of every meeting page.

Real widgets, a real store in ``tmp_path``, the example project; the confirmation before
deleting a review is answered by a patched message box.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kooperation.domain.demo import demo_project
from kooperation.domain.meeting import BoardItem, ReviewStatus
from kooperation.domain.model import DecisionStatus
from kooperation.store import open_store
from kooperation.ui.pages.living import new_review
from kooperation.ui.project_window import MEETING_PAGES, ProjectWindow
from test_ui_tab_order import assert_clean, assert_every_input_reachable, tab_walk


@pytest.fixture
def window(qtbot, tmp_path):
    store = open_store(tmp_path / "s.sqlite3")
    project = store.save_project(demo_project())
    w = ProjectWindow(store, project.id)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    yield w
    w.preview.wait_idle()
    w.close()
    store.close()


def stored(window):
    return window.session.store.load_project(window.session.project.id)


def click(qtbot, button) -> None:
    """Click ``button`` once its page is laid out (a page just shown has not been yet)."""
    assert button.isEnabled(), button.text()
    qtbot.waitUntil(lambda: not button.rect().isEmpty(), timeout=2000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# --- the board ----------------------------------------------------------------------------------


def test_board_shows_form_agreed_and_open(window):
    """The three areas of the phase-4 sheet: the chosen form, the agreed topics in one line
    each, the open ones; a topic without a variant cannot be agreed yet."""
    window.select_phase("board")
    page = window.pages["board"]
    assert page.form_label.text() == "Vertragliche Kooperation"
    assert page.topic_buttons["konflikte"].text() == "Wieder offen"
    assert page.summaries["konflikte"].text()  # the chosen variant in words
    assert page.topic_buttons["ergebnisse"].text() == "Vereinbart"
    assert "ergebnisse" in page.topic_notes  # an open topic: its note can be typed
    assert "Lernmodule" in page.topic_notes["ergebnisse"].toPlainText()
    assert not page.topic_buttons["abwerbung"].isEnabled()  # no variant chosen yet


def test_board_moves_topics_between_agreed_and_open(window, qtbot):
    """"Vereinbart" and "Wieder offen" change the topic's status at once (stored, undoable);
    the focus follows the topic to its new place."""
    window.select_phase("board")
    page = window.pages["board"]
    click(qtbot, page.topic_buttons["ergebnisse"])
    assert stored(window).decisions["ergebnisse"].status is DecisionStatus.AGREED
    assert page.topic_buttons["ergebnisse"].text() == "Wieder offen"
    assert "ergebnisse" not in page.topic_notes

    click(qtbot, page.topic_buttons["konflikte"])
    assert stored(window).decisions["konflikte"].status is DecisionStatus.OPEN
    assert page.topic_buttons["konflikte"].text() == "Vereinbart"
    note = page.topic_notes["konflikte"]
    note.setFocus()
    qtbot.keyClicks(note, "Schlichtung durch die IHK?")
    assert stored(window).decisions["konflikte"].note == "Schlichtung durch die IHK?"

    window.session.undo_stack.undo()  # the note
    window.session.undo_stack.undo()  # the status
    assert stored(window).decisions["konflikte"].status is DecisionStatus.AGREED
    window.select_phase("board")
    assert page.topic_buttons["konflikte"].text() == "Wieder offen"


def test_board_free_points(window, qtbot):
    """A point typed at the bottom is added as open, can be agreed, edited and removed; every
    step is stored and undoable."""
    window.select_phase("board")
    page = window.pages["board"]
    page.add_edit.setFocus()
    qtbot.keyClicks(page.add_edit, "IT-Sicherheit")
    qtbot.keyClick(page.add_edit, Qt.Key.Key_Return)
    board = stored(window).assessment.board
    assert [(b.text, b.agreed) for b in board] == [("IT-Sicherheit", False)]
    assert page.add_edit.text() == ""
    item_id = board[0].id
    assert page.item_buttons[item_id].text() == "Vereinbart"

    click(qtbot, page.item_buttons[item_id])
    assert stored(window).assessment.board[0].agreed
    edit = page.item_edits[item_id]
    edit.setFocus()
    qtbot.keyClicks(edit, " der Maschinen")
    assert stored(window).assessment.board[0].text == "IT-Sicherheit der Maschinen"

    click(qtbot, page.item_remove[item_id])
    assert stored(window).assessment.board == []
    window.session.undo_stack.undo()
    assert stored(window).assessment.board[0].text == "IT-Sicherheit der Maschinen"
    assert window.current_page() == "board"
    assert page.item_edits[item_id].text() == "IT-Sicherheit der Maschinen"


def test_board_form_status_and_way_to_the_guide(window, qtbot):
    """The form's status toggles between agreed and open; "Zur Entscheidungshilfe" opens the
    decision guide."""
    window.select_phase("board")
    page = window.pages["board"]
    click(qtbot, page.form_status_button)
    assert stored(window).form_status is DecisionStatus.OPEN
    click(qtbot, page.form_status_button)
    assert stored(window).form_status is DecisionStatus.AGREED
    window.session.undo_stack.undo()
    assert stored(window).form_status is DecisionStatus.OPEN
    click(qtbot, page.form_guide_button)
    assert window.current_page() == "form_guide"


# --- the living agreement -----------------------------------------------------------------------


def test_living_agreement_review_entries_chart_and_reflection(window, qtbot, monkeypatch):
    """A review for today lists every goal and milestone; status and progress are stored as
    they are chosen, the chart shows the new point, a reflection answer is stored with the
    partner it is about; deleting asks first."""
    window.select_phase("living")
    page = window.pages["living"]
    project = window.session.project
    assert page.chart.points() == []
    click(qtbot, page.add_button)
    reviews = stored(window).reviews
    assert len(reviews) == 1 and reviews[0].day == date.today()
    assert len(reviews[0].entries) == len(project.goals) + len(project.milestones)

    goal = project.goals[0]
    row = page.entry_rows[goal.id]
    row.status.setFocus()
    qtbot.keyClick(row.status, Qt.Key.Key_Down)  # im Plan -> gefährdet
    row.progress.setFocus()
    row.progress.selectAll()
    qtbot.keyClicks(row.progress, "40")
    entry = stored(window).reviews[0].entry(goal.id)
    assert entry.status is ReviewStatus.AT_RISK and entry.progress == 40
    point = next(p for p in page.chart.points() if p.target_id == goal.id)
    assert (point.day, point.status, point.progress) == (date.today(), ReviewStatus.AT_RISK, 40)
    assert "40 %" in page.chart.accessibleDescription()

    partner = project.partners[0]
    edit = page.reflection_edits[("eingebracht", partner.id)]
    edit.setFocus()
    qtbot.keyClicks(edit, "Die Halle und zwei Trainer")
    assert stored(window).reviews[0].reflections == {"eingebracht": {partner.id: "Die Halle und zwei Trainer"}}
    group = page.reflection_edits[("weiterfuehren", "")]
    group.setFocus()
    qtbot.keyClicks(group, "Treffen reihum")
    assert stored(window).reviews[0].reflections["weiterfuehren"] == {"": "Treffen reihum"}

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    click(qtbot, page.delete_button)
    assert asked and len(stored(window).reviews) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(qtbot, page.delete_button)
    assert stored(window).reviews == []
    assert page.chart.points() == []
    window.select_phase("partners")
    window.session.undo_stack.undo()
    assert window.current_page() == "living"
    assert len(stored(window).reviews) == 1
    assert page.review().id == stored(window).reviews[0].id


def test_a_new_review_starts_from_the_last_state(window, qtbot):
    """Today's review starts where the previous one left off; a milestone never reviewed
    starts from its roadmap status."""
    session = window.session
    earlier = new_review(session.project, date.today() - timedelta(days=90))
    goal = session.project.goals[1]
    earlier.entry(goal.id).status = ReviewStatus.OFF_TRACK
    earlier.entry(goal.id).progress = 30
    session.save_review(earlier)
    window.select_phase("living")
    page = window.pages["living"]
    click(qtbot, page.add_button)
    today = next(r for r in stored(window).reviews if r.day == date.today())
    assert (today.entry(goal.id).status, today.entry(goal.id).progress) == (ReviewStatus.OFF_TRACK, 30)
    assert page.review().id == today.id
    assert page.entry_rows[goal.id].progress.value() == 30
    points = [p for p in page.chart.points() if p.target_id == goal.id]
    assert [p.day for p in points] == [earlier.day, date.today()]
    click(qtbot, page.add_button)  # a second click today selects today's review again
    assert len(stored(window).reviews) == 2


# --- keyboard ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", MEETING_PAGES)
def test_meeting_pages_in_reading_order(qtbot, window, key):
    """Tab goes from the navigation through the page's inputs to the preview and the help,
    stops only at visible inputs, reaches every one of them, and comes back."""
    page = window.pages[key]
    if key == "living":
        window.select_phase(key)
        click(qtbot, page.add_button)  # the review's fields are built after the window
    if key == "board":
        window.session.edit_assessment(lambda a: a.board.append(BoardItem("Messe")), part="board")
    window.select_phase(key)
    tab_walk(qtbot, window.nav)
    walk = tab_walk(qtbot, window.nav)
    assert_clean(walk)
    assert_every_input_reachable(window, walk)
    own = walk[walk.index(window.nav) + 1: walk.index(window.preview.kind)]
    assert own and all(page.isAncestorOf(w) for w in own)
    assert walk[-4:-1] == [window.preview.kind, window.preview.browser, window.help]
