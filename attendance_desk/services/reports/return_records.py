"""Making a return's form (archived, fingerprinted) and recording when and how it was sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.documents.reports.return_form import ReturnEvent, ReturnFormData, ReturnParent, render_return_form
from attendance_desk.domain.access import Permission
from attendance_desk.domain.calendar import DateRange, school_year_start
from attendance_desk.domain.reports.returns import RETURN_KIND_LABELS, ReturnKind
from attendance_desk.domain.vocabulary import DocumentKind
from attendance_desk.services.access import require
from attendance_desk.services.archive import archive_transaction
from attendance_desk.services.chronology import pupil_chronology
from attendance_desk.services.figures import figures_for_pupil, pupil_marks
from attendance_desk.services.letters.data import letterhead_for, settings_of
from attendance_desk.services.pupils import MEDICAL_FLAG, flags_of
from attendance_desk.services.reports.returns import DueReturn, ReturnError, due_return_for
from attendance_desk.services.reports.settings import options_in
from attendance_desk.store.audit import record_change, snapshot
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, LaReturn, Pupil, PupilContact, Staff

SEND_METHODS = {  # the chronology's wording is in services/reports/chronology.py
    "email": "Secure email",
    "portal": "The authority's online portal",
    "upload": "Secure file upload",
    "post": "Post",
    "hand": "By hand",
    "phone": "By phone, form to follow",
}
CONTACT_KINDS = {"call", "text", "letter", "letter_delivery", "home_visit", "absence_report", "email"}
LEFT_OFF_KINDS = {"weekly_attendance", "concern", "la_return", "la_return_sent"}  # safeguarding stays in school


@dataclass(frozen=True, slots=True)
class ReturnRecord:
    id: int
    pupil_id: int
    kind: str
    first_date: date
    reached_on: date
    due_by: date
    days: Decimal
    document_id: int | None
    sent_on: date | None
    sent_method: str
    sent_note: str


def _record(row: LaReturn) -> ReturnRecord:
    return ReturnRecord(
        row.id,
        row.pupil_id,
        row.kind,
        row.first_date,
        row.reached_on,
        row.due_by,
        row.days,
        row.document_id,
        row.sent_on,
        row.sent_method,
        row.sent_note,
    )


def return_records(store: Store, actor_id: int | None, pupil_id: int | None = None) -> list[ReturnRecord]:
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        query = select(LaReturn).order_by(LaReturn.reached_on, LaReturn.id)
        if pupil_id is not None:
            query = query.where(LaReturn.pupil_id == pupil_id)
        return [_record(row) for row in session.scalars(query)]


def _parents(session: Session, pupil_id: int) -> tuple[ReturnParent, ...]:
    rows = session.execute(
        select(PupilContact, Contact)
        .join(Contact, Contact.id == PupilContact.contact_id)
        .where(PupilContact.pupil_id == pupil_id)
        .order_by(PupilContact.priority, Contact.id)
    )
    out = []
    for link, contact in rows:
        if not (link.parental_responsibility or link.lives_with_pupil):
            continue
        restricted = link.court_order_restriction
        out.append(
            ReturnParent(
                contact.display_name,
                link.relationship_to_pupil,
                "Court order in place: ask the school" if restricted else ", ".join(contact.address_lines),
                "" if restricted else ", ".join(number for _label, number in contact.phones),
                link.parental_responsibility,
            )
        )
    return tuple(out)


def _registers(session: Session, due: DueReturn) -> tuple[tuple[date, str, str], ...]:
    if due.kind is ReturnKind.CONTINUOUS:
        wanted = set(due.episode_days)
        start, end = due.episode_days[0], due.episode_days[-1]
    else:
        start, end = due.first_date, due.last_date
        wanted = None
    by_day: dict[date, dict[str, str]] = {}
    for day, session_name, code in pupil_marks(session, due.pupil_id, start, end):
        if wanted is not None and day not in wanted:
            continue
        by_day.setdefault(day, {})[session_name] = code
    if due.kind is ReturnKind.SICKNESS:  # only the days with illness
        by_day = {d: s for d, s in by_day.items() if "I" in s.values()}
    return tuple((day, codes.get("AM", ""), codes.get("PM", "")) for day, codes in sorted(by_day.items()))


def _form_data(store: Store, session: Session, due: DueReturn, actor_id: int | None, today: date) -> ReturnFormData:
    pupil = session.get(Pupil, due.pupil_id)
    assert pupil is not None and due.reached_on is not None and due.due_by is not None
    settings = settings_of(session)
    options = options_in(session)
    figures = figures_for_pupil(session, pupil.id, DateRange(school_year_start(due.reached_on), due.reached_on))
    events = pupil_chronology(store, actor_id, pupil.id, due.first_date - timedelta(days=14), today)
    contacts = tuple(ReturnEvent(e.at, e.title, e.detail, e.staff) for e in events if e.kind in CONTACT_KINDS)
    actions = tuple(
        ReturnEvent(e.at, e.title, e.detail, e.staff)
        for e in events
        if e.kind not in CONTACT_KINDS and e.kind not in LEFT_OFF_KINDS and "safeguarding" not in e.tags
    )
    actor = session.get(Staff, actor_id) if actor_id is not None else None
    days = due.days
    return ReturnFormData(
        title=RETURN_KIND_LABELS[due.kind],
        la_name=settings.la_name,
        la_contact=options.la_returns_contact,
        school_name=settings.name,
        school_urn=settings.urn,
        pupil_name=pupil.display_name,
        upn=pupil.upn,
        date_of_birth=pupil.date_of_birth,
        year_group=pupil.year_group,
        reg_group=pupil.reg_group,
        sex=pupil.sex,
        flags=", ".join(f for f in flags_of(pupil) if f != MEDICAL_FLAG),
        parents=_parents(session, pupil.id),
        first_date=due.first_date,
        reached_on=due.reached_on,
        due_by=due.due_by,
        days=f"{days.normalize():f}",
        registers=_registers(session, due),
        attendance_this_year="no sessions" if figures.attendance_percent is None else f"{figures.attendance_percent}%",
        contacts=contacts,
        actions=actions,
        made_by=actor.name if actor else "",
        made_on=today,
    )


def make_return_form(
    store: Store, actor_id: int | None, pupil_id: int, kind: ReturnKind, reached_on: date, today: date | None = None
) -> tuple[int, bytes]:
    """Fill the form from the record, archive it, and keep (or update) the return. Returns (return id, PDF)."""
    today = today or date.today()
    with store.session() as session:
        due, _info = due_return_for(session, pupil_id, kind, reached_on, today)
        data = _form_data(store, session, due, actor_id, today)
        letterhead = letterhead_for(session)
    pdf = render_return_form(data, letterhead)
    with archive_transaction(store) as (session, writer):
        document = writer.add(
            session,
            kind=DocumentKind.LA_RETURN,
            title=f"{data.title}: {data.pupil_name}",
            pdf=pdf,
            actor_id=actor_id,
            pupil_id=pupil_id,
            data={
                "kind": kind.value,
                "first_date": due.first_date.isoformat(),
                "reached_on": reached_on.isoformat(),
                "due_by": due.due_by.isoformat() if due.due_by else None,
            },
        )
        session.flush()
        row = session.scalars(
            select(LaReturn).where(
                LaReturn.pupil_id == pupil_id, LaReturn.kind == kind.value, LaReturn.reached_on == reached_on
            )
        ).one_or_none()
        if row is None:
            row = LaReturn(pupil_id=pupil_id, kind=kind.value, reached_on=reached_on, created_by=actor_id)
            session.add(row)
        before = snapshot(row, ("document_id", "due_by", "days")) if row.id else None
        row.first_date, row.due_by, row.days, row.document_id = due.first_date, due.due_by, due.days, document.id  # type: ignore[assignment]
        session.flush()
        record_change(
            session,
            actor_id=actor_id,
            action="update" if before else "create",
            entity="la_returns",
            entity_id=row.id,
            before=before,
            after=snapshot(row, ("pupil_id", "kind", "reached_on", "due_by", "days", "document_id")),
        )
        return row.id, pdf


def mark_return_sent(
    store: Store,
    actor_id: int | None,
    return_id: int,
    sent_on: date,
    method: str,
    note: str = "",
    today: date | None = None,
) -> ReturnRecord:
    """Record that the form went to the local authority, on which date and how. Once only: a second call fails."""
    today = today or date.today()
    if method not in SEND_METHODS:
        raise ReturnError(f"'{method}' is not a way of sending; use one of: {', '.join(SEND_METHODS)}")
    if sent_on > today:
        raise ReturnError("A return cannot be marked sent on a date still to come.")
    with store.transaction() as session:
        row = session.get(LaReturn, return_id)
        if row is None:
            raise ReturnError("There is no such return.")
        if row.document_id is None:
            raise ReturnError("Make the form before marking the return sent.")
        if row.sent_on is not None:
            raise ReturnError(f"This return was already marked sent on {row.sent_on:%d/%m/%Y}.")
        if sent_on < row.reached_on:
            raise ReturnError("A return cannot be sent before it became due.")
        row.sent_on, row.sent_method, row.sent_note, row.sent_by = sent_on, method, note.strip(), actor_id
        session.flush()
        record_change(
            session,
            actor_id=actor_id,
            action="update",
            entity="la_returns",
            entity_id=row.id,
            after={"sent_on": sent_on.isoformat(), "sent_method": method},
        )
        return _record(row)


def sent_in(session: Session, period: DateRange) -> list[ReturnRecord]:
    """Returns marked sent in ``period`` (for the termly pack)."""
    query = select(LaReturn).where(LaReturn.sent_on >= period.start, LaReturn.sent_on <= period.end)
    return [_record(row) for row in session.scalars(query.order_by(LaReturn.sent_on, LaReturn.id))]
