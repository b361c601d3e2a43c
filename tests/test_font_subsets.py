"""The DOCX's embedded font subsets kept on disk: the same bytes as cutting them anew, found
again only for the very same font, fontTools version, options and characters."""

from __future__ import annotations

import fontTools
import pytest

from kooperation.render import font_subsets
from kooperation.render.font_subsets import CACHE, cache_key, font_subset
from kooperation.resources import resource_path

FACE = "DejaVuSerif.ttf"
CHARS = frozenset(map(ord, "Vertrag §1"))


def _refuse(*_args):
    raise AssertionError("cut anew although the cache holds this subset")


def test_second_use_reads_the_stored_subset(monkeypatch):
    """The first use cuts and stores the subset; the next one (another process's) reads the
    same bytes without cutting."""
    first = font_subset(FACE, CHARS)
    assert len(list(CACHE.folder.glob("*.bin"))) == 1
    monkeypatch.setattr(font_subsets, "cut_subset", _refuse)
    assert font_subset(FACE, CHARS) == first
    assert first.startswith(b"\x00\x01\x00\x00")  # a TrueType font


def test_stored_subset_equals_a_fresh_cut():
    """What the cache gives is exactly what fontTools cuts."""
    stored = font_subset(FACE, CHARS)
    assert stored == font_subsets.cut_subset(resource_path("fonts", FACE).read_bytes(), CHARS)


def test_key_changes_with_every_input(monkeypatch):
    """Other characters, other font bytes, another fontTools version or other options give
    another cache entry, so a stored subset is never used for a different input."""
    font = resource_path("fonts", FACE).read_bytes()
    key = cache_key(font, CHARS)
    assert cache_key(font, CHARS) == key
    assert cache_key(font, CHARS | {ord("€")}) != key
    assert cache_key(font + b"\0", CHARS) != key
    monkeypatch.setattr(fontTools, "version", fontTools.version + ".1")
    assert cache_key(font, CHARS) != key
    monkeypatch.undo()
    monkeypatch.setattr(font_subsets, "OPTIONS", {**font_subsets.OPTIONS, "notdef_outline": False})
    assert cache_key(font, CHARS) != key


def test_other_characters_are_cut_anew(monkeypatch):
    """A stored subset for other characters is not used."""
    font_subset(FACE, CHARS)
    monkeypatch.setattr(font_subsets, "cut_subset", _refuse)
    with pytest.raises(AssertionError, match="cut anew"):
        font_subset(FACE, CHARS | {ord("€")})


def test_unusable_cache_folder_still_gives_the_subset(_isolated_data_dir):
    """When the cache folder cannot be made (a file is in the way), the subset is cut as
    before and nothing is stored."""
    (_isolated_data_dir / "cache").write_text("kein Ordner")
    data = font_subset(FACE, CHARS)
    assert data == font_subsets.cut_subset(resource_path("fonts", FACE).read_bytes(), CHARS)
