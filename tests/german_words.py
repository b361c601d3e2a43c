"""German words that must not appear in an English output (poster, checklists, review export,
sketch): the words of the German clause libraries, message ids and catalogue texts that their
English counterparts never use. Entered data (names, goals, notes the partners typed) is allowed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from babel.messages.pofile import read_po
from tests.test_english_library import (
    GERMAN_ONLY,
    TEMPLATES,
    _entered_texts,
    _library_words,
    _words,
)

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE_PO = ROOT / "resources" / "locale" / "en" / "LC_MESSAGES" / "kooperation.po"
CATALOGUE_DIR = ROOT / "resources" / "catalogue"


def _pairs(value, found: list[tuple[str, str]]) -> None:
    """Every ``{de: …, en: …}`` text of a catalogue file, as (German, English)."""
    if isinstance(value, dict):
        if isinstance(value.get("de"), str):
            found.append((value["de"], str(value.get("en") or "")))
        for v in value.values():
            _pairs(v, found)
    elif isinstance(value, list):
        for v in value:
            _pairs(v, found)


@lru_cache(maxsize=1)
def german_words() -> frozenset[str]:
    """Words of the German libraries, messages and catalogue that no English text of them uses."""
    german, english = [], []
    with open(CATALOGUE_PO, "rb") as fh:
        for message in read_po(fh):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strs = message.string if isinstance(message.string, tuple) else (message.string,)
            german += list(ids)
            english += [s for s in strs if s]
    for name in ("checks.yaml", "rules.yaml"):
        pairs: list[tuple[str, str]] = []
        _pairs(yaml.safe_load((CATALOGUE_DIR / name).read_text(encoding="utf-8")), pairs)
        german += [de for de, _en in pairs]
        english += [en for _de, en in pairs]
    skizze = _library_words(TEMPLATES / "skizze" / "de", False) - _library_words(TEMPLATES / "skizze" / "en", False)
    english_library = set()  # words an English clause uses are English ("war" in force majeure)
    for folder in TEMPLATES.glob("*/en"):
        english_library |= _library_words(folder, True)
    return frozenset((_words(german) - _words(english) - english_library) | GERMAN_ONLY | skizze)


def german_words_in(text: str, project=None, extra_allowed: tuple[str, ...] = ()) -> set[str]:
    """The German words in ``text`` that are not part of what the partners entered in
    ``project`` (nor of ``extra_allowed``), e.g. a PDF whose lines break entered phrases apart."""
    allowed = _words((_entered_texts(project) if project is not None else []) + list(extra_allowed))
    return {w for w in _words([text]) if w in german_words() and w not in allowed}
