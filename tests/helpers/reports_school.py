"""A small autumn-term school (1 September to 19 December 2025, half term 27–31 October) with planted pupils whose
reports are worked out by hand in the reports tests.

Every pupil has marks every school day, so the school calendar is the term. The planted pupils:

- ``run``: unauthorised (N) from Monday 20 October to Friday 7 November: ten school days across half term.
- ``ill``: ill (I) from Monday 10 November to Friday 28 November: fifteen school days.
- ``monfri``: away (C) every Monday and Friday from 1 September to 19 December.
- ``nearly``: unauthorised (G) on the last eight school days, 10–19 December: an approaching return.
- ``young``: born 1 June 2021 (below compulsory school age all term), a ten-day N run like ``run``'s: no return.
- ``fsm1``–``fsm3``: free school meals; absent (O) on the first 12, 6 and 0 school days of the term.
- ``leaver``: left on 31 October, marks to 24 October.
- everyone else present every session.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import insert

from attendance_desk.domain.upn import make_upn
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, Mark, Pupil, PupilContact, SchoolSettings, Staff
from attendance_desk.store.models.calling import TermDate

HALF_TERM = (date(2025, 10, 27), date(2025, 10, 31))
TERM_END = date(2025, 12, 19)


def term_days() -> list[date]:
    out, day = [], date(2025, 9, 1)
    while day <= TERM_END:
        if day.weekday() < 5 and not HALF_TERM[0] <= day <= HALF_TERM[1]:
            out.append(day)
        day += timedelta(days=1)
    return out


DAYS = term_days()  # 70 school days
FIRST_BACK = date(2025, 11, 3)


PLANTED: dict[str, tuple[str, str, dict[str, object], Callable[[date, str], str]]] = {
    "run": ("Ruby", "Runner", {}, lambda d, s: "N" if date(2025, 10, 20) <= d <= date(2025, 11, 7) else "/"),
    "ill": ("Ilya", "Illness", {}, lambda d, s: "I" if date(2025, 11, 10) <= d <= date(2025, 11, 28) else "/"),
    "monfri": ("Monty", "Fridays", {}, lambda d, s: "C" if d.weekday() in (0, 4) else "/"),
    "nearly": ("Nell", "Nearly", {}, lambda d, s: "G" if d >= date(2025, 12, 10) else "/"),
    "young": (
        "Yusuf",
        "Young",
        {"date_of_birth": date(2021, 6, 1), "year_group": "R"},
        lambda d, s: "N" if date(2025, 10, 20) <= d <= date(2025, 11, 7) else "/",
    ),
    "fsm1": ("Farah", "Meals", {"fsm": True, "sex": "F"}, lambda d, s: "O" if d in DAYS[:12] else "/"),
    "fsm2": ("Fred", "Meals", {"fsm": True, "sex": "M"}, lambda d, s: "O" if d in DAYS[:6] else "/"),
    "fsm3": ("Fay", "Meals", {"fsm": True, "sex": "F"}, lambda d, s: "/"),
    "leaver": ("Leo", "Gone", {"leaving_date": date(2025, 10, 31)}, lambda d, s: "/"),
}
OTHERS = 7  # present every session


def build_reports_school(store: Store) -> dict[str, int]:
    """Build the school; returns pupil ids by key (the others as ``other1``…) and ``lead`` (a staff id)."""
    ids: dict[str, int] = {}
    with store.transaction() as session:
        settings = session.get(SchoolSettings, 1)
        assert settings is not None
        settings.name = "Brookside Primary School"
        settings.address = "2 Brook Lane\nSampletown\nST2 2BB"
        settings.la_name = "Sampleshire Council"
        lead = Staff(name="Dana Whitfield", position="Attendance lead", role="attendance_lead")
        session.add(lead)
        session.add_all([TermDate(name="Autumn 1", start_date=DAYS[0], end_date=date(2025, 10, 24))])
        session.add_all([TermDate(name="Autumn 2", start_date=FIRST_BACK, end_date=TERM_END)])
        session.flush()
        ids["lead"] = lead.id
        people = [(key, fore, sur, extra) for key, (fore, sur, extra, _c) in PLANTED.items()]
        people += [(f"other{i}", f"Pat{i}", "Present", {}) for i in range(1, OTHERS + 1)]
        for serial, (key, fore, sur, extra) in enumerate(people, start=1):
            fields: dict[str, object] = {
                "date_of_birth": date(2016, 3, 1),
                "year_group": "4",
                "reg_group": "4K",
                "admission_date": date(2022, 9, 1),
                **extra,
            }
            pupil = Pupil(upn=make_upn(0, 3001, 25, serial), legal_forename=fore, legal_surname=sur, **fields)
            session.add(pupil)
            session.flush()
            ids[key] = pupil.id
        parent = Contact(
            mis_id="P-run",
            title="Ms",
            forename="Rosa",
            surname="Runner",
            address_line1="3 Mill Street",
            town="Sampletown",
            postcode="ST2 3CC",
            phone_mobile="07700 900456",
        )
        barred = Contact(
            mis_id="P-run-2",
            title="Mr",
            forename="Rex",
            surname="Runner",
            address_line1="9 Far Road",
            town="Elsewhere",
            postcode="EL1 1EE",
            phone_mobile="07700 900999",
        )
        session.add_all([parent, barred])
        session.flush()
        session.add_all(
            [
                PupilContact(
                    pupil_id=ids["run"],
                    contact_id=parent.id,
                    relationship_to_pupil="Mother",
                    priority=1,
                    parental_responsibility=True,
                    lives_with_pupil=True,
                ),
                PupilContact(
                    pupil_id=ids["run"],
                    contact_id=barred.id,
                    relationship_to_pupil="Father",
                    priority=2,
                    parental_responsibility=True,
                    court_order_restriction=True,
                ),
            ]
        )
        rows = []
        for key, pupil_id in ids.items():
            if key == "lead":
                continue
            code_for = PLANTED[key][3] if key in PLANTED else (lambda d, s: "/")
            for day in DAYS:
                if key == "leaver" and day > date(2025, 10, 24):
                    continue
                for name in ("AM", "PM"):
                    rows.append({"pupil_id": pupil_id, "date": day, "session": name, "code": code_for(day, name)})
        session.execute(insert(Mark), rows)
    return ids


PUPIL_NAMES = [f"{fore} {sur}" for fore, sur, _e, _c in PLANTED.values()] + [
    f"Pat{i} Present" for i in range(1, OTHERS + 1)
]
