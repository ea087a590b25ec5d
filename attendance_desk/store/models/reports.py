"""Reports: the school's reporting settings (improvement target, phase, local-authority due rules) and the
returns made to the local authority."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from attendance_desk.store.models.base import Base, declare_tables_of, utc_now

declare_tables_of("letters", "pupils", "school")  # the tables its foreign keys point at


class ReportSettings(Base):
    """One row (id 1). Empty fields mean "not set"."""

    __tablename__ = "report_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    phase: Mapped[str] = mapped_column(String(20), default="")  # "primary" | "secondary" | "" (work it out)
    target_measure: Mapped[str] = mapped_column(String(20), default="attendance")  # "attendance" | "absence"
    target_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    target_basis: Mapped[str] = mapped_column(Text, default="")  # where the target came from, in the school's words
    target_year_start: Mapped[date | None] = mapped_column(Date)  # 1 September of the year the target is for
    continuous_due_rule: Mapped[str] = mapped_column(String(40), default="school_days:5")
    sickness_due_rule: Mapped[str] = mapped_column(String(40), default="school_days:5")
    la_returns_contact: Mapped[str] = mapped_column(String(300), default="")  # where returns go (team, address)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)


class LaReturn(Base):
    """A return to the local authority for one pupil's episode: the form made, then when and how it was sent."""

    __tablename__ = "la_returns"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # continuous_unauthorised | sickness
    first_date: Mapped[date] = mapped_column(Date)
    reached_on: Mapped[date] = mapped_column(Date)
    due_by: Mapped[date] = mapped_column(Date)
    days: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("archived_documents.id", ondelete="SET NULL"))
    sent_on: Mapped[date | None] = mapped_column(Date)
    sent_method: Mapped[str] = mapped_column(String(40), default="")
    sent_note: Mapped[str] = mapped_column(Text, default="")
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


Index("ix_la_returns_pupil_kind_reached", LaReturn.pupil_id, LaReturn.kind, LaReturn.reached_on, unique=True)
