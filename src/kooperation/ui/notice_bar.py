"""A message above the page that stays until it was read.

A refused edit, a change made in another window, or edits waiting for a locked store must not
vanish after a few seconds while the user looks elsewhere: the bar stays until the user closes
it (× or Esc while it has the focus) or the situation it describes is over (the waiting edits
are stored). Not modal, so it never blocks the work, a workshop or a test.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QStyle, QToolButton, QWidget

from kooperation.i18n import _
from kooperation.ui.palette import (
    ERROR_BOX,
    INFO_BOX,
    follow_box_colours,
    inherited_palette,
    scheme,
)

KINDS = ("error", "info", "pending")


class NoticeBar(QFrame):
    """One message with an icon and a close button; ``kind`` is ``error``, ``info`` or
    ``pending`` (edits not stored yet)."""

    sig_closed = Signal()
    """Emitted when the user closed the message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        self.icon = QLabel(self)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(_("Meldung schließen"))
        self.close_button.setAccessibleName(_("Meldung schließen"))
        self.close_button.clicked.connect(self.dismiss)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self._colours = {"error": ERROR_BOX, "info": INFO_BOX, "pending": INFO_BOX}
        self._colours_now = dict(ERROR_BOX)  # one follower reads it: the kind decides the colours
        follow_box_colours(self, self._colours_now)
        self.hide()

    def show_notice(self, text: str, kind: str = "error") -> None:
        """Show ``text`` until the user closes it (a new message replaces the old one)."""
        if kind not in KINDS:
            raise ValueError(kind)
        self.kind = kind
        self._colours_now.update(self._colours[kind])
        back, fore = self._colours_now[scheme(inherited_palette(self))]
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(back))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(fore))
        self.setPalette(palette)
        icon = {
            "error": QStyle.StandardPixmap.SP_MessageBoxWarning,
            "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
            "pending": QStyle.StandardPixmap.SP_BrowserReload,
        }[kind]
        size = self.fontMetrics().height()
        self.icon.setPixmap(self.style().standardIcon(icon).pixmap(size, size))
        self.label.setText(text)
        self.label.setAccessibleName(
            {"error": _("Fehler"), "info": _("Hinweis"), "pending": _("Nicht gespeichert")}[kind]
        )
        self.show()

    def text(self) -> str:
        """The message shown, or "" if none."""
        return self.label.text() if not self.isHidden() else ""

    def dismiss(self) -> None:
        """The user read the message."""
        self.hide()
        self.kind = ""
        self.sig_closed.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape and self.isVisible():
            self.dismiss()
            return
        super().keyPressEvent(event)
