"""Logging calls: every outcome persisted with time and staff, do-not-contact refused, prompt answers, concerns,
and the outcome's code on the "changes to key in" list."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from attendance_desk.domain.calling.rules import CallOutcome
from attendance_desk.services.access import PermissionRefused
from attendance_desk.services.calling import calls as calling
from attendance_desk.services.calling import concerns as calling_concerns
from attendance_desk.services.calling.worklist import build_worklist
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AuditEntry, CodeDecision, Communication
from attendance_desk.store.models.calling import CallAttempt, CallPromptAnswer
from tests.helpers.accounts import everyone
from tests.helpers.calling_seed import add_contact, add_marks, add_pupil, add_staff, present

DAY = date(2026, 9, 16)


@pytest.fixture
def family(store: Store) -> tuple[int, int, int, int]:
    staff = add_staff(store, "Pat Office")
    pupil = add_pupil(store, 1, "Maya", "Reid")
    mother = add_contact(store, pupil, "Lena", "Reid", mobile="07700 900101", home="0161 496 0000")
    father = add_contact(
        store, pupil, "Tom", "Reid", relationship="Father", priority=2, court_order=True, mobile="07700 900102"
    )
    add_marks(store, [pupil], [DAY], lambda _p, _d, s: "N" if s == "AM" else None)
    return staff, pupil, mother, father


def _count(store: Store, model: type) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize("outcome", list(CallOutcome))
def test_each_outcome_is_logged_with_time_and_staff(store: Store, family, outcome: CallOutcome) -> None:  # type: ignore[no-untyped-def]
    staff, pupil, mother, _ = family
    at = datetime(2026, 9, 16, 8, 52, tzinfo=UTC)
    record = calling.log_attempt(
        store,
        staff,
        pupil_id=pupil,
        contact_id=mother,
        outcome=outcome,
        absence_date=DAY,
        phone_number="0161 496 0000",
        at=at,
    )
    assert record.outcome is outcome and record.staff_name == "Pat Office" and record.at == at
    with store.session() as session:
        comm = session.get(Communication, record.communication_id)
        attempt = session.get(CallAttempt, record.id)
    assert comm is not None and attempt is not None
    assert comm.method == ("text" if outcome is CallOutcome.TEXT_SENT else "call")
    assert comm.outcome == outcome.label and comm.staff_id == staff and comm.at == at
    assert attempt.outcome == outcome.value and attempt.phone_label == "Home" and attempt.staff_id == staff
    assert [a.outcome for a in calling.attempts_for(store, pupil, DAY)] == [outcome]


def test_a_do_not_contact_contact_can_never_be_called(store: Store, family) -> None:  # type: ignore[no-untyped-def]
    staff, pupil, _, father = family
    with pytest.raises(calling.DoNotContactError, match="court-order"):
        calling.log_attempt(store, staff, pupil_id=pupil, contact_id=father, outcome="answered", absence_date=DAY)
    assert _count(store, Communication) == 0 and _count(store, CallAttempt) == 0
    lines = build_worklist(store, everyone(store), DAY).entries[0].contacts
    assert [(c.name, c.do_not_contact) for c in lines] == [("Lena Reid", False), ("Tom Reid", True)]
    assert [c["name"] for c in build_worklist(store, everyone(store), DAY).entries[0].as_json()["contacts"]] == [
        "Lena Reid"
    ]


def test_a_number_that_is_not_the_contacts_is_refused(store: Store, family) -> None:  # type: ignore[no-untyped-def]
    staff, pupil, mother, _ = family
    with pytest.raises(ValueError, match="not one of"):
        calling.log_attempt(
            store,
            staff,
            pupil_id=pupil,
            contact_id=mother,
            outcome="no_answer",
            absence_date=DAY,
            phone_number="07700 900999",
        )
    assert _count(store, CallAttempt) == 0


def test_prompt_answers_are_saved_with_the_call_and_edits_keep_history(store: Store, family) -> None:  # type: ignore[no-untyped-def]
    staff, pupil, mother, _ = family
    answers = [
        calling.PromptAnswer("how_are_they", "How is the child?", "Temperature since last night"),
        calling.PromptAnswer("expected_back", "When back?", "  "),
    ]
    record = calling.log_attempt(
        store, staff, pupil_id=pupil, contact_id=mother, outcome="answered", absence_date=DAY, answers=answers
    )
    assert [(a.key, a.answer) for a in record.answers] == [("how_are_they", "Temperature since last night")]
    calling.save_answers(
        store,
        staff,
        record.id,
        [
            calling.PromptAnswer("how_are_they", "How is the child?", "Temperature, seeing the GP"),
            calling.PromptAnswer("expected_back", "When back?", "Friday"),
        ],
    )
    again = calling.attempt_record(store, record.id)
    assert [(a.key, a.answer) for a in again.answers] == [
        ("how_are_they", "Temperature, seeing the GP"),
        ("expected_back", "Friday"),
    ]
    with store.session() as session:
        rows = session.scalars(select(CallPromptAnswer).order_by(CallPromptAnswer.id)).all()
        # Append-only: the first answer stays as it was; its correction points at it.
        assert [(r.prompt_key, r.answer, r.supersedes_id) for r in rows] == [
            ("how_are_they", "Temperature since last night", None),
            ("how_are_they", "Temperature, seeing the GP", rows[0].id),
            ("expected_back", "Friday", None),
        ]
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "call_prompt_answers")).one()
    assert audit.before == {"how_are_they": "Temperature since last night", "expected_back": None}
    assert audit.after == {"how_are_they": "Temperature, seeing the GP", "expected_back": "Friday"}
    calling.save_answers(store, staff, record.id, [calling.PromptAnswer("expected_back", "When back?", "Monday")])
    latest = calling.attempt_record(store, record.id)
    assert [(a.key, a.answer) for a in latest.answers] == [("expected_back", "Monday")]  # the other one cleared
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(CallPromptAnswer)) == 5  # nothing deleted


def test_a_concern_reaches_the_dsl_list_until_it_is_reviewed(store: Store, family) -> None:  # type: ignore[no-untyped-def]
    staff, pupil, mother, _ = family
    record = calling.log_attempt(
        store,
        staff,
        pupil_id=pupil,
        contact_id=mother,
        outcome="answered",
        absence_date=DAY,
        concern="Mother said Maya is frightened to come home",
    )
    with pytest.raises(PermissionRefused, match=r"Only the designated safeguarding lead \(DSL\) or the head teacher"):
        calling_concerns.dsl_list(store, staff)
    dsl = add_staff(store, "Dee Lead", "dsl")
    [concern] = calling_concerns.dsl_list(store, dsl)
    assert (concern.pupil_id, concern.source, concern.call_attempt_id) == (pupil, "call", record.id)
    assert concern.pupil_name == "Maya Reid" and concern.raised_by == "Pat Office"
    with pytest.raises(PermissionRefused, match="read or close safeguarding concerns"):
        calling_concerns.review_concern(store, staff, concern.id, "Closing it myself")
    with pytest.raises(ValueError, match="record what"):
        calling_concerns.review_concern(store, dsl, concern.id, " ")
    calling_concerns.review_concern(store, dsl, concern.id, "Spoke to Maya; referred to early help")
    assert calling_concerns.dsl_list(store, dsl) == []
    [closed] = calling_concerns.dsl_list(store, dsl, include_reviewed=True)
    assert closed.reviewed_by == "Dee Lead" and not closed.is_open


def test_an_outcome_explains_the_absence_and_proposes_the_code(store: Store, family) -> None:  # type: ignore[no-untyped-def]
    staff, pupil, mother, _ = family
    attempt = calling.log_attempt(store, staff, pupil_id=pupil, contact_id=mother, outcome="answered", absence_date=DAY)
    with pytest.raises(ValueError, match="cannot explain"):
        calling.record_outcome(store, staff, pupil_id=pupil, absence_date=DAY, reason="Ill", proposed_code="N")
    with pytest.raises(ValueError, match="not an attendance code"):
        calling.record_outcome(store, staff, pupil_id=pupil, absence_date=DAY, reason="Ill", proposed_code="Q9")
    outcome = calling.record_outcome(
        store,
        staff,
        pupil_id=pupil,
        absence_date=DAY,
        reason="Sickness bug",
        proposed_code="i",
        evidence_requested=True,
        attempt_id=attempt.id,
    )
    assert outcome.proposed_code == "I"
    with store.session() as session:
        decisions = session.scalars(select(CodeDecision).order_by(CodeDecision.session)).all()
    # AM was N in the register; PM had no mark yet when the call was made (a call-back is made on the day).
    expected = [("AM", "N", "I", "pending"), ("PM", "", "I", "pending")]
    assert [(d.session, d.mis_code, d.new_code, d.status) for d in decisions] == expected
    worklist = build_worklist(store, everyone(store), DAY)
    assert worklist.entries == []
    assert [(e.name, e.proposed_code, e.report_kind) for e in worklist.explained] == [("Maya Reid", "I", "call")]


def test_outcome_only_for_a_call_about_this_pupil(store: Store, family) -> None:  # type: ignore[no-untyped-def]
    staff, pupil, mother, _ = family
    other = add_pupil(store, 2, "Sam", "Reid")
    add_marks(store, [other], [DAY], present)
    attempt = calling.log_attempt(store, staff, pupil_id=pupil, contact_id=mother, outcome="answered", absence_date=DAY)
    with pytest.raises(ValueError, match="not about this pupil"):
        calling.record_outcome(
            store, staff, pupil_id=other, absence_date=DAY, reason="Ill", proposed_code="I", attempt_id=attempt.id
        )
