"""A quick synthetic school for benchmarks: N pupils and a full school year of marks, written with Core.

Not the demo school (that aims at realism); this aims at the right size and a plausible mix of codes, built in
a few seconds so that benchmarks measure the code under test rather than setup.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from attendance_desk.domain.upn import make_upn
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Mark, Pupil
from attendance_desk.store.open import open_store

YEAR_START = date(2025, 9, 1)
CODES = ["/"] * 90 + ["L", "I", "I", "M", "N", "O", "G", "U", "C", "B"]


def school_days(start: date = YEAR_START, count: int = 190) -> list[date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5 and not (date(2025, 10, 27) <= day <= date(2025, 10, 31)):
            days.append(day)
        day += timedelta(days=1)
    return days


def build(data_dir: Path, pupils: int = 1500, seed: int = 7) -> tuple[Store, list[date]]:
    store = open_store(data_dir)
    rng = random.Random(seed)
    days = school_days()
    with store.transaction() as session:
        connection = session.connection()
        connection.execute(
            Pupil.__table__.insert(),
            [
                {
                    "upn": make_upn(0, 2001, 10 + n // 1000, n % 1000),
                    "legal_surname": f"Surname{n:04d}",
                    "legal_forename": f"Forename{n:04d}",
                    "date_of_birth": date(2012, 1, 1) + timedelta(days=n % 1800),
                    "year_group": str(7 + n % 5),
                    "reg_group": f"{7 + n % 5}{'ABCDEF'[n % 6]}",
                }
                for n in range(1, pupils + 1)
            ],
        )
        rows = []
        for pupil_id in range(1, pupils + 1):
            weight = rng.random()
            for day in days:
                for session_name in ("AM", "PM"):
                    code = "/" if rng.random() > weight * 0.2 else rng.choice(CODES)
                    if code == "/" and session_name == "PM":
                        code = "\\"
                    rows.append({"pupil_id": pupil_id, "date": day, "session": session_name, "code": code})
        connection.execute(Mark.__table__.insert(), rows)
    return store, days
