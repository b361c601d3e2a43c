"""Compare two versions of a document with clauses (agreement, LoI, NDA) clause by clause, and save the comparison.

Two lists choose the versions (by default the one before and the one reviewed). The clauses
that changed, were added or were removed are shown word by word: insertions green and
underlined, deletions red and struck through; a check box shows the unchanged ones too. The
comparison can be saved as a DOCX with real tracked changes (Word and LibreOffice can accept or
reject each one) and as a PDF.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.versions import CLAUSE_KINDS, kind_title, version_label
from kooperation.errors import KooperationError
from kooperation.i18n import _
from kooperation.review.model import ClauseDiff, ClauseText
from kooperation.ui.help_window import install_help_key
from kooperation.ui.message_line import MessageLine
from kooperation.ui.operations import Operation
from kooperation.ui.preview import read_only_tab_stop
from kooperation.ui.project_list_model import format_changed

from . import export_job, files, html_text


def status_text(status: str) -> str:
    return {
        "changed": _("geändert"),
        "added": _("neu"),
        "removed": _("entfallen"),
        "unchanged": _("unverändert"),
    }[status]


STATUS_STYLES = {
    "changed": html_text.OPEN_CHIP,
    "added": html_text.DONE_CHIP,
    "removed": html_text.DELETE_STYLE.replace("text-decoration:line-through;", ""),
    "unchanged": html_text.GREY_CHIP,
}


def agreed_chip(agreed: bool) -> str:
    """The label of a clause whose change is an individually agreed wording ("" otherwise)."""
    if not agreed:
        return ""
    return " " + html_text.chip(_("individuell vereinbarte Fassung"), html_text.ADOPTED_CHIP + " font-weight:normal;")


def diff_html(diff: ClauseDiff, agreed: bool = False) -> str:
    """One clause of the comparison: heading (with its own changes) and text; ``agreed`` labels
    a change that is an individually agreed wording."""
    from kooperation.review.compare import heading_segments

    status = diff.status
    if status == "unchanged" or (diff.old and diff.new and diff.old.title == diff.new.title):
        heading = html_text.escape((diff.new or diff.old).heading)  # type: ignore[union-attr]
    else:
        heading = html_text.segments_html(heading_segments(diff))
    label = html_text.chip(status_text(status), STATUS_STYLES[status] + " font-weight:normal;")
    body = html_text.segments_html(diff.segments, as_paragraphs=True)
    return f"<h3>{heading} &nbsp;<small>{label}{agreed_chip(agreed)}</small></h3>{body}"


def side_by_side_html(diff: ClauseDiff, old_label: str, new_label: str, agreed: bool = False) -> str:
    """One clause as two columns: the old wording with its deletions marked on the left, the new
    wording with its insertions marked on the right."""
    status = diff.status
    heading = html_text.escape((diff.new or diff.old).heading)  # type: ignore[union-attr]
    label = html_text.chip(status_text(status), STATUS_STYLES[status] + " font-weight:normal;")
    old = [s for s in diff.segments if s.kind != "insert"]
    new = [s for s in diff.segments if s.kind != "delete"]
    left = html_text.segments_html(old, as_paragraphs=True) if diff.old else ""
    right = html_text.segments_html(new, as_paragraphs=True) if diff.new else ""
    return (
        f"<h3>{heading} &nbsp;<small>{label}{agreed_chip(agreed)}</small></h3>"
        '<table width="100%" cellspacing="0" cellpadding="6" border="0"><tr>'
        f'<td width="50%" valign="top"><small><b>{html_text.escape(old_label)}</b></small>{left}</td>'
        f'<td width="50%" valign="top"><small><b>{html_text.escape(new_label)}</b></small>{right}</td>'
        "</tr></table>"
    )


class CompareDialog(QDialog):
    """Not modal: the review window stays usable beside it."""

    def __init__(
        self,
        store,
        project_id: str,
        project_name: str,
        new_id: str | None = None,
        old_id: str | None = None,
        parent: QWidget | None = None,
        kind: str | None = None,
    ) -> None:
        super().__init__(parent)
        install_help_key(self, "compare")  # F1: the manual on this window's page
        self.store = store
        self.project_id = project_id
        self.project_name = project_name
        self.diffs: list[ClauseDiff] = []
        self._clauses: dict[str, list[ClauseText]] = {}
        self._agreed: dict[str, dict[str, str]] = {}
        self._operation: Operation | None = None
        drafts = store.list_drafts(project_id)
        if kind is None:  # the kind of the version asked for; the agreement by default
            kind = next((v.kind for v in drafts if v.id == new_id), "vertrag")
        self.kind = kind if kind in CLAUSE_KINDS else "vertrag"
        self.setWindowTitle(
            _("Versionen vergleichen – {document} – {project}").format(
                document=kind_title(self.kind), project=project_name
            )
        )
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1000, 760)
        self.versions = sorted((v for v in drafts if v.kind == self.kind), key=lambda v: v.number)
        self._build()
        self._choose_defaults(new_id, old_id)
        self.old_combo.currentIndexChanged.connect(self.refresh)
        self.new_combo.currentIndexChanged.connect(self.refresh)
        self.all_check.toggled.connect(self._show)
        self.side_check.toggled.connect(self._show)
        self.refresh()

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        choose = QHBoxLayout()
        self.old_combo = QComboBox(self)
        self.new_combo = QComboBox(self)
        for combo in (self.old_combo, self.new_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            for info in self.versions:
                combo.addItem(self._version_text(info), info.id)
        old_label = QLabel(_("&Von:"), self)
        old_label.setBuddy(self.old_combo)
        new_label = QLabel(_("&zu:"), self)
        new_label.setBuddy(self.new_combo)
        choose.addWidget(old_label)
        choose.addWidget(self.old_combo)
        choose.addSpacing(12)
        choose.addWidget(new_label)
        choose.addWidget(self.new_combo)
        choose.addStretch(1)
        self.all_check = QCheckBox(_("Auch unveränderte Klauseln zeigen"), self)
        choose.addWidget(self.all_check)
        self.side_check = QCheckBox(_("&Nebeneinander"), self)
        self.side_check.setToolTip(_("Alte und neue Fassung jeder Klausel in zwei Spalten zeigen"))
        choose.addWidget(self.side_check)
        layout.addLayout(choose)

        self.summary = QLabel(self)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        legend = QLabel(
            "{ins} &nbsp; {dele}".format(
                ins=html_text.span(_("eingefügt"), html_text.INSERT_STYLE),
                dele=html_text.span(_("gestrichen"), html_text.DELETE_STYLE),
            ),
            self,
        )
        layout.addWidget(legend)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        read_only_tab_stop(self.browser)
        self.browser.setAccessibleName(_("Vergleich"))
        self.browser.document().setDefaultStyleSheet("p { margin-top: 0; margin-bottom: 6px; }")
        self.browser.document().setDocumentMargin(10)
        font = self.browser.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.browser.setFont(font)
        layout.addWidget(self.browser, 1)
        self.message = MessageLine(self)
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        self.docx_button = QPushButton(_("Als DOCX (Änderungsmodus) speichern …"), self)
        self.docx_button.setToolTip(
            _("Word-Datei mit nachverfolgten Änderungen: Word und LibreOffice können jede Änderung annehmen oder ablehnen.")
        )
        self.pdf_button = QPushButton(_("Als PDF speichern …"), self)
        close = QPushButton(_("Schließen"), self)
        self.docx_button.clicked.connect(lambda: self.save("docx"))
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        close.clicked.connect(self.close)
        for button in (self.docx_button, self.pdf_button, close):
            button.setAutoDefault(False)
        buttons.addWidget(self.docx_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    @staticmethod
    def _version_text(info) -> str:
        text = _("{version} ({date})").format(
            version=version_label(info.kind, info.number), date=format_changed(info.created_at)
        )
        return _("{version} – {note}").format(version=text, note=info.note) if info.note else text

    def _choose_defaults(self, new_id: str | None, old_id: str | None) -> None:
        ids = [v.id for v in self.versions]
        new_index = ids.index(new_id) if new_id in ids else len(ids) - 1
        if new_index == 0 and old_id is None and len(ids) > 1:
            new_index = 1  # the first version: compared with the one after it
        old_index = ids.index(old_id) if old_id in ids else max(0, new_index - 1)
        self.new_combo.setCurrentIndex(new_index)
        self.old_combo.setCurrentIndex(old_index)

    # --- comparing ----------------------------------------------------------------------------

    def select_versions(self, old_number: int, new_number: int) -> None:
        """Choose the versions by number (as a user picks them in the lists)."""
        numbers = [v.number for v in self.versions]
        self.old_combo.setCurrentIndex(numbers.index(old_number))
        self.new_combo.setCurrentIndex(numbers.index(new_number))

    def _clauses_of(self, draft_id: str) -> list[ClauseText]:
        if draft_id not in self._clauses:
            from kooperation.review.clauses import agreed_wordings, version_clauses

            version = self.store.get_draft_by_id(self.project_id, draft_id)
            self._clauses[draft_id] = version_clauses(version)
            self._agreed[draft_id] = agreed_wordings(version)
        return self._clauses[draft_id]

    def agreed(self, diff: ClauseDiff) -> bool:
        """Whether the change of this clause is a wording agreed since the old version."""
        old, new = self.old_combo.currentData(), self.new_combo.currentData()
        wording = self._agreed.get(new, {}).get(diff.clause_id)
        return (
            wording is not None and diff.status == "changed"
            and self._agreed.get(old, {}).get(diff.clause_id) != wording
        )

    def _numbers(self) -> tuple[int, int]:
        return (
            self.versions[self.old_combo.currentIndex()].number,
            self.versions[self.new_combo.currentIndex()].number,
        )

    def refresh(self, *_args: object) -> None:
        """Compare the chosen versions and show the result."""
        from kooperation.review.compare import compare_clauses, summarize

        self.diffs = []
        self.message.clear()
        if len(self.versions) < 2:
            self._refuse(
                _("Vom Dokument „{document}“ gibt es erst eine Version. Zum Vergleichen braucht es zwei.").format(
                    document=kind_title(self.kind)
                )
            )
            return
        old_id, new_id = self.old_combo.currentData(), self.new_combo.currentData()
        if old_id == new_id:
            self._refuse(_("Bitte zwei verschiedene Versionen wählen."))
            return
        try:
            self.diffs = compare_clauses(self._clauses_of(old_id), self._clauses_of(new_id))
        except KooperationError as exc:
            self._refuse(str(exc))
            return
        old, new = self._numbers()
        self.summary.setText(
            _("{old} → {new}: {summary}").format(
                old=version_label(self.kind, old),
                new=version_label(self.kind, new),
                summary=summarize(self.diffs).text(),
            )
        )
        self._show()

    def _refuse(self, message: str) -> None:
        self.summary.setText(message)
        self.browser.clear()
        self._update_buttons()

    def _show(self, *_args: object) -> None:
        wanted = [d for d in self.diffs if self.all_check.isChecked() or d.status != "unchanged"]
        if self.diffs and not wanted:
            self.browser.setHtml(
                "<p>{}</p>".format(html_text.escape(_("Die beiden Versionen stimmen in allen Klauseln überein.")))
            )
        elif self.side_check.isChecked():
            old_number, new_number = self._numbers()
            old_label = version_label(self.kind, old_number)
            new_label = version_label(self.kind, new_number)
            self.browser.setHtml(
                "".join(side_by_side_html(d, old_label, new_label, self.agreed(d)) for d in wanted)
            )
        else:
            self.browser.setHtml("".join(diff_html(d, self.agreed(d)) for d in wanted))
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = bool(self.diffs) and self._operation is None
        self.docx_button.setEnabled(ready)
        self.pdf_button.setEnabled(ready)

    def shown_text(self) -> str:
        """The comparison as plain text (for tests and screen readers)."""
        return self.browser.toPlainText()

    # --- saving -------------------------------------------------------------------------------

    def save(self, fmt: str) -> None:
        """Ask where to save, render the comparison on a worker, then write it."""
        if not self.diffs or self._operation is not None:
            return
        old, new = self._numbers()
        language = self.versions[self.new_combo.currentIndex()].language
        name = f"{export_job.compare_base(self.project_name, old, new, self.kind, language)}.{fmt}"
        title = _("Vergleich als DOCX speichern") if fmt == "docx" else _("Vergleich als PDF speichern")
        path = files.choose_save_path(self, title, name)
        if path is None:
            return
        language = self.versions[self.new_combo.currentIndex()].language  # the file speaks the draft's language
        self._operation = Operation(
            self,
            export_job.compare_file,
            fmt,
            list(self.diffs),
            export_job.compare_title(old, new, self.kind, language),
            export_job.compare_subtitle(self.project_name, self.kind, language),
            datetime.now(UTC),
            language,
        )
        self._operation.on_success(partial(self._rendered, path)).on_failure(self._failed)
        self._update_buttons()
        self.message.show_message(_("Der Vergleich wird erzeugt …"))
        self._operation.run()

    def _rendered(self, path, data: bytes) -> None:
        self._operation = None
        self._update_buttons()
        problem = files.write_files([(path, data)])
        if problem:
            self.message.show_message(problem, error=True)
        else:
            self.message.show_message(files.saved_message([path]))

    def _failed(self, message: str) -> None:
        self._operation = None
        self._update_buttons()
        self.message.show_message(
            _("Der Vergleich konnte nicht gespeichert werden. {message}").format(message=message),
            error=True,
        )
