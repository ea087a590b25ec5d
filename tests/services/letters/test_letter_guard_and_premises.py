"""Letters that are, or threaten, a legal measure ask the legal guard; letters whose words assume something about
the figures check it first. A pupil left out is named with the reason and may be ticked back in with a reason
(kept in the audit log); a parent under a court-order restriction is never written to."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from attendance_desk.domain.access import Role
from attendance_desk.domain.calendar import DateRange
from attendance_desk.services.letters.batches import LetterRequest, prepare_letters, produce_letters
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AuditEntry, Pupil
from tests.helpers.accounts import sign_in_cli
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


def test_a_chosen_carer_who_is_not_a_parent_in_law_gets_no_warning_letter(store: Store) -> None:
    """Mr Tom Barker (step-father, no parental responsibility) lives with Rhys: a parent through day-to-day care;
    were he living elsewhere he would not be one, and a penalty-notice warning may not go to him."""
    from attendance_desk.store.models import PupilContact

    build_school(store)
    supplied = {"meeting.previous_date": "3 November 2025", "reply.by": "1 December 2025"}
    request = LetterRequest(
        "final_warning", [2], PERIOD, supplied=supplied, carer_contact_ids=[23], ticked_back={2: "Support offered"}
    )
    names = {letter.recipient.name for letter in prepare_letters(store, STAFF_ID, request, today=TODAY).letters}
    assert "Mr Tom Barker" in names
    with store.transaction() as session:
        link = session.scalars(select(PupilContact).where(PupilContact.contact_id == 23)).one()
        link.lives_with_pupil = False
    plan = prepare_letters(store, STAFF_ID, request, today=TODAY)
    assert "Mr Tom Barker" not in {letter.recipient.name for letter in plan.letters}
    assert any("Mr Tom Barker" in w and "not a parent" in w for w in plan.warnings)


def test_the_letter_command_leaves_out_a_false_premise_unless_included_with_a_reason(  # type: ignore[no-untyped-def]
    store: Store, tmp_path, capsys, monkeypatch
) -> None:
    from attendance_desk.cli import main
    from attendance_desk.domain.upn import make_upn

    build_school(store)
    lead = sign_in_cli(monkeypatch, store.data_dir, Role.ATTENDANCE_LEAD)
    out = tmp_path / "letters.pdf"
    args = ["--data-dir", str(store.data_dir), "letter", "recognition", "--pupil", make_upn(0, 2001, 19, 2)]
    args += ["--from", "2025-09-01", "--to", "2025-11-21", "--staff", str(lead), "-o", str(out)]
    assert main(args) != 0 and not out.exists()
    assert "--include-anyway" in capsys.readouterr().err
    assert main([*args, "--include-anyway", "Thanks for a better fortnight"]) == 0 and out.exists()
    with store.session() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "letter_tick_back")).one()
        assert audit.reason == "Thanks for a better fortnight"
