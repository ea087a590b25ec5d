"""The evidence chronology: only absence codes are listed as absences (# and V are not), and events of one day
read in the order they happened (a stage move after the review that prompted it), at the time they were recorded."""

from __future__ import annotations

from datetime import date, datetime

from attendance_desk.domain.london import LONDON
from attendance_desk.services.casework import stages as casework
from attendance_desk.services.casework.printing import chronology_for
from attendance_desk.store.engine import Store
from tests.helpers.accounts import everyone
from tests.helpers.casework_seed import add_marks, build_case, seed_pupil, seed_school, weekdays

CODES = {0: "#", 1: "V", 2: "O"}  # Monday closed, Tuesday on a trip, Wednesday away without a reason


def test_closure_and_trips_are_not_absences(store: Store) -> None:
    seed_school(store)
    pupil, _ = seed_pupil(store)
    add_marks(store, pupil, weekdays(date(2025, 9, 8), date(2025, 9, 12)), lambda d, _s: CODES.get(d.weekday(), "/"))
    week = next(e for e in chronology_for(store, everyone(store), pupil).entries if e.kind == "weekly_attendance")
    assert week.detail.startswith("Absent: O×2") and "#" not in week.detail.split(";")[0]
    assert "not absences: #×2, V×2" in week.detail


def test_a_day_with_a_review_and_a_move_ends_at_the_move(store: Store) -> None:
    ids = build_case(store)
    day = [e for e in chronology_for(store, everyone(store), ids["pupil"]).entries if e.at.date() == date(2025, 11, 14)]
    kinds = [e.kind for e in day if e.kind != "weekly_attendance"]
    assert kinds.index("contract_review") < kinds.index("stage")
    assert day[-1].kind in ("stage", "weekly_attendance")


def test_an_event_recorded_on_its_day_keeps_its_real_time(store: Store) -> None:
    staff = seed_school(store)
    pupil, _ = seed_pupil(store)
    today = datetime.now(LONDON).date()  # the school's date, whatever the machine's zone
    casework.change_stage(store, staff, pupil, "stage1", today, "Letters sent")
    entry = next(e for e in chronology_for(store, everyone(store), pupil).entries if e.kind == "stage")
    assert (entry.at.hour, entry.at.minute, entry.at.second) != (12, 0, 0) or entry.at.microsecond != 0
