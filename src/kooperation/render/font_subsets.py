"""The font subsets a DOCX embeds, kept on disk so that each process need not cut them again.

Cutting a face down to the characters a document needs (fontTools' subsetter) takes about
0.1 s per face, and a contract embeds four to six faces: more than half a second in every
``kooperation draft`` process. The result depends only on

* the bytes of the bundled font file,
* the fontTools version (its subsetter decides the output),
* the subsetter options (:data:`OPTIONS`), and
* the set of characters,

so each subset is stored under a SHA-256 of exactly these in ``<data folder>/cache/fonts``
(:mod:`kooperation.disk_cache`). Invalidation: any change of one of the four gives another
key, so a stored subset is only ever used for the very input it was made from. A cache that
cannot be read or written is simply not used: the subset is then cut as before. Tests:
``tests/test_font_subsets.py``.
"""

from __future__ import annotations

import hashlib
import io
import json

from kooperation.disk_cache import DiskCache
from kooperation.resources import resource_path

OPTIONS: dict[str, object] = {
    "layout_features": ["kern", "liga", "clig", "calt"],  # kerning and ligatures kept
    "name_IDs": ["*"],
    "name_languages": ["*"],
    "notdef_outline": True,
    "drop_tables+": ["FFTM"],  # added to the subsetter's default list
}
"""The subsetter options (what :func:`cut_subset` sets; part of the cache key)."""

CACHE = DiskCache("fonts", max_entries=64)
"""The subsets, a few documents' worth of faces (:mod:`kooperation.disk_cache`)."""


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
    data = CACHE.get(key)
    if data is None:
        data = cut_subset(font_bytes, characters)
        CACHE.put(key, data)
    return data
