"""The live preview of the agreement beside the pages.

A worker thread prepares the preview from a copy of the project: the document model, its HTML
in pieces (one per clause, annex, cover part ...) and each new piece read by Qt
(``ui/preview_document.py``). It starts as soon as the project changes, one state at a time:
while it works on one state, newer ones wait and only the newest is prepared next. What the
user sees waits until typing pauses (a short single-shot timer, the debounce); then the newest
prepared state is shown at once, or as soon as it is ready.

Showing a state replaces only the pieces whose HTML changed in the shown ``QTextDocument``, so
Qt lays out only those again and the reader's place stays. The first state, and one of which
less than half is shown already (another kind of document), comes as a whole document made on
the worker (``QTextDocument`` is reentrant; the worker never lays it out: layout runs timers,
which belong to the GUI thread) and is swapped in with ``setDocument``.

Each prepared state is marked with the number of the change it belongs to; a state that was
overtaken by a newer change is dropped. An update whose HTML equals the shown one changes
nothing. The clause that belongs to the field in focus is highlighted and scrolled into view.
"""

from __future__ import annotations

import copy
import logging

from PySide6.QtCore import QObject, QPoint, QRunnable, Qt, QThread, QThreadPool, QTimer, Signal
from PySide6.QtGui import QFont, QTextDocument, QTextOption
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from kooperation.domain.model import Project
from kooperation.domain.versions import DRAFT_KINDS, kind_title
from kooperation.drafting.docmodel import Document
from kooperation.i18n import _
from kooperation.ui.fonts import register_document_fonts
from kooperation.ui.memory import hand_back_freed_memory
from kooperation.ui.palette import follow_palette
from kooperation.ui.preview_document import Piece, assemble, patch, read_piece, same_html

log = logging.getLogger(__name__)
DEBOUNCE_MS = 250


def build_preview_pieces(project: Project, kind: str, highlight: str | None
                         ) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The draft's HTML in pieces and a map from rule topics to their first clause (runs in
    a worker)."""
    from kooperation.drafts import build_document
    from kooperation.render.html import render_html_pieces

    doc: Document = build_document(project, kind)
    topics: dict[str, str] = {}
    for clause in doc.clauses():
        if clause.topic:
            topics.setdefault(clause.topic, clause.id)
    target = topics.get(highlight, highlight) if highlight else None
    return render_html_pieces(doc, highlight_clause=target), topics


def build_preview(project: Project, kind: str, highlight: str | None) -> tuple[str, dict[str, str]]:
    """HTML of the draft and a map from rule topics to their first clause."""
    from kooperation.render.html import HTML_HEAD, HTML_TAIL

    pieces, topics = build_preview_pieces(project, kind, highlight)
    return HTML_HEAD + "".join(html for _key, html in pieces) + HTML_TAIL, topics


class DocumentSetup:
    """What the browser's own document is set up with (font, wrapping, margin), copied on the
    GUI thread, so that a document made elsewhere from the same HTML is the same document."""

    def __init__(self, browser: QTextBrowser) -> None:
        own = browser.document()
        self.font = QFont(own.defaultFont())
        self.option = QTextOption(own.defaultTextOption())
        self.margin = own.documentMargin()

    def empty(self) -> QTextDocument:
        """A new empty document set up like the browser's (not laid out: any thread)."""
        document = QTextDocument()
        document.setDefaultFont(self.font)
        document.setDefaultTextOption(self.option)
        document.setDocumentMargin(self.margin)
        return document

    def document(self, pieces: list[Piece]) -> QTextDocument:
        """A new document of ``pieces``."""
        document = self.empty()
        assemble(document, pieces)
        return document


class Prepared:
    """One state of the project made ready to show (on the worker)."""

    def __init__(self, html: str, topics: dict[str, str], pieces: list[Piece],
                 document: QTextDocument | None) -> None:
        self.html, self.topics, self.pieces = html, topics, pieces
        self.document = document  # a whole new document, or None: patch the shown one


class _Signals(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)


class _Job(QRunnable):
    """Prepares one state; ``shown`` are the pieces the browser shows when the job starts (read
    pieces with the same HTML are taken from there instead of being read again)."""

    def __init__(self, change: int, project: Project, kind: str, highlight: str | None,
                 setup: DocumentSetup, shown: list[Piece], signals: _Signals) -> None:
        super().__init__()
        self.change, self.project, self.kind, self.highlight = change, project, kind, highlight
        self.setup, self.shown, self.signals = setup, {p.html: p for p in shown}, signals
        self.gui_thread = QThread.currentThread()  # jobs are made on the GUI thread

    def run(self) -> None:
        from kooperation.render.html import HTML_HEAD, HTML_TAIL

        try:
            parts, topics = build_preview_pieces(self.project, self.kind, self.highlight)
            reused, document = self.shown, None
            if 2 * sum(html in reused for _key, html in parts) < len(parts):
                # less than half of it is shown: a whole new document, all of it read here
                reused = {}
                pieces = [read_piece(html, self.setup.empty) for _key, html in parts]
                document = self.setup.document(pieces)
                document.moveToThread(self.gui_thread)
            else:
                pieces = [reused.get(html) or read_piece(html, self.setup.empty) for _key, html in parts]
            for piece in pieces:
                if reused.get(piece.html) is not piece:  # read here: the GUI thread inserts it
                    piece.document.moveToThread(self.gui_thread)
            html = HTML_HEAD + "".join(p.html for p in pieces) + HTML_TAIL
        except Exception as exc:  # shown in the panel, never raised into Qt
            log.exception("preview failed")
            self.signals.failed.emit(self.change, str(exc) or exc.__class__.__name__)
            return
        self.signals.done.emit(self.change, Prepared(html, topics, pieces, document))


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
    """Emitted after the preview shows a new state of the project."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._highlight: str | None = None
        self._change = 0  # counts the changes (project, highlight, kind)
        self._working = False  # the worker prepares a state
        self._ready: Prepared | None = None  # the newest change, prepared, not shown yet
        self._topics: dict[str, str] = {}
        self._shown: list[Piece] = []  # what the browser's document is made of
        self._behind: list[Piece] | None = None  # what it will be once caught up below the view
        self._later = QTimer(self, singleShot=True, interval=0)  # the next event-loop turn
        self._later.timeout.connect(self._catch_up)
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
        self._html = ""
        # links get their colour when the HTML is read: read it again when the palette changes
        follow_palette(self.browser, lambda _browser: self._reread())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.browser, 1)

    # --- API ------------------------------------------------------------------------------
    def set_project(self, project: Project) -> None:
        """A new state of the project: rebuild once typing pauses."""
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
        """For tests and screenshots: end the debounce and let the worker finish (the result
        is shown when the event loop delivers it)."""
        if self._timer.isActive():
            self._timer.stop()
            self._due()
        self._catch_up(everything=True)
        return self._pool.waitForDone(msecs)

    # --- internals ------------------------------------------------------------------------
    def _prepare(self) -> None:
        """Start the worker on the newest state unless it is busy (then it starts again with
        the newest state when it is done)."""
        if self._working or self._project is None:
            return
        self._working = True
        self._pool.start(_Job(self._change, copy.deepcopy(self._project), self.kind.currentData(),
                              self._highlight, DocumentSetup(self.browser), self._shown,
                              self._signals))

    def _done(self, change: int, prepared: Prepared) -> None:
        self._working = False
        if change != self._change:
            self._prepare()  # overtaken by a newer change (its document goes with prepared)
            return
        self._ready = prepared
        if not self._timer.isActive():
            self._due()

    def _due(self) -> None:
        """The debounce is over: show the newest state if it is ready (else when it is)."""
        if self._ready is not None:
            prepared, self._ready = self._ready, None
            self._show(prepared)

    def _show(self, prepared: Prepared) -> None:
        self._topics = prepared.topics
        if prepared.html != self._html:
            self._html = prepared.html
            target = self._topics.get(self._highlight, self._highlight) if self._highlight else None
            if prepared.document is not None:
                self._set_document(prepared.document)
                self._shown, self._behind = prepared.pieces, None
            else:
                self._patch(prepared.pieces, target)
            if target:
                self.browser.scrollToAnchor(target)
        self.status.setText("")
        self.sig_updated.emit()

    def _patch(self, pieces: list[Piece], target: str | None) -> None:
        """Replace the changed pieces in the shown document, where the reader was (or will be:
        at ``target``). What changed below the view (laying out a long table again takes
        long) is replaced after the view is painted, one run of pieces at a time."""
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        if target:
            self.browser.scrollToAnchor(target)  # the old document shows where it will be
        view = self.browser.viewport()
        below = self.browser.cursorForPosition(QPoint(0, 2 * view.height())).position()
        bar.setValue(position)
        self._shown = patch(self.browser.document(), self._shown, pieces, until=below)
        bar.setValue(position)
        self._behind = None if same_html(self._shown, pieces) else pieces
        if self._behind is not None:
            if target:
                self.browser.scrollToAnchor(target)
            view.repaint()  # what the reader sees first, then the rest
            self._later.start()

    def _catch_up(self, everything: bool = False) -> None:
        """Replace the next run of pieces that changed below the view (or all of them)."""
        if self._behind is None:
            return
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self._shown = patch(self.browser.document(), self._shown, self._behind,
                            most=None if everything else 1)
        bar.setValue(position)
        if same_html(self._shown, self._behind):
            self._behind = None
        else:
            self._later.start()

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
            # what the old document held (read on a worker thread, in that thread's heap)
            # goes back to the system once it is gone (kooperation.ui.memory)
            shown.destroyed.connect(lambda _obj: hand_back_freed_memory())
            shown.deleteLater()
        bar.setValue(position)

    def _reread(self) -> None:
        """Read every piece again on the GUI thread (the palette changed: links take its
        colour when the HTML is read), where the reader was."""
        if self._shown:
            self._catch_up(everything=True)
            setup = DocumentSetup(self.browser)
            self._shown = [read_piece(piece.html, setup.empty) for piece in self._shown]
            self._set_document(setup.document(self._shown))

    def _fail(self, change: int, message: str) -> None:
        self._working = False
        if change != self._change:
            self._prepare()
            return
        self.status.setText(_("Vorschau nicht möglich: {message}").format(message=message))
