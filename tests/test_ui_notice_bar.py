"""The message bar above the pages: it stays until read, and its colours follow its kind."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from kooperation.ui.notice_bar import NoticeBar
from kooperation.ui.palette import ERROR_BOX, INFO_BOX, inherited_palette, scheme


def test_the_colours_follow_the_kind_of_message(qtbot):
    """An error is red, a note that follows it is blue, with the text shown as given."""
    bar = NoticeBar()
    qtbot.addWidget(bar)
    bar.show_notice("Etwas ging schief.", "error")
    light = scheme(inherited_palette(bar))
    assert bar.palette().color(QPalette.ColorRole.Window) == QColor(ERROR_BOX[light][0])
    bar.dismiss()
    bar.show_notice("In einem anderen Fenster geändert.", "info")
    assert bar.palette().color(QPalette.ColorRole.Window) == QColor(INFO_BOX[light][0])
    assert bar.text() == "In einem anderen Fenster geändert."


def test_a_message_stays_until_it_is_closed(qtbot):
    """No timer hides it; the close button does."""
    bar = NoticeBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.show_notice("Nicht gespeichert.", "error")
    qtbot.wait(300)
    assert bar.isVisible() and bar.text()
    with qtbot.waitSignal(bar.sig_closed):
        bar.close_button.click()
    assert not bar.isVisible() and bar.text() == ""


def test_both_kinds_are_readable_in_light_and_dark(qtbot):
    """Text on the bar's background keeps WCAG contrast 4.5:1 for every kind and scheme."""
    from test_ui_palette import contrast

    for colours in (ERROR_BOX, INFO_BOX):
        for back, fore in colours.values():
            assert contrast(QColor(fore), QColor(back)) >= 4.5
