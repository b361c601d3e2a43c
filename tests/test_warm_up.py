"""The idle preparation after start-up runs its steps one per turn of the event loop (never all
at once), survives a failing step, and leaves the first project window's modules imported."""

from __future__ import annotations

import gc
import sys

from kooperation.ui.warm_up import MODULES, default_steps, warm_up


def test_steps_run_one_per_turn_of_the_event_loop(qtbot):
    """Nothing runs synchronously; each step comes in its own turn; a failing one is skipped."""
    ran: list[int] = []

    def fail() -> None:
        raise RuntimeError("kaputt")

    queue = warm_up([lambda: ran.append(1), fail, lambda: ran.append(3)])
    assert ran == [] and len(queue) == 3
    qtbot.waitUntil(lambda: ran == [1, 3], timeout=2000)
    assert queue == []


def test_the_default_steps_prepare_what_the_project_window_needs(qtbot):
    """After the default steps the modules of the project window and the preview are loaded,
    and what lives as long as the program is out of the collector's reach."""
    gc.unfreeze()
    try:
        queue = warm_up()
        assert len(queue) == len(default_steps())
        qtbot.waitUntil(lambda: not queue, timeout=20000)
        assert all(name in sys.modules for name in MODULES)
        from kooperation.domain.catalogue import load_catalogue

        assert gc.get_freeze_count() > 10_000
        assert not gc.is_tracked(load_catalogue()) or load_catalogue() not in gc.get_objects()
    finally:
        gc.unfreeze()


def test_every_parameter_condition_is_compiled_ahead():
    """`compile_conditions` compiles each ``when`` of the catalogue once; using them afterwards
    compiles nothing more."""
    from kooperation.domain.catalogue import (
        _compiled,
        compile_conditions,
        load_catalogue,
        param_applies,
    )

    catalogue = load_catalogue()
    count = compile_conditions(catalogue)
    assert count >= 10
    misses = _compiled.cache_info().misses
    for topic in catalogue.topics:
        for variant in (None, *(v.id for v in topic.variants)):
            for param in topic.params_for(variant):
                param_applies(param, variant, {})
    assert _compiled.cache_info().misses == misses
