"""``kooperation selftest``: does this installation work, window included?

It goes the way a new user goes, in a throwaway folder (its own store, settings and caches; the
user's data is not touched): the window starts and paints its start page, the example project is
created and opened in the project window, a contract draft (DOCX and PDF) is generated through
the Entwürfe page and stored, and the stored files are read back and checked. Each step has a
time limit; the first one that fails ends the test with a plain message and exit status 1.

The installers' smoke test (``scripts/smoke_build.py``) runs it on the built program, offscreen.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from kooperation.i18n import _

STEP_LIMIT_S = 120.0
"""How long one step may take before the test counts it as failed (a slow laptop, a first start
that builds every cache: seconds; a hang: never ends)."""

POLL_MS = 25


class SelfTestFailed(Exception):
    """A step did not do what it should; the message says which and why."""


def run_selftest(out: Path | None = None, report: Callable[[str], None] | None = None) -> int:
    """Run the test; ``out``: also write the generated DOCX and PDF there; ``report`` gets one
    line per step (default: printed at once, so a watching program sees each step when it
    happens). Returns the exit status (0: everything worked)."""
    if report is None:
        def report(line: str) -> None:
            print(line, flush=True)
    previous = os.environ.get("KOOPERATION_DATA_DIR")
    with tempfile.TemporaryDirectory(prefix="kooperation-selbsttest-") as folder:
        os.environ["KOOPERATION_DATA_DIR"] = folder  # caches and the default store stay in here
        try:
            return _run(Path(folder), out, report)
        except SelfTestFailed as exc:
            report(_("Selbsttest fehlgeschlagen: {reason}").format(reason=exc))
            return 1
        finally:
            if previous is None:
                os.environ.pop("KOOPERATION_DATA_DIR", None)
            else:
                os.environ["KOOPERATION_DATA_DIR"] = previous


def _run(folder: Path, out: Path | None, report: Callable[[str], None]) -> int:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from kooperation.store.repository import open_store
    from kooperation.ui.app import create_application, create_main_window
    from kooperation.ui.first_paint import after_first_paint
    from kooperation.ui.settings import Settings

    started = time.perf_counter()
    create_application([sys.argv[0]])
    # an event loop of its own, not the application's: QCoreApplication.quit() would leave the
    # application quitting, and every later event loop of the process would end at once
    loop = QEventLoop()
    store = open_store(folder / "selbsttest.sqlite3")
    settings = Settings(QSettings(str(folder / "einstellungen.ini"), QSettings.Format.IniFormat))
    window = create_main_window(store, settings)
    outcome: dict[str, object] = {}

    def elapsed() -> str:
        return _("{ms} ms").format(ms=round((time.perf_counter() - started) * 1000))

    def steps() -> Iterator[Callable[[], bool]]:
        painted: list[bool] = []
        after_first_paint(window, lambda: painted.append(True))
        window.show()
        yield lambda: bool(painted)
        report(_("Startseite gezeichnet nach {time}.").format(time=elapsed()))
        _check_qt_translations()

        from kooperation.domain.demo import demo_project

        project = store.save_project(demo_project())
        window.open_project(project.id)
        yield lambda: _drafts_page(window) is not None
        report(_("Beispielprojekt „{name}“ im Projektfenster geöffnet nach {time}.").format(
            name=project.name, time=elapsed()))

        project_window = window.project_window
        project_window.select_phase("drafts")
        drafts_page = _drafts_page(window)
        generated: list[int] = []
        drafts_page.sig_draft_generated.connect(generated.append)
        if not drafts_page.generate_button.isEnabled():
            raise SelfTestFailed(_("Der Knopf „Entwurf erzeugen“ ist nicht bereit."))
        drafts_page.generate_button.click()
        yield lambda: bool(generated) or not drafts_page.busy
        if not generated:
            raise SelfTestFailed(_("Der Entwurf wurde nicht erzeugt: {message}").format(
                message=drafts_page.generate_message.message() or _("ohne Meldung")))
        files = _check_stored_draft(store, project.id, generated[0])
        report(_("Vertragsentwurf erzeugt und gespeichert nach {time}: {files}.").format(
            time=elapsed(), files=", ".join(
                _("{file} ({kb} KB)").format(file=name, kb=len(data) // 1024) for name, data in files.items()
            )))
        if out is not None:
            from kooperation.user_files import write_user_file

            out.mkdir(parents=True, exist_ok=True)
            for name, data in files.items():
                write_user_file(out / name, data)
            report(_("Dateien geschrieben nach {folder}.").format(folder=out))

    sequence = steps()
    waiting: list[Callable[[], bool]] = []
    deadline = [0.0]

    def advance() -> None:
        try:
            if waiting and not waiting[0]():
                if time.perf_counter() > deadline[0]:
                    raise SelfTestFailed(_("Ein Schritt kam nicht innerhalb von {s} s zum Ende.").format(s=int(STEP_LIMIT_S)))
                QTimer.singleShot(POLL_MS, advance)
                return
            waiting[:] = [next(sequence)]
            deadline[0] = time.perf_counter() + STEP_LIMIT_S
            QTimer.singleShot(POLL_MS, advance)
        except StopIteration:
            outcome["ok"] = True
            loop.quit()
        except SelfTestFailed as exc:
            outcome["failed"] = exc
            loop.quit()
        except Exception as exc:  # noqa: BLE001 - reported as the test's result, never a traceback
            outcome["failed"] = SelfTestFailed(f"{exc.__class__.__name__}: {exc}")
            loop.quit()

    QTimer.singleShot(0, advance)
    loop.exec()
    window.close()
    store.close()
    if "failed" in outcome:
        raise outcome["failed"]  # type: ignore[misc]
    if not outcome.get("ok"):
        raise SelfTestFailed(_("Das Fenster wurde vorzeitig geschlossen."))
    report(_("Selbsttest bestanden ({time}).").format(time=elapsed()))
    return 0


QT_CANCEL = {"de": "Abbrechen", "en": "Cancel"}
"""How Qt's own "Cancel" button reads in each language (from Qt's catalogue qtbase_<lang>.qm)."""


def _check_qt_translations() -> None:
    """Qt's own buttons and dialogs speak the interface language: its catalogue was found."""
    from PySide6.QtCore import QCoreApplication

    from kooperation.i18n import current_language

    expected = QT_CANCEL.get(current_language())
    shown = QCoreApplication.translate("QPlatformTheme", "Cancel")
    if expected is not None and shown != expected:
        raise SelfTestFailed(
            _("Qt-eigene Knöpfe zeigen „{shown}“ statt „{expected}“: Qts Übersetzungen fehlen.").format(
                shown=shown, expected=expected
            )
        )


def _drafts_page(window):
    """The project window's Entwürfe page once it is there (built and usable), else None."""
    project_window = getattr(window, "project_window", None)
    pages = getattr(project_window, "pages", None)
    if not pages or getattr(project_window, "session", None) is None:
        return None
    try:
        return pages["drafts"]
    except KeyError:
        return None


def _check_stored_draft(store, project_id: str, number: int) -> dict[str, bytes]:
    """The files of contract version ``number`` as stored, checked as a reader would: a DOCX
    that is a Word package whose text says it is a draft, and a PDF."""
    draft = store.get_draft(project_id, number, "vertrag")
    files = {Path(file.filename).name: file.content for file in draft.files}
    docx = next((data for name, data in files.items() if name.endswith(".docx")), None)
    pdf = next((data for name, data in files.items() if name.endswith(".pdf")), None)
    if docx is None or pdf is None:
        raise SelfTestFailed(_("Die gespeicherte Version enthält nicht DOCX und PDF."))
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as package:
            text = package.read("word/document.xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        raise SelfTestFailed(_("Die DOCX-Datei ist beschädigt ({error}).").format(error=exc)) from exc
    if "Entwurf" not in text:
        raise SelfTestFailed(_("Die DOCX-Datei trägt den Vermerk „Entwurf“ nicht."))
    if not pdf.startswith(b"%PDF-") or b"%%EOF" not in pdf[-1024:]:
        raise SelfTestFailed(_("Die PDF-Datei ist unvollständig."))
    return files
