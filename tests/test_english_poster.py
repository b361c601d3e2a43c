"""The work plan poster in English: it follows the project's document language (or --lang), not
the interface language; every word of it is English, and the German poster is unchanged."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from tests.german_words import german_words_in
from tests.test_poster import read

from kooperation.cli import main
from kooperation.domain.catalogue import load_catalogue
from kooperation.domain.demo import demo_project
from kooperation.domain.model import Project
from kooperation.errors import InputError
from kooperation.i18n import current_language, set_language
from kooperation.render.poster import render_poster
from kooperation.store.repository import open_store

WHEN = date(2027, 3, 5)


@pytest.fixture
def english_interface():
    before = current_language()
    set_language("en")
    yield
    set_language(before)


def test_english_project_gives_an_english_poster_whatever_the_interface():
    """A project whose document language is English: English labels, states, date and notice,
    and no German word outside what the partners typed; the German interface does not matter."""
    project = dataclasses.replace(demo_project(), language="en")
    assert current_language() == "de"
    _page, text = read(render_poster(project, "A3", WHEN))
    for phrase in ("WORK PLAN OF THE COOPERATION", "DRAFT", "Working status of 5 March 2027", "Contribution:",
                   "Business · Lead partner", "VALUE PROPOSITION", "Short term", "Priority high",
                   "We agree on the following:", "We need to reach an understanding on:"):
        assert phrase in text, phrase
    assert german_words_in(text, project) == set()
    for german in ("Beitrag:", "ENTWURF", "Arbeitsstand", "Kurzfristig", "Priorität"):
        assert german not in text


def test_empty_english_poster_is_an_english_agenda():
    """An empty English project (nothing entered that could be German): the agenda with its
    guiding questions and every rule topic in English, and not one German word."""
    project = Project(name="New", language="en")
    _page, text = read(render_poster(project, "A3", WHEN))
    assert "[open: partners]" in text.lower() or "[open: Partners]" in text
    assert "GUIDING QUESTIONS" in text
    for topic in load_catalogue().topics:
        assert " ".join(topic.label.get_text("en").split()) in text
    assert german_words_in(text) == set()


def test_german_project_keeps_the_german_poster_in_an_english_interface(english_interface):
    """The document language decides: a German project prints German under an English interface,
    and an explicit language overrides the project's."""
    project = demo_project()
    _page, text = read(render_poster(project, "A3", WHEN))
    assert "ARBEITSPLAN DER KOOPERATION" in text and "Beitrag:" in text and "5. März 2027" in text
    assert "Contribution:" not in text
    _page, english = read(render_poster(project, "A3", WHEN, language="en"))
    assert "Contribution:" in english and "Beitrag:" not in english
    with pytest.raises(InputError, match="“fr”"):  # the message in the interface language
        render_poster(project, "A3", WHEN, language="fr")


def test_cli_poster_takes_a_language(tmp_path, capsys):
    """`kooperation poster ID --lang en` writes the English poster; an unknown language is a
    message, exit 1, and no file."""
    db = tmp_path / "k.sqlite3"
    store = open_store(db)
    project = store.save_project(demo_project())
    store.close()
    out = tmp_path / "poster.pdf"
    assert main(["--db", str(db), "poster", project.id[:8], "--size", "A3", "--lang", "en", "--out", str(out)]) == 0
    _page, text = read(out.read_bytes())
    assert "WORK PLAN OF THE COOPERATION" in text and german_words_in(text, project) == set()
    bad = tmp_path / "bad.pdf"
    assert main(["--db", str(db), "poster", project.id[:8], "--lang", "fr", "--out", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "„fr“" in err and "Traceback" not in err and not bad.exists()
