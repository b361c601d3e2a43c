"""The review of one stored version: its clauses and comments, and every change to them.

`ReviewState` is what the review window shows. Each action (add, reply, change, delete) is
written to the store at once, in its own transaction, and pushed as an undoable command on
the window's own undo stack; afterwards ``sig_changed`` says that the comments changed and the
views refresh from `comments`. A refused action raises the store's `KooperationError` (a
German message) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from kooperation.domain.serialize import DraftVersion, DraftVersionInfo
from kooperation.errors import KooperationError
from kooperation.i18n import _
from kooperation.review.model import ClauseText, Comment, CommentStatus


class _StoreCommand(QUndoCommand):
    """An action already done when pushed: ``undo`` and ``redo`` call the store again."""

    def __init__(self, state: ReviewState, text: str, undo: Callable[[], Any], redo: Callable[[], Any]) -> None:
        super().__init__(text)
        self._state = state
        self._undo = undo
        self._redo = redo
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._state.replay(self._redo)

    def undo(self) -> None:
        self._state.replay(self._undo)


class ReviewState(QObject):
    """The clauses and comments of one version of one project (see the module docstring)."""

    sig_changed = Signal()
    """The comments changed (an action, an undo, an import or a reload)."""

    sig_error = Signal(str)
    """An undo or redo could not be stored; carries the message in plain words."""

    def __init__(self, store, project_id: str, draft_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.project_id = project_id
        self.draft_id = draft_id
        self.undo_stack = QUndoStack(self)
        self.version: DraftVersion = store.get_draft_by_id(project_id, draft_id)
        from kooperation.review.clauses import in_order, version_outline

        self.clauses, self.parts = version_outline(self.version)
        self.rows: list[ClauseText] = in_order(self.clauses, self.parts)  # as the document has them
        self._by_clause = {c.id: c for c in self.rows}
        self.comments: list[Comment] = []
        self.adopted_ids: set[str] = set()
        """Suggestions whose wording the project has adopted (the window keeps this current)."""
        self.newest: DraftVersionInfo | None = None
        self._load()

    # --- reading ----------------------------------------------------------------------------

    def _load(self) -> None:
        self.newest = self._newer_version()
        self.comments = self.store.list_comments(self.project_id, self.draft_id)
        self._by_id = {c.id: c for c in self.comments}

    def _newer_version(self) -> DraftVersionInfo | None:
        """The newest version of this kind when it is not this one (else None)."""
        try:
            same = [v for v in self.store.list_drafts(self.project_id) if v.kind == self.version.kind]
        except KooperationError:
            return self.newest
        newest = max(same, key=lambda v: v.number, default=None)
        return newest if newest is not None and newest.number > self.version.number else None

    @property
    def read_only(self) -> bool:
        """An earlier version: its record stays as it was, its open points continue in
        `newest` (the store refuses changes to it, too)."""
        return self.newest is not None

    def reload(self) -> None:
        """Read the comments again (after an import, or a new version continued the open ones)."""
        self._load()
        self.sig_changed.emit()

    def clause(self, clause_id: str) -> ClauseText | None:
        return self._by_clause.get(clause_id)

    def heading(self, clause_id: str) -> str:
        """The clause's heading ("§ 7 Austritt"), or a plain note when the version lacks it."""
        clause = self.clause(clause_id)
        return clause.heading if clause else _("(Klausel nicht in dieser Version)")

    def comment(self, comment_id: str) -> Comment | None:
        return self._by_id.get(comment_id)

    def top_level(self) -> list[Comment]:
        """The comments that are not replies, in their order."""
        return [c for c in self.comments if c.parent_id is None]

    def replies(self, comment_id: str) -> list[Comment]:
        return [c for c in self.comments if c.parent_id == comment_id]

    def threads(self, clause_id: str) -> list[Comment]:
        """The top-level comments on one clause."""
        return [c for c in self.top_level() if c.clause_id == clause_id]

    def open_count(self, clause_id: str) -> int:
        return sum(1 for c in self.threads(clause_id) if c.status == CommentStatus.OPEN)

    def needs_recheck(self, clause_id: str) -> bool:
        return any(
            c.needs_recheck and c.status == CommentStatus.OPEN for c in self.threads(clause_id)
        )

    def authors(self) -> list[str]:
        """Everybody who wrote a comment or reply on this version, sorted."""
        return sorted({c.author for c in self.comments if c.author}, key=str.casefold)

    # --- changing (stored at once, undoable) -----------------------------------------------

    def add(self, comment: Comment) -> Comment:
        """Store a new comment or reply; returns it as stored."""
        stored = self.store.add_comment(self.project_id, comment)
        text = _("Antwort hinzufügen") if stored.parent_id else _("Kommentar hinzufügen")
        self._push(
            text,
            undo=lambda: self.store.delete_comment(self.project_id, stored.id),
            redo=lambda: self.store.add_comment(self.project_id, stored),
        )
        return stored

    def update(self, comment_id: str, *, step: str | None = None, **fields: Any) -> Comment:
        """Change fields of a comment (``status=…``, ``text=…``); ``step`` names the undo step."""
        current = self._current(comment_id)
        old = {name: getattr(current, name) for name in fields}
        if "status" in fields:
            old["needs_recheck"] = current.needs_recheck
        # each write names the values it starts from: another window's edit is never overwritten
        stored = self.store.update_comment(self.project_id, comment_id, expected=old, **fields)
        self._push(
            step or _("Kommentar ändern"),
            undo=lambda: self.store.update_comment(
                self.project_id, comment_id, expected=fields, **old
            ),
            redo=lambda: self.store.update_comment(
                self.project_id, comment_id, expected=old, **fields
            ),
        )
        return stored

    def set_status(self, comment_id: str, status: CommentStatus) -> Comment:
        names = {
            CommentStatus.RESOLVED: _("Als erledigt markieren"),
            CommentStatus.REJECTED: _("Ablehnen"),
            CommentStatus.OPEN: _("Wieder öffnen"),
        }
        return self.update(comment_id, step=names[CommentStatus(status)], status=CommentStatus(status))

    def delete(self, comment_id: str) -> None:
        """Delete a comment with its replies (undo brings them all back)."""
        current = self._current(comment_id)
        thread = [current, *self.replies(comment_id)]
        self.store.delete_comment(self.project_id, comment_id)

        def restore() -> None:
            for comment in thread:
                self.store.add_comment(self.project_id, replace(comment))

        self._push(
            _("Kommentar löschen"),
            undo=restore,
            redo=lambda: self.store.delete_comment(self.project_id, comment_id),
        )

    def _current(self, comment_id: str) -> Comment:
        comment = self.comment(comment_id)
        if comment is None:
            from kooperation.errors import NotFoundError

            raise NotFoundError(_("Diesen Kommentar gibt es nicht (mehr)."))
        return comment

    def _push(self, text: str, undo: Callable[[], Any], redo: Callable[[], Any]) -> None:
        self.undo_stack.push(_StoreCommand(self, text, undo, redo))
        self.reload()

    def push(self, text: str, undo: Callable[[], Any], redo: Callable[[], Any]) -> None:
        """Record an action the window has just done (e.g. adopting a wording) as one undo step."""
        self._push(text, undo, redo)

    def replay(self, action: Callable[[], Any]) -> None:
        """Run an undo or redo step; a refusal becomes a message, never an exception."""
        try:
            action()
        except KooperationError as exc:
            self.sig_error.emit(str(exc))
        self.reload()
