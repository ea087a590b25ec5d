"""The values behind merge fields and letterheads, read from the store.

Attendance figures come only from :func:`attendance_desk.services.figures.figures_for_pupil`, so a letter says
exactly what the pupil page and the reports say for the same period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from attendance_desk.documents.letterhead import Letterhead
from attendance_desk.domain.calendar import DateRange, school_year_start
from attendance_desk.domain.merge import format_date, format_number, format_percent
from attendance_desk.domain.metrics import PupilFigures
from attendance_desk.domain.vocabulary import StaffRole
from attendance_desk.services.letters.recipients import Recipient
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Mark, Pupil, SchoolSettings, Staff


class LetterError(ValueError):
    """A letter or certificate that cannot be made; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Signatory:
    name: str
    position: str
    email: str
    signature: bytes | None


def settings_of(session: Session) -> SchoolSettings:
    settings = session.get(SchoolSettings, 1)
    if settings is None or not settings.name.strip():
        raise LetterError("the school's name is not set: fill in School settings before printing letters")
    return settings


def letterhead_from(settings: SchoolSettings) -> Letterhead:
    lines = tuple(line.strip() for line in settings.address.replace(",", "\n").splitlines() if line.strip())
    return Letterhead(
        school_name=settings.name,
        address_lines=lines,
        phone=settings.phone,
        email=settings.email,
        website=settings.website,
        head_teacher=settings.head_teacher,
        logo=settings.logo_image,
    )


def letterhead_for(session: Session) -> Letterhead:
    """The letterhead from the school settings (for any document on school paper)."""
    return letterhead_from(settings_of(session))


def default_period(session: Session, today: date) -> DateRange:
    """The school year so far: 1 September to the last register date on or before ``today``."""
    start = school_year_start(today)
    last = session.scalar(select(func.max(Mark.date)).where(Mark.date >= start, Mark.date <= today))
    return DateRange(start, last if last is not None else today)


def signatory_for(kind: str, settings: SchoolSettings, actor: Staff | None) -> Signatory:
    """Who signs: the head teacher (with the stored signature image), the attendance lead, or the staff member."""
    if kind == "head_teacher":
        if not settings.head_teacher.strip():
            raise LetterError(
                "this letter is signed by the head teacher, but no head teacher is named in School settings"
            )
        return Signatory(settings.head_teacher, "Head teacher", settings.email, settings.signature_image)
    if kind == "attendance_lead" and settings.attendance_lead.strip():
        email = actor.email if actor is not None and actor.name == settings.attendance_lead else settings.email
        return Signatory(settings.attendance_lead, "Attendance lead", email, None)
    if actor is None:
        raise LetterError("choose the staff member who is signing the letter")
    position = actor.position or StaffRole.label_for(actor.role, "")
    return Signatory(actor.name, position, actor.email or settings.email, None)


def year_label(year_group: str) -> str:
    text = year_group.strip()
    if text.isdigit():
        return f"Year {int(text)}"
    return text


def pupil_values(pupil: Pupil) -> dict[str, str]:
    legal = " ".join(p for p in (pupil.legal_forename, pupil.middle_names, pupil.legal_surname) if p)
    return {
        "pupil.forename": pupil.forename,
        "pupil.surname": pupil.surname,
        "pupil.full_name": pupil.display_name,
        "pupil.legal_name": legal,
        "pupil.date_of_birth": format_date(pupil.date_of_birth),
        "pupil.year_group": year_label(pupil.year_group),
        "pupil.reg_group": pupil.reg_group,
    }


def school_values(settings: SchoolSettings) -> dict[str, str]:
    return {
        "school.name": settings.name,
        "school.address": ", ".join(letterhead_from(settings).address_lines),
        "school.phone": settings.phone,
        "school.email": settings.email,
        "school.head_teacher": settings.head_teacher,
        "school.attendance_lead": settings.attendance_lead,
        "school.local_authority": settings.la_name,
    }


def preview_school_values(store: Store) -> dict[str, str]:
    """This school's own details for a template preview (a detail not filled in yet says so, rather than showing
    a made-up school's)."""
    with store.session() as session:
        settings = session.get(SchoolSettings, 1)
        if settings is None:
            return {}
        return {name: value or "(not set in Settings › School)" for name, value in school_values(settings).items()}


def figure_values(figures: PupilFigures, period: DateRange) -> dict[str, str]:
    """Every attendance field, formatted; a figure that does not exist (no possible sessions) stays empty,
    which blocks any letter that uses it."""
    has_sessions = figures.possible_sessions > 0

    def count(value: int) -> str:
        return str(value) if has_sessions else ""

    return {
        "period.start": format_date(period.start),
        "period.end": format_date(period.end),
        "period.label": f"{format_date(period.start)} to {format_date(period.end)}",
        "attendance.percent": format_percent(figures.attendance_percent),
        "attendance.absence_percent": format_percent(figures.absence_percent),
        "attendance.days_missed": format_number(figures.days_missed) if has_sessions else "",
        "attendance.lessons_missed": format_number(figures.lessons_missed) if has_sessions else "",
        "attendance.broken_weeks": count(figures.broken_weeks),
        "attendance.school_weeks": count(figures.school_weeks),
        "attendance.possible_sessions": count(figures.possible_sessions),
        "attendance.authorised_sessions": count(figures.authorised_absence_sessions),
        "attendance.unauthorised_sessions": count(figures.unauthorised_absence_sessions),
        "attendance.late_sessions": count(figures.late_before_close),
        "attendance.late_after_close": count(figures.late_after_close),
        "attendance.illness_days": format_number(figures.illness_days) if has_sessions else "",
        "attendance.unauthorised_last_10_weeks": str(figures.unauthorised_last_10_school_weeks),
    }


def recipient_values(recipient: Recipient) -> dict[str, str]:
    return {
        "recipient.name": recipient.name,
        "recipient.salutation": recipient.salutation,
        "recipient.relationship": recipient.relationship,
    }


def signatory_values(signatory: Signatory) -> dict[str, str]:
    return {"staff.name": signatory.name, "staff.position": signatory.position, "staff.email": signatory.email}
