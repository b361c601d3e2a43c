"""The English interface: every message has an English translation, the catalogue is current and
compiled, and the windows speak English when English is chosen (menus, pages, buttons, Qt's own
buttons), while the choice is kept in the settings and takes effect at the next start."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QGroupBox, QMenu

from kooperation.i18n import _, current_language, ngettext, pgettext, set_language

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "resources" / "locale" / "en" / "LC_MESSAGES" / "kooperation.po"

TRANSLATION_REQUIRED_UNDER: tuple[str, ...] = ("src/kooperation/ui/",)
"""Messages used in these source folders must have an English translation. (On the branch of the
interface translation only ui/; widen it to ``("src/kooperation/",)`` once the translations of
the core messages are merged.)"""

GERMAN_UI_WORDS = (
    "Datei", "Bearbeiten", "Projekt", "Einstellungen", "Speichern", "Abbrechen", "Öffnen",
    "Schließen", "Hilfe", "Beenden", "Rückgängig", "Wiederholen", "Hinzufügen", "Entfernen",
    "Partner hinzufügen", "Entwürfe", "Entwurf", "Ziele", "Meilenstein", "Regeln", "Startseite",
    "Vorschau", "Neues", "Ja", "Nein",
)
"""Common German words of the interface; none may be seen in the English window's menus, page
titles, group titles and buttons."""


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def template():
    """The messages of the program as the extraction script finds them now."""
    return load_script("extract_messages").extract()


@pytest.fixture(scope="module")
def english():
    with CATALOGUE.open("rb") as fh:
        return read_po(fh, locale="en")


def _translated(message) -> bool:
    if "fuzzy" in message.flags:
        return False
    if isinstance(message.string, tuple | list):
        return all(message.string)
    return bool(message.string)


def test_every_message_has_an_english_translation(template, english):
    """Lists every message used under TRANSLATION_REQUIRED_UNDER that has no (or only a fuzzy)
    English translation, or is missing from the catalogue (run scripts/extract_messages.py)."""
    missing = []
    for message in template:
        if not message.id or not any(
            path.startswith(TRANSLATION_REQUIRED_UNDER) for path, _line in message.locations
        ):
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        entry = english.get(key, context=message.context)
        if entry is None or not _translated(entry):
            where = ", ".join(f"{p}:{n}" for p, n in message.locations[:2])
            missing.append(f"{key!r} ({where})")
    assert not missing, f"{len(missing)} messages without English translation:\n" + "\n".join(missing)


PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
GERMAN_WORD_FORMS = {"{partner}", "{partners}", "{partners_dat}"}
"""Placeholders that only carry a German word form ("Partner"/"Partnern"): English may do
without them (every other one must be kept)."""


def test_translations_keep_placeholders_and_mnemonics(english):
    """An English text names the same {placeholders} as the German one (a new one would raise at
    run time, a lost one would lose a value; only German word forms may go) and has a mnemonic
    (&) exactly when the German one has."""
    wrong = []
    for message in english:
        if not message.id or not _translated(message):
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for german, text in zip(ids, strings, strict=False):
            ours, theirs = set(PLACEHOLDER.findall(german)), set(PLACEHOLDER.findall(text))
            may_drop = GERMAN_WORD_FORMS | (ours if len(ids) > 1 else set())
            if not theirs <= ours or not ours - theirs <= may_drop:
                wrong.append(f"placeholders: {german!r} -> {text!r}")
            if re.search(r"&\w", german) is not None and re.search(r"&\w", text) is None:
                wrong.append(f"mnemonic: {german!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


def test_catalogue_is_current_with_the_sources(template, english):
    """Every message of the program is in the English catalogue (none added to the code but not
    extracted): run scripts/extract_messages.py after changing messages."""
    absent = [
        m.id for m in template
        if m.id and english.get(m.id if isinstance(m.id, str) else m.id[0], context=m.context) is None
    ]
    assert not absent, f"not yet extracted: {absent[:10]}"


@pytest.fixture
def in_english(qapp):
    """The interface language English for one test (messages, Qt's own strings, formats)."""
    from kooperation.ui.app import install_qt_translations

    previous = current_language()
    set_language("en")
    qapp._kooperation_translators = install_qt_translations(qapp, "en")
    yield
    set_language(previous)
    qapp._kooperation_translators = install_qt_translations(qapp, previous)


def test_compiled_catalogue_speaks_english(in_english):
    """The compiled .mo is what the program reads: menus, plurals and contexts come out English."""
    assert _("&Datei") == "&File"
    assert _("Partner hinzufügen") == "Add partner"
    assert ngettext("{n} offener Kommentar", "{n} offene Kommentare", 3) == "{n} open comments"
    assert pgettext("Mehrzahl", "Partner") == "Partners"


def _window_texts(window) -> list[str]:
    """What a user reads in menus, page titles, group titles and buttons of ``window``."""
    texts = [window.windowTitle()]
    for menu in window.findChildren(QMenu):
        texts.append(menu.title())
        texts += [a.text() for a in menu.actions() if a.text()]
    texts += [b.text() for b in window.findChildren(QAbstractButton) if b.isVisible() and b.text()]
    texts += [g.title() for g in window.findChildren(QGroupBox) if g.isVisible()]
    return texts


def _german_words(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        plain = text.replace("&", "")
        for word in GERMAN_UI_WORDS:
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", plain):
                found.append(f"{word!r} in {text!r}")
    return found


def test_main_and_project_window_in_english(in_english, qtbot, tmp_path):
    """With English chosen, the start page, the menus, every page of the project window (phase
    titles, group titles, buttons) show no common German word of the interface."""
    from kooperation.domain.demo import demo_project
    from kooperation.store import open_store
    from kooperation.ui.main_window import MainWindow

    store = open_store(tmp_path / "en.sqlite3")
    project = store.save_project(demo_project())
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    try:
        texts = _window_texts(window)
        assert [m.title() for m in window.menuBar().findChildren(QMenu) if m.title()][:4] == [
            "&File", "&Edit", "&Project", "&Help"]
        window.open_project(project.id)
        project_window = window.project_window
        nav = [project_window.nav.item(i).text() for i in range(project_window.nav.count())]
        assert "Partners" in nav[0] and "Drafts" in nav[4] and nav[5] == "In the meeting"
        texts += nav
        for key in list(project_window.pages):
            project_window.select_phase(key)
            texts += [project_window.pages[key].title] if hasattr(project_window.pages[key], "title") else []
            texts += _window_texts(window)
        assert not _german_words(texts), _german_words(texts)
        assert "Add" in texts and "Create draft" in texts
    finally:
        window.project_window.preview.wait_idle() if window.project_window else None
        window.close()
        store.close()


def test_qt_standard_buttons_in_english(in_english, qtbot):
    """Qt's own buttons (OK, Cancel in the settings dialog) speak English, not German."""
    from kooperation.ui.settings_dialog import SettingsDialog

    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert QLocale().language() == QLocale.Language.English
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    box = dialog.findChild(QDialogButtonBox)
    texts = [b.text().replace("&", "") for b in box.buttons()]
    assert "Cancel" in texts and "Abbrechen" not in texts
    assert dialog.windowTitle() == "Settings"


def test_language_setting_is_kept_and_applied_at_start(qtbot, monkeypatch):
    """Choosing English in the settings keeps it, says it takes effect at the next start, and the
    next start speaks English - unless KOOPERATION_LANG says otherwise."""
    from kooperation.ui.app import interface_language
    from kooperation.ui.settings import Settings
    from kooperation.ui.settings_dialog import SettingsDialog

    settings = Settings()
    dialog = SettingsDialog(settings=settings)
    qtbot.addWidget(dialog)
    assert dialog.language_combo.currentText() == "Deutsch"
    assert dialog.language_note.message() == ""
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    assert "nächsten Start" in dialog.language_note.message()
    dialog.accept()
    assert Settings().interface_language == "en"
    monkeypatch.delenv("KOOPERATION_LANG", raising=False)
    assert interface_language(Settings()) == "en"
    monkeypatch.setenv("KOOPERATION_LANG", "de")
    assert interface_language(Settings()) == "de"


def test_unknown_language_setting_means_german():
    """A settings file naming a language that does not exist gives German, never an error."""
    from kooperation.ui.settings import INTERFACE_LANGUAGE, Settings

    settings = Settings()
    settings.set(INTERFACE_LANGUAGE, "xx")
    assert settings.interface_language == "de"
