"""Withdrawals: a record made by mistake is withdrawn, never deleted.

A call, home visit, stage change or notice recorded in error stays in the database as it was (it is evidence
that it was recorded); a withdrawal row beside it says who withdrew it, when and why, and every reader that
counts such records leaves withdrawn ones out.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from attendance_desk.store.models.base import Base, declare_tables_of, utc_now

declare_tables_of("pupils", "school")  # the tables its foreign keys point at


class Withdrawal(Base):
    __tablename__ = "withdrawals"
    __table_args__ = (UniqueConstraint("entity", "entity_id", name="uq_withdrawals_entity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))  # the table of the record withdrawn, e.g. "call_attempts"
    entity_id: Mapped[int]
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    withdrawn_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    withdrawn_at: Mapped[datetime] = mapped_column(default=utc_now)
