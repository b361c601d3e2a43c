"""Start of the desktop application: `run` is what ``kooperation`` without arguments calls.

Sets up the QApplication (names, Qt's own German translations, a style that follows the system's
light or dark colours), opens the store and shows the main window. Problems opening the store
are shown as a message and end the program with exit code 1, never with a traceback.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from kooperation.errors import KooperationError
from kooperation.i18n import _, current_language
from kooperation.paths import resolve_db
from kooperation.store.repository import Store, open_store
from kooperation.ui.errors import install_excepthook
from kooperation.ui.main_window import MainWindow
from kooperation.ui.settings import Settings

APP_NAME = "Kooperation"
ORGANISATION = "Kooperation"
_QT_LOCALES = {"de": QLocale(QLocale.Language.German, QLocale.Country.Germany)}


def install_qt_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Load Qt's own translations (``qtbase_<lang>.qm``) so that standard dialogs and buttons
    ("Ja", "Abbrechen", the file dialog) speak the user's language; returns the translators."""
    locale = _QT_LOCALES.get(language)
    if locale is None:
        return []
    QLocale.setDefault(locale)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = []
    for name in ("qtbase",):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder) and app.installTranslator(translator):
            installed.append(translator)
    return installed


def color_scheme() -> str:
    """``"dark"``, ``"light"`` or ``"unknown"``: what the system asks for (Qt >= 6.5)."""
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is None:
        return "unknown"
    value = scheme()
    if value == Qt.ColorScheme.Dark:
        return "dark"
    if value == Qt.ColorScheme.Light:
        return "light"
    return "unknown"


def choose_style(app: QApplication) -> None:
    """Fusion (except on macOS, whose native style already does this): it draws the platform's
    palette, light or dark, and follows changes of ``QStyleHints.colorScheme()`` at run time.
    No palette is forced."""
    if sys.platform != "darwin":
        app.setStyle("Fusion")


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names, translations and style (the existing one if there is one)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setDesktopFileName("kooperation")
    choose_style(app)
    app._kooperation_translators = install_qt_translations(app, current_language())  # type: ignore[attr-defined]
    return app


def create_main_window(store: Store, settings: Settings | None = None) -> MainWindow:
    """The main window over ``store`` (used by `run`, tests and the screenshot script)."""
    return MainWindow(store, settings)


def run(db: str | None = None) -> int:
    """Start the desktop application on the store ``db`` (default: the user's store)."""
    app = create_application()
    try:
        store = open_store(resolve_db(db))
    except KooperationError as exc:
        QMessageBox.critical(
            None,
            _("Kooperation"),
            _("Die Projektdatenbank konnte nicht geöffnet werden.") + "\n\n" + str(exc),
        )
        return 1
    except OSError as exc:
        QMessageBox.critical(
            None,
            _("Kooperation"),
            _("Der Ordner für die Projektdatenbank ist nicht nutzbar ({reason}).").format(
                reason=exc.strerror or exc
            ),
        )
        return 1
    previous_hook = install_excepthook()
    try:
        window = create_main_window(store)
        window.show()
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        store.close()
