"""The case file's Print… buttons send the document to the printer (through the shared printing module), beside
the Save … PDF… buttons that still save it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from attendance_desk.ui import printing
from attendance_desk.ui.casework.case_file import CaseFileWidget
from attendance_desk.ui.context import AppContext
from tests.helpers.casework_seed import add_marks, poor_attendance, record_support, seed_pupil, seed_school, weekdays

TODAY = date(2025, 10, 10)


@pytest.fixture
def case_file(qtbot, context: AppContext) -> CaseFileWidget:  # type: ignore[no-untyped-def]
    seed_school(context.store)
    pupil_id, _ = seed_pupil(context.store)
    add_marks(context.store, pupil_id, weekdays(date(2025, 9, 1), TODAY), poor_attendance)
    record_support(context.store, context.staff_id, pupil_id, date(2025, 9, 15))
    widget = CaseFileWidget(context, pupil_id, TODAY)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[str, Path]]:
    """Each print job's title and the PDF file the (PDF-writing) printer produced; no dialog is shown."""
    jobs: list[tuple[str, Path]] = []

    def choose(_parent, title: str, _pages: int) -> QPrinter:  # type: ignore[no-untyped-def]
        out = tmp_path / f"job{len(jobs) + 1}.pdf"
        jobs.append((title, out))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(printing, "choose_printer", choose)
    return jobs


def test_print_referral_pack_button_prints_every_page(qtbot, case_file: CaseFileWidget, printed) -> None:  # type: ignore[no-untyped-def]
    pack = case_file.action_buttons["print referral"]
    assert pack.text() == "Print referral pack…" and case_file.action_buttons["referral"].text().startswith("Save")
    qtbot.mouseClick(pack, Qt.MouseButton.LeftButton)
    assert len(printed) == 1
    title, out = printed[0]
    assert title.startswith("Referral") and "Zofia" not in title  # named by document, not by pupil
    assert len(PdfReader(out).pages) >= 1


def test_chronology_print_button_prints_the_evidence_chronology(case_file: CaseFileWidget, printed) -> None:  # type: ignore[no-untyped-def]
    case_file.chronology.export(to_printer=True)
    assert [title for title, _ in printed] == ["Evidence chronology"]
    assert len(PdfReader(printed[0][1]).pages) >= 1


def test_a_referral_the_guard_refuses_asks_why_and_records_it(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, printed
) -> None:
    from sqlalchemy import select

    from attendance_desk.store.models import AuditEntry

    seed_school(context.store)
    pupil_id, _ = seed_pupil(context.store, 7)
    add_marks(context.store, pupil_id, weekdays(date(2025, 9, 1), TODAY), poor_attendance)  # no support recorded
    widget = CaseFileWidget(context, pupil_id, TODAY)
    qtbot.addWidget(widget)
    asked: list[str] = []
    widget.ask_override = lambda refusal: asked.append(refusal) or ""  # type: ignore[method-assign]
    widget.print_referral(to_printer=True)  # cancelled: nothing printed
    assert asked and "No support is recorded" in asked[0] and printed == []
    widget.ask_override = lambda refusal: "Support was given on paper last year"  # type: ignore[method-assign]
    widget.print_referral(to_printer=True)
    assert len(printed) == 1
    with context.store.session() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "legal_override")).one()
        assert audit.reason == "Support was given on paper last year"
