"""The return form filled from the record, marked sent and shown in the chronology; the termly pack."""

from __future__ import annotations

from datetime import date

import pytest

from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.reports.returns import ReturnKind
from attendance_desk.services.archive import read_document, verify_archive
from attendance_desk.services.chronology import pupil_chronology
from attendance_desk.services.reports import returns
from attendance_desk.services.reports.pack import termly_pack
from attendance_desk.services.reports.return_records import make_return_form, mark_return_sent, return_records
from attendance_desk.services.reports.returns import ReturnError
from attendance_desk.store.engine import Store
from tests.helpers.accounts import everyone
from tests.helpers.letters_school import pdf_pages_text
from tests.helpers.reports_school import DAYS, PUPIL_NAMES, TERM_END, build_reports_school

TERM = DateRange(DAYS[0], TERM_END)
TODAY = date(2025, 12, 20)


@pytest.fixture
def school(store: Store) -> dict[str, int]:
    return build_reports_school(store)


def test_the_form_is_filled_from_the_record_and_marked_sent(store: Store, school: dict[str, int]) -> None:
    lead = school["lead"]
    return_id, pdf = make_return_form(store, lead, school["run"], ReturnKind.CONTINUOUS, date(2025, 11, 7), TODAY)
    text = " ".join(pdf_pages_text(pdf))
    assert "Ruby Runner" in text and "Sampleshire Council" in text
    assert "20/10/2025" in text and "07/11/2025" in text and "14/11/2025" in text  # first day, due from, due by
    assert "Mon 20/10/25" in text and "Fri 07/11/25" in text  # the registers of the run
    assert "Rosa Runner" in text and "3 Mill Street" in text
    assert "9 Far Road" not in text and "Court order in place" in text  # a barred parent's address stays out
    assert (
        verify_archive(store).ok
        and read_document(store, return_records(store, everyone(store))[0].document_id or 0) == pdf
    )

    listed = {r["name"]: r for r in returns.returns_list(store, everyone(store), TERM).records}
    assert listed["Ruby Runner"]["status"] == "form_made"

    with pytest.raises(ReturnError, match="still to come"):
        mark_return_sent(store, lead, return_id, date(2025, 12, 21), "email", today=TODAY)
    with pytest.raises(ReturnError, match="not a way of sending"):
        mark_return_sent(store, lead, return_id, date(2025, 11, 10), "pigeon", today=TODAY)
    with pytest.raises(ReturnError, match="before it became due"):
        mark_return_sent(store, lead, return_id, date(2025, 11, 6), "email", today=TODAY)
    record = mark_return_sent(store, lead, return_id, date(2025, 11, 10), "email", "to the attendance team", TODAY)
    assert (record.sent_on, record.sent_method) == (date(2025, 11, 10), "email")
    with pytest.raises(ReturnError, match="already marked sent on 10/11/2025"):
        mark_return_sent(store, lead, return_id, date(2025, 11, 11), "post", today=TODAY)

    listed = {r["name"]: r for r in returns.returns_list(store, everyone(store), TERM).records}
    assert (listed["Ruby Runner"]["status"], listed["Ruby Runner"]["sent_method"]) == ("sent", "email")
    entries = [e for e in pupil_chronology(store, everyone(store), school["run"]) if e.kind.startswith("la_return")]
    assert [e.kind for e in entries] == ["la_return_sent", "la_return"] or [e.kind for e in entries] == [
        "la_return",
        "la_return_sent",
    ]
    sent = next(e for e in entries if e.kind == "la_return_sent")
    assert "sent to the local authority by secure email" in sent.title and sent.staff == "Dana Whitfield"


def test_a_form_for_a_return_the_register_does_not_show_is_refused(store: Store, school: dict[str, int]) -> None:
    with pytest.raises(ReturnError, match="does not show"):
        make_return_form(store, school["lead"], school["run"], ReturnKind.CONTINUOUS, date(2025, 11, 6), TODAY)
    with pytest.raises(ReturnError, match="does not show"):  # below compulsory school age: no return at all
        make_return_form(store, school["lead"], school["young"], ReturnKind.CONTINUOUS, date(2025, 11, 7), TODAY)
    assert return_records(store, everyone(store)) == []


def test_the_sickness_form_lists_the_days_of_illness(store: Store, school: dict[str, int]) -> None:
    _id, pdf = make_return_form(store, school["lead"], school["ill"], ReturnKind.SICKNESS, date(2025, 11, 28), TODAY)
    text = " ".join(pdf_pages_text(pdf))
    assert "Sickness return" in text and "Mon 10/11/25" in text and "Fri 28/11/25" in text
    assert "Mon 03/11/25" not in text  # a day without illness is not on the form


def test_the_governors_pack_names_no_pupil_and_the_staff_pack_does(store: Store, school: dict[str, int]) -> None:
    governors = " ".join(pdf_pages_text(termly_pack(store, school["lead"], TERM, True, TODAY)))
    staff = " ".join(pdf_pages_text(termly_pack(store, school["lead"], TERM, False, TODAY)))
    for name in PUPIL_NAMES:
        for part in name.split():
            assert part not in governors, part
    assert "Ruby Runner" in staff and "Farah Meals" in staff
    for text in (governors, staff):
        assert "Headline figures" in text and "Casework by month" in text and "Brookside Primary School" in text
    # Groups under five pupils are left out of the governors' version (free school meals has three).
    assert "Free school meals" in staff and "Free school meals" not in governors
    assert verify_archive(store).ok
