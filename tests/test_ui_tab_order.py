"""Keyboard focus: Tab walks every page of the project window (and the start page) in reading
order, reaches every input, never stops in hidden, disabled or decorative widgets, and never
gets stuck; in multi-line fields Tab moves on instead of typing a tab character.

The walks press the real Tab key and record ``QApplication.focusWidget()``.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QButtonGroup,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QTextEdit,
    QWidget,
)

from kooperation.domain.demo import demo_project
from kooperation.domain.model import CooperationForm
from kooperation.store import open_store
from kooperation.ui.pages.rules import FORM_ENTRY
from kooperation.ui.project_window import ProjectWindow
from kooperation.ui.timeline import TimelineWidget

INPUTS = (
    QLineEdit,
    QAbstractSpinBox,
    QComboBox,
    QAbstractButton,
    QPlainTextEdit,
    QTextEdit,
    QAbstractItemView,
    TimelineWidget,
)
"""Widgets a user works with (and so must reach with the keyboard)."""

PARTNER_FIELDS = [
    "name", "short_name", "legal_form", "sector", "market", "size", "employees", "role", "tier",
    "street", "postcode", "city", "country", "representative", "contact_email",
    "products", "need", "potentials", "contributions",
]
"""The partner form from top to bottom, as it is laid out."""


# --- helpers ----------------------------------------------------------------------------------


def _outer(widget: QWidget | None) -> QWidget | None:
    """The widget the user sees as focused: a spin box rather than its inner line edit."""
    while widget is not None and widget.parentWidget() is not None:
        parent = widget.parentWidget()
        if parent.focusProxy() is widget:
            widget = parent
        else:
            break
    return widget


def focused() -> QWidget | None:
    return _outer(QApplication.focusWidget())


def tab_walk(qtbot, start: QWidget, backwards: bool = False, limit: int = 400) -> list[QWidget]:
    """Focus ``start`` and press Tab (or Shift+Tab) until the focus is back at ``start``;
    returns the widgets in the order they got the focus (a widget that keeps the focus for
    several presses, like a date edit walking through its sections, is listed once). Fails if
    the focus does not come back: a trap."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: focused() is start, timeout=2000)
    order: list[QWidget] = [start]
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), key, modifier)
        current = focused()
        assert current is not None, f"the focus got lost after {describe(order[-1])}"
        if current is start:
            return order
        if current is not order[-1]:
            order.append(current)
    raise AssertionError(
        "Tab never came back (a trap?): " + " → ".join(describe(w) for w in order[-12:])
    )


def describe(widget: QWidget | None) -> str:
    if widget is None:
        return "None"
    text = ""
    for attr in ("objectName", "accessibleName", "text", "placeholderText"):
        value = getattr(widget, attr, None)
        value = value() if callable(value) else None
        if value:
            text = str(value)[:30]
            break
    return f"{type(widget).__name__}({text})"


def inputs_in(root: QWidget) -> list[QWidget]:
    """The visible, enabled inputs inside ``root`` (not the parts of other inputs, such as a
    spin box's line edit, a table's corner button or a search field's clear button)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or not widget.isVisible() or not widget.isEnabled():
            continue
        parent = widget.parentWidget()
        inner = False
        while parent is not None and parent is not root:
            if isinstance(parent, INPUTS):
                inner = True
                break
            parent = parent.parentWidget()
        if not inner and _outer(widget) is widget:
            found.append(widget)
    return found


def assert_every_input_reachable(root: QWidget, walk: list[QWidget]) -> None:
    """Every input in ``root`` is in ``walk``; of a group of radio buttons, the checked one
    (the arrow keys move within the group)."""
    reached = set(map(id, walk))
    missing = []
    groups: dict[int, QButtonGroup] = {}
    for widget in inputs_in(root):
        if isinstance(widget, QRadioButton) and widget.group() is not None:
            groups[id(widget.group())] = widget.group()
            continue
        if id(widget) not in reached:
            missing.append(widget)
    for group in groups.values():
        buttons = [b for b in group.buttons() if b.isVisible() and b.isEnabled()]
        stop = group.checkedButton() if group.checkedButton() in buttons else None
        if stop is not None:
            if id(stop) not in reached:
                missing.append(stop)
        elif buttons and not any(id(b) in reached for b in buttons):
            missing.append(buttons[0])
    assert not missing, "not reachable with Tab: " + ", ".join(map(describe, missing))


def assert_clean(walk: list[QWidget]) -> None:
    """No stop in hidden, disabled or decorative widgets, nor in a scroll area itself."""
    for widget in walk:
        assert widget.isVisible() and widget.isEnabled(), describe(widget)
        assert not isinstance(widget, QScrollArea), f"the scroll area {describe(widget)} is a tab stop"
        assert isinstance(widget, INPUTS), f"{describe(widget)} is a tab stop but no input"


def assert_in_order(walk: list[QWidget], expected: list[QWidget]) -> None:
    """``expected`` appear in ``walk`` in this order (others may come between them)."""
    positions = []
    for widget in expected:
        assert widget in walk, f"{describe(widget)} is not reached"
        positions.append(walk.index(widget))
    assert positions == sorted(positions), "order: " + " → ".join(
        describe(w) for w in sorted(expected, key=walk.index)
    )


def between(walk: list[QWidget], first: QWidget, last: QWidget) -> list[QWidget]:
    """The part of ``walk`` after ``first`` and before ``last``."""
    return walk[walk.index(first) + 1 : walk.index(last)]


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "s.sqlite3")
    yield s
    s.close()


@pytest.fixture
def window(qtbot, store):
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


def page_walk(qtbot, window: ProjectWindow, phase: str) -> list[QWidget]:
    """The Tab walk through the whole window with ``phase`` shown, from the phase list. The
    second round is checked: entering a table in the first one selects a row, which enables
    the buttons that act on it."""
    window.select_phase(phase)
    tab_walk(qtbot, window.nav)
    walk = tab_walk(qtbot, window.nav)
    assert_clean(walk)
    assert_every_input_reachable(window, walk)
    return walk


def page_part(window: ProjectWindow, walk: list[QWidget]) -> list[QWidget]:
    """The stops between the phase list and the preview: the page's own ones."""
    return between(walk, window.nav, window.preview.kind)


# --- the project window -----------------------------------------------------------------------


@pytest.mark.parametrize("phase", ["partners", "business_model", "goals", "rules", "drafts"])
def test_window_order_is_navigation_page_preview_help(qtbot, window, phase):
    """On every page: back button, phases, the page, then the preview (its document choice
    and its text) and the help - never the preview in the middle of the page's inputs. Shift+Tab
    walks the same way back."""
    walk = page_walk(qtbot, window, phase)
    assert walk[-1] is window.back_button
    assert walk[-4:-1] == [window.preview.kind, window.preview.browser, window.help]
    page = window.pages[phase]
    assert all(page.isAncestorOf(w) for w in page_part(window, walk))
    backwards = tab_walk(qtbot, window.nav, backwards=True)
    assert backwards == [walk[0], *reversed(walk[1:])]


def test_partners_page_list_buttons_then_the_form_top_to_bottom(qtbot, window):
    """The cards, their buttons, then the form in the order it is laid out."""
    page = window.pages["partners"]
    walk = page_walk(qtbot, window, "partners")
    editor = page.editor
    fields = {**{k: v.edit for k, v in editor.lines.items()}, **editor.texts,
              "legal_form": editor.legal_form, "sector": editor.sector, "market": editor.market, "size": editor.size,
              "employees": editor.employees, "role": editor.role, "tier": editor.tier}
    own = page_part(window, walk)
    assert own[: own.index(page.card_button) + 1] == [
        page.list, page.add_button, page.remove_button, page.down_button, page.card_button  # "up": first card
    ]
    assert own[own.index(page.card_button) + 1 :] == [fields[f] for f in PARTNER_FIELDS]


def test_partners_page_lead_button_when_it_applies(qtbot, window):
    """With a partner selected that is not the lead partner, every button is reached."""
    page = window.pages["partners"]
    window.select_phase("partners")
    page.focus_entity("partners", window.session.project.partners[1].id)
    own = page_part(window, page_walk(qtbot, window, "partners"))
    assert own[:6] == [page.list, page.add_button, page.remove_button, page.up_button,
                       page.down_button, page.lead_button]


def test_partners_page_without_partners(qtbot, store):
    """The empty page offers exactly one stop: the button that adds the first partner."""
    from kooperation.domain.model import Project

    project = store.save_project(Project(name="Leer"))
    window = ProjectWindow(store, project.id)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    try:
        own = page_part(window, page_walk(qtbot, window, "partners"))
        assert own == [window.pages["partners"].empty_add_button]
    finally:
        window.preview.wait_idle()
        window.close()


def test_business_model_like_the_canvas(qtbot, window):
    """Key partners, value proposition, customer segments, then the three costs and revenue."""
    page = window.pages["business_model"]
    own = page_part(window, page_walk(qtbot, window, "business_model"))
    assert own == [page.edits[f] for f in (
        "key_partners", "value_proposition", "customer_segments",
        "costs_management", "costs_development", "costs_infrastructure", "revenue_streams",
    )]


def test_goals_page_goals_then_milestones_then_timeline(qtbot, window):
    """Goal buttons and table, milestone buttons, table and description, then the timeline;
    Tab walks a table's cells and leaves it after the last one."""
    page = window.pages["goals"]
    page.focus_entity("goals", window.session.project.goals[0].id)
    page.focus_entity("milestones", window.session.project.milestones[0].id)
    own = page_part(window, page_walk(qtbot, window, "goals"))
    assert own == [
        page.add_goal_button, page.remove_goal_button, page.goals_view,
        page.add_milestone_button, page.remove_milestone_button, page.milestones_view,
        page.description, page.timeline,
    ]


def cells_in_reading_order(view) -> list[tuple[int, int]]:
    model = view.model()
    return [(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())]


def test_tab_walks_a_table_cell_by_cell_and_leaves_it_after_the_last(qtbot, window):
    """In the goals table Tab goes from cell to cell in reading order, then to the next
    widget; Shift+Tab walks back the same way and leaves before the first cell."""
    page = window.pages["goals"]
    window.select_phase("goals")
    view = page.goals_view
    view.setFocus(Qt.FocusReason.TabFocusReason)
    view.setCurrentIndex(view.model().index(0, 0))
    seen = [(0, 0)]
    cells = cells_in_reading_order(view)
    for _ in cells[1:]:
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        assert focused() is view
        seen.append((view.currentIndex().row(), view.currentIndex().column()))
    assert seen == cells
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert focused() is page.add_milestone_button
    view.setFocus(Qt.FocusReason.BacktabFocusReason)
    for _ in cells[1:]:
        qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert view.currentIndex().row() == 0 and view.currentIndex().column() == 0 and focused() is view
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is page.remove_goal_button or focused() is page.add_goal_button


def open_cell_editor(qtbot, view, row: int, column: int) -> QWidget:
    view.setFocus(Qt.FocusReason.TabFocusReason)
    view.setCurrentIndex(view.model().index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: view.indexWidget(view.model().index(row, column)) is not None)
    return view.indexWidget(view.model().index(row, column))


def test_tab_moves_out_of_open_editors_to_the_next_cell(qtbot, window):
    """Tab out of an open combo box, date or check list goes to the next cell of the same
    table (which opens for editing), never out of the table; at the last cell it leaves."""
    from kooperation.ui.goal_models import CheckList, GoalTableModel, MilestoneTableModel

    page = window.pages["goals"]
    window.select_phase("goals")
    goals, milestones = page.goals_view, page.milestones_view
    for view, column in ((goals, GoalTableModel.HORIZON), (goals, GoalTableModel.OWNER),
                         (milestones, MilestoneTableModel.START), (milestones, MilestoneTableModel.RESPONSIBLE),
                         (milestones, MilestoneTableModel.STATUS)):
        editor = open_cell_editor(qtbot, view, 0, column)
        assert isinstance(editor, (QComboBox, QLineEdit, CheckList)) and editor.hasFocus()
        qtbot.keyClick(editor, Qt.Key.Key_Tab)
        expected = (0, column + 1) if column + 1 < view.model().columnCount() else (1, 0)
        qtbot.waitUntil(lambda v=view, e=expected: (v.currentIndex().row(), v.currentIndex().column()) == e)
        assert view.isAncestorOf(QApplication.focusWidget()) or QApplication.focusWidget() is view
        view.closePersistentEditor(view.currentIndex())
        view.setFocus()
    last = goals.model().rowCount() - 1
    editor = open_cell_editor(qtbot, goals, last, GoalTableModel.OWNER)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # to the indicator, the last cell
    qtbot.waitUntil(lambda: goals.currentIndex().column() == GoalTableModel.INDICATOR)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: focused() is page.add_milestone_button)


def test_rules_page_every_topic_in_reading_order(qtbot, window):
    """For the form and every topic: the list, the chosen variant, the visible details in
    their rows, the status and the note - right after the list, also for panels built later."""
    page = window.pages["rules"]
    window.select_phase("rules")
    for entry in [FORM_ENTRY, *page.catalogue.topic_ids]:
        page.select(entry)
        walk = tab_walk(qtbot, window.nav)
        assert_clean(walk)
        assert_every_input_reachable(window, walk)
        own = page_part(window, walk)
        panel = page.panel
        assert own[0] is page.list, entry
        assert all(panel.isAncestorOf(w) for w in own[1:]), entry
        if entry == FORM_ENTRY:
            checked = panel.group.checkedButton()
            assert own[1:] == [checked, panel.status.group.checkedButton()]
            continue
        expected: list[QWidget] = []
        if panel.variant_group.checkedButton() is not None:
            expected.append(panel.variant_group.checkedButton())
        for row in panel.visible_rows():
            expected.append(row.editor.focus_widget())
            if row.reset.isVisible():
                expected.append(row.reset)
        expected += [panel.status.group.checkedButton(), panel.note]
        assert_in_order(own[1:], expected)
        assert own[-2:] == [panel.status.group.checkedButton(), panel.note], entry


def test_rules_tab_enters_a_choice_at_the_chosen_form(qtbot, window):
    """Tab goes to the chosen radio button of a group, also after the choice changed."""
    page = window.pages["rules"]
    window.select_phase("rules")
    page.select(FORM_ENTRY)
    window.session.set_project_field("form", CooperationForm.KONSORTIUM)
    walk = tab_walk(qtbot, page.list)
    chosen = page.panel.items[CooperationForm.KONSORTIUM.value].radio
    assert walk[1] is chosen and chosen.isChecked(), [describe(w) for w in walk]


def test_drafts_page_from_the_choices_to_the_versions(qtbot, window):
    """Document, formats, language, note and the button, then the list of versions."""
    page = window.pages["drafts"]
    own = page_part(window, page_walk(qtbot, window, "drafts"))
    assert own[:7] == [
        page.kind_buttons["vertrag"], page.format_boxes["docx"], page.format_boxes["pdf"],
        page.language_box, page.note_edit, page.generate_button, page.table,
    ]
    assert not any(w.isEnabled() and w.isVisible() for w in (page.open_button, page.save_button))


def test_drafts_page_with_versions_reaches_their_actions(qtbot, store):
    """With stored versions, the actions on the selected one follow the list, left to right
    and top to bottom (format, open, save, and whatever the version row offers besides)."""
    from kooperation.drafts import generate_draft

    project = store.save_project(demo_project())
    generate_draft(store, project.id, "vertrag", ["docx"])
    generate_draft(store, project.id, "vertrag", ["docx"])
    window = ProjectWindow(store, project.id)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    try:
        page = window.pages["drafts"]
        own = page_part(window, page_walk(qtbot, window, "drafts"))
        assert page.selected_info() is not None
        actions = [page.format_combo, page.open_button, page.save_button]
        actions += [b for b in (getattr(page, "review_button", None),
                                getattr(page, "compare_button", None)) if b is not None]
        share = getattr(page, "share", None)  # Drucken, Druckvorschau, Per E-Mail senden
        if share is not None:
            actions += [share.print_button, share.preview_button, share.mail_button]
        assert own[:7] == [
            page.kind_buttons["vertrag"], page.format_boxes["docx"], page.format_boxes["pdf"],
            page.language_box, page.note_edit, page.generate_button, page.table,
        ]
        assert own[7:] == [a for a in actions if a.isEnabled()]
    finally:
        window.preview.wait_idle()
        window.close()


def test_tab_in_a_multi_line_field_moves_on(qtbot, window):
    """Tab and Shift+Tab in every multi-line field (canvas, profile texts, description, notes,
    text details) move the focus and type nothing."""
    seen = 0
    for phase, page in window.pages.items():
        window.select_phase(phase)
        entries = page.catalogue.topic_ids if phase == "rules" else [None]
        for entry in entries:
            if entry is not None:
                page.select(entry)
            for field in page.findChildren(QPlainTextEdit):
                if not field.isVisible() or not field.isEnabled():
                    continue
                seen += 1
                before = field.toPlainText()
                for key, modifier in ((Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier),
                                      (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)):
                    field.setFocus(Qt.FocusReason.TabFocusReason)
                    qtbot.waitUntil(field.hasFocus, timeout=2000)
                    qtbot.keyClick(field, key, modifier)
                    assert not field.hasFocus(), f"{phase}/{entry}: {describe(field)} keeps Tab"
                    assert field.toPlainText() == before
    assert seen >= 4 + 7 + 1 + 14  # partner texts, canvas, description, a note per topic


def test_read_only_texts_are_one_stop_each(qtbot, window):
    """The preview and the help can be reached to read them, but Tab leaves them at once
    instead of walking through every link of the draft."""
    for browser in (window.preview.browser, window.help):
        browser.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(browser.hasFocus, timeout=2000)
        qtbot.keyClick(browser, Qt.Key.Key_Tab)
        assert not browser.hasFocus()


# --- the start page ---------------------------------------------------------------------------


@pytest.fixture
def main_window(qtbot, store):
    from kooperation.ui.main_window import MainWindow
    from kooperation.ui.settings import Settings

    w = MainWindow(store, Settings())
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    yield w
    w.close()


def test_start_page_in_reading_order(qtbot, store, main_window):
    """Search field, the toolbar buttons left to right, the project list, the recent projects."""
    first = store.save_project(demo_project())
    store.save_project(demo_project())
    page = main_window.start_page
    page.refresh()
    page.add_recent(first.id)
    page.select_project(first.id)
    walk = tab_walk(qtbot, page.search)
    assert_clean(walk)
    assert_every_input_reachable(page, walk)
    assert walk == [
        page.search, page.btn_new, page.btn_open, page.btn_duplicate, page.btn_delete,
        page.btn_example, page.table, page.recent_list,
    ]


def test_start_page_empty_and_no_match(qtbot, store, main_window):
    """The empty state's two buttons; with a search that finds nothing, its reset button
    comes where the list would be."""
    page = main_window.start_page
    walk = tab_walk(qtbot, page.btn_empty_new)
    assert walk == [page.btn_empty_new, page.btn_empty_example]
    store.save_project(demo_project())
    page.refresh()
    page.search.setText("nichts passt hierzu")
    walk = tab_walk(qtbot, page.search)
    assert_every_input_reachable(page, walk)
    assert walk == [page.search, page.btn_new, page.btn_example, page.btn_clear_search]


# --- where the focus goes -------------------------------------------------------------------------


def test_opening_a_project_puts_the_focus_on_the_page_not_on_the_back_button(qtbot, store, main_window):
    """After opening a project the focus is in the first field of the page (a Space there does
    not leave the project, as it did on "← Startseite"); also after coming back to it."""
    project = store.save_project(demo_project())
    main_window.start_page.refresh()
    main_window.start_page.table.setFocus()
    main_window.open_project(project.id)
    window = main_window.project_window
    page = window.pages["partners"]
    qtbot.waitUntil(lambda: focused() is page.list)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert main_window.project_window is window and window.isVisible()
    main_window.show_start_page()
    main_window.open_project(project.id)
    qtbot.waitUntil(lambda: focused() is page.list)


def test_choosing_a_page_puts_the_focus_on_its_first_field(qtbot, window):
    """A page chosen with the mouse (or from the program) takes the focus; the arrow keys in
    the list of phases leave it there, so one can walk on through the phases."""
    nav = window.nav
    for phase, first in (("business_model", lambda: window.pages["business_model"].edits["key_partners"]),
                         ("rules", lambda: window.pages["rules"].list),
                         ("goals", lambda: window.pages["goals"].add_goal_button)):
        item = nav.item(window._rows[phase])
        qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center())
        qtbot.waitUntil(lambda f=first: focused() is f())
    window.select_phase("drafts")
    assert focused() is window.pages["drafts"].kind_buttons["vertrag"]
    nav.setFocus()
    qtbot.keyClick(nav, Qt.Key.Key_Up)
    qtbot.keyClick(nav, Qt.Key.Key_Up)
    assert window.current_page() == "goals" and focused() is nav
    for key, page in window.pages.items():
        window.back_button.setFocus()
        window.select_phase(key)
        assert page.isAncestorOf(QApplication.focusWidget()), key
