"""The mouse wheel over a spin box, combo box or date field scrolls the page and changes
nothing, unless the field has the keyboard focus (then it changes the value, as everywhere).

The tests send real wheel events to the widget under the pointer and read the store back.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QSpinBox, QWidget

from kooperation.domain.demo import demo_project
from kooperation.store import open_store
from kooperation.ui.date_edit import DateEdit
from kooperation.ui.project_window import ProjectWindow


@pytest.fixture
def window(qtbot, tmp_path):
    store = open_store(tmp_path / "w.sqlite3")
    project = store.save_project(demo_project())
    w = ProjectWindow(store, project.id)
    qtbot.addWidget(w)
    w.resize(1300, 560)  # low, so that the pages scroll
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.preview.wait_idle()
    w.close()
    store.close()


def stored(window):
    return window.session.store.load_project(window.session.project.id)


def wheel(field: QWidget, notches: int = -1) -> None:
    """Turn the wheel ``notches`` (negative: towards the user, scrolling down) with the pointer
    over the middle of ``field``. As Qt does with the system's event, it goes to the widget under
    the pointer and, while nobody accepts it, to its parents."""
    centre = field.rect().center()
    target = field.childAt(centre) or field
    glob = QPointF(field.mapToGlobal(centre))
    while target is not None:
        event = QWheelEvent(
            target.mapFromGlobal(glob), glob, QPoint(0, 0), QPoint(0, 120 * notches),
            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
        )
        event.ignore()
        QApplication.sendEvent(target, event)
        if event.isAccepted() or target.isWindow():
            return
        target = target.parentWidget()


def scroll_area_of(widget: QWidget) -> QScrollArea:
    parent = widget.parentWidget()
    while not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def rules_spin(qtbot, window) -> QSpinBox:
    """The notice period of the exit topic ("3 Monate"), scrolled into the middle of the page."""
    window.select_phase("rules")
    page = window.pages["rules"]
    page.select("austritt")
    row = next(r for r in page.panel.visible_rows() if isinstance(r.editor.focus_widget(), QSpinBox))
    spin = row.editor.focus_widget()
    qtbot.waitUntil(spin.isVisible)
    area = scroll_area_of(spin)
    assert area.verticalScrollBar().maximum() > 0, "the page must be able to scroll"
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum() // 2)
    area.ensureWidgetVisible(spin)
    return spin


def test_the_wheel_over_an_unfocused_spin_box_scrolls_the_rules_page(qtbot, window):
    """On "Form & Regeln" the wheel over the notice period scrolls; the period stays 3 Monate."""
    spin = rules_spin(qtbot, window)
    page = window.pages["rules"]
    page.list.setFocus()
    before_value, before_store = spin.value(), stored(window).decisions
    bar = scroll_area_of(spin).verticalScrollBar()
    position = bar.value()
    wheel(spin, -1)
    assert spin.value() == before_value
    assert stored(window).decisions == before_store
    assert bar.value() > position, "the page did not scroll"
    wheel(spin, +1)
    assert spin.value() == before_value and bar.value() == position


def test_the_wheel_changes_a_focused_spin_box(qtbot, window):
    """With the focus in it, the wheel changes the value, and the change is stored."""
    spin = rules_spin(qtbot, window)
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    before = spin.value()
    wheel(spin, +1)
    assert spin.value() == before + spin.singleStep()
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel alone gives no focus


def test_the_wheel_over_the_partner_role_scrolls_the_form(qtbot, window):
    """On "Partner" the wheel over the role (lead partner …) scrolls the form, the role stays."""
    window.select_phase("partners")
    page = window.pages["partners"]
    combo = page.editor.role
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(combo.isVisible)
    page.list.setFocus()
    roles = [p.role for p in stored(window).partners]
    index = combo.currentIndex()
    bar = page.editor.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    page.editor.ensureWidgetVisible(combo)
    position = bar.value()
    wheel(combo, -1)
    wheel(combo, -1)
    assert combo.currentIndex() == index
    assert [p.role for p in stored(window).partners] == roles
    assert bar.value() > position
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo, -1)
    assert combo.currentIndex() != index


def test_every_value_field_of_every_page_ignores_the_wheel_without_focus(qtbot, window):
    """No spin box, combo box or date field on any page - also the ones built later, like the
    parameter editors of each topic - changes from the wheel while another widget has the focus."""
    seen = 0
    for key, page in window.pages.items():
        window.select_phase(key)
        entries = page.catalogue.topic_ids if key == "rules" else [None]
        for entry in entries:
            if entry is not None:
                page.select(entry)
            for field in page.findChildren(QWidget):
                if not isinstance(field, (QSpinBox, QComboBox, DateEdit)) or not field.isVisible():
                    continue
                if not field.isEnabled():
                    continue
                seen += 1
                window.nav.setFocus()  # choosing a page focuses its first field
                assert not field.hasFocus()
                value = field.text() if isinstance(field, DateEdit) else (
                    field.value() if isinstance(field, QSpinBox) else field.currentIndex()
                )
                wheel(field, -1)
                after = field.text() if isinstance(field, DateEdit) else (
                    field.value() if isinstance(field, QSpinBox) else field.currentIndex()
                )
                assert after == value, f"{key}/{entry}: {type(field).__name__} changed"
                assert field.focusPolicy() != Qt.FocusPolicy.WheelFocus
    assert seen >= 20


def test_the_guard_installed_after_the_first_paint_still_covers_fields_polished_before(
    qtbot, qapp, tmp_path
):
    """The application installs the guard once the start page is painted (`open_when_loaded`):
    a value field shown before that gets the same focus policy as one polished under the guard,
    and the guard is in place afterwards."""
    from kooperation.store.repository import open_store as open_real_store
    from kooperation.ui.app import create_main_window, open_when_loaded
    from kooperation.ui.input_guard import InputGuard

    old = qapp.findChild(InputGuard)
    qapp.removeEventFilter(old)
    old.setParent(None)
    try:
        early = QSpinBox()
        qtbot.addWidget(early)
        early.show()  # polished without the guard
        assert early.focusPolicy() == Qt.FocusPolicy.WheelFocus
        store = open_real_store(tmp_path / "g.sqlite3")
        window = create_main_window(store)
        qtbot.addWidget(window)
        done: list[bool] = []
        open_when_loaded(store, window, done.append)
        assert done == [True]
        guard = qapp.findChild(InputGuard)
        assert guard is not None and guard is not old
        assert early.focusPolicy() == Qt.FocusPolicy.StrongFocus
        late = QSpinBox()
        qtbot.addWidget(late)
        late.show()
        assert late.focusPolicy() == Qt.FocusPolicy.StrongFocus
        window.close()
        store.close()
    finally:
        if qapp.findChild(InputGuard) is None:  # the rest of the session keeps its guard
            old.setParent(qapp)
            qapp.installEventFilter(old)
