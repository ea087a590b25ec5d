"""On the demo school, every way of asking for figures gives what the per-mark rules gave before the registers:
the whole school (reports, the pupils list), narrowed windows (the DfE basis), one pupil, and the certificate."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select

from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.metrics import PupilFigures
from attendance_desk.services.demo import create_demo_school
from attendance_desk.services.figures import (
    _mark_rows,
    _minutes_late,
    calculator_for,
    figures_for_pupil,
    figures_for_school_periods,
)
from attendance_desk.services.letters.certificate import certificate_data
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Pupil
from attendance_desk.store.open import open_store
from tests.helpers.reference_figures import reference_figures

TODAY = date(2026, 11, 23)
PERIODS = [
    DateRange(date(2025, 9, 1), date(2026, 8, 31)),  # last school year
    DateRange(date(2026, 1, 5), date(2026, 2, 13)),  # part of a term, so the 10-in-10 window looks back
    DateRange(date(2026, 9, 1), TODAY),  # this year to date
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(tmp_path_factory.mktemp("demo-figures"))
    create_demo_school(store, 90, 3, today=TODAY)
    yield store
    store.dispose()


def expected(store: Store, period: DateRange, since: date | None = None) -> dict[int, PupilFigures]:
    """The per-mark rules over each pupil's marks read straight from the marks table."""
    with store.session() as session:
        calculator = calculator_for(session)
        start = since or calculator.lookback_start(period)
        minutes = _minutes_late(session, period)
        out = {}
        for (pupil_id,) in session.execute(select(Pupil.id)):
            rows = _mark_rows(session, start, period.end, [pupil_id])
            figures = reference_figures(calculator, rows, period, minutes.get(pupil_id, 0))
            if figures.possible_sessions or figures.not_possible_sessions:
                out[pupil_id] = figures
        return out


def test_the_whole_school_in_several_periods_gives_the_per_mark_figures(demo: Store) -> None:
    with demo.session() as session:
        got = figures_for_school_periods(session, PERIODS)
        start = min(calculator_for(session).lookback_start(p) for p in PERIODS)
    for period, rows in zip(PERIODS, got, strict=True):
        want = expected(demo, period, start)
        assert len(want) > 50
        assert {row.pupil_id: row.figures for row in rows} == want


def test_windows_without_look_back_give_the_per_mark_figures(demo: Store) -> None:
    """The DfE basis: each pupil's own admission-to-leaving window, no look-back (the bands report)."""
    year = PERIODS[0]
    with demo.session() as session:
        pupils = session.execute(select(Pupil.id, Pupil.leaving_date)).all()
        windows = {pid: DateRange(year.start, leaving) for pid, leaving in pupils if leaving and leaving >= year.start}
        assert windows, "the demo school has leavers in the year"
        (rows,) = figures_for_school_periods(session, [year], windows=windows, look_back=False)
    got = {row.pupil_id: row.figures for row in rows}
    for pupil_id, window in windows.items():
        assert got.get(pupil_id) == expected(demo, window, window.start).get(pupil_id)


def test_one_pupil_and_the_certificate_give_the_per_mark_figures(demo: Store) -> None:
    period = PERIODS[0]
    want = expected(demo, period)
    with demo.session() as session:
        calculator = calculator_for(session)
        for pupil_id in sorted(want)[:40]:
            assert figures_for_pupil(session, pupil_id, period, calculator) == want[pupil_id]
        for pupil_id in sorted(want)[:5]:
            _data, figures = certificate_data(session, pupil_id, period, TODAY)
            assert figures == want[pupil_id]


def test_the_pupils_list_shows_the_per_mark_figures(demo: Store) -> None:
    """The list's headline figures (percentage, band, sessions) are those of each pupil's full figures."""
    from attendance_desk.services.pupils import list_pupils
    from tests.helpers.accounts import everyone

    listed = list_pupils(demo, everyone(demo), today=TODAY)
    want = expected(demo, listed.period)
    assert len(want) > 50
    for row in listed.rows:
        full = want.get(row.id)
        shown = (row.attendance_percent, row.band, row.possible_sessions, row.unauthorised_sessions)
        assert shown == (
            (full.attendance_percent, full.band, full.possible_sessions, full.unauthorised_absence_sessions)
            if full
            else (None, None, 0, 0)
        )
