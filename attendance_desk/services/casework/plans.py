"""Medical action plans (with their reviews) and school attendance meetings (with their improvement plans).

Figures on a plan (attendance, broken weeks, days off) come from :mod:`attendance_desk.services.figures` for the
school year up to the plan date and are kept on the record as printed. Each plan, review and meeting writes a
``meeting`` row in the communications log and a reminder on the Follow-ups list for the next review or meeting.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from attendance_desk.domain.access import Permission
from attendance_desk.domain.casework.periods import (
    MEDICAL_REVIEW_OUTCOME_LABELS,
    MedicalReviewOutcome,
    review_date_warning,
)
from attendance_desk.domain.casework.records import (
    Difficulty,
    Invitee,
    MedicalIssue,
    MedicalPlanDraft,
    MedicalPlanView,
    MedicalReviewView,
    MeetingAction,
    MeetingDraft,
    MeetingView,
    PlanFigures,
)
from attendance_desk.services.access import require
from attendance_desk.services.casework.stages import (
    CaseworkError,
    add_communication,
    add_follow_up,
    close_follow_ups,
    holiday_weeks,
    planned_calendar,
    pupil_or_error,
    send_summary,
    staff_name,
    year_to_date_figures,
)
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AttendanceMeeting, MedicalActionPlan, MedicalPlanReview
from attendance_desk.store.versioning import claim_edit


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: Any) -> date | None:
    return date.fromisoformat(text) if text else None


def plan_figures(store: Store, actor_id: int | None, pupil_id: int, on: date) -> PlanFigures:
    """What a plan dated ``on`` will print: the school year to that date."""
    require(store, actor_id, Permission.READ_PUPILS)
    with store.session() as session:
        f = year_to_date_figures(session, pupil_id, on)
        return PlanFigures(f.attendance_percent, f.broken_weeks, f.school_weeks, f.days_missed)


# --- medical action plans ---------------------------------------------------------------------------------------


def medical_review_warning(store: Store, plan_date: date, review_date: date) -> str | None:
    """A warning (not a refusal) when the review is more than an academic month away."""
    with store.session() as session:
        return _review_warning(session, plan_date, review_date)


def _review_warning(session: Any, plan_date: date, review_date: date) -> str | None:
    weeks = holiday_weeks(plan_date, review_date, planned_calendar(session))
    return review_date_warning(plan_date, review_date, weeks)


def _check_plan(draft: MedicalPlanDraft) -> None:
    if draft.review_date <= draft.plan_date:
        raise CaseworkError("The review date must come after the date of the plan.")
    if draft.target_attendance is not None and not Decimal(0) <= draft.target_attendance <= Decimal(100):
        raise CaseworkError("The target attendance must be a percentage between 0 and 100.")
    if draft.authorise_absence and not draft.authorised_by.strip():
        raise CaseworkError("Name the person who decided to authorise the absence.")
    if draft.gp_consent and draft.gp_consent_date is None:
        raise CaseworkError("Give the date GP consent was gained.")


def create_medical_plan(store: Store, actor_id: int | None, pupil_id: int, draft: MedicalPlanDraft) -> MedicalPlanView:
    require(store, actor_id, Permission.CASEWORK)
    _check_plan(draft)
    with store.transaction() as session:
        pupil = pupil_or_error(session, pupil_id)
        f = year_to_date_figures(session, pupil_id, draft.plan_date)
        communication_id = add_communication(
            session,
            pupil_id=pupil_id,
            on=draft.plan_date,
            method="meeting",
            outcome="Medical action plan agreed",
            summary=f"Medical action plan meeting; review set for {draft.review_date:%d/%m/%Y}.",
            actor_id=actor_id,
        )
        plan = MedicalActionPlan(
            pupil_id=pupil_id,
            plan_date=draft.plan_date,
            key_adult=draft.key_adult,
            send=draft.send or send_summary(pupil),
            chair=draft.chair,
            attendance_percent=f.attendance_percent,
            broken_weeks=f.broken_weeks,
            school_weeks=f.school_weeks,
            days_off=f.days_missed,
            invitees=[asdict(i) for i in draft.invitees],
            gp_consent=draft.gp_consent,
            gp_consent_date=draft.gp_consent_date,
            consent_form_completed=draft.consent_form_completed,
            authorise_absence=draft.authorise_absence,
            authorise_date=draft.authorise_date,
            authorised_by=draft.authorised_by,
            medical_issues=[{**asdict(m), "evidence_date": _iso(m.evidence_date)} for m in draft.medical_issues],
            difficulties=[{**asdict(d), "on": _iso(d.on)} for d in draft.difficulties],
            target_attendance=draft.target_attendance,
            review_date=draft.review_date,
            created_by=actor_id,
            communication_id=communication_id,
        )
        session.add(plan)
        session.flush()
        add_follow_up(
            session,
            pupil_id=pupil_id,
            kind="medical_plan_review",
            title="Review the medical action plan",
            due_on=draft.review_date,
            actor_id=actor_id,
            source=f"medical_action_plans:{plan.id}",
        )
        record_change(
            session,
            actor_id=actor_id,
            action="create",
            entity="medical_action_plans",
            entity_id=plan.id,
            after={
                "pupil_id": pupil_id,
                "plan_date": draft.plan_date.isoformat(),
                "review_date": draft.review_date.isoformat(),
            },
        )
        plan_id = plan.id
    return get_medical_plan(store, actor_id, plan_id)


def _plan_view(session: Any, plan: MedicalActionPlan) -> MedicalPlanView:
    draft = MedicalPlanDraft(
        plan.plan_date,
        plan.review_date,
        plan.chair,
        plan.key_adult,
        plan.send,
        [Invitee(**i) for i in plan.invitees],
        plan.gp_consent,
        plan.gp_consent_date,
        plan.consent_form_completed,
        plan.authorise_absence,
        plan.authorise_date,
        plan.authorised_by,
        [
            MedicalIssue(m["issue"], m["evidence_by"], _day(m["evidence_date"]), m["evidence_type"])
            for m in plan.medical_issues
        ],
        [Difficulty(d["difficulty"], d["intervention"], d["provided_by"], _day(d["on"])) for d in plan.difficulties],
        plan.target_attendance,
    )
    reviews = tuple(
        MedicalReviewView(
            r.id,
            r.review_date,
            r.attendance_percent,
            r.progress,
            MedicalReviewOutcome(r.outcome),
            r.next_review_date,
            staff_name(session, r.reviewed_by),
        )
        for r in session.scalars(
            select(MedicalPlanReview)
            .where(MedicalPlanReview.plan_id == plan.id)
            .order_by(MedicalPlanReview.review_date, MedicalPlanReview.id)
        )
    )
    figures = PlanFigures(plan.attendance_percent, plan.broken_weeks, plan.school_weeks, plan.days_off)
    return MedicalPlanView(
        plan.id,
        plan.pupil_id,
        draft,
        figures,
        plan.closed_on,
        staff_name(session, plan.created_by),
        reviews,
        _review_warning(session, plan.plan_date, plan.review_date),
        plan.version,
    )


def get_medical_plan(store: Store, actor_id: int | None, plan_id: int) -> MedicalPlanView:
    require(store, actor_id, Permission.READ_PUPILS)
    with store.session() as session:
        plan = session.get(MedicalActionPlan, plan_id)
        if plan is None:
            raise CaseworkError(f"There is no medical action plan with id {plan_id}.")
        return _plan_view(session, plan)


def medical_plans(store: Store, actor_id: int | None, pupil_id: int) -> list[MedicalPlanView]:
    require(store, actor_id, Permission.READ_PUPILS)
    with store.session() as session:
        plans = session.scalars(
            select(MedicalActionPlan)
            .where(MedicalActionPlan.pupil_id == pupil_id)
            .order_by(MedicalActionPlan.plan_date, MedicalActionPlan.id)
        )
        return [_plan_view(session, p) for p in plans]


def review_medical_plan(
    store: Store,
    actor_id: int | None,
    plan_id: int,
    review_date: date,
    progress: str,
    outcome: MedicalReviewOutcome,
    next_review_date: date | None,
    expected_version: int | None = None,
) -> MedicalPlanView:
    """Record a review. "Continue" needs the next review date; the other outcomes close the plan.

    ``expected_version`` is the plan's version the screen showed: if someone changed the plan since, the review
    is refused (:class:`~attendance_desk.store.versioning.EditConflictError`) and nothing is saved.
    """
    require(store, actor_id, Permission.CASEWORK)
    if outcome is MedicalReviewOutcome.CONTINUE:
        if next_review_date is None or next_review_date <= review_date:
            raise CaseworkError("To continue the plan, set the next review date (after this review).")
    else:
        next_review_date = None
    with store.transaction() as session:
        plan = session.get(MedicalActionPlan, plan_id)
        if plan is None:
            raise CaseworkError(f"There is no medical action plan with id {plan_id}.")
        claim_edit(session, plan, expected_version, actor_id)
        if plan.closed_on is not None:
            raise CaseworkError(f"This plan was closed on {plan.closed_on:%d/%m/%Y}; start a new plan instead.")
        if review_date < plan.plan_date:
            raise CaseworkError("A review cannot come before the plan it reviews.")
        f = year_to_date_figures(session, plan.pupil_id, review_date)
        communication_id = add_communication(
            session,
            pupil_id=plan.pupil_id,
            on=review_date,
            method="meeting",
            outcome="Medical action plan reviewed",
            summary=f"Medical action plan review: {MEDICAL_REVIEW_OUTCOME_LABELS[outcome].lower()}.",
            actor_id=actor_id,
        )
        review = MedicalPlanReview(
            plan_id=plan_id,
            review_date=review_date,
            attendance_percent=f.attendance_percent,
            progress=progress.strip(),
            outcome=outcome.value,
            next_review_date=next_review_date,
            reviewed_by=actor_id,
            communication_id=communication_id,
        )
        session.add(review)
        session.flush()
        source = f"medical_action_plans:{plan.id}"
        close_follow_ups(session, source, actor_id, f"Reviewed on {review_date:%d/%m/%Y}")
        if next_review_date is not None:
            add_follow_up(
                session,
                pupil_id=plan.pupil_id,
                kind="medical_plan_review",
                title="Review the medical action plan",
                due_on=next_review_date,
                actor_id=actor_id,
                source=source,
            )
        else:
            plan.closed_on = review_date
        record_change(
            session,
            actor_id=actor_id,
            action="create",
            entity="medical_plan_reviews",
            entity_id=review.id,
            after={"plan_id": plan_id, "outcome": outcome.value},
        )
    return get_medical_plan(store, actor_id, plan_id)


# --- school attendance meetings and improvement plans ---------------------------------------------------------


def record_meeting(store: Store, actor_id: int | None, pupil_id: int, draft: MeetingDraft) -> MeetingView:
    require(store, actor_id, Permission.CASEWORK)
    if not draft.attendees.strip():
        raise CaseworkError("List who attended the meeting.")
    if draft.next_meeting_date is not None and draft.next_meeting_date <= draft.meeting_date:
        raise CaseworkError("The next meeting must come after this one.")
    with store.transaction() as session:
        pupil_or_error(session, pupil_id)
        number = (session.scalar(select(func.count()).where(AttendanceMeeting.pupil_id == pupil_id)) or 0) + 1
        communication_id = add_communication(
            session,
            pupil_id=pupil_id,
            on=draft.meeting_date,
            method="meeting",
            outcome="School attendance meeting",
            summary=f"School attendance meeting {number}: {draft.reason}.",
            actor_id=actor_id,
        )
        row = AttendanceMeeting(
            pupil_id=pupil_id,
            meeting_date=draft.meeting_date,
            meeting_number=number,
            attendees=draft.attendees,
            apologies=draft.apologies,
            reason=draft.reason,
            background=draft.background,
            notes=draft.notes,
            actions=[asdict(a) for a in draft.actions],
            next_meeting_date=draft.next_meeting_date,
            next_agenda=draft.next_agenda,
            created_by=actor_id,
            communication_id=communication_id,
        )
        session.add(row)
        session.flush()
        if draft.next_meeting_date:
            add_follow_up(
                session,
                pupil_id=pupil_id,
                kind="attendance_meeting",
                title="Next school attendance meeting",
                due_on=draft.next_meeting_date,
                actor_id=actor_id,
                source=f"attendance_meetings:{row.id}",
            )
        record_change(
            session,
            actor_id=actor_id,
            action="create",
            entity="attendance_meetings",
            entity_id=row.id,
            after={"pupil_id": pupil_id, "meeting_date": draft.meeting_date.isoformat(), "number": number},
        )
        return MeetingView(row.id, pupil_id, number, draft, staff_name(session, actor_id))


def meetings(store: Store, actor_id: int | None, pupil_id: int) -> list[MeetingView]:
    require(store, actor_id, Permission.READ_PUPILS)
    with store.session() as session:
        rows = session.scalars(
            select(AttendanceMeeting)
            .where(AttendanceMeeting.pupil_id == pupil_id)
            .order_by(AttendanceMeeting.meeting_date, AttendanceMeeting.id)
        )
        return [
            MeetingView(
                r.id,
                r.pupil_id,
                r.meeting_number,
                MeetingDraft(
                    r.meeting_date,
                    r.attendees,
                    r.apologies,
                    r.reason,
                    r.background,
                    r.notes,
                    [MeetingAction(**a) for a in r.actions],
                    r.next_meeting_date,
                    r.next_agenda,
                ),
                staff_name(session, r.created_by),
            )
            for r in rows
        ]
