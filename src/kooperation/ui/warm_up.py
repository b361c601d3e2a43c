"""Prepare, while the start page waits for a click, what opening the first project needs.

Opening a project for the first time registered the documents' fonts, imported the project
window with its page modules, read the rules catalogue and the checks, and loaded the clause
library for the preview: about a quarter of a second in which the window stood still. Once the start page is on screen these
steps run one per turn of the event loop (so a click or a key in between is served at once)
and the first project then opens as fast as the second. Nothing is cached here that could go
stale: the steps import modules and fill the caches the loaders keep anyway (`load_catalogue`,
`load_checks`, `load_library`: files that do not change while the program runs; a firm's
library folder is part of their key). The last step freezes what lives as long as the program,
so that garbage collection on the GUI thread stays short (`freeze_long_lived`).
"""

from __future__ import annotations

import gc
import importlib
import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QTimer

from kooperation.ui.memory import hand_back_freed_memory

log = logging.getLogger(__name__)

MODULES = (
    "kooperation.domain.progress",
    "kooperation.ui.project_window",
    "kooperation.ui.pages.partners",
    "kooperation.drafting.build",
    "kooperation.render.html",
)
"""What the project window, its first page and the preview import, in the order they need it."""


def _load_catalogue() -> None:
    """The catalogue, and every parameter's ``when`` condition compiled (the progress marks of
    the first project window evaluate them)."""
    from kooperation.domain.catalogue import compile_conditions, load_catalogue

    compile_conditions(load_catalogue())


def _load_checks() -> None:
    from kooperation.domain.checks import load_checks

    load_checks()


def _load_library() -> None:
    from kooperation.drafting.library import load_library

    load_library("vertrag", "de")


def freeze_long_lived() -> None:
    """Move every object alive now (modules, Qt wrappers of the main window, the catalogue, the
    checks, the clause library: they live as long as the program) out of the garbage
    collector's reach. The full collections that `MainThreadCollector` runs on the GUI thread
    then scan only what projects and pages create: measured with the demo open, 120 ms per
    full collection before, 3 ms after. Objects frozen here are still freed by reference
    counting; only reference cycles among them would stay (they are meant to stay anyway)."""
    gc.freeze()


def _register_fonts() -> None:
    """The documents' fonts for the preview (which registers them itself if it comes first)."""
    from kooperation.ui.fonts import register_document_fonts

    register_document_fonts()


def default_steps() -> list[Callable[[], object]]:
    steps: list[Callable[[], object]] = [
        lambda name=name: importlib.import_module(name) for name in MODULES
    ]
    # last: what the imports and loaders freed goes back to the system (kooperation.ui.memory)
    return [_register_fonts, *steps, _load_catalogue, _load_checks, _load_library, freeze_long_lived,
            hand_back_freed_memory]


def warm_up(steps: Sequence[Callable[[], object]] | None = None) -> list[Callable[[], object]]:
    """Run ``steps`` (default: `default_steps`) one per turn of the event loop; returns the
    list, which empties as they run. A step that fails is logged and skipped: warming up is
    never a reason for a message (the real use reports the problem where it belongs)."""
    queue = list(default_steps() if steps is None else steps)

    def next_step() -> None:
        if not queue:
            return
        step = queue.pop(0)
        try:
            step()
        except Exception:  # noqa: BLE001 - see the docstring
            log.debug("warm-up step failed", exc_info=True)
        if queue:
            QTimer.singleShot(0, next_step)

    QTimer.singleShot(0, next_step)
    return queue
