"""Dates as people type them: the German forms, the locale's order, and clear refusals."""

from __future__ import annotations

from datetime import date

import pytest

from kooperation.domain.dates import (
    DateInputError,
    entry_pattern,
    example,
    field_order,
    format_entry,
    parse_day,
)

MARCH_1 = date(2027, 3, 1)


@pytest.mark.parametrize("text", [
    "01.03.2027", "1.3.2027", "1.3.27", "01.03.27", "01032027", "010327", " 1.3.2027 ",
    "1.3.2027.", "2027-03-01", "1. März 2027", "1 Mar 2027", "01-03-2027", "1/3/2027",
])
def test_german_forms(text):
    """Every way a German user writes the 1st of March 2027 is read as that day."""
    assert parse_day(text, "de_DE") == MARCH_1


@pytest.mark.parametrize(("locale", "text"), [
    ("en_US", "3/1/2027"), ("en_US", "3/1/27"), ("en_US", "03012027"), ("en_US", "Mar 1, 2027"),
    ("en_US", "1.3.2027"), ("en_GB", "01/03/2027"), ("en_GB", "1/3/27"), ("en_GB", "1 March 2027"),
    ("en_GB", "1.3.2027"), ("en_GB", "2027-03-01"),
])
def test_english_forms_follow_the_locale(locale, text):
    """Slashes follow the locale's order (month first in the US); dots are always day first."""
    assert parse_day(text, locale) == MARCH_1


def test_order_and_pattern_come_from_babel():
    """The order of the parts and the shown pattern come from the locale's short date format."""
    assert field_order("de_DE") == "dmy" and field_order("en_US") == "mdy" and field_order("en_GB") == "dmy"
    assert entry_pattern("de_DE") == "dd.MM.yyyy"
    assert format_entry(MARCH_1, "de_DE") == "01.03.2027"
    assert format_entry(MARCH_1, "en_US") == "3/1/2027"
    assert format_entry(MARCH_1, "en_GB") == "01/03/2027"
    assert example("de_DE") == "01.03.2027"


def test_two_digit_years_are_this_century():
    """A two-digit year means 20xx."""
    assert parse_day("31.12.99", "de_DE") == date(2099, 12, 31)
    assert parse_day("1.1.00", "de_DE") == date(2000, 1, 1)


@pytest.mark.parametrize(("text", "words"), [
    ("31.02.2027", "Februar 2027"),
    ("29.2.2027", "Februar 2027"),
    ("1.13.2027", "13. Monat"),
    ("", "Bitte ein Datum eingeben"),
    ("morgen", "kein Datum"),
    ("1.3", "kein Datum"),
    ("1.3.202", "kein Datum"),
    ("0103", "kein Datum"),
    ("1.3.2027 12", "kein Datum"),
    ("12.3.1850", "zwischen 01.01.1900 und 31.12.2199"),
    ("Fooember 1 2027", "kein Datum"),
])
def test_refusals_say_why(text, words):
    """Impossible days, unknown shapes and far-off years are refused with a message that says
    why and shows how to type a date."""
    with pytest.raises(DateInputError) as caught:
        parse_day(text, "de_DE")
    assert words in str(caught.value)


def test_leap_day_is_a_day():
    """The 29th of February exists in leap years."""
    assert parse_day("29.2.28", "de_DE") == date(2028, 2, 29)
