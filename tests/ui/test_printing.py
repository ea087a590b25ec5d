"""Printing PDFs through Qt: every page reaches the printer upright and whole, the dialog's page range and copies
are honoured, long jobs can be cancelled, and a bad PDF or printer gives a clear message.

The printer is a real ``QPrinter`` writing a PDF file, so the output can be counted and looked at; the print
dialog is bypassed by replacing :func:`printing.choose_printer`.
"""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPageRanges
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from attendance_desk.documents.letter import LetterContent, render_letters
from attendance_desk.documents.letterhead import Letterhead
from attendance_desk.ui import printing
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.tasks import TaskCancelled, TaskControl, TaskRunner

LETTERHEAD = Letterhead("Synthetic Academy", ("1 Test Lane", "Testborough", "ZZ1 1ZZ"), "01234 567890")


def letter(name: str, paragraphs: int = 1) -> LetterContent:
    return LetterContent(
        recipient_name=name,
        address_lines=("12 Synthetic Road", "Testborough", "ZZ1 1ZZ"),
        date_text="24 November 2025",
        reference="ATT/1",
        pupil_line="Sam Test, Year 7",
        subject="Attendance",
        greeting="Dear parent,",
        body="\n\n".join(["Sam missed school on Monday."] * paragraphs),
        closing="Yours sincerely,",
        signatory_name="Pat Office",
        signatory_position="Attendance officer",
    )


@pytest.fixture(scope="module")
def three_letters() -> bytes:
    pdf = render_letters([letter("Ms A Test", 1), letter("Mr B Test", 6), letter("Mx C Test", 12)], LETTERHEAD)
    assert len(PdfReader(BytesIO(pdf)).pages) == 3
    return pdf


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def page_count(path: Path) -> int:
    return len(PdfReader(path).pages)


def ink(pdf: Path | bytes, index: int = 0, dpi: int = 30) -> tuple[tuple[float, float, float, float], int]:
    """The bounding box of everything non-white on a page, as fractions of the page (left, top, right, bottom),
    and how many pixel rows have ink on them."""
    document = pdfium.PdfDocument(str(pdf) if isinstance(pdf, Path) else pdf)
    page = document[index]
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    width, height, stride, data = bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer)
    channels = stride // width if stride // width in (1, 3, 4) else 3
    rows: list[int] = []
    column_hits = [0] * width
    for y in range(height):
        line = data[y * stride : y * stride + width * channels]
        dark = [x for x in range(width) if line[x * channels] < 160]
        if dark:
            rows.append(y)
            for x in dark:
                column_hits[x] += 1
    columns = [x for x, hits in enumerate(column_hits) if hits >= 3]  # fold marks are hairlines: not content
    document.close()
    return (columns[0] / width, rows[0] / height, (columns[-1] + 1) / width, (rows[-1] + 1) / height), len(rows)


def ink_box(pdf: Path | bytes, index: int = 0) -> tuple[float, float, float, float]:
    return ink(pdf, index)[0]


def test_a_three_page_pdf_prints_three_whole_sheets(qapp, three_letters: bytes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "printed.pdf"
    assert printing.paint_pdf(pdf_printer(out), three_letters) == 3
    assert page_count(out) == 3
    (left, top, right, bottom), _rows = ink(out, 0, dpi=60)
    assert top < 0.08 and bottom > 0.93  # letterhead at the top, page footer at the bottom: nothing cut off
    assert left < 0.15 and right > 0.8
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(out), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 5_000  # a rendered letter, not a blank sheet


def framed_page(size: tuple[float, float]) -> bytes:
    """A page with a thick black frame 15 mm in from the edges and a solid square in its top-left corner."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=size)
    width, height = size
    canvas.setLineWidth(6)
    canvas.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    canvas.rect(15 * mm, height - 55 * mm, 40 * mm, 40 * mm, fill=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_the_page_is_scaled_into_the_printable_area_upright(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "framed.pdf"
    printer = pdf_printer(out)
    printing.paint_pdf(printer, framed_page(A4))
    paper = printer.pageLayout().fullRectPixels(printer.resolution())
    target, rotation = printing.fit_page(QRectF(printer.pageLayout().paintRectPixels(printer.resolution())), *A4)
    assert rotation == 0
    frame_left, frame_top = 15 * mm / A4[0], 15 * mm / A4[1]  # where the frame sits on the original page
    expected = (
        (target.left() + frame_left * target.width()) / paper.width(),
        (target.top() + frame_top * target.height()) / paper.height(),
        (target.right() - frame_left * target.width()) / paper.width(),
        (target.bottom() - frame_top * target.height()) / paper.height(),
    )
    assert ink_box(out) == pytest.approx(expected, abs=0.01)
    assert corner_is_inked(out, top=True, left=True) and not corner_is_inked(out, top=False, left=False)


def corner_is_inked(pdf: Path, *, top: bool, left: bool) -> bool:
    """Whether the solid square is in that corner (just inside the frame): tells upright from upside down."""
    document = pdfium.PdfDocument(str(pdf))
    bitmap = document[0].render(scale=30 / 72, grayscale=True)
    width, height, stride, data = bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer)
    channels = stride // width if stride // width in (1, 3, 4) else 3
    x = int(width * (0.12 if left else 0.88))
    y = int(height * (0.09 if top else 0.91))
    value = data[y * stride + x * channels]
    document.close()
    return value < 100


def test_the_page_range_from_the_dialog_is_honoured(qapp, three_letters: bytes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "range.pdf"
    printer = pdf_printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    ranges = QPageRanges()
    ranges.addRange(2, 3)
    printer.setPageRanges(ranges)
    assert printing.paint_pdf(printer, three_letters) == 2
    assert page_count(out) == 2
    # The sheets are the second and third letters (6 and 12 paragraphs), in that order.
    inked_rows = [ink(three_letters, i)[1] for i in range(3)]
    for sheet, letter_index in ((0, 1), (1, 2)):
        printed_rows = ink(out, sheet)[1]
        closest = min(range(3), key=lambda i: abs(inked_rows[i] - printed_rows))
        assert closest == letter_index


def test_a_range_outside_the_document_prints_nothing_and_says_why(qapp, three_letters: bytes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    printer = pdf_printer(tmp_path / "none.pdf")
    ranges = QPageRanges()
    ranges.addRange(5, 9)
    printer.setPageRanges(ranges)
    with pytest.raises(printing.PrintError, match="has 3 page"):
        printing.paint_pdf(printer, three_letters)


def test_copies_are_painted_when_the_printer_cannot_make_them(qapp, three_letters: bytes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    printer = pdf_printer(tmp_path / "copies.pdf")
    printer.setCopyCount(2)
    assert not printer.supportsMultipleCopies()  # PDF output: copies are ours to make
    printer.setCollateCopies(True)
    assert printing.pages_to_print(printer, 3) == [0, 1, 2, 0, 1, 2]
    printer.setCollateCopies(False)
    assert printing.pages_to_print(printer, 3) == [0, 0, 1, 1, 2, 2]
    assert printing.paint_pdf(printer, three_letters) == 6
    assert page_count(tmp_path / "copies.pdf") == 6


def test_a_landscape_page_is_turned_to_fill_a_portrait_sheet(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4))
    canvas.rect(20, 20, landscape(A4)[0] - 40, landscape(A4)[1] - 40, fill=1)  # a wide black block
    canvas.showPage()
    canvas.save()
    out = tmp_path / "turned.pdf"
    printing.paint_pdf(pdf_printer(out), buffer.getvalue())
    left, top, right, bottom = ink_box(out)
    assert bottom - top > 0.85 and right - left > 0.85  # the block fills the portrait sheet, not a strip of it


def test_cancelling_stops_the_job_between_sheets(qapp, three_letters: bytes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reported: list[int] = []

    def progress(done: int, _total: int, _message: str) -> None:
        reported.append(done)
        if done == 1:
            control.cancel()

    control = TaskControl(progress)
    with pytest.raises(TaskCancelled):
        printing.paint_pdf(pdf_printer(tmp_path / "cancelled.pdf"), three_letters, control)
    assert reported == [0, 1]  # the third sheet was never started


def test_an_unreadable_pdf_gives_a_clear_message(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(printing.PrintError, match="could not be read for printing"):
        printing.paint_pdf(pdf_printer(tmp_path / "x.pdf"), b"this is not a PDF")


@pytest.mark.qt_log_ignore("QPainter::begin")  # Qt's own note of the refusal we turn into a message
def test_a_printer_that_will_not_start_gives_a_clear_message(qapp, three_letters: bytes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    printer = pdf_printer(tmp_path / "missing-folder" / "out.pdf")
    with pytest.raises(printing.PrintError, match="would not start the job"):
        printing.paint_pdf(printer, three_letters)


def test_print_pdf_runs_off_the_ui_thread_and_reports_when_done(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch: pytest.MonkeyPatch, context: AppContext, three_letters: bytes, tmp_path: Path
) -> None:
    out = tmp_path / "threaded.pdf"
    asked: list[int] = []

    def choose(_parent, _title: str, pages: int) -> QPrinter:  # type: ignore[no-untyped-def]
        asked.append(pages)
        return pdf_printer(out)

    monkeypatch.setattr(printing, "choose_printer", choose)
    context.tasks = TaskRunner(synchronous=False)
    source = tmp_path / "letters.pdf"
    source.write_bytes(three_letters)
    printed: list[int] = []
    with qtbot.waitSignal(context.events.status_message, timeout=20_000) as message:
        handle = printing.print_pdf(None, source, "Letters", context, on_printed=printed.append)  # type: ignore[arg-type]
        assert handle is not None
    context.tasks.shutdown()
    assert asked == [3] and printed == [3]
    assert message.args == ["Letters: 3 sheets sent to the printer"]
    assert page_count(out) == 3


def test_cancelling_the_dialog_prints_nothing(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch: pytest.MonkeyPatch, context: AppContext, three_letters: bytes
) -> None:
    monkeypatch.setattr(printing, "choose_printer", lambda *_args: None)
    assert printing.print_pdf(None, three_letters, "Letters", context) is None  # type: ignore[arg-type]
