"""The review loop in the window: comment a version clause by clause, import what the reviewer
wrote in Word, export the version with its comments, compare versions.

The drafts page opens these (imported lazily, so the start of the application does not pay for
them): `open_review_window` for one agreement version, `open_compare_dialog` for two.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kooperation.ui.session import ProjectSession


def open_review_window(session: ProjectSession, draft_id: str, parent: QWidget | None = None):
    """Show the review window of version ``draft_id``; one window per version: an open one is
    brought to the front. Raises `KooperationError` when the version cannot be read."""
    from .review_window import ReviewWindow

    if parent is not None:
        for window in parent.findChildren(ReviewWindow):
            if window.state.draft_id == draft_id and window.isVisible():
                window.raise_()
                window.activateWindow()
                return window
    window = ReviewWindow(session, draft_id, parent)
    window.show()
    return window


def open_compare_dialog(
    session: ProjectSession, new_id: str | None = None, old_id: str | None = None,
    parent: QWidget | None = None,
):
    """Show the comparison of two versions of one document with clauses (by default ``new_id``,
    else the newest agreement, and the one before it)."""
    from .compare_dialog import CompareDialog

    dialog = CompareDialog(
        session.store, session.project.id, session.project.name, new_id=new_id, old_id=old_id,
        parent=parent,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.show()
    return dialog
