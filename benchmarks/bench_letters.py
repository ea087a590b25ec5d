"""Letters and certificates.

- 200 one-page letters (100 pupils × two parents, a full year of marks) made, archived one by one and combined
  into one PDF, against a baseline of ReportLab's canvas drawing 200 plain-text pages with ``drawString``.
  Target: 100 letters a second or more.
- A full-year registration certificate (figures, grid, archive), against the canvas drawing the same number of
  plain-text pages. Target: under 100 ms.
"""

from __future__ import annotations

import tempfile
from datetime import date
from io import BytesIO
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from attendance_desk.domain.calendar import DateRange
from attendance_desk.services.letters.batches import LetterRequest, produce_letters
from attendance_desk.services.letters.certificate import make_certificate
from attendance_desk.store.models import Contact, PupilContact, SchoolSettings, Staff
from benchmarks.harness import Result, best_of
from benchmarks.synthetic_school import build

PUPILS = 100
LINES_PER_PAGE = 40


def plain_pages(count: int) -> bytes:
    """The baseline: ``count`` A4 pages of plain text with the built-in font."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    for page in range(count):
        for line in range(LINES_PER_PAGE):
            canvas.drawString(60, 800 - line * 18, f"Page {page} line {line}: the quick brown fox jumps over the dog")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _add_families(store) -> None:  # type: ignore[no-untyped-def]
    with store.transaction() as session:
        settings = session.get(SchoolSettings, 1)
        settings.name, settings.head_teacher, settings.phone = "Benchmark School", "Mrs Head", "01234 567890"
        settings.address = "1 School Lane\nAnytown\nAN1 1AA"
        session.add(Staff(id=1, name="Dana Whitfield", position="Attendance lead"))
        connection = session.connection()
        contacts, links = [], []
        for pupil_id in range(1, PUPILS + 1):
            for n, (title, fore) in enumerate((("Mrs", "Anna"), ("Mr", "Piotr")), start=1):
                cid = pupil_id * 10 + n
                contacts.append(
                    {
                        "id": cid,
                        "mis_id": f"C{cid}",
                        "title": title,
                        "forename": fore,
                        "surname": f"Surname{pupil_id:04d}",
                        "address_line1": f"{pupil_id} High Street",
                        "town": "Anytown",
                        "postcode": "AN1 2BC",
                    }
                )
                links.append({"pupil_id": pupil_id, "contact_id": cid, "priority": n, "parental_responsibility": True})
        connection.execute(Contact.__table__.insert(), contacts)
        connection.execute(PupilContact.__table__.insert(), links)


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as scratch:
        store, days = build(Path(scratch), PUPILS)
        _add_families(store)
        period = DateRange(days[0], days[-1])
        request = LetterRequest("attendance_concern", list(range(1, PUPILS + 1)), period)
        made: list[int] = []

        def batch() -> None:
            made.append(len(produce_letters(store, 1, request, today=date(2025, 7, 20)).letters))

        letters_seconds = best_of(batch, repeat=2)
        letters_base = best_of(lambda: plain_pages(made[-1]), repeat=2)
        pages = []

        def certificate() -> None:
            pages.append(make_certificate(store, 1, 1, period, issued_on=date(2025, 7, 20)).pdf.count(b"/Type /Page\n"))

        cert_seconds = best_of(certificate, repeat=5)
        cert_base = best_of(lambda: plain_pages(max(2, pages[-1])), repeat=5)
        store.dispose()
    rate = made[-1] / letters_seconds
    return [
        Result(
            f"{made[-1]} letters, archived, one PDF",
            letters_seconds,
            f"{made[-1]} plain canvas pages",
            letters_base,
            f"{rate:.0f} letters/s (target ≥ 100)",
        ),
        Result(
            "full-year certificate",
            cert_seconds,
            "same number of plain canvas pages",
            cert_base,
            f"{cert_seconds * 1000:.0f} ms (target < 100 ms)",
        ),
    ]
