"""The roadmap timeline on the "Goals & roadmap" page: it draws the milestones as the partners
edit them and lets the user jump from a bar to the milestone in the table."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QPixmap

from kooperation.domain.demo import demo_project
from kooperation.ui.timeline import (
    STATUS_COLOURS,
    STATUS_COLOURS_DARK,
    TODAY_COLOUR,
    TimelineWidget,
)


def demo_items() -> list[dict]:
    """The demo project's milestones as the goals page hands them to the timeline."""
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


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in {QPalette.Window: "#2b2b2b", QPalette.WindowText: "#e6e6e6", QPalette.Base: "#1e1e1e",
                         QPalette.Text: "#e6e6e6", QPalette.Highlight: "#3d7cc9"}.items():
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture
def timeline(qtbot):
    widget = TimelineWidget()
    widget.today = date(2026, 11, 21)  # a fixed "today" just before the demo roadmap begins
    qtbot.addWidget(widget)
    widget.resize(900, 300)
    widget.show()
    return widget


def show(widget: TimelineWidget, items: list[dict], width: int = 900) -> QImage:
    widget.set_items(items)
    widget.resize(width, widget.sizeHint().height())
    return widget.grab().toImage()


def colours_in_row(widget: TimelineWidget, image: QImage, row: int) -> set[str]:
    y = int(widget.row_rect(row).center().y())
    return {QColor(image.pixel(x, y)).name() for x in range(image.width())}


def test_bars_are_drawn_in_status_colours(timeline):
    """Each milestone with dates gets a bar in the colour of its status, in its own row."""
    image = show(timeline, demo_items())
    image.save("/tmp/timeline.png")
    assert STATUS_COLOURS["in_progress"] in colours_in_row(timeline, image, 0)
    assert STATUS_COLOURS["planned"] in colours_in_row(timeline, image, 5)
    assert STATUS_COLOURS["planned"] not in colours_in_row(timeline, image, 0)
    # the bar of "Pilotkurs" (Oct–Dec 2027) lies right of "Lernfabrik-Konzept" (Mar–Apr 2027)
    def bar_start(row: int) -> int:
        y = int(timeline.row_rect(row).center().y())
        return next(x for x in range(image.width()) if QColor(image.pixel(x, y)).name() == STATUS_COLOURS["planned"])
    assert bar_start(7) > bar_start(2)


def test_edits_are_followed(timeline):
    """Changing a milestone's status changes the colour of its bar at once."""
    items = demo_items()
    show(timeline, items)
    items[5]["status"] = "done"
    image = show(timeline, items)
    assert STATUS_COLOURS["done"] in colours_in_row(timeline, image, 5)


def test_today_line_and_legend(timeline):
    """A red "heute" line shows where the partners stand; the legend names every status."""
    image = show(timeline, demo_items())
    assert QColor(TODAY_COLOUR).name() in colours_in_row(timeline, image, 3)
    everywhere = {QColor(image.pixel(x, y)).name() for x in range(0, image.width()) for y in range(image.height())}
    assert set(STATUS_COLOURS.values()) <= everywhere  # the legend shows every status
    labels = [label for _kind, label in timeline._legend_entries()]
    assert labels == ["geplant", "in Arbeit", "erledigt", "verzögert", "entfallen", "heute"]


def test_one_date_gives_a_diamond(timeline):
    """A milestone with only an end date (or start = end) is drawn as a small diamond."""
    image = show(timeline, [{"id": "a", "title": "Abgabe", "start": None, "end": date(2027, 5, 1), "status": "delayed"},
                            {"id": "b", "title": "Lauf", "start": date(2027, 1, 1), "end": date(2027, 9, 1), "status": "done"}])
    y = int(timeline.row_rect(0).center().y())
    xs = [x for x in range(image.width()) if QColor(image.pixel(x, y)).name() == STATUS_COLOURS["delayed"]]
    assert xs and 10 <= max(xs) - min(xs) <= 16  # about 14 px wide at its middle ...
    above = [x for x in range(image.width()) if QColor(image.pixel(x, y - 5)).name() == STATUS_COLOURS["delayed"]]
    assert above and max(above) - min(above) < max(xs) - min(xs) - 6  # ... and narrower above it


def test_more_rows_make_the_widget_taller(timeline):
    """The widget asks for room for every row, so the page scrolls rather than cutting rows."""
    items = demo_items()
    timeline.set_items(items[:3])
    small = timeline.sizeHint().height()
    timeline.set_items(items)
    assert timeline.sizeHint().height() - small >= 9 * timeline.row_rect(0).height()
    assert timeline.minimumSizeHint().height() == timeline.sizeHint().height()


def test_double_click_names_the_milestone(timeline, qtbot):
    """Double-clicking a row tells the page which milestone to select."""
    items = demo_items()
    show(timeline, items)
    with qtbot.waitSignal(timeline.sig_item_activated) as blocker:
        qtbot.mouseDClick(timeline, Qt.LeftButton, pos=QPoint(40, int(timeline.row_rect(3).center().y())))
    assert blocker.args == [items[3]["id"]]
    with qtbot.assertNotEmitted(timeline.sig_item_activated):
        qtbot.mouseDClick(timeline, Qt.LeftButton, pos=QPoint(40, 5))  # on the axis


def test_keyboard_selects_a_milestone(timeline, qtbot):
    """Down moves through the rows, Enter selects the marked milestone."""
    items = demo_items()
    show(timeline, items)
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key_Down)
    qtbot.keyClick(timeline, Qt.Key_Down)
    with qtbot.waitSignal(timeline.sig_item_activated) as blocker:
        qtbot.keyClick(timeline, Qt.Key_Return)
    assert blocker.args == [items[1]["id"]]


def test_undated_empty_and_odd_roadmaps_do_not_break(timeline):
    """No milestones, milestones without dates, swapped or absurd dates, unknown statuses and
    dependencies on missing milestones all still draw."""
    show(timeline, [])
    timeline.set_items([{"id": "a", "title": "Ohne Datum", "start": None, "end": None, "status": "planned"},
                        {"id": "b", "title": "Nur Ende", "start": None, "end": date(2027, 5, 1), "status": "delayed"}])
    assert [i["id"] for i in timeline.undated()] == ["a"]
    assert [i["id"] for i in timeline.dated()] == ["b"]
    assert "Ohne Termin: Ohne Datum" in timeline._undated_text()
    timeline.grab()
    show(timeline, [
        {"id": "x", "title": "", "start": date(1, 1, 1), "end": date(9999, 12, 31), "status": "weird"},
        {"id": "y", "title": "<b>{{ 7*7 }}</b>", "start": "2027-09-01", "end": "2027-03-01", "status": None,
         "depends_on": ["x", "missing", "y"]},
    ], width=300)


def test_tooltip_says_dates_status_and_responsible(timeline):
    """Hovering a bar tells title, dates, status and who is responsible."""
    item = demo_items()[1]
    text = timeline.tooltip_for(item)
    assert text.splitlines() == [
        "Bedarfsanalyse bei 30 Betrieben",
        "18.01.2027 – 31.03.2027",
        "Status: in Arbeit",
        "Verantwortlich: Wirtschaftsförderung, Hochschule",
    ]
    single = timeline.tooltip_for({"id": "s", "title": "Abgabe", "end": date(2027, 5, 3), "status": "done"})
    assert "03.05.2027" in single and "erledigt" in single


def test_dark_palette_uses_readable_colours(timeline):
    """In dark mode the background stays dark, bars take the lighter set, titles the light text."""
    timeline.setPalette(dark_palette())
    image = show(timeline, demo_items())
    image.save("/tmp/timeline_dark.png")
    assert QColor(image.pixel(image.width() - 3, image.height() - 3)).lightness() < 60
    row0 = colours_in_row(timeline, image, 0)
    assert STATUS_COLOURS_DARK["in_progress"] in row0
    assert any(QColor(name).lightness() > 180 for name in row0)  # the title's text


def test_sharp_at_device_pixel_ratio_2(timeline):
    """On a HiDPI screen the drawing is made at twice the pixels, bars in the same places."""
    show(timeline, demo_items())
    pixmap = QPixmap(timeline.size() * 2)
    pixmap.setDevicePixelRatio(2)
    pixmap.fill(Qt.white)
    timeline.render(pixmap)
    image = pixmap.toImage()
    image.save("/tmp/timeline_dpr2.png")
    assert image.width() == 2 * timeline.width()
    y = 2 * int(timeline.row_rect(0).center().y())
    assert STATUS_COLOURS["in_progress"] in {QColor(image.pixel(x, y)).name() for x in range(image.width())}
