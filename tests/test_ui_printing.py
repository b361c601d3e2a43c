"""Printing a stored version and handing it on by e-mail, as a user does it on the drafts page
(the print dialog, the preview and the mail program are replaced where they would wait for a
person or need a printer)."""

from __future__ import annotations

import ctypes
import io
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QDesktopServices, QPageRanges
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog

from kooperation import drafts, mail_handoff, printing
from kooperation.domain.demo import demo_project
from kooperation.store import open_store
from kooperation.ui import operations
from kooperation.ui import printing as ui_printing
from kooperation.ui.pages.drafts import DraftsPage
from kooperation.ui.session import ProjectSession


@pytest.fixture(scope="module")
def stored_store(tmp_path_factory):
    """A store with the example project, its agreement v1 (DOCX and PDF) and sketch v1 (DOCX
    only): rendered once for the module; the tests only read it."""
    path = tmp_path_factory.mktemp("printing") / "s.sqlite3"
    store = open_store(path)
    project = store.save_project(demo_project())
    drafts.store_draft(store, drafts.render_draft(project, "vertrag", ["docx", "pdf"], 1, "de"))
    drafts.store_draft(store, drafts.render_draft(project, "skizze", ["docx"], 1, "de"))
    store.close()
    return path


@pytest.fixture
def session(stored_store, qtbot):
    store = open_store(stored_store)
    s = ProjectSession(store, store.list_projects()[0].id)
    yield s
    operations.wait_for_all(20_000)
    store.close()


@pytest.fixture
def page(qtbot, session):
    old = operations.set_synchronous(True)
    p = DraftsPage(session)
    qtbot.addWidget(p)
    p.resize(1100, 760)
    p.show()
    p.select_version(1, "vertrag")
    yield p
    operations.set_synchronous(old)


def stored_pdf(session) -> bytes:
    draft = session.store.get_draft(session.project.id, 1, "vertrag")
    return next(f.content for f in draft.files if f.format == "pdf")


def page_texts(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def accept_dialog(monkeypatch, setup):
    """The print dialog is 'accepted' after ``setup(printer)`` chose what a user would."""
    seen = {}

    def exec_(dialog):
        seen["title"] = dialog.windowTitle()
        setup(dialog.printer())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    return seen


def test_printing_a_version_into_a_pdf_file_gives_all_its_pages(page, session, monkeypatch, tmp_path):
    """Drucken … into a PDF file: every stored page, text still text, the dialog named the version."""
    target = tmp_path / "gedruckt.pdf"

    def to_file(printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))

    seen = accept_dialog(monkeypatch, to_file)
    assert page.share.print_button.isEnabled()
    page.share.print_button.click()
    assert seen["title"] == "Kooperationsvertrag v1 drucken"
    original = page_texts(stored_pdf(session))
    printed = page_texts(target.read_bytes())
    assert printed == original and len(printed) > 10
    assert "Kooperationsvertrag" in printed[0] and "ENTWURF" in printed[0].upper()
    assert "gedruckt.pdf" in page.list_message.text.text()


def test_page_range_and_copies_are_printed_in_order(page, session, monkeypatch, tmp_path):
    """Pages 2–3 and 5, two collated copies: 2,3,5,2,3,5."""
    target = tmp_path / "auswahl.pdf"

    def choose(printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        ranges = QPageRanges()
        ranges.addRange(2, 3)
        ranges.addPage(5)
        printer.setPageRanges(ranges)
        printer.setCopyCount(2)
        printer.setCollateCopies(True)

    accept_dialog(monkeypatch, choose)
    page.print_selected()
    original = page_texts(stored_pdf(session))
    assert page_texts(target.read_bytes()) == [original[i] for i in (1, 2, 4, 1, 2, 4)]


def test_a_page_range_beyond_the_document_is_refused_in_plain_words(page, session, monkeypatch, tmp_path):
    """Pages 500–600 of a shorter document: a German message, no file."""
    target = tmp_path / "nichts.pdf"

    def choose(printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        ranges = QPageRanges()
        ranges.addRange(500, 600)
        printer.setPageRanges(ranges)

    accept_dialog(monkeypatch, choose)
    errors = []
    monkeypatch.setattr(ui_printing, "show_error", lambda _parent, text: errors.append(text))
    page.print_selected()
    count = len(page_texts(stored_pdf(session)))
    assert errors == [f"Diese Seiten gibt es nicht: Das Dokument hat {count} Seiten."]
    assert not target.exists()


def test_no_printer_set_up_is_said_in_plain_words(page, monkeypatch):
    """A printer chosen but none installed (as on this machine): a German message, nothing printed."""
    accept_dialog(monkeypatch, lambda printer: printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat))
    errors = []
    monkeypatch.setattr(ui_printing, "show_error", lambda _parent, text: errors.append(text))
    page.print_selected()
    assert len(errors) == 1 and errors[0].startswith("Es ist kein Drucker eingerichtet.")


def test_a_version_without_pdf_cannot_be_printed_but_can_be_mailed(page):
    """The sketch stored as DOCX only: Drucken is disabled and says why; E-Mail stays possible."""
    page.select_version(1, "skizze")
    assert not page.share.print_button.isEnabled()
    assert page.share.mail_button.isEnabled()
    assert page.print_selected() is None
    assert "kein PDF gespeichert" in page.list_message.text.text()


def _pixels(pdf: Path, tmp_path: Path, name: str):
    from PIL import Image, ImageChops

    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", "-singlefile", str(pdf), str(tmp_path / name)], check=True)
    return Image.open(tmp_path / f"{name}.png").convert("L"), ImageChops


def test_rasterised_pages_look_like_the_stored_pages(session, qtbot, tmp_path):
    """The way for printers without CUPS (Windows): the painted page matches pdftoppm's picture."""
    pdf = stored_pdf(session)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "raster.pdf"))
    printer.setFullPage(True)  # no margins: the same geometry as the stored page
    reports = []
    assert ui_printing.raster(printer, pdf, [0, 1], 150, lambda n, _t: reports.append(n)) is True
    assert reports == [1, 2]
    assert len(PdfReader(str(tmp_path / "raster.pdf")).pages) == 2
    (tmp_path / "first.pdf").write_bytes(pdf)
    printing.write_pages(pdf, [1], tmp_path / "second.pdf")
    for printed_page, source in ((1, "first.pdf"), (2, "second.pdf")):
        subprocess.run(["pdfseparate", "-f", str(printed_page), "-l", str(printed_page),
                        str(tmp_path / "raster.pdf"), str(tmp_path / f"r{printed_page}.pdf")], check=True)
        printed, chops = _pixels(tmp_path / f"r{printed_page}.pdf", tmp_path, f"p{printed_page}")
        wanted, _ = _pixels(tmp_path / source, tmp_path, f"w{printed_page}")
        assert abs(printed.width - wanted.width) <= 2 and abs(printed.height - wanted.height) <= 2
        printed = printed.resize(wanted.size)
        ink = sum(printed.histogram()[:128])
        assert ink > 500, "the printed page is blank"
        diff = chops.difference(printed, wanted)
        mean = sum(i * n for i, n in enumerate(diff.histogram())) / (diff.width * diff.height)
        assert mean < 8, f"page {printed_page} differs from the stored page (mean {mean:.1f})"


def test_printing_can_be_cancelled_between_pages(session, qtbot, tmp_path, monkeypatch):
    """Abbrechen in the progress dialog stops the job after the page being painted."""
    old = operations.set_synchronous(False)
    try:
        req = ui_printing.request(stored_pdf(session), "Kooperationsvertrag v1")
        printer = QPrinter()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "abgebrochen.pdf"))
        painted = []
        original = ui_printing._paint_page

        def slow_paint(*args):
            original(*args)
            painted.append(1)
            import time

            time.sleep(0.2)

        monkeypatch.setattr(ui_printing, "_paint_page", slow_paint)
        messages = []
        from PySide6.QtWidgets import QWidget

        parent = QWidget()
        qtbot.addWidget(parent)
        ui_printing._start_raster(parent, req, printer, list(range(req.pages)), messages.append)
        progress = req.jobs[-1][1]
        qtbot.waitUntil(lambda: progress.value() >= 1, timeout=20_000)
        from PySide6.QtWidgets import QPushButton

        progress.findChild(QPushButton).click()  # "Abbrechen"
        qtbot.waitUntil(lambda: bool(messages), timeout=20_000)
        assert messages == ["Drucken abgebrochen."]
        assert len(painted) < req.pages
    finally:
        operations.wait_for_all(20_000)
        operations.set_synchronous(old)


def test_print_preview_shows_every_stored_page(page, session, monkeypatch, tmp_path):
    """Druckvorschau …: Qt's preview with one page per stored page."""
    shown = {}

    def exec_(dialog):
        dialog.resize(900, 700)
        dialog.show()
        widget = dialog.findChild(QPrintPreviewWidget)
        widget.updatePreview()
        shown["pages"] = widget.pageCount()
        dialog.grab().save(str(tmp_path / "vorschau.png"))
        dialog.close()
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    page.share.preview_button.click()
    assert shown["pages"] == len(page_texts(stored_pdf(session)))


# --- CUPS -------------------------------------------------------------------------------------


def fake_program(folder: Path, name: str, record: Path, copy_last: bool = False, code: int = 0) -> Path:
    """A script ``name`` that writes its arguments (one a line) to ``record``."""
    folder.mkdir(exist_ok=True)
    script = folder / name
    lines = ["#!/bin/sh", f'printf "%s\\n" "$@" > {shlex.quote(str(record))}']
    if copy_last:
        lines.append(f'for last; do :; done; cp "$last" {shlex.quote(str(record))}.pdf')
    lines.append(f"echo 'request id is Buero-17 (1 file(s))'; exit {code}")
    script.write_text("\n".join(lines) + "\n")
    script.chmod(0o755)
    return script


def test_a_cups_printer_gets_the_stored_pdf_itself(tmp_path, monkeypatch):
    """With ``lp`` there, the PDF goes to CUPS unchanged with the dialog's choices as options."""
    record = tmp_path / "lp-args"
    fake_program(tmp_path / "bin", "lp", record, copy_last=True)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    lp = printing.lp_program()
    assert lp == str(tmp_path / "bin" / "lp")
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4 stored")
    command = printing.lp_command(lp, "Buero", tmp_path / "doc.pdf", title="Kooperationsvertrag v3",
                                  copies=2, ranges=[(1, 3), (5, 5)], collate=False,
                                  sides="two-sided-long-edge")
    assert "Buero-17" in printing.send_to_cups(command)
    args = record.read_text().splitlines()
    assert args == ["-d", "Buero", "-t", "Kooperationsvertrag v3", "-n", "2", "-o", "fit-to-page",
                    "-P", "1-3,5", "-o", "collate=false", "-o", "sides=two-sided-long-edge", "--",
                    str(tmp_path / "doc.pdf")]
    assert Path(f"{record}.pdf").read_bytes() == b"%PDF-1.4 stored"


def test_a_refusing_cups_printer_is_said_in_plain_words(tmp_path, monkeypatch):
    """``lp`` failing: a RenderError with CUPS's reason, no traceback."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "lp").write_text("#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n")
    (bin_dir / "lp").chmod(0o755)
    with pytest.raises(printing.RenderError, match="Der Drucker hat den Auftrag abgelehnt: lp: The printer"):
        printing.send_to_cups([str(bin_dir / "lp"), "-d", "X", "--", "f.pdf"])


def test_the_window_sends_a_native_print_job_to_cups(page, session, tmp_path, monkeypatch):
    """A printer chosen in the dialog and ``lp`` there: the stored PDF reaches ``lp`` for that printer."""
    record = tmp_path / "lp-args"
    fake_program(tmp_path / "bin", "lp", record, copy_last=True)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")

    class NamedPrinter(QPrinter):
        def printerName(self):  # noqa: N802 - Qt API
            return "Buero"

        def outputFormat(self):  # noqa: N802 - Qt API
            return QPrinter.OutputFormat.NativeFormat

    req = ui_printing.request(stored_pdf(session), "Kooperationsvertrag v1")
    messages = []
    ui_printing.start(page, req, NamedPrinter(), messages.append)
    args = record.read_text().splitlines()
    assert args[:2] == ["-d", "Buero"] and "fit-to-page" in args
    assert Path(f"{record}.pdf").read_bytes() == stored_pdf(session)
    assert messages == ["Kooperationsvertrag v1 wurde an den Drucker „Buero“ geschickt."]


# --- e-mail -----------------------------------------------------------------------------------


def test_mail_opens_the_mail_program_with_both_files_attached(page, session, tmp_path, monkeypatch):
    """Per E-Mail senden …: xdg-email gets the German subject, the text and DOCX + PDF as stored."""
    record = tmp_path / "xdg-args"
    fake_program(tmp_path / "bin", "xdg-email", record)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    page.share.mail_button.click()
    args = record.read_text().split("\n")
    name = session.project.name
    assert args[args.index("--subject") + 1] == f"Entwurf Kooperationsvertrag v1 – {name}"
    body = "\n".join(args[args.index("--body") + 1:args.index("--attach")])
    assert "Entwurf" in body and "Rechtsberatung" in body
    attached = [Path(args[i + 1]) for i, a in enumerate(args) if a == "--attach"]
    draft = session.store.get_draft(session.project.id, 1, "vertrag")
    assert sorted(p.suffix for p in attached) == [".docx", ".pdf"]
    for file in draft.files:
        path = next(p for p in attached if p.name == file.filename)
        assert path.read_bytes() == file.content
    assert "öffnet eine neue Nachricht" in page.list_message.text.text()


def test_mail_without_a_mail_program_opens_the_folder_and_says_so(page, session, tmp_path, monkeypatch):
    """No xdg-email: the folder with both files opens in the file manager, and the message says where."""
    empty = tmp_path / "leer"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    page.mail_selected()
    folder = mail_handoff.mail_folder(session.project.id)
    assert opened == [str(folder)]
    draft = session.store.get_draft(session.project.id, 1, "vertrag")
    assert sorted(p.name for p in folder.iterdir()) == sorted(f.filename for f in draft.files)
    text = page.list_message.text.text()
    assert "xdg-email" in text and str(folder) in text and "selbst an eine E-Mail an" in text
    assert page.list_message.is_error


def test_a_failing_mail_program_also_falls_back_to_the_folder(page, session, tmp_path, monkeypatch):
    """xdg-email exits with an error (no mail program configured): the folder, with its reason."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "xdg-email").write_text("#!/bin/sh\necho 'xdg-email: no method available for opening mailto' >&2\nexit 3\n")
    (bin_dir / "xdg-email").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    page.mail_selected()
    assert opened == [str(mail_handoff.mail_folder(session.project.id))]
    assert "no method available" in page.list_message.text.text()


def test_the_mapi_message_carries_subject_text_and_files(tmp_path):
    """Windows' MAPISendMailW gets a MapiMessageW with the subject, CRLF text and both files."""
    files = [tmp_path / "Vertrag v3.docx", tmp_path / "Vertrag v3.pdf"]
    seen = {}

    def send(session, ui, address, flags, reserved):
        _file_desc, message_type = mail_handoff._mapi_types()
        message = message_type.from_address(address)
        seen["subject"] = message.lpszSubject
        seen["text"] = message.lpszNoteText
        seen["files"] = [(message.lpFiles[i].lpszPathName, message.lpFiles[i].lpszFileName,
                          message.lpFiles[i].nPosition) for i in range(message.nFileCount)]
        seen["flags"] = flags
        return seen.get("code", 0)

    result = mail_handoff._compose_mapi(files, "Entwurf Kooperationsvertrag v3 – X", "a\nb", send=send)
    assert result.ok and result.how == "MAPI"
    assert seen["subject"] == "Entwurf Kooperationsvertrag v3 – X" and seen["text"] == "a\r\nb"
    assert seen["files"] == [(str(f.resolve()), f.name, 0xFFFFFFFF) for f in files]
    assert seen["flags"] == mail_handoff.MAPI_LOGON_UI | mail_handoff.MAPI_DIALOG
    seen["code"] = 2
    failed = mail_handoff._compose_mapi(files, "s", "b", send=send)
    assert not failed.ok and failed.reason == "MAPI_E_FAILURE"
    assert ctypes.sizeof(mail_handoff._mapi_types()[1]) > 0


# --- the window ---------------------------------------------------------------------------------


def test_ctrl_p_in_the_file_menu_prints_the_selected_version(stored_store, qtbot, monkeypatch, tmp_path):
    """Datei › Entwurf drucken (Strg+P): only with a project open; shows the drafts page and prints."""
    from PySide6.QtGui import QKeySequence

    from kooperation.ui.main_window import MainWindow

    old = operations.set_synchronous(True)
    store = open_store(stored_store)
    try:
        window = MainWindow(store)
        qtbot.addWidget(window)
        window.show()
        assert window.act_print.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
        assert window.act_print in window.file_menu.actions()
        assert not window.act_print.isEnabled() and not window.act_mail.isEnabled()
        window.open_project(store.list_projects()[0].id)
        assert window.act_print.isEnabled() and window.act_print_poster.isEnabled()
        target = tmp_path / "strg-p.pdf"

        def to_file(printer):
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(target))

        seen = accept_dialog(monkeypatch, to_file)
        window.project_window.pages["drafts"].select_version(1, "vertrag")
        window.act_print.trigger()
        assert window.project_window.current_page() == "drafts"
        assert seen["title"] == "Kooperationsvertrag v1 drucken"
        assert len(PdfReader(str(target)).pages) > 10
        window.act_print_poster.trigger()
        assert seen["title"].startswith("Arbeitsplan – ")
        assert len(PdfReader(str(target)).pages) == 1
        window.show_start_page()
        window.close()
    finally:
        operations.set_synchronous(old)
        store.close()


def test_no_qt_and_no_network_in_the_core_parts():
    """The platform parts import no Qt and no network module."""
    code = ("import sys, kooperation.mail_handoff, kooperation.printing\n"
            "print([m for m in sys.modules if m.startswith(('PySide6', 'http', 'urllib.request', 'smtplib', 'ftplib'))])")
    import sys

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert shutil.which("pdftoppm"), "poppler-utils are needed for the pixel comparison"
