"""The shared text rules: one limit per field, cleaning of characters no document can hold."""

from __future__ import annotations

from kooperation.domain.text import (
    FIELD_LIMITS,
    MULTILINE,
    check_text,
    clean_text,
    field_label,
    is_multiline,
    limit_for,
    too_long,
)


def test_multiline_keeps_tab_and_newline_removes_controls():
    """A multi-line text keeps tab and line feed, loses NUL, DEL, C1, noncharacters, surrogates."""
    raw = "a\x00b\tc\r\nd\re\x7f\x85\ud800\ufffe\U0010ffff\U0001F600"
    assert clean_text(raw, multiline=True) == ("ab\tc\nd\ne\U0001F600", True)


def test_single_line_turns_breaks_into_spaces():
    """In a single-line field tab, line feed and carriage return become a space."""
    assert clean_text("a\tb\nc\r\nd\re", multiline=False) == ("a b c d e", True)


def test_clean_text_leaves_ordinary_text_alone():
    """German text with umlauts, quotes and emoji is unchanged and reported as unchanged."""
    text = "Müller & Söhne „GmbH“ – 100 € 😀"
    assert clean_text(text, multiline=False) == (text, False)


def test_clean_text_never_raises_and_result_encodes():
    """A text of every code point cleans into one that UTF-8 can encode, in both modes."""
    everything = "".join(map(chr, range(0x110000)))
    for multiline in (True, False):
        cleaned, changed = clean_text(everything, multiline=multiline)
        assert changed
        cleaned.encode("utf-8")
        assert "\x00" not in cleaned and "\ufffe" not in cleaned and "\x9f" not in cleaned


def test_check_text_too_long_names_field_and_lengths():
    """A 25,000-character name is refused with the field's label, limit and length."""
    cleaned, message = check_text("partner.name", "x" * 25000)
    assert too_long("partner.name", cleaned)
    assert message == "„Name“ darf höchstens 500 Zeichen lang sein (eingegeben: 25.000)."


def test_check_text_notes_removed_characters():
    """A text with a control character comes back cleaned, with a note."""
    assert check_text("comment.text", "ok\x01") == ("ok", "Steuerzeichen wurden entfernt.")
    assert check_text("comment.text", "ok") == ("ok", None)


def test_every_field_has_limit_label_and_known_multiline():
    """Each field has a positive limit and a label; MULTILINE names only known fields."""
    assert set(FIELD_LIMITS) >= MULTILINE
    for key, limit in FIELD_LIMITS.items():
        assert limit == limit_for(key) > 0
        assert field_label(key) != key
    assert is_multiline("bm.value_proposition") and not is_multiline("partner.city")
