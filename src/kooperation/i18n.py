"""Translation of user-visible strings produced outside the GUI (messages, document labels).

German is the default and the language of the message ids; other languages are gettext
catalogues in ``resources/locale/<lang>/LC_MESSAGES/kooperation.mo``. Nothing here imports Qt.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from kooperation.resources import resource_path

DOMAIN = "kooperation"
DEFAULT_LANGUAGE = "de"
_current = os.environ.get("KOOPERATION_LANG", DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE
# the language of a document being built on this thread (None: the interface language)
_document: ContextVar[str | None] = ContextVar("document_language", default=None)


@lru_cache(maxsize=8)
def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        DOMAIN, localedir=str(resource_path("locale")), languages=[language], fallback=True
    )


def set_language(language: str) -> None:
    """Switch the language of messages produced from now on (``de`` or ``en``)."""
    global _current
    _current = language or DEFAULT_LANGUAGE


def current_language() -> str:
    """The interface language, or within :func:`document_language` the document's."""
    return _document.get() or _current


@contextmanager
def document_language(language: str) -> Iterator[None]:
    """Within the block, messages and labels speak ``language`` (the language of a document
    being built), independent of the interface language; only on the calling thread."""
    token = _document.set(language or DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _document.reset(token)


def _(message: str) -> str:
    """Translate ``message`` (a German message id) into the current language."""
    return _translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations(current_language()).ngettext(singular, plural, n)
