"""The registration certificate's headings never end a page apart from what they head, whatever the length of
the session grid above them; and its counts read "1 session", not "1 sessions"."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from attendance_desk.documents.certificate import CertificateData, CertificateWeek, render_certificate
from attendance_desk.documents.letterhead import Letterhead

LETTERHEAD = Letterhead("Kestleford Primary School", ("Mill Lane", "Kestleford"), "01632 960000")
FIRST_MONDAY = date(2025, 9, 1)


def certificate(weeks: int, unauthorised: int) -> CertificateData:
    grid = tuple(
        CertificateWeek(FIRST_MONDAY + timedelta(weeks=w), ("/", "\\") * 5, ("PRESENT",) * 10) for w in range(weeks)
    )
    sessions = tuple((FIRST_MONDAY + timedelta(days=i), "AM", "O") for i in range(unauthorised))
    return CertificateData(
        school_name=LETTERHEAD.school_name,
        pupil_name="Amy Birch",
        date_of_birth=date(2016, 3, 4),
        upn="A000000000001",
        year_group="4",
        reg_group="4B",
        admission_date=date(2020, 9, 1),
        period_start=FIRST_MONDAY,
        period_end=FIRST_MONDAY + timedelta(weeks=weeks),
        status_statement="Amy Birch is a registered pupil.",
        weeks=grid,
        code_key=(("/", "Present (AM)", "Present", "10"), ("O", "Other unauthorised absence", "Unauthorised", "3")),
        totals=(("Possible sessions", "10"), ("Unauthorised absence", str(unauthorised))),
        unauthorised=sessions,
        parents=(("Ann Birch", "Mother", "1 Mill Lane, Kestleford"),),
        head_teacher="Helen Whitworth",
        signature=None,
        issued_on=date(2026, 11, 27),
    )


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages]


@pytest.mark.parametrize("unauthorised", [22])
def test_the_unauthorised_heading_shares_its_page_with_the_start_of_the_list(unauthorised: int) -> None:
    """Grids of 20 to 44 weeks move the heading down the first page and the second, past every page foot."""
    first_item = f"{FIRST_MONDAY:%d/%m/%Y} AM (O)"
    for weeks in range(20, 45):
        pages = page_texts(render_certificate(certificate(weeks, unauthorised), LETTERHEAD))
        with_intro = [i for i, text in enumerate(pages) if "with its date, session and code" in text]
        assert len(with_intro) == 1, weeks
        text = pages[with_intro[0]]
        lines = [line.strip() for line in text.splitlines()]
        assert "Unauthorised absence" in lines, (weeks, "the heading is on another page")
        assert first_item in text, (weeks, "the list starts on another page")
        parents = next(i for i, t in enumerate(pages) if "People with parental responsibility" in t)
        assert "Ann Birch" in pages[parents], weeks


def test_one_session_reads_in_the_singular() -> None:
    text = " ".join(page_texts(render_certificate(certificate(4, 1), LETTERHEAD)))
    assert "1 session, with its date" in text
    assert "1 sessions" not in text
