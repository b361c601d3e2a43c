"""Dark and light follow the system, also while the window is open.

A desktop that switches to dark mode hands Qt a new palette. The widgets must follow at once:
texts stay readable (muted, warning and error texts included), the timeline repaints with a dark
base and light text, the preview's links take the new link colour, nothing keeps the colours of
the moment it was built. The first test asks the platform for a dark scheme the way a system
switch would (``QStyleHints.setColorScheme``, Qt >= 6.8); offscreen has no system theme, so there
it is skipped and the second test applies the dark palette the platform would hand over.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from kooperation.domain.demo import demo_project
from kooperation.store import open_store
from kooperation.ui.main_window import MainWindow
from kooperation.ui.pages.rules import FORM_ENTRY
from kooperation.ui.settings import Settings

MINIMUM_CONTRAST = 4.5
"""WCAG AA for normal text."""


def dark_palette() -> QPalette:
    """A dark palette like the one a desktop in dark mode hands to Qt."""
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#2f2f2f",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#3a3a3a",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#3d7cc9",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#3a3a3a",
        QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.PlaceholderText: "#8a8a8a",
        QPalette.ColorRole.Link: "#7fb2ff", QPalette.ColorRole.Mid: "#555555",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(text: QColor, background: QColor) -> float:
    """The WCAG contrast ratio of ``text`` (blended over the background if translucent)."""
    if text.alphaF() < 1:
        a = text.alphaF()
        text = QColor.fromRgbF(
            text.redF() * a + background.redF() * (1 - a),
            text.greenF() * a + background.greenF() * (1 - a),
            text.blueF() * a + background.blueF() * (1 - a),
        )
    light, dark = sorted((_luminance(text), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def visible_labels(root: QWidget) -> Iterator[QLabel]:
    for label in root.findChildren(QLabel):
        if label.isVisible() and label.isEnabled() and label.text().strip():
            yield label


def label_contrast(label: QLabel) -> float:
    palette = label.palette()
    return contrast(palette.color(label.foregroundRole()), palette.color(label.backgroundRole()))


def unreadable(root: QWidget) -> list[str]:
    """The visible labels whose text does not stand out enough from their background."""
    return [
        f"{label.text()[:50]!r}: {label_contrast(label):.2f}"
        for label in visible_labels(root)
        if label_contrast(label) < MINIMUM_CONTRAST
    ]


def link_colours(browser) -> set[str]:
    """The colours of the links in a text browser's document."""
    colours = set()
    block = browser.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            char = fragment.charFormat()
            if fragment.isValid() and char.isAnchor() and char.anchorHref():
                colours.add(char.foreground().color().name())
            iterator += 1
        block = block.next()
    return colours


@pytest.fixture
def restore_palette(qapp):
    """Whatever a test does to the colours, the next test gets the palette of before."""
    original = QPalette(QApplication.palette())
    yield
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "unsetColorScheme"):
        hints.unsetColorScheme()
    QApplication.setPalette(original)


@pytest.fixture
def light(restore_palette):
    """The light default palette (what a light desktop hands over)."""
    QApplication.setPalette(QApplication.style().standardPalette())


@pytest.fixture
def window(qtbot, tmp_path, restore_palette, monkeypatch):
    """The main window on the example project, with every page built once and the texts
    that only appear in special moments shown: the error banner, a field warning, a refused
    milestone, the undo bar of the start page."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    store = open_store(tmp_path / "s.sqlite3")
    project = store.save_project(demo_project())
    doomed = store.save_project(demo_project())
    w = MainWindow(store, Settings())
    qtbot.addWidget(w)
    w.resize(1440, 900)
    w.show()
    qtbot.waitExposed(w)
    w.start_page.select_project(doomed.id)
    assert w.start_page.delete_selected()
    assert w.start_page.undo_bar.isVisible()
    w.open_project(project.id)
    pw = w.project_window
    for phase in pw.pages:
        pw.select_phase(phase)
    pw.pages["rules"].select(FORM_ENTRY)
    pw.pages["rules"].select("austritt")
    pw.pages["partners"].editor.lines["postcode"].show_warning(True)
    pw.pages["goals"]._show_message("milestones", "Das Ende liegt vor dem Beginn.")
    pw.show_message("Eine Meldung")
    pw.preview.wait_idle()
    qtbot.waitUntil(lambda: bool(link_colours(pw.preview.browser)), timeout=5000)
    yield w
    if shiboken6.isValid(w):  # pytest-qt may have closed it already
        w.close()  # waits for the preview's worker
    store.close()


def assert_readable(qtbot, window: MainWindow, dark: bool) -> None:
    """Every page of the open project and the start page are readable in this scheme."""
    pw = window.project_window
    for phase in pw.pages:
        pw.select_phase(phase)
        if phase == "rules":
            for entry in (FORM_ENTRY, "austritt"):
                pw.pages["rules"].select(entry)
                assert not unreadable(window), (phase, entry, unreadable(window))
        else:
            assert not unreadable(window), (phase, unreadable(window))

    assert (window.palette().color(QPalette.ColorRole.Window).lightness() < 128) is dark
    assert (pw.nav.palette().color(QPalette.ColorRole.Base).lightness() < 128) is dark
    assert (pw.preview.browser.palette().color(QPalette.ColorRole.Base).lightness() < 128) is dark

    # the timeline draws on the base colour, with the text colour
    pw.select_phase("goals")
    timeline = pw.pages["goals"].timeline
    colours = timeline._colours()
    assert (colours["base"].lightness() < 128) is dark
    assert (colours["text"].lightness() > 128) is dark
    image = timeline.grab().toImage()
    corner = image.pixelColor(image.width() - 3, image.height() - 3)
    assert (corner.lightness() < 128) is dark

    # links in the preview take the palette's link colour of the moment (read again in slices)
    link = QApplication.palette().color(QPalette.ColorRole.Link).name()
    pw.preview.wait_idle()
    assert link in link_colours(pw.preview.browser)

    start = window.start_page
    undo_bar = start.undo_bar.palette().color(start.undo_bar.backgroundRole())
    assert (undo_bar.lightness() < 128) is dark
    assert contrast(start.undo_label.palette().color(QPalette.ColorRole.WindowText), undo_bar) >= (
        MINIMUM_CONTRAST
    )


def test_light_palette_is_readable(qtbot, light, window):
    """The starting point: in the light default everything is readable."""
    assert_readable(qtbot, window, dark=False)


def test_widgets_follow_a_switch_to_dark_and_back_while_open(qtbot, light, window):
    """The window was built light; the system switches to dark, later back to light. Every
    text stays readable and the drawn parts follow, without reopening anything."""
    QApplication.setPalette(dark_palette())
    qtbot.wait(10)
    assert_readable(qtbot, window, dark=True)
    QApplication.setPalette(QApplication.style().standardPalette())
    qtbot.wait(10)
    assert_readable(qtbot, window, dark=False)


def test_system_colour_scheme_switch(qtbot, window):
    """Asking Qt for the dark scheme as the desktop would (Qt >= 6.8) changes the palette,
    and the window follows. Skipped where the platform has no colour scheme (offscreen)."""
    hints = QGuiApplication.styleHints()
    if not hasattr(hints, "setColorScheme"):
        pytest.skip("Qt older than 6.8: no QStyleHints.setColorScheme")
    light_before = QApplication.palette().color(QPalette.ColorRole.Window).lightness() >= 128
    hints.setColorScheme(Qt.ColorScheme.Dark)
    qtbot.wait(50)
    if not light_before:
        pytest.skip("the system palette is dark already")
    if QApplication.palette().color(QPalette.ColorRole.Window).lightness() >= 128:
        pytest.skip(f"the platform {QGuiApplication.platformName()!r} ignores the colour scheme")
    assert_readable(qtbot, window, dark=True)
