"""Register marks as imported from the MIS, and the import batches that brought them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from attendance_desk.store.models.base import Base, declare_tables_of, partial_index, utc_now

declare_tables_of("pupils", "school")  # the tables its foreign keys point at


class ImportBatch(Base):
    """One file taken in (or refused). Kept so the office can reopen any import's reconciliation report."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # pupils | contacts | marks
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    profile: Mapped[str] = mapped_column(String(100), default="")
    started_at: Mapped[datetime] = mapped_column(default=utc_now)
    finished_at: Mapped[datetime | None]
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    status: Mapped[str] = mapped_column(String(20), default="running")  # running|imported|unchanged|rejected
    inserted: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    removed: Mapped[int] = mapped_column(default=0)
    warnings: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    first_date: Mapped[date | None] = mapped_column(Date)
    last_date: Mapped[date | None] = mapped_column(Date)
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)
    message: Mapped[str] = mapped_column(Text, default="")
    # The calling desk's work after a marks import (codes proposed, escalation): "pending" is written in the
    # import's own transaction and cleared when that work is done, so a crash between the two is found at the
    # next start ("" when there is nothing to do, "done", or "failed").
    after_import: Mapped[str] = mapped_column(String(20), default="", server_default="")


class Mark(Base):
    """One pupil-session mark. The MIS is the legal register; this is its latest imported copy.

    Stored in key order (pupil, date, session): ``WITHOUT ROWID`` on SQLite (migration 0015), so one pupil's marks
    for a range of dates are one range scan of the table itself and an import in key order appends."""

    __tablename__ = "marks"
    __table_args__ = ({"sqlite_with_rowid": False},)

    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), primary_key=True)
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    session: Mapped[str] = mapped_column(String(2), primary_key=True)  # AM | PM
    code: Mapped[str] = mapped_column(String(3))
    minutes_late: Mapped[int | None]
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))


Index("ix_marks_date_code", Mark.date, Mark.code)
# Minutes late are summed over the few L and U marks only: a partial index (SQLite and PostgreSQL alike) holds just
# those, so the sum reads a few thousand entries instead of every mark in the range. Queries must spell the
# condition exactly so (``LATE_MARKS``) for the planners to prove it.
LATE_MARKS = "code IN ('L', 'U')"
partial_index("ix_marks_late", Mark.date, Mark.pupil_id, Mark.minutes_late, where=text(LATE_MARKS))


class PupilRegister(Base):
    """Each pupil's marks as one string (``domain.register``), kept in step with ``marks`` in the same
    transaction (``store.registers``), so whole-school figures read a few thousand short rows, not every mark."""

    __tablename__ = "pupil_registers"

    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), primary_key=True)
    first_day: Mapped[date] = mapped_column(Date)  # a Monday: character 0 is its morning session
    codes: Mapped[str] = mapped_column(Text, default="")
