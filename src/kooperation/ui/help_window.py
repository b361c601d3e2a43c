"""The manual in its own window: contents and search on the left, the page on the right.

One window per application (`show_manual` brings it back to the front); F1 opens it on the page
that fits the place the user is in (`kooperation.help_pages.TOPICS`). Links between pages and
the pictures work offline from the folder shipped with the app. The pages are the files of
``resources/help/<language>/`` (:mod:`kooperation.help_pages`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kooperation.help_pages import HelpPage, help_folder, manual, page_for, search
from kooperation.i18n import _, current_language, ngettext

PAGE_ROLE = Qt.ItemDataRole.UserRole


class HelpWindow(QWidget):
    """The manual: a search field, the contents (or the search results) and the page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(_("Handbuch – Kooperation"))
        self.setObjectName("help-window")
        self.language = current_language()
        self.pages = {page.name: page for page in manual(self.language)}

        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText(_("Im Handbuch suchen …"))
        self.search_field.setAccessibleName(_("Im Handbuch suchen"))
        self.search_field.setClearButtonEnabled(True)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Inhalt des Handbuchs"))
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(_("Seite des Handbuchs"))
        self.browser.setOpenLinks(False)
        self.browser.setSearchPaths([str(help_folder(self.language))])
        self.browser.document().setDefaultStyleSheet(STYLE)
        self.browser.anchorClicked.connect(self._follow)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.search_field)
        side_layout.addWidget(self.result_label)
        side_layout.addWidget(self.list, 1)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.resize(1000, 720)

        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._search_timer.timeout.connect(self._run_search)
        self.search_field.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_field.returnPressed.connect(self._open_first_result)
        self.list.currentItemChanged.connect(self._item_chosen)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._focus_search)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.current: HelpPage | None = None
        self._show_contents()

    # --- what is shown -----------------------------------------------------------------------

    def show_topic(self, topic: str) -> None:
        """Show the page for ``topic`` (a key of `kooperation.help_pages.TOPICS`)."""
        page, anchor = page_for(topic, self.language)
        self.search_field.clear()
        self._show_contents()
        self.show_page(page.name, anchor)

    def show_page(self, name: str, anchor: str = "") -> None:
        page = self.pages.get(name)
        if page is None:
            return
        self.current = page
        self.browser.setHtml(page.html)
        if anchor:
            self.browser.scrollToAnchor(anchor)
        else:
            self.browser.verticalScrollBar().setValue(0)
        self._select(name)

    def _show_contents(self) -> None:
        self.result_label.hide()
        self._fill([(page, "") for page in self.pages.values()])

    def _fill(self, entries: list[tuple[HelpPage, str]]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for page, snippet in entries:
            item = QListWidgetItem(page.title if not snippet else f"{page.title}\n{snippet}")
            item.setData(PAGE_ROLE, page.name)
            item.setToolTip(snippet or page.title)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.current is not None:
            self._select(self.current.name)

    def _select(self, name: str) -> None:
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            if self.list.item(row).data(PAGE_ROLE) == name:
                self.list.setCurrentRow(row)
                break
        else:
            self.list.clearSelection()
        self.list.blockSignals(False)

    # --- reacting ----------------------------------------------------------------------------

    def _run_search(self) -> None:
        query = self.search_field.text().strip()
        if not query:
            self._show_contents()
            return
        hits = search(query, self.language)
        self.result_label.setText(
            ngettext("{n} Seite gefunden", "{n} Seiten gefunden", len(hits)).format(n=len(hits))
            if hits
            else _("Nichts gefunden. Versuchen Sie ein anderes Wort.")
        )
        self.result_label.show()
        self._fill([(hit.page, hit.snippet) for hit in hits])

    def _open_first_result(self) -> None:
        self._search_timer.stop()
        self._run_search()
        if self.list.count():
            self.show_page(self.list.item(0).data(PAGE_ROLE))
            self._mark_query()

    def _item_chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        self.show_page(item.data(PAGE_ROLE))
        self._mark_query()

    def _mark_query(self) -> None:
        """In a page found by the search, select the first place of the first word sought."""
        words = self.search_field.text().split()
        if words and not self.result_label.isHidden():
            self.browser.find(words[0])

    def _follow(self, url: QUrl) -> None:
        """A link to another page of the manual (``name.html#anchor``) opens here; nothing
        leaves the app (the manual has no links to the internet)."""
        target = url.path().rsplit("/", 1)[-1]
        if target.endswith(".html"):
            self.show_page(target[: -len(".html")], url.fragment())
        elif url.fragment():
            self.browser.scrollToAnchor(url.fragment())

    def _focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()


STYLE = """
h1 { font-size: x-large; margin-bottom: 8px; }
h2 { font-size: large; margin-top: 16px; }
img { margin: 8px 0; }
p.hinweis { background-color: #fff4d6; color: #3a2f00; padding: 6px; }
th { text-align: left; }
td, th { padding: 3px 10px 3px 0; }
"""

def install_help_key(widget: QWidget, topic: str) -> None:
    """F1 in ``widget`` (a dialog or window of its own) opens the manual on ``topic``."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), widget)
    shortcut.activated.connect(lambda: show_manual(_owner(widget), topic))


def _owner(widget: QWidget) -> QWidget:
    """The main window ``widget`` belongs to (the manual is one per main window)."""
    top = widget
    while top.parentWidget() is not None:
        top = top.parentWidget()
    return top


def show_manual(owner: QWidget, topic: str = "start") -> HelpWindow:
    """The manual on the page for ``topic``, in its own window that belongs to ``owner`` (the
    main window: one manual per main window, closed with it), brought to the front."""
    window = owner.findChild(HelpWindow, "help-window")
    if window is None:
        window = HelpWindow(owner)
        window.setWindowIcon(owner.windowIcon())
    window.show_topic(topic)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
