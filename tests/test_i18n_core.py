"""English for everything the core says: CLI help, errors, labels, dates; German unchanged."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

import kooperation
from kooperation.cli import main
from kooperation.domain.catalogue import load_catalogue
from kooperation.domain.labels import describe_value, format_day
from kooperation.i18n import _, current_language, document_language, ngettext, set_language
from kooperation.resources import resource_path

PACKAGE = Path(kooperation.__file__).resolve().parent
CORE_SOURCES = sorted(
    p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] not in ("ui", "resources", "templates")
)
"""The source files outside the GUI (``ui/``): their messages are the core's part of the English
catalogue (the GUI's messages are checked by the GUI's own test)."""
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}
EN_PO = resource_path("locale", "en", "LC_MESSAGES", "kooperation.po")


@pytest.fixture
def english(monkeypatch):
    """The interface in English for one test (as ``KOOPERATION_LANG=en`` sets it)."""
    monkeypatch.setenv("KOOPERATION_LANG", "en")
    set_language("en")
    yield
    monkeypatch.delenv("KOOPERATION_LANG")
    set_language("de")


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # --help
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def core_messages() -> set[str | tuple[str, str]]:
    found: set = set()
    for path in CORE_SOURCES:
        for _line, message, _comments, _context in extract_from_file("python", str(path), keywords=KEYWORDS):
            found.add(message)
    return found


def test_every_core_message_has_an_english_translation():
    """Each message id of the core (outside ui/) has a non-empty English text; missing ones are listed."""
    with EN_PO.open("rb") as fh:
        catalogue = read_po(fh)
    missing = []
    for message in sorted(core_messages(), key=str):
        key = message[0] if isinstance(message, tuple) else message
        entry = catalogue.get(key)
        texts = entry.string if entry is not None else None
        if not texts or not all(texts if isinstance(texts, tuple) else (texts,)):
            missing.append(message)
    assert not missing, f"{len(missing)} core messages without English: {missing[:20]}"


def test_core_texts_are_all_wrapped():
    """The extraction finds the tables translated at the point of use (WZ titles, the merge's open point)."""
    messages = core_messages()
    assert "Maschinenbau" in messages and "Darüber müssen wir uns verständigen" in messages
    assert ("{n} Monat", "{n} Monate") in messages


def test_cli_help_is_english(capsys, english):
    """`KOOPERATION_LANG=en kooperation --help` describes the commands and argparse's own words in English."""
    code, out, _err = run(capsys, "--help")
    assert code == 0
    assert "generate a draft and store it as a new version" in out
    assert "usage: kooperation" in out and "show this help message and exit" in out
    assert "Entwurf" not in out and "Befehl" not in out


def test_cli_help_stays_german(capsys):
    """Without a language the help is German, argparse's words too (also after an English run)."""
    code, out, _err = run(capsys, "--help")
    assert code == 0
    assert "einen Entwurf erzeugen und als neue Version speichern" in out
    assert out.startswith("Aufruf: kooperation") and "diese Hilfe anzeigen und beenden" in out


def test_show_in_english(capsys, english, tmp_path):
    """`kooperation show ID` labels the summary in English and writes amounts and periods the English way."""
    db = str(tmp_path / "store.sqlite3")
    code, project_id, err = run(capsys, "--db", db, "demo")
    assert code == 0, err
    code, out, err = run(capsys, "--db", db, "show", project_id.strip())
    assert code == 0, err
    assert "Form of cooperation:" in out and "Goals: 8, milestones: 12" in out
    assert "[agreed]" in out and "(Lead partner)" in out
    assert "[agreed] Goal and subject: Lasting cooperation" in out  # the catalogue's English
    assert "Notice period: 6 months" in out
    assert "14 days" in out and "Kooperationsform:" not in out and "Tage" not in out


def test_unknown_project_is_an_english_error(capsys, english, tmp_path):
    """An unknown id gives a one-line English error, no traceback."""
    code, out, err = run(capsys, "--db", str(tmp_path / "s.sqlite3"), "show", "nosuchid")
    assert code != 0 and out == ""
    assert err.strip() == "Error: There is no project with the ID nosuchid."


def test_unknown_project_error_stays_german(capsys, tmp_path):
    """The same error in German, unchanged."""
    code, _out, err = run(capsys, "--db", str(tmp_path / "s.sqlite3"), "show", "nosuchid")
    assert code != 0
    assert err.strip() == "Fehler: Es gibt kein Projekt mit der ID nosuchid."


def _param(topic: str, param: str):
    return next(p for p in load_catalogue().topic(topic).params if p.id == param)


def test_labels_dates_and_amounts_follow_the_language(english):
    """Periods, amounts, dates and plurals are English under an English interface."""
    assert describe_value(_param("laufzeit", "start_date"), date(2027, 3, 1)) == "1 Mar 2027"
    assert describe_value(_param("beitraege", "approval_limit_eur"), 5000) == "€5,000.00"
    assert ngettext("{n} Monat", "{n} Monate", 1).format(n=1) == "1 month"
    assert format_day(date(2027, 3, 1)) == "1 Mar 2027"


def test_document_language_overrides_the_interface_per_thread():
    """Inside `document_language("en")` texts are English; outside, and in other threads, German."""
    seen = {}

    def other_thread():
        seen["other"] = _("Offener Punkt")

    with document_language("en"):
        assert _("Offener Punkt") == "Open point" and current_language() == "en"
        assert format_day(date(2027, 3, 1)) == "1 Mar 2027"
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
    assert seen["other"] == "Offener Punkt"
    assert _("Offener Punkt") == "Offener Punkt" and format_day(date(2027, 3, 1)) == "01.03.2027"


def test_rendered_dates_follow_the_document_language():
    """A roadmap date reads "1 Mar 2027" in an English document and "01.03.2027" in a German one."""
    from kooperation.drafting.docmodel import Document
    from kooperation.render.html import _Writer

    english = _Writer(Document(kind="vertrag", language="en", title="Agreement"), None)
    german = _Writer(Document(kind="vertrag", language="de", title="Vertrag"), None)
    assert english.day("2027-03-01") == "1 Mar 2027"
    assert german.day("2027-03-01") == "01.03.2027"
