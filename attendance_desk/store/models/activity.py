"""What the office does about attendance, shared by every feature.

- ``communications``: every call, text, letter, email, meeting and home visit (the MIS communication log and
  the backbone of each pupil's chronology). Feature tables (call details, letters, visits) point at their row.
- ``code_decisions``: codes the office decided that must be keyed into the MIS ("changes to key in").
- ``follow_up_tasks``: dated tasks with an owner (escalation steps, reviews, payment dates).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from attendance_desk.domain.vocabulary import CommunicationMethod as CommunicationMethod  # re-exported
from attendance_desk.domain.vocabulary import DecisionStatus
from attendance_desk.store.models.base import Base, declare_tables_of, utc_now

declare_tables_of("marks", "pupils", "school")  # the tables its foreign keys point at


class Communication(Base):
    __tablename__ = "communications"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utc_now)
    method: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(3), default="out")  # out | in
    outcome: Mapped[str] = mapped_column(String(60), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)
    # Rows are never changed: a correction is a new row pointing at the one it replaces (readers show the newest).
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("communications.id"))


class CodeDecision(Base):
    __tablename__ = "code_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    date: Mapped[date] = mapped_column(Date)
    session: Mapped[str] = mapped_column(String(2))
    mis_code: Mapped[str] = mapped_column(String(3), default="")  # the code the MIS showed when decided
    new_code: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utc_now)
    status: Mapped[str] = mapped_column(String(12), default=DecisionStatus.PENDING)
    resolved_at: Mapped[datetime | None]
    resolved_by_import_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))


class FollowUpTask(Base):
    __tablename__ = "follow_up_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int | None] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date] = mapped_column(Date, index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    source: Mapped[str] = mapped_column(String(80), default="")  # what made it, e.g. "escalation:day3"
    done_at: Mapped[datetime | None]
    done_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    done_note: Mapped[str] = mapped_column(Text, default="")


Index("ix_code_decisions_key", CodeDecision.pupil_id, CodeDecision.date, CodeDecision.session)
# One correction per row (a further correction points at the newest): a unique index, which SQLite can add to a
# table in place (a unique constraint would need the table copied, and the copy would cascade deletes).
Index("uq_communications_supersedes_id", Communication.supersedes_id, unique=True)
