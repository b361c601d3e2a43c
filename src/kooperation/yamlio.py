"""Reading YAML fast: libyaml's C parser when PyYAML was built with it, else the Python one.

The clause libraries, the catalogue and the consistency checks are YAML; parsed in pure Python
they cost ~150 ms per project open and per draft (``checks.yaml`` alone 87 ms, 8 ms with the C
parser). Both parsers build the same data from a valid file. Everything in this package reads
YAML through :func:`safe_load` or a subclass of :data:`SafeLoader`, so all of it gets the faster
parser, and all of it falls back together where libyaml is missing.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from typing import Any

import yaml

from kooperation.disk_cache import DiskCache

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The safe loader to use (only plain data: no Python objects): C if available."""

HAS_LIBYAML: bool = SafeLoader is not yaml.SafeLoader


def safe_load(stream: Any) -> Any:
    """Like ``yaml.safe_load`` (text, bytes or an open file), with the C parser if available."""
    return yaml.load(stream, Loader=SafeLoader)  # noqa: S506 - a safe loader


CACHE = DiskCache("yaml", max_entries=2000)
"""Parsed YAML files: every clause file of the built-in and a firm's libraries, the catalogue
and the checklists, in several versions."""


def cache_key(text: str | bytes) -> str:
    """The key of ``text``'s parsed data: a SHA-256 of everything that decides it -- the text
    itself (and whether it is text or bytes), the parser (C or Python), the PyYAML and Python
    versions. Invalidation: a change of any of them gives another key, so an entry can never be
    read for other input (``tests/test_yaml_cache.py``)."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    head = f"{type(text).__name__}|{SafeLoader.__name__}|{yaml.__version__}|{sys.version}|"
    return hashlib.sha256(head.encode() + raw).hexdigest()


def load_cached(text: str | bytes) -> Any:
    """`safe_load` of ``text`` (a whole file's text or bytes), kept parsed in
    ``<data folder>/cache/yaml`` (:mod:`kooperation.disk_cache`) for the next process. Each
    call returns new objects, as `safe_load` does. A file that does not parse raises as before
    and is never stored; an entry that cannot be read back counts as missing."""
    key = cache_key(text)
    data = CACHE.get(key)
    if data is not None:
        try:
            return pickle.loads(data)  # noqa: S301 - written by this program into its data folder
        except Exception:  # a damaged entry: parse again
            pass
    result = safe_load(text)
    CACHE.put(key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return result
