"""Packaged data: the rules catalogue, fonts, the JSON schema and translations.

This folder sits at the top of the repository; `pyproject.toml` maps it into the installed
package as ``kooperation.resources``.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """The path of a packaged resource file or folder."""
    return _HERE.joinpath(*parts)
