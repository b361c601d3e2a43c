"""The document kinds and their builders: a project -> the document model of one kind.

Kept below `kooperation.drafts` (which also renders and stores) so that the review core can
rebuild a stored version's clauses without importing the generation pipeline.
"""

from __future__ import annotations

from kooperation.domain.model import Project
from kooperation.drafting.build import build_agreement
from kooperation.drafting.docmodel import Document
from kooperation.drafting.sketch import build_sketch
from kooperation.errors import InputError
from kooperation.i18n import _

KINDS = ("vertrag", "skizze")


def build_document(
    project: Project, kind: str, language: str = "de", meta: dict[str, str] | None = None
) -> Document:
    """The document model of ``kind`` (``vertrag`` or ``skizze``) for ``project``."""
    if kind == "skizze":
        return build_sketch(project, language, meta)
    if kind == "vertrag":
        return build_agreement(project, "vertrag", language, meta)
    raise InputError(
        _("Unbekannte Dokumentart „{kind}“. Möglich sind: {kinds}.").format(
            kind=kind, kinds=", ".join(KINDS)
        )
    )
