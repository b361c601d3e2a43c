"""The window's memory savings change no behaviour: PySide6's import check gives the same verdict
without leaving sources in ``linecache``, tracebacks still show their lines, freed memory can be
handed back on glibc, and the modules the window prepares do not pull in python-docx."""

from __future__ import annotations

import linecache
import platform
import subprocess
import sys
import traceback

import pytest

import kooperation.ui  # noqa: F401 - installs the check under test
from kooperation.ui.memory import hand_back_freed_memory, keep_sources_out_of_linecache

FEATURE = sys.modules["shibokensupport.feature"]


def _import(tmp_path, monkeypatch, name: str, source: str):
    (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return __import__(name)  # the import statement's way: PySide6 checks only these imports


def test_imported_sources_stay_out_of_linecache_with_the_same_verdict(tmp_path, monkeypatch):
    """A module naming PySide6 is still marked as using it (0), another as not (-1); neither
    module's lines are kept in linecache."""
    uses = _import(tmp_path, monkeypatch, "mem_uses_qt", "import PySide6.QtCore\nVALUE = 1\n")
    plain = _import(tmp_path, monkeypatch, "mem_plain", "VALUE = 2\n")
    assert FEATURE.pyside_feature_dict["mem_uses_qt"] == 0
    assert FEATURE.pyside_feature_dict["mem_plain"] == -1
    assert uses.__file__ not in linecache.cache
    assert plain.__file__ not in linecache.cache


def test_the_check_of_the_file_gives_pysides_verdict_for_every_module():
    """For every module loaded now (the application's, the libraries', the standard library's)
    and one in Latin-1 naming PySide6 only in a comment, the quick check says what PySide6's
    own rule says: whether the module's source contains "PySide6"."""
    import importlib.util
    import inspect
    import tempfile
    from pathlib import Path

    def pyside_rule(module) -> bool:
        try:
            return "PySide6" in inspect.getsource(module)
        except (TypeError, OSError, SyntaxError):
            return False

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mem_latin.py"
        path.write_bytes("# -*- coding: latin-1 -*-\n# Größe, siehe PySide6\nX = 'ä'\n".encode("latin-1"))
        spec = importlib.util.spec_from_file_location("mem_latin", path)
        latin = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(latin)
        modules = [m for m in list(sys.modules.values()) if isinstance(getattr(m, "__file__", None), str)]
        modules.append(latin)
        checked = [m for m in modules if m.__file__.endswith(".py")]
        assert len(checked) > 300
        verdicts = [(m.__name__, FEATURE._mod_uses_pyside(m)) for m in checked]
        assert verdicts == [(m.__name__, pyside_rule(m)) for m in checked]
        assert ("mem_latin", True) in verdicts and ("kooperation.ui", True) in verdicts
        assert ("linecache", False) in verdicts


def test_a_traceback_still_shows_the_source_line(tmp_path, monkeypatch):
    """Lines are read again when a traceback needs them."""
    module = _import(
        tmp_path, monkeypatch, "mem_fails", "def fail():\n    raise ValueError('kaputt here')\n"
    )
    with pytest.raises(ValueError) as info:
        module.fail()
    text = "".join(traceback.format_exception(info.value))
    assert "raise ValueError('kaputt here')" in text


def test_lines_cached_before_an_import_stay_cached(tmp_path, monkeypatch):
    """Only what the check itself added is dropped; a file read before stays in the cache."""
    kept = tmp_path / "kept.txt"
    kept.write_text("erste Zeile\n", encoding="utf-8")
    assert linecache.getline(str(kept), 1) == "erste Zeile\n"
    _import(tmp_path, monkeypatch, "mem_after", "VALUE = 3\n")
    assert str(kept) in linecache.cache
    assert keep_sources_out_of_linecache()  # a second call changes nothing
    assert getattr(FEATURE._mod_uses_pyside, "keeps_linecache", None) is False


def test_freed_memory_is_handed_back_only_where_glibc_can():
    """On glibc ``malloc_trim`` is asked; elsewhere the call does nothing."""
    assert hand_back_freed_memory() == (
        sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    )


def test_the_window_prepares_the_preview_without_python_docx():
    """The modules the warm-up imports (project window, preview, drafting) leave python-docx
    unloaded until a DOCX is made."""
    code = (
        "import importlib, sys\n"
        "from kooperation.ui.warm_up import MODULES\n"
        "import kooperation.store.repository\n"
        "for name in MODULES: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'docx' or m.startswith('docx.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    assert out.strip() == "[]"


DRAFT_ONLY = ("docx", "reportlab", "fontTools", "PIL", "alembic", "pypdfium2")
"""Libraries the window loads only when the user makes, prints or reads a document or
migrates a store (together about 20 MiB resident; see ``benchmarks/bench_memory.py``)."""


def test_an_open_project_window_loads_no_document_library():
    """Everything a window with a project open imports (start page, store, warm-up, every page)
    leaves the document libraries (python-docx, reportlab, fontTools, Pillow, Alembic, pdfium)
    unloaded: in a fresh process, so that no other test has imported them."""
    code = (
        "import importlib, pkgutil, sys\n"
        "import kooperation.ui.app, kooperation.ui.main_window, kooperation.store.repository\n"
        "import kooperation.ui.pages as pages\n"
        "from kooperation.ui.warm_up import MODULES\n"
        "for name in MODULES: importlib.import_module(name)\n"
        "for info in pkgutil.iter_modules(pages.__path__):\n"
        "    importlib.import_module('kooperation.ui.pages.' + info.name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {DRAFT_ONLY!r}))\n"
        "print(len([m for m in sys.modules if m.startswith('kooperation.ui.pages.')]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split("\n")
    assert out[0] == "[]"
    assert int(out[1]) >= 12  # every page module was imported
