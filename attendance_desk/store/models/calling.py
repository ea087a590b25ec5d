"""The first-day calling desk: reported and planned absences, call attempts and their answers, concerns for the
designated safeguarding lead, home visits, and the school's escalation ladder, call-back script and term dates.

Every call, text and home visit also writes one row in ``communications`` (the shared log); the rows here hold
the details and point at it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from attendance_desk.store.models.base import Base, declare_tables_of, utc_now

declare_tables_of("activity", "pupils", "school")  # the tables its foreign keys point at


class AbsenceReport(Base):
    """An absence the family told us about (before or after registration), a planned absence entered in
    advance, or the reason given on a call. It explains the ``N`` marks it covers and proposes their code."""

    __tablename__ = "absence_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # reported | planned | call
    first_date: Mapped[date] = mapped_column(Date)
    first_session: Mapped[str] = mapped_column(String(2), default="AM")
    last_date: Mapped[date] = mapped_column(Date)
    last_session: Mapped[str] = mapped_column(String(2), default="PM")
    reason: Mapped[str] = mapped_column(Text)
    proposed_code: Mapped[str] = mapped_column(String(3))
    expected_return: Mapped[date | None] = mapped_column(Date)
    reported_by: Mapped[str] = mapped_column(String(200), default="")
    reporter_relationship: Mapped[str] = mapped_column(String(60), default="")
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    method: Mapped[str] = mapped_column(String(20), default="phone")
    reported_at: Mapped[datetime] = mapped_column(default=utc_now)
    taken_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    evidence_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    call_attempt_id: Mapped[int | None] = mapped_column(ForeignKey("call_attempts.id", ondelete="SET NULL"))
    communication_id: Mapped[int | None] = mapped_column(ForeignKey("communications.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")


class CallAttempt(Base):
    """One attempt to reach a contact about an absence: a call (any outcome) or a text."""

    __tablename__ = "call_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    communication_id: Mapped[int] = mapped_column(ForeignKey("communications.id", ondelete="CASCADE"), unique=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    phone_label: Mapped[str] = mapped_column(String(20), default="")
    phone_number: Mapped[str] = mapped_column(String(40), default="")
    outcome: Mapped[str] = mapped_column(String(20))  # domain.calling.CallOutcome
    absence_date: Mapped[date] = mapped_column(Date)
    absence_session: Mapped[str] = mapped_column(String(2), default="AM")
    at: Mapped[datetime] = mapped_column(default=utc_now)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class CallPromptAnswer(Base):
    """The answer to one call-back prompt, kept with the call (the question is copied as it was asked)."""

    __tablename__ = "call_prompt_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_attempt_id: Mapped[int] = mapped_column(ForeignKey("call_attempts.id", ondelete="CASCADE"), index=True)
    prompt_key: Mapped[str] = mapped_column(String(40))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # An answer changed later is a new row pointing at the one it replaces (an empty answer clears it).
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("call_prompt_answers.id"))


class HomeVisit(Base):
    """A visit to the family's home (a safe and well check or a welfare visit)."""

    __tablename__ = "home_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    communication_id: Mapped[int] = mapped_column(ForeignKey("communications.id", ondelete="CASCADE"), unique=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    visited_at: Mapped[datetime]
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    accompanied_by: Mapped[str] = mapped_column(String(200), default="")
    people_seen: Mapped[str] = mapped_column(Text, default="")
    child_seen: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str] = mapped_column(String(30))  # services.calling.visits.VisitOutcome
    notes: Mapped[str] = mapped_column(Text, default="")
    concerns: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class SafeguardingConcern(Base):
    """A note for the designated safeguarding lead. Open (unreviewed) concerns make up the DSL list."""

    __tablename__ = "safeguarding_concerns"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20), default="call")  # call | visit | report | manual
    call_attempt_id: Mapped[int | None] = mapped_column(ForeignKey("call_attempts.id", ondelete="SET NULL"))
    home_visit_id: Mapped[int | None] = mapped_column(ForeignKey("home_visits.id", ondelete="SET NULL"))
    raised_at: Mapped[datetime] = mapped_column(default=utc_now)
    raised_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    reviewed_at: Mapped[datetime | None]
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    review_note: Mapped[str] = mapped_column(Text, default="")


class EscalationStepSetting(Base):
    """The school's own escalation ladder. Empty means the defaults of ``domain.calling.escalation``."""

    __tablename__ = "escalation_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int]
    key: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    label: Mapped[str] = mapped_column(String(120))
    task_title: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
    days: Mapped[int] = mapped_column(default=1)
    notice_days: Mapped[int] = mapped_column(default=0)
    owner_role: Mapped[str] = mapped_column(String(40), default="office")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class CallbackPrompt(Base):
    """One question of the school's call-back script. Empty means the script in ``resources/prompts``."""

    __tablename__ = "callback_prompts"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int]
    key: Mapped[str] = mapped_column(String(40), unique=True)
    question: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class TermDate(Base):
    __tablename__ = "term_dates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date] = mapped_column(Date)


class SchoolClosure(Base):
    """A weekday in term when the school is shut to pupils (training day, polling day, an extra holiday)."""

    __tablename__ = "school_closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    reason: Mapped[str] = mapped_column(String(200), default="")


Index("ix_absence_reports_span", AbsenceReport.first_date, AbsenceReport.last_date)
Index("ix_call_attempts_date", CallAttempt.absence_date, CallAttempt.pupil_id)
# One correction per row (a further correction points at the newest): a unique index, which SQLite can add to a
# table in place (a unique constraint would need the table copied, and the copy would cascade deletes).
Index("uq_call_prompt_answers_supersedes_id", CallPromptAnswer.supersedes_id, unique=True)
