"""Translation of user-visible strings produced outside the GUI (messages, document labels).

German is the default and the language of the message ids; other languages are gettext
catalogues in ``resources/locale/<lang>/LC_MESSAGES/kooperation.mo``. Nothing here imports Qt.
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache

from kooperation.resources import resource_path

DOMAIN = "kooperation"
DEFAULT_LANGUAGE = "de"
_current = os.environ.get("KOOPERATION_LANG", DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE


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
    return _current


def _(message: str) -> str:
    """Translate ``message`` (a German message id) into the current language."""
    return _translations(_current).gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction where it is defined (a constant); translate it with
    `_` where it is shown, in the language of that moment."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations(_current).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` in ``context``: for a German word that other languages tell apart,
    e.g. ``pgettext("Mehrzahl", "Partner")`` (a heading: "Partners") next to the role "Partner"."""
    return _translations(_current).pgettext(context, message)
