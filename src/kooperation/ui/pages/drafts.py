"""Step 5 of the journey: generate a draft (agreement or project sketch) and manage its versions.

Rendering runs as an `Operation` on a worker thread with a progress bar, so the window stays
responsive; the worker gets a copy of the project. When the rendering is done, the same worker
stores the version (all-or-nothing, `drafts.store_draft`) with a connection of its own (the
store gives every thread one, `reads_on_worker`): writing the files of a version took 40-60 ms,
which the window spent frozen when the GUI thread wrote them. Back on the GUI thread the page
announces ``Change("drafts", ("vertrag-3",))`` and shows the version. A store whose single
connection all threads share (an in-memory database) is written on the GUI thread as before.
Stored versions can be opened with the system's viewer (from a copy in the user's cache folder)
or saved elsewhere.
"""

from __future__ import annotations

import copy
import os
from functools import partial
from pathlib import Path

from platformdirs import user_cache_dir
from PySide6.QtCore import QModelIndex, QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kooperation import drafts
from kooperation.atomic import write_atomic
from kooperation.domain.serialize import DraftFile, DraftVersionInfo
from kooperation.domain.versions import CLAUSE_KINDS, kind_title, version_label, version_ref
from kooperation.drafting.languages import document_language_for
from kooperation.errors import KooperationError
from kooperation.i18n import _, ngettext
from kooperation.ui.draft_list_model import (
    COL_CREATED,
    COL_FORMATS,
    COL_HASH,
    COL_KIND,
    COL_NOTE,
    COL_NUMBER,
    DraftListModel,
)
from kooperation.ui.memory import hand_back_freed_memory
from kooperation.ui.message_line import MessageLine
from kooperation.ui.operations import Operation
from kooperation.ui.pages.base import Page, set_help
from kooperation.ui.pages.drafts_share import ShareActions
from kooperation.ui.project_load import reads_on_worker
from kooperation.ui.session import Change, ProjectSession
from kooperation.ui.settings import Settings

APP_NAME = "Kooperation"


def open_folder() -> Path:
    """Where opened drafts are copied for the system's viewer: the user's cache folder, or a
    folder inside ``KOOPERATION_DATA_DIR`` when that is set (portable installs, tests)."""
    override = os.environ.get("KOOPERATION_DATA_DIR")
    base = (
        Path(override).expanduser() / "cache"
        if override
        else Path(user_cache_dir(APP_NAME, appauthor=False))
    )
    return base / "geoeffnete-entwuerfe"


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` completely or not at all, creating its folder."""
    write_atomic(path, data, make_folder=True)


def _render_job(
    progress, project, kind: str, formats: list[str], number: int, language: str
) -> drafts.RenderedDraft:
    """The worker's rendering (looked up at call time so tests can patch it)."""
    return drafts.render_draft(project, kind, formats, number, language, progress)


def _draft_job(
    progress, store, project, kind: str, formats: list[str], number: int, language: str, note: str
) -> drafts.RenderedDraft | drafts.DraftResult:
    """The worker's part: render, then, if ``store`` is given, store the version as
    `drafts.store_draft` does on the command line (all-or-nothing: a failure leaves the store as
    it was and reaches the page as a message; a version stored meanwhile under the same number
    is refused). ``store`` None: return what was rendered, the GUI thread stores it."""
    rendered = _render_job(progress, project, kind, formats, number, language)
    if store is None:
        return rendered
    progress(85, _("Version wird gespeichert …"))
    return drafts.store_draft(store, rendered, note=note)


class DraftsPage(Page):
    """Generate drafts and list, open and save the stored versions of the project."""

    sig_draft_generated = Signal(int)
    """A new version was stored; carries its number (within its kind)."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = _("Entwürfe")
        self._operation: Operation | None = None
        self.model = DraftListModel(self)
        self._build()
        self.refresh()
        self._update_buttons()

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Aus Ihren Eingaben entsteht ein Entwurf als Word- und PDF-Datei. Jede Erzeugung "
                "wird als nummerierte Version gespeichert. Ein Entwurf ersetzt keine Rechtsberatung: "
                "Lassen Sie ihn vor der Unterschrift von einer Anwältin oder einem Anwalt prüfen."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self._build_generate_group())
        layout.addWidget(self._build_versions_group(), 1)

    def _build_generate_group(self) -> QGroupBox:
        box = QGroupBox(_("Neuer Entwurf"), self)
        set_help(
            box,
            _("Neuer Entwurf"),
            _(
                "Ein Entwurf fasst alles zusammen, was Sie zu Partnern, Zielen und Regeln eingegeben "
                "haben. Offene Punkte sind im Text markiert und im Anhang aufgelistet. Jede Erzeugung "
                "wird als neue, nummerierte Version gespeichert; frühere Versionen bleiben erhalten."
            ),
        )
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.kind_group = QButtonGroup(self)
        # two by two: in one row the four kinds made the page (and with it the window) at least
        # 710 px wide, squeezing the preview even while another page was on screen
        kinds = QGridLayout()
        kinds.setHorizontalSpacing(16)
        kinds.setColumnStretch(2, 1)
        self.kind_buttons: dict[str, QRadioButton] = {}
        helps = {
            "vertrag": _(
                "Der Kooperationsvertrag regelt verbindlich, wer was beiträgt, wie entschieden wird, "
                "wem Ergebnisse gehören, wie Partner hinzukommen oder austreten und wie Streit "
                "gelöst wird."
            ),
            "absichtserklaerung": _(
                "Die Absichtserklärung hält fest, dass die Partner zusammenarbeiten wollen: Ziel, "
                "beabsichtigte Form und nächste Schritte. Sie bindet nicht, bis auf Vertraulichkeit, "
                "Kosten, Geltungsdauer und Gerichtsstand."
            ),
            "vertraulichkeit": _(
                "Die gegenseitige Vertraulichkeitsvereinbarung schützt, was die Partner einander "
                "schon beim Kennenlernen zeigen. Sie übernimmt, was Sie im Thema Vertraulichkeit "
                "vereinbart haben."
            ),
            "skizze": _(
                "Die Projektskizze beschreibt Partner, Ziele, Geschäftsmodell und Fahrplan auf "
                "wenigen Seiten – gut für Fördergeber, Gremien und die nächste Partnerrunde."
            ),
        }
        for i, kind in enumerate(drafts.KINDS):
            button = QRadioButton(kind_title(kind), box)
            set_help(button, button.text(), helps[kind])
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            kinds.addWidget(button, i // 2, i % 2)
        self.kind_buttons["vertrag"].setChecked(True)
        form.addRow(_("Dokument:"), kinds)

        formats = QHBoxLayout()
        self.format_boxes: dict[str, QCheckBox] = {
            "docx": QCheckBox(_("DOCX (Word, LibreOffice)"), box),
            "pdf": QCheckBox(_("PDF"), box),
        }
        set_help(self.format_boxes["docx"], _("DOCX"), _("Zum Weiterbearbeiten und Kommentieren in Word oder LibreOffice, etwa durch Ihre Rechtsberatung."))
        set_help(self.format_boxes["pdf"], _("PDF"), _("Zum Lesen, Drucken und Verschicken; sieht überall gleich aus."))
        for check in self.format_boxes.values():
            check.setChecked(True)
            check.toggled.connect(self._update_buttons)
            formats.addWidget(check)
        formats.addStretch(1)
        form.addRow(_("Formate:"), formats)
        form.addRow(_("Sprache:"), self._build_language_box(box))

        self.note_edit = QLineEdit(box)
        self.note_edit.setPlaceholderText(_("optional, z. B. „Stand nach dem Workshop“"))
        self.note_edit.setMaxLength(500)
        set_help(self.note_edit, _("Notiz zur Version"), _("Ein kurzer Vermerk, an dem Sie die Version später wiedererkennen. Er erscheint nur in der Liste, nicht im Dokument."))
        form.addRow(_("Notiz:"), self.note_edit)

        run_row = QHBoxLayout()
        self.generate_button = QPushButton(_("Entwurf erzeugen"), box)
        self.generate_button.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_G))
        self.generate_button.setToolTip(
            _("Entwurf erzeugen und als neue Version speichern (Strg+G)")
        )
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        set_help(
            self.generate_button,
            _("Entwurf erzeugen"),
            _(
                "Erzeugt das Dokument aus dem aktuellen Stand und speichert es als nächste Version. "
                "Sie können währenddessen weiterarbeiten. Der Entwurf muss vor der Unterschrift "
                "von einer Anwältin oder einem Anwalt geprüft werden."
            ),
        )
        self.progress_bar = QProgressBar(box)
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setFormat(_("%p %"))
        self.progress_bar.setAccessibleName(_("Fortschritt"))
        self.progress_bar.hide()
        self.step_label = QLabel(box)
        self.step_label.hide()
        run_row.addWidget(self.generate_button)
        run_row.addWidget(self.progress_bar, 1)
        run_row.addWidget(self.step_label, 1)
        run_row.addStretch(0)
        form.addRow(run_row)
        self.generate_message = MessageLine(box)
        form.addRow(self.generate_message)
        return box

    def _build_language_box(self, parent: QWidget) -> QComboBox:
        """The project's document language (independent of the interface language): choosing
        one stores it in the project (undoable; the preview and every later draft follow);
        bilingual: both versions side by side, the first prevails (the sketch: the first)."""
        self.language_box = QComboBox(parent)
        # as wide as the form gives it, at least 24 characters (the list shows the long entries
        # whole): sized to its longest entry, it set the page's least width
        self.language_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.language_box.setMinimumContentsLength(24)
        for code, text in (
            ("de", _("Deutsch")),
            ("en", _("Englisch")),
            ("de+en", _("Deutsch und Englisch nebeneinander (Deutsch maßgeblich)")),
            ("en+de", _("Englisch und Deutsch nebeneinander (Englisch maßgeblich)")),
        ):
            self.language_box.addItem(text, code)
        self._show_project_language()
        self.language_box.activated.connect(self._language_chosen)
        set_help(self.language_box, _("Sprache"), _(
            "Die Sprache der Dokumente dieses Projekts, unabhängig von der Sprache der Oberfläche; "
            "die Vorschau folgt ihr. Zweisprachig stehen beide Fassungen Absatz für Absatz "
            "nebeneinander, und eine Klausel bestimmt, welche Fassung bei Abweichungen vorgeht "
            "(die Projektskizze entsteht in der maßgeblichen Sprache)."
        ))
        return self.language_box

    def _show_project_language(self) -> None:
        index = self.language_box.findData(self.session.project.language or "de")
        self.language_box.blockSignals(True)
        self.language_box.setCurrentIndex(max(index, 0))
        self.language_box.blockSignals(False)

    def _language_chosen(self, _index: int) -> None:
        """The user chose a language: it becomes the project's document language."""
        if not self.session.set_project_field("language", self.language_box.currentData() or "de"):
            self._show_project_language()  # refused (stale): show what is stored

    def selected_language(self) -> str:
        """The language of the draft to generate: the project's (a bilingual project's sketch
        in its prevailing language)."""
        return document_language_for(self.selected_kind(), None, self.language_box.currentData() or "de")

    def _build_versions_group(self) -> QGroupBox:
        box = QGroupBox(_("Gespeicherte Versionen"), self)
        layout = QVBoxLayout(box)
        self.empty_label = QLabel(
            _("Noch keine Entwürfe gespeichert. Erzeugen Sie oben den ersten."), box
        )
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)

        self.table = QTableView(box)
        self.table.setAccessibleName(_("Gespeicherte Versionen"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows choose a version
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col in (COL_NUMBER, COL_KIND, COL_CREATED, COL_FORMATS, COL_HASH):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._double_clicked)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(
                QKeySequence(key), self.table, context=Qt.ShortcutContext.WidgetShortcut
            )
            shortcut.activated.connect(self._open_current)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        set_help(
            self.table,
            _("Gespeicherte Versionen"),
            _(
                "Jede Erzeugung ist hier als nummerierte Version gespeichert, mit dem Stand des "
                "Projekts von damals. Doppelklick oder Eingabetaste öffnet das PDF. Gleiche "
                "Prüfsumme heißt gleicher Inhalt."
            ),
        )
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.format_combo = QComboBox(box)
        self.format_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        set_help(self.format_combo, _("Format"), _("Welche Datei der gewählten Version geöffnet oder gespeichert wird."))
        format_label = QLabel(_("&Format:"), box)
        format_label.setBuddy(self.format_combo)
        self.open_button = QPushButton(_("Öffnen"), box)
        self.open_button.clicked.connect(lambda: self.open_selected())
        set_help(self.open_button, _("Öffnen"), _("Öffnet die Datei mit dem Programm, das Ihr Computer dafür vorsieht. Änderungen dort ändern die gespeicherte Version nicht."))
        self.save_button = QPushButton(_("Speichern unter …"), box)
        self.save_button.clicked.connect(lambda: self.save_selected())
        set_help(self.save_button, _("Speichern unter"), _("Speichert eine Kopie der Datei an einem Ort Ihrer Wahl, etwa um sie der Rechtsberatung zu schicken."))
        actions.addWidget(format_label)
        actions.addWidget(self.format_combo)
        actions.addWidget(self.open_button)
        actions.addWidget(self.save_button)
        self.review_button = QPushButton(_("Prüfen und kommentieren …"), box)
        self.review_button.clicked.connect(lambda: self.review_selected())
        set_help(self.review_button, _("Prüfen und kommentieren"), _("Öffnet die gewählte Vertragsversion Klausel für Klausel: Kommentare schreiben und beantworten, Anmerkungen aus Word übernehmen, zur Prüfung exportieren."))
        self.compare_button = QPushButton(_("Versionen vergleichen …"), box)
        self.compare_button.clicked.connect(lambda: self.compare_selected())
        set_help(self.compare_button, _("Versionen vergleichen"), _("Zeigt Klausel für Klausel, was sich zwischen zwei Versionen des gewählten Dokuments (Vertrag, Absichtserklärung oder Vertraulichkeitsvereinbarung) geändert hat, und speichert den Vergleich als DOCX mit Änderungsmodus oder als PDF."))
        actions.addStretch(1)
        layout.addLayout(actions)
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_button)
        review_row.addWidget(self.compare_button)
        review_row.addStretch(1)
        layout.addLayout(review_row)
        self.share = ShareActions(self, box)  # Drucken, Druckvorschau, Per E-Mail senden
        layout.addLayout(self.share.row)
        self.list_message = MessageLine(box)
        layout.addWidget(self.list_message)
        return box

    # --- state --------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while a draft is being generated."""
        return self._operation is not None

    def selected_kind(self) -> str:
        return next(kind for kind, button in self.kind_buttons.items() if button.isChecked())

    def selected_formats(self) -> list[str]:
        return [fmt for fmt, check in self.format_boxes.items() if check.isChecked()]

    def _update_buttons(self) -> None:
        self.generate_button.setEnabled(not self.busy and bool(self.selected_formats()))
        has_selection = self.selected_info() is not None
        self.open_button.setEnabled(has_selection)
        self.save_button.setEnabled(has_selection)
        info = self.selected_info()
        self.review_button.setEnabled(info is not None and info.kind in CLAUSE_KINDS)
        # the selected document's versions (the agreement's when nothing with clauses is selected)
        kind = info.kind if info is not None and info.kind in CLAUSE_KINDS else "vertrag"
        versions = sum(1 for row in range(self.model.rowCount()) if self.model.info(row).kind == kind)
        self.compare_button.setEnabled(versions >= 2)
        self.format_combo.setEnabled(has_selection)
        self.share.update()

    def _set_busy(self, operation: Operation | None) -> None:
        self._operation = operation
        for widget in (*self.kind_buttons.values(), *self.format_boxes.values(), self.note_edit):
            widget.setEnabled(operation is None)
        self.progress_bar.setVisible(operation is not None)
        self.step_label.setVisible(operation is not None)
        if operation is not None:
            self.progress_bar.setValue(0)
            self.step_label.setText(_("Wird vorbereitet …"))
        self._update_buttons()

    # --- generating ---------------------------------------------------------------------------

    def generate(self) -> None:
        """Render the chosen document off the GUI thread; store it when done."""
        formats = self.selected_formats()
        if self.busy or not formats:
            return
        self.generate_message.clear()
        kind = self.selected_kind()
        note = self.note_edit.text().strip()
        project = copy.deepcopy(self.session.project)
        try:
            number = drafts.next_draft_number(self.session.store, project.id, kind)
        except KooperationError as exc:
            self.generate_message.show_message(str(exc), error=True)
            return
        store = self.session.store
        operation = Operation(
            self, _draft_job, store if reads_on_worker(store) else None,
            project, kind, formats, number, self.selected_language(), note,
        )
        operation.on_progress(self._on_progress).on_success(
            partial(self._on_rendered, note)
        ).on_failure(self._on_failed)
        self._set_busy(operation)
        self.session.begin_own_write()  # the version grows the revision: not someone else's
        operation.run()

    def _on_progress(self, percent: int, text: str) -> None:
        self.progress_bar.setValue(percent)
        self.step_label.setText(text)

    def _on_rendered(self, note: str, outcome: drafts.RenderedDraft | drafts.DraftResult) -> None:
        """On the GUI thread: the version the worker stored (or, for a store the worker may not
        use, store it now, all-or-nothing) is announced and shown selected."""
        if isinstance(outcome, drafts.RenderedDraft):
            self._on_progress(85, _("Version wird gespeichert …"))
            # If storing fails, the operation reports it through _on_failed; nothing was stored.
            result = drafts.store_draft(self.session.store, outcome, note=note)
        else:
            result = outcome
        self.session.end_own_write(result.project_revision)
        self._set_busy(None)
        self.note_edit.clear()
        self.session.sig_changed.emit(Change("drafts", (version_ref(result.kind, result.number),)))
        self.select_version(result.number, result.kind)
        saved = ngettext(
            "{version} gespeichert ({open} offener Punkt).",
            "{version} gespeichert ({open} offene Punkte).",
            result.open_points,
        ).format(version=version_label(result.kind, result.number), open=result.open_points)
        # a firm's library or reference.docx that could not be used: said, not hidden
        self.generate_message.show_message(" ".join([saved, *result.notices]), error=bool(result.notices))
        self.sig_draft_generated.emit(result.number)
        # rendering freed many MiB on the worker thread; once the rendered files are let go
        # (after this slot), hand that memory back (kooperation.ui.memory)
        QTimer.singleShot(0, hand_back_freed_memory)

    def _on_failed(self, message: str) -> None:
        self.session.end_own_write(None)
        self._set_busy(None)
        self.generate_message.show_message(
            _("Der Entwurf konnte nicht erzeugt werden. {message}").format(message=message),
            error=True,
        )

    # --- the list -----------------------------------------------------------------------------

    def on_changed(self, change: Change) -> None:
        if change.kind == "project":
            self._show_project_language()  # undone, or changed in another window
        if change.kind in ("drafts", "project"):
            self.refresh()

    def refresh(self) -> None:
        """Reload the versions from the store, keeping the selection (else the newest)."""
        current = self.selected_info()
        try:
            versions = self.session.store.list_drafts(self.session.project.id)
        except KooperationError as exc:
            self.list_message.show_message(str(exc), error=True)
            return
        self.model.set_drafts(versions)
        self.empty_label.setVisible(not versions)
        if current is not None:
            self.select_version(current.number, current.kind)
        elif versions:
            self.table.selectRow(0)  # the newest, ready to open or save
        self._selection_changed()

    def select_version(self, number: int, kind: str = "vertrag") -> None:
        """Select version ``number`` of ``kind`` ("Vertrag v2": 2, "vertrag")."""
        row = self.model.row_of(number, kind)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def selected_info(self) -> DraftVersionInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.info(rows[0].row()) if rows else None

    def _selection_changed(self, *_args: object) -> None:
        info = self.selected_info()
        wanted = self.format_combo.currentData()
        self.format_combo.clear()
        if info is not None:
            for fmt in info.formats:
                self.format_combo.addItem(fmt.upper(), fmt)
            index = self.format_combo.findData(wanted)
            self.format_combo.setCurrentIndex(max(index, 0))
        self._update_buttons()

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self._open_current()

    def _open_current(self) -> None:
        """Open the PDF of the selected version (or its first format)."""
        info = self.selected_info()
        if info is not None and info.formats:
            self.open_selected("pdf" if "pdf" in info.formats else info.formats[0])

    def _selected_file(self, fmt: str | None) -> DraftFile | None:
        """The stored file of the selected version in ``fmt`` (or the chosen format)."""
        info = self.selected_info()
        fmt = fmt or self.format_combo.currentData()
        if info is None or not fmt:
            return None
        try:
            draft = self.session.store.get_draft(self.session.project.id, info.number, info.kind)
        except KooperationError as exc:
            self.list_message.show_message(str(exc), error=True)
            return None
        return next((f for f in draft.files if f.format == fmt), None)

    def open_selected(self, fmt: str | None = None) -> Path | None:
        """Copy the chosen file to the cache folder and open it with the system's viewer."""
        file = self._selected_file(fmt)
        if file is None:
            return None
        path = open_folder() / self.session.project.id[:8] / file.filename
        try:
            if not (path.is_file() and path.read_bytes() == file.content):
                write_file(path, file.content)
        except OSError as exc:
            self.list_message.show_message(
                _(
                    "Die Datei konnte nicht zum Öffnen bereitgelegt werden: {reason}. Ist sie noch in "
                    "einem anderen Programm geöffnet? Dann schließen Sie sie dort bitte zuerst."
                ).format(reason=exc.strerror or exc),
                error=True,
            )
            return None
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.list_message.show_message(
                _(
                    "Für {fmt}-Dateien ist auf diesem Computer kein Programm eingerichtet. Die Datei "
                    "liegt hier: {path}"
                ).format(fmt=file.format.upper(), path=path),
                error=True,
            )
            return path
        self.list_message.show_message(_("{name} wird geöffnet.").format(name=file.filename))
        return path

    def save_selected(self, fmt: str | None = None) -> Path | None:
        """Ask where to save the chosen file and write a copy there."""
        file = self._selected_file(fmt)
        if file is None:
            return None
        settings = Settings()
        folder = settings.last_export_dir or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        filters = {"docx": _("Word-Dokument (*.docx)"), "pdf": _("PDF-Dokument (*.pdf)")}
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Entwurf speichern unter"),
            str(Path(folder) / file.filename) if folder else file.filename,
            filters.get(file.format, f"*.{file.format}"),
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != f".{file.format}":
            path = path.with_name(f"{path.name}.{file.format}")
        try:
            write_file(path, file.content)
        except OSError as exc:
            self.list_message.show_message(
                _("Die Datei konnte nicht unter „{path}“ gespeichert werden: {reason}.").format(
                    path=path, reason=exc.strerror or exc
                ),
                error=True,
            )
            return None
        settings.last_export_dir = str(path.parent)
        self.list_message.show_message(_("Gespeichert unter „{path}“.").format(path=path))
        return path

    def print_selected(self):
        """Ctrl+P: print the selected version's stored PDF (`drafts_share`)."""
        return self.share.print_selected()

    def preview_selected(self):
        return self.share.preview_selected()

    def mail_selected(self):
        """Hand the selected version's files to the mail program."""
        return self.share.mail_selected()

    # --- review (the windows live in kooperation.ui.review) ----------------------------------

    def review_selected(self) -> QWidget | None:
        """Open the review window of the selected version with clauses (not modal)."""
        info = self.selected_info()
        if info is None or info.kind not in CLAUSE_KINDS:
            return None
        from kooperation.ui.review import open_review_window

        try:
            return open_review_window(self.session, info.id, self)
        except KooperationError as exc:
            self.list_message.show_message(str(exc), error=True)
            return None

    def compare_selected(self) -> QWidget | None:
        """Compare the selected version of a document with clauses (else the newest agreement)
        with the one before it."""
        info = self.selected_info()
        from kooperation.ui.review import open_compare_dialog

        try:
            return open_compare_dialog(
                self.session, info.id if info and info.kind in CLAUSE_KINDS else None, parent=self
            )
        except KooperationError as exc:
            self.list_message.show_message(str(exc), error=True)
            return None
