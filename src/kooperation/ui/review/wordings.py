"""Agreed clause wordings in the review window: adopt a suggestion, edit a wording, go back to
the library text, and say what applies to a clause.

"Fassung übernehmen" on a wording suggestion gives the clause that wording for the project (the
next draft prints it) and marks the suggestion resolved with a reply saying so; "Fassung
bearbeiten …" edits the clause's wording in a dialog; "Vorlagentext wiederherstellen" goes back.
Each is one step of the review window's undo stack: the wording is written through the project's
session (conflict checks, the other views hear of it), the comment through the review state.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.serialize import DraftVersion, project_from_dict
from kooperation.domain.wording import Wording, parse_wording, wording_problem, wording_text
from kooperation.drafting.docmodel import Clause, Document
from kooperation.drafting.wordings import (
    ParamHit,
    WordingInfo,
    current_document,
    editable_text,
    new_wording,
    parameter_hits,
    proposal_text,
    reference_labels,
    reference_targets,
    wording_infos,
)
from kooperation.errors import InputError, KooperationError
from kooperation.i18n import _
from kooperation.review.model import ClauseText, Comment, CommentStatus, Role
from kooperation.ui.message_line import MessageLine
from kooperation.ui.review.comment_form import LAST_AUTHOR
from kooperation.ui.settings import Settings
from kooperation.ui.project_list_model import format_changed
from kooperation.ui.session import Change, ProjectSession

from . import html_text


# --- texts ---------------------------------------------------------------------------------------


def source_text(wording: Wording) -> str:
    """Where a wording came from and when, for people."""
    when = format_changed(wording.adopted_at) if wording.adopted_at else ""
    if wording.from_comment:
        text = _("übernommen aus dem Formulierungsvorschlag von {author}").format(
            author=wording.author or _("unbekannt")
        )
    else:
        text = _("im Programm bearbeitet")
        if wording.author:
            text += " " + _("von {author}").format(author=wording.author)
    return f"{text}, {when}" if when else text


def hits_text(hits: list[ParamHit], heading: str) -> str:
    """The warning that a wording holds parameter values as fixed text."""
    found = ", ".join(
        _("„{found}“ ({label})").format(found=h.found, label=h.label) for h in hits
    )
    return _(
        "Diese Fassung enthält {found} als festen Text: Sie folgt dem Parameter nicht mehr. "
        "Ändert er sich, ändert sich {heading} nicht mit."
    ).format(found=found, heading=heading)


RECHECK_TEXT = (
    "Der Vorlagentext dieser Klausel wurde seit der Übernahme geändert (neue Klauselbibliothek). "
    "Bitte prüfen, ob die vereinbarte Fassung noch passt."
)


def info_html(info: WordingInfo, *, links: bool = False) -> str:
    """A box saying that the clause has an agreed wording: since when, from where, what to check;
    with ``links`` the actions "edit" and "revert" as links (``wording:edit:<id>``)."""
    parts = [
        "<p>{chip} {heading}<br/><small>{source}</small></p>".format(
            chip=html_text.chip(_("individuell vereinbarte Fassung"), html_text.ADOPTED_CHIP),
            heading=html.escape(info.heading),
            source=html.escape(source_text(info.wording)),
        )
    ]
    if info.recheck:
        parts.append("<p>{}</p>".format(html_text.span("⚠ " + _(RECHECK_TEXT), html_text.WARN_CHIP)))
    if info.hits:
        heading = f"§ {info.number}" if info.number else info.title
        parts.append("<p>{}</p>".format(html_text.span(hits_text(info.hits, heading), html_text.WARN_CHIP)))
    if links:
        parts.append(
            '<p><a href="wording:edit:{cid}">{edit}</a> · <a href="wording:revert:{cid}">{revert}</a></p>'.format(
                cid=html.escape(info.clause_id), edit=html.escape(_("Fassung bearbeiten …")),
                revert=html.escape(_("Vorlagentext wiederherstellen")),
            )
        )
    return "".join(parts)


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


# --- the dialog ------------------------------------------------------------------------------


class WordingDialog(QDialog):
    """Edit the wording of one clause: the text, a parameter warning that follows the typing,
    OK and Cancel."""

    def __init__(
        self, heading: str, text: str, check: Callable[[str], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Fassung bearbeiten – {heading}").format(heading=heading))
        self.setObjectName("wordingDialog")
        self._check = check
        box = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Der Wortlaut von {heading} für dieses Projekt. Ein Absatz je Zeile, „- “ am "
                "Zeilenanfang für einen Aufzählungspunkt. „§ n“ verweist auf die Klausel mit dieser "
                "Nummer im nächsten Entwurf und folgt ihr, wenn sich die Nummern ändern. Der Text "
                "wird genau so gedruckt, wie er hier steht."
            ).format(heading=heading),
            self,
        )
        intro.setWordWrap(True)
        box.addWidget(intro)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName(_("Fassung"))
        self.edit.setPlainText(text)
        self.edit.setMinimumSize(640, 300)
        box.addWidget(self.edit, 1)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setObjectName("parameterWarning")
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.warning)
        self.message = MessageLine(self)
        box.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self._update_warning)
        self.edit.textChanged.connect(self._timer.start)
        self._update_warning()

    def text(self) -> str:
        return self.edit.toPlainText()

    def _update_warning(self) -> None:
        warning = self._check(self.text())
        self.warning.setText(("⚠ " + warning) if warning else "")
        self.warning.setVisible(bool(warning))

    def show_error(self, message: str) -> None:
        self.message.show_message(message, error=True)


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
        try:
            return wording_infos(self.session.project).get(clause_id)
        except KooperationError:
            return None

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
        project = self.session.project
        try:
            doc = current_document(project)
        except KooperationError as exc:
            self.window.message.show_message(str(exc), error=True)
            return False
        clause = doc.clause(clause_id)
        if clause is None:
            self.window.message.show_message(
                _("Diese Klausel kommt im nächsten Entwurf nicht vor; ihre Fassung kann hier nicht bearbeitet werden."),
                error=True,
            )
            return False
        labels, targets = reference_labels(doc), reference_targets(doc)
        wording = project.wordings.get(clause_id)
        text = wording_text(wording.paragraphs, labels) if wording else editable_text(clause)
        heading = clause.heading

        def check(typed: str) -> str:
            hits = parameter_hits(project, clause.topic, parse_wording(typed, targets))
            return hits_text(hits, f"§ {clause.number}") if hits else ""

        dialog = WordingDialog(heading, text, check, self.window)
        self.window.wording_dialog = dialog  # for tests and screenshots
        while dialog.exec() == QDialog.DialogCode.Accepted:
            typed = dialog.text()
            if typed.strip() == text.strip():
                return False  # nothing changed
            new = new_wording(project, clause_id, typed, targets, author=self._who())
            problem = wording_problem(new.paragraphs)
            if problem:
                dialog.show_error(problem)
                continue
            return self.set(
                clause_id, new, _("Fassung bearbeiten"),
                _("Die Fassung von {heading} ist gespeichert; der nächste Entwurf verwendet sie.").format(
                    heading=heading
                ),
            )
        return False

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
        except (KooperationError, InputError) as exc:
            self.window.message.show_message(str(exc), error=True)
            self.window.state.reload()
            return False
        self.window.state.push(step, undo=undo, redo=do)
        self.window.message.show_message(done)
        return True

    def _who(self) -> str:
        return Settings().get(LAST_AUTHOR) or _("Projektteam")

