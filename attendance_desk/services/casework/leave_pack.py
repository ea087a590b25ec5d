"""The leave-of-absence part of a penalty-notice request (Southend appendix 8): the G-coded sessions from the
register, the spells they make, the day the pupil came back, and the refusal letter from the letters archive.

G is the national code for leave in term time that the school did not agree. Marks come from
:func:`attendance_desk.services.figures.pupil_marks`, the one way the register is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.domain.calendar import school_year_start
from attendance_desk.domain.casework.referrals import (
    LEAVE_REQUEST_WITHIN_DAYS,
    LeaveFacts,
    LeaveOfAbsence,
    RefusalLetter,
)
from attendance_desk.domain.codes import Category, UnknownCodeError, default_codebook
from attendance_desk.domain.london import LONDON
from attendance_desk.domain.vocabulary import DeliveryMethod
from attendance_desk.services.access import require
from attendance_desk.services.casework.stages import pupil_or_error
from attendance_desk.services.figures import pupil_marks
from attendance_desk.store.engine import Store
from attendance_desk.store.models import ArchivedDocument, Letter, LetterDelivery

LEAVE_CODE = "G"
REFUSAL_TEMPLATE = "leave_refused"


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _spells(marks: list[tuple[date, str, str]]) -> list[tuple[date, date, int]]:
    """Unbroken runs of G marks in register order (weekends and holidays have no marks, so they do not break one)."""
    spells: list[tuple[date, date, int]] = []
    run: list[date] = []
    for day, _session, code in marks:
        if code == LEAVE_CODE:
            run.append(day)
        elif run:
            spells.append((run[0], run[-1], len(run)))
            run = []
    if run:
        spells.append((run[0], run[-1], len(run)))
    return spells


def _returned_on(marks: list[tuple[date, str, str]], last_leave: date) -> date | None:
    codebook = default_codebook()
    for day, _session, code in marks:
        if day <= last_leave:
            continue
        try:
            if codebook.category(code, day) is Category.PRESENT:
                return day
        except UnknownCodeError:
            continue
    return None


def refusal_in(session: Session, pupil_id: int, as_of: date) -> RefusalLetter | None:
    """The latest ``leave_refused`` letter to this pupil's family made on or before ``as_of``, with its delivery."""
    rows: Iterable[tuple[Letter, dict[str, Any]]] = session.execute(
        select(Letter, ArchivedDocument.data)
        .join(ArchivedDocument, ArchivedDocument.id == Letter.document_id)
        .where(Letter.pupil_id == pupil_id, Letter.template_key == REFUSAL_TEMPLATE)
        .order_by(Letter.created_at.desc())
    )
    for letter, data in rows:
        on = letter.created_at.astimezone(LONDON).date()
        if on > as_of:
            continue
        delivery = session.scalars(
            select(LetterDelivery).where(LetterDelivery.letter_id == letter.id).order_by(LetterDelivery.delivered_at)
        ).first()
        how = (
            f"{DeliveryMethod.label_for(delivery.method)}, {_d(delivery.delivered_at.astimezone(LONDON).date())}"
            if delivery
            else ""
        )
        letters = (data or {}).get("letters", [])
        values: dict[str, str] = next(
            (item.get("values", {}) for item in letters if item.get("name") == letter.recipient_name), {}
        )
        dates = " to ".join(v for v in (values.get("leave.start", ""), values.get("leave.end", "")) if v)
        return RefusalLetter(on, letter.recipient_name, how, dates)
    return None


def find_refusal(store: Store, actor_id: int | None, pupil_id: int, as_of: date) -> RefusalLetter | None:
    """For the dialog: whether the archive already holds the refusal (then its date need not be typed)."""
    require(store, actor_id, Permission.READ_PUPILS)
    with store.session() as session:
        pupil_or_error(session, pupil_id)
        return refusal_in(session, pupil_id, as_of)


def leave_of_absence(session: Session, pupil_id: int, as_of: date, facts: LeaveFacts) -> LeaveOfAbsence:
    """The leave this school year; ValueError (shown to the user) when there is none to ask a penalty notice for."""
    start = school_year_start(as_of)
    marks = pupil_marks(session, pupil_id, start, as_of)
    sessions = [(day, sess) for day, sess, code in marks if code == LEAVE_CODE]
    if not sessions:
        raise ValueError(
            f"No session is marked G (leave not agreed) between {_d(start)} and {_d(as_of)}, so there is no leave "
            "in term time to ask a penalty notice for. Import the latest register if the leave was recorded there."
        )
    # Whether the leave reaches the national threshold (10 unauthorised sessions in 10 school weeks, G counting
    # with N, O and U) is the legal guard's question, asked before the pack is built; no local count here.
    if not facts.reason_given.strip():
        raise ValueError("Type the reason the parents gave for the leave.")
    if facts.requested_on > as_of:
        raise ValueError(f"The leave request date {_d(facts.requested_on)} is after today.")
    refusal = refusal_in(session, pupil_id, as_of)
    if refusal is None and facts.refusal_sent_on is None:
        raise ValueError(
            "No refusal letter (Leave of absence refused) is in the letters archive for this pupil: type the date "
            "the school's refusal was sent."
        )
    returned = _returned_on(marks, sessions[-1][0])
    return LeaveOfAbsence(
        sessions=tuple(sessions),
        spells=tuple(_spells(marks)),
        returned_on=returned,
        send_by=returned + timedelta(days=LEAVE_REQUEST_WITHIN_DAYS) if returned else None,
        refusal=refusal,
        facts=facts,
    )
