"""Reading YAML fast: libyaml's C parser when PyYAML was built with it, else the Python one.

The clause libraries, the catalogue and the consistency checks are YAML; parsed in pure Python
they cost ~150 ms per project open and per draft (``checks.yaml`` alone 87 ms, 8 ms with the C
parser). Both parsers build the same data from a valid file. Everything in this package reads
YAML through :func:`safe_load` or a subclass of :data:`SafeLoader`, so all of it gets the faster
parser, and all of it falls back together where libyaml is missing.
"""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The safe loader to use (only plain data: no Python objects): C if available."""

HAS_LIBYAML: bool = SafeLoader is not yaml.SafeLoader


def safe_load(stream: Any) -> Any:
    """Like ``yaml.safe_load`` (text, bytes or an open file), with the C parser if available."""
    return yaml.load(stream, Loader=SafeLoader)  # noqa: S506 - a safe loader
