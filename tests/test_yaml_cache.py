"""Parsed YAML files kept on disk (``kooperation.yamlio.load_cached``): what is read back is
what parsing gives, only for the very same text, and a damaged cache changes nothing but the
speed."""

from __future__ import annotations

import pytest
import yaml

from kooperation import yamlio
from kooperation.yamlio import CACHE, cache_key, load_cached

TEXT = "section:\n  title: Austritt\nclauses:\n  - id: a1\n    text: Jeder Partner kann austreten.\n    since: 2024-01-31\n"


def _refuse(*_args, **_kwargs):
    raise AssertionError("parsed anew although the cache holds this text")


def test_second_load_reads_the_stored_data_without_parsing(monkeypatch):
    """The second load of the same text comes from the cache and equals a fresh parse."""
    expected = yamlio.safe_load(TEXT)
    assert load_cached(TEXT) == expected  # parsed and stored
    monkeypatch.setattr(yamlio, "safe_load", _refuse)
    again = load_cached(TEXT)
    assert again == expected
    assert again is not load_cached(TEXT)  # new objects each time, as safe_load gives


def test_changed_text_is_parsed_anew():
    """A file changed by one character gives another key and its own, new data."""
    load_cached(TEXT)
    changed = TEXT.replace("austreten", "kuendigen")
    assert cache_key(changed) != cache_key(TEXT)
    assert load_cached(changed)["clauses"][0]["text"] == "Jeder Partner kann kuendigen."


def test_key_depends_on_pyyaml_version_and_kind_of_input(monkeypatch):
    """Text and its bytes, and another PyYAML version, give other keys."""
    key = cache_key(TEXT)
    assert cache_key(TEXT.encode()) != key
    monkeypatch.setattr(yaml, "__version__", yaml.__version__ + ".1")
    assert cache_key(TEXT) != key


def test_damaged_entry_is_parsed_anew():
    """An entry that cannot be unpickled counts as missing: the text is parsed and stored again."""
    load_cached(TEXT)
    entry = CACHE.folder / f"{cache_key(TEXT)}.bin"
    CACHE.put(cache_key(TEXT), b"not a pickle")
    assert load_cached(TEXT) == yamlio.safe_load(TEXT)
    assert entry.read_bytes() != b""
    assert CACHE.get(cache_key(TEXT)) != b"not a pickle"


def test_broken_yaml_raises_and_is_not_stored():
    """A file that does not parse raises the parser's error, and nothing is stored for it."""
    broken = "clauses: [unclosed\n"
    with pytest.raises(yaml.YAMLError):
        load_cached(broken)
    assert CACHE.get(cache_key(broken)) is None
