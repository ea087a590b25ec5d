"""Generate the demo school and write its three canonical CSV files. Deterministic for a seed and a date."""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from attendance_desk.services.demo.calendar import DemoPeriod, demo_period
from attendance_desk.services.demo.csv_files import (
    CONTACTS_FILE,
    MARKS_FILE,
    PUPILS_FILE,
    WrittenFiles,
    write_contacts,
    write_marks,
    write_pupils,
)
from attendance_desk.services.demo.events import eid_days, plan_family_leave, plan_group_events
from attendance_desk.services.demo.marks import RegisterWriter
from attendance_desk.services.demo.model import DemoSchoolData, phase_for
from attendance_desk.services.demo.profiles import assign_profiles, assign_specials
from attendance_desk.services.demo.roll import build_roll

MIN_PUPILS = 60  # enough for every family shape, flag and register pattern to appear
MAX_PUPILS = 3000

MarksProgress = Callable[[int, int], None]
"""(mark rows written, mark rows expected)."""


class DemoSizeError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class GeneratedDemo:
    data: DemoSchoolData
    period: DemoPeriod
    files: WrittenFiles


def build_school(
    pupils: int, seed: int, today: date, first_year: int | None = None
) -> tuple[DemoSchoolData, DemoPeriod]:
    """The school before its register: roll, families, flags, profiles and special patterns."""
    if not MIN_PUPILS <= pupils <= MAX_PUPILS:
        raise DemoSizeError(f"the demo school can have {MIN_PUPILS} to {MAX_PUPILS} pupils, not {pupils}")
    period = demo_period(today, first_year)
    phase = phase_for(pupils)
    data = build_roll(random.Random(f"{seed}:roll"), phase, pupils, period)
    assign_profiles(random.Random(f"{seed}:profiles"), data)
    assign_specials(random.Random(f"{seed}:specials"), data, period)
    return data, period


def expected_mark_rows(data: DemoSchoolData, period: DemoPeriod) -> int:
    """Rows the register will have (two per register day each pupil is on roll): for progress only."""
    days = [d.day for d in period.register_days()]
    total = 0
    for pupil in data.pupils:
        first = bisect_left(days, pupil.admission_date)
        last = bisect_right(days, pupil.leaving_date) if pupil.leaving_date else len(days)
        total += 2 * max(0, last - first)
    return total


def generate_demo_files(
    folder: Path,
    *,
    pupils: int,
    seed: int,
    today: date,
    first_year: int | None = None,
    progress: MarksProgress | None = None,
) -> GeneratedDemo:
    """Write ``pupils.csv``, ``contacts.csv`` and ``marks.csv`` into ``folder`` (created if missing)."""
    data, period = build_school(pupils, seed, today, first_year)
    folder.mkdir(parents=True, exist_ok=True)
    current_year = period.current_year.start_year
    pupil_rows = write_pupils(folder / PUPILS_FILE, data, current_year)
    link_rows, contacts = write_contacts(folder / CONTACTS_FILE, data)
    register = RegisterWriter(
        seed,
        data,
        period,
        plan_family_leave(random.Random(f"{seed}:leave"), data, period),
        plan_group_events(data.phase, period),
        eid_days(period),
    )
    expected = expected_mark_rows(data, period)
    on_marks = (lambda written: progress(written, expected)) if progress else None
    marks = write_marks(folder / MARKS_FILE, register.rows(), on_marks)
    return GeneratedDemo(data, period, WrittenFiles(folder, pupil_rows, link_rows, contacts, marks))
