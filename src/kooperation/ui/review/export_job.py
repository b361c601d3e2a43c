"""The work behind "Zur Prüfung exportieren" and the comparison files, run on a worker.

Thin adapters of `kooperation.review.exporting` to the `Operation` calling convention (a
progress callback first): pure computation, no store, no widgets. The window reads the version
and its comments first and writes the files when the work is done.
"""

from __future__ import annotations

from datetime import datetime

from kooperation.domain.serialize import DraftVersion
from kooperation.review.exporting import (
    ReviewExport,
    compare_base,
    compare_subtitle,
    compare_title,
    export_base,
)
from kooperation.review.exporting import compare_file as _compare_file
from kooperation.review.exporting import review_export as _review_export
from kooperation.review.model import ClauseDiff, ClauseText, Comment

__all__ = [
    "ReviewExport",
    "compare_base",
    "compare_file",
    "compare_subtitle",
    "compare_title",
    "export_base",
    "review_export",
]


def review_export(
    _progress, project_name: str, version: DraftVersion, comments: list[Comment],
    clauses: list[ClauseText],
) -> ReviewExport:
    """`kooperation.review.exporting.review_export` (``_progress`` is the `Operation`'s)."""
    return _review_export(project_name, version, comments, clauses)


def compare_file(
    _progress, fmt: str, diffs: list[ClauseDiff], title: str, subtitle: str, when: datetime,
    language: str | None = None,
) -> bytes:
    """`kooperation.review.exporting.compare_file` (``_progress`` is the `Operation`'s)."""
    return _compare_file(fmt, diffs, title, subtitle, when, language)
