"""Imports that never lose, move or garble a mark (issue 10): narrow, agreed removals; dates checked, never
wrapped; encodings read, not guessed; ASCII numbers; suspicious pupils files stopped."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from attendance_desk.domain.upn import make_upn
from attendance_desk.services.sync.importing import import_file
from attendance_desk.store.engine import Store
from attendance_desk.store.models import ImportBatch, Mark, Pupil
from attendance_desk.store.models.calling import SchoolClosure
from tests.helpers.accounts import importer
from tests.services.sync.test_importing_differences import MARKS, PUPILS, marks, table_rows, write

UPNS = [make_upn(0, 4002, 18, n) for n in range(1, 11)]
TODAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 16)
WEEK = [MONDAY + timedelta(days=n) for n in range(5)]


def _row(upn: str, day: date, session: str, code: str | None = None) -> str:
    return f"{upn},{day.isoformat()},{session},{code or ('/' if session == 'AM' else chr(92))}\n"


@pytest.fixture
def school(store: Store, tmp_path: Path) -> Store:
    """Ten pupils with a full fortnight of AM and PM marks."""
    pupils = PUPILS + "".join(f"{u},Pupil{n},Test,2016-0{1 + n % 9}-01,5,5A,\n" for n, u in enumerate(UPNS))
    assert (
        import_file(store, "pupils", write(tmp_path, "p.csv", pupils), importer(store), today=TODAY).status
        == "imported"
    )
    days = [MONDAY - timedelta(days=7) + timedelta(days=n) for n in range(5)] + WEEK
    text = MARKS + "".join(_row(u, d, s) for u in UPNS for d in days for s in ("AM", "PM"))
    result = import_file(store, "marks", write(tmp_path, "m.csv", text), importer(store), today=TODAY)
    assert result.status == "imported" and result.inserted == 200
    return store


# --- 1. removal is explicit and narrow -----------------------------------------------------------------------------


def test_a_one_day_file_with_a_stray_old_row_removes_nothing_outside_its_sessions(
    school: Store, tmp_path: Path
) -> None:
    importer(school)  # the importing account exists before the snapshot
    before = table_rows(school)
    day = WEEK[4]
    text = MARKS + "".join(_row(u, day, s) for u in UPNS for s in ("AM", "PM"))
    text += _row(UPNS[0], day - timedelta(days=10), "AM")  # the stray row: an earlier Friday, one pupil
    refused = import_file(school, "marks", write(tmp_path, "day.csv", text), importer(school), today=TODAY)
    # Only the stray session is covered on that earlier day, for the pupils the file names: nine of them have a
    # stored mark there that the file does not show. Nothing else is even a candidate.
    assert refused.status == "rejected" and refused.needs_agreement
    assert {(r.date, r.session) for r in refused.removals} == {(day - timedelta(days=10), "AM")}
    assert len(refused.removals) == 9
    assert table_rows(school) == before  # refused: byte-for-byte the same rows


def test_a_morning_only_week_keeps_every_afternoon_mark(school: Store, tmp_path: Path) -> None:
    text = MARKS + "".join(_row(u, d, "AM", "L") for u in UPNS for d in WEEK)
    result = import_file(school, "marks", write(tmp_path, "am.csv", text), importer(school), today=TODAY)
    assert result.status == "imported" and (result.updated, result.removed) == (50, 0)
    held = marks(school)
    assert all(held[(u, d.isoformat(), "PM")] == "\\" for u in UPNS for d in WEEK)


def test_a_removal_is_refused_then_agreed_exactly(school: Store, tmp_path: Path) -> None:
    day = WEEK[2]
    text = MARKS + "".join(_row(u, day, s) for u in UPNS for s in ("AM", "PM") if (u, s) != (UPNS[3], "PM"))
    path = write(tmp_path, "one-gone.csv", text)
    importer(school)  # the importing account exists before the snapshot
    before = table_rows(school)
    refused = import_file(school, "marks", path, importer(school), today=TODAY)
    assert refused.status == "rejected" and refused.error_count == 1
    assert [(r.upn, r.date, r.session, r.old_code) for r in refused.removals] == [(UPNS[3], day, "PM", "\\")]
    assert refused.as_json()["removals"] == [
        {"upn": UPNS[3], "date": day.isoformat(), "session": "PM", "old_code": "\\"}
    ]
    assert table_rows(school) == before
    # Agreeing to some other mark is not agreeing to this one.
    wrong = import_file(
        school, "marks", path, importer(school), allow_removals={(refused.removals[0].pupil_id, "2026-11-17", "PM")}
    )
    assert wrong.status == "rejected" and table_rows(school) == before
    agreed = import_file(
        school, "marks", path, importer(school), allow_removals={r.key for r in refused.removals}, today=TODAY
    )
    assert agreed.status == "imported" and agreed.removed == 1 and len(agreed.removals) == 1
    held = marks(school)
    assert (UPNS[3], day.isoformat(), "PM") not in held and held[(UPNS[3], day.isoformat(), "AM")] == "/"
    assert len(held) == 199


def test_grid_headers_that_name_a_session_but_do_not_parse_are_errors(school: Store, tmp_path: Path) -> None:
    header = "UPN,Surname,Mon 16/11/2026 AM,Mon 16/11/2026 Afternoon,31/02/2026 PM,Notes\n"
    text = header + "".join(f"{u},X,/,\\,\\,fine\n" for u in UPNS)
    importer(school)  # the importing account exists before the snapshot
    before = table_rows(school)
    result = import_file(school, "marks", write(tmp_path, "grid.csv", text), importer(school), today=TODAY)
    assert result.status == "rejected"
    assert sorted(e.column for e in result.errors) == ["31/02/2026 PM", "Mon 16/11/2026 Afternoon"]
    assert all(e.line == 1 for e in result.errors)
    assert table_rows(school) == before


# --- 2. dates are checked, never wrapped ---------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["3500-01-04", "06/09/99", "1999-12-31", "2028-01-01"])
def test_dates_outside_the_range_are_errors_and_nothing_is_stored(school: Store, tmp_path: Path, raw: str) -> None:
    text = MARKS + _row(UPNS[0], WEEK[0], "AM") + f"{UPNS[1]},{raw},AM,/\n"
    importer(school)  # the importing account exists before the snapshot
    before = table_rows(school)
    for dry_run in (True, False):
        result = import_file(
            school, "marks", write(tmp_path, "far.csv", text), importer(school), dry_run=dry_run, today=TODAY
        )
        assert result.status == "rejected"
        [error] = result.errors
        assert (error.line, error.column, error.value) == (3, "date", raw)
        assert "01/01/2000 to 31/12/2027" in error.message
    assert table_rows(school) == before


def test_weekend_closure_and_future_marks_are_warnings(school: Store, tmp_path: Path) -> None:
    with school.transaction() as session:
        session.add(SchoolClosure(day=date(2026, 11, 18), reason="INSET day"))
    saturday, christmas, future = date(2026, 11, 21), date(2026, 12, 25), date(2027, 1, 12)
    text = MARKS + "".join(
        [
            _row(UPNS[0], saturday, "AM"),
            _row(UPNS[0], christmas, "AM"),
            _row(UPNS[0], future, "AM"),
            # The closure code on a closure day needs no warning (both pupils named have a mark in that session).
            _row(UPNS[0], date(2026, 11, 18), "AM", "#"),
            _row(UPNS[1], date(2026, 11, 18), "AM", "#"),
        ]
    )
    result = import_file(school, "marks", write(tmp_path, "odd.csv", text), importer(school), today=TODAY)
    assert result.status == "imported"
    messages = {(w.value, w.message) for w in result.warnings}
    assert ("21/11/2026", "has marks on a weekend") in messages
    assert any(v == "25/12/2026" and "closed" in m for v, m in messages)
    assert sum("after today" in m for _v, m in messages) == 2  # Christmas and January are both ahead
    assert not any(v == "18/11/2026" for v, _m in messages)


def test_dates_of_birth_that_make_an_odd_age_are_warnings(store: Store, tmp_path: Path) -> None:
    text = PUPILS + f"{UPNS[0]},Young,Ann,2031-01-01,R,R,\n{UPNS[1]},Old,Bob,1850-01-01,6,6A,\n"
    text += f"{UPNS[2]},Fine,Cat,2016-05-05,5,5A,\n"
    result = import_file(store, "pupils", write(tmp_path, "dob.csv", text), importer(store), today=TODAY)
    assert result.status == "imported"
    assert sorted((w.line, w.column) for w in result.warnings) == [(2, "date_of_birth"), (3, "date_of_birth")]


def test_keys_cannot_wrap_into_another_pupil(school: Store, tmp_path: Path) -> None:
    with school.session() as session:
        ids = session.scalars(select(Pupil.id).order_by(Pupil.id)).all()
    text = MARKS + f"{UPNS[0]},3500-01-04,AM,/\n"
    assert (
        import_file(school, "marks", write(tmp_path, "wrap.csv", text), importer(school), today=TODAY).status
        == "rejected"
    )
    with school.session() as session:
        assert session.scalar(select(Mark.pupil_id).where(Mark.date > date(2030, 1, 1))) is None
        assert session.scalar(select(Mark.pupil_id).where(Mark.pupil_id.not_in(ids))) is None


# --- 3. encodings are read, not guessed; numbers are ASCII ---------------------------------------------------------


def test_a_file_mixing_encodings_is_refused_naming_the_line(store: Store, tmp_path: Path) -> None:
    lines = [
        PUPILS,
        f"{UPNS[0]},Ní Bhriain,Oisín,2016-01-01,5,5A,\n".encode().decode(),
        f"{UPNS[1]},Brown,Zoe,2016-01-01,5,5A,\n",
    ]
    data = "".join(lines).encode("utf-8") + f"{UPNS[2]},Ó Sé,Seán,2016-01-01,5,5A,\n".encode("cp1252")
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    importer(store)  # the importing account exists before the snapshot
    before = table_rows(store)
    result = import_file(store, "pupils", path, importer(store), today=TODAY)
    assert result.status == "rejected"
    assert "line 4" in result.errors[0].message and "mixes text encodings" in result.errors[0].message
    assert table_rows(store) == before
    # The user knows better: read it all as Windows-1252 (the UTF-8 name then reads as it is written).
    forced = import_file(store, "pupils", path, importer(store), encoding="cp1252", today=TODAY)
    assert forced.status == "imported" and forced.text_format.startswith("Windows-1252")


def test_windows_1252_is_used_only_when_it_looks_like_it(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "cp.csv"
    path.write_bytes((PUPILS + f"{UPNS[0]},O’Brien,Zoë,2016-01-01,5,5A,\n").encode("cp1252"))
    result = import_file(store, "pupils", path, importer(store), today=TODAY)
    assert result.status == "imported" and result.report["encoding"] == "Windows-1252, comma"
    with store.session() as session:
        assert session.scalar(select(Pupil.legal_forename)) == "Zoë"
    odd = tmp_path / "odd.csv"
    odd.write_bytes(PUPILS.encode() + f"{UPNS[1]},X,Y,2016-01-01,5,5A,\n".encode() + b"\xa4\xa6\xac\xa8,,\n")
    refused = import_file(store, "pupils", odd, importer(store), today=TODAY)
    assert refused.status == "rejected" and "line 3" in refused.errors[0].message


@pytest.mark.parametrize("minutes", ["²", "①", "1" * 24, "٣", "12.5", "-3"])
def test_numbers_accept_ascii_digits_only(school: Store, tmp_path: Path, minutes: str) -> None:
    text = "upn,date,session,code,minutes_late\n" + f"{UPNS[0]},{WEEK[0]},AM,L,{minutes}\n"
    result = import_file(school, "marks", write(tmp_path, "late.csv", text), importer(school), today=TODAY)
    assert result.status == "rejected"
    [error] = result.errors
    assert (error.line, error.column, error.value) == (2, "minutes_late", minutes)


# --- 4. suspicious files are stopped -------------------------------------------------------------------------------


def test_a_header_only_pupils_file_is_refused_unless_agreed(school: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "empty.csv", PUPILS)
    importer(school)  # the importing account exists before the snapshot
    before = table_rows(school)
    refused = import_file(school, "pupils", path, importer(school), today=TODAY)
    assert refused.status == "rejected" and "holds no pupils" in refused.needs_agreement
    assert table_rows(school) == before
    agreed = import_file(school, "pupils", path, importer(school), allow_removals=True, today=TODAY)
    assert agreed.status == "unchanged" and agreed.report["not_in_file_count"] == 10


def test_a_pupils_file_leaving_out_more_than_a_fifth_is_refused(school: Store, tmp_path: Path) -> None:
    rows = "".join(f"{u},Pupil{n},Test,2016-0{1 + n % 9}-01,5,5A,\n" for n, u in enumerate(UPNS))
    two_gone = PUPILS + "".join(rows.splitlines(keepends=True)[2:])
    assert (
        import_file(school, "pupils", write(tmp_path, "two.csv", two_gone), importer(school), today=TODAY).status
        == "unchanged"
    )
    three_gone = PUPILS + "".join(rows.splitlines(keepends=True)[3:])
    refused = import_file(school, "pupils", write(tmp_path, "three.csv", three_gone), importer(school), today=TODAY)
    assert refused.status == "rejected" and "leaves out 3 of the 10" in refused.needs_agreement


def test_duplicate_columns_are_an_error_naming_both(store: Store, tmp_path: Path) -> None:
    text = "upn,legal_surname,legal_forename,date_of_birth,year_group,UPN\n" + f"{UPNS[0]},A,B,2016-01-01,5,{UPNS[1]}\n"
    result = import_file(store, "pupils", write(tmp_path, "dup.csv", text), importer(store), today=TODAY)
    assert result.status == "rejected"
    [error] = result.errors
    assert error.column == "UPN" and "columns 1 and 6" in error.message
    other = "upn,legal_surname,legal_forename,date_of_birth,year_group,Unique Pupil Number\n"
    second = import_file(
        store, "pupils", write(tmp_path, "dup2.csv", other + f"{UPNS[0]},A,B,2016-01-01,5,{UPNS[1]}\n"), importer(store)
    )
    [error] = second.errors
    assert error.column == "Unique Pupil Number" and "the same thing as 'upn' (columns 1 and 6)" in error.message


def test_upn_shape_is_an_error_and_a_wrong_check_letter_a_warning(store: Store, tmp_path: Path) -> None:
    good = UPNS[0]
    wrong_letter = ("B" if good[0] != "B" else "C") + good[1:]
    text = PUPILS + f"{wrong_letter},A,B,2016-01-01,5,5A,\n"
    result = import_file(store, "pupils", write(tmp_path, "letter.csv", text), importer(store), today=TODAY)
    assert result.status == "imported" and "check letter" in result.warnings[0].message
    bad = import_file(
        store, "pupils", write(tmp_path, "short.csv", PUPILS + "A12345,A,B,2016-01-01,5,5A,\n"), importer(store)
    )
    assert bad.status == "rejected" and bad.errors[0].value == "A12345"


# --- 9. after-import work is never half-done silently --------------------------------------------------------------


def test_after_import_work_left_pending_is_finished_at_the_next_start(
    school: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from attendance_desk.services.sync import after_import

    # The process "dies" straight after the import commits: the follow-up never runs.
    monkeypatch.setattr(after_import, "finish_after_import", lambda *_a, **_k: "")
    text = MARKS + "".join(_row(u, TODAY - timedelta(days=1), "AM", "N") for u in UPNS)
    result = import_file(school, "marks", write(tmp_path, "today.csv", text), importer(school))
    assert result.status == "imported"
    with school.session() as session:
        assert session.get(ImportBatch, result.batch_id).after_import == "pending"  # type: ignore[union-attr]
    monkeypatch.undo()
    said = after_import.finish_pending(school)
    assert len(said) == 1 and f"import {result.batch_id}" in said[0]
    with school.session() as session:
        assert session.get(ImportBatch, result.batch_id).after_import == "done"  # type: ignore[union-attr]
    assert after_import.finish_pending(school) == []
