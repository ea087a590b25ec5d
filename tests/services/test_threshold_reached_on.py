"""The day the 10-in-10 threshold was reached, as a sentence states it: never the first day of a period just
because the window looked back into the summer term (the pupil was present that day)."""

from __future__ import annotations

from datetime import date

from attendance_desk.domain.calendar import DateRange
from attendance_desk.services.figures import figures_for_pupil, threshold_reached_on
from attendance_desk.store.engine import Store
from tests.helpers.casework_seed import add_marks, seed_pupil, seed_school, weekdays


def test_reached_in_july_not_on_the_first_day_of_september(store: Store) -> None:
    seed_school(store)
    pupil, _ = seed_pupil(store)
    july = weekdays(date(2026, 7, 6), date(2026, 7, 17))  # the tenth O session on Friday 10 July
    add_marks(store, pupil, july, lambda d, _s: "O" if d <= date(2026, 7, 10) else "/")
    add_marks(store, pupil, weekdays(date(2026, 9, 3), date(2026, 9, 30)))  # present every day since
    with store.session() as session:
        september = figures_for_pupil(session, pupil, DateRange(date(2026, 9, 1), date(2026, 9, 30)))
        assert september.pn_threshold_met_on == date(2026, 9, 3)  # metrics.md: first day of the range with >= 10
        assert threshold_reached_on(session, pupil, date(2026, 9, 30)) == date(2026, 7, 10)


def test_not_reached_gives_none(store: Store) -> None:
    seed_school(store)
    pupil, _ = seed_pupil(store)
    add_marks(store, pupil, weekdays(date(2026, 9, 3), date(2026, 9, 30)), lambda d, _s: "O" if d.day == 7 else "/")
    with store.session() as session:
        assert threshold_reached_on(session, pupil, date(2026, 9, 30)) is None
