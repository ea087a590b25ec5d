"""The compact registers and the figures from them on PostgreSQL: the same SQL, the same answers as SQLite.

Runs when ``ATTENDANCE_DESK_TEST_POSTGRES`` names an empty database to use, e.g.
``postgresql+psycopg://postgres@/i15b?host=/tmp/pg&port=5432``; skipped otherwise.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, create_engine, insert, select
from sqlalchemy.orm import Session

from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.register import Register, register_from_marks
from attendance_desk.domain.upn import make_upn
from attendance_desk.services.figures import _mark_rows, _minutes_late, calculator_for, figures_for_school
from attendance_desk.services.sync.pupil_rows import PupilRows, patch_registers
from attendance_desk.store.models import Base, Mark, Pupil, PupilRegister, load_all
from attendance_desk.sync.marks import SLOT_MASK, FileMarks, mark_key
from tests.helpers.reference_figures import reference_figures

load_all()  # create_all below makes the whole schema

URL = os.environ.get("ATTENDANCE_DESK_TEST_POSTGRES", "")  # an empty database of its own (dropped and made)
pytestmark = pytest.mark.skipif(not URL, reason="set ATTENDANCE_DESK_TEST_POSTGRES to run against PostgreSQL")
START = date(2025, 9, 1)
DAYS = [START + timedelta(days=n) for n in range(120) if (START + timedelta(days=n)).weekday() < 5]


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = create_engine(URL)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    yield engine
    Base.metadata.drop_all(engine)
    engine.dispose()


def _registers(engine: Engine) -> dict[int, Register]:
    with Session(engine) as session:
        rows = session.execute(select(PupilRegister.pupil_id, PupilRegister.first_day, PupilRegister.codes))
        return {pid: Register(first, codes) for pid, first, codes in rows}


def _from_marks(engine: Engine) -> dict[int, Register]:
    by_pupil: dict[int, list[tuple[date, str, str]]] = {}
    with Session(engine) as session:
        for pid, day, session_name, code in session.execute(select(Mark.pupil_id, Mark.date, Mark.session, Mark.code)):
            by_pupil.setdefault(pid, []).append((day, session_name, code))
    return {pid: r for pid, rows in by_pupil.items() if (r := register_from_marks(rows)) is not None}


def test_registers_and_whole_school_figures_on_postgresql(engine: Engine) -> None:
    rng = random.Random(3)
    with engine.begin() as connection:
        connection.execute(
            insert(Pupil),
            [
                {"id": pid, "upn": make_upn(0, 5001, 19, pid), "legal_surname": f"S{pid:02d}", "legal_forename": "F",
                 "date_of_birth": date(2015, 1, 1), "year_group": "5"}
                for pid in range(1, 31)
            ],
        )  # fmt: skip
        connection.execute(
            insert(Mark),
            [
                {"pupil_id": pid, "date": day, "session": session_name,
                 "code": rng.choice(["/", "/", "/", "L", "O", "G", "I", "C1", "N"]),
                 "minutes_late": rng.choice([None, 5, 12])}
                for pid in range(1, 31)
                for day in DAYS
                for session_name in ("AM", "PM")
                if rng.random() > 0.05
            ],
        )  # fmt: skip
    assert _registers(engine) == _from_marks(engine) and len(_registers(engine)) == 30

    # The import's path: its changes patched in with the upsert, then the same marks written to the table.
    late = DAYS[-1] + timedelta(days=3)
    changes = [(mark_key(pid, late, "AM"), "U") for pid in range(1, 31)] + [(mark_key(31, late, "PM"), "/")]
    with engine.begin() as connection:
        connection.execute(
            insert(Pupil),
            [{"id": 31, "upn": make_upn(0, 5001, 19, 31), "legal_surname": "New", "legal_forename": "P",
              "date_of_birth": date(2015, 1, 1), "year_group": "5"}],
        )  # fmt: skip
        file_marks = FileMarks(list(range(1, 32)), "long")
        for key, code in changes:
            cells, _lines = file_marks.column(key & SLOT_MASK)
            cells[file_marks.index_of[key >> 20]] = file_marks.code_byte(code)
        file_marks.finish()
        patch_registers(connection, PupilRows(file_marks, late, late), file_marks.pupils, [])
        patched = {pid: (r.first_day, r.codes) for pid, r in _registers_in(connection).items()}
        connection.execute(
            insert(Mark),  # the table itself, as the importer writes it
            [{"pupil_id": k >> 20, "date": late, "session": "PM" if k & 1 else "AM", "code": c} for k, c in changes],
        )
    assert {pid: (r.first_day, r.codes) for pid, r in _registers(engine).items()} == patched
    assert _registers(engine) == _from_marks(engine)

    period = DateRange(DAYS[20], late)
    with Session(engine) as session:
        rows = figures_for_school(session, period)
        calculator = calculator_for(session)
        minutes = _minutes_late(session, period)
        start = calculator.lookback_start(period)
        assert any(minutes.values())
        for row in rows:
            marks = _mark_rows(session, start, period.end, [row.pupil_id])
            assert row.figures == reference_figures(calculator, marks, period, minutes.get(row.pupil_id, 0))
    assert len(rows) == 31


def _registers_in(connection) -> dict[int, Register]:  # type: ignore[no-untyped-def]
    rows = connection.execute(select(PupilRegister.pupil_id, PupilRegister.first_day, PupilRegister.codes))
    return {pid: Register(first, codes) for pid, first, codes in rows}
