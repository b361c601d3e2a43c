"""The live preview of the agreement beside the pages.

A worker thread prepares the preview from a copy of the project as plain Python data: the
document model and its HTML in pieces (one per clause, annex, cover part ...; see
``render_html_pieces``). It starts as soon as the project changes, one state at a time: while it
works on one state, newer ones wait and only the newest is prepared next. The worker makes no
Qt object at all (a Qt object made on one thread and handed to another has to be moved with
``moveToThread``, which deadlocked against a widget being destroyed on the GUI thread).

What the user sees waits until typing pauses (a short single-shot timer, the debounce); then
the newest prepared state is shown at once, or as soon as it is ready. Showing it reads only the
pieces whose HTML changed, on the GUI thread, and replaces them in the one shown
``QTextDocument`` (``ui/preview_document.py``): Qt lays out only those again, and the reader's
place stays. What changed far below the view is replaced afterwards, a slice at a time. The first
state, and one of which less than half is shown already (another kind of document, a new
palette), is put together in a new document in slices of at most ``SLICE_MS`` each and swapped in
when it is complete, so the GUI thread never stands still for the whole agreement.

Each prepared state carries the number of the change it belongs to; one overtaken by a newer
change is dropped. An update whose HTML equals the shown one changes nothing. The scroll position
is kept, and the clause that belongs to the field in focus is highlighted and scrolled into view.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QFont, QTextDocument, QTextOption
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget
from shiboken6 import isValid

from kooperation.domain.model import Project
from kooperation.domain.versions import DRAFT_KINDS, kind_title
from kooperation.drafting.docmodel import Document
from kooperation.i18n import _
from kooperation.render.html import HTML_HEAD, HTML_TAIL
from kooperation.ui.fonts import register_document_fonts
from kooperation.ui.memory import hand_back_freed_memory
from kooperation.ui.palette import follow_palette
from kooperation.ui.preview_document import (
    Assembly,
    Piece,
    ReadPiece,
    is_large,
    next_run,
    patch,
    read_piece,
    same_html,
)

log = logging.getLogger(__name__)
DEBOUNCE_MS = 250
SLICE_MS = 20
"""The longest the GUI thread works on the preview before the event loop gets a turn (when
the document is built anew or changed far below the view)."""
LAYOUT_QUIET_MS = 120
"""Qt lays a shown document out to its end in steps 10 ms apart; this long without a new size,
it is done (`PreviewPanel.after_layout`)."""


def build_preview_pieces(project: Project, kind: str, highlight: str | None
                         ) -> tuple[list[str], dict[str, str]]:
    """The draft's HTML in pieces and a map from rule topics to their first clause (runs in
    the worker: plain strings only)."""
    from kooperation.drafting.languages import primary_language
    from kooperation.drafts import build_document
    from kooperation.render.html import render_html_pieces

    # in the project's document language (a bilingual project: its prevailing language)
    doc: Document = build_document(project, kind, primary_language(project.language))
    topics: dict[str, str] = {}
    for clause in doc.clauses():
        if clause.topic:
            topics.setdefault(clause.topic, clause.id)
    target = topics.get(highlight, highlight) if highlight else None
    return [html for _key, html in render_html_pieces(doc, highlight_clause=target)], topics


def build_preview(project: Project, kind: str, highlight: str | None) -> tuple[str, dict[str, str]]:
    """HTML of the draft and a map from rule topics to their first clause."""
    pieces, topics = build_preview_pieces(project, kind, highlight)
    return HTML_HEAD + "".join(pieces) + HTML_TAIL, topics


class DocumentSetup:
    """What the browser's own document is set up with (font, wrapping, margin), so that a
    document made of the same HTML is the same document."""

    def __init__(self, browser: QTextBrowser) -> None:
        own = browser.document()
        self.font = QFont(own.defaultFont())
        self.option = QTextOption(own.defaultTextOption())
        self.margin = own.documentMargin()

    def empty(self) -> QTextDocument:
        """A new empty document set up like the browser's."""
        document = QTextDocument()
        document.setDefaultFont(self.font)
        document.setDefaultTextOption(self.option)
        document.setDocumentMargin(self.margin)
        return document

    def read(self, html: str) -> ReadPiece:
        """One piece of HTML read (on the GUI thread)."""
        return read_piece(html, self.empty)


class Prepared:
    """One state of the project made ready on the worker: plain strings, no Qt objects."""

    def __init__(self, pieces: list[str], topics: dict[str, str]) -> None:
        self.pieces, self.topics = pieces, topics


class _Signals(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)


class _Job(QRunnable):
    """Prepares one state of the project (a copy of it, owned by the job)."""

    def __init__(self, change: int, project: Project, kind: str, highlight: str | None,
                 signals: _Signals) -> None:
        super().__init__()
        self.change, self.project, self.kind, self.highlight = change, project, kind, highlight
        self.signals = signals

    def run(self) -> None:
        try:
            pieces, topics = build_preview_pieces(self.project, self.kind, self.highlight)
        except Exception as exc:  # shown in the panel, never raised into Qt
            log.exception("preview failed")
            self.signals.failed.emit(self.change, str(exc) or exc.__class__.__name__)
            return
        self.signals.done.emit(self.change, Prepared(pieces, topics))


def read_only_tab_stop(browser: QTextBrowser) -> None:
    """One Tab stop for a read-only text: reachable to read and scroll (arrows, Page Down) and
    to select text, but Tab and Shift+Tab leave it at once instead of walking through every link
    of the document (which would make it a trap at the end of the focus chain)."""
    browser.setTabChangesFocus(True)
    browser.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
        | Qt.TextInteractionFlag.LinksAccessibleByMouse
    )


class PreviewPanel(QWidget):
    sig_updated = Signal()
    """Emitted when the view shows a new state of the project (what lies far below the view may
    still follow; the status line is empty once everything is in)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._highlight: str | None = None
        self._change = 0  # counts the changes (project, highlight, kind)
        self._working = False  # the worker prepares a state
        self._ready: Prepared | None = None  # the newest change, prepared, not shown yet
        self._topics: dict[str, str] = {}
        self._pieces: list[str] = []  # the HTML pieces of the state shown (or being put in)
        self._shown: list[Piece] = []  # what the browser's document is made of now
        self._assembly: Assembly | None = None  # a whole new document, built in slices
        # pieces of ``_pieces`` read in one slice, inserted in the next (by their HTML: emptied
        # when the pieces change, each taken out when it is inserted)
        self._read_ahead: dict[str, ReadPiece] = {}
        self._steps = QTimer(self, singleShot=True, interval=0)  # the next slice of work
        self._steps.timeout.connect(self._step)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.done.connect(self._done, Qt.QueuedConnection)
        self._signals.failed.connect(self._fail, Qt.QueuedConnection)
        # the debounce: while it runs, the user is typing and the preview waits
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._due)

        self.kind = QComboBox()
        for kind in DRAFT_KINDS:
            self.kind.addItem(kind_title(kind), kind)
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh(immediately=True))
        self.kind.setAccessibleName(_("Dokument der Vorschau"))
        self.status = QLabel()
        self.status.setObjectName("previewStatus")
        head = QHBoxLayout()
        title = QLabel(_("Vorschau"))
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.status)
        head.addWidget(self.kind)
        register_document_fonts()
        self.browser = QTextBrowser()
        # lines break between words only: a table column too narrow for its longest word or
        # date grows instead of splitting it ("Wirtsch|aft", "01.03.20|27")
        self.browser.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(lambda url: self.browser.scrollToAnchor(url.fragment()))
        self.browser.setAccessibleName(_("Vorschau des Entwurfs"))
        read_only_tab_stop(self.browser)
        # links get their colour when the HTML is read: read it again when the palette changes
        follow_palette(self.browser, lambda _browser: self._reread())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.browser, 1)

    @property
    def _html(self) -> str:
        """The whole HTML of the state shown (or being put in)."""
        return HTML_HEAD + "".join(self._pieces) + HTML_TAIL if self._pieces else ""

    # --- API ------------------------------------------------------------------------------
    def set_project(self, project: Project) -> None:
        """A new state of the project: prepared at once, shown once typing pauses."""
        self._project = project
        self.refresh()

    def set_highlight(self, clause_or_topic: str | None) -> None:
        if clause_or_topic == self._highlight:
            return
        self._highlight = clause_or_topic
        self.refresh(immediately=True)

    def refresh(self, immediately: bool = False) -> None:
        if self._project is None:
            return
        self._change += 1
        self._ready = None
        self.status.setText(_("wird aktualisiert …"))
        self._timer.start(0 if immediately else DEBOUNCE_MS)
        self._prepare()

    def wait_idle(self, msecs: int = 5000) -> bool:
        """For tests and screenshots: end the debounce, let the worker finish and put in what
        is left to put in (a result still on its way is shown when the event loop delivers it)."""
        if self._timer.isActive():
            self._timer.stop()
            self._due()
        idle = self._pool.waitForDone(msecs)
        self._steps.stop()
        while self._working_on_document():
            self._step(budget_ms=None)
        return idle

    def after_layout(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once Qt has laid the shown document out to its end. After a long
        document is shown, Qt lays out the rest in steps on a timer, each step twice as long as
        the one before (the last ones 15-30 ms for the 90-page network agreement); work started
        meanwhile shared their turns of the event loop, and the window stood still for both.
        The end is when the layout has reported no new size for `LAYOUT_QUIET_MS` (a short
        document: at once plus that)."""
        quiet = QTimer(self, singleShot=True, interval=LAYOUT_QUIET_MS)
        layout = self.browser.document().documentLayout()
        layout.documentSizeChanged.connect(quiet.start)

        def done() -> None:
            if isValid(layout):
                layout.documentSizeChanged.disconnect(quiet.start)
            quiet.deleteLater()
            callback()

        quiet.timeout.connect(done)
        quiet.start()

    # --- internals ------------------------------------------------------------------------
    def _prepare(self) -> None:
        """Start the worker on the newest state unless it is busy (then it starts again with
        the newest state when it is done)."""
        if self._working or self._project is None:
            return
        self._working = True
        self._pool.start(_Job(self._change, copy.deepcopy(self._project), self.kind.currentData(),
                              self._highlight, self._signals))

    def _done(self, change: int, prepared: Prepared) -> None:
        self._working = False
        if change != self._change:
            self._prepare()  # overtaken by a newer change
            return
        self._ready = prepared
        if not self._timer.isActive():
            self._due()

    def _due(self) -> None:
        """The debounce is over: show the newest state if it is ready (else when it is)."""
        if self._ready is not None:
            prepared, self._ready = self._ready, None
            self._show(prepared)

    def _target(self) -> str | None:
        return self._topics.get(self._highlight, self._highlight) if self._highlight else None

    def _show(self, prepared: Prepared) -> None:
        self._topics = prepared.topics
        if prepared.pieces == self._pieces:
            self.sig_updated.emit()
            self._finished()
            return
        self._pieces = prepared.pieces
        self._read_ahead.clear()
        shown = {piece.html for piece in self._shown}
        if self._assembly is None and 2 * sum(html in shown for html in self._pieces) >= len(self._pieces):
            self._patch_view()
        else:
            self._assemble()

    def _patch_view(self) -> None:
        """Replace the changed pieces from the top to a screen below the view, where the reader
        was (or will be: at the highlighted clause); the rest follows in slices."""
        target = self._target()
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        if target:
            self.browser.scrollToAnchor(target)  # the old document shows where it will be
        view = self.browser.viewport()
        below = self.browser.cursorForPosition(QPoint(0, 2 * view.height())).position()
        bar.setValue(position)
        setup = DocumentSetup(self.browser)
        self._shown = patch(self.browser.document(), self._shown, self._pieces, setup.read, until=below)
        bar.setValue(position)
        if target:
            self.browser.scrollToAnchor(target)
        self.sig_updated.emit()
        if same_html(self._shown, self._pieces):
            self._finished()
        else:
            view.repaint()  # what the reader sees first, then the rest
            self._steps.start()

    def _assemble(self) -> None:
        """Put the whole document together anew, in slices (the shown one stays until then)."""
        setup = DocumentSetup(self.browser)
        self._read_ahead.clear()  # read with the palette before (see _reread)
        self._assembly = Assembly(setup.empty(), self._pieces, setup.read)
        self._steps.start()

    def _working_on_document(self) -> bool:
        return self._assembly is not None or not same_html(self._shown, self._pieces)

    def _step(self, budget_ms: float | None = SLICE_MS) -> None:
        """One slice of putting the document together, or of replacing changed pieces below
        the view; the next slice follows on the next turn of the event loop."""
        end = time.perf_counter() + (budget_ms or 0) / 1000

        def keep_going() -> bool:
            return budget_ms is None or time.perf_counter() < end

        if self._assembly is not None:
            assembly = self._assembly
            assembly.step(keep_going)
            if not assembly.done:
                self._steps.start()
                return
            self._assembly = None
            self._set_document(assembly.document)
            self._shown = assembly.pieces
            if self._target():
                self.browser.scrollToAnchor(self._target())
            self.sig_updated.emit()
            self._finished()
            return
        if same_html(self._shown, self._pieces):
            return
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        setup = DocumentSetup(self.browser)
        fresh = True  # nothing done yet in this slice
        while not same_html(self._shown, self._pieces):
            # the pieces of the next changed run are read first; large ones at the start of a
            # slice, and inserted in the next (reading and inserting the table of 120 milestones
            # in one go would stop the window for twice as long)
            unread = [html for html in next_run(self._shown, self._pieces) if html not in self._read_ahead]
            if unread:
                large = is_large("".join(unread))
                if large and not fresh:
                    break
                self._read_ahead.update((html, setup.read(html)) for html in unread)
                if large or not keep_going():
                    break
            fresh = False
            self._shown = patch(self.browser.document(), self._shown, self._pieces, self._take_read, most=1)
            if not keep_going():
                break
        bar.setValue(position)
        if same_html(self._shown, self._pieces):
            self._finished()
        else:
            self._steps.start()

    def _take_read(self, html: str) -> ReadPiece:
        """A piece read in an earlier slice (taken out: each is inserted once), or read now
        (the same HTML twice in one run)."""
        read = self._read_ahead.pop(html, None)
        return read if read is not None else DocumentSetup(self.browser).read(html)

    def _finished(self) -> None:
        """Everything of the newest state is in (unless a newer one is on its way)."""
        if not (self._timer.isActive() or self._working or self._ready is not None):
            self.status.setText("")

    def _set_document(self, document: QTextDocument) -> None:
        """Show ``document`` where the reader was (the scroll position is kept). It becomes the
        browser's child; the one it replaces is deleted (the browser would keep it)."""
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        shown = self.browser.document()
        ours = shown.parent() is self.browser  # the browser's first document is its own
        document.setParent(self.browser)
        self.browser.setDocument(document)
        if ours:
            # what the old document held goes back to the system once it is gone
            # (kooperation.ui.memory)
            shown.destroyed.connect(lambda _obj: hand_back_freed_memory())
            shown.deleteLater()
        bar.setValue(position)

    def _reread(self) -> None:
        """Read every piece again (the palette changed: links take its colour when the HTML is
        read), in a new document put together in slices, where the reader was."""
        if self._pieces:
            self.status.setText(_("wird aktualisiert …"))
            self._assemble()

    def _fail(self, change: int, message: str) -> None:
        self._working = False
        if change != self._change:
            self._prepare()
            return
        self.status.setText(_("Vorschau nicht möglich: {message}").format(message=message))
