"""The live preview of the agreement beside the pages.

Edits arrive at typing speed, so the preview waits until typing pauses (a short single-shot
timer), then builds the document model, its HTML and the ``QTextDocument`` read from that HTML
on a worker thread from a copy of the project (reading the HTML was the largest part of an
update on the GUI thread). ``QTextDocument`` is reentrant: the worker makes its own, moves it to
the GUI thread and the browser takes it with ``setDocument``; the one it showed before is
deleted. The worker never lays the document out: layout runs timers, which belong to the GUI
thread, and the browser lays it out at its own width.

Only the newest result is shown; older ones that finish late are dropped. An update whose HTML
is the same as the shown one changes nothing. The scroll position is kept, and the clause that
belongs to the field in focus is highlighted and scrolled into view.
"""

from __future__ import annotations

import copy
import logging

from PySide6.QtCore import QObject, QRunnable, Qt, QThread, QThreadPool, QTimer, Signal
from PySide6.QtGui import QFont, QTextDocument, QTextOption
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from kooperation.domain.model import Project
from kooperation.domain.versions import DRAFT_KINDS, kind_title
from kooperation.drafting.docmodel import Document
from kooperation.i18n import _
from kooperation.ui.fonts import register_document_fonts
from kooperation.ui.memory import hand_back_freed_memory
from kooperation.ui.palette import follow_palette

log = logging.getLogger(__name__)
DEBOUNCE_MS = 250


def build_preview(project: Project, kind: str, highlight: str | None) -> tuple[str, dict[str, str]]:
    """HTML of the draft and a map from rule topics to their first clause (runs in a worker)."""
    from kooperation.drafts import build_document
    from kooperation.render.html import render_html

    doc: Document = build_document(project, kind)
    topics: dict[str, str] = {}
    for clause in doc.clauses():
        if clause.topic:
            topics.setdefault(clause.topic, clause.id)
    target = topics.get(highlight, highlight) if highlight else None
    return render_html(doc, highlight_clause=target), topics


class DocumentSetup:
    """What the browser's own document is set up with (font, wrapping, margin), copied on the
    GUI thread, so that a document made elsewhere from the same HTML is the same document."""

    def __init__(self, browser: QTextBrowser) -> None:
        own = browser.document()
        self.font = QFont(own.defaultFont())
        self.option = QTextOption(own.defaultTextOption())
        self.margin = own.documentMargin()

    def document(self, html: str) -> QTextDocument:
        """``html`` read into a new document (not laid out: no timers, any thread)."""
        document = QTextDocument()
        document.setDefaultFont(self.font)
        document.setDefaultTextOption(self.option)
        document.setDocumentMargin(self.margin)
        document.setHtml(html)
        return document


class _Signals(QObject):
    done = Signal(int, str, object, object)
    failed = Signal(int, str)


class _Job(QRunnable):
    def __init__(self, serial: int, project: Project, kind: str, highlight: str | None,
                 setup: DocumentSetup, signals: _Signals) -> None:
        super().__init__()
        self.serial, self.project, self.kind, self.highlight = serial, project, kind, highlight
        self.setup, self.signals = setup, signals
        self.gui_thread = QThread.currentThread()  # jobs are made on the GUI thread

    def run(self) -> None:
        try:
            html, topics = build_preview(self.project, self.kind, self.highlight)
            document = self.setup.document(html)
            document.moveToThread(self.gui_thread)
        except Exception as exc:  # shown in the panel, never raised into Qt
            log.exception("preview failed")
            self.signals.failed.emit(self.serial, str(exc) or exc.__class__.__name__)
            return
        self.signals.done.emit(self.serial, html, topics, document)


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
        self._serial = 0
        self._topics: dict[str, str] = {}
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.done.connect(self._show, Qt.QueuedConnection)
        self._signals.failed.connect(self._fail, Qt.QueuedConnection)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)

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
        follow_palette(self.browser, lambda _browser: self._set_html(self._html))
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
        self.status.setText(_("wird aktualisiert …"))
        self._timer.start(0 if immediately else DEBOUNCE_MS)

    def wait_idle(self, msecs: int = 5000) -> bool:
        """For tests and screenshots: finish pending work."""
        if self._timer.isActive():
            self._timer.stop()
            self._start()
        return self._pool.waitForDone(msecs)

    # --- internals ------------------------------------------------------------------------
    def _start(self) -> None:
        if self._project is None:
            return
        self._serial += 1
        self._pool.start(_Job(self._serial, copy.deepcopy(self._project), self.kind.currentData(),
                              self._highlight, DocumentSetup(self.browser), self._signals))

    def _show(self, serial: int, html: str, topics: dict[str, str], document: QTextDocument) -> None:
        if serial != self._serial:
            return  # an older state finished late (its document goes with the last reference)
        self._topics = topics
        if html != self._html:
            self._html = html
            self._set_document(document)
            if self._highlight:
                self.browser.scrollToAnchor(topics.get(self._highlight, self._highlight))
        self.status.setText("")
        self.sig_updated.emit()

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

    def _set_html(self, html: str) -> None:
        """Read ``html`` again on the GUI thread (the palette changed: links take its colour
        when the HTML is read), where the reader was."""
        self._html = html
        if html:
            self._set_document(DocumentSetup(self.browser).document(html))

    def _fail(self, serial: int, message: str) -> None:
        if serial == self._serial:
            self.status.setText(_("Vorschau nicht möglich: {message}").format(message=message))
