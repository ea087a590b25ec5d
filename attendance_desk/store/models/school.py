"""The school's own settings and its staff."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, LargeBinary, Numeric, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import true as sa_true

from attendance_desk.domain.vocabulary import StaffRole as StaffRole  # re-exported: where roles were first kept
from attendance_desk.store.models.base import Base, partial_index
from attendance_desk.store.models.versioned import Versioned


class SchoolSettings(Versioned, Base):
    """One row (id 1): who the school is and how it counts."""

    __tablename__ = "school_settings"
    describe_as = "The school's settings were"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    urn: Mapped[str] = mapped_column(String(20), default="")
    la_name: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    head_teacher: Mapped[str] = mapped_column(String(200), default="")
    attendance_lead: Mapped[str] = mapped_column(String(200), default="")
    logo_image: Mapped[bytes | None] = mapped_column(LargeBinary)
    signature_image: Mapped[bytes | None] = mapped_column(LargeBinary)
    lessons_per_day: Mapped[int] = mapped_column(default=5)
    register_close_time: Mapped[time] = mapped_column(Time, default=time(9, 0))
    at_risk_above_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(5))
    persistent_from_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(10))
    severe_from_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(50))
    watched_folder: Mapped[str] = mapped_column(String(500), default="")
    # Registers and casework are kept this many years after the pupil leaves (then offered for deletion).
    retention_years: Mapped[int] = mapped_column(default=6, server_default="6")
    idle_lock_minutes: Mapped[int] = mapped_column(default=10, server_default="10")
    # The local authority's code of conduct: support offered and recorded before a legal measure (the legal guard).
    support_before_legal_action: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(40), default=StaffRole.OFFICE)
    email: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # argon2id hash (argon2-cffi); empty until a password is set, and then nobody can sign in as them.
    password_hash: Mapped[str] = mapped_column(String(200), default="", server_default="")
    failed_sign_ins: Mapped[int] = mapped_column(default=0, server_default="0")
    sign_in_paused_until: Mapped[datetime | None]


# Names are unique among active staff: a refused action names people, so names must be clear. (The service also
# refuses names differing only in case; an expression index would not survive SQLite's schema reflection.)
partial_index("uq_staff_active_name", Staff.name, unique=True, where=Staff.active.is_(True))


class StaffRoleGrant(Base):
    """A further role held by a staff member (``Staff.role`` is their main one; they hold the union)."""

    __tablename__ = "staff_roles"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(40), primary_key=True)
