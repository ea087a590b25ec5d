"""Pupils, contacts and the links between them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from attendance_desk.domain.names import pupil_display_name
from attendance_desk.store.models.base import Base


class Pupil(Base):
    __tablename__ = "pupils"

    id: Mapped[int] = mapped_column(primary_key=True)
    upn: Mapped[str] = mapped_column(String(13), unique=True)
    admission_number: Mapped[str] = mapped_column(String(20), default="")
    legal_surname: Mapped[str] = mapped_column(String(100))
    legal_forename: Mapped[str] = mapped_column(String(100))
    middle_names: Mapped[str] = mapped_column(String(200), default="")
    preferred_surname: Mapped[str] = mapped_column(String(100), default="")
    preferred_forename: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1), default="")
    year_group: Mapped[str] = mapped_column(String(3))
    reg_group: Mapped[str] = mapped_column(String(20), default="")
    admission_date: Mapped[date | None] = mapped_column(Date)
    leaving_date: Mapped[date | None] = mapped_column(Date)
    sen_support: Mapped[bool] = mapped_column(Boolean, default=False)
    ehcp: Mapped[bool] = mapped_column(Boolean, default=False)
    fsm: Mapped[bool] = mapped_column(Boolean, default=False)
    pupil_premium: Mapped[bool] = mapped_column(Boolean, default=False)
    eal: Mapped[bool] = mapped_column(Boolean, default=False)
    looked_after: Mapped[bool] = mapped_column(Boolean, default=False)
    child_in_need: Mapped[bool] = mapped_column(Boolean, default=False)
    child_protection_plan: Mapped[bool] = mapped_column(Boolean, default=False)
    young_carer: Mapped[bool] = mapped_column(Boolean, default=False)
    social_worker_name: Mapped[str] = mapped_column(String(200), default="")
    social_worker_phone: Mapped[str] = mapped_column(String(40), default="")
    social_worker_email: Mapped[str] = mapped_column(String(200), default="")
    medical_note: Mapped[str] = mapped_column(Text, default="")

    links: Mapped[list[PupilContact]] = relationship(back_populates="pupil", cascade="all, delete-orphan")

    @property
    def forename(self) -> str:
        return self.preferred_forename or self.legal_forename

    @property
    def surname(self) -> str:
        return self.preferred_surname or self.legal_surname

    @property
    def display_name(self) -> str:
        return pupil_display_name(
            self.preferred_forename, self.legal_forename, self.preferred_surname, self.legal_surname
        )

    @property
    def has_social_worker(self) -> bool:
        return bool(self.social_worker_name)


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    mis_id: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(20), default="")
    forename: Mapped[str] = mapped_column(String(100))
    surname: Mapped[str] = mapped_column(String(100))
    address_line1: Mapped[str] = mapped_column(String(200), default="")
    address_line2: Mapped[str] = mapped_column(String(200), default="")
    address_line3: Mapped[str] = mapped_column(String(200), default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    county: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    phone_home: Mapped[str] = mapped_column(String(40), default="")
    phone_mobile: Mapped[str] = mapped_column(String(40), default="")
    phone_work: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")

    links: Mapped[list[PupilContact]] = relationship(back_populates="contact")

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.title, self.forename, self.surname) if part)

    @property
    def address_lines(self) -> list[str]:
        parts = [self.address_line1, self.address_line2, self.address_line3, self.town, self.county, self.postcode]
        return [p for p in parts if p]

    @property
    def phones(self) -> list[tuple[str, str]]:
        """(label, number) for each number held, mobile first: the number most likely to be answered."""
        pairs = [("Mobile", self.phone_mobile), ("Home", self.phone_home), ("Work", self.phone_work)]
        return [(label, number) for label, number in pairs if number]


class PupilContact(Base):
    """How a contact relates to one pupil. Parental responsibility and restrictions are per pupil."""

    __tablename__ = "pupil_contacts"
    __table_args__ = (UniqueConstraint("pupil_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    relationship_to_pupil: Mapped[str] = mapped_column("relationship", String(60), default="")
    priority: Mapped[int] = mapped_column(default=99)
    parental_responsibility: Mapped[bool] = mapped_column(Boolean, default=False)
    lives_with_pupil: Mapped[bool] = mapped_column(Boolean, default=False)
    court_order_restriction: Mapped[bool] = mapped_column(Boolean, default=False)

    pupil: Mapped[Pupil] = relationship(back_populates="links")
    contact: Mapped[Contact] = relationship(back_populates="links")


Index("ix_pupils_surname_forename", Pupil.legal_surname, Pupil.legal_forename)
