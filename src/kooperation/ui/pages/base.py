"""What every page of the project window shares.

A page edits the project only through its `ProjectSession` and refreshes itself from
``session.sig_changed``. Help and preview follow the keyboard focus without the page doing
anything but tagging its editors with `set_help`: the project window watches the focus and
shows the help text of the focused widget (or of its nearest tagged ancestor) and highlights the
clause it names in the live preview.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QWidget

from kooperation.ui.session import Change, ProjectSession

HELP_TITLE = "kooperation_help_title"
HELP_TEXT = "kooperation_help_text"
HELP_CLAUSE = "kooperation_help_clause"


def set_help(widget: QWidget, title: str, text: str, clause: str | None = None) -> QWidget:
    """Tag ``widget`` with the plain-language help shown while it has the focus, and the id of
    the clause (or rule topic) the preview should highlight."""
    widget.setProperty(HELP_TITLE, title)
    widget.setProperty(HELP_TEXT, text)
    if clause:
        widget.setProperty(HELP_CLAUSE, clause)
    return widget


def help_for(widget: QWidget | None) -> tuple[str, str, str | None] | None:
    """The help of ``widget`` or of its nearest tagged ancestor."""
    while widget is not None:
        title = widget.property(HELP_TITLE)
        if title:
            return str(title), str(widget.property(HELP_TEXT) or ""), widget.property(HELP_CLAUSE) or None
        widget = widget.parentWidget()
    return None


def focusable(root: QWidget) -> list[QWidget]:
    """The widgets inside ``root`` that can take the focus (shown or not, Tab stops now or
    later, like a radio button that becomes the chosen one), in focus-chain order. Inner parts
    with a focus proxy (the line edit of a spin box or combo box) are left out."""
    found: list[QWidget] = []
    widget = root.nextInFocusChain()
    while widget is not root and widget is not None:
        if (
            root.isAncestorOf(widget)
            and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
            and widget.focusProxy() is None
        ):
            found.append(widget)
        widget = widget.nextInFocusChain()
    return found


def place_after(anchor: QWidget, root: QWidget) -> None:
    """Put the focusable widgets of ``root`` (keeping their order) right after ``anchor``.

    A widget added to a window after the window was built joins the end of its focus chain, so
    Tab would reach it only after everything else (after the preview and the help)."""
    previous = anchor
    for widget in focusable(root):
        QWidget.setTabOrder(previous, widget)
        previous = widget


class Page(QWidget):
    """Base of the phase pages: keeps the session and routes its changes to `on_changed`.

    A page hidden behind another page of a window on screen does not refresh at every keystroke
    on the shown page: it keeps the changes (each once, in order) and catches up when it is
    shown. A page outside a shown window (built but not on screen yet) refreshes at once."""

    title = ""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._pending: list[Change] = []
        session.sig_changed.connect(self._changed)

    def _changed(self, change: Change) -> None:
        if not self.isVisible() and self.window().isVisible():
            if change not in self._pending:
                self._pending.append(change)
            return
        self.on_changed(change)

    @property
    def pending_changes(self) -> tuple[Change, ...]:
        """The changes this hidden page will catch up with when it is shown."""
        return tuple(self._pending)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        pending, self._pending = self._pending, []
        for change in pending:
            self.on_changed(change)
        if pending:  # widgets the catch-up showed or filled get their size before the paint
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def on_changed(self, change: Change) -> None:
        """Refresh what ``change`` affects; pages override this."""

    def focus_entity(self, kind: str, entity_id: str) -> None:
        """Select the entity an undo or a search result points at; pages override this."""
