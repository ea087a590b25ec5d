"""Figures from the store: one pupil and the whole school agree, and match the rules on random registers."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from attendance_desk.domain.calendar import DateRange, SchoolCalendar
from attendance_desk.domain.codes import Category, default_codebook
from attendance_desk.domain.metrics import FiguresCalculator
from attendance_desk.domain.upn import make_upn
from attendance_desk.services.figures import figures_for_pupil, figures_for_school, load_calendar
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Mark, Pupil

DAYS = [date(2025, 9, 1) + timedelta(days=n) for n in range(60) if (date(2025, 9, 1) + timedelta(days=n)).weekday() < 5]
CODES_2024 = sorted(default_codebook().set2024.codes)


def seed(store: Store, registers: dict[int, list[str]]) -> None:
    with store.transaction() as session:
        connection = session.connection()
        connection.execute(
            Pupil.__table__.insert(),
            [
                {"id": pid, "upn": make_upn(0, 2001, 19, pid), "legal_surname": f"S{pid}", "legal_forename": "F",
                 "date_of_birth": date(2016, 1, 1), "year_group": "4"}
                for pid in registers
            ],
        )  # fmt: skip
        connection.execute(
            Mark.__table__.insert(),
            [
                {"pupil_id": pid, "date": DAYS[i // 2], "session": ("AM", "PM")[i % 2], "code": code}
                for pid, codes in registers.items()
                for i, code in enumerate(codes)
            ],
        )


def test_one_pupil_and_the_whole_school_give_the_same_figures(store: Store) -> None:
    seed(store, {1: ["/", "\\", "N", "N", "I", "I"] * 10, 2: ["/", "\\"] * 30, 3: ["O", "G"] * 30})
    period = DateRange(DAYS[2], DAYS[25])
    with store.session() as session:
        rows = figures_for_school(session, period)
        assert [r.pupil_id for r in rows] == [1, 2, 3]
        for row in rows:
            assert row.figures == figures_for_pupil(session, row.pupil_id, period)
        assert load_calendar(session).days == DAYS[:30]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(CODES_2024), min_size=1, max_size=2 * len(DAYS)), st.integers(0, 20))
def test_figures_add_up_for_any_register(codes: list[str], start_index: int) -> None:
    marks = [(DAYS[i // 2], ("AM", "PM")[i % 2], code) for i, code in enumerate(codes)]
    calculator = FiguresCalculator(SchoolCalendar(DAYS), default_codebook())
    period = DateRange(DAYS[min(start_index, len(DAYS) - 1)], DAYS[-1])
    figures = calculator.figures(marks, period)
    in_range = [(d, c) for d, _s, c in marks if d >= period.start]
    categories = [default_codebook().category(c, d) for d, c in in_range]
    assert figures.possible_sessions == sum(c is not Category.NOT_POSSIBLE for c in categories)
    assert figures.possible_sessions + figures.not_possible_sessions == len(in_range)
    assert figures.broken_weeks <= figures.school_weeks
    assert figures.unauthorised_absence_sessions == categories.count(Category.UNAUTHORISED)
    if figures.possible_sessions:
        assert figures.attendance_percent is not None and figures.absence_percent is not None
        assert abs(figures.attendance_percent + figures.absence_percent - 100) <= Decimal("0.01")
    if figures.pn_threshold_met_on is not None:
        assert period.start <= figures.pn_threshold_met_on <= period.end


def test_minutes_late_are_summed_over_the_period(store: Store) -> None:
    seed(store, {1: ["L", "\\", "U", "\\", "/", "\\"]})
    with store.transaction() as session:
        session.execute(Mark.__table__.update().where(Mark.code == "L").values(minutes_late=12))
        session.execute(Mark.__table__.update().where(Mark.code == "U").values(minutes_late=41))
    with store.session() as session:
        assert figures_for_pupil(session, 1, DateRange(DAYS[0], DAYS[2])).minutes_late == 53
        assert figures_for_pupil(session, 1, DateRange(DAYS[1], DAYS[2])).minutes_late == 41
        assert figures_for_school(session, DateRange(DAYS[0], DAYS[2]))[0].figures.minutes_late == 53


def test_the_whole_school_list_files_pupils_under_the_whole_surname(store: Store) -> None:
    surnames = {1: "Van Dyke", 2: "Dyke", 3: "ap Gwilym", 4: "Walker", 5: "Gwilym"}
    seed(store, dict.fromkeys(surnames, ["/", "\\"] * 4))
    with store.transaction() as session:
        for pupil_id, surname in surnames.items():
            session.get_one(Pupil, pupil_id).legal_surname = surname
    with store.session() as session:
        rows = figures_for_school(session, DateRange(DAYS[0], DAYS[3]))
    assert [row.name for row in rows] == ["F ap Gwilym", "F Dyke", "F Gwilym", "F Van Dyke", "F Walker"]


def test_the_calendar_skips_closure_days_and_gaps_and_matches_a_full_read(store: Store) -> None:
    # Days 0–3 open; day 2 then loses every mark (no register); day 4 is closed (#) for both pupils; on day 5 pupil
    # 2 has '#' beside pupil 1's marks, so it is a school day.
    register_1 = ["/", "\\"] * 4 + ["#", "#", "/", "\\"]
    register_2 = ["/", "\\"] * 4 + ["#", "#", "#", "#"]
    seed(store, {1: register_1, 2: register_2})
    with store.transaction() as session:
        session.execute(Mark.__table__.delete().where(Mark.date == DAYS[2]))  # a day with no marks at all
    with store.session() as session:
        full_read = sorted(
            {day for (day,) in session.query(Mark.date).filter(Mark.code != "#").distinct()},
        )
        assert load_calendar(session).days == full_read == [DAYS[0], DAYS[1], DAYS[3], DAYS[5]]
