"""The catalogues the interface shows (rules.yaml, checks.yaml) carry every text in German and English."""

from __future__ import annotations

import dataclasses
import string

from kooperation.domain.catalogue import Localized, load_catalogue
from kooperation.domain.checks import load_checks
from kooperation.i18n import document_language


def localized_texts(obj, where: str, seen: set[int] | None = None) -> list[tuple[str, Localized]]:
    """Every `Localized` text reachable from the loaded catalogue object, with where it is."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return []
    seen.add(id(obj))
    if isinstance(obj, Localized):
        return [(where, obj)]
    found = []
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for field in dataclasses.fields(obj):
            found += localized_texts(getattr(obj, field.name), f"{where}.{field.name}", seen)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            found += localized_texts(value, f"{where}[{key}]", seen)
    elif isinstance(obj, list | tuple):
        for index, value in enumerate(obj):
            found += localized_texts(value, f"{where}[{index}]", seen)
    return found


def all_texts() -> list[tuple[str, Localized]]:
    return localized_texts(load_catalogue(), "rules") + localized_texts(load_checks(), "checks")


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_catalogue_text_has_english():
    """Each text of rules.yaml and checks.yaml has an English version next to the German; missing ones are listed."""
    texts = all_texts()
    assert len(texts) > 700  # the walk reaches the topics, variants, parameters, options and checks
    missing = [where for where, text in texts if text.get("de") and not text.get("en", "").strip()]
    assert not missing, f"{len(missing)} catalogue texts without English: {missing[:20]}"


def test_english_catalogue_texts_use_the_german_placeholders():
    """An English text fills in the same placeholders as its German original."""
    wrong = [where for where, text in all_texts() if text.get("en") and _fields(text["en"]) != _fields(text["de"])]
    assert not wrong, wrong


def test_english_catalogue_texts_are_not_german():
    """No English text is a copy of its German one (names such as "Apache License 2.0" aside)."""
    copies = [
        (where, text["de"]) for where, text in all_texts()
        if text.get("de") and text.get("en") == text["de"] and len(text["de"].split()) > 2
        and not text["de"].startswith("Apache")
    ]
    assert not copies, copies


def test_texts_follow_the_language():
    """A topic, its variant and a readiness question read in the language asked for."""
    topic = load_catalogue().topic("austritt")
    assert str(topic.label) == "Austritt und Beendigung"
    with document_language("en"):
        assert str(topic.label) == "Withdrawal and termination"
        assert str(topic.variant("ordentlich").label) == "Termination with notice"
    assert topic.label.get_text("en") == "Withdrawal and termination"
