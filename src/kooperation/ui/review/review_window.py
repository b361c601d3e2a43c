"""The review of one agreement version: clauses, their comment threads, all comments.

Left the clauses as numbered in the document, each with its open comments and a mark when one
must be checked again; in the middle the chosen clause and below it its threads (and the form
to write); right every comment of the version with filters. Each action is stored at once and
can be undone (Strg+Z in this window). The toolbar imports a Word file the reviewer sent back,
exports the version with the comments for the reviewer, and compares versions.

An earlier version (a newer one of its kind exists) is read-only: its comments are shown as they
were, each open one with the version it continues in, and a note says so; it can still be
exported and compared.

The window is not modal and belongs to the drafts page: it closes with the project.
"""

from __future__ import annotations

import contextlib
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.versions import version_label
from kooperation.errors import KooperationError
from kooperation.i18n import _
from kooperation.review.model import Comment, CommentKind, CommentStatus
from kooperation.ui.help_window import install_help_key
from kooperation.ui.input_guard import ask_discard
from kooperation.ui.message_line import MessageLine
from kooperation.ui.palette import follow_box_colours
from kooperation.ui.preview import read_only_tab_stop
from kooperation.ui.session import Change, ProjectSession
from kooperation.ui.wording_view import info_html

from . import html_text
from .clause_list import ClauseListModel, ClauseListView
from .comment_form import EDIT, NEW, REPLY, CommentForm
from .comment_list import CommentListPanel
from .file_actions import ReviewFileActions
from .state import ReviewState
from .thread_view import ThreadView
from .wordings import VersionDocument, WordingActions, current_wording

BANNER = {"light": ("#fff4d6", "#4a3500"), "dark": ("#4a3a10", "#ffe8a8")}
"""Background and text of the note that this is an earlier version (read-only)."""


def window_title(kind: str, number: int, project: str, read_only: bool = False) -> str:
    """"Prüfung – Vertrag v3 – Projekt", for an earlier version with "(nur lesen)"."""
    version = version_label(kind, number)
    if read_only:
        version = _("{version} (frühere Version, nur lesen)").format(version=version)
    return _("Prüfung – {version} – {project}").format(version=version, project=project)


class ReviewWindow(QMainWindow):
    """See the module docstring; ``state`` holds the version and its comments."""

    sig_comments_changed = Signal(str)
    """The comments of the version changed; carries the version's id."""

    def __init__(self, session: ProjectSession, draft_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        install_help_key(self, "review")  # F1: the manual on this window's page
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.session = session
        self.state = ReviewState(session.store, session.project.id, draft_id, self)
        self.version = self.state.version
        self.version_doc = VersionDocument(self.version)
        self.wordings = WordingActions(self)
        self.wording_dialog = None
        self.state.adopted_ids = self.wordings.adopted_comment_ids()
        self.file_actions = ReviewFileActions(self)
        self.compare_dialog = None
        self.resize(1400, 900)
        self._build()
        self._build_actions()
        self._update_version_state()
        self.state.sig_changed.connect(lambda: self.sig_comments_changed.emit(self.state.draft_id))
        self.state.sig_changed.connect(self._update_clause_header)
        self.state.sig_error.connect(lambda text: self.message.show_message(text, error=True))
        session.sig_changed.connect(self._session_changed)
        if self.state.clauses:
            self.clause_view.select_clause(self.state.clauses[0].id)

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(6, 6, 6, 6)
        self.banner = QFrame(central)
        self.banner.setObjectName("newerVersion")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        follow_box_colours(self.banner, BANNER)
        banner_row = QHBoxLayout(self.banner)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setWordWrap(True)
        self.banner_button = QPushButton(self.banner)
        self.banner_button.clicked.connect(self._open_newest)
        banner_row.addWidget(self.banner_label, 1)
        banner_row.addWidget(self.banner_button)
        outer.addWidget(self.banner)

        self.clause_model = ClauseListModel(self.state, self)
        self.clause_view = ClauseListView(self.clause_model, central)
        self.clause_view.selectionModel().selectionChanged.connect(self._clause_changed)

        self.clause_browser = QTextBrowser(central)
        self.clause_browser.setOpenLinks(False)
        read_only_tab_stop(self.clause_browser)
        self.clause_browser.setAccessibleName(_("Text der Klausel"))
        self.clause_browser.document().setDefaultStyleSheet(
            "p { margin-top: 0; margin-bottom: 8px; } h2 { margin-bottom: 6px; }"
        )
        font = self.clause_browser.font()
        font.setPointSizeF(font.pointSizeF() * 1.12)
        self.clause_browser.setFont(font)

        comments = QWidget(central)
        comments_layout = QVBoxLayout(comments)
        comments_layout.setContentsMargins(0, 4, 0, 0)
        header = QHBoxLayout()
        self.clause_header = QLabel(comments)
        bold = self.clause_header.font()
        bold.setBold(True)
        self.clause_header.setFont(bold)
        self.new_button = QPushButton(_("Neuer Kommentar …"), comments)
        self.new_button.setToolTip(_("Einen Kommentar zur gewählten Klausel schreiben (Strg+N)"))
        self.new_button.clicked.connect(self.new_comment)
        self.edit_wording_button = QPushButton(_("Fassung bearbeiten …"), comments)
        self.edit_wording_button.setToolTip(
            _("Den Wortlaut der gewählten Klausel für dieses Projekt bearbeiten; der nächste Entwurf verwendet ihn")
        )
        self.edit_wording_button.clicked.connect(self.edit_wording)
        self.revert_button = QPushButton(_("Vorlagentext wiederherstellen"), comments)
        self.revert_button.setToolTip(_("Die vereinbarte Fassung verwerfen: die Klausel folgt wieder der Vorlage"))
        self.revert_button.clicked.connect(self.revert_wording)
        header.addWidget(self.clause_header, 1)
        header.addWidget(self.edit_wording_button)
        header.addWidget(self.revert_button)
        header.addWidget(self.new_button)
        comments_layout.addLayout(header)
        self.threads = ThreadView(self.state, comments)
        self.threads.sig_action.connect(self.on_action)
        comments_layout.addWidget(self.threads, 1)
        self.form = CommentForm(comments)
        self.form.sig_submitted.connect(self.submit_form)
        self.form.sig_opened.connect(self._make_room)
        comments_layout.addWidget(self.form)

        self.middle = middle = QSplitter(Qt.Orientation.Vertical, central)
        middle.addWidget(self.clause_browser)
        middle.addWidget(comments)
        middle.setStretchFactor(0, 2)
        middle.setStretchFactor(1, 3)
        middle.setSizes([300, 560])
        middle.setChildrenCollapsible(False)

        self.comment_list = CommentListPanel(self.state, central)
        self.comment_list.sig_comment_chosen.connect(self.show_comment)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.splitter.addWidget(self.clause_view)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.comment_list)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([340, 620, 420])
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter, 1)
        self.message = MessageLine(central)
        outer.addWidget(self.message)
        self.setCentralWidget(central)
        if not self.state.clauses:
            self.clause_header.setText(_("Diese Version hat keine Klauseln, die man kommentieren kann."))
            self.new_button.setEnabled(False)
            self.edit_wording_button.setEnabled(False)
        self.revert_button.setEnabled(False)

    def _build_actions(self) -> None:
        def action(text: str, slot, shortcut: QKeySequence | None = None, tip: str = "") -> QAction:
            act = QAction(text, self)
            act.triggered.connect(lambda _checked=False: slot())
            if shortcut is not None:
                act.setShortcut(shortcut)
            if tip:
                act.setToolTip(tip)
            return act

        self.new_action = action(_("Neuer Kommentar …"), self.new_comment, QKeySequence.StandardKey.New)
        self.import_action = action(
            _("Word-Datei importieren …"),
            self.import_word,
            tip=_("Kommentare und Änderungen aus einer zurückgeschickten Word-Datei übernehmen"),
        )
        self.export_action = action(
            _("Zur Prüfung exportieren …"),
            self.export_for_review,
            tip=_("Die Version mit den offenen Kommentaren als Word-Datei (und PDF) speichern"),
        )
        self.compare_action = action(
            _("Mit Version vergleichen …"),
            self.compare,
            tip=_("Diese Version Klausel für Klausel mit einer anderen vergleichen"),
        )
        self.close_action = action(_("Schließen"), self.close, QKeySequence.StandardKey.Close)
        stack = self.state.undo_stack
        self.undo_action = stack.createUndoAction(self, _("Rückgängig"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, _("Wiederholen"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)

        toolbar = self.addToolBar(_("Prüfung"))
        toolbar.setObjectName("reviewToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act in (self.import_action, self.export_action, self.compare_action):
            toolbar.addAction(act)
        toolbar.addSeparator()
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)

        menu = self.menuBar().addMenu(_("&Prüfung"))
        for act in (self.new_action, self.import_action, self.export_action, self.compare_action):
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.close_action)
        edit = self.menuBar().addMenu(_("&Bearbeiten"))
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        self.export_action.setEnabled(bool(self.state.clauses))

    @property
    def read_only(self) -> bool:
        """An earlier version: its comments are shown as they were, nothing can be changed."""
        return self.state.read_only

    def _update_title(self) -> None:
        self.setWindowTitle(
            window_title(self.version.kind, self.version.number, self.session.project.name, self.read_only)
        )

    def _update_version_state(self) -> None:
        """An earlier version is read-only: a note says where its open points continue, and
        every control that would change a comment is gone."""
        self._newest = self.state.newest
        self._update_title()
        read_only = self.read_only
        has_clauses = bool(self.state.clauses)
        self.new_button.setVisible(not read_only)
        self.new_button.setEnabled(has_clauses)
        self.edit_wording_button.setVisible(not read_only)  # wordings are edited on the newest
        self.revert_button.setVisible(not read_only)
        self.new_action.setEnabled(has_clauses and not read_only)
        self.import_action.setToolTip(
            _(
                "Eine zu dieser Version zurückgeschickte Word-Datei übernehmen: was sie enthält, "
                "wird in {newest} weitergeführt"
            ).format(newest=version_label(self._newest.kind, self._newest.number))
            if self._newest is not None
            else _("Kommentare und Änderungen aus einer zurückgeschickten Word-Datei übernehmen")
        )
        if read_only:
            self.state.undo_stack.clear()  # nothing of an earlier version can be undone
            if self.form.isVisible() and not self.form.has_unsaved():
                self.form.finish()
        if self._newest is None:
            self.banner.hide()
            return
        newest = version_label(self._newest.kind, self._newest.number)
        self.banner_label.setText(
            _("Frühere Version – nur lesen; offene Punkte werden in {newest} weitergeführt.").format(
                newest=newest
            )
        )
        self.banner_button.setText(_("{version} prüfen").format(version=newest))
        self.banner.show()

    # --- choosing -----------------------------------------------------------------------------

    def current_clause_id(self) -> str | None:
        return self.clause_view.current_clause_id()

    def select_clause(self, clause_id: str) -> bool:
        return self.clause_view.select_clause(clause_id)

    def _clause_changed(self, *_args: object) -> None:
        clause_id = self.current_clause_id()
        self._show_clause_text()
        if self.form.isVisible() and self.form.mode == NEW:
            self.form.set_aside()  # typed text waits for this clause
        self.threads.show_clause(clause_id)
        self.comment_list.set_clause(clause_id)
        self._update_clause_header()

    def _show_clause_text(self) -> None:
        """The clause as in this version; above it, if the project agreed a wording for it, a
        box saying so (what the next draft prints, what to check)."""
        clause_id = self.current_clause_id()
        clause = self.state.clause(clause_id) if clause_id else None
        info = self.wordings.info(clause_id) if clause_id else None
        self.revert_button.setEnabled(info is not None)
        # a wording belongs to a § clause; the title page, preamble or an annex have none
        self.edit_wording_button.setEnabled(clause is not None and not clause.is_part)
        if clause is None:
            self.clause_browser.clear()
            return
        box = ""
        if info is not None:
            box = info_html(info) + "<p><small>{}</small></p><blockquote>{}</blockquote><hr/>".format(
                html_text.escape(_("Der nächste Entwurf verwendet diese Fassung:")),
                html_text.paragraphs(info.text),
            )
        self.clause_browser.setHtml(
            f"{box}<h2>{html_text.escape(clause.heading)}</h2>{html_text.paragraphs(clause.text)}"
        )

    def _update_clause_header(self) -> None:
        clause_id = self.current_clause_id()
        if clause_id is None:
            return
        count = len(self.state.threads(clause_id))
        self.clause_header.setText(
            _("Kommentare zu {heading} ({count})").format(heading=self.state.heading(clause_id), count=count)
        )

    def _make_room(self) -> None:
        """Give the threads and the open form the room the clause text does not need."""
        top, bottom = self.middle.sizes()
        if top > 220:
            self.middle.setSizes([220, bottom + top - 220])

    def show_comment(self, comment_id: str) -> None:
        """Select the clause of a comment and bring its card into sight (a comment on a clause
        this version no longer has: its thread alone, under a note)."""
        comment = self.state.comment(comment_id)
        if comment is None:
            return
        if not self.select_clause(comment.clause_id):
            self.clause_view.clearSelection()
            self.clause_browser.setHtml(
                "<p><i>{}</i></p>".format(html_text.escape(
                    _("Die Klausel dieses Kommentars gibt es in dieser Version nicht mehr.")))
            )
            self.threads.show_clause(comment.clause_id)
            self.clause_header.setText(
                _("Kommentare zu {heading} ({count})").format(
                    heading=self.state.heading(comment.clause_id),
                    count=len(self.state.threads(comment.clause_id)),
                )
            )
        self.threads.highlight(comment_id)

    # --- writing ------------------------------------------------------------------------------

    def new_comment(self) -> None:
        if self.read_only:
            return
        clause_id = self.current_clause_id()
        clause = self.state.clause(clause_id) if clause_id else None
        if clause is None:
            self.message.show_message(_("Bitte zuerst links eine Klausel wählen."), error=True)
            return
        self.form.set_authors(self.state.authors())
        self.form.start_new(clause.id, clause.heading, current_wording(self.session, self.version_doc, clause))

    def on_action(self, action: str, comment_id: str) -> None:
        """A card's button: one of `thread_view.ACTIONS`."""
        comment = self.state.comment(comment_id)
        if comment is None:
            return
        self.threads.highlight(comment_id)
        if action == "reply":
            self.form.set_authors(self.state.authors())
            self.form.start_reply(comment)
        elif action == "edit":
            clause = self.state.clause(comment.clause_id)
            self.form.set_authors(self.state.authors())
            self.form.start_edit(comment, current_wording(self.session, self.version_doc, clause) if clause else "")
        elif action == "adopt":
            self.wordings.adopt(comment)
        elif action == "delete":
            self.delete_comment(comment)
        elif action == "checked":
            self._store(
                partial(self.state.update, comment_id, step=_("Als neu geprüft markieren"), needs_recheck=False),
                _("Als neu geprüft markiert; der Kommentar bleibt offen."),
            )
        else:
            status = {"resolve": CommentStatus.RESOLVED, "reject": CommentStatus.REJECTED}.get(
                action, CommentStatus.OPEN
            )
            self._store(partial(self.state.set_status, comment_id, status), {
                CommentStatus.RESOLVED: _("Als erledigt markiert."),
                CommentStatus.REJECTED: _("Als abgelehnt markiert."),
                CommentStatus.OPEN: _("Wieder geöffnet."),
            }[status])

    def edit_wording(self) -> None:
        """Edit the wording of the chosen clause for this project (a dialog)."""
        clause_id = self.current_clause_id()
        if clause_id is None:
            self.message.show_message(_("Bitte zuerst links eine Klausel wählen."), error=True)
            return
        self.wordings.edit(clause_id)

    def revert_wording(self) -> None:
        """The chosen clause follows the library text again."""
        clause_id = self.current_clause_id()
        if clause_id is not None:
            self.wordings.revert(clause_id)

    def delete_comment(self, comment: Comment) -> None:
        replies = len(self.state.replies(comment.id))
        question = _("Den Kommentar von {author} löschen?").format(author=comment.author)
        if replies:
            question += " " + _("Die Antworten darauf werden mitgelöscht.")
        answer = QMessageBox.question(
            self, _("Kommentar löschen"), question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._store(partial(self.state.delete, comment.id), _("Gelöscht. Strg+Z holt ihn zurück."))

    def _store(self, action, done: str) -> bool:
        try:
            action()
        except KooperationError as exc:
            self.message.show_message(str(exc), error=True)
            return False
        self.message.show_message(done)
        return True

    def submit_form(self) -> None:
        """Store what the form holds; on a refusal the message stays in the form."""
        form = self.form
        values = form.values()
        try:
            if form.mode == NEW:
                if values.kind == CommentKind.SUGGESTION and values.proposed_text == form.clause_text.strip():
                    form.show_error(_("Die neue Fassung ist noch gleich dem jetzigen Text. Bitte ändern Sie sie."))
                    return
                stored = self.state.add(Comment(
                    draft_id=self.state.draft_id, clause_id=form.target_id or "", text=values.text,
                    author=values.author, role=values.role, kind=values.kind,
                    proposed_text=values.proposed_text,
                    original_text=form.clause_text if values.kind == CommentKind.SUGGESTION else "",
                ))
            elif form.mode == REPLY:
                stored = self.state.add(Comment(
                    draft_id="", clause_id="", text=values.text, author=values.author,
                    role=values.role, parent_id=form.target_id,
                ))
            else:
                stored = self._edit(form.target_id or "", values)
        except KooperationError as exc:
            form.show_error(str(exc))
            return
        form.remember(values)
        form.finish()
        self.message.show_message(
            _("Gespeichert.") if form.mode == EDIT else _("Kommentar gespeichert.")
        )
        self.show_comment(stored.id)

    def _edit(self, comment_id: str, values) -> Comment:
        current = self.state.comment(comment_id)
        fields = {"text": values.text, "author": values.author, "role": values.role}
        if current is not None and current.parent_id is None:
            fields.update(kind=values.kind, proposed_text=values.proposed_text)
            if values.kind == CommentKind.SUGGESTION and not current.original_text:
                fields["original_text"] = self.form.clause_text
        return self.state.update(comment_id, step=_("Kommentar bearbeiten"), **fields)

    # --- files --------------------------------------------------------------------------------

    def import_word(self, path: Path | None = None) -> None:
        """Take over the comments and changes of a Word file the reviewer sent back."""
        self.file_actions.import_word(path)

    def export_for_review(self) -> None:
        """Save the version with its comments for the reviewer (DOCX and PDF, as it has them)."""
        self.file_actions.export_for_review()

    def compare(self) -> None:
        """Open the comparison of this version with the one before it (not modal)."""
        from .compare_dialog import CompareDialog

        if self.compare_dialog is not None and self.compare_dialog.isVisible():
            self.compare_dialog.raise_()
            self.compare_dialog.activateWindow()
            return
        self.compare_dialog = CompareDialog(
            self.session.store, self.state.project_id, self.session.project.name,
            new_id=self.state.draft_id, parent=self,
        )
        self.compare_dialog.show()

    # --- the rest of the project --------------------------------------------------------------

    def _session_changed(self, change: Change) -> None:
        if change.kind == "drafts":
            self.state.reload()  # a new version continues the open comments: this one is earlier
            self._update_version_state()
        elif change.kind == "project":
            self._update_title()
        if change.kind in ("wordings", "decisions", "drafts"):
            adopted = self.wordings.adopted_comment_ids()
            if adopted != self.state.adopted_ids:
                self.state.adopted_ids = adopted
                self.threads.refresh()
            self._show_clause_text()

    def _open_newest(self) -> None:
        if self._newest is not None:
            from . import open_review_window

            open_review_window(self.session, self._newest.id, self.parentWidget())

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.form.has_unsaved() and not ask_discard(
            self, _("Ein angefangener Kommentar ist noch nicht gespeichert. Verwerfen, und er ist verloren.")
        ):
            event.ignore()
            return
        with contextlib.suppress(RuntimeError, TypeError):
            self.session.sig_changed.disconnect(self._session_changed)
        super().closeEvent(event)
