"""Logging the morning's calls: one attempt per key press, the call-back answers, the outcome.

Every attempt (a call with any outcome, or a text) writes one ``communications`` row (method ``call`` or
``text``) and one ``call_attempts`` row with the details, stamped with the time and the staff member. A contact
under a court-order restriction can never be called: the service refuses, whatever the screen offers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.domain.calling.rules import SESSION_ORDER, CallOutcome
from attendance_desk.services.access import require
from attendance_desk.services.calling.concerns import add_concern
from attendance_desk.services.calling.reports import ProposedCode, ReportInput, add_report
from attendance_desk.services.evidence import log_communication
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, Pupil, PupilContact, Staff, utc_now
from attendance_desk.store.models.calling import CallAttempt, CallPromptAnswer


class DoNotContactError(PermissionError):
    """The contact is under a court-order restriction for this pupil."""


@dataclass(frozen=True, slots=True)
class PromptAnswer:
    key: str
    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    id: int
    communication_id: int
    pupil_id: int
    contact_id: int | None
    contact_name: str
    phone_label: str
    phone_number: str
    outcome: CallOutcome
    absence_date: date
    session: str
    at: datetime
    staff_id: int | None
    staff_name: str
    note: str
    answers: tuple[PromptAnswer, ...] = ()


@dataclass(frozen=True, slots=True)
class OutcomeRecord:
    report_id: int
    proposed_code: str
    decisions: tuple[ProposedCode, ...]


def _checked_contact(session: Session, pupil_id: int, contact_id: int) -> tuple[PupilContact, Contact]:
    link = session.scalar(
        select(PupilContact).where(PupilContact.pupil_id == pupil_id, PupilContact.contact_id == contact_id)
    )
    contact = session.get(Contact, contact_id)
    if link is None or contact is None:
        raise ValueError("that contact is not linked to this pupil")
    if link.court_order_restriction:
        raise DoNotContactError(
            f"{contact.display_name} must not be contacted about this pupil (court-order restriction). "
            "Nothing was logged."
        )
    return link, contact


def log_attempt(
    store: Store,
    actor_id: int | None,
    *,
    pupil_id: int,
    contact_id: int,
    outcome: CallOutcome | str,
    absence_date: date,
    session: str = "AM",
    phone_number: str = "",
    note: str = "",
    concern: str = "",
    answers: Sequence[PromptAnswer] = (),
    at: datetime | None = None,
) -> AttemptRecord:
    """Record one attempt to reach ``contact_id`` about ``pupil_id``'s absence. ``concern`` (optional) goes to
    the safeguarding lead's list in the same transaction."""
    require(store, actor_id, Permission.CALL)
    outcome = CallOutcome(outcome)
    if session not in SESSION_ORDER:
        raise ValueError(f"the session must be AM or PM, not '{session}'")
    at = at or utc_now()
    with store.transaction() as db:
        if db.get(Pupil, pupil_id) is None:
            raise LookupError(f"pupil {pupil_id} is not in the store")
        _link, contact = _checked_contact(db, pupil_id, contact_id)
        phones = dict((number, label) for label, number in contact.phones)
        if phone_number and phone_number not in phones:
            raise ValueError(f"{phone_number} is not one of {contact.display_name}'s numbers")
        if not phone_number and contact.phones:
            phone_number = contact.phones[0][1]
        label = phones.get(phone_number, "")
        summary = f"{outcome.label}: {label} {phone_number}".strip()
        summary += f" about absence {absence_date:%d/%m/%Y} {session}"
        communication = log_communication(
            db,
            pupil_id=pupil_id,
            contact_id=contact_id,
            at=at,
            method=outcome.method,
            direction="out",
            outcome=outcome.label,
            summary=summary + (f". {note.strip()}" if note.strip() else ""),
            actor_id=actor_id,
        )
        attempt = CallAttempt(
            communication_id=communication.id,
            pupil_id=pupil_id,
            contact_id=contact_id,
            phone_label=label,
            phone_number=phone_number,
            outcome=outcome.value,
            absence_date=absence_date,
            absence_session=session,
            at=at,
            staff_id=actor_id,
            note=note.strip(),
        )
        db.add(attempt)
        db.flush()
        record_change(
            db,
            actor_id=actor_id,
            action="create",
            entity="call_attempts",
            entity_id=attempt.id,
            after={"pupil_id": pupil_id, "contact_id": contact_id, "outcome": outcome.value},
        )
        _write_answers(db, actor_id, attempt.id, answers)
        if concern.strip():
            add_concern(db, actor_id, pupil_id, concern, source="call", call_attempt_id=attempt.id)
        attempt_id = attempt.id
    return attempt_record(store, attempt_id)


def _write_answers(db: Session, actor_id: int | None, attempt_id: int, answers: Sequence[PromptAnswer]) -> int:
    kept = [a for a in answers if a.answer.strip()]
    for a in kept:
        db.add(
            CallPromptAnswer(
                call_attempt_id=attempt_id,
                prompt_key=a.key,
                question=a.question,
                answer=a.answer.strip(),
                staff_id=actor_id,
            )
        )
    return len(kept)


def answer_versions(db: Session, attempt_ids: Sequence[int]) -> dict[int, dict[str, CallPromptAnswer]]:
    """The newest answer to each prompt of each call (cleared ones included, as empty answers), in the order the
    prompts were first answered. Answers are append-only: a changed answer is a new row superseding the old one."""
    found: dict[int, dict[str, CallPromptAnswer]] = {i: {} for i in attempt_ids}
    if attempt_ids:
        query = select(CallPromptAnswer).where(CallPromptAnswer.call_attempt_id.in_(list(attempt_ids)))
        for row in db.scalars(query.order_by(CallPromptAnswer.id)):
            found[row.call_attempt_id][row.prompt_key] = row  # a later version keeps its prompt's first place
    return found


def save_answers(store: Store, actor_id: int | None, attempt_id: int, answers: Sequence[PromptAnswer]) -> None:
    """Change the answers kept with a call: each changed or cleared answer is a new row pointing at the one it
    replaces, which stays as it was."""
    require(store, actor_id, Permission.CALL)
    with store.transaction() as db:
        if db.get(CallAttempt, attempt_id) is None:
            raise LookupError(f"call {attempt_id} no longer exists")
        current = answer_versions(db, [attempt_id])[attempt_id]
        before = {key: row.answer for key, row in current.items() if row.answer}
        wanted = {a.key: a for a in answers}
        for key, row in current.items():
            if key not in wanted and row.answer:
                wanted[key] = PromptAnswer(key, row.question, "")
        for key, answer in wanted.items():
            old = current.get(key)
            text = answer.answer.strip()
            if (old.answer if old else "") == text:
                continue
            db.add(
                CallPromptAnswer(
                    call_attempt_id=attempt_id,
                    prompt_key=key,
                    question=answer.question,
                    answer=text,
                    staff_id=actor_id,
                    supersedes_id=old.id if old else None,
                )
            )
        db.flush()
        record_change(
            db,
            actor_id=actor_id,
            action="update",
            entity="call_prompt_answers",
            entity_id=attempt_id,
            before=before,
            after={a.key: a.answer.strip() for a in answers if a.answer.strip()},
        )


def add_concern_to_call(store: Store, actor_id: int | None, attempt_id: int, note: str) -> int:
    require(store, actor_id, Permission.CALL)
    with store.transaction() as db:
        attempt = db.get(CallAttempt, attempt_id)
        if attempt is None:
            raise LookupError(f"call {attempt_id} no longer exists")
        return add_concern(db, actor_id, attempt.pupil_id, note, source="call", call_attempt_id=attempt_id).id


def record_outcome(
    store: Store,
    actor_id: int | None,
    *,
    pupil_id: int,
    absence_date: date,
    reason: str,
    proposed_code: str,
    first_session: str = "AM",
    last_date: date | None = None,
    last_session: str = "PM",
    evidence_requested: bool = False,
    expected_return: date | None = None,
    attempt_id: int | None = None,
    notes: str = "",
) -> OutcomeRecord:
    """The reason the family gave and the code it suggests. It explains the absence (the pupil leaves the
    worklist) and puts the code on the "changes to key in" list for the sessions marked ``N``."""
    require(store, actor_id, Permission.CALL)
    with store.transaction() as db:
        contact_id = reported_by = relationship = None
        if attempt_id is not None:
            attempt = db.get(CallAttempt, attempt_id)
            if attempt is None or attempt.pupil_id != pupil_id:
                raise ValueError("that call is not about this pupil")
            contact_id = attempt.contact_id
            if contact_id is not None:
                link, contact = _checked_contact(db, pupil_id, contact_id)
                reported_by, relationship = contact.display_name, link.relationship_to_pupil
        report, proposals = add_report(
            db,
            actor_id,
            ReportInput(
                pupil_id=pupil_id,
                first_date=absence_date,
                first_session=first_session,
                last_date=last_date,
                last_session=last_session,
                reason=reason,
                proposed_code=proposed_code,
                kind="call",
                expected_return=expected_return,
                reported_by=reported_by or "",
                reporter_relationship=relationship or "",
                contact_id=contact_id,
                method="phone",
                evidence_requested=evidence_requested,
                notes=notes,
                call_attempt_id=attempt_id,
            ),
        )
        return OutcomeRecord(report.id, report.proposed_code, tuple(proposals))


def _attempt_records(db: Session, query: Select[CallAttempt]) -> list[AttemptRecord]:
    # add_columns() loses the column types, so the row shape is written out here.
    rows: Sequence[tuple[CallAttempt, str | None, str | None, str | None, str | None]] = db.execute(
        query.add_columns(Contact.title, Contact.forename, Contact.surname, Staff.name)
        .outerjoin(Contact, Contact.id == CallAttempt.contact_id)
        .outerjoin(Staff, Staff.id == CallAttempt.staff_id)
        .order_by(CallAttempt.at, CallAttempt.id)
    ).all()
    ids = [row[0].id for row in rows]
    answers = {
        attempt_id: [PromptAnswer(a.prompt_key, a.question, a.answer) for a in newest.values() if a.answer]
        for attempt_id, newest in answer_versions(db, ids).items()
    }
    return [
        AttemptRecord(
            a.id,
            a.communication_id,
            a.pupil_id,
            a.contact_id,
            " ".join(p for p in (title, fore, sur) if p),
            a.phone_label,
            a.phone_number,
            CallOutcome(a.outcome),
            a.absence_date,
            a.absence_session,
            a.at,
            a.staff_id,
            staff or "",
            a.note,
            tuple(answers[a.id]),
        )
        for a, title, fore, sur, staff in rows
    ]


def attempt_record(store: Store, attempt_id: int) -> AttemptRecord:
    with store.session() as db:
        records = _attempt_records(db, select(CallAttempt).where(CallAttempt.id == attempt_id))
    if not records:
        raise LookupError(f"call {attempt_id} no longer exists")
    return records[0]


def attempts_for(store: Store, pupil_id: int, on: date | None = None) -> list[AttemptRecord]:
    """A pupil's call attempts, oldest first; only those about ``on``'s absence when given."""
    with store.session() as db:
        query = select(CallAttempt).where(CallAttempt.pupil_id == pupil_id)
        if on is not None:
            query = query.where(CallAttempt.absence_date == on)
        return _attempt_records(db, query)
