"""Printing a stored PDF from the window: the system's print dialog, a print preview, and the
print job off the GUI thread with a progress dialog that can be cancelled.

What is printed is the PDF as stored (a draft version's file, the poster's PDF), never a
re-render. How it reaches the paper (see also `kooperation.printing`):

1. "print to file" (the dialog's PDF output): the chosen pages are copied into the file;
2. a printer on Linux or macOS where CUPS's ``lp`` exists: the PDF goes to CUPS as it is, with
   the page ranges, copies, collation and duplex chosen in the dialog, fitted to the paper;
3. otherwise (Windows; a system without ``lp``): every page is rasterised with PDFium
   (pypdfium2, a small wheel for every platform; QtPdf would need all of PySide6-Addons) at the
   printer's resolution, at most `MAX_DPI`, and painted into the `QPrinter` page by page on a
   worker thread (Qt paints into a QPrinter from any thread).

Every way runs on a worker thread: copying 34 pages into a file takes about 0.3 s, ``lp`` only
queues the job, rasterising takes about half a second a page at 300 dpi (progress, "Abbrechen").
The preview draws 34 pages at screen resolution in about 0.6 s on the GUI thread.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QWidget

from kooperation import printing
from kooperation.errors import KooperationError, RenderError
from kooperation.i18n import _
from kooperation.ui.errors import show_error
from kooperation.ui.operations import Operation

MAX_DPI = 300
"""Raster resolution on paper: sharp text, and a page of A4 stays about 26 MB while painted."""
PREVIEW_DPI = 96
"""Raster resolution in the preview, where a page is seen on the screen."""

_PDFIUM_LOCK = threading.Lock()
"""PDFium is not thread-safe: one document at a time."""

Message = Callable[[str], None]


def no_printer_message() -> str:
    return _(
        "Es ist kein Drucker eingerichtet. Bitte richten Sie in den Einstellungen Ihres Computers "
        "einen Drucker ein, oder drucken Sie in eine PDF-Datei."
    )


@dataclass
class PrintRequest:
    """One document to print: its PDF, the title shown in dialogs and sent to the spooler."""

    pdf: bytes
    title: str
    pages: int = 0
    landscape: bool = False
    jobs: list = field(default_factory=list)  # running operations, kept alive


def request(pdf: bytes, title: str) -> PrintRequest:
    """The `PrintRequest` for ``pdf``; a damaged PDF is a `RenderError` in plain words."""
    from pypdf import PdfReader

    count = printing.page_count(pdf)
    if count == 0:
        raise RenderError(_("Das Dokument hat keine Seiten, die gedruckt werden könnten."))
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return PrintRequest(pdf, title, count, float(box.width) > float(box.height))


def new_printer(req: PrintRequest) -> QPrinter:
    """A printer set up for the document: high resolution, its title, its orientation."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(req.title)
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if req.landscape else QPageLayout.Orientation.Portrait
    )
    return printer


def chosen_ranges(printer: QPrinter) -> list[tuple[int, int]] | None:
    """The page ranges chosen in the print dialog (1-based, inclusive), None for all pages."""
    if printer.printRange() != QPrinter.PrintRange.PageRange:
        return None
    ranges = [(r.from_, r.to) for r in printer.pageRanges().toRangeList()]
    if ranges:
        return ranges
    if printer.fromPage() > 0:
        return [(printer.fromPage(), printer.toPage() or printer.fromPage())]
    return None


# --- the dialogs ------------------------------------------------------------------------------


def _prepare(parent: QWidget, pdf: bytes, title: str) -> tuple[PrintRequest, QPrinter] | None:
    """The request for ``pdf`` and a printer set up for it; a PDF that cannot be read is said
    in a message box (None)."""
    try:
        req = request(pdf, title)
    except KooperationError as exc:
        show_error(parent, str(exc))
        return None
    return req, new_printer(req)


def print_pdf(parent: QWidget, pdf: bytes, title: str, message: Message) -> PrintRequest | None:
    """Ask with the system's print dialog, then print ``pdf``; ``message`` gets the outcome."""
    prepared = _prepare(parent, pdf, title)
    if prepared is None:
        return None
    req, printer = prepared
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("{title} drucken").format(title=title))
    dialog.setMinMax(1, req.pages)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintCollateCopies, True)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintSelection, False)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintCurrentPage, False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    start(parent, req, printer, message)
    return req


def preview_pdf(parent: QWidget, pdf: bytes, title: str, message: Message) -> PrintRequest | None:
    """The print preview (Qt's, with zoom, page set-up and its own print button)."""
    prepared = _prepare(parent, pdf, title)
    if prepared is None:
        return None
    req, printer = prepared
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(_("Druckvorschau – {title}").format(title=title))

    def paint(target: QPrinter) -> None:
        engine = target.paintEngine()
        if engine is not None and engine.type() == QPaintEngine.Type.Picture:
            paint_preview(target, req)  # the preview's pages, drawn at screen resolution
        else:
            start(parent, req, target, message)  # the preview's print button: a real job

    dialog.paintRequested.connect(paint)
    req.jobs.append(printer)  # the printer outlives the dialog while a job runs
    dialog.exec()
    return req


def paint_preview(printer: QPrinter, req: PrintRequest) -> None:
    """Every page at `PREVIEW_DPI` into the preview (a fraction of a second for 30 pages)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        raster(printer, req.pdf, list(range(req.pages)), PREVIEW_DPI)
    except KooperationError:
        pass  # the preview stays empty; printing says why
    finally:
        QApplication.restoreOverrideCursor()


# --- the job ----------------------------------------------------------------------------------


def start(parent: QWidget, req: PrintRequest, printer: QPrinter, message: Message) -> Operation | None:
    """Print on ``printer`` as the dialog set it up: into a file, through CUPS, or rasterised."""
    try:
        pages = printing.selected_pages(req.pages, chosen_ranges(printer))
    except KooperationError as exc:
        show_error(parent, str(exc))
        return None
    copies = max(1, printer.copyCount())
    collate = printer.collateCopies()
    native = printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
    if not native:
        target = printer.outputFileName()
        if not target:  # Qt falls back to PDF output when the system has no printer
            show_error(parent, no_printer_message() if not QPrinterInfo.availablePrinterNames()
                       else _("Bitte wählen Sie eine Datei, in die gedruckt werden soll."))
            return None
        order = printing.print_order(pages, copies, collate)
        operation = (
            Operation(parent, lambda _progress: printing.write_pages(req.pdf, order, target))
            .on_success(lambda path: message(
                _("{title} in die Datei „{path}“ gedruckt.").format(title=req.title, path=path)))
            .on_failure(lambda text: show_error(parent, text))
        )
        req.jobs.append(operation)
        return operation.run()
    name = printer.printerName()
    if not name:
        show_error(parent, no_printer_message())
        return None
    lp = printing.lp_program()
    if lp is not None:
        return _start_cups(parent, req, printer, lp, message)
    copies_done_by_printer = printer.supportsMultipleCopies()
    order = printing.print_order(pages, 1 if copies_done_by_printer else copies, collate)
    return _start_raster(parent, req, printer, order, message)


def _sides(printer: QPrinter) -> str | None:
    return {
        QPrinter.DuplexMode.DuplexNone: "one-sided",
        QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
        QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge",
    }.get(printer.duplex())


def _start_cups(parent, req: PrintRequest, printer: QPrinter, lp: str, message: Message) -> Operation:
    """Hand the PDF to CUPS (on a worker: ``lp`` may wait for a busy spooler)."""
    name = printer.printerName()
    options = {
        "title": req.title,
        "copies": max(1, printer.copyCount()),
        "ranges": chosen_ranges(printer),
        "collate": printer.collateCopies(),
        "sides": _sides(printer),
    }

    def send(_progress) -> str:
        handle, path = tempfile.mkstemp(prefix="kooperation-druck-", suffix=".pdf")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(req.pdf)
            return printing.send_to_cups(printing.lp_command(lp, name, path, **options))
        finally:  # lp has handed the file to the spooler when it returns
            with contextlib.suppress(OSError):
                os.unlink(path)

    operation = Operation(parent, send)
    operation.on_success(
        lambda _job: message(_("{title} wurde an den Drucker „{printer}“ geschickt.").format(
            title=req.title, printer=name))
    ).on_failure(lambda text: show_error(parent, text))
    req.jobs.append(operation)
    return operation.run()


@dataclass
class _Cancel:
    event: threading.Event = field(default_factory=threading.Event)
    cancelled: bool = False


def _start_raster(parent, req: PrintRequest, printer: QPrinter, order: list[int], message: Message) -> Operation:
    """Rasterise and paint on a worker, with a progress dialog that can cancel between pages."""
    cancel = _Cancel()
    progress = QProgressDialog(
        _("{title} wird gedruckt …").format(title=req.title), _("Abbrechen"), 0, len(order), parent
    )
    progress.setWindowTitle(_("Drucken"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.canceled.connect(cancel.event.set)
    dpi = min(MAX_DPI, printer.resolution())

    def work(report) -> bool:
        return raster(printer, req.pdf, order, dpi, report, cancel.event)

    def done(finished: bool) -> None:
        progress.close()
        if finished:
            message(_("{title} wurde gedruckt ({pages} Seiten).").format(title=req.title, pages=len(order)))
        else:
            message(_("Drucken abgebrochen."))

    def failed(text: str) -> None:
        progress.close()
        show_error(parent, text)

    operation = Operation(parent, work)
    operation.on_progress(lambda done_pages, _text: progress.setValue(done_pages))
    operation.on_success(done).on_failure(failed)
    req.jobs.append((operation, progress, printer))
    return operation.run()


def raster(
    printer: QPrinter,
    pdf: bytes,
    order: list[int],
    dpi: int,
    report: Callable[[int, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> bool:
    """Paint the pages ``order`` of ``pdf`` into ``printer``, each fitted into the printable
    area and centred; False if cancelled (the job is then aborted). Any thread; PDFium is held
    only while a page is rendered, so a preview never waits for a whole print job."""
    import pypdfium2 as pdfium

    try:
        with _PDFIUM_LOCK:
            document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise RenderError(_("Die PDF-Datei ist beschädigt und kann nicht gedruckt werden.")) from exc
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise RenderError(
                _("Der Drucker „{printer}“ kann gerade nicht drucken. Ist er eingeschaltet und "
                  "verbunden?").format(printer=printer.printerName() or _("PDF-Datei"))
            )
        for done, index in enumerate(order):
            if cancel is not None and cancel.is_set():
                printer.abort()
                return False
            if done:
                printer.newPage()
            _paint_page(painter, printer, document, index, dpi)
            if report is not None:
                report(done + 1, "")
    finally:
        if painter.isActive():
            painter.end()
        with _PDFIUM_LOCK:
            document.close()
    return True


def _paint_page(painter: QPainter, printer: QPrinter, document, index: int, dpi: int) -> None:
    """Page ``index`` as an image, as large as fits the printable area, centred."""
    area = printer.pageLayout().paintRectPixels(printer.resolution())
    with _PDFIUM_LOCK:
        page = document[index]
        try:
            width_pt, height_pt = page.get_size()
            fit = min(area.width() / width_pt, area.height() / height_pt)  # device pixels per point
            scale = fit * min(1.0, dpi / max(1, printer.resolution()))  # bitmap pixels per point
            bitmap = page.render(scale=scale, rev_byteorder=True, may_draw_forms=True)
        finally:
            page.close()
    target = QRectF(0, 0, width_pt * fit, height_pt * fit)
    target.moveCenter(QRectF(0, 0, area.width(), area.height()).center())
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
    painter.drawImage(target, image)
    del image  # it points into the bitmap's buffer: gone before the bitmap
    with _PDFIUM_LOCK:
        bitmap.close()


# --- the poster -------------------------------------------------------------------------------


def _render_poster(_progress, project) -> bytes:
    """On the worker: the work plan as an A3 poster (the size for an office printer)."""
    from kooperation.drafts import RENDER_LOCK
    from kooperation.render.poster import render_poster

    with RENDER_LOCK:
        return render_poster(project, "A3")


def print_poster(parent: QWidget, project, message: Message, preview: bool = False) -> Operation:
    """Render the work plan poster off the GUI thread, then the print dialog (or the preview)."""
    import copy

    title = _("Arbeitsplan – {name}").format(name=project.name or _("(ohne Namen)"))
    show = preview_pdf if preview else print_pdf
    return (
        Operation(parent, _render_poster, copy.deepcopy(project))
        .on_success(lambda pdf: show(parent, pdf, title, message))
        .on_failure(lambda text: show_error(parent, text))
        .run()
    )
