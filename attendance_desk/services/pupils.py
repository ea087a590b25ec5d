"""Pupils for the screens: the whole-school list, one pupil's details and contacts, and their register grid.

Figures come from :mod:`attendance_desk.services.figures`; nothing here computes an attendance figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session, selectinload

from attendance_desk.domain.access import Permission
from attendance_desk.domain.calendar import DateRange, school_year_start, week_start
from attendance_desk.domain.codes import CodeBook, UnknownCodeError, default_codebook
from attendance_desk.domain.contacts import ContactRecord, Phone
from attendance_desk.domain.metrics import PupilFigures
from attendance_desk.domain.names import surname_sort_key
from attendance_desk.domain.thresholds import Band
from attendance_desk.services.access import require
from attendance_desk.services.figures import calculator_for, figures_for_pupil, pupil_marks, school_headlines
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, Pupil, PupilContact

FLAG_LABELS: tuple[tuple[str, str], ...] = (
    ("sen_support", "SEN support"),
    ("ehcp", "EHCP"),
    ("fsm", "FSM"),
    ("pupil_premium", "Pupil premium"),
    ("eal", "EAL"),
    ("looked_after", "Looked after"),
    ("child_in_need", "Child in need"),
    ("child_protection_plan", "CP plan"),
    ("young_carer", "Young carer"),
)
SOCIAL_WORKER_FLAG = "Social worker"
MEDICAL_FLAG = "Medical"
BAND_LABELS: dict[Band, str] = {
    Band.EXPECTED: "Expected",
    Band.AT_RISK: "At risk",
    Band.PERSISTENT: "Persistent",
    Band.SEVERE: "Severe",
}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
SESSIONS = ("AM", "PM")


def flags_of(pupil: Pupil | Row[Any]) -> tuple[str, ...]:
    labels = [label for attr, label in FLAG_LABELS if getattr(pupil, attr)]
    if pupil.social_worker_name:
        labels.append(SOCIAL_WORKER_FLAG)
    if pupil.medical_note:
        labels.append(MEDICAL_FLAG)
    return tuple(labels)


def register_as_of(session: Session, today: date) -> date:
    """The day the figures run to: today, or the last day in the register when the register ends earlier."""
    calendar = calculator_for(session).calendar
    last = calendar.last_school_day_on_or_before(today)
    return last if last is not None else today


def year_to_date(as_of: date) -> DateRange:
    return DateRange(school_year_start(as_of), as_of)


def current_year_to_date(store: Store, today: date | None = None) -> DateRange:
    """The school year to date, ending on the last day in the register when that is before today."""
    with store.session() as session:
        return year_to_date(register_as_of(session, today or date.today()))


@dataclass(frozen=True, slots=True)
class PupilListRow:
    id: int
    upn: str
    surname: str
    forename: str
    year_group: str
    reg_group: str
    flags: tuple[str, ...]
    attendance_percent: Decimal | None
    band: Band | None
    possible_sessions: int
    unauthorised_sessions: int
    left_on: date | None

    @property
    def name(self) -> str:
        return f"{self.surname}, {self.forename}"

    @property
    def band_label(self) -> str:
        return BAND_LABELS[self.band] if self.band else ""


@dataclass(frozen=True, slots=True)
class PupilList:
    rows: list[PupilListRow]
    period: DateRange


def list_pupils(store: Store, actor_id: int | None, today: date | None = None) -> PupilList:
    """Every pupil with their figures for the school year to date (to the last day in the register)."""
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        calculator = calculator_for(session)
        last = calculator.calendar.last_school_day_on_or_before(today or date.today())
        as_of = last if last is not None else (today or date.today())  # as register_as_of, one calendar read
        period = year_to_date(as_of)
        headlines = school_headlines(session, period, calculator)  # only what the list shows
        rows: list[PupilListRow] = []
        # Plain rows, not ORM objects: a whole school's worth, read once for the list.
        for pupil in session.execute(select(*(Pupil.__table__.columns))):
            f = headlines.get(pupil.id)
            rows.append(
                PupilListRow(
                    id=pupil.id,
                    upn=pupil.upn,
                    surname=pupil.preferred_surname or pupil.legal_surname,  # as Pupil.surname
                    forename=pupil.preferred_forename or pupil.legal_forename,  # as Pupil.forename
                    year_group=pupil.year_group,
                    reg_group=pupil.reg_group,
                    flags=flags_of(pupil),
                    attendance_percent=f.attendance_percent if f else None,
                    band=f.band if f else None,
                    possible_sessions=f.possible_sessions if f else 0,
                    unauthorised_sessions=f.unauthorised_absence_sessions if f else 0,
                    left_on=pupil.leaving_date if pupil.leaving_date and pupil.leaving_date <= as_of else None,
                )
            )
    rows.sort(key=lambda r: (*surname_sort_key(r.surname, r.forename), r.upn))
    return PupilList(rows, period)


def contact_record(link: PupilContact, contact: Contact) -> ContactRecord:
    """The one record of a contact for every desk, from the link and the contact rows."""
    return ContactRecord(
        contact_id=contact.id,
        name=contact.display_name,
        relationship=link.relationship_to_pupil,
        priority=link.priority,
        parental_responsibility=link.parental_responsibility,
        lives_with_pupil=link.lives_with_pupil,
        court_order_restriction=link.court_order_restriction,
        phones=tuple(Phone(label, number) for label, number in contact.phones),
        email=contact.email,
        address_lines=tuple(contact.address_lines),
    )


@dataclass(frozen=True, slots=True)
class PupilDetail:
    id: int
    upn: str
    admission_number: str
    legal_name: str
    preferred_name: str
    display_name: str
    date_of_birth: date
    sex: str
    year_group: str
    reg_group: str
    admission_date: date | None
    leaving_date: date | None
    flags: tuple[str, ...]
    social_worker: tuple[str, str, str]  # name, phone, email ("" when none)
    medical_note: str
    contacts: tuple[ContactRecord, ...]


def pupil_detail(store: Store, actor_id: int | None, pupil_id: int) -> PupilDetail:
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        pupil = session.scalar(
            select(Pupil)
            .where(Pupil.id == pupil_id)
            .options(selectinload(Pupil.links).selectinload(PupilContact.contact))
        )
        if pupil is None:
            raise LookupError(f"There is no pupil with id {pupil_id}; they may have been removed by an import.")
        legal = " ".join(p for p in (pupil.legal_forename, pupil.middle_names, pupil.legal_surname) if p)
        contacts = tuple(
            contact_record(link, link.contact)
            for link in sorted(pupil.links, key=lambda lk: (lk.priority, lk.contact.surname, lk.contact.forename))
        )
        return PupilDetail(
            id=pupil.id,
            upn=pupil.upn,
            admission_number=pupil.admission_number,
            legal_name=legal,
            preferred_name=pupil.display_name,
            display_name=pupil.display_name,
            date_of_birth=pupil.date_of_birth,
            sex=pupil.sex,
            year_group=pupil.year_group,
            reg_group=pupil.reg_group,
            admission_date=pupil.admission_date,
            leaving_date=pupil.leaving_date,
            flags=flags_of(pupil),
            social_worker=(pupil.social_worker_name, pupil.social_worker_phone, pupil.social_worker_email),
            medical_note=pupil.medical_note,
            contacts=contacts,
        )


@dataclass(frozen=True, slots=True)
class PupilFiguresPair:
    """Figures for the school year to date and for a chosen range (the same calculator for both)."""

    as_of: date
    year_to_date: DateRange
    year_figures: PupilFigures
    chosen: DateRange
    chosen_figures: PupilFigures


def pupil_figures_pair(
    store: Store, actor_id: int | None, pupil_id: int, chosen: DateRange | None = None, today: date | None = None
) -> PupilFiguresPair:
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        calculator = calculator_for(session)
        last = calculator.calendar.last_school_day_on_or_before(today or date.today())
        as_of = last or today or date.today()
        ytd = year_to_date(as_of)
        chosen = chosen or ytd
        return PupilFiguresPair(
            as_of,
            ytd,
            figures_for_pupil(session, pupil_id, ytd, calculator),
            chosen,
            figures_for_pupil(session, pupil_id, chosen, calculator),
        )


@dataclass(frozen=True, slots=True)
class RegisterCell:
    code: str
    category: str  # a domain Category value, or "" for a code not in the code set for its date
    meaning: str


@dataclass(frozen=True, slots=True)
class RegisterWeek:
    monday: date
    cells: tuple[RegisterCell | None, ...]  # Mon AM, Mon PM, … Fri PM (None: no mark)


def _cell(codebook: CodeBook, code: str, on: date) -> RegisterCell:
    try:
        entry = codebook.lookup(code, on)
    except UnknownCodeError as exc:
        return RegisterCell(code, "", str(exc))
    return RegisterCell(code, entry.category.value, f"{entry.label}: {entry.meaning}")


def register_weeks(store: Store, actor_id: int | None, pupil_id: int, period: DateRange) -> list[RegisterWeek]:
    """The pupil's marks in ``period`` laid out as weeks × Mon–Fri AM/PM, weeks without marks left out."""
    codebook = default_codebook()
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        marks = pupil_marks(session, pupil_id, period.start, period.end)
    weeks: dict[date, list[RegisterCell | None]] = {}
    for day, session_name, code in marks:
        if day.weekday() > 4:
            continue  # registers are Monday to Friday; a weekend mark has no cell
        cells = weeks.setdefault(week_start(day), [None] * 10)
        cells[day.weekday() * 2 + (0 if session_name == "AM" else 1)] = _cell(codebook, code, day)
    return [RegisterWeek(monday, tuple(cells)) for monday, cells in sorted(weeks.items())]
