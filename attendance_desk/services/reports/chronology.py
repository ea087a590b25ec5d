"""Returns to the local authority in the pupil's chronology: when the form was made, and when and how it was sent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from attendance_desk.domain.chronology import ChronologyEntry
from attendance_desk.domain.london import london_date, london_midday
from attendance_desk.domain.reports.returns import RETURN_KIND_LABELS, ReturnKind
from attendance_desk.store.models import LaReturn, Staff

SEND_WORDS = {
    "email": "by secure email",
    "portal": "through the authority's portal",
    "upload": "by secure file upload",
    "post": "by post",
    "hand": "by hand",
    "phone": "by phone, form to follow",
}


def _in(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def return_entries(session: Session, pupil_id: int, start: date | None, end: date | None) -> Iterator[ChronologyEntry]:
    maker, sender = aliased(Staff), aliased(Staff)
    rows = session.execute(
        select(LaReturn, maker.name, sender.name)
        .outerjoin(maker, maker.id == LaReturn.created_by)
        .outerjoin(sender, sender.id == LaReturn.sent_by)
        .where(LaReturn.pupil_id == pupil_id)
    )
    for row, made_by, sent_by in rows:
        label = RETURN_KIND_LABELS[ReturnKind(row.kind)]
        made_on = london_date(row.created_at)
        if _in(made_on, start, end):
            yield ChronologyEntry(
                at=row.created_at,
                kind="la_return",
                title=f"{label}: form made (due to the local authority by {row.due_by:%d/%m/%Y})",
                detail=f"{row.days.normalize():f} school days from {row.first_date:%d/%m/%Y}; due from "
                f"{row.reached_on:%d/%m/%Y}.",
                staff=made_by or "",
                source=f"la_returns:{row.id}",
            )
        if row.sent_on is not None and _in(row.sent_on, start, end):
            yield ChronologyEntry(
                at=london_midday(row.sent_on),
                kind="la_return_sent",
                title=f"{label}: sent to the local authority {SEND_WORDS.get(row.sent_method, row.sent_method)}",
                detail=row.sent_note,
                staff=sent_by or "",
                source=f"la_returns:{row.id}",
            )
