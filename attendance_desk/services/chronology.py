"""One dated list per pupil of everything that happened: the evidence chronology.

Each feature contributes a *provider*: a function that reads its own tables and yields
:class:`~attendance_desk.domain.chronology.ChronologyEntry` items for a pupil. :func:`providers` is the only place
that lists them; it imports them when a chronology is first asked for, so start-up does not pay for every feature.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.domain.chronology import ChronologyEntry
from attendance_desk.services.access import require
from attendance_desk.services.withdrawals import mark_withdrawn_entries, withdrawals_of_pupil
from attendance_desk.store.engine import Store

__all__ = ["ChronologyEntry", "Provider", "providers", "pupil_chronology"]

Provider = Callable[[Session, int, date | None, date | None], Iterable[ChronologyEntry]]


def providers() -> tuple[Provider, ...]:
    """Every feature's chronology source, in the order their entries are listed when two fall at the same moment."""
    from attendance_desk.services.calling.chronology import calling_chronology
    from attendance_desk.services.casework.chronology import casework_entries, weekly_attendance
    from attendance_desk.services.letters.chronology import letter_entries
    from attendance_desk.services.reports.chronology import return_entries
    from attendance_desk.services.withdrawals import withdrawal_entries

    return (casework_entries, weekly_attendance, letter_entries, calling_chronology, return_entries, withdrawal_entries)


def pupil_chronology(
    store: Store, actor_id: int | None, pupil_id: int, start: date | None = None, end: date | None = None
) -> list[ChronologyEntry]:
    """Everything known about one pupil, oldest first. A record withdrawn as made by mistake stays, saying so
    (when, by whom and why), and the withdrawal is an entry of its own (``services/withdrawals.py``)."""
    sources = providers()
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        entries = [entry for source in sources for entry in source(session, pupil_id, start, end)]
        entries = mark_withdrawn_entries(entries, withdrawals_of_pupil(session, pupil_id))
    # By time only (a stable sort): events of one moment keep the order their providers gave, never the order of
    # their kinds' names, which once made a case at stage 3 read as ending at universal support.
    return sorted(entries, key=lambda e: e.at)
