"""The clause templates compiled once, kept on disk for the next process.

Jinja turns each template text into Python code and compiles it: about 1.5 ms per clause, some
150 ms of every ``kooperation draft`` process. The compiled code (Python's ``marshal`` form,
what Jinja's own bytecode caches store) depends only on

* the template text,
* the environment that compiles it (its settings and filters are defined in
  :mod:`kooperation.drafting.engine`, so the text of that module stands for them),
* the Jinja version and the Python version (its bytecode),

so it is stored under a SHA-256 of exactly these in ``<data folder>/cache/templates``
(:mod:`kooperation.disk_cache`). Invalidation: a change of any of them gives another key; an
entry that cannot be read back counts as missing. Syntax errors are never stored: they are
raised by compiling, as before. Tests: ``tests/test_template_cache.py``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import sys
from functools import lru_cache
from types import CodeType

import jinja2

from kooperation.disk_cache import DiskCache

CACHE = DiskCache("templates", max_entries=4000)
"""Compiled templates: every clause of every kind and language, several library versions."""


@lru_cache(maxsize=4)
def environment_fingerprint(defined_in: str) -> bytes:
    """What besides the text decides the compiled code: the text of the module that defines
    the environment (``defined_in``: its settings and filters), the Jinja version, the Python
    version and its bytecode magic number."""
    digest = hashlib.sha256()
    with open(defined_in, "rb") as fh:
        digest.update(fh.read())
    digest.update(f"{jinja2.__version__}|{sys.version}".encode())
    digest.update(importlib.util.MAGIC_NUMBER)
    return digest.digest()


def cache_key(source: str, defined_in: str) -> str:
    fingerprint = environment_fingerprint(defined_in)
    return hashlib.sha256(fingerprint + source.encode("utf-8", "surrogatepass")).hexdigest()


def compiled_code(env: jinja2.Environment, source: str, defined_in: str) -> CodeType:
    """The code of ``source`` as ``env.compile`` makes it, from the cache when stored there;
    ``defined_in`` is the file of the module that made ``env``."""
    key = cache_key(source, defined_in)
    data = CACHE.get(key)
    if data is not None:
        try:
            code = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            code = None
        if isinstance(code, CodeType):
            return code
    code = env.compile(source)
    CACHE.put(key, marshal.dumps(code))
    return code
