"""Printing our PDFs (letters, casework documents) on a real printer through the Qt print dialog.

Qt's PDF module is not part of PySide6-Essentials, so each page is rasterised with PDFium (pypdfium2) at the
printer's resolution, capped at :data:`MAX_DPI`, and painted onto the ``QPrinter`` with ``QPainter``: one PDF page
per sheet, scaled to the printable area with its aspect ratio kept, turned a quarter if the page and the sheet
differ in orientation. This goes through the same printer driver on Windows, macOS and Linux, with no PDF viewer or
print command involved.

Rasterising and painting both run in a worker thread (Qt 6 allows a ``QPainter`` on a ``QPrinter`` outside the GUI
thread; the printer object is not touched from the UI thread while the job runs), so a 200-letter batch shows a
progress dialog with Cancel instead of freezing the window. PDFium itself is not thread-safe, so every call into it
holds :data:`_PDFIUM_LOCK`.

Entry point for pages: :func:`print_pdf`. The dialog step is :func:`choose_printer` (tests replace it); the
painting step is :func:`paint_pdf` (callable without any dialog, e.g. onto a ``QPrinter`` writing a PDF file).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QMessageBox, QWidget

from attendance_desk.domain.text import plural
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.tasks import Lane, TaskCancelled, TaskControl, TaskHandle, run_with_progress

log = logging.getLogger(__name__)

MAX_DPI = 300
"""Sharper than this adds nothing visible on office printers and makes a 200-letter job much slower."""

PdfSource = bytes | Path

_PDFIUM_LOCK = threading.Lock()
_last_printer_name = ""  # the dialog offers the printer used last, so a morning's batches go to the same one


class PrintError(RuntimeError):
    """The PDF could not be read or the printer would not take the job; the message says which, in plain words."""


@contextmanager
def _open_pdf(source: PdfSource) -> Iterator[pdfium.PdfDocument]:
    try:
        with _PDFIUM_LOCK:
            document = pdfium.PdfDocument(str(source) if isinstance(source, Path) else source)
    except (pdfium.PdfiumError, OSError) as exc:
        where = f"{source.name} " if isinstance(source, Path) else ""
        raise PrintError(f"The PDF {where}could not be read for printing ({exc}). Make it again and retry.") from exc
    try:
        yield document
    finally:
        with _PDFIUM_LOCK:
            document.close()


def count_pages(source: PdfSource) -> int:
    with _open_pdf(source) as document, _PDFIUM_LOCK:
        return len(document)


def pages_to_print(printer: QPrinter, page_count: int) -> list[int]:
    """Zero-based page indexes in the order they go to paper: the dialog's page range, then our own copies.

    Copies are left to the driver when it can make them (most Windows and CUPS printers); otherwise every copy is
    painted, collated (whole document, then again) or not (each page n times) as the dialog asked.
    """
    ranges = printer.pageRanges()
    chosen = [i for i in range(page_count) if ranges.isEmpty() or ranges.contains(i + 1)]
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if copies == 1:
        return chosen
    if printer.collateCopies():
        return chosen * copies
    return [i for i in chosen for _ in range(copies)]


def fit_page(area: QRectF, width_pt: float, height_pt: float) -> tuple[QRectF, int]:
    """Where a page of the given size goes in ``area`` (centred, aspect kept) and the quarter-turn (0 or 90) it
    needs so a landscape page fills a portrait sheet and the other way round."""
    rotation = 90 if (width_pt > height_pt) != (area.width() > area.height()) else 0
    if rotation:
        width_pt, height_pt = height_pt, width_pt
    scale = min(area.width() / width_pt, area.height() / height_pt)
    width, height = width_pt * scale, height_pt * scale
    left = area.left() + (area.width() - width) / 2
    top = area.top() + (area.height() - height) / 2
    return QRectF(left, top, width, height), rotation


def _render(document: pdfium.PdfDocument, index: int, target: QRectF, rotation: int, printer_dpi: int) -> QImage:
    """Page ``index`` as an image exactly as many pixels as ``target`` at min(printer dpi, MAX_DPI)."""
    dpi_factor = min(1.0, MAX_DPI / max(printer_dpi, 1))
    with _PDFIUM_LOCK:
        page = document[index]
        try:
            width_pt, height_pt = page.get_size()
            if rotation:
                width_pt, height_pt = height_pt, width_pt
            scale = target.width() / width_pt * dpi_factor
            bitmap = page.render(
                scale=scale, rotation=rotation, rev_byteorder=True, prefer_bgrx=True, optimize_mode="print"
            )
            image = QImage(
                bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888
            ).copy()  # copy: the bitmap's memory goes with it
            bitmap.close()
        finally:
            page.close()
    return image


def paint_pdf(printer: QPrinter, source: PdfSource, control: TaskControl | None = None) -> int:
    """Paint the PDF onto ``printer`` as the printer's settings ask; returns the number of sheets painted.

    Raises :class:`PrintError` if the PDF cannot be read or the printer refuses the job, and
    :class:`~attendance_desk.ui.tasks.TaskCancelled` (after aborting the job) when ``control`` is cancelled.
    """
    with _open_pdf(source) as document:
        with _PDFIUM_LOCK:
            page_count = len(document)
        order = pages_to_print(printer, page_count)
        if not order:
            raise PrintError(
                f"The page range chosen has no pages in it; this document has {plural(page_count, 'page')}."
            )
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError(
                f"The printer {printer.printerName() or printer.outputFileName()!r} would not start "
                "the job. Check it is switched on and connected, then try again."
            )
        try:
            area = QRectF(0, 0, printer.width(), printer.height())  # the printable area, in device pixels
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            for done, index in enumerate(order):
                if control is not None and control.cancelled:
                    printer.abort()
                    raise TaskCancelled
                if control is not None:
                    control.progress(done, len(order), f"Printing sheet {done + 1} of {len(order)}")
                if done and not printer.newPage():
                    raise PrintError(f"The printer stopped taking pages after sheet {done}.")
                width_pt, height_pt = _page_size(document, index)
                target, rotation = fit_page(area, width_pt, height_pt)
                painter.drawImage(target, _render(document, index, target, rotation, printer.resolution()))
        finally:
            painter.end()
    log.info("Printed %d sheet(s) of a %d-page PDF", len(order), page_count)
    return len(order)


def _page_size(document: pdfium.PdfDocument, index: int) -> tuple[float, float]:
    with _PDFIUM_LOCK:
        page = document[index]
        try:
            return page.get_size()
        finally:
            page.close()


def choose_printer(parent: QWidget | None, title: str, page_count: int) -> QPrinter | None:
    """Show the Qt print dialog (printer, pages, copies); the configured printer, or None if the user cancelled."""
    global _last_printer_name
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    if _last_printer_name:
        printer.setPrinterName(_last_printer_name)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print {title}")
    option = QAbstractPrintDialog.PrintDialogOption
    dialog.setOption(option.PrintPageRange, True)
    dialog.setOption(option.PrintCollateCopies, True)
    dialog.setOption(option.PrintSelection, False)
    dialog.setOption(option.PrintCurrentPage, False)
    dialog.setMinMax(1, max(1, page_count))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat:
        _last_printer_name = printer.printerName()
    return printer


def print_pdf(
    parent: QWidget,
    source: PdfSource,
    title: str,
    context: AppContext,
    on_printed: Callable[[int], None] | None = None,
) -> TaskHandle | None:
    """Ask for a printer, then print ``source`` (PDF bytes or a file) behind a progress dialog with Cancel.

    ``title`` names the job in the dialog and the printer queue (keep pupil names out of it: queues are visible to
    everyone on a shared printer). Errors are shown to the user here; ``on_printed(sheets)`` runs when the whole
    job has gone to the printer. Returns the running task, or None if nothing was printed.
    """
    try:
        page_count = count_pages(source)
    except PrintError as exc:
        QMessageBox.warning(parent, "Print", str(exc))
        return None
    printer = choose_printer(parent, title, page_count)
    if printer is None:
        return None

    def work(control: TaskControl) -> int:
        return paint_pdf(printer, source, control)

    def printed(sheets: int) -> None:
        context.events.status_message.emit(f"{title}: {plural(sheets, 'sheet')} sent to the printer")
        if on_printed is not None:
            on_printed(sheets)

    def failed(error: BaseException) -> None:
        if not isinstance(error, PrintError):
            context.tasks.report_unhandled(f"Printing {title}", error)
            return
        QMessageBox.warning(parent, "Print", str(error))

    return run_with_progress(
        parent,
        context.tasks,
        work,
        title=f"Printing {title}",
        lane=Lane.READ,
        on_done=printed,
        on_error=failed,
        on_cancelled=lambda: context.events.status_message.emit(f"Printing {title} was cancelled"),
    )
