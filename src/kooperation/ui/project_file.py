"""The window's side of partners' laptops: "Projekt weitergeben …" and "Änderungen übernehmen …".

"Projekt weitergeben" writes the open project with its draft versions and comments into one
project file (`kooperation.bundle`); the name suggested is the project's. "Änderungen
übernehmen" reads a project file back, plans the three-way merge (`kooperation.merging`), shows
the plan in the `MergeDialog` and stores it with the user's choices; the project window then
shows the merged project the way it shows a change made in another window.

Threads: reading a project file (unpacking, checking every field) takes about half a second for
a large project and writing one about 50 ms, so both run on a worker (`Operation`), and so does
the merge itself (`compute_plan`); the store is read and written on the GUI thread only
(`read_inputs`, `prepare_bundle`, `apply_plan`). `benchmarks/bench_merge.py` measures the
stalls. Errors (a hostile or broken file, a file of another project or of a newer
version, a project changed in the meantime) reach the user as a German message; nothing is
stored then.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from kooperation.errors import KooperationError
from kooperation.i18n import _
from kooperation.ui.errors import show_error
from kooperation.ui.operations import Operation

if TYPE_CHECKING:
    from kooperation.bundle import Bundle
    from kooperation.merging import MergePlan
    from kooperation.ui.main_window import MainWindow
    from kooperation.ui.merge_dialog import MergeDialog


def suggested_name(project_name: str, day: date | None = None) -> str:
    """A file name for a project file: the project's name and the day, no characters that a
    file system refuses ("Lernfabrik Neckar-Alb 2026-12-03.kooperation")."""
    from kooperation.bundle import SUFFIX

    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", project_name).strip(" .-") or _("Projekt")
    return f"{name[:80]} {(day or date.today()).isoformat()}{SUFFIX}"


def _write(_progress, project, drafts, known, base, target: Path) -> Path:
    """On the worker: the file's bytes, written atomically."""
    from kooperation.bundle import write_bundle
    from kooperation.user_files import write_user_file

    return write_user_file(target, write_bundle(project, drafts, known, base))


def _read(_progress, path: str) -> Bundle:
    """On the worker: the project file read and checked (nothing is written)."""
    from kooperation.bundle import read_bundle_file

    return read_bundle_file(path)


class ProjectFiles(QObject):
    """The two commands of the main window's Datei menu, with their dialogs."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: MergeDialog | None = None
        self.busy = False  # a file is being read or written

    @property
    def store(self):
        return self.window.store

    def _session(self):
        return getattr(self.window.project_window, "session", None)

    def _say(self, text: str) -> None:
        """The result of a command: in the project's message bar if one is open, and in the
        status bar."""
        self.window.statusBar().showMessage(text, 10000)
        show_info = getattr(self.window.project_window, "show_info", None)
        if callable(show_info):
            show_info(text)

    def _fail(self, message: str) -> None:
        self.busy = False
        self.window.statusBar().clearMessage()
        show_error(self.window, message)

    def _unsaved(self) -> bool:
        """True (and said) if the open project has edits a locked store did not take yet."""
        session = self._session()
        if session is not None and session.pending:
            show_error(self.window, _(
                "Einige Änderungen sind noch nicht gespeichert, weil die Datenbank gerade belegt ist. "
                "Bitte warten Sie, bis sie gespeichert sind, und versuchen Sie es dann noch einmal."))
            return True
        return False

    # --- Projekt weitergeben ------------------------------------------------------------------

    def share(self) -> Path | None:
        """Ask where to save the open project as a project file and write it there (on a worker)."""
        from kooperation.bundle import SUFFIX

        project_id = self.window.project_id
        session = self._session()
        if project_id is None or session is None or self.busy or self._unsaved():
            return None
        folder = self.window.settings.last_export_dir or str(Path.home())
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Projekt weitergeben"),
            str(Path(folder) / suggested_name(session.project.name)),
            _("Kooperation-Projektdateien (*{suffix})").format(suffix=SUFFIX),
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != SUFFIX:
            target = target.with_name(target.name + SUFFIX)
        if target.is_dir():
            show_error(self.window, _("„{path}“ ist ein Ordner; bitte einen Dateinamen angeben.").format(path=target))
            return None
        try:
            project, drafts, known = self.store.prepare_bundle(project_id)
            base = self.store.common_state(project.id, [known[0].state_hash]) if known else None
        except KooperationError as exc:
            show_error(self.window, str(exc))
            return None
        self.busy = True
        self.window.statusBar().showMessage(_("Projektdatei wird geschrieben …"))

        def done(written: Path) -> None:
            self.busy = False
            self.window.settings.last_export_dir = str(written.parent)
            self._say(_("Projekt „{name}“ mit {n} Entwurfsversionen weitergegeben: {path}").format(
                name=project.name, n=len(drafts), path=written))

        Operation(self.window, _write, project, drafts, known, base, target).on_success(done).on_failure(self._fail).run()
        return target

    # --- Änderungen übernehmen ----------------------------------------------------------------

    def take_over(self, path: str | None = None) -> str | None:
        """Ask for a project file or a returned partner card (or take ``path``) and read it (on
        a worker); then plan and show the merge."""
        from kooperation.bundle import SUFFIX
        from kooperation.steckbrief import SUFFIX as CARD_SUFFIX

        if self.busy or self._unsaved():
            return None
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self.window, _("Änderungen übernehmen"), self.window.settings.last_import_dir,
                _("Projektdateien und Steckbriefe (*{suffix} *{card});;Alle Dateien (*)").format(suffix=SUFFIX, card=CARD_SUFFIX),
            )
        if not path:
            return None
        self.busy = True
        self.window.statusBar().showMessage(_("Projektdatei wird gelesen …"))
        Operation(self.window, _read, path).on_success(lambda b: self._plan(b, path)).on_failure(self._fail).run()
        return path

    def _plan(self, bundle: Bundle, path: str) -> None:
        """The file is read: check it belongs here, read what the merge needs from the store
        (GUI thread), merge on a worker."""
        from kooperation.merging import compute_plan, read_inputs

        self.busy = False
        self.window.statusBar().clearMessage()
        self.window.settings.last_import_dir = str(Path(path).parent)
        open_id = self.window.project_id
        if open_id is not None and bundle.project.id != open_id:
            session = self._session()
            ours = session.project.name if session is not None else open_id
            show_error(self.window, _(
                "Die Projektdatei gehört zum Projekt „{theirs}“, nicht zum geöffneten Projekt „{ours}“. "
                "Nichts wurde übernommen. Um sie zu übernehmen, kehren Sie zur Startseite zurück."
            ).format(theirs=bundle.project.name, ours=ours))
            return
        if self._unsaved():
            return
        try:
            inputs = read_inputs(self.store, bundle)
        except KooperationError as exc:
            show_error(self.window, str(exc))
            return
        self.busy = True
        Operation(self.window, lambda _progress: compute_plan(bundle, inputs, source=Path(path).name)) \
            .on_success(lambda plan: self._planned(plan, path)).on_failure(self._fail).run()

    def _planned(self, plan: MergePlan, path: str) -> None:
        from kooperation.merging import apply_plan

        self.busy = False
        if plan.changes_nothing:
            try:
                apply_plan(self.store, plan)  # remembers the file's state as known; nothing else
            except KooperationError as exc:
                show_error(self.window, str(exc))
                return
            self._say(_("Aus „{file}“ gibt es nichts zu übernehmen: alle Änderungen der Datei sind schon da.")
                      .format(file=Path(path).name))
            return
        self._show_plan(plan, path)

    def _show_plan(self, plan: MergePlan, path: str) -> None:
        from kooperation.ui.merge_dialog import MergeDialog

        dialog = MergeDialog(plan, Path(path).name, self.window)
        dialog.accepted.connect(lambda: self._apply(dialog, Path(path).name))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: MergeDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _apply(self, dialog: MergeDialog, file_name: str) -> None:
        from kooperation.merging import apply_plan

        plan = dialog.final_plan()
        try:
            versions, comments = apply_plan(self.store, plan)
        except KooperationError as exc:
            show_error(self.window, str(exc))
            return
        self._show_merged(plan, file_name, versions, comments)

    def _show_merged(self, plan: MergePlan, file_name: str, versions: int, comments: int) -> None:
        """Show the merged project: reload the open one (as after a change in another window),
        or open it; then say what was taken over."""
        project_id = plan.project.id
        session = self._session()
        if session is not None and self.window.project_id == project_id:
            session.reload()
        else:
            self.window.start_page.refresh(select_id=project_id)
            self.window.open_project(project_id)
        if plan.ours is None:
            text = _("Aus „{file}“ angelegt: Projekt „{name}“ mit {versions} Entwurfsversionen und {comments} Kommentaren.").format(
                file=file_name, name=plan.project.name, versions=versions, comments=comments)
        else:
            decided = sum(1 for c in plan.conflicts if c.resolution == "theirs")
            open_points = len({c.key for c in plan.conflicts if c.resolution == "open_point"})
            text = _(
                "Aus „{file}“ übernommen: {changes} Änderungen, {versions} neue Entwurfsversionen, "
                "{comments} neue Kommentare. Konflikte: {conflicts}, davon {theirs} mit dem Wert aus der "
                "Datei, {open} als offener Punkt."
            ).format(file=file_name, changes=len(plan.changes.rows), versions=versions, comments=comments,
                     conflicts=len(plan.conflicts), theirs=decided, open=open_points)
        self._say(text)
