"""Letters that are, or threaten, a legal measure ask the legal guard; letters whose words assume something about
the figures check it first. A pupil left out is named with the reason and may be ticked back in with a reason
(kept in the audit log); a parent under a court-order restriction is never written to."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from attendance_desk.domain.calendar import DateRange
from attendance_desk.services.letters.batches import LetterRequest, prepare_letters, produce_letters
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AuditEntry, Pupil
from tests.helpers.letters_school import END, STAFF_ID, START, build_school

PERIOD = DateRange(START, END)
TODAY = date(2025, 11, 24)


def test_recognition_is_left_out_when_attendance_has_not_improved_and_can_be_ticked_back(store: Store) -> None:
    build_school(store)
    plan = prepare_letters(store, STAFF_ID, LetterRequest("recognition", [1, 2], PERIOD), today=TODAY)
    assert {b.pupil_id for b in plan.blocked} == {1, 2}
    assert all(b.may_tick_back and "would not be true" in b.reason for b in plan.blocked)
    request = LetterRequest("recognition", [1], PERIOD, ticked_back={1: "Head asked to thank the family"})
    result = produce_letters(store, STAFF_ID, request, today=TODAY)
    assert len(result.letters) == 2 and not result.blocked
    with store.session() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "letter_tick_back")).one()
        assert audit.reason == "Head asked to thank the family"


def test_lateness_letter_needs_late_marks(store: Store) -> None:
    build_school(store)
    plan = prepare_letters(store, STAFF_ID, LetterRequest("lateness", [1, 2, 3], PERIOD), today=TODAY)
    made = {letter.pupil_id for letter in plan.letters}
    for b in plan.blocked:
        assert "late" in b.reason and b.pupil_id not in made


def test_notice_to_improve_letter_is_refused_below_school_age_and_for_looked_after(store: Store) -> None:
    build_school(store)
    with store.transaction() as session:
        session.get(Pupil, 1).looked_after = True  # type: ignore[union-attr]
        session.get(Pupil, 4).date_of_birth = date(2021, 2, 1)  # type: ignore[union-attr]
    plan = prepare_letters(store, STAFF_ID, LetterRequest("notice_to_improve", [1, 4], PERIOD), today=TODAY)
    reasons = {b.pupil_id: b.reason for b in plan.blocked}
    assert "looked after" in reasons[1] and "compulsory school age" in reasons[4]
    assert not plan.letters and not any(b.may_tick_back for b in plan.blocked)


def test_final_warning_never_goes_to_a_restricted_parent_and_names_the_threshold_period(store: Store) -> None:
    build_school(store)
    supplied = {"meeting.previous_date": "3 November 2025", "reply.by": "1 December 2025"}
    request = LetterRequest("final_warning", [3], PERIOD, supplied=supplied, ticked_back={3: "Support offered in 2024"})
    plan = prepare_letters(store, STAFF_ID, request, today=TODAY)
    names = [letter.recipient.name for letter in plan.letters]
    assert "Mr Declan O’Brien" not in names
    for letter in plan.letters:
        assert "will ask" not in letter.content.body and "may ask" in letter.content.body
        assert "Declan" not in letter.content.body
    references = [letter.content.reference for letter in plan.letters]
    assert len(set(references)) == len(references)
