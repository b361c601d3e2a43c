"""Command-line arguments that carry text: the same rules as the window's fields (shared by the
main commands and the review commands)."""

from __future__ import annotations

import sys

from kooperation.i18n import _


def text_arg(field_key: str, value: str, option: str) -> str:
    """A text given on the command line, cleaned like one typed in the window; too long is an
    error naming the option, removed characters are noted on stderr."""
    from kooperation.domain.text import require_text

    cleaned, note = require_text(field_key, value, label=option)
    if note:
        print(_("Hinweis zu {option}: {note}").format(option=option, note=note), file=sys.stderr)
    return cleaned


def version_help() -> str:
    """The help of an argument that names a stored version."""
    return _(
        "die Version mit Art und Nummer, z. B. vertrag-3 oder skizze-2 (eine Zahl allein meint "
        "den Vertrag). Vertrag und Projektskizze zählen ihre Versionen getrennt; früher zählten "
        "beide gemeinsam, gespeicherte Versionen wurden beim Update je Art neu nummeriert "
        "(„kooperation drafts ID“ zeigt die heutigen Angaben)."
    )
