"""Compiled clause templates and font subsets kept on disk (``kooperation.disk_cache``):
what is read back is what compiling gives, only for the very same input, and a damaged or
unwritable cache changes nothing but the speed."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from kooperation.disk_cache import DiskCache
from kooperation.drafting import engine, template_cache
from kooperation.drafting.template_cache import CACHE, cache_key, compiled_code

SOURCE = "Die Partner {{ namen | aufzaehlung }} vereinbaren {{ dauer | monate }}."


def _render(source: str, **context) -> str:
    return engine.ENV.template_class.from_code(
        engine.ENV, compiled_code(engine.ENV, source, engine.__file__), engine.ENV.make_globals(None), None
    ).render(context)


def _refuse(*_args, **_kwargs):
    raise AssertionError("compiled anew although the cache holds this template")


def test_stored_code_renders_as_a_fresh_compile(monkeypatch):
    """The second use reads the stored code without compiling and renders the same text."""
    context = {"namen": ["A", "B", "C"], "dauer": 6}
    expected = engine.ENV.from_string(SOURCE).render(context)
    assert _render(SOURCE, **context) == expected  # compiled and stored
    monkeypatch.setattr(engine.ENV, "compile", _refuse)
    assert _render(SOURCE, **context) == expected


def test_key_changes_with_text_engine_and_versions(monkeypatch):
    """Another text, another engine module, another Jinja version give another key."""
    key = cache_key(SOURCE, engine.__file__)
    assert cache_key(SOURCE + " ", engine.__file__) != key
    monkeypatch.setattr(jinja2, "__version__", jinja2.__version__ + ".1")
    template_cache.environment_fingerprint.cache_clear()
    assert cache_key(SOURCE, engine.__file__) != key
    monkeypatch.undo()
    template_cache.environment_fingerprint.cache_clear()
    assert cache_key(SOURCE, engine.__file__) == key


def test_engine_text_is_part_of_the_key(tmp_path):
    """A changed engine module (settings, filters) gives another key."""
    changed = tmp_path / "engine.py"
    changed.write_bytes(Path(engine.__file__).read_bytes() + b"\n# changed\n")
    assert cache_key(SOURCE, str(changed)) != cache_key(SOURCE, engine.__file__)


def test_damaged_entry_is_compiled_anew():
    """An entry cut short (a crash while writing) counts as missing: compiled and stored again."""
    _render(SOURCE, namen=["A"], dauer=1)
    [entry] = CACHE.folder.glob("*.bin")
    entry.write_bytes(entry.read_bytes()[:-10])
    assert CACHE.get(cache_key(SOURCE, engine.__file__)) is None
    assert _render(SOURCE, namen=["A"], dauer=1) == "Die Partner A vereinbaren einem Monat."
    assert CACHE.get(cache_key(SOURCE, engine.__file__)) is not None


def test_syntax_error_is_raised_and_not_stored():
    """A template with a syntax error fails as before and leaves nothing in the cache."""
    with pytest.raises(jinja2.TemplateSyntaxError):
        compiled_code(engine.ENV, "{% if %}", engine.__file__)
    assert CACHE.get(cache_key("{% if %}", engine.__file__)) is None


def test_unwritable_folder_only_costs_speed(_isolated_data_dir):
    """When the cache folder cannot be made, templates still compile and nothing is stored."""
    (_isolated_data_dir / "cache").write_text("kein Ordner")
    assert _render(SOURCE, namen=["A", "B"], dauer=2) == "Die Partner A und B vereinbaren zwei Monaten."
    assert CACHE.get(cache_key(SOURCE, engine.__file__)) is None


def test_prune_keeps_the_newest_entries():
    """Beyond max_entries the oldest entries are removed when a process first stores."""
    import os

    cache = DiskCache("probe", max_entries=2)
    for i, key in enumerate("abc"):
        cache.put(key, key.encode())
        os.utime(cache.folder / f"{key}.bin", (1000 + i, 1000 + i))
    DiskCache("probe", max_entries=2).put("d", b"d")  # another process's first store
    assert sorted(p.stem for p in cache.folder.glob("*.bin")) == ["c", "d"]
