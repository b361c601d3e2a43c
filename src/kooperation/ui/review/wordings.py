"""Agreed clause wordings in the review window: adopt a suggestion, edit a wording, go back to
the library text, and say what applies to a clause.

"Fassung übernehmen" on a wording suggestion gives the clause that wording for the project (the
next draft prints it) and marks the suggestion resolved with a reply saying so; "Fassung
bearbeiten …" edits the clause's wording in a dialog; "Vorlagentext wiederherstellen" goes back.
Each is one step of the review window's undo stack: the wording is written through the project's
session (conflict checks, the other views hear of it), the comment through the review state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kooperation.domain.serialize import DraftVersion, project_from_dict
from kooperation.domain.wording import Wording, wording_text
from kooperation.drafting.docmodel import Clause, Document
from kooperation.drafting.wordings import (
    WordingInfo,
    editable_text,
    new_wording,
    proposal_text,
    reference_labels,
    reference_targets,
)
from kooperation.errors import KooperationError
from kooperation.i18n import _
from kooperation.review.model import ClauseText, Comment, CommentStatus, Role
from kooperation.ui.review.comment_form import LAST_AUTHOR
from kooperation.ui.session import Change, ProjectSession
from kooperation.ui.settings import Settings
from kooperation.ui.wording_view import ask_wording, project_wordings

# --- the version the window reviews ------------------------------------------------------------


class VersionDocument:
    """The document model of the reviewed version, rebuilt from its project snapshot on first
    use (numbers, list items and the open-point banner as the reviewer saw them)."""

    def __init__(self, version: DraftVersion) -> None:
        self._version = version
        self._doc: Document | None = None
        self._failed = False

    @property
    def doc(self) -> Document | None:
        if self._doc is None and not self._failed:
            from kooperation.drafting.documents import build_document

            try:
                v = self._version
                self._doc = build_document(project_from_dict(v.data), v.kind, v.language)
            except (KooperationError, KeyError, ValueError, TypeError):
                self._failed = True
        return self._doc

    def clause(self, clause_id: str) -> Clause | None:
        return self.doc.clause(clause_id) if self.doc else None

    def targets(self) -> dict[str, str]:
        return reference_targets(self.doc) if self.doc else {}

    def labels(self) -> dict[str, str]:
        return reference_labels(self.doc) if self.doc else {}


def current_wording(session: ProjectSession, version: VersionDocument, clause: ClauseText) -> str:
    """What the "Neue Fassung" field starts with: the clause's agreed wording if it has one,
    else the text of the version without the open-point banner (list items with ``- ``)."""
    wording = session.project.wordings.get(clause.id)
    if wording is not None:
        return wording_text(wording.paragraphs, version.labels())
    built = version.clause(clause.id)
    if built is not None and built.text == clause.text:
        return editable_text(built)
    return clause.text


# --- the actions -----------------------------------------------------------------------------


class WordingActions:
    """Adopt, edit and revert for a review window (``window`` has ``session``, ``state``,
    ``version_doc`` and ``message``)."""

    def __init__(self, window: Any) -> None:
        self.window = window

    @property
    def session(self) -> ProjectSession:
        return self.window.session

    def info(self, clause_id: str) -> WordingInfo | None:
        if clause_id not in self.session.project.wordings:
            return None
        return project_wordings(self.session.project).get(clause_id)

    def adopted_comment_ids(self) -> set[str]:
        return {w.comment_id for w in self.session.project.wordings.values() if w.comment_id}

    # --- the three actions ---------------------------------------------------------------------

    def adopt(self, comment: Comment) -> bool:
        """The suggestion's proposed text becomes the clause's wording; the suggestion is marked
        resolved, with a reply that says so."""
        if not comment.proposed_text.strip():
            self.window.message.show_message(_("Dieser Vorschlag enthält keine neue Fassung."), error=True)
            return False
        version = self.window.version_doc
        text = proposal_text(comment.proposed_text, version.clause(comment.clause_id))
        wording = new_wording(
            self.session.project, comment.clause_id, text, version.targets(),
            source="comment", comment_id=comment.id, author=comment.author,
            language=self.window.version.language,  # the language of the draft it was proposed on
        )
        state = self.window.state
        reply = Comment(
            draft_id="", clause_id="", parent_id=comment.id, author=self._who(),
            role=Role.PARTNER,
            text=_("Als Fassung der Klausel übernommen; der nächste Entwurf verwendet sie."),
        )
        was = comment.status
        stored_reply: list[Comment] = []

        def do() -> None:
            self._write(comment.clause_id, wording)
            try:
                state.store.update_comment(
                    state.project_id, comment.id, expected={"status": was}, status=CommentStatus.RESOLVED
                )
                stored_reply[:] = [state.store.add_comment(state.project_id, reply)]
            except KooperationError:
                self._write(comment.clause_id, None)
                raise

        def undo() -> None:
            if stored_reply:
                state.store.delete_comment(state.project_id, stored_reply[0].id)
            state.store.update_comment(
                state.project_id, comment.id, expected={"status": CommentStatus.RESOLVED}, status=was
            )
            self._write(comment.clause_id, before)

        before = self.session.project.wordings.get(comment.clause_id)
        return self._run(
            _("Fassung übernehmen"), do, undo,
            _("Als Fassung von {heading} übernommen; der nächste Entwurf verwendet sie. "
              "Strg+Z nimmt es zurück.").format(heading=state.heading(comment.clause_id)),
        )

    def edit(self, clause_id: str) -> bool:
        """Edit the clause's wording in a dialog (numbers as in the next draft)."""
        new, message = ask_wording(self.session.project, clause_id, self._who(), self.window)
        if message:
            self.window.message.show_message(message, error=True)
        if new is None:
            return False
        return self.set(
            clause_id, new, _("Fassung bearbeiten"),
            _("Die Fassung ist gespeichert; der nächste Entwurf verwendet sie. Strg+Z nimmt es zurück."),
        )

    def revert(self, clause_id: str) -> bool:
        if clause_id not in self.session.project.wordings:
            return False
        return self.set(
            clause_id, None, _("Vorlagentext wiederherstellen"),
            _("Die Klausel folgt wieder dem Text der Vorlage. Strg+Z nimmt es zurück."),
        )

    def set(self, clause_id: str, wording: Wording | None, step: str, done: str) -> bool:
        """Give ``clause_id`` the wording (None: the library text) as one undo step."""
        before = self.session.project.wordings.get(clause_id)
        return self._run(
            step,
            lambda: self._write(clause_id, wording),
            lambda: self._write(clause_id, before),
            done,
        )

    # --- plumbing ------------------------------------------------------------------------------

    def _write(self, clause_id: str, wording: Wording | None) -> None:
        """Store the clause's wording through the session. The change starts from what the
        session holds now (an undo after someone else's edit is refused, not forced)."""
        changes = self.session.wording_change(clause_id, wording)
        if changes:
            self.session.write_now(changes, Change("wordings", (clause_id,)))

    def _run(self, step: str, do: Callable[[], None], undo: Callable[[], None], done: str) -> bool:
        try:
            do()
        except KooperationError as exc:
            self.window.message.show_message(str(exc), error=True)
            self.window.state.reload()
            return False
        self.window.state.push(step, undo=undo, redo=do)
        self.window.message.show_message(done)
        return True

    def _who(self) -> str:
        return Settings().get(LAST_AUTHOR) or _("Projektteam")

