"""A small school with at least one row in every evidence table, made through the services (as the office
would), with corrections and state changes along the way: for the append-only, versioning and tampering tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from attendance_desk.domain.access import Role
from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.vocabulary import DeliveryMethod
from attendance_desk.services import accounts
from attendance_desk.services.calling import calls as calling
from attendance_desk.services.calling.concerns import review_concern
from attendance_desk.services.calling.reports import ReportInput, record_report, withdraw_report
from attendance_desk.services.calling.visits import VisitInput, record_visit
from attendance_desk.services.casework.notices import update_penalty_notice
from attendance_desk.services.letters.batches import LetterRequest, produce_letters
from attendance_desk.services.letters.delivery import record_delivery
from attendance_desk.services.withdrawals import withdraw
from attendance_desk.store.engine import Store
from attendance_desk.store.models import (
    CodeDecision,
    DecisionStatus,
    ImportBatch,
    LetterTemplateVersion,
    SafeguardingConcern,
)
from tests.helpers.accounts import everyone, staff_with
from tests.helpers.casework_seed import build_case

ABSENT_ON = date(2025, 10, 6)


def build_evidence_school(store: Store) -> dict[str, int]:
    """Returns the ids the tests use (pupil, staff, the call, the concern, the letter, the penalty notice)."""
    ids = build_case(store)
    actor = everyone(store)
    pupil, parent = ids["pupil"], ids["parent"]
    call = calling.log_attempt(
        store,
        actor,
        pupil_id=pupil,
        contact_id=parent,
        outcome="answered",
        absence_date=ABSENT_ON,
        concern="Said the child was at a relative's; sounded unsure where.",
        answers=[calling.PromptAnswer("how_are_they", "How is the child?", "Unwell")],
    )
    calling.save_answers(store, actor, call.id, [calling.PromptAnswer("how_are_they", "How is the child?", "Better")])
    record_visit(
        store,
        actor,
        VisitInput(pupil, datetime(2025, 10, 7, 10, 30, tzinfo=UTC), "seen_safe", child_seen=True, people_seen="Mum"),
    )
    report = record_report(store, actor, ReportInput(pupil, date(2025, 10, 8), "Dentist", "M"))
    withdraw_report(store, actor, report.id, "Entered against the wrong day")
    with store.session() as session:
        concern = session.scalars(select(SafeguardingConcern.id)).first()
    assert concern is not None
    review_concern(store, actor, concern, "Spoke to the family; no further action.")
    withdraw(store, actor, "call_attempts", call.id, "Recorded against the wrong pupil")
    update_penalty_notice(store, actor, ids["penalty"], paid_on=date(2025, 3, 20))
    letters = produce_letters(
        store, actor, LetterRequest("attendance_concern", [pupil], DateRange(date(2025, 9, 1), date(2025, 10, 24)))
    ).letters
    record_delivery(store, actor, letters[0].letter_id, DeliveryMethod.FIRST_CLASS, datetime.now(UTC))
    helper = staff_with(store, "Robin Helper", Role.OFFICE)
    accounts.set_roles(store, actor, helper, [Role.DSL])
    accounts.set_roles(store, actor, helper, [])  # a grant taken away again
    with store.transaction() as session:
        session.add(LetterTemplateVersion(template_key="lateness", version=2, title="Lateness", body="Dear {x}"))
        batch = ImportBatch(kind="marks", file_name="marks.csv", staff_id=actor, status="running")
        session.add(batch)
        session.flush()
        batch.status, batch.finished_at = "imported", datetime.now(UTC) - timedelta(seconds=1)
        decision = CodeDecision(pupil_id=pupil, date=ABSENT_ON, session="AM", mis_code="N", new_code="I")
        decision.decided_by = actor
        session.add(decision)
        session.flush()
        decision.status, decision.resolved_by_import_id = DecisionStatus.DONE, batch.id
    return ids | {"actor": actor, "call": call.id, "concern": concern, "letter": letters[0].letter_id}
