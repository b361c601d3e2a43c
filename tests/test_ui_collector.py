"""Garbage collection runs on the GUI thread only: a worker thread never frees Qt objects."""

from __future__ import annotations

import gc

from kooperation.ui.collector import MainThreadCollector


def test_automatic_collection_is_off_and_the_gui_thread_collects(qapp, qtbot):
    """With the application set up, Python does not collect by itself (it could do so on a
    worker thread); the collector on the GUI thread frees reference cycles by the thresholds."""
    collector = qapp.findChild(MainThreadCollector)
    assert collector is not None and collector.timer.isActive() and not gc.isenabled()

    class Node:
        pass

    gc.collect()
    for _ in range(gc.get_threshold()[0] + 10):
        a, b = Node(), Node()
        a.other, b.other = b, a
    assert gc.get_count()[0] > gc.get_threshold()[0]
    assert collector.check() > 0
    assert gc.get_count()[0] < gc.get_threshold()[0]


def test_the_collector_is_installed_once(qapp):
    """Installing again (as the tests' application and `create_application` both do) keeps the
    one collector: no second timer collects in parallel."""
    from kooperation.ui.collector import install_collector

    first = install_collector(qapp)
    assert install_collector(qapp) is first
    assert qapp.findChildren(MainThreadCollector) == [first]
