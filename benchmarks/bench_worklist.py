"""The morning worklist for a 1,500-pupil school with a full year of marks, just after the day's import.

Target: under 300 ms. Baseline: a raw sqlite3 SELECT of that day's session marks (the least any worklist must
read), timed in the same run.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy import insert, update

from attendance_desk.services.calling.reports import ReportInput, add_report
from attendance_desk.services.calling.worklist import build_worklist
from attendance_desk.store.models import Contact, Mark, Pupil, PupilContact
from benchmarks.harness import Result, best_of
from benchmarks.synthetic_school import build
from tests.helpers.accounts import everyone

PUPILS = 1500
ABSENT_SHARE = 0.07  # a bad morning: about 105 pupils with N
TARGET_SECONDS = 0.3


def _plant_day(store, day, rng: random.Random) -> int:  # type: ignore[no-untyped-def]
    absent = rng.sample(range(1, PUPILS + 1), int(PUPILS * ABSENT_SHARE))
    with store.transaction() as session:
        connection = session.connection()
        connection.execute(
            update(Mark).where(Mark.date == day, Mark.pupil_id.in_(absent), Mark.session == "AM").values(code="N")
        )
        connection.execute(update(Mark).where(Mark.date == day, Mark.session == "PM").values(code="\\"))
        connection.execute(update(Pupil).where(Pupil.id % 53 == 0).values(social_worker_name="A. Worker"))
        connection.execute(update(Pupil).where(Pupil.id % 41 == 0).values(ehcp=True))
        connection.execute(
            insert(Contact),
            [
                {
                    "id": n,
                    "mis_id": f"C{n}",
                    "forename": "Parent",
                    "surname": f"Surname{(n + 1) // 2:04d}",
                    "phone_mobile": f"07700 9{n:05d}",
                }
                for n in range(1, PUPILS * 2 + 1)
            ],
        )
        connection.execute(
            insert(PupilContact),
            [
                {
                    "pupil_id": (n + 1) // 2,
                    "contact_id": n,
                    "relationship": "Mother" if n % 2 else "Father",
                    "priority": 2 - n % 2,
                    "parental_responsibility": True,
                    "court_order_restriction": n % 97 == 0,
                }
                for n in range(1, PUPILS * 2 + 1)
            ],
        )
        for pupil_id in absent[:15]:  # a few families rang in before registration
            add_report(
                session, None, ReportInput(pupil_id=pupil_id, first_date=day, reason="Unwell", proposed_code="I")
            )
    return len(absent)


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as scratch:
        store, days = build(Path(scratch), PUPILS)
        day = days[-1]
        absent = _plant_day(store, day, random.Random(11))
        database = str(store.database_file)

        def baseline() -> None:
            connection = sqlite3.connect(database)
            connection.execute(
                "SELECT pupil_id, code FROM marks WHERE date = ? AND session = 'AM'", (day.isoformat(),)
            ).fetchall()
            connection.close()

        lists: list[object] = []
        reader = everyone(store)  # reading the worklist needs a signed-in person who may
        seconds = best_of(lambda: lists.append(build_worklist(store, reader, day, "AM")), repeat=5)
        base = best_of(baseline, repeat=5)
        store.dispose()
    return [
        Result(
            f"worklist, {PUPILS} pupils, {absent} absent without a reason, a year of marks",
            seconds,
            "raw sqlite3 SELECT of that session's marks",
            base,
            note=f"target < {TARGET_SECONDS * 1000:.0f} ms: {'met' if seconds < TARGET_SECONDS else 'NOT met'}",
        )
    ]
