"""The document kinds and their builders: a project -> the document model of one kind.

Kept below `kooperation.drafts` (which also renders and stores) so that the review core can
rebuild a stored version's clauses without importing the generation pipeline.
"""

from __future__ import annotations

from kooperation.domain.model import Project
from kooperation.drafting.bilingual import build_bilingual
from kooperation.drafting.build import build_agreement
from kooperation.drafting.docmodel import Document
from kooperation.drafting.engine import document_language
from kooperation.drafting.languages import is_bilingual
from kooperation.drafting.sketch import build_sketch
from kooperation.errors import InputError
from kooperation.i18n import _

KINDS = ("vertrag", "absichtserklaerung", "vertraulichkeit", "skizze")
"""Agreement, letter of intent (Absichtserklärung), mutual NDA (Vertraulichkeitsvereinbarung) for
the matchmaking phase, project sketch. The first three are clause documents: each is drafted by
the `DocumentBuilder` from its own library ``templates/<kind>/<language>/``."""


def build_document(
    project: Project, kind: str, language: str = "de", meta: dict[str, str] | None = None
) -> Document:
    """The document model of ``kind`` (one of `KINDS`) for ``project``; for a bilingual
    ``language`` ("de+en") the first language's model carrying the second as its ``parallel``."""
    if is_bilingual(language):
        return build_bilingual(project, kind, language, meta)
    if kind == "skizze":
        with document_language(language):  # its words and dates in the sketch's language
            return build_sketch(project, language, meta)
    if kind in KINDS:
        return build_agreement(project, kind, language, meta)
    raise InputError(
        _("Unbekannte Dokumentart „{kind}“. Möglich sind: {kinds}.").format(
            kind=kind, kinds=", ".join(KINDS)
        )
    )
