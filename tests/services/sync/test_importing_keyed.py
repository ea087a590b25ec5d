"""The streamed import against a plain oracle: after any sequence of files the marks table holds, for each pupil
the file names, exactly the file's marks in the sessions it speaks for (codes and minutes late), and everything else
as it was. Minutes late are compared separately from codes on SQLite (the database compares codes itself), so
they get their own cases. Both back ends."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from attendance_desk.domain.upn import make_upn
from attendance_desk.services.sync.importing import import_file
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AuditEntry, Mark, Pupil
from attendance_desk.store.registers import rebuild_registers
from attendance_desk.sync.marks import FileMarks
from tests.helpers.accounts import importer

UPNS = [make_upn(0, 4002, 18, n) for n in range(1, 5)]
PUPILS = "upn,legal_surname,legal_forename,date_of_birth,year_group,reg_group\n"
HEADER = "upn,date,session,code,minutes_late\n"
DAYS = ["2025-09-01", "2025-09-02", "2025-09-03", "2025-09-04", "2025-09-05", "2025-09-08"]
Key = tuple[str, str, str]


@pytest.fixture
def school(store: Store, tmp_path: Path) -> Store:
    text = PUPILS + "".join(f"{upn},Name{n},Pupil,2014-01-01,6,6A\n" for n, upn in enumerate(UPNS))
    assert import_file(store, "pupils", _write(tmp_path, "p.csv", text), importer(store)).status == "imported"
    return store


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _file(marks: dict[Key, tuple[str, int | None]]) -> str:
    return HEADER + "".join(
        f"{upn},{day},{session},{code},{'' if minutes is None else minutes}\n"
        for (upn, day, session), (code, minutes) in marks.items()
    )


def _stored(store: Store) -> dict[Key, tuple[str, int | None]]:
    with store.session() as session:
        rows = session.execute(
            select(Pupil.upn, Mark.date, Mark.session, Mark.code, Mark.minutes_late).join(Pupil)
        ).all()
    return {(upn, day.isoformat(), s): (code, minutes) for upn, day, s, code, minutes in rows}


def _registers(store: Store) -> dict[int, tuple[object, str]]:
    from attendance_desk.store.models import PupilRegister

    with store.session() as session:
        return {r.pupil_id: (r.first_day, r.codes) for r in session.scalars(select(PupilRegister))}


def _import(store: Store, tmp_path: Path, marks: dict[Key, tuple[str, int | None]]) -> object:
    result = import_file(store, "marks", _write(tmp_path, "m.csv", _file(marks)), importer(store), allow_removals=True)
    assert result.status in ("imported", "unchanged"), result.errors
    return result


def _expected(
    before: dict[Key, tuple[str, int | None]], marks: dict[Key, tuple[str, int | None]]
) -> dict[Key, tuple[str, int | None]]:
    """The oracle: a stored mark goes only where the file names its pupil and has some mark in its session."""
    pupils = {upn for upn, _d, _s in marks}
    sessions = {(day, session) for _u, day, session in marks}
    kept = {k: v for k, v in before.items() if not (k[0] in pupils and (k[1], k[2]) in sessions)}
    return {**kept, **marks}


def test_minutes_late_alone_changing_is_an_update_with_its_audit(school: Store, tmp_path: Path) -> None:
    a, b = UPNS[0], UPNS[1]
    first = {(a, DAYS[0], "AM"): ("L", 5), (a, DAYS[0], "PM"): ("\\", None), (b, DAYS[0], "AM"): ("L", None)}
    result = _import(school, tmp_path, first)
    assert (result.inserted, result.updated, result.unchanged) == (3, 0, 0)  # type: ignore[attr-defined]
    assert _stored(school) == first
    again = _import(school, tmp_path, first)
    assert again.status == "unchanged" and again.unchanged == 3  # type: ignore[attr-defined]
    second = {**first, (a, DAYS[0], "AM"): ("L", 12), (b, DAYS[0], "AM"): ("L", 7)}
    result = _import(school, tmp_path, second)
    assert (result.inserted, result.updated, result.unchanged) == (0, 2, 1)  # type: ignore[attr-defined]
    assert _stored(school) == second
    third = {**second, (a, DAYS[0], "AM"): ("L", None)}
    result = _import(school, tmp_path, third)
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 2)  # type: ignore[attr-defined]
    assert _stored(school) == third
    with school.session() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "mark").order_by(AuditEntry.id)).all()
    assert [(a.before, a.after) for a in audit][-1] == (
        {"code": "L", "minutes_late": 12},
        {"code": "L", "minutes_late": None},
    )


marks_strategy = st.dictionaries(
    st.tuples(st.sampled_from(UPNS), st.sampled_from(DAYS), st.sampled_from(["AM", "PM"])),
    st.tuples(st.sampled_from(["/", "\\", "L", "N", "I", "C1"]), st.sampled_from([None, None, 5, 20])).map(
        lambda v: v if v[0] == "L" or v[1] is None else (v[0], None)
    ),
    max_size=30,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(marks_strategy, min_size=1, max_size=4))
def test_any_sequence_of_files_leaves_what_the_oracle_says(
    school: Store, tmp_path: Path, files: list[dict[Key, tuple[str, int | None]]]
) -> None:
    with school.transaction() as session:  # each example starts from no marks
        session.execute(Mark.__table__.delete())
    for marks in files:
        before = _stored(school)
        result = _import(school, tmp_path, marks)
        want = _expected(before, marks)
        assert _stored(school) == want
        changed = sum(1 for k, v in marks.items() if k in before and before[k] != v)
        removed = len(before) - sum(1 for k in before if k in want)
        assert (result.inserted, result.updated, result.removed) == (  # type: ignore[attr-defined]
            sum(1 for k in marks if k not in before),
            changed,
            removed,
        )
    # The registers patched by the imports are what a rebuild from the marks gives.
    patched = _registers(school)
    with school.engine.begin() as connection:
        rebuild_registers(connection)
    assert _registers(school) == patched


def test_the_file_is_held_in_a_byte_per_mark_not_a_python_object_per_mark() -> None:
    """Memory: a year for 6,000 pupils is columns of bytes (and their line numbers), whatever the file's size."""
    marks = FileMarks(list(range(1, 6001)), "long")
    rng = random.Random(1)
    for slot in range(0, 780, 2):
        cells, lines = marks.column(slot << 1)
        for index in range(0, 6000, 7):
            cells[index] = 1 + rng.randrange(3)
            lines[index] = index
    marks.finish()
    assert len(marks) == 390 * 858 and len(marks.columns) == 390
    assert all(isinstance(c, bytearray) and len(c) == 6000 for c in marks.columns.values())
    assert not marks.minutes and len(marks.pupils) == 858


def _schema(store: Store) -> tuple[list[str], list[str]]:
    from sqlalchemy import inspect

    with store.engine.connect() as connection:
        found = inspect(connection)
        indexes = sorted(str(index["name"]) for index in found.get_indexes("marks"))
        keys = sorted(str(key["name"]) for key in found.get_foreign_keys("marks"))
    return indexes, keys


def test_a_big_load_puts_back_its_indexes_and_foreign_keys_and_a_failure_leaves_them(
    school: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Indexes (and on PostgreSQL foreign keys) are dropped for a big load and made again in its transaction."""
    from sqlalchemy.exc import IntegrityError

    from attendance_desk.services.sync import marks as importing_marks

    monkeypatch.setattr(importing_marks, "REBUILD_INDEXES_FROM", 1)  # every load counts as big
    schema = _schema(school)
    assert "ix_marks_date_code" in schema[0] and len(schema[1]) == 2
    marks = {(upn, day, "AM"): ("/", None) for upn in UPNS for day in DAYS}

    def broken(*_args: object) -> None:
        raise RuntimeError("the registers could not be written")

    monkeypatch.setattr(importing_marks, "patch_registers", broken)
    with pytest.raises(RuntimeError):
        import_file(school, "marks", _write(tmp_path, "m.csv", _file(marks)), importer(school))
    assert _stored(school) == {} and _schema(school) == schema
    monkeypatch.undo()
    monkeypatch.setattr(importing_marks, "REBUILD_INDEXES_FROM", 1)
    _import(school, tmp_path, marks)
    assert _stored(school) == marks and _schema(school) == schema
    with pytest.raises(IntegrityError), school.transaction() as session:  # the foreign key is enforced again
        session.execute(Mark.__table__.insert().values(pupil_id=999, date=date(2025, 9, 1), session="PM", code="/"))
