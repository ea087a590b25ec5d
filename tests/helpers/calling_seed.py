"""Builders for calling-desk tests: a few synthetic pupils, contacts and marks written with Core inserts.

Imported as ``tests.helpers.calling_seed`` by the calling, escalation and follow-up tests. Holds no tests itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from sqlalchemy import insert

from attendance_desk.domain.upn import make_upn
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, Mark, Pupil, PupilContact, Staff

PRESENT = {"AM": "/", "PM": "\\"}


def add_staff(store: Store, name: str = "Pat Office", role: str = "office") -> int:
    with store.transaction() as session:
        member = Staff(name=name, role=role)
        session.add(member)
        session.flush()
        return member.id


def add_pupil(store: Store, serial: int, forename: str, surname: str, **fields: object) -> int:
    row: dict[str, object] = {
        "upn": make_upn(0, 4001, 2019, serial),
        "legal_forename": forename,
        "legal_surname": surname,
        "date_of_birth": date(2014, 5, 1),
        "year_group": "6",
        "reg_group": "6R",
        "admission_date": date(2020, 9, 1),
    }
    row.update(fields)
    with store.engine.begin() as connection:
        return int(connection.execute(insert(Pupil).values(**row)).inserted_primary_key[0])


def add_contact(
    store: Store,
    pupil_id: int,
    forename: str,
    surname: str,
    *,
    relationship: str = "Mother",
    priority: int = 1,
    pr: bool = True,
    lives_with: bool = True,
    court_order: bool = False,
    mobile: str = "07700 900001",
    home: str = "",
) -> int:
    with store.engine.begin() as connection:
        contact_id = int(
            connection.execute(
                insert(Contact).values(
                    mis_id=f"C-{pupil_id}-{priority}-{forename}",
                    forename=forename,
                    surname=surname,
                    phone_mobile=mobile,
                    phone_home=home,
                )
            ).inserted_primary_key[0]
        )
        connection.execute(
            insert(PupilContact).values(
                pupil_id=pupil_id,
                contact_id=contact_id,
                relationship=relationship,
                priority=priority,
                parental_responsibility=pr,
                lives_with_pupil=lives_with,
                court_order_restriction=court_order,
            )
        )
    return contact_id


def weekdays(first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def add_marks(
    store: Store, pupil_ids: Iterable[int], days: Iterable[date], code: Callable[[int, date, str], str | None]
) -> None:
    """One mark per pupil, day and session from ``code(pupil, day, session)``; None leaves the session unmarked."""
    rows = [
        {"pupil_id": pid, "date": day, "session": sess, "code": c}
        for day in days
        for pid in pupil_ids
        for sess in ("AM", "PM")
        if (c := code(pid, day, sess)) is not None
    ]
    with store.engine.begin() as connection:
        connection.execute(insert(Mark), rows)


def present(_pid: int, _day: date, session: str) -> str:
    return PRESENT[session]
