"""One dated list per pupil of everything that happened: the evidence chronology.

Each feature contributes a *provider*: a function that reads its own tables and yields
:class:`~attendance_desk.domain.chronology.ChronologyEntry` items for a pupil. :func:`providers` is the only place
that lists them; it imports them when a chronology is first asked for, so start-up does not pay for every feature.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.domain.chronology import ChronologyEntry
from attendance_desk.domain.london import as_london
from attendance_desk.services.access import require
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Staff, Withdrawal

__all__ = ["ChronologyEntry", "Provider", "providers", "pupil_chronology"]

Provider = Callable[[Session, int, date | None, date | None], Iterable[ChronologyEntry]]


def providers() -> tuple[Provider, ...]:
    """Every feature's chronology source, in the order their entries are listed when two fall at the same moment."""
    from attendance_desk.services.calling.chronology import calling_chronology
    from attendance_desk.services.casework.chronology import casework_entries, weekly_attendance
    from attendance_desk.services.letters.chronology import letter_entries
    from attendance_desk.services.reports.chronology import return_entries

    return (casework_entries, weekly_attendance, letter_entries, calling_chronology, return_entries)


def pupil_chronology(
    store: Store, actor_id: int | None, pupil_id: int, start: date | None = None, end: date | None = None
) -> list[ChronologyEntry]:
    """Everything known about one pupil, oldest first."""
    sources = providers()
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        entries = [entry for source in sources for entry in source(session, pupil_id, start, end)]
        entries = _mark_withdrawn(session, pupil_id, entries)
    # By time only (a stable sort): events of one moment keep the order their providers gave, never the order of
    # their kinds' names, which once made a case at stage 3 read as ending at universal support.
    return sorted(entries, key=lambda e: e.at)


def _mark_withdrawn(session: Session, pupil_id: int, entries: list[ChronologyEntry]) -> list[ChronologyEntry]:
    """A record withdrawn as made by mistake stays in the chronology (it was recorded), saying so: when, by whom
    and why (``services/withdrawals.py``)."""
    found = {
        f"{w.entity}:{w.entity_id}": (w, name)
        for w, name in session.execute(
            select(Withdrawal, Staff.name)
            .outerjoin(Staff, Staff.id == Withdrawal.withdrawn_by)
            .where(Withdrawal.pupil_id == pupil_id)
        )
    }
    marked = []
    for entry in entries:
        withdrawal = found.get(entry.source)
        if withdrawal is None:
            marked.append(entry)
            continue
        row, name = withdrawal
        note = f"Withdrawn {as_london(row.withdrawn_at):%d/%m/%Y %H:%M}" + (f" by {name}" if name else "")
        detail = "\n".join(part for part in (entry.detail, f"{note}: {row.reason}") if part)
        marked.append(replace(entry, detail=detail, tags=(*entry.tags, "withdrawn")))
    return marked
