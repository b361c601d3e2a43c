"""Start of the desktop application: `run` is what ``kooperation`` without arguments calls.

Sets up the QApplication (names, Qt's own German translations, a style that follows the system's
light or dark colours), opens the store and shows the main window. Problems opening the store
are shown as a message and end the program with exit code 1, never with a traceback.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QLibraryInfo,
    QLocale,
    QSize,
    Qt,
    QTimer,
    QTranslator,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from kooperation.errors import KooperationError
from kooperation.i18n import _, current_language, set_language
from kooperation.paths import resolve_db
from kooperation.resources import resource_path
from kooperation.store.deferred import DeferredStore
from kooperation.store.quick import peek_summaries
from kooperation.store.waiting import wait_briefly_on_main_thread
from kooperation.ui.collector import install_collector
from kooperation.ui.errors import install_excepthook
from kooperation.ui.first_paint import after_first_paint
from kooperation.ui.main_window import MainWindow
from kooperation.ui.settings import Settings
from kooperation.ui.warm_up import warm_up

if TYPE_CHECKING:
    from kooperation.store.repository import Store

APP_NAME = "Kooperation"
ORGANISATION = "Kooperation"
_QT_LOCALES = {
    "de": QLocale(QLocale.Language.German, QLocale.Country.Germany),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),
}
_QT_CATALOGUES = {"de": ("qtbase",), "en": ()}
"""Qt's own catalogues per interface language: Qt speaks English without one."""
LANGUAGE_ENV = "KOOPERATION_LANG"


def interface_language(settings: Settings) -> str:
    """The language the window speaks: ``KOOPERATION_LANG`` when it is set, else the one chosen
    in the settings (German when none is chosen)."""
    return os.environ.get(LANGUAGE_ENV) or settings.interface_language


def install_qt_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Load Qt's own translations (``qtbase_<lang>.qm``) so that standard dialogs and buttons
    ("Ja", "Abbrechen", the file dialog) speak the user's language, and make that language's
    formats (dates and numbers in Qt's fields) the default; returns the translators. Those of an
    earlier call are removed first, so the language can change in one process (tests)."""
    for old in getattr(app, "_kooperation_translators", []):
        app.removeTranslator(old)
    locale = _QT_LOCALES.get(language, _QT_LOCALES["de"])
    QLocale.setDefault(locale)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = []
    for name in _QT_CATALOGUES.get(language, ()):
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


STYLE = None if sys.platform == "darwin" else "Fusion"
"""Fusion (except on macOS, whose native style already does this): it draws the platform's
palette, light or dark, and follows changes of ``QStyleHints.colorScheme()`` at run time. No
palette is forced."""


def choose_style(app: QApplication) -> None:
    """Give the existing ``app`` the `STYLE`."""
    if STYLE is not None:
        app.setStyle(STYLE)


GIL_SWITCH_S = 0.0005
"""How long a worker thread running Python (the preview building the agreement, a draft being
generated) keeps the interpreter before the GUI thread, waiting for it, gets it (Python's
default: 5 ms). The GUI thread needs the interpreter for nearly every event (the input guard
sees them all; list delegates paint in Python), so with the default one paint of a page could
wait for it dozens of times. Measured with `benchmarks/bench_stalls.py`, in turns: longest
stall while generating a draft 27-31 ms with the default, 13-20 ms with this."""


class Application(QApplication):
    """The program's application object. A file the system hands to the running program (on
    macOS a double click on a project file or a partner card in the Finder is a
    ``QFileOpenEvent`` sent to the application, not an argument) is announced by
    `file_opened`. It is taken in `event`, which sees only the application's own events: an
    event filter on the application would see every event of every widget, in Python, and hand
    Qt for Python each object it watched, whose enumerations it would then set up (106 of
    them before the first paint, 8 ms, and a Python call for each event after it)."""

    file_opened = Signal(str)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and event.file():
            self.file_opened.emit(event.file())
            return True
        return super().event(event)


@contextmanager
def files_handed_to(app: QApplication, window: MainWindow) -> Iterator[None]:
    """Within the block, the files the system hands to ``app`` (`Application.file_opened`)
    open in ``window`` as if chosen in its Datei menu, each once the event that brought it is
    done."""
    if not isinstance(app, Application):
        yield
        return
    app.file_opened.connect(window.open_file_later)
    try:
        yield
    finally:
        app.file_opened.disconnect(window.open_file_later)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names, translations and style (the existing one if there is one).
    A new one gets the `STYLE` as its last command-line option ``-style`` (it wins over an
    earlier one, as `choose_style` would): ``setStyle`` would hand Qt for Python the style
    object, which then sets up the style's enumerations before the first paint (10 ms)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
        choose_style(app)
    else:
        style = ["-style", STYLE] if STYLE is not None else []
        app = Application([*(argv or sys.argv), *style])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setDesktopFileName("kooperation")
    app.setWindowIcon(application_icon())
    # the input guard (the wheel and Esc change nothing a person did not mean) is installed once
    # the start page is painted: `open_when_loaded`
    install_collector(app)  # no garbage collection on worker threads (it would crash Qt)
    sys.setswitchinterval(GIL_SWITCH_S)
    app._kooperation_translators = install_qt_translations(app, current_language())  # type: ignore[attr-defined]
    return app


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
"""The sizes of ``resources/icons/kooperation-<size>.png`` (drawn by scripts/make_icons.py)."""


def application_icon() -> QIcon:
    """The application's icon in every size shipped; each file is read only when the system
    asks for its size (the sizes are given), so it costs the start nothing."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resource_path("icons", f"kooperation-{size}.png")), QSize(size, size))
    return icon


def create_main_window(store: Store, settings: Settings | None = None) -> MainWindow:
    """The main window over ``store`` (used by `run`, tests and the screenshot script)."""
    return MainWindow(store, settings)


def open_for_window(db: str | Path) -> Store | DeferredStore:
    """The store for the window. A store file that is certainly ours and current comes back as
    a `DeferredStore`: its project list is read at once without the database layer, which
    `finish_opening` loads once the window is on screen (a quarter of a second saved at every
    start). Anything else is opened (and checked, and migrated) here."""
    summaries = peek_summaries(db)
    if summaries is not None:
        return DeferredStore(db, summaries)
    from kooperation.store.repository import open_store

    return open_store(db)


def open_error_message(exc: Exception) -> str:
    """What the user reads when the store cannot be opened."""
    if isinstance(exc, KooperationError):
        return _("Die Projektdatenbank konnte nicht geöffnet werden.") + "\n\n" + str(exc)
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return _("Der Ordner für die Projektdatenbank ist nicht nutzbar ({reason}).").format(
        reason=reason
    )


GUI_WAIT_MS = 200
"""How long the window waits for a store locked by another program before it says so."""


def finish_opening(store: Store | DeferredStore, window: MainWindow) -> bool:
    """Open a deferred store's database layer (a no-op for an open store). On failure say so
    and close the window; returns whether the store is usable."""
    if not isinstance(store, DeferredStore):
        return True
    try:
        store.open()
    except (KooperationError, OSError) as exc:
        QMessageBox.critical(window, _("Kooperation"), open_error_message(exc))
        window.close()
        return False
    return True


def opening_notes(store: Store | DeferredStore) -> str:
    """What the user should know about the opened store: a copy made before a migration, or
    that it can only be read (and why). Empty when there is nothing to say."""
    real = store.open() if isinstance(store, DeferredStore) else store
    notes = list(getattr(real, "notices", []))
    read_only = getattr(real, "read_only", None)
    if read_only is not None:
        from kooperation.store.db import read_only_message

        notes.append(read_only_message(real.location, read_only))
    return " ".join(notes)


def finish_and_tell(store: Store | DeferredStore, window: MainWindow) -> bool:
    """`finish_opening`, then show `opening_notes` in the status bar until another message;
    then prepare the first project's opening in the idle moments (`warm_up`)."""
    if not finish_opening(store, window):
        return False
    notes = opening_notes(store)
    if notes:
        window.statusBar().showMessage(notes)
    warm_up()
    return True


DATABASE_MODULES = ("kooperation.store.repository",)
"""What opening the store imports (SQLAlchemy above all: a quarter of a second)."""


def open_when_loaded(
    store: Store | DeferredStore, window: MainWindow, done: Callable[[bool], None]
) -> threading.Thread | None:
    """What waits until the start page is on screen: first the input guard (`install_input_guard`;
    an application-wide event filter, it makes every event of the start page's first paint go
    through Python and Qt for Python then sets up every class of its modules: 20 ms - the start
    page has no field the guard changes, and no dialog is open before it is painted); then import
    the database layer on a worker thread (the window keeps painting and answering), then, back
    on the GUI thread, `finish_and_tell` and ``done(ok)``. Returns the thread (None when the
    store is open already and this finishes at once). Importing touches no Qt object, and a
    click that needs the store meanwhile just waits for the import to end."""
    from kooperation.ui.input_guard import install_input_guard

    install_input_guard(QApplication.instance())
    if not isinstance(store, DeferredStore) or store.is_open:
        done(finish_and_tell(store, window))
        return None

    def load() -> None:
        for name in DATABASE_MODULES:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - opening the store below reports it properly
                return

    thread = threading.Thread(target=load, name="kooperation-import", daemon=True)
    thread.start()

    def check() -> None:
        if thread.is_alive():
            QTimer.singleShot(POLL_MS, check)
        else:
            done(finish_and_tell(store, window))

    QTimer.singleShot(POLL_MS, check)
    return thread


POLL_MS = 15


def run(db: str | None = None, take_over: str | None = None) -> int:
    """Start the desktop application on the store ``db`` (default: the user's store), in the
    interface language of the settings (or of ``KOOPERATION_LANG``); with ``take_over`` (a project
    file), show what taking it over would change once the store is open."""
    settings = Settings()
    set_language(interface_language(settings))
    app = create_application()
    wait_briefly_on_main_thread(GUI_WAIT_MS)
    try:
        store = open_for_window(resolve_db(db))
    except (KooperationError, OSError) as exc:
        QMessageBox.critical(None, _("Kooperation"), open_error_message(exc))
        return 1
    previous_hook = install_excepthook()
    try:
        window = create_main_window(store, settings)  # type: ignore[arg-type]
        window.show()
        ok = [True]
        # the database layer loads once the start page is on screen (not before its first
        # paint), on a worker thread
        def opened(done: bool) -> None:
            ok[0] = done
            if done and take_over is not None:
                window.project_files.take_over(take_over)

        after_first_paint(window, lambda: open_when_loaded(store, window, opened))
        with files_handed_to(app, window):
            code = app.exec()
        return code if ok[0] else 1
    finally:
        sys.excepthook = previous_hook
        wait_briefly_on_main_thread(None)
        store.close()


def run_card(path: str | Path, bundle) -> int:
    """Show the partner card ``bundle`` read from ``path`` in its own window (``kooperation
    DATEI``); no database is opened."""
    from kooperation.ui.card_window import CardWindow

    set_language(interface_language(Settings()))
    app = create_application()
    previous_hook = install_excepthook()
    try:
        window = CardWindow(path, bundle)
        window.show()
        return app.exec()
    finally:
        sys.excepthook = previous_hook


def show_start_error(message: str) -> None:
    """Say in a message box why a file given at the start cannot be opened."""
    create_application()
    QMessageBox.critical(None, _("Kooperation"), message)
