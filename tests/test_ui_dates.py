"""Date fields take dates as people type them (01.03.2027, 1.3.27, 01032027, the calendar) in
every place a date is entered - milestone table, date parameters, reviews - and refuse anything
else visibly, storing nothing.

The tests type into the real widgets with ``qtbot.keyClicks`` and read the store back.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QWidget

from kooperation.i18n import current_language, set_language
from kooperation.ui.date_edit import DateEdit
from kooperation.ui.goal_models import ID_ROLE, MilestoneTableModel

M = MilestoneTableModel


@pytest.fixture
def window(demo_window):
    return demo_window


def stored(window):
    return window.session.store.load_project(window.session.project.id)


def type_into(qtbot, field: QWidget, text: str, enter: bool = True) -> None:
    """Select what the field holds, type ``text`` over it and (by default) press Enter."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    if enter:
        qtbot.keyClick(field, Qt.Key.Key_Return)


# --- the field itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["01.03.2027", "1.3.2027", "1.3.27", "01032027", "010327"])
def test_the_field_takes_the_german_forms(qtbot, typed):
    """Each German form gives the 1st of March 2027, shown the standard way afterwards."""
    field = DateEdit()
    qtbot.addWidget(field)
    field.show()
    with qtbot.waitSignal(field.sig_date_edited) as edited:
        type_into(qtbot, field, typed)
    assert edited.args == [date(2027, 3, 1)]
    assert field.text() == "01.03.2027" and field.error() is None


def test_a_wrong_date_is_refused_visibly_and_reported_nowhere(qtbot):
    """31.02.2027 stays in the field, red, with the reason as tooltip and message; no date is
    reported, and typing again takes the red away."""
    field = DateEdit()
    host = QWidget()
    qtbot.addWidget(host)
    field.setParent(host)
    field.message.setParent(host)
    field.message.move(0, 40)
    host.show()
    field.set_date(date(2026, 12, 1))
    edited = []
    field.sig_date_edited.connect(edited.append)
    type_into(qtbot, field, "31.02.2027")
    assert edited == [] and field.value() == date(2026, 12, 1)
    assert field.text() == "31.02.2027"
    assert "Februar 2027" in field.error() and field.toolTip() == field.error()
    assert field.message.isVisible() and field.message.text() == field.error()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert field.error() is None and not field.message.isVisible()


def test_the_calendar_picks_a_date(qtbot):
    """The calendar opens at the field's date and a chosen day is taken over."""
    field = DateEdit()
    qtbot.addWidget(field)
    field.show()
    field.set_date(date(2027, 3, 1))
    calendar = field.open_calendar()
    assert calendar.isVisible() and calendar.selectedDate() == QDate(2027, 3, 1)
    with qtbot.waitSignal(field.sig_date_edited) as edited:
        calendar.activated.emit(QDate(2027, 3, 17))
    assert edited.args == [date(2027, 3, 17)] and not calendar.isVisible()
    assert field.text() == "17.03.2027"


def test_alt_down_opens_the_calendar(qtbot):
    """The calendar can be reached without the mouse."""
    field = DateEdit()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert field.calendar is not None and field.calendar.isVisible()
    qtbot.keyClick(field.calendar, Qt.Key.Key_Escape)
    assert not field.calendar.isVisible()


@pytest.fixture
def english():
    previous = current_language()
    set_language("en")
    yield
    set_language(previous)


def test_in_english_the_field_follows_the_british_order(qtbot, english):
    """With the interface in English, 01/03/2027 is the 1st of March (en_GB, as the documents)."""
    field = DateEdit()
    qtbot.addWidget(field)
    field.show()
    assert field.placeholderText() == "01/03/2027"
    with qtbot.waitSignal(field.sig_date_edited) as edited:
        type_into(qtbot, field, "01/03/2027")
    assert edited.args == [date(2027, 3, 1)] and field.text() == "01/03/2027"


# --- milestones table ---------------------------------------------------------------------------


def cell(view, entity_id: str, column: int) -> QModelIndex:
    model = view.model()
    return next(
        model.index(r, column) for r in range(model.rowCount()) if model.index(r, column).data(ID_ROLE) == entity_id
    )


def open_cell(qtbot, view, index: QModelIndex) -> DateEdit:
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: view.indexWidget(index) is not None)
    editor = view.indexWidget(index)
    assert isinstance(editor, DateEdit) and editor.hasFocus()
    return editor


def test_typing_a_german_date_into_a_milestone_stores_it(qtbot, window):
    """01.03.2027 typed over the end of a milestone is stored as that day (not another one)."""
    window.select_phase("goals")
    page = window.pages["goals"]
    view = page.milestones_view
    milestone = window.session.project.milestones[0]
    editor = open_cell(qtbot, view, cell(view, milestone.id, M.END))
    type_into(qtbot, editor, "01.03.2027")
    qtbot.waitUntil(lambda: view.indexWidget(cell(view, milestone.id, M.END)) is None)
    assert stored(window).milestones[0].end == date(2027, 3, 1)
    assert cell(view, milestone.id, M.END).data() == "01.03.2027"


def test_a_wrong_date_in_a_milestone_keeps_the_editor_and_stores_nothing(qtbot, window):
    """Enter on 31.02.2027 keeps the cell open and red; leaving it stores nothing and the
    reason stays under the table."""
    window.select_phase("goals")
    page = window.pages["goals"]
    view = page.milestones_view
    milestone = window.session.project.milestones[1]
    before = stored(window)
    index = cell(view, milestone.id, M.END)
    editor = open_cell(qtbot, view, index)
    type_into(qtbot, editor, "31.02.2027")
    assert view.indexWidget(index) is editor and "Februar 2027" in editor.error()
    page.description.setFocus()  # leave the cell
    qtbot.waitUntil(lambda: view.indexWidget(index) is None)
    assert stored(window) == before
    assert "Februar 2027" in page.message() and "nicht gespeichert" in page.message()


# --- date parameter on the rules page -----------------------------------------------------------


def end_date_field(window):
    window.select_phase("rules")
    page = window.pages["rules"]
    page.select("laufzeit")
    panel = page.panel
    panel.variant_items["befristet"].radio.click()
    editor = panel.row("end_date").editor
    if editor.none.isChecked():
        editor.none.click()
    return editor


def test_a_date_parameter_takes_a_short_german_date(qtbot, window):
    """1.3.27 in the end date of the term is stored as 2027-03-01."""
    editor = end_date_field(window)
    type_into(qtbot, editor.edit, "1.3.27")
    assert stored(window).decisions["laufzeit"].params["end_date"] == "2027-03-01"
    assert editor.edit.text() == "01.03.2027"


def test_a_wrong_date_parameter_shows_why_and_stores_nothing(qtbot, window):
    """An impossible date is not stored; the reason appears under the field."""
    editor = end_date_field(window)
    type_into(qtbot, editor.edit, "1.3.27")
    type_into(qtbot, editor.edit, "32.3.2027")
    assert stored(window).decisions["laufzeit"].params["end_date"] == "2027-03-01"
    assert editor.edit.message.isVisible() and "kein Datum" in editor.edit.message.text()


# --- reviews ------------------------------------------------------------------------------------


def test_the_day_of_a_review_takes_a_typed_date(qtbot, window):
    """The day of a review is typed the German way and stored; a wrong one is refused."""
    window.select_phase("living")
    page = window.pages["living"]
    page.add_review()
    review_id = page.review().id
    qtbot.waitUntil(page.day_edit.isVisible)
    type_into(qtbot, page.day_edit, "01.03.2027")
    review = next(r for r in stored(window).reviews if r.id == review_id)
    assert review.day == date(2027, 3, 1)
    type_into(qtbot, page.day_edit, "1.3.")
    review = next(r for r in stored(window).reviews if r.id == review_id)
    assert review.day == date(2027, 3, 1)
    assert page.day_edit.message.isVisible() and "01.03.2027" in page.day_edit.message.text()
    assert QApplication.focusWidget() is page.day_edit
