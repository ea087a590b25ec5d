"""The demo school's CSV files: synthetic, varied, complete and deterministic."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from attendance_desk.domain.codes import default_codebook
from attendance_desk.domain.upn import has_valid_check_letter
from attendance_desk.services.demo.calendar import DayKind, demo_period
from attendance_desk.services.demo.generate import build_school, generate_demo_files
from attendance_desk.services.demo.marks import REGISTER_OPEN_MINUTES

TODAY = date(2026, 11, 23)
PUPILS = 120


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("demo")
    generate_demo_files(target, pupils=PUPILS, seed=1, today=TODAY)
    return target


@pytest.fixture(scope="module")
def pupils(folder: Path) -> list[dict[str, str]]:
    return read(folder / "pupils.csv")


@pytest.fixture(scope="module")
def contacts(folder: Path) -> list[dict[str, str]]:
    return read(folder / "contacts.csv")


@pytest.fixture(scope="module")
def marks(folder: Path) -> list[dict[str, str]]:
    return read(folder / "marks.csv")


def test_same_seed_gives_identical_files_and_another_seed_differs(folder: Path, tmp_path: Path) -> None:
    generate_demo_files(tmp_path / "again", pupils=PUPILS, seed=1, today=TODAY)
    generate_demo_files(tmp_path / "other", pupils=PUPILS, seed=2, today=TODAY)
    for name in ("pupils.csv", "contacts.csv", "marks.csv"):
        assert (tmp_path / "again" / name).read_bytes() == (folder / name).read_bytes(), name
        assert (tmp_path / "other" / name).read_bytes() != (folder / name).read_bytes(), name


def test_every_upn_is_synthetic_valid_and_unique(pupils: list[dict[str, str]]) -> None:
    upns = [p["upn"] for p in pupils]
    assert len(set(upns)) == len(upns)
    assert all(upn[1:4] == "000" and has_valid_check_letter(upn) for upn in upns)


def test_roll_is_a_primary_with_leavers_and_a_mid_year_joiner(pupils: list[dict[str, str]]) -> None:
    on_roll = [p for p in pupils if not p["leaving_date"]]
    assert len(on_roll) == PUPILS
    assert {p["year_group"] for p in on_roll} == {"R", "1", "2", "3", "4", "5", "6"}
    leavers = [p for p in pupils if p["leaving_date"]]
    assert any(p["year_group"] == "6" and p["leaving_date"] == "2026-07-22" for p in leavers)  # last year's Year 6
    assert any(p["leaving_date"] not in ("2026-07-22",) for p in leavers)  # someone moved away during the year
    assert any(
        date(2025, 9, 3) < date.fromisoformat(p["admission_date"]) <= date(2026, 11, 20) and p["year_group"] != "R"
        for p in on_roll
    )
    assert all(p["reg_group"].startswith(p["year_group"]) for p in pupils)


def test_names_and_contact_details_are_varied_and_cannot_reach_anyone(
    pupils: list[dict[str, str]], contacts: list[dict[str, str]]
) -> None:
    names = [p["legal_forename"] + " " + p["legal_surname"] for p in pupils]
    names += [c["forename"] + " " + c["surname"] for c in contacts]
    for tricky in ("Oisín Ó Briain", "Siobhán O’Connor", "Zoë ", "Siân ", "Łukasz Wiśniewski"):
        assert any(name.startswith(tricky) for name in names), tricky
    assert len({n.split(" ")[-1] for n in names}) > 40
    phone = re.compile(
        r"^(07700 900\d{3}|01632 960\d{3}|0113 496 0\d{3}|0161 496 0\d{3}|0121 496 0\d{3}|"
        r"020 7946 0\d{3})$"
    )
    for row in contacts:
        for column in ("phone_home", "phone_mobile", "phone_work"):
            assert not row[column] or phone.match(row[column]), row[column]
        assert not row["email"] or row["email"].endswith(("@example.org", "@example.com"))
        assert row["postcode"].startswith("KX") and row["town"] == "Kestleford"
    for p in pupils:
        assert not p["social_worker_phone"] or phone.match(p["social_worker_phone"])


def test_each_family_shape_is_present(contacts: list[dict[str, str]]) -> None:
    by_pupil: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in contacts:
        by_pupil[row["upn"]].append(row)

    def address(row: dict[str, str]) -> tuple[str, str]:
        return row["address_line1"], row["postcode"]

    two_parents = separated = step = court = foster = 0
    for rows in by_pupil.values():
        with_pr = [r for r in rows if r["parental_responsibility"] == "Y"]
        if len(with_pr) == 2 and all(r["lives_with_pupil"] == "Y" for r in with_pr):
            two_parents += address(with_pr[0]) == address(with_pr[1])
        if (
            len(with_pr) == 2
            and address(with_pr[0]) != address(with_pr[1])
            and {r["lives_with_pupil"] for r in with_pr} == {"Y", "N"}
        ):
            separated += 1
        step += any(
            r["relationship"] == "Step-father" and r["parental_responsibility"] == "N" and r["lives_with_pupil"] == "Y"
            for r in rows
        )
        court += any(r["court_order_restriction"] == "Y" for r in rows)
        foster += any(r["relationship"] == "Foster carer" for r in rows)
    assert two_parents and separated and step and court and foster
    pupils_per_contact = Counter(row["contact_id"] for row in contacts)
    assert max(pupils_per_contact.values()) >= 2  # siblings share their contacts


def test_every_vulnerable_group_flag_is_present_on_roll(pupils: list[dict[str, str]]) -> None:
    on_roll = [p for p in pupils if not p["leaving_date"]]
    for flag in (
        "sen_support",
        "ehcp",
        "fsm",
        "pupil_premium",
        "eal",
        "looked_after",
        "child_in_need",
        "child_protection_plan",
        "young_carer",
    ):
        assert any(p[flag] == "Y" for p in on_roll), flag
    assert any(p["medical_note"] for p in on_roll)
    looked_after = [p for p in on_roll if p["looked_after"] == "Y"]
    assert all(p["social_worker_name"] and p["social_worker_email"] for p in looked_after)


def test_marks_use_2024_codes_and_show_every_pattern(marks: list[dict[str, str]]) -> None:
    codebook = default_codebook()
    codes = Counter(m["code"] for m in marks)
    assert all(codebook.is_valid(code, date(2025, 9, 1)) for code in codes)
    for code in ("/", "\\", "L", "U", "I", "M", "O", "G", "C", "C2", "D", "N", "#", "V", "E"):
        assert codes[code], code
    for m in marks:
        if m["code"] == "L":
            assert 0 < int(m["minutes_late"]) < REGISTER_OPEN_MINUTES
        elif m["code"] == "U":
            assert int(m["minutes_late"]) > REGISTER_OPEN_MINUTES
        else:
            assert m["minutes_late"] == ""
    part_time = [m for m in marks if m["code"] == "C2"]
    assert {m["session"] for m in part_time} == {"PM"}
    dual = [m for m in marks if m["code"] == "D"]
    assert {date.fromisoformat(m["date"]).weekday() for m in dual} == {2, 3}  # Wednesdays and Thursdays


def test_unexplained_absence_is_left_only_in_the_last_three_school_days(marks: list[dict[str, str]]) -> None:
    last_three = {d.isoformat() for d in demo_period(TODAY).pupil_days()[-3:]}
    unexplained = [m for m in marks if m["code"] == "N"]
    assert unexplained and all(m["date"] in last_three for m in unexplained)


def test_each_pupil_has_two_marks_per_register_day_on_roll_and_none_outside(
    pupils: list[dict[str, str]], marks: list[dict[str, str]]
) -> None:
    period = demo_period(TODAY)
    register = period.register_days()
    closures = {d.day.isoformat() for d in register if d.kind is DayKind.CLOSURE}
    by_pupil: dict[str, list[dict[str, str]]] = defaultdict(list)
    for m in marks:
        by_pupil[m["upn"]].append(m)
    for p in pupils:
        first = date.fromisoformat(p["admission_date"])
        last = date.fromisoformat(p["leaving_date"]) if p["leaving_date"] else date.max
        expected = [d.day.isoformat() for d in register if first <= d.day <= last]
        rows = by_pupil[p["upn"]]
        assert [m["date"] for m in rows[::2]] == expected, p["upn"]
        assert [m["session"] for m in rows] == ["AM", "PM"] * len(expected)
        assert all((m["code"] == "#") == (m["date"] in closures) for m in rows)


def test_a_large_school_is_a_secondary_with_years_7_to_11() -> None:
    data, period = build_school(1500, 1, TODAY)
    on_roll = [p for p in data.pupils if p.leaving_date is None]
    assert len(on_roll) == 1500
    assert {p.year_group_in(period.current_year.start_year) for p in on_roll} == {"7", "8", "9", "10", "11"}
    year_11_leavers = [p for p in data.pupils if p.leaving_date == date(2026, 6, 26)]
    assert len(year_11_leavers) >= 250
