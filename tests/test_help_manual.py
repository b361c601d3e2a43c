"""The manual (resources/help): complete pages, a search that finds, F1 on the right page, and
the guided tour of the first run."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QSettings, Qt

from kooperation.domain.demo import demo_project
from kooperation.help_pages import TOPICS, fold, help_folder, manual, page_for, search
from kooperation.store.repository import open_store
from kooperation.ui.help_window import HelpWindow
from kooperation.ui.main_window import MainWindow
from kooperation.ui.settings import TOUR_SEEN, Settings


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_page_is_complete_and_links_resolve(language):
    """Each page has a title; every picture and every link of the manual points at a file of it."""
    folder = help_folder(language)
    assert folder.name == language
    pages = manual(language)
    names = {page.name for page in pages}
    assert len(pages) >= 12
    for page in pages:
        assert page.html.lstrip().startswith("<h1>"), page.name
        for picture in re.findall(r'<img src="([^"]+)"', page.html):
            assert (folder / picture).is_file(), (page.name, picture)
        for link in re.findall(r'href="([^"]+)"', page.html):
            target, _, anchor = link.partition("#")
            assert target.removesuffix(".html") in names, (page.name, link)
            if anchor:
                linked = next(p for p in pages if p.name == target.removesuffix(".html"))
                assert f'id="{anchor}"' in linked.html, (page.name, link)


def test_english_manual_has_every_german_page_and_anchor():
    """The English manual has the same pages and anchors as the German one, in English."""
    german, english = manual("de"), manual("en")
    assert [p.name for p in english] == [p.name for p in german]
    for de, en in zip(german, english, strict=True):
        assert re.findall(r'id="([^"]+)"', en.html) == re.findall(r'id="([^"]+)"', de.html), de.name
        assert en.title != de.title, de.name
    assert search("withdrawal", "en")[0].page.name == "regeln"


def test_every_f1_topic_has_its_page_and_anchor():
    """F1 leads from each place to an existing page (and anchor) of the manual."""
    for topic, target in TOPICS.items():
        page, anchor = page_for(topic)
        assert page.name == target.partition("#")[0], topic
        if anchor:
            assert f'id="{anchor}"' in page.html, topic


def test_search_folds_umlauts_and_ranks_titles_first():
    """"ubernehmen" finds "übernehmen"; a page titled with the word comes first."""
    assert fold("Änderungen übernehmen") == "anderungen ubernehmen"
    hits = search("ubernehmen")
    assert hits and all("bernehmen" in hit.page.text for hit in hits)
    top = search("Tastenkürzel")[0]
    assert top.page.name == "tastatur"
    assert search("Kommentar Word")[0].page.name == "pruefung"
    assert search("Quantenkryptografie") == []
    assert search("  ") == []


def test_search_snippet_shows_the_word():
    """A hit carries a short piece of text around the word sought."""
    (hit, *_rest) = search("Workshop-Modus")
    assert "Workshop" in hit.snippet and len(hit.snippet) < 120


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "s.sqlite3")
    yield s
    s.close()


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, store, settings):
    w = MainWindow(store, settings)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def _manual(window) -> HelpWindow:
    return window.findChild(HelpWindow)


def test_f1_opens_the_page_of_the_phase_shown(qtbot, window, store):
    """With the goals page shown, F1 opens the manual on "Ziele & Roadmap"; on the readiness
    page, at its section of "Im Treffen"."""
    project = store.save_project(demo_project())
    window.open_project(project.id)
    qtbot.waitUntil(lambda: getattr(window.project_window, "pages", None) is not None)
    window.project_window.select_phase("goals")
    window.act_help.trigger()
    assert _manual(window).current.name == "ziele"
    assert "Phase 3: Ziele" in _manual(window).browser.toPlainText()
    window.project_window.select_phase("readiness")
    window.act_help.trigger()
    assert _manual(window).current.name == "treffen"
    assert len(window.findChildren(HelpWindow)) == 1  # one manual, brought to the front


def test_the_manual_searches_and_follows_links(qtbot, window):
    """Typing in the search lists the pages found; a link in a page opens the linked page."""
    window.act_help.trigger()
    manual = _manual(window)
    qtbot.keyClicks(manual.search_field, "Projektdatei")
    qtbot.waitUntil(lambda: manual.result_label.isVisible())
    titles = [manual.list.item(i).text().splitlines()[0] for i in range(manual.list.count())]
    assert "Zusammenarbeit" in titles
    assert "gefunden" in manual.result_label.text()
    manual.search_field.clear()
    qtbot.waitUntil(lambda: manual.list.count() == len(manual.pages))
    manual.show_page("erste-schritte")
    from PySide6.QtCore import QUrl

    manual.browser.anchorClicked.emit(QUrl("regeln.html"))
    assert manual.current.name == "regeln"
    assert manual.list.currentItem().text() == "Phase 4: Form & Regeln"


def test_settings_dialog_has_its_f1(qtbot, window, monkeypatch):
    """F1 in the settings dialog opens the manual on the settings page."""
    from PySide6.QtGui import QShortcut

    from kooperation.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window, window.settings)
    qtbot.addWidget(dialog)
    (shortcut,) = [s for s in dialog.findChildren(QShortcut) if s.key().toString() == "F1"]
    shortcut.activated.emit()
    assert _manual(window).current.name == "einstellungen"


def test_first_run_tour_starts_once_from_the_empty_start_page(qtbot, window, settings):
    """The example opened from the empty start page starts the tour; its steps point at the
    phases, the page, the preview, the help and the drafts; once seen, it does not start again."""
    from kooperation.ui.tour import Tour

    assert settings.get(TOUR_SEEN) is False
    assert not window.act_tour.isEnabled()
    window.start_page.btn_empty_example.click()
    qtbot.waitUntil(lambda: window.project_window is not None and window.project_window.findChild(Tour) is not None, timeout=10000)
    tour = window.project_window.findChild(Tour)
    assert settings.get(TOUR_SEEN) is True and window.act_tour.isEnabled()
    seen = []
    for _ in range(5):
        seen.append(tour.title.text())
        assert tour.bubble.isVisible()
        assert window.project_window.rect().contains(tour.bubble.geometry())
        qtbot.mouseClick(tour.next_button, Qt.MouseButton.LeftButton)
    assert seen == ["Fünf Phasen", "Die Seite der Phase", "Die Vorschau", "Die Hilfe zum Feld", "Entwürfe"]
    qtbot.waitUntil(lambda: window.project_window.findChild(Tour) is None)
    window.show_start_page()
    window.start_page.create_example()  # not from the empty page, and seen: no tour
    qtbot.wait(100)
    assert window.project_window.findChild(Tour) is None


def test_tour_ends_with_escape_and_from_the_menu(qtbot, window, store):
    """Hilfe › Rundgang starts the tour in an open project; Esc ends it, nothing changes."""
    from kooperation.ui.tour import Tour

    project = store.save_project(demo_project())
    window.open_project(project.id)
    qtbot.waitUntil(lambda: getattr(window.project_window, "session", None) is not None)
    before = store.load_project(project.id)
    window.act_tour.trigger()
    tour = window.project_window.findChild(Tour)
    assert tour.counter.text() == "Rundgang · Schritt 1 von 5"
    qtbot.keyClick(tour.next_button, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.project_window.findChild(Tour) is None)
    assert store.load_project(project.id) == before
