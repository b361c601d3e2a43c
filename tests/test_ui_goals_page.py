"""The goals and roadmap page: tables edited in place through their delegates, every edit stored
at once, refused entries explained visibly, the timeline following the milestones."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from kooperation.domain.demo import demo_project
from kooperation.domain.model import Horizon, MilestoneStatus
from kooperation.store import open_store
from kooperation.ui.date_edit import DateEdit
from kooperation.ui.goal_models import (
    ID_ROLE,
    CheckList,
    GoalTableModel,
    MilestoneTableModel,
)
from kooperation.ui.pages.goals import GoalsPage
from kooperation.ui.session import ProjectSession

G = GoalTableModel
M = MilestoneTableModel


@pytest.fixture
def session(qtbot, tmp_path):
    store = open_store(tmp_path / "goals.sqlite3")
    project = store.save_project(demo_project())
    s = ProjectSession(store, project.id)
    yield s
    store.close()


@pytest.fixture
def page(qtbot, session):
    widget = GoalsPage(session)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def stored(session):
    return session.store.load_project(session.project.id)


def cell(view, entity_id: str, column: int) -> QModelIndex:
    """The index the view shows for ``entity_id`` in ``column`` (through its sorting proxy)."""
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, column)
        if index.data(ID_ROLE) == entity_id:
            return index
    raise AssertionError(f"{entity_id} not shown")


def open_editor(qtbot, view, index: QModelIndex):
    """Open the delegate's editor on ``index`` as a double-click would, and return it."""
    view.setCurrentIndex(index)
    view.edit(index)
    qtbot.waitUntil(lambda: view.indexWidget(index) is not None)
    editor = view.indexWidget(index)
    editor.setFocus()
    return editor


def commit(qtbot, editor) -> None:
    """Press Enter in an editor; the view stores and closes it (queued, hence the wait)."""
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.wait(20)


def timeline_items(page) -> list[dict]:
    """What the timeline draws."""
    return page.timeline.items()


def ms_by_title(session, title: str):
    return next(m for m in session.project.milestones if m.title == title)


def test_adding_a_goal_and_typing_its_text_stores_it(qtbot, page, session):
    """"Ziel hinzufügen" adds a row whose text cell is ready for typing; Enter stores the text."""
    before = len(stored(session).goals)
    qtbot.mouseClick(page.add_goal_button, Qt.LeftButton)
    assert len(stored(session).goals) == before + 1
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "Netzwerktreffen zweimal im Jahr")
    commit(qtbot, editor)
    goals = stored(session).goals
    assert goals[-1].text == "Netzwerktreffen zweimal im Jahr"
    assert page.selected_goal_id() == goals[-1].id
    view_index = cell(page.goals_view, goals[-1].id, G.TEXT)
    assert view_index.data() == "Netzwerktreffen zweimal im Jahr"


def test_changing_horizon_and_owner_via_the_model_stores_it(qtbot, page, session):
    """Horizon and owner set through the model the view uses are stored at once; "— niemand —"
    removes the owner."""
    goal = session.project.goals[1]
    hochschule = session.project.partners[1]
    model = page.goals_view.model()
    assert model.setData(cell(page.goals_view, goal.id, G.HORIZON), Horizon.LONG, Qt.EditRole)
    assert model.setData(cell(page.goals_view, goal.id, G.OWNER), hochschule.id, Qt.EditRole)
    saved = next(g for g in stored(session).goals if g.id == goal.id)
    assert (saved.horizon, saved.owner_id) == (Horizon.LONG, hochschule.id)
    assert cell(page.goals_view, goal.id, G.HORIZON).data() == "langfristig"
    assert cell(page.goals_view, goal.id, G.OWNER).data() == hochschule.display_name
    model.setData(cell(page.goals_view, goal.id, G.OWNER), None, Qt.EditRole)
    assert next(g for g in stored(session).goals if g.id == goal.id).owner_id is None
    assert cell(page.goals_view, goal.id, G.OWNER).data() == "— niemand —"


def test_choosing_a_priority_in_the_combo_box_stores_it(qtbot, page, session):
    """The priority combo box lists the three priorities and stores a choice as it is made."""
    goal = session.project.goals[0]
    editor = open_editor(qtbot, page.goals_view, cell(page.goals_view, goal.id, G.PRIORITY))
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == ["hoch", "mittel", "niedrig"]
    editor.setCurrentIndex(2)
    editor.activated.emit(2)
    qtbot.wait(20)
    assert next(g for g in stored(session).goals if g.id == goal.id).priority == "low"


def test_owner_choices_follow_the_partners(qtbot, page, session):
    """The owner combo box offers "— niemand —" and the partners' short names."""
    goal = session.project.goals[0]
    editor = open_editor(qtbot, page.goals_view, cell(page.goals_view, goal.id, G.OWNER))
    names = [editor.itemText(i) for i in range(editor.count())]
    assert names == ["— niemand —"] + [p.display_name for p in session.project.partners]


def test_adding_a_milestone_with_dates_stores_it_and_the_timeline_shows_it(qtbot, page, session):
    """A new milestone gets its title typed, then start and end in the date editors; the store
    and the timeline have it at once."""
    qtbot.mouseClick(page.add_milestone_button, Qt.LeftButton)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "Abschlussfeier")
    commit(qtbot, editor)
    new_id = stored(session).milestones[-1].id
    view = page.milestones_view
    for column, typed in ((M.START, "1.12.2028"), (M.END, "15.12.28")):
        editor = open_editor(qtbot, view, cell(view, new_id, column))
        assert isinstance(editor, DateEdit)
        qtbot.keyClicks(editor, typed)
        commit(qtbot, editor)
    saved = stored(session).milestones[-1]
    assert (saved.title, saved.start, saved.end) == ("Abschlussfeier", date(2028, 12, 1), date(2028, 12, 15))
    assert cell(view, new_id, M.START).data() == "01.12.2028"
    item = next(i for i in timeline_items(page) if i["id"] == new_id)
    assert (item["title"], item["start"], item["end"]) == ("Abschlussfeier", date(2028, 12, 1), date(2028, 12, 15))


def test_a_date_can_be_cleared(qtbot, page, session):
    """Entf in the date editor empties it ("kein Datum"), stored as no date."""
    ms = session.project.milestones[0]
    editor = open_editor(qtbot, page.milestones_view, cell(page.milestones_view, ms.id, M.END))
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key_Delete)
    assert editor.text() == "" and editor.placeholderText() == "kein Datum"
    commit(qtbot, editor)
    assert stored(session).milestones[0].end is None
    assert cell(page.milestones_view, ms.id, M.END).data() == "kein Datum"


def test_end_before_start_is_refused_with_a_visible_message(qtbot, page, session):
    """An end before the start is not stored; a red message under the table says why."""
    ms = session.project.milestones[2]  # 01.03.2027 – 30.04.2027
    before = stored(session)
    editor = open_editor(qtbot, page.milestones_view, cell(page.milestones_view, ms.id, M.END))
    editor.selectAll()
    qtbot.keyClicks(editor, "1.2.2027")
    commit(qtbot, editor)
    assert stored(session) == before
    assert page.milestones_message.isVisible()
    assert "vor dem Beginn" in page.message() and "01.03.2027" in page.message()
    assert cell(page.milestones_view, ms.id, M.END).data() == "30.04.2027"
    # the next accepted edit takes the message away
    page.milestones_view.model().setData(cell(page.milestones_view, ms.id, M.END), date(2027, 5, 2), Qt.EditRole)
    assert not page.milestones_message.isVisible()


def test_setting_a_dependency_in_the_check_list(qtbot, page, session):
    """Ticking another milestone in the list of prerequisites stores the dependency; the list
    offers every milestone but the edited one."""
    first = session.project.milestones[0]
    last = session.project.milestones[-1]
    editor = open_editor(qtbot, page.milestones_view, cell(page.milestones_view, first.id, M.DEPENDS))
    assert isinstance(editor, CheckList)
    values = [editor.item(i).data(Qt.UserRole) for i in range(editor.count())]
    assert first.id not in values and len(values) == len(session.project.milestones) - 1
    item = editor.item(values.index(session.project.milestones[1].id))
    rect = editor.visualItemRect(item)
    qtbot.mouseClick(editor.viewport(), Qt.LeftButton, pos=rect.center())
    assert item.checkState() == Qt.Checked
    commit(qtbot, editor)
    assert stored(session).milestones[0].depends_on_ids == [session.project.milestones[1].id]
    assert cell(page.milestones_view, first.id, M.DEPENDS).data() == "2: " + session.project.milestones[1].title
    timeline = next(i for i in timeline_items(page) if i["id"] == first.id)
    assert timeline["depends_on"] == [session.project.milestones[1].id]
    assert last.id not in stored(session).milestones[0].depends_on_ids


def test_responsible_partners_are_chosen_in_a_check_list(qtbot, page, session):
    """Ticking partners with the keyboard (Space) stores them; the cell shows their short names."""
    ms = session.project.milestones[3]  # Stadt responsible
    partners = session.project.partners
    editor = open_editor(qtbot, page.milestones_view, cell(page.milestones_view, ms.id, M.RESPONSIBLE))
    editor.setCurrentRow(0)
    qtbot.keyClick(editor, Qt.Key_Space)
    commit(qtbot, editor)
    assert stored(session).milestones[3].responsible_ids == [partners[2].id, partners[0].id]
    shown = cell(page.milestones_view, ms.id, M.RESPONSIBLE).data()
    assert shown == f"{partners[2].display_name}, {partners[0].display_name}"


def test_a_dependency_cycle_is_refused_visibly(qtbot, page, session):
    """Making "Bedarfsanalyse" depend on the concept that depends on it is refused by the store;
    the reason is shown under the table and nothing changes."""
    analysis = ms_by_title(session, "Bedarfsanalyse bei 30 Betrieben")
    concept = ms_by_title(session, "Lernfabrik-Konzept")
    before = stored(session)
    editor = open_editor(qtbot, page.milestones_view, cell(page.milestones_view, analysis.id, M.DEPENDS))
    for i in range(editor.count()):
        if editor.item(i).data(Qt.UserRole) == concept.id:
            editor.setCurrentRow(i)
    qtbot.keyClick(editor, Qt.Key_Space)
    commit(qtbot, editor)
    assert stored(session) == before
    assert "Kreis" in page.message() and "Lernfabrik-Konzept" in page.message()
    assert page.milestones_message.isVisible()
    assert cell(page.milestones_view, analysis.id, M.DEPENDS).data() is None


def test_removing_a_milestone(qtbot, page, session):
    """The selected milestone is removed from the store, the table and the timeline; milestones
    that depended on it no longer do."""
    concept = ms_by_title(session, "Lernfabrik-Konzept")
    page.focus_entity("milestones", concept.id)
    assert page.selected_milestone_id() == concept.id
    qtbot.mouseClick(page.remove_milestone_button, Qt.LeftButton)
    saved = stored(session)
    assert concept.id not in {m.id for m in saved.milestones}
    assert all(concept.id not in m.depends_on_ids for m in saved.milestones)
    assert page.milestone_model.row_of(concept.id) == -1
    assert concept.id not in {i["id"] for i in timeline_items(page)}


def test_undo_restores_the_table_and_the_timeline(qtbot, page, session):
    """Undo after removing a milestone and changing a status brings both back everywhere."""
    ms = session.project.milestones[0]
    model = page.milestones_view.model()
    model.setData(cell(page.milestones_view, ms.id, M.STATUS), MilestoneStatus.DONE, Qt.EditRole)
    assert next(i for i in timeline_items(page) if i["id"] == ms.id)["status"] == "done"
    page.focus_entity("milestones", ms.id)
    qtbot.mouseClick(page.remove_milestone_button, Qt.LeftButton)
    assert page.milestone_model.rowCount() == 11 and len(timeline_items(page)) == 11
    session.undo_stack.undo()
    assert page.milestone_model.rowCount() == 12
    assert cell(page.milestones_view, ms.id, M.TITLE).data() == ms.title
    assert next(i for i in timeline_items(page) if i["id"] == ms.id)["status"] == "done"
    session.undo_stack.undo()
    assert cell(page.milestones_view, ms.id, M.STATUS).data() == "in Arbeit"
    assert next(i for i in timeline_items(page) if i["id"] == ms.id)["status"] == "in_progress"
    assert stored(session).milestones[0].status == MilestoneStatus.IN_PROGRESS


def test_description_of_the_selected_milestone_is_stored_while_typing(qtbot, page, session):
    """The description below the table belongs to the selected milestone and is stored as typed;
    the whole typing is one undo step."""
    ms = session.project.milestones[4]
    page.focus_entity("milestones", ms.id)
    assert page.description.isEnabled()
    page.description.setFocus()
    qtbot.keyClicks(page.description, "Mit Brandschutz")
    assert stored(session).milestones[4].description == "Mit Brandschutz"
    session.undo_stack.undo()
    assert stored(session).milestones[4].description == ""
    assert page.description.toPlainText() == ""


def test_double_click_on_the_timeline_selects_the_milestone(qtbot, page, session):
    """Double-clicking a milestone's row in the timeline selects it in the table."""
    ms = session.project.milestones[7]
    row = [item["id"] for item in page.timeline.dated()].index(ms.id)
    qtbot.mouseDClick(page.timeline, Qt.LeftButton, pos=page.timeline.row_rect(row).center().toPoint())
    assert page.selected_milestone_id() == ms.id
    assert page.milestones_view.hasFocus()


def test_refresh_keeps_an_open_editor_and_the_selection(qtbot, page, session):
    """A change elsewhere (a milestone's status) does not close the goal text being typed."""
    goal = session.project.goals[2]
    editor = open_editor(qtbot, page.goals_view, cell(page.goals_view, goal.id, G.TEXT))
    editor.selectAll()
    qtbot.keyClicks(editor, "halb getippt")
    session.update_milestone(session.project.milestones[0].id, "status", MilestoneStatus.DONE)
    session.update_partner(session.project.partners[0].id, "short_name", "PT")
    assert page.goals_view.indexWidget(cell(page.goals_view, goal.id, G.TEXT)) is editor
    assert editor.text() == "halb getippt"
    assert page.selected_goal_id() == goal.id


def test_sorting_goals_by_horizon_then_priority(qtbot, page, session):
    """A click on "Horizont" sorts short before long term, high before low priority within."""
    page.goals_view.sortByColumn(G.HORIZON, Qt.AscendingOrder)
    model = page.goals_view.model()
    shown = [model.index(r, G.HORIZON).data() + "/" + model.index(r, G.PRIORITY).data() for r in range(model.rowCount())]
    assert shown[0] == "kurzfristig/hoch" and shown[-1] == "langfristig/niedrig"
    assert shown.index("mittelfristig/hoch") < shown.index("mittelfristig/mittel")


def test_column_sizing_measures_exactly_the_texts_the_tables_show(qtbot, page, session):
    """The texts the page measures for its column widths are the texts of the cells (dates,
    prerequisites, partners, status), also for a milestone without dates."""
    page.milestone_model.setData(page.milestone_model.index(0, MilestoneTableModel.START), None, Qt.EditRole)
    for model in (page.goal_model, page.milestone_model):
        for column in range(model.columnCount()):
            shown = {str(model.index(row, column).data() or "") for row in range(model.rowCount())}
            assert model.column_texts(column) == shown
    assert "kein Datum" in page.milestone_model.column_texts(MilestoneTableModel.START)
