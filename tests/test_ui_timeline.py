"""The roadmap timeline draws the milestones and lets the user jump to one."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from kooperation.domain.demo import demo_project
from kooperation.ui.timeline import AXIS, ROW, STATUS_COLOURS, TimelineWidget


def demo_items():
    project = demo_project()
    return [
        {
            "id": m.id,
            "title": m.title,
            "start": m.start,
            "end": m.end,
            "status": m.status.value,
            "depends_on": list(m.depends_on_ids),
            "responsible": [project.partner(p).display_name for p in m.responsible_ids],
        }
        for m in project.milestones
    ]


@pytest.fixture
def timeline(qtbot):
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(900, widget.sizeHint().height())
    widget.show()
    return widget


def colours_in_row(image, row: int) -> set[str]:
    y = AXIS + row * ROW + ROW // 2
    return {QColor(image.pixel(x, y)).name() for x in range(0, image.width(), 2)}


def test_bars_are_drawn_in_status_colours(timeline):
    """Each milestone with dates gets a bar in the colour of its status."""
    items = demo_items()
    timeline.set_items(items)
    timeline.resize(900, timeline.sizeHint().height())
    image = timeline.grab().toImage()
    assert STATUS_COLOURS["in_progress"] in colours_in_row(image, 0)
    assert STATUS_COLOURS["planned"] in colours_in_row(image, 5)
    timeline.grab().save("/tmp/timeline.png")


def test_edits_are_followed(timeline):
    """Changing a milestone's status changes the colour of its bar."""
    items = demo_items()
    timeline.set_items(items)
    items[5]["status"] = "done"
    timeline.set_items(items)
    timeline.resize(900, timeline.sizeHint().height())
    assert STATUS_COLOURS["done"] in colours_in_row(timeline.grab().toImage(), 5)


def test_double_click_names_the_milestone(timeline, qtbot):
    """Double-clicking a row tells which milestone to select."""
    items = demo_items()
    timeline.set_items(items)
    with qtbot.waitSignal(timeline.sig_item_activated) as blocker:
        qtbot.mouseDClick(timeline, Qt.LeftButton, pos=QPoint(40, AXIS + 3 * ROW + ROW // 2))
    assert blocker.args == [items[3]["id"]]


def test_undated_and_empty_roadmaps_do_not_break(timeline):
    """No milestones, or milestones without dates, still draw (with a hint)."""
    timeline.set_items([])
    timeline.grab()
    timeline.set_items([{"id": "a", "title": "Ohne Datum", "start": None, "end": None, "status": "planned"},
                        {"id": "b", "title": "Nur Ende", "start": None, "end": date(2027, 5, 1), "status": "delayed"}])
    assert [i["id"] for i in timeline.undated()] == ["a"]
    timeline.grab()


def test_tooltip_says_dates_status_and_responsible(timeline):
    """Hovering a bar tells title, dates, status and who is responsible."""
    item = demo_items()[0]
    text = timeline.tooltip_for(item)
    assert item["title"] in text and "11.01.2027" in text and "in Arbeit" in text and "ProdTech" in text
