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
_document: ContextVar[str | None] = ContextVar("kooperation_document_language", default=None)
"""The language of the document being built (see `document_language`); None: the interface's."""


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
    """The language texts are produced in now: the document's while one is built
    (`document_language`), else the interface's."""
    return _document.get() or _current


def building_language() -> str | None:
    """The language of the document being built on this thread (`document_language`), None
    outside a build."""
    return _document.get()


@contextmanager
def document_language(language: str | None) -> Iterator[None]:
    """Produce texts in ``language`` inside the block: a document's words, labels, dates and
    numbers follow the language of the project or draft, not the interface (an English agreement
    from a German interface). Per thread (a context variable): a draft built in a worker thread
    does not change the language of the window's messages."""
    token = _document.set(language or None)
    try:
        yield
    finally:
        _document.reset(token)


def _(message: str) -> str:
    """Translate ``message`` (a German message id) into the current language."""
    return _translations(_document.get() or _current).gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction where it is defined (a constant); translate it with
    `_` where it is shown, in the language of that moment."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations(_document.get() or _current).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` in ``context``: for a German word that other languages tell apart,
    e.g. ``pgettext("Mehrzahl", "Partner")`` (a heading: "Partners") next to the role "Partner"."""
    return _translations(_document.get() or _current).pgettext(context, message)


def babel_locale(language: str | None = None) -> str:
    """The Babel locale for dates and numbers in ``language`` (default: the current one)."""
    return {"de": "de_DE", "en": "en_GB"}.get(language or current_language(), "de_DE")
