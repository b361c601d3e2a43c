"""The window of one project: the phases, the page of the current phase, the live preview of the
agreement and a help panel that explains the field in focus."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QKeySequence, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from kooperation.domain.progress import PHASES, phase_progress
from kooperation.errors import KooperationError
from kooperation.i18n import _, ngettext
from kooperation.ui.first_paint import after_first_paint
from kooperation.ui.input_guard import build_unguarded, install_input_guard
from kooperation.ui.notice_bar import NoticeBar
from kooperation.ui.operations import Operation
from kooperation.ui.pages.base import Page, focusable, help_for, place_after
from kooperation.ui.preview import PreviewPanel, read_only_tab_stop
from kooperation.ui.project_load import LoadedProject, read_project, reads_on_worker
from kooperation.ui.session import Change, ProjectSession
from kooperation.ui.warm_up import warm_up

_TEXT_EDITORS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox)

# which page shows which kind of change (for bringing an undone edit into sight)
KIND_TO_PHASE = {
    "partners": "partners",
    "business_model": "business_model",
    "goals": "goals",
    "milestones": "goals",
    "decisions": "rules",
    "drafts": "drafts",
    "reviews": "living",
}

# the meeting pages, listed under their own heading below the phases
MEETING_PAGES = ("readiness", "factors", "form_guide", "board", "living")

# which meeting page shows which part of the assessment (`ProjectSession.edit_assessment`)
ASSESSMENT_PART_TO_PAGE = {
    "readiness": "readiness",
    "factors": "factors",
    "guide": "form_guide",
    "board": "board",
}

HEADER_ROLE = Qt.UserRole + 1
"""Marks the navigation row that heads the meeting pages (not selectable)."""


def phase_titles() -> dict[str, str]:
    return {
        "partners": _("1  Partner"),
        "business_model": _("2  Geschäftsmodell"),
        "goals": _("3  Ziele & Roadmap"),
        "rules": _("4  Form & Regeln"),
        "drafts": _("5  Entwürfe"),
    }


def meeting_titles() -> dict[str, str]:
    return {
        "readiness": _("Startklar?"),
        "factors": _("Erfolgsfaktoren"),
        "form_guide": _("Form finden"),
        "board": _("Vereinbart & offen"),
        "living": _("Lebendiger Vertrag"),
    }


def page_titles() -> dict[str, str]:
    """The navigation text of every page: the phases, then the meeting pages."""
    return {**phase_titles(), **meeting_titles()}


PAGE_CLASSES = {
    "partners": ("kooperation.ui.pages.partners", "PartnersPage"),
    "business_model": ("kooperation.ui.pages.business_model", "BusinessModelPage"),
    "goals": ("kooperation.ui.pages.goals", "GoalsPage"),
    "rules": ("kooperation.ui.pages.rules", "RulesPage"),
    "drafts": ("kooperation.ui.pages.drafts", "DraftsPage"),
    "readiness": ("kooperation.ui.pages.readiness", "ReadinessPage"),
    "factors": ("kooperation.ui.pages.factors", "FactorsPage"),
    "form_guide": ("kooperation.ui.pages.form_guide", "FormGuidePage"),
    "board": ("kooperation.ui.pages.board", "BoardPage"),
    "living": ("kooperation.ui.pages.living", "LivingAgreementPage"),
}
"""Each page's module and class: a page's module is imported when the page is first built."""


def _page_class(key: str) -> type[Page]:
    module, name = PAGE_CLASSES[key]
    return getattr(importlib.import_module(module), name)


def _page_factories(session: Callable[[], ProjectSession]) -> dict[str, Callable[[], Page]]:
    """How to build each page on the session ``session()``; `LazyPages` builds a page the first
    time it is needed."""
    return {key: (lambda key=key: _page_class(key)(session())) for key in PAGE_CLASSES}


IDLE_BUILD_FALLBACK_MS = 3000
"""When the preview does not come (it failed), the pages are built this long after the paint."""


class LazyPages(Mapping[str, Page]):
    """The pages of a project window by key, each built the first time it is asked for (shown,
    or reached by a link, a search result or an undo): opening a project builds the page shown,
    not all ten. A page built late reads the project as it is then, so nothing is missed.
    ``key in pages`` never builds a page; ``pages[key]`` and iterating the values do."""

    def __init__(
        self,
        factories: dict[str, Callable[[], Page]],
        on_built: Callable[[str, Page], None],
    ) -> None:
        self._factories = factories
        self._built: dict[str, Page] = {}
        self._on_built = on_built

    def __getitem__(self, key: str) -> Page:
        page = self._built.get(key)
        if page is None:
            page = build_unguarded(self._factories[key])
            self._built[key] = page
            self._on_built(key, page)
        return page

    def __contains__(self, key: object) -> bool:
        return key in self._factories

    def __iter__(self) -> Iterator[str]:
        return iter(self._factories)

    def __len__(self) -> int:
        return len(self._factories)

    def built(self) -> dict[str, Page]:
        """The pages built so far, by key."""
        return dict(self._built)


class _RoomyDelegate(QStyledItemDelegate):
    """List rows with 7 pixels of room above and below the text: easy to hit and to read on a
    projector. A group heading (`HEADER_ROLE`) is drawn bold under a thin line, in the text
    colour of the moment (it is disabled, and Qt would grey it out)."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt API
        hint = super().sizeHint(option, index)
        extra = 24 if index.data(HEADER_ROLE) else 14
        return QSize(hint.width(), hint.height() + extra)

    def paint(self, painter, option, index) -> None:
        if not index.data(HEADER_ROLE):
            super().paint(painter, option, index)
            return
        painter.save()
        palette = option.palette
        rect = option.rect
        text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
        line = QColor(text)
        line.setAlpha(70)
        painter.setPen(QPen(line, 1))
        painter.drawLine(rect.left() + 6, rect.top() + 8, rect.right() - 6, rect.top() + 8)
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text)
        painter.drawText(rect.adjusted(8, 12, -6, 0), int(Qt.AlignLeft | Qt.AlignVCenter), str(index.data(Qt.DisplayRole)))
        painter.restore()


class HelpPanel(QTextBrowser):
    """Plain-language explanation of the field or clause in focus; for a clause (or a topic)
    with an individually agreed wording also what applies, with the actions to edit it or go
    back to the library text."""

    def __init__(self, session: ProjectSession | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setAccessibleName(_("Hilfe"))
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._link)
        read_only_tab_stop(self)
        self._shown: tuple[str, str, str | None] = ("", "", None)
        self.show_help(_("Hilfe"), _("Setzen Sie den Cursor in ein Feld: Hier erscheint, was es bedeutet und wo es im Vertrag steht."))

    def show_help(self, title: str, text: str, clause: str | None = None) -> None:
        from html import escape

        self._shown = (title, text, clause)
        page = f"<h3>{escape(title)}</h3><p>{escape(text)}</p>"
        if clause and self.session is not None and self.session.project.wordings:
            from kooperation.ui.wording_view import info_html, project_wordings

            infos = [i for i in project_wordings(self.session.project).values() if clause in (i.clause_id, i.topic)]
            page += "".join("<hr/>" + info_html(i, links=True) for i in infos)
        self.setHtml(page)

    def refresh(self) -> None:
        """Show the same help again (an agreed wording may have changed)."""
        self.show_help(*self._shown)

    def _link(self, url) -> None:
        kind, _sep, clause_id = url.toString().removeprefix("wording:").partition(":")
        if self.session is None or not clause_id:
            return
        if kind == "revert":
            self.session.set_wording(clause_id, None)
        elif kind == "edit":
            from kooperation.ui.wording_view import ask_wording

            new, message = ask_wording(self.session.project, clause_id, "", self)
            if message:
                self.session.sig_error.emit(message)
            elif new is not None:
                self.session.set_wording(clause_id, new)


class ProjectWindow(QWidget):
    """The window of one project. With ``load_in_background`` (as `MainWindow.open_project`
    opens it) the frame is shown at once and the project read on a worker
    (`kooperation.ui.project_load`); ``loaded`` says whether it is there, ``sig_loaded`` when it
    comes. ``session`` and ``pages`` are always usable: asked for before the project arrived,
    they read it at once."""

    sig_closed = Signal()
    """Emitted when the user goes back to the start page."""

    sig_title_changed = Signal(str)
    """Emitted with the project's name whenever it changes."""

    sig_loaded = Signal()
    """Emitted once the project has been read and its page is shown."""

    sig_load_failed = Signal(str)
    """Emitted with a message in plain words when the project could not be read (it was deleted
    meanwhile, the store failed); the window stays empty."""

    def __init__(
        self, store, project_id: str, parent: QWidget | None = None, *, load_in_background: bool = False
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._project_id = project_id
        self._session: ProjectSession | None = None
        self.closing = False
        self._pages = LazyPages(_page_factories(lambda: self.session), self._page_built)
        self._draft_count = 0

        self.nav = QListWidget()
        self.nav.setAccessibleName(_("Phasen"))
        self.nav.setMinimumWidth(230)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.nav.setTextElideMode(Qt.ElideRight)
        # font and room by code, not a style sheet: a style sheet would keep the colours of the
        # moment it was applied when the system switches between light and dark
        nav_font = QFont(self.nav.font())
        nav_font.setPointSizeF(11)
        self.nav.setFont(nav_font)
        self.nav.setItemDelegate(_RoomyDelegate(self.nav))
        titles = page_titles()
        self.stack = QStackedWidget()
        self._rows: dict[str, int] = {}
        for key in (*PHASES, None, *MEETING_PAGES):
            if key is None:  # the heading of the meeting pages: shown, never selected
                item = QListWidgetItem(_("Im Treffen"))
                item.setData(HEADER_ROLE, True)
                item.setFlags(Qt.NoItemFlags)
                item.setToolTip(_("Prüfungen und Übersichten für das Treffen der Partner"))
                self.nav.addItem(item)
                self._header_row = self.nav.count() - 1
                continue
            item = QListWidgetItem(titles[key])
            item.setData(Qt.UserRole, key)
            self.nav.addItem(item)
            self._rows[key] = self.nav.count() - 1
        self._current_row = 0
        self.nav.currentRowChanged.connect(self._row_changed)
        self._focus_timer = QTimer(self, singleShot=True, interval=0)
        self._focus_timer.timeout.connect(self._focus_after_show)
        # a page chosen with the mouse or Enter takes the focus; the arrow keys stay in the list
        self.nav.clicked.connect(lambda _index: self.focus_page())
        self.nav.activated.connect(lambda _index: self.focus_page())
        self.back_button = back = QPushButton(_("← Startseite"))
        back.clicked.connect(self.sig_closed.emit)
        self.name_label = QLabel()
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(back)
        left_layout.addWidget(self.name_label)
        left_layout.addWidget(self.nav, 1)
        self.progress_hint = QLabel()
        self.progress_hint.setWordWrap(True)
        self.progress_hint.setObjectName("progressHint")
        left_layout.addWidget(self.progress_hint)

        # messages stay until read: a refused edit, a change made elsewhere, edits waiting
        self.message = NoticeBar()
        self.message.setObjectName("errorMessage")
        self.pending_bar = NoticeBar()
        self.pending_bar.setObjectName("pendingMessage")
        self.pending_bar.close_button.hide()  # it goes by itself once everything is stored
        center = QWidget()
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.addWidget(self.pending_bar)
        center_layout.addWidget(self.message)
        center_layout.addWidget(self.stack, 1)

        self.preview = PreviewPanel()
        self.help = HelpPanel()
        right = QSplitter(Qt.Vertical)
        right.addWidget(self.preview)
        right.addWidget(self.help)
        right.setStretchFactor(0, 4)
        right.setStretchFactor(1, 1)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(center)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([240, 640, 460])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

        self._say_if_read_only(store)
        QApplication.instance().focusChanged.connect(self._on_focus)
        self._guard = install_input_guard(QApplication.instance())
        self._guard.add_key_handler(self._undo_key)
        self._tab_anchor = self.message.close_button  # pages built from now on follow it
        self._idle_build_started = False
        self._focus_waits = False
        with QSignalBlocker(self.nav):  # the first page is shown once the project is there
            self.nav.setCurrentRow(0)
        if load_in_background and reads_on_worker(store):
            self._show_loading()
            # read once the frame is on screen: a worker holding the interpreter meanwhile
            # would slow down its painting
            after_first_paint(self, self._start_loading)
        else:
            self._loaded(read_project(None, store, project_id))

    # --- loading --------------------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        """Whether the project has been read (the session exists; read on the worker, its page
        is shown two turns of the event loop later, then ``sig_loaded`` is emitted)."""
        return self._session is not None

    @property
    def session(self) -> ProjectSession:
        """The open project; asked for while it is being read on the worker, it is read here at
        once (raises the store's `KooperationError` if that fails)."""
        if self._session is None and not self.closing:
            self._loaded(read_project(None, self._store, self._project_id))
        return self._session  # type: ignore[return-value]

    @property
    def pages(self) -> LazyPages:
        """The pages by key (see `LazyPages`); the project is read first if it is not there yet."""
        if self._session is None:
            _read = self.session  # noqa: F841 - reads the project now
        return self._pages

    def _show_loading(self) -> None:
        """What the window shows while the project is read: the phases and a short note."""
        self._loading = QLabel(_("Projekt wird geladen …"))
        self._loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self._loading)
        self.preview.status.setText(_("wird aktualisiert …"))

    def _start_loading(self) -> None:
        if self._session is not None or self.closing or not isValid(self):
            return
        Operation(self, read_project, self._store, self._project_id) \
            .on_success(lambda loaded: self._loaded(loaded, at_once=False)) \
            .on_failure(self._load_failed) \
            .run()

    def _loaded(self, loaded: LoadedProject, at_once: bool = True) -> None:
        """The project has been read: its session, the page of the selected phase, the marks of
        progress, the preview; the other pages follow in idle moments. Not ``at_once`` (read on
        the worker): the page is built in a turn of the event loop of its own and shown in the
        next, so that no turn takes long. (A result that comes after the window was closed, or
        after the project was read here at once, is dropped.)"""
        if self._session is not None or self.closing or not isValid(self):
            return
        session = ProjectSession(self._store, self._project_id, self, poll=True,
                                 loaded=(loaded.project, loaded.revision))
        self._session = session
        self._draft_count = loaded.draft_count
        self.help.session = session
        session.sig_changed.connect(self._on_changed)
        session.sig_error.connect(self.show_message)
        session.sig_external.connect(self.show_info)
        session.sig_notice.connect(self.show_info)
        session.sig_pending.connect(self.show_pending)
        self._update_title()
        if at_once:
            self.preview.set_project(session.project)
            self._show_first_page()
            return

        def build() -> None:
            if not self.closing and isValid(self):
                key = self.nav.item(self.nav.currentRow()).data(Qt.UserRole)
                if key in self._pages:
                    self._pages[key]
                QTimer.singleShot(0, show)

        def show() -> None:
            if not self.closing and isValid(self):
                self._show_first_page()
                # the preview is built on a worker once the page is on screen: built meanwhile,
                # it kept the interpreter from the page's build and first paint (demo: 100 to
                # 220 ms without a paint instead of 30)
                page = self.stack.currentWidget()
                if self.isVisible() and page is not None:
                    after_first_paint(page, start_preview)
                else:
                    start_preview()

        def start_preview() -> None:
            if not self.closing and isValid(self):
                self.preview.set_project(session.project)

        QTimer.singleShot(0, build)

    def _show_first_page(self) -> None:
        """The page of the selected phase (built if need be) shown; the focus there if it waited
        on the phases; the other pages built in idle moments from now on."""
        self._row_changed(self.nav.currentRow())  # shows its page and the progress marks
        if getattr(self, "_loading", None) is not None:
            # the note stays in the stack, out of sight (deleting it here made Qt for Python
            # take the main window's Rückgängig action for deleted as well)
            self._loading = None
            if self._focus_waits and self.isVisible() and self.window().focusWidget() is self.nav:
                self.focus_page()
        # the other pages are built in the idle moments once the window and its preview are on
        # screen (while the preview is built on its worker, both would run at half speed), one
        # short step per turn of the event loop, so that choosing a page only has to paint it
        self.preview.sig_updated.connect(self._start_idle_build)
        after_first_paint(self, lambda: QTimer.singleShot(IDLE_BUILD_FALLBACK_MS, self._start_idle_build))
        self.sig_loaded.emit()

    def _load_failed(self, message: str) -> None:
        if not self.closing and isValid(self):
            self.sig_load_failed.emit(message)

    def _start_idle_build(self) -> None:
        if self._idle_build_started or self.closing or not isValid(self):
            return
        self._idle_build_started = True
        self.preview.sig_updated.disconnect(self._start_idle_build)
        # once Qt has laid the preview out to its end: its steps and a page's build in one turn
        # of the event loop kept the window still for both (large project: 66 ms)
        self.preview.after_layout(lambda: warm_up(self._build_steps()))

    def _build_steps(self) -> list[Callable[[], object]]:
        """Build each page not built yet (a step does nothing once the window is gone)."""

        def build(key: str) -> None:
            if isValid(self) and not self.closing:
                self._pages[key]

        steps: list[Callable[[], object]] = []
        for key in self._pages:
            if key not in self._pages.built():  # its module, then the page: two short steps
                steps += [lambda key=key: _page_class(key), lambda key=key: build(key)]
        return steps

    def _page_built(self, _key: str, page: Page) -> None:
        """A page was built: into the stack, its links connected, its fields in the Tab order
        after the notices above the pages (where they would have been had it been built with
        the window)."""
        self.stack.addWidget(page)
        if hasattr(page, "sig_topic_requested"):
            page.sig_topic_requested.connect(self.show_topic)
        if hasattr(page, "sig_page_requested"):
            page.sig_page_requested.connect(self.select_phase)
        if getattr(self, "_tab_anchor", None) is not None:
            place_after(self._tab_anchor, page)

    # --- properties the main window uses ------------------------------------------------------
    def parts(self) -> list[QWidget]:
        """The big parts of the window - the pages built so far and the preview - which the
        main window deletes one per turn of the event loop once the window is closed
        (`kooperation.ui.main_window.delete_in_turns`)."""
        return [*self._pages.built().values(), self.preview]

    @property
    def undo_stack(self):
        return self.session.undo_stack

    @property
    def title(self) -> str:
        """The project's name (read at once if it is still being read, as ``session``)."""
        return self.session.project.name

    # --- reactions ------------------------------------------------------------------------------
    def _on_changed(self, change: Change) -> None:
        if change.kind == "drafts":
            self._draft_count = len(self.session.store.list_drafts(self.session.project.id))
        if change.kind == "project" and change.field in (None, "name"):
            self._update_title()
        if self.session.replaying:
            self.show_phase_of(change)
        self._update_progress()
        if change.kind != "drafts":
            self.preview.set_project(self.session.project)
        if change.kind in ("wordings", "decisions"):
            self.help.refresh()

    def show_phase_of(self, change: Change) -> None:
        """Bring the page (and entity) of ``change`` into sight, e.g. after an undo."""
        phase = KIND_TO_PHASE.get(change.kind)
        if phase is None and change.kind == "project" and change.field in ("form", "form_status"):
            phase = "rules"
        if phase is None and change.kind == "assessment":
            phase = ASSESSMENT_PART_TO_PAGE.get(change.field or "")
        if phase is None:
            return
        self.select_phase(phase)
        if change.ids:
            self.pages[phase].focus_entity(change.kind, change.ids[0])

    def current_page(self) -> str:
        """The key of the page shown (a phase or a meeting page; "" while the project is read)."""
        current = self.stack.currentWidget()
        return next((key for key, page in self._pages.built().items() if page is current), "")

    def show_topic(self, topic_id: str) -> None:
        """Open a rule topic on the rules page (a hint's or the board's "Zum Thema")."""
        self.select_phase("rules")
        self.pages["rules"].focus_entity("decisions", topic_id)

    def _row_changed(self, row: int) -> None:
        """Show the page of the selected row; the meeting heading passes the selection on to
        its neighbour in the direction of travel."""
        if row == self._header_row:
            self.nav.setCurrentRow(row + 1 if self._current_row < row else row - 1)
            return
        self._current_row = row
        if self._session is None:  # being read: its page is shown once the project is there
            self._focus_waits = False  # moving in the phases with the arrow keys keeps the focus there
            return
        key = self.nav.item(row).data(Qt.UserRole) if row >= 0 else None
        if key in self._pages:
            self.stack.setCurrentWidget(self._pages[key])
        self._update_progress()

    def _update_title(self) -> None:
        self.name_label.setText(self.session.project.name or _("(ohne Namen)"))
        self.sig_title_changed.emit(self.session.project.name)

    def _update_progress(self) -> None:
        progress = phase_progress(self.session.project, self._draft_count)
        titles = phase_titles()
        for row, phase in enumerate(PHASES):
            state = progress[phase]
            item = self.nav.item(row)
            if state.complete:
                text = f"✓ {titles[phase]}"
            elif state.open_count:
                text = _("{title}  ({n} offen)").format(title=titles[phase], n=state.open_count)
            else:
                text = titles[phase]
            item.setText(text)
            item.setToolTip("\n".join(state.hints) or _("Alles erledigt."))
        current = self.current_page()
        hints = progress[current].hints if current in progress else []
        self.progress_hint.setText("\n".join(f"• {h}" for h in hints[:4]) + ("\n…" if len(hints) > 4 else ""))

    def _on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or not self.isAncestorOf(new):
            return
        found = help_for(new)
        if found is None:
            return
        title, text, clause = found
        self.help.show_help(title, text, clause)
        if clause:
            self.preview.set_highlight(clause)

    def show_message(self, message: str) -> None:
        """A problem in plain words, shown above the page until the user closes it."""
        self.message.show_notice(message, "error")

    def show_info(self, message: str) -> None:
        """A note that needs no action: a change made elsewhere (the pages show it already), or
        characters removed from an entry."""
        if self.message.kind != "error":  # an unread error stays in sight
            self.message.show_notice(message, "info")

    def show_pending(self, count: int) -> None:
        """Edits wait for a store locked by another program (0: all stored now)."""
        if count:
            self.pending_bar.show_notice(
                ngettext(
                    "{count} Änderung ist noch nicht gespeichert: die Datenbank ist gerade von "
                    "einem anderen Programm gesperrt. Sie wird gespeichert, sobald sie frei ist.",
                    "{count} Änderungen sind noch nicht gespeichert: die Datenbank ist gerade von "
                    "einem anderen Programm gesperrt. Sie werden gespeichert, sobald sie frei ist.",
                    count,
                ).format(count=count),
                "pending",
            )
        else:
            self.pending_bar.hide()

    def _say_if_read_only(self, store) -> None:
        """A store that can only be read says so at once, not at the first keystroke."""
        try:
            store.check_writable()
        except KooperationError as exc:
            self.message.show_notice(str(exc), "error")

    def confirm_close(self) -> bool:
        """Whether the project may close now: waiting edits are stored first; if the store is
        still locked, the user decides (nothing typed is dropped without asking)."""
        if self._session is None or not self.session.pending or self.session.flush_pending():
            return True
        answer = QMessageBox.warning(
            self,
            _("Änderungen nicht gespeichert"),
            ngettext(
                "{count} Änderung konnte noch nicht gespeichert werden, weil die Datenbank von "
                "einem anderen Programm gesperrt ist. Wenn Sie das Projekt jetzt schließen, geht "
                "sie verloren. Trotzdem schließen?",
                "{count} Änderungen konnten noch nicht gespeichert werden, weil die Datenbank von "
                "einem anderen Programm gesperrt ist. Wenn Sie das Projekt jetzt schließen, gehen "
                "sie verloren. Trotzdem schließen?",
                self.session.pending,
            ).format(count=self.session.pending),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def select_phase(self, phase: str) -> None:
        """Show a phase or a meeting page by its key (``partners`` … ``drafts``, ``readiness`` …);
        the keyboard focus goes to its first field unless it is in the page already."""
        self.nav.setCurrentRow(self._rows[phase])
        if not self.pages[phase].isAncestorOf(QApplication.focusWidget()):
            self.focus_page()

    def current_key(self) -> str | None:
        """The key of the page shown (``partners`` … ``drafts``, ``readiness`` …)."""
        row = self.nav.currentRow()
        return next((key for key, at in self._rows.items() if at == row), None)

    def focus_page(self) -> None:
        """Put the keyboard focus on the first field of the page shown (never on "← Startseite",
        where a Space would leave the project); while the project is read, on the phases."""
        page = self.stack.currentWidget()
        if self._session is None:
            self.nav.setFocus(Qt.FocusReason.OtherFocusReason)
            self._focus_waits = True  # for the page: `_show_first_page` hands it on
            return
        for widget in focusable(page):
            if widget.isVisibleTo(page) and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Opened (or shown again from the start page): the focus goes to the page, once the
        start page has handed it on."""
        super().showEvent(event)
        if not event.spontaneous():
            self._focus_timer.start()

    def _focus_after_show(self) -> None:
        focus = self.window().focusWidget()  # also while the window is not active yet
        stray = focus is None or focus is self.back_button or not self.isAncestorOf(focus)
        if self.isVisible() and stray:
            self.focus_page()

    def _undo_key(self, watched: QObject, event: QKeyEvent) -> bool:
        """Ctrl+Z / Ctrl+Shift+Z in a text field undo the project's last edit, not the field's
        own typing: every keystroke is already stored, so there is one undo history. (Every key
        event of the application comes here first: a `KeyHandler` of the input guard.)"""
        kind = event.type()
        if kind not in (QEvent.ShortcutOverride, QEvent.KeyPress) or not isValid(self):
            return False
        if not isinstance(watched, _TEXT_EDITORS) or not self.isAncestorOf(watched):
            return False
        undo = event.matches(QKeySequence.Undo)
        redo = event.matches(QKeySequence.Redo) or (
            event.key() == Qt.Key_Y and event.modifiers() == Qt.ControlModifier
        )
        if not (undo or redo):
            return False
        if kind == QEvent.ShortcutOverride:
            event.accept()  # keep the menu shortcut from firing as well; the key press follows
            return True
        self.session.end_merge()
        (self.undo_stack.undo if undo else self.undo_stack.redo)()
        return True

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.closing = True  # pages not built yet stay unbuilt, a project still being read too
        if self._session is not None:
            self._session.close()
        self._guard.remove_key_handler(self._undo_key)
        QApplication.instance().focusChanged.disconnect(self._on_focus)
        self.preview.wait_idle()
        super().closeEvent(event)
