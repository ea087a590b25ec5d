"""Attendance contracts and their reviews.

A contract is agreed at a meeting the parent attends, or recorded as offered and not agreed (with the reason);
where the school decides not to use one, that decision and its reason are recorded too. The figures printed on
the contract (sessions missed, minutes late, attendance, authorised and unauthorised absence) and on each review
(sessions possible and attended since the contract, lates) come from :mod:`attendance_desk.services.figures`.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from attendance_desk.domain.access import Permission
from attendance_desk.domain.casework.periods import (
    ACTION_PARTIES,
    CONTRACT_NEXT_STEP_LABELS,
    CONTRACT_STATUS_LABELS,
    ContractNextStep,
    ContractParent,
    ContractStatus,
    add_school_weeks,
    check_contract,
)
from attendance_desk.domain.casework.records import (
    ContractAction,
    ContractDraft,
    ContractFigures,
    ContractReviewDraft,
    ContractReviewView,
    ContractView,
    ParentEntry,
)
from attendance_desk.domain.london import LONDON
from attendance_desk.services.access import require
from attendance_desk.services.casework.stages import (
    CaseworkError,
    add_communication,
    add_follow_up,
    close_follow_ups,
    holiday_weeks,
    period_figures,
    planned_calendar,
    pupil_or_error,
    staff_name,
    year_to_date_figures,
)
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AttendanceContract, Contact, ContractReview, PupilContact
from attendance_desk.store.versioning import claim_edit


def parents_for(store: Store, actor_id: int | None, pupil_id: int) -> list[ParentEntry]:
    """The pupil's contacts with parental responsibility, priority order, as contract parents (not yet present).

    A parent under a court-order restriction is not offered: the school does not contact them, so they can be
    neither named in a contract nor sent a form. Addresses and phone numbers are not carried: documents given to
    the family must not show one parent's details to the other."""
    require(store, actor_id, Permission.READ_PUPILS)
    with store.session() as session:
        rows = session.execute(
            select(Contact)
            .join(PupilContact, PupilContact.contact_id == Contact.id)
            .where(
                PupilContact.pupil_id == pupil_id,
                PupilContact.parental_responsibility.is_(True),
                PupilContact.court_order_restriction.is_(False),
            )
            .order_by(PupilContact.priority, Contact.surname)
        ).scalars()
        return [ParentEntry(c.display_name, False, c.id) for c in rows]


def _figures(session: Any, pupil_id: int, on: date) -> ContractFigures:
    f = year_to_date_figures(session, pupil_id, on)
    return ContractFigures(
        f.absence_sessions, f.minutes_late, f.attendance_percent, f.authorised_percent, f.unauthorised_percent
    )


def _default_review_at(session: Any, meeting_date: date, weeks: int) -> datetime:
    holidays = holiday_weeks(meeting_date, meeting_date + timedelta(weeks=weeks + 8), planned_calendar(session))
    return datetime.combine(add_school_weeks(meeting_date, weeks, holidays), time(9), tzinfo=LONDON)


def record_contract(store: Store, actor_id: int | None, pupil_id: int, draft: ContractDraft) -> ContractView:
    """Record an agreed contract, an offer not agreed, or a decision not to use one. Rules: see check_contract."""
    require(store, actor_id, Permission.CASEWORK)
    check_contract(
        draft.status,
        [ContractParent(p.name, p.attended) for p in draft.parents],
        draft.review_weeks,
        draft.status_reason,
    )
    unknown = sorted({a.party for a in draft.actions} - set(ACTION_PARTIES))
    if unknown:
        raise CaseworkError(f"Actions must be for {', '.join(ACTION_PARTIES)} (not {', '.join(unknown)}).")
    agreed = draft.status is ContractStatus.AGREED
    if agreed and draft.review_at is not None and draft.review_at.date() <= draft.meeting_date:
        raise CaseworkError("The review must come after the meeting.")
    with store.transaction() as session:
        pupil_or_error(session, pupil_id)
        review_at = None
        if agreed:
            review_at = draft.review_at or _default_review_at(session, draft.meeting_date, draft.review_weeks or 4)
        figures = _figures(session, pupil_id, draft.meeting_date)
        summary = {
            ContractStatus.AGREED: f"Attendance contract agreed; review on {review_at:%d/%m/%Y}." if review_at else "",
            ContractStatus.OFFERED_NOT_AGREED: "Attendance contract offered and not agreed.",
            ContractStatus.NOT_USED: "Decided not to use an attendance contract.",
        }[draft.status]
        communication_id = None
        if draft.status is not ContractStatus.NOT_USED:
            communication_id = add_communication(
                session,
                pupil_id=pupil_id,
                on=draft.meeting_date,
                method="meeting",
                outcome=CONTRACT_STATUS_LABELS[draft.status],
                summary=summary,
                actor_id=actor_id,
            )
        row = AttendanceContract(
            pupil_id=pupil_id,
            meeting_date=draft.meeting_date,
            status=draft.status.value,
            status_reason=draft.status_reason.strip(),
            sessions_missed=figures.sessions_missed,
            minutes_late=figures.minutes_late,
            attendance_percent=figures.attendance_percent,
            authorised_percent=figures.authorised_percent,
            unauthorised_percent=figures.unauthorised_percent,
            parents=[
                {**asdict(p), "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else None}
                for p in draft.parents
            ],
            review_weeks=draft.review_weeks if agreed else None,
            review_at=review_at,
            barriers=draft.barriers,
            parent_requirements=draft.parent_requirements,
            support_offered=draft.support_offered,
            actions=[asdict(a) for a in draft.actions],
            consent_to_share=draft.consent_to_share,
            signatories=[{"role": r, "name": n} for r, n in draft.signatories],
            created_by=actor_id,
            communication_id=communication_id,
        )
        session.add(row)
        session.flush()
        if review_at is not None:
            add_follow_up(
                session,
                pupil_id=pupil_id,
                kind="contract_review",
                title="Review the attendance contract",
                due_on=review_at.date(),
                actor_id=actor_id,
                source=f"attendance_contracts:{row.id}",
            )
        record_change(
            session,
            actor_id=actor_id,
            action="create",
            entity="attendance_contracts",
            entity_id=row.id,
            after={"pupil_id": pupil_id, "status": draft.status.value},
            reason=draft.status_reason,
        )
        contract_id = row.id
    return get_contract(store, actor_id, contract_id)


def _view(session: Any, row: AttendanceContract) -> ContractView:
    draft = ContractDraft(
        row.meeting_date,
        ContractStatus(row.status),
        [
            ParentEntry(
                p["name"],
                p["attended"],
                p.get("contact_id"),
                date.fromisoformat(p["date_of_birth"]) if p.get("date_of_birth") else None,
                p.get("address", ""),
                p.get("phone", ""),
            )
            for p in row.parents
        ],
        row.status_reason,
        row.review_weeks,
        row.review_at.astimezone(LONDON) if row.review_at else None,
        row.barriers,
        row.parent_requirements,
        row.support_offered,
        [ContractAction(**a) for a in row.actions],
        row.consent_to_share,
        [(s["role"], s["name"]) for s in row.signatories],
    )
    reviews = tuple(
        ContractReviewView(
            r.id,
            r.review_date,
            r.sessions_possible,
            r.sessions_attended,
            r.lates,
            r.progress_evidence,
            r.barriers_reduced,
            r.new_barriers,
            tuple(r.new_actions),
            ContractNextStep(r.next_step),
            r.next_review_date,
            staff_name(session, r.reviewed_by),
        )
        for r in session.scalars(
            select(ContractReview)
            .where(ContractReview.contract_id == row.id)
            .order_by(ContractReview.review_date, ContractReview.id)
        )
    )
    figures = ContractFigures(
        row.sessions_missed, row.minutes_late, row.attendance_percent, row.authorised_percent, row.unauthorised_percent
    )
    return ContractView(
        row.id, row.pupil_id, draft, figures, row.closed_on, staff_name(session, row.created_by), reviews, row.version
    )


def get_contract(store: Store, actor_id: int | None, contract_id: int) -> ContractView:
    require(store, actor_id, Permission.READ_PUPILS)
    with store.session() as session:
        row = session.get(AttendanceContract, contract_id)
        if row is None:
            raise CaseworkError(f"There is no attendance contract with id {contract_id}.")
        return _view(session, row)


def contracts(store: Store, actor_id: int | None, pupil_id: int) -> list[ContractView]:
    require(store, actor_id, Permission.READ_PUPILS)
    with store.session() as session:
        rows = session.scalars(
            select(AttendanceContract)
            .where(AttendanceContract.pupil_id == pupil_id)
            .order_by(AttendanceContract.meeting_date, AttendanceContract.id)
        )
        return [_view(session, r) for r in rows]


def review_contract(
    store: Store,
    actor_id: int | None,
    contract_id: int,
    draft: ContractReviewDraft,
    expected_version: int | None = None,
) -> ContractView:
    """Record a review; sessions possible and attended since the contract and lates come from the register.

    ``expected_version`` is the contract's version the screen showed: if someone changed the contract since (a
    review from another PC), this one is refused (:class:`~attendance_desk.store.versioning.EditConflictError`).
    """
    require(store, actor_id, Permission.CASEWORK)
    if draft.next_step is ContractNextStep.RE_REVIEW and (
        draft.next_review_date is None or draft.next_review_date <= draft.review_date
    ):
        raise CaseworkError("To review again, set the date of the next review (after this one).")
    with store.transaction() as session:
        row = session.get(AttendanceContract, contract_id)
        if row is None:
            raise CaseworkError(f"There is no attendance contract with id {contract_id}.")
        claim_edit(session, row, expected_version, actor_id)
        if row.status != ContractStatus.AGREED:
            raise CaseworkError("Only an agreed contract can be reviewed.")
        if row.closed_on is not None:
            raise CaseworkError(f"This contract was closed on {row.closed_on:%d/%m/%Y}.")
        if draft.review_date <= row.meeting_date:
            raise CaseworkError("The review must come after the meeting that agreed the contract.")
        f = period_figures(session, row.pupil_id, row.meeting_date + timedelta(days=1), draft.review_date)
        if draft.actions_met:
            actions = [dict(a) for a in row.actions]
            for action, met in zip(actions, draft.actions_met, strict=False):
                action["met"] = met
            row.actions = actions
        communication_id = add_communication(
            session,
            pupil_id=row.pupil_id,
            on=draft.review_date,
            method="meeting",
            outcome="Attendance contract reviewed",
            summary=f"Attendance contract review: {CONTRACT_NEXT_STEP_LABELS[draft.next_step].lower()}.",
            actor_id=actor_id,
        )
        review = ContractReview(
            contract_id=contract_id,
            review_date=draft.review_date,
            sessions_possible=f.possible_sessions,
            sessions_attended=f.present_sessions + f.aea_sessions,
            lates=f.late_before_close + f.late_after_close,
            progress_evidence=draft.progress_evidence,
            barriers_reduced=draft.barriers_reduced,
            new_barriers=draft.new_barriers,
            new_actions=list(draft.new_actions),
            next_step=draft.next_step.value,
            next_review_date=draft.next_review_date if draft.next_step is ContractNextStep.RE_REVIEW else None,
            reviewed_by=actor_id,
            communication_id=communication_id,
        )
        session.add(review)
        session.flush()
        source = f"attendance_contracts:{row.id}"
        close_follow_ups(session, source, actor_id, f"Reviewed on {draft.review_date:%d/%m/%Y}")
        if review.next_review_date is not None:
            add_follow_up(
                session,
                pupil_id=row.pupil_id,
                kind="contract_review",
                title="Review the attendance contract",
                due_on=review.next_review_date,
                actor_id=actor_id,
                source=source,
            )
        else:
            row.closed_on = draft.review_date
        record_change(
            session,
            actor_id=actor_id,
            action="create",
            entity="contract_reviews",
            entity_id=review.id,
            after={"contract_id": contract_id, "next_step": draft.next_step.value},
        )
    return get_contract(store, actor_id, contract_id)
