"""A one-line message under a list or in a window: the result of the last action, or what went
wrong, in plain words (shared by the drafts page and the review windows)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QStyle, QWidget

from kooperation.i18n import _


class MessageLine(QWidget):
    """A one-line (wrapping) message with an icon: the result of the last action, or what went
    wrong, in plain words. Not modal, so it never blocks the work or a test."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.icon = QLabel(self)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        self.is_error = False
        self.hide()

    def show_message(self, text: str, error: bool = False) -> None:
        pixmap = (
            QStyle.StandardPixmap.SP_MessageBoxWarning
            if error
            else QStyle.StandardPixmap.SP_DialogApplyButton
        )
        size = self.fontMetrics().height()
        self.icon.setPixmap(self.style().standardIcon(pixmap).pixmap(size, size))
        self.text.setText(text)
        self.text.setAccessibleName(_("Fehler") if error else _("Hinweis"))
        self.is_error = error
        self.show()

    def clear(self) -> None:
        self.text.clear()
        self.is_error = False
        self.hide()

    def message(self) -> str:
        """The text shown, or "" if none is shown."""
        return self.text.text() if not self.isHidden() else ""
