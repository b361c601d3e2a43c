"""The font subsets a DOCX embeds, kept on disk so that each process need not cut them again.

Cutting a face down to the characters a document needs (fontTools' subsetter) takes about
0.1 s per face, and a contract embeds four to six faces: more than half a second in every
``kooperation draft`` process. The result depends only on

* the bytes of the bundled font file,
* the fontTools version (its subsetter decides the output),
* the subsetter options (:data:`OPTIONS`), and
* the set of characters,

so each subset is stored under a SHA-256 of exactly these in ``<data folder>/cache/fonts``
(the data folder of :mod:`kooperation.paths`). Invalidation: any change of one of the four
gives another name, so a stored subset is only ever used for the very input it was made from;
entries nobody asks for any more are removed once there are more than :data:`MAX_ENTRIES`
(oldest first). A cache that cannot be read or written is simply not used: the subset is then
cut as before. Tests: ``tests/test_font_subsets.py``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
from pathlib import Path

from kooperation.resources import resource_path

OPTIONS: dict[str, object] = {
    "layout_features": ["kern", "liga", "clig", "calt"],  # kerning and ligatures kept
    "name_IDs": ["*"],
    "name_languages": ["*"],
    "notdef_outline": True,
    "drop_tables+": ["FFTM"],  # added to the subsetter's default list
}
"""The subsetter options (what :func:`cut_subset` sets; part of the cache key)."""

MAX_ENTRIES = 64
"""At most this many subsets are kept (a few documents' worth of faces)."""


def cache_folder() -> Path:
    from kooperation.paths import data_dir

    return data_dir() / "cache" / "fonts"


def cache_key(font_bytes: bytes, characters: frozenset[int]) -> str:
    """The name of the subset of ``font_bytes`` holding ``characters`` (see the module text)."""
    import fontTools  # the package alone: a few milliseconds, the subsetter is not loaded

    digest = hashlib.sha256(font_bytes)
    recipe = {"fonttools": fontTools.version, "options": OPTIONS, "characters": sorted(characters)}
    digest.update(json.dumps(recipe, sort_keys=True).encode())
    return digest.hexdigest()


def cut_subset(font_bytes: bytes, characters: frozenset[int]) -> bytes:
    """``font_bytes`` cut down to ``characters`` with :data:`OPTIONS` (fontTools; slow)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(font_bytes), recalcTimestamp=False)
    options = subset.Options()
    for name, value in OPTIONS.items():
        if name.endswith("+"):
            name = name[:-1]
            value = [*getattr(options, name), *value]
        setattr(options, name, value)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(characters))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_subset(filename: str, characters: frozenset[int]) -> bytes:
    """The bundled face ``filename`` cut down to ``characters``: from the cache when it holds
    this very subset, else cut now and stored for the next process."""
    font_bytes = resource_path("fonts", filename).read_bytes()
    key = cache_key(font_bytes, characters)
    folder = cache_folder()
    path = folder / f"{key}.ttf"
    with contextlib.suppress(OSError):
        return path.read_bytes()
    data = cut_subset(font_bytes, characters)
    with contextlib.suppress(OSError):  # no cache (read-only folder, disk full): still a subset
        from kooperation.atomic import write_atomic

        write_atomic(path, data, make_folder=True)
        _prune(folder)
    return data


def _prune(folder: Path) -> None:
    """Remove the oldest subsets beyond :data:`MAX_ENTRIES`."""
    entries = sorted(folder.glob("*.ttf"), key=lambda p: p.stat().st_mtime)
    for old in entries[: max(0, len(entries) - MAX_ENTRIES)]:
        with contextlib.suppress(OSError):
            os.unlink(old)
