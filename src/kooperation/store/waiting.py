"""How long a call from the main thread waits for a store locked by another program.

Kept apart from the repository so that the window can set it before SQLAlchemy is loaded.
"""

from __future__ import annotations

import threading

_main_thread_wait_ms: int | None = None


def wait_briefly_on_main_thread(milliseconds: int | None) -> None:
    """Let every store call from the main thread wait at most ``milliseconds`` for a lock held
    by another program, then fail with `StoreBusyError` (the window calls this: a screen must
    never freeze for seconds; workers and the command line keep waiting the usual time)."""
    global _main_thread_wait_ms
    _main_thread_wait_ms = milliseconds


def wait_for_this_thread() -> int | None:
    """The lock wait for a call from the current thread (None: the store's default)."""
    if _main_thread_wait_ms is not None and threading.current_thread() is threading.main_thread():
        return _main_thread_wait_ms
    return None
