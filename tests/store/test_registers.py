"""The compact registers follow every write to the marks, in the same transaction, and an upgrade fills them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import delete, insert, select, text, update

from attendance_desk.domain.register import Register, register_from_marks
from attendance_desk.domain.upn import make_upn
from attendance_desk.paths import database_path
from attendance_desk.store.engine import Store, make_engine, sqlite_url
from attendance_desk.store.migrate import alembic_config
from attendance_desk.store.models import Mark, Pupil, PupilRegister
from attendance_desk.store.open import open_store
from attendance_desk.store.registers import rebuild_registers

MONDAY = date(2025, 9, 1)


def _pupils(store: Store, *ids: int) -> None:
    with store.engine.begin() as connection:
        connection.execute(
            insert(Pupil),
            [
                {"id": pid, "upn": make_upn(0, 3001, 19, pid), "legal_surname": f"S{pid}", "legal_forename": "F",
                 "date_of_birth": date(2015, 1, 1), "year_group": "5"}
                for pid in ids
            ],
        )  # fmt: skip


def registers(store: Store) -> dict[int, Register]:
    with store.session() as session:
        rows = session.execute(select(PupilRegister.pupil_id, PupilRegister.first_day, PupilRegister.codes))
        return {pid: Register(first, codes) for pid, first, codes in rows}


def from_marks(store: Store) -> dict[int, Register]:
    """What the registers must be: built afresh from the marks table."""
    with store.session() as session:
        marks = session.execute(select(Mark.pupil_id, Mark.date, Mark.session, Mark.code)).all()
    by_pupil: dict[int, list[tuple[date, str, str]]] = {}
    for pid, day, session_name, code in marks:
        by_pupil.setdefault(pid, []).append((day, session_name, code))
    built = {pid: register_from_marks(rows) for pid, rows in by_pupil.items()}
    return {pid: register for pid, register in built.items() if register is not None}


def test_core_and_orm_writes_keep_the_registers_in_step(store: Store) -> None:
    _pupils(store, 1, 2, 3)
    with store.engine.begin() as connection:  # Core, several rows at once
        connection.execute(
            insert(Mark),
            [
                {"pupil_id": 1, "date": MONDAY, "session": "AM", "code": "/"},
                {"pupil_id": 1, "date": date(2025, 9, 3), "session": "PM", "code": "C1"},
                {"pupil_id": 2, "date": date(2025, 9, 2), "session": "AM", "code": "O"},
            ],
        )
    assert registers(store) == {1: Register(MONDAY, "/    c"), 2: Register(MONDAY, "  O")}
    with store.transaction() as session:  # the ORM: add, change, remove
        session.add(Mark(pupil_id=3, date=date(2025, 9, 9), session="PM", code="I"))
        session.flush()
        session.get_one(Mark, (1, MONDAY, "AM")).code = "N"
        session.delete(session.get_one(Mark, (2, date(2025, 9, 2), "AM")))
    assert registers(store) == {1: Register(MONDAY, "N    c"), 3: Register(date(2025, 9, 8), "   I")}
    with store.engine.begin() as connection:  # statements whose WHERE names the pupils: every register rebuilt
        connection.execute(update(Mark).where(Mark.code == "C1").values(code="C"))
        connection.execute(delete(Mark).where(Mark.pupil_id == 3))
    assert registers(store) == from_marks(store) == {1: Register(MONDAY, "N    C")}


def test_a_write_rolled_back_leaves_the_registers_as_they_were(store: Store) -> None:
    _pupils(store, 1)
    with store.engine.begin() as connection:
        connection.execute(insert(Mark), [{"pupil_id": 1, "date": MONDAY, "session": "AM", "code": "/"}])
    try:
        with store.transaction() as session:
            session.add(Mark(pupil_id=1, date=MONDAY, session="PM", code="O"))
            session.flush()
            raise RuntimeError("the import failed half-way")
    except RuntimeError:
        pass
    assert registers(store) == {1: Register(MONDAY, "/")}


def test_rebuilding_every_register_in_small_steps_matches_the_marks(store: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("attendance_desk.store.registers.PUPILS_PER_STEP", 2)
    _pupils(store, *range(1, 8))
    with store.engine.begin() as connection:
        connection.execute(
            insert(Mark),
            [
                {"pupil_id": pid, "date": date(2025, 9, day), "session": session_name, "code": "/"}
                for pid in range(1, 7)
                for day in range(1, 1 + pid)
                for session_name in ("AM", "PM")
            ],
        )
        connection.execute(text("UPDATE pupil_registers SET codes = 'x'"))  # spoilt, then rebuilt
        rebuild_registers(connection)
    assert registers(store) == from_marks(store)
    assert 7 not in registers(store)  # no marks, no register


@pytest.mark.sqlite_only  # builds an older SQLite file by hand; on PostgreSQL the same rebuild runs at migration
def test_the_upgrade_builds_registers_for_the_marks_already_held(data_dir: Path) -> None:
    engine = make_engine(sqlite_url(database_path(data_dir)))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, ScriptDirectory.from_config(config).get_revision("0012_speed").down_revision)
        connection.execute(
            text(
                "INSERT INTO pupils (id, upn, admission_number, legal_surname, legal_forename, middle_names, "
                "preferred_surname, preferred_forename, date_of_birth, sex, year_group, reg_group, sen_support, ehcp, "
                "fsm, pupil_premium, eal, looked_after, child_in_need, child_protection_plan, young_carer, "
                "social_worker_name, social_worker_phone, social_worker_email, medical_note) VALUES (1, :upn, '', "
                "'S', 'F', '', '', '', '2015-01-01', '', '5', '', 0, 0, 0, 0, 0, 0, 0, 0, 0, '', '', '', '')"
            ),
            {"upn": make_upn(0, 3001, 19, 1)},
        )
        connection.execute(
            text("INSERT INTO marks (pupil_id, date, session, code) VALUES (1, '2025-09-02', 'PM', 'Y1')")
        )
    engine.dispose()
    store = open_store(data_dir)
    try:
        assert registers(store) == {1: Register(MONDAY, "   1")}
    finally:
        store.dispose()
