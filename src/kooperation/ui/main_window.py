"""The main window: the start page or one open project, the menus and the standard shortcuts.

The window owns no data. The start page works on the store; an open project is a
``ProjectWindow`` (written in ``project_window.py``) that exposes ``undo_stack``, ``title`` and
``sig_closed``. Undo and redo in the Bearbeiten menu follow the undo stack of the open project
through a `QUndoGroup` and are disabled while no project is open.

`open_project` shows the project window at once; it reads its project on a worker
(``loaded`` is False meanwhile) and says when it is there (``sig_loaded``: its undo stack joins
the group, the project goes into "Zuletzt geöffnet") or that it could not be read
(``sig_load_failed``: back to the start page, with the message).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

import kooperation
from kooperation.errors import KooperationError
from kooperation.i18n import _
from kooperation.ui.errors import show_error
from kooperation.ui.first_paint import after_first_paint
from kooperation.ui.settings import TOUR_SEEN, WINDOW_GEOMETRY, WINDOW_STATE, Settings
from kooperation.ui.start_page import StartPage
from kooperation.ui.warm_up import warm_up

if TYPE_CHECKING:
    from kooperation.store.repository import Store

APP_TITLE = "Kooperation"


def delete_in_turns(widget: QWidget) -> None:
    """Delete ``widget`` (closed and out of sight) part by part, one part per turn of the event
    loop: its big parts first (``widget.parts()``: a project window's built pages and its
    preview), then what is left. Deleting the demo's project window with all its pages in one
    go took 31 ms, the large project's 44 ms (its readiness page alone 17 ms), all in one turn
    in which the next project's window could neither paint nor answer a key."""
    parts = list(getattr(widget, "parts", list)())

    def delete(part: QWidget) -> None:
        if isValid(part):
            part.deleteLater()

    warm_up([*(lambda part=part: delete(part) for part in parts), lambda: delete(widget)])


class MainWindow(QMainWindow):
    """The application window: a stack of the start page and the open project."""

    def __init__(
        self, store: Store, settings: Settings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings if settings is not None else Settings()
        self.project_id: str | None = None
        self.project_window: QWidget | None = None
        self.undo_group = QUndoGroup(self)

        self.stack = QStackedWidget()
        self.start_page = StartPage(store, self.settings)
        self.stack.addWidget(self.start_page)
        self.setCentralWidget(self.stack)
        self.start_page.sig_open_project.connect(self.open_project)
        self.start_page.sig_message.connect(self._show_message)
        # the first run: a project opened from the empty start page starts the guided tour once
        self.start_page.btn_empty_new.clicked.connect(self._offer_tour)
        self.start_page.btn_empty_example.clicked.connect(self._offer_tour)

        from kooperation.ui.project_file import ProjectFiles

        self.project_files = ProjectFiles(self)
        self._create_actions()
        self._create_menus()
        self.statusBar().setSizeGripEnabled(True)
        self._update_title()
        self._restore_geometry()

    # --- actions and menus --------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _create_actions(self) -> None:
        key = QKeySequence
        std = QKeySequence.StandardKey
        self.act_new = self._action(
            _("&Neues Projekt …"), self.new_project, key(std.New), _("Ein leeres Projekt anlegen")
        )
        self.act_open = self._action(
            _("Ö&ffnen …"), self.show_open, key(std.Open), _("Ein Projekt suchen und öffnen")
        )
        self.act_example = self._action(
            _("Beispiel&projekt anlegen"),
            self.start_page.create_example,
            tip=_("Ein ausgefülltes Beispielprojekt zum Ausprobieren anlegen"),
        )
        self.act_import = self._action(
            _("Projekt &importieren …"),
            self.import_project,
            tip=_("Ein Projekt aus einer JSON-Datei als Kopie übernehmen"),
        )
        self.act_share = self._action(
            _("Projekt &weitergeben …"),
            self.project_files.share,
            tip=_("Das Projekt mit Entwürfen und Kommentaren als Projektdatei für einen Partner speichern"),
        )
        self.act_take_over = self._action(
            _("Änderungen &übernehmen …"),
            lambda: self.project_files.take_over(),  # not triggered's "checked" as a path
            tip=_("Die Änderungen aus einer Projektdatei eines Partners mit diesem Projekt zusammenführen"),
        )
        self.act_open_card = self._action(
            _("Ste&ckbrief öffnen …"),
            lambda: self.open_card(),
            tip=_("Einen Steckbrief, den Sie zum Ausfüllen bekommen haben, in einem eigenen Fenster öffnen"),
        )
        self.act_print = self._action(
            _("Entwurf &drucken …"),
            lambda: self.share_draft("print_selected"),
            key(std.Print),
            _("Die auf der Seite Entwürfe gewählte Version drucken"),
        )
        self.act_print_preview = self._action(
            _("Druck&vorschau …"),
            lambda: self.share_draft("preview_selected"),
            tip=_("Die gewählte Version so zeigen, wie sie gedruckt wird"),
        )
        self.act_mail = self._action(
            _("Entwurf per E-&Mail senden …"),
            lambda: self.share_draft("mail_selected"),
            tip=_("Die gewählte Version als Word- und PDF-Datei in eine neue E-Mail legen"),
        )
        self.act_print_poster = self._action(
            _("Arbeitsplan-P&lakat drucken …"),
            self.print_poster,
            tip=_("Den Arbeitsplan als Plakat (A3) drucken"),
        )
        self.act_home = self._action(
            _("Zur &Startseite"),
            self.show_start_page,
            key("Alt+Home"),
            _("Das Projekt schließen und zur Projektliste zurückkehren"),
        )
        quit_keys = key.keyBindings(std.Quit) or [key("Ctrl+Q")]
        if key("Ctrl+Q") not in quit_keys:
            quit_keys.append(key("Ctrl+Q"))
        self.act_settings = self._action(
            _("&Einstellungen …"),
            self.show_settings,
            key(std.Preferences),
            _("Eigene Klauselbibliothek und Formatvorlage einer Kanzlei wählen"),
        )
        self.act_settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.act_quit = self._action(_("&Beenden"), self.close, quit_keys, _("Kooperation beenden"))
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)

        self.act_undo = self.undo_group.createUndoAction(self, _("&Rückgängig"))
        self.act_undo.setShortcuts([key(std.Undo)])
        self.act_redo = self.undo_group.createRedoAction(self, _("&Wiederholen"))
        self.act_redo.setShortcuts([key("Ctrl+Shift+Z"), key("Ctrl+Y")])
        self.act_find = self._action(
            _("&Suchen …"),
            self.find,
            key(std.Find),
            _("Im Projekt oder in der Projektliste suchen"),
        )

        self.act_workshop = self._action(
            _("&Workshop-Modus"),
            self.start_workshop,
            key("F11"),
            _("Den Arbeitsplan im Vollbild für den Beamer zeigen (Esc beendet)"),
        )
        self.act_poster = self._action(
            _("Arbeitsplan als &Plakat speichern (PDF) …"),
            self.save_poster,
            tip=_("Den Arbeitsplan als Plakat in A0 oder A3 speichern"),
        )

        self.act_help = self._action(
            _("&Handbuch"), self.show_help, key(std.HelpContents), _("Das Handbuch auf der Seite zur gezeigten Phase öffnen (F1)")
        )
        self.act_tour = self._action(
            _("&Rundgang"),
            self.start_tour,
            tip=_("Ein kurzer Rundgang durch das Projektfenster: Phasen, Vorschau, Hilfe, Entwürfe"),
        )
        self.act_about = self._action(_("Ü&ber Kooperation"), self.show_about)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu: QMenu = bar.addMenu(_("&Datei"))
        file_menu.addActions([self.act_new, self.act_open])
        file_menu.addSeparator()
        file_menu.addActions([self.act_example, self.act_import])
        file_menu.addSeparator()
        file_menu.addActions([self.act_share, self.act_take_over, self.act_open_card])
        file_menu.addSeparator()
        self.share_actions = [self.act_print, self.act_print_preview, self.act_mail, self.act_print_poster]
        file_menu.addActions(self.share_actions)
        file_menu.addSeparator()
        file_menu.addAction(self.act_home)
        file_menu.addSeparator()
        file_menu.addAction(self.act_settings)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = bar.addMenu(_("&Bearbeiten"))
        edit_menu.addActions([self.act_undo, self.act_redo])
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_find)
        project_menu = bar.addMenu(_("&Projekt"))
        project_menu.addActions([self.act_workshop, self.act_poster, self.act_print_poster])
        self.project_menu = project_menu
        self.act_workshop.setEnabled(False)
        self.act_poster.setEnabled(False)
        self.act_tour.setEnabled(False)
        help_menu = bar.addMenu(_("&Hilfe"))
        help_menu.addAction(self.act_help)
        help_menu.addAction(self.act_tour)
        help_menu.addSeparator()
        help_menu.addAction(self.act_about)
        self.file_menu, self.edit_menu, self.help_menu = file_menu, edit_menu, help_menu
        self.act_home.setEnabled(False)
        self.act_share.setEnabled(False)
        for action in self.share_actions:
            action.setEnabled(False)

    # --- opening and closing a project --------------------------------------------------------

    def open_project(self, project_id: str) -> None:
        """Show ``project_id`` in a project window (replacing any project that is open)."""
        if self.project_id == project_id and self.project_window is not None:
            self.stack.setCurrentWidget(self.project_window)
            return
        try:
            widget = self._create_project_window(project_id)
        except KooperationError as exc:
            show_error(self, str(exc))
            self.start_page.refresh()
            return
        self._close_project_window()
        self.project_id = project_id
        self.project_window = widget
        self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        for name in ("sig_closed",):
            signal = getattr(widget, name, None)
            if signal is not None:
                signal.connect(self.show_start_page)
        for name in ("sig_title_changed", "sig_changed"):
            signal = getattr(widget, name, None)
            if signal is not None:
                signal.connect(lambda *_args: self._update_title())
        self.act_home.setEnabled(True)
        # a project window still reading its project (`ProjectWindow.loaded`) will have a
        # session: its commands are on at once (used before the project came, they read it)
        loading = getattr(widget, "loaded", True) is False
        has_session = loading or getattr(widget, "session", None) is not None
        self.act_share.setEnabled(has_session)
        self.act_workshop.setEnabled(has_session)
        self.act_poster.setEnabled(has_session)
        self.act_tour.setEnabled(has_session)
        if loading:
            widget.sig_loaded.connect(lambda: self._project_loaded(widget))
            widget.sig_load_failed.connect(lambda message: self._project_failed(widget, message))
            # "Zuletzt geöffnet" is written to disk (15-30 ms): in a turn of its own, not in
            # the one that builds and paints the page
            widget.sig_loaded.connect(lambda: QTimer.singleShot(0, lambda: self._remember(widget)))
        else:
            self._project_loaded(widget)
            self.start_page.add_recent(project_id)
        for action in self.share_actions:
            action.setEnabled(has_session)
        self._update_title()

    def _remember(self, widget: QWidget) -> None:
        """Put the project of ``widget`` first in "Zuletzt geöffnet" if it is still open."""
        if widget is self.project_window and self.project_id is not None:
            self.start_page.add_recent(self.project_id)

    def _project_loaded(self, widget: QWidget) -> None:
        """The open project is there: Rückgängig and Wiederholen follow its undo stack."""
        if widget is not self.project_window:
            return
        stack = getattr(widget, "undo_stack", None)
        if stack is not None:
            self.undo_group.addStack(stack)
            self.undo_group.setActiveStack(stack)
        self._update_title()

    def _project_failed(self, widget: QWidget, message: str) -> None:
        """The project could not be read (deleted meanwhile): back to the list, and why."""
        if widget is not self.project_window:
            return
        self._close_project_window()
        self.show_start_page()
        show_error(self, message)

    def _create_project_window(self, project_id: str) -> QWidget:
        """The window of ``project_id``: drawn at once, the project read on a worker."""
        try:
            from kooperation.ui.project_window import ProjectWindow
        except ImportError:
            return self._placeholder(project_id)
        from kooperation.ui.input_guard import build_unguarded

        return build_unguarded(lambda: ProjectWindow(self.store, project_id, self, load_in_background=True))

    def _placeholder(self, project_id: str) -> QWidget:
        """Stands in for the project window while it does not exist yet."""
        project = self.store.load_project(project_id)
        page = QWidget()
        layout = QVBoxLayout(page)
        label = QLabel(
            _("Das Projekt „{name}“ ist geöffnet. Die Projektansicht ist noch in Arbeit.").format(
                name=project.name
            )
        )
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        back = QPushButton(_("Zur Startseite"))
        back.clicked.connect(self.show_start_page)
        layout.addStretch(1)
        layout.addWidget(label)
        layout.addWidget(back, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        page.title = project.name  # type: ignore[attr-defined]
        return page

    def _close_project_window(self) -> None:
        widget = self.project_window
        if widget is None:
            return
        stack = getattr(widget, "undo_stack", None) if getattr(widget, "loaded", True) else None
        if stack is not None:
            self.undo_group.removeStack(stack)
        widget.close()  # lets the project window finish its own work (preview, connections)
        self.stack.removeWidget(widget)
        delete_in_turns(widget)
        self.project_window = None
        self.project_id = None

    def _may_close_project(self) -> bool:
        """False if the open project has edits that a locked store did not take yet and the
        user chose to keep the project open."""
        confirm = getattr(self.project_window, "confirm_close", None)
        return confirm is None or confirm()

    def show_start_page(self) -> None:
        """Close the open project (everything is stored already) and show the project list."""
        if not self._may_close_project():
            return
        self._close_project_window()
        self.stack.setCurrentWidget(self.start_page)
        self.start_page.refresh()
        self.act_home.setEnabled(False)
        self.act_share.setEnabled(False)
        self.act_workshop.setEnabled(False)
        self.act_poster.setEnabled(False)
        self.act_tour.setEnabled(False)
        for action in self.share_actions:
            action.setEnabled(False)
        self._update_title()

    def current_title(self) -> str:
        widget = self.project_window
        if widget is None or getattr(widget, "loaded", True) is False:
            return ""  # the name comes with the project (`_project_loaded`)
        title = getattr(widget, "title", "")
        if callable(title):
            title = title()
        return str(title or "")

    def _update_title(self) -> None:
        title = self.current_title()
        self.setWindowTitle(f"{title} – {APP_TITLE}" if title else APP_TITLE)

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    # --- menu commands ------------------------------------------------------------------------

    def new_project(self) -> None:
        self.start_page.new_project()

    def show_open(self) -> None:
        """Ctrl+O: the project list with the cursor in its search field."""
        if self.project_window is not None:
            self.show_start_page()
        self.start_page.focus_search()

    def find(self) -> None:
        """Ctrl+F: search in the open project if it can, else in the project list."""
        widget = self.project_window
        for name in ("focus_search", "find"):
            handler = getattr(widget, name, None) if widget is not None else None
            if callable(handler):
                handler()
                return
        if widget is None:
            self.start_page.focus_search()

    def import_project(self) -> str | None:
        """Read a project file (JSON) and store it as a copy; then open it."""
        from kooperation.domain.serialize import MAX_IMPORT_BYTES, cleaned_note, read_document

        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Projekt importieren"),
            self.settings.last_import_dir,
            _("Kooperation-Projektdateien (*.json);;Alle Dateien (*)"),
        )
        if not path:
            return None
        try:
            if Path(path).stat().st_size > MAX_IMPORT_BYTES:
                show_error(self, _("Die Datei {path} ist zu groß für einen Import.").format(path=path))
                return None
            data = Path(path).read_bytes()
        except OSError as exc:
            show_error(
                self,
                _("Die Datei {path} konnte nicht gelesen werden ({reason}).").format(
                    path=path, reason=exc.strerror or exc
                ),
            )
            return None
        try:
            read = read_document(data)
            stored = self.store.import_project(read.project, read.drafts, mode="copy")
        except KooperationError as exc:
            show_error(self, str(exc))
            return None
        self.settings.last_import_dir = str(Path(path).parent)
        self.start_page.refresh(select_id=stored.id)
        self._show_message(
            " ".join(
                filter(None, [_("Projekt „{name}“ importiert.").format(name=stored.name),
                              cleaned_note(read.cleaned)])
            )
        )
        self.open_project(stored.id)
        return stored.id

    def open_file(self, path: str) -> None:
        """A file the system hands to the running app (macOS: a double click in the Finder):
        a partner card opens in its own window, a project file is shown for taking over."""
        from kooperation.steckbrief import SUFFIX as CARD_SUFFIX

        if path.endswith(CARD_SUFFIX):
            self.open_card(path)
        else:
            self.project_files.take_over(path)

    def open_file_later(self, path: str) -> None:
        """`open_file` once the current event is done (a file handed over by the system
        arrives within an event of the application)."""
        QTimer.singleShot(0, self, lambda: self.open_file(path))

    def open_card(self, path: str | None = None) -> QWidget | None:
        """Open a partner card (``path`` or one the user chooses) in its own window."""
        from kooperation.ui.card_window import open_card

        window = open_card(self, path)
        if window is not None:
            self.card_windows = [w for w in getattr(self, "card_windows", []) if w.isVisible()] + [window]
        return window

    def start_workshop(self) -> QWidget | None:
        """F11: the work plan of the open project full screen for the projector (Esc leaves)."""
        session = getattr(self.project_window, "session", None)
        if session is None:
            return None
        from kooperation.ui.workshop import open_workshop

        existing = getattr(self, "workshop_window", None)
        if existing is not None and existing.session is session:
            existing.showFullScreen()
            existing.activateWindow()
            return existing
        window = open_workshop(session, self)
        window.sig_closed.connect(lambda: setattr(self, "workshop_window", None))
        self.workshop_window = window
        return window

    def save_poster(self) -> None:
        """The work plan of the open project as a poster (PDF, A0 or A3)."""
        session = getattr(self.project_window, "session", None)
        if session is None:
            return
        from kooperation.ui.workshop import save_poster

        save_poster(self, session.project, self._show_message, self.settings)

    def start_tour(self):
        """Hilfe › Rundgang: the guided tour over the open project window (None without one)."""
        window = self.project_window
        if window is None or not hasattr(window, "nav"):
            return None
        from kooperation.ui.tour import start_tour

        self.settings.set(TOUR_SEEN, True)
        return start_tour(window)

    def _offer_tour(self) -> None:
        """After the first project was opened from the empty start page: the tour, once, as
        soon as the project is shown (a window still reading its project: once it is there)."""
        window = self.project_window
        if self.settings.get(TOUR_SEEN) or window is None:
            return

        def start() -> None:
            if window is self.project_window:
                self.start_tour()

        if getattr(window, "loaded", True) is False:
            window.sig_loaded.connect(lambda: QTimer.singleShot(0, start))
        else:
            after_first_paint(window, start)

    def help_topic(self) -> str:
        """Where the user is, as a topic of the manual: the page of the project window shown
        (``partners`` … ``drafts``, ``readiness`` …) or ``start``."""
        window = self.project_window
        if window is not None and self.stack.currentWidget() is window:
            current = getattr(window, "current_key", None)
            if callable(current):
                return current() or "start"
        return "start"
    def share_draft(self, what: str):
        """Ctrl+P and Datei › …: print, preview or mail the version selected on the drafts page
        (shown, so that the user sees which version and the outcome)."""
        window = self.project_window
        if getattr(window, "session", None) is None:
            return None
        window.select_phase("drafts")
        return getattr(window.pages["drafts"], what)()

    def print_poster(self):
        """The work plan poster (A3) to the printer."""
        session = getattr(self.project_window, "session", None)
        if session is None:
            return None
        from kooperation.ui.printing import print_poster

        return print_poster(self, session.project, self._show_message)

    def show_help(self) -> None:
        """F1: the manual, on the page for where the user is."""
        from kooperation.ui.help_window import show_manual

        show_manual(self, self.help_topic())

    def show_settings(self) -> None:
        from kooperation.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self, self.settings)
        dialog.exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            _("Über Kooperation"),
            "<p><b>Kooperation</b> {version}</p><p>{text}</p><p>{note}</p>".format(
                version=getattr(kooperation, "__version__", ""),
                text=_("Kooperationen gestalten: von den Partnern zum Vertragsentwurf, offline."),
                note=_("Die erzeugten Dokumente sind Entwürfe und ersetzen keine Rechtsberatung."),
            ),
        )

    # --- geometry -----------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.get(WINDOW_GEOMETRY)
        if geometry and self.restoreGeometry(QByteArray(geometry)):
            state = self.settings.get(WINDOW_STATE)
            if state:
                self.restoreState(QByteArray(state))
            return
        screen = QGuiApplication.primaryScreen()
        width, height = 1280, 800
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.9))
            height = min(height, int(available.height() * 0.9))
        self.resize(width, height)

    def save_geometry(self) -> None:
        self.settings.set(WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))
        self.settings.set(WINDOW_STATE, bytes(self.saveState().data()))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self._may_close_project():
            event.ignore()
            return
        self.save_geometry()
        self._close_project_window()
        super().closeEvent(event)
