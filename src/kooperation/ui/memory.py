"""Two measured savings of the window's resident memory (issue 12: goal <= 110 MiB with the
example project and its preview on screen). Each changes no behaviour; see the functions.

Measured in one run (the window with the demo open and its preview shown, as in
``benchmarks/bench_preview.py``): the source lines in ``linecache`` cost 26 MiB (175 -> 149
MiB); handing freed heap back saves 2 MiB after the start-up warm-up and 5 MiB after a draft.
"""

from __future__ import annotations

import functools
import linecache
import sys
from collections.abc import Callable
from typing import Any

_FEATURE_MODULE = "shibokensupport.feature"


def keep_sources_out_of_linecache() -> bool:
    """Stop PySide6 from keeping the source of every imported module in memory.

    PySide6 replaces ``__import__``; after each import it asks (``_mod_uses_pyside`` in its
    ``__feature__`` support, for the opt-in ``from __feature__ import snake_case``) whether the
    new module's source mentions "PySide6". It reads the source with ``inspect.getsource``,
    and that leaves every line of every module in ``linecache``: with the demo open about 650
    modules, 10 MB of text, 26 MiB as Python strings, which nothing reads (a traceback reads
    the lines it shows again when it needs them). The check is replaced by the same question
    asked of the module file's bytes (same verdict; the start page is painted about 5 ms
    sooner); for a module without a ``.py`` file PySide6's own check runs, and the lines it
    added to the cache are dropped again. Lines that were cached before (a traceback's) stay.
    Returns whether PySide6 has that check (if a version of PySide6 has none, there is nothing
    to do)."""
    module = sys.modules.get(_FEATURE_MODULE)
    check: Callable[[Any], bool] | None = getattr(module, "_mod_uses_pyside", None)
    if check is None:
        return False
    if getattr(check, "keeps_linecache", None) is False:
        return True  # installed already

    def uses_pyside(imported: Any) -> bool:
        path = getattr(imported, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            # the same question asked of the file's bytes (what ``getsource`` would decode and
            # join): a tenth of the time, and nothing goes into linecache. Python source is
            # UTF-8 or another encoding that writes "PySide6" in these ASCII bytes (PEP 263).
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass  # as PySide6 would: its own check says what to do
        before = set(linecache.cache)
        try:
            return check(imported)
        finally:
            for name in set(linecache.cache) - before:
                linecache.cache.pop(name, None)

    uses_pyside.keeps_linecache = False  # type: ignore[attr-defined]
    module._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
    # what was read before the check was replaced (PySide6's own modules, this package)
    linecache.clearcache()
    return True


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (macOS, Windows, musl).
    Looked up at the first call (after the start-up, never before the first paint), among the
    symbols the process has loaded already: no search for the library file."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here: 2 ms the start page need not wait for

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def hand_back_freed_memory() -> bool:
    """Give memory that C code freed (Qt's, SQLite's, the preview's documents built on worker
    threads) back to the system. glibc keeps freed memory in each thread's heap for later; after
    a heavy phase (the start-up warm-up, a generated draft) that is several MiB that would stay
    resident until the same thread allocates as much again. ``malloc_trim`` only returns whole
    free pages (nothing in use moves); the next allocation simply asks the system again. On
    other C libraries this does nothing. Returns whether anything could be asked."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
