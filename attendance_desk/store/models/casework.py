"""Casework: each pupil's stage in the staged process and the plans, contracts, meetings and notices that move it.

Everything here is evidence a magistrate may read, so records are added, not rewritten: a stage change is a new
row in ``case_stage_changes``; a review is a new row beside its plan or contract. Each meeting, review and notice
also writes one row in the shared ``communications`` table (its ``communication_id``), so that the MIS
communication log and the chronology include it. Repeating parts of a form (people invited, medical issues,
actions) are JSON lists of small objects whose keys the services define.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from attendance_desk.store.models.base import Base, declare_tables_of, utc_now
from attendance_desk.store.models.versioned import Versioned

declare_tables_of("activity", "pupils", "school")  # the tables its foreign keys point at


class CaseStageDefinition(Base):
    """The school's own list of stages (names and steps differ between local authorities)."""

    __tablename__ = "case_stage_definitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int]
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    steps: Mapped[list[Any]] = mapped_column(default=list)
    legal: Mapped[bool] = mapped_column(Boolean, default=False)


class CaseworkSettings(Base):
    """One row (id 1): when a pupil's figures put them on the review list."""

    __tablename__ = "casework_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_bands: Mapped[list[Any]] = mapped_column(default=lambda: ["persistent", "severe"])
    review_on_penalty_threshold: Mapped[bool] = mapped_column(Boolean, default=True)
    broken_weeks_ratio: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal("0.40"))
    min_broken_weeks: Mapped[int] = mapped_column(default=2)


class CaseStageChange(Base):
    """A pupil entering a stage: the latest row is the pupil's current stage."""

    __tablename__ = "case_stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    stage_key: Mapped[str] = mapped_column(String(40))
    stage_name: Mapped[str] = mapped_column(String(120))  # as named when decided, kept if the school renames it
    changed_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)


class MedicalActionPlan(Versioned, Base):
    __tablename__ = "medical_action_plans"
    describe_as = "This medical action plan was"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    plan_date: Mapped[date] = mapped_column(Date)
    key_adult: Mapped[str] = mapped_column(String(200), default="")
    send: Mapped[str] = mapped_column(Text, default="")
    chair: Mapped[str] = mapped_column(String(200), default="")
    # Figures as printed on the plan (from services.figures on the plan date), kept as evidence.
    attendance_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    broken_weeks: Mapped[int] = mapped_column(default=0)
    school_weeks: Mapped[int] = mapped_column(default=0)
    days_off: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal(0))
    invitees: Mapped[list[Any]] = mapped_column(default=list)  # {role, name, attended}
    gp_consent: Mapped[bool | None] = mapped_column(Boolean)
    gp_consent_date: Mapped[date | None] = mapped_column(Date)
    consent_form_completed: Mapped[bool] = mapped_column(Boolean, default=False)
    authorise_absence: Mapped[bool | None] = mapped_column(Boolean)
    authorise_date: Mapped[date | None] = mapped_column(Date)
    authorised_by: Mapped[str] = mapped_column(String(200), default="")
    # {issue, evidence_by, evidence_date, evidence_type}
    medical_issues: Mapped[list[Any]] = mapped_column(default=list)
    difficulties: Mapped[list[Any]] = mapped_column(default=list)  # {difficulty, intervention, provided_by, date}
    target_attendance: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    review_date: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    communication_id: Mapped[int | None] = mapped_column(ForeignKey("communications.id", ondelete="SET NULL"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class MedicalPlanReview(Base):
    __tablename__ = "medical_plan_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("medical_action_plans.id", ondelete="CASCADE"), index=True)
    review_date: Mapped[date] = mapped_column(Date)
    attendance_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    progress: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(30))  # domain.casework.MedicalReviewOutcome
    next_review_date: Mapped[date | None] = mapped_column(Date)
    communication_id: Mapped[int | None] = mapped_column(ForeignKey("communications.id", ondelete="SET NULL"))
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)


class AttendanceContract(Versioned, Base):
    """An attendance contract agreed, offered and not agreed, or not used (with the reason)."""

    __tablename__ = "attendance_contracts"
    describe_as = "This attendance contract was"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    meeting_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))  # domain.casework.ContractStatus
    status_reason: Mapped[str] = mapped_column(Text, default="")
    sessions_missed: Mapped[int] = mapped_column(default=0)
    minutes_late: Mapped[int] = mapped_column(default=0)
    attendance_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    authorised_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    unauthorised_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    parents: Mapped[list[Any]] = mapped_column(default=list)  # {contact_id, name, dob, address, phone, attended}
    review_weeks: Mapped[int | None]
    review_at: Mapped[datetime | None]
    barriers: Mapped[str] = mapped_column(Text, default="")
    parent_requirements: Mapped[str] = mapped_column(Text, default="")
    support_offered: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[list[Any]] = mapped_column(default=list)  # {party, outcome, how, by_when, met}
    consent_to_share: Mapped[bool] = mapped_column(Boolean, default=False)
    signatories: Mapped[list[Any]] = mapped_column(default=list)  # {role, name}
    closed_on: Mapped[date | None] = mapped_column(Date)
    communication_id: Mapped[int | None] = mapped_column(ForeignKey("communications.id", ondelete="SET NULL"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class ContractReview(Base):
    __tablename__ = "contract_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("attendance_contracts.id", ondelete="CASCADE"), index=True)
    review_date: Mapped[date] = mapped_column(Date)
    sessions_possible: Mapped[int] = mapped_column(default=0)
    sessions_attended: Mapped[int] = mapped_column(default=0)
    lates: Mapped[int] = mapped_column(default=0)
    progress_evidence: Mapped[str] = mapped_column(Text, default="")
    barriers_reduced: Mapped[str] = mapped_column(Text, default="")
    new_barriers: Mapped[str] = mapped_column(Text, default="")
    new_actions: Mapped[list[Any]] = mapped_column(default=list)  # {action, how, by_when}
    next_step: Mapped[str] = mapped_column(String(20))  # domain.casework.ContractNextStep
    next_review_date: Mapped[date | None] = mapped_column(Date)
    communication_id: Mapped[int | None] = mapped_column(ForeignKey("communications.id", ondelete="SET NULL"))
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)


class AttendanceMeeting(Base):
    """A school attendance meeting and the improvement plan agreed at it."""

    __tablename__ = "attendance_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    meeting_date: Mapped[date] = mapped_column(Date)
    meeting_number: Mapped[int] = mapped_column(default=1)
    attendees: Mapped[str] = mapped_column(Text, default="")
    apologies: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    background: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[list[Any]] = mapped_column(default=list)  # {action, responsibility, when, outcome}
    next_meeting_date: Mapped[date | None] = mapped_column(Date)
    next_agenda: Mapped[str] = mapped_column(Text, default="")
    communication_id: Mapped[int | None] = mapped_column(ForeignKey("communications.id", ondelete="SET NULL"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class NoticeToImprove(Base):
    __tablename__ = "notices_to_improve"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    issued_on: Mapped[date] = mapped_column(Date)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    school_weeks: Mapped[int]
    holiday_weeks: Mapped[list[Any]] = mapped_column(default=list)  # ISO Mondays skipped inside the period
    max_unauthorised_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(10))
    criteria: Mapped[str] = mapped_column(Text, default="")
    support_given: Mapped[str] = mapped_column(Text, default="")
    support_offered: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(20))  # domain.casework.NoticeOutcome
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    period_unauthorised_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    review_note: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    communication_id: Mapped[int | None] = mapped_column(ForeignKey("communications.id", ondelete="SET NULL"))
    review_communication_id: Mapped[int | None] = mapped_column(ForeignKey("communications.id", ondelete="SET NULL"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class PenaltyNotice(Base):
    """A penalty notice issued to one parent for one child."""

    __tablename__ = "penalty_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    parent_name: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date] = mapped_column(Date)
    received_on: Mapped[date] = mapped_column(Date)
    sequence: Mapped[int]  # 1 or 2 within the rolling three years
    reduced_amount: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    full_amount: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    reference: Mapped[str] = mapped_column(String(60), default="")
    paid_on: Mapped[date | None] = mapped_column(Date)
    amount_paid: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    prosecuted_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    communication_id: Mapped[int | None] = mapped_column(ForeignKey("communications.id", ondelete="SET NULL"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


Index("ix_case_stage_changes_pupil_on", CaseStageChange.pupil_id, CaseStageChange.changed_on)
