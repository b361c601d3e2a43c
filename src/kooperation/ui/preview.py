"""The live preview of the agreement beside the pages.

Edits arrive at typing speed, so the preview waits until typing pauses (a short single-shot
timer), then builds the document model and its HTML on a worker thread from a copy of the
project. Only the newest result is shown; older ones that finish late are dropped. The scroll
position is kept, and the clause that belongs to the field in focus is highlighted and scrolled
into view.
"""

from __future__ import annotations

import copy
import logging

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QFont, QTextOption
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from kooperation.domain.model import Project
from kooperation.domain.versions import DRAFT_KINDS, kind_title
from kooperation.drafting.docmodel import Document
from kooperation.i18n import _
from kooperation.ui.fonts import register_document_fonts
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


class _Signals(QObject):
    done = Signal(int, str, object)
    failed = Signal(int, str)


class _Job(QRunnable):
    def __init__(self, serial: int, project: Project, kind: str, highlight: str | None, signals: _Signals) -> None:
        super().__init__()
        self.serial, self.project, self.kind, self.highlight, self.signals = serial, project, kind, highlight, signals

    def run(self) -> None:
        try:
            html, topics = build_preview(self.project, self.kind, self.highlight)
        except Exception as exc:  # shown in the panel, never raised into Qt
            log.exception("preview failed")
            self.signals.failed.emit(self.serial, str(exc) or exc.__class__.__name__)
            return
        self.signals.done.emit(self.serial, html, topics)


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
        self._pool.start(_Job(self._serial, copy.deepcopy(self._project), self.kind.currentData(), self._highlight, self._signals))

    def _show(self, serial: int, html: str, topics: dict[str, str]) -> None:
        if serial != self._serial:
            return  # an older state finished late
        self._topics = topics
        self._set_html(html)
        if self._highlight:
            self.browser.scrollToAnchor(topics.get(self._highlight, self._highlight))
        self.status.setText("")
        self.sig_updated.emit()

    def _set_html(self, html: str) -> None:
        """Show ``html`` where the reader was (the scroll position is kept)."""
        self._html = html
        if not html:
            return
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.browser.setHtml(html)
        bar.setValue(position)

    def _fail(self, serial: int, message: str) -> None:
        if serial == self._serial:
            self.status.setText(_("Vorschau nicht möglich: {message}").format(message=message))
