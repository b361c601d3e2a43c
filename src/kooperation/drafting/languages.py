"""The document languages: one language ("de", "en") or two side by side, the prevailing one
first ("de+en", "en+de"). Imports nothing of the drafting (the clause builder, the wordings and
the renderers all ask here), so it sits in no import circle."""

from __future__ import annotations

from kooperation.errors import InputError
from kooperation.i18n import _

SINGLE_LANGUAGES = ("de", "en")
BILINGUAL_LANGUAGES = ("de+en", "en+de")
DOCUMENT_LANGUAGES = SINGLE_LANGUAGES + BILINGUAL_LANGUAGES
"""Every document language a project or a draft may have."""

CLAUSE_KINDS = ("vertrag", "absichtserklaerung", "vertraulichkeit")
"""The documents drafted from clause libraries: only these pair clause by clause."""


def is_bilingual(language: str | None) -> bool:
    return "+" in (language or "")


def primary_language(language: str | None) -> str:
    """The prevailing language of a document language (``"de+en"`` -> ``"de"``): what a
    document that exists in one language only (the sketch, the poster, the preview) uses."""
    return (language or "de").strip().lower().split("+")[0] or "de"


def document_language_for(kind: str, language: str | None, project_language: str | None) -> str:
    """The language of a ``kind`` document: ``language`` if asked for, else the project's; a
    bilingual project's sketch in its prevailing language (the sketch has one language)."""
    if language:
        return language
    chosen = project_language or "de"
    return primary_language(chosen) if kind not in CLAUSE_KINDS else chosen


def languages_of(language: str | None) -> tuple[str, ...]:
    """The languages of a document language, the prevailing (left) one first: ``"de+en"`` ->
    ``("de", "en")``, ``"en"`` -> ``("en",)``. Raises `InputError` for a value that is none."""
    value = (language or "de").strip().lower()
    if value not in DOCUMENT_LANGUAGES:
        raise InputError(
            _("Unbekannte Dokumentsprache „{language}“. Möglich sind: {languages}.").format(
                language=language, languages=", ".join(DOCUMENT_LANGUAGES)
            )
        )
    return tuple(value.split("+"))
