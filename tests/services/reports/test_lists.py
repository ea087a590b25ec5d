"""The attendance lead's lists on a small planted school (tests/helpers/reports_school.py), worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from attendance_desk.domain.calendar import DateRange
from attendance_desk.services.reports import analysis, lists, returns
from attendance_desk.services.reports.export import to_csv
from attendance_desk.services.reports.settings import ReportOptions, ReportSettingsError, load_options, save_options
from attendance_desk.store.engine import Store
from attendance_desk.store.models import PenaltyNotice
from tests.helpers.accounts import everyone
from tests.helpers.reports_school import DAYS, TERM_END, build_reports_school

TERM = DateRange(DAYS[0], TERM_END)


@pytest.fixture
def school(store: Store) -> dict[str, int]:
    return build_reports_school(store)


def by_upn_name(report: lists.ReportList) -> dict[str, dict[str, object]]:
    return {str(r["name"]): r for r in report.records}


def test_returns_due_and_approaching_with_the_default_due_rule(store: Store, school: dict[str, int]) -> None:
    report = returns.returns_list(store, everyone(store), TERM)
    got = {(r["name"], r["kind"]): r for r in report.records}
    run = got[("Ruby Runner", "continuous_unauthorised")]
    # Ten school days, 20–24 October and 3–7 November, across half term; five school days later is 14 November.
    assert (run["first_date"], run["reached_on"], run["due_by"], run["days"]) == (
        "2025-10-20",
        "2025-11-07",
        "2025-11-14",
        10,
    )
    assert run["status"] == "due" and run["approaching"] is False
    ill = got[("Ilya Illness", "sickness")]
    assert (ill["first_date"], ill["reached_on"], ill["due_by"], ill["days"]) == (
        "2025-11-10",
        "2025-11-28",
        "2025-12-05",
        15,
    )
    nearly = got[("Nell Nearly", "continuous_unauthorised")]
    assert nearly["approaching"] is True and nearly["days"] == 8 and nearly["reached_on"] is None
    assert nearly["status"] == "approaching" and nearly["due_by"] is None
    # Below compulsory school age: the same run, no return.
    assert not any(r["name"] == "Yusuf Young" for r in report.records)
    # Farah (free school meals) was away unauthorised for the first twelve school days: a return too.
    farah = got[("Farah Meals", "continuous_unauthorised")]
    assert (farah["first_date"], farah["reached_on"], farah["days"]) == ("2025-09-01", "2025-09-12", 12)
    assert report.summary == {"due": 3, "form_made": 0, "sent": 0, "approaching": 1}
    assert list(report.records[0]) == list(returns.RETURNS_KEYS)


def test_the_local_authoritys_due_rule_sets_the_date(store: Store, school: dict[str, int]) -> None:
    save_options(store, school["lead"], ReportOptions(continuous_due_rule="last_friday_of_month"))
    report = returns.returns_list(store, everyone(store), TERM)
    run = next(r for r in report.records if r["name"] == "Ruby Runner")
    assert run["due_by"] == "2025-11-28"
    farah = next(r for r in report.records if r["name"] == "Farah Meals")
    assert farah["due_by"] == "2025-09-26"
    with pytest.raises(ReportSettingsError, match="not a due rule"):
        save_options(store, school["lead"], ReportOptions(sickness_due_rule="whenever"))
    assert load_options(store).sickness_due_rule == "school_days:5"  # the refused change left nothing behind


def test_a_period_that_ends_before_the_tenth_day_shows_the_run_as_approaching(
    store: Store, school: dict[str, int]
) -> None:
    report = returns.returns_list(store, everyone(store), DateRange(DAYS[0], date(2025, 11, 5)))
    run = next(r for r in report.records if r["name"] == "Ruby Runner")
    assert run["approaching"] is True and run["days"] == 8


def test_bands_on_the_dfe_basis_with_movement(store: Store, school: dict[str, int]) -> None:
    report = lists.bands_list(store, everyone(store), TERM_END)
    rows = by_upn_name(report)
    run = rows["Ruby Runner"]
    # 20 absent of 150 possible: 13.33%; a week before, 20 of 140: 14.29%.
    assert (run["possible_sessions"], run["absence_sessions"], run["absence_percent"]) == (150, 20, 13.33)
    assert (run["dfe_band"], run["previous_dfe_band"], run["movement"]) == ("10-15", "10-15", "same")
    assert run["previous_absence_percent"] == 14.29
    assert run["school_band"] == "persistent"
    monty = rows["Monty Fridays"]  # 60 of 150: exactly 40%, the lower bound of its band
    assert (monty["dfe_band"], monty["movement"]) == ("40-45", "same")
    nell = rows["Nell Nearly"]  # 16 of 150 (10.67%); a week before 6 of 140 (4.29%)
    assert (nell["dfe_band"], nell["previous_dfe_band"], nell["movement"]) == ("10-15", "0-5", "worse")
    leaver = rows["Leo Gone"]  # counted to the leaving date, as the DfE does
    assert (leaver["to_date"], leaver["possible_sessions"], leaver["movement"]) == ("2025-10-31", 80, "same")
    assert report.summary["dfe_bands"]["0-5"] == 9  # type: ignore[index]  # seven present, Fay and the leaver
    assert report.records[0]["name"] == "Monty Fridays"  # highest absence first


def test_threshold_lists_the_sessions_and_a_notice_that_used_them(store: Store, school: dict[str, int]) -> None:
    with store.transaction() as session:
        session.add(
            PenaltyNotice(
                pupil_id=school["run"],
                parent_name="Rosa Runner",
                issued_on=date(2025, 11, 10),
                received_on=date(2025, 11, 12),
                sequence=1,
                full_amount=Decimal(160),
            )
        )
    report = lists.threshold_list(store, everyone(store), TERM)
    rows = by_upn_name(report)
    run = rows["Ruby Runner"]
    assert run["met_on"] == "2025-10-24"  # the tenth N session: Friday afternoon, 24 October
    sessions = run["sessions"]
    assert isinstance(sessions, list) and len(sessions) == 10
    assert sessions[0] == {"date": "2025-10-20", "session": "AM", "code": "N", "used_by_notice": True}
    assert run["used_by_notice"] is True and run["compulsory_school_age"] is True
    assert rows["Farah Meals"]["met_on"] == "2025-09-05" and rows["Farah Meals"]["used_by_notice"] is False
    assert rows["Nell Nearly"]["met_on"] == "2025-12-16"
    assert rows["Yusuf Young"]["compulsory_school_age"] is False
    assert run["met_before_range"] is False
    # From 27 October (half term) the run's pupils were already over the threshold: met on the first school day.
    later = by_upn_name(lists.threshold_list(store, everyone(store), DateRange(date(2025, 10, 27), TERM_END)))
    assert later["Ruby Runner"]["met_on"] == "2025-11-03" and later["Ruby Runner"]["met_before_range"] is True
    assert later["Nell Nearly"]["met_before_range"] is False
    assert "Ilya Illness" not in rows and "Monty Fridays" not in rows  # illness and leave are not unauthorised
    assert "2025-10-20 AM N used_by_notice" in to_csv(report)


def test_patterns_flag_the_monday_and_friday_pupil(store: Store, school: dict[str, int]) -> None:
    report = lists.patterns_list(store, everyone(store), TERM)
    rows = by_upn_name(report)
    monty = rows["Monty Fridays"]
    assert monty["absence_by_weekday"] == {"Mon": 30, "Tue": 0, "Wed": 0, "Thu": 0, "Fri": 30}
    assert monty["flag"] == "Mondays and Fridays"
    assert report.records[0]["flag"]  # flagged pupils first
    ilya = rows["Ilya Illness"]  # one spell of fifteen school days, no weekday stands out
    assert (ilya["spells"], ilya["longest_spell_days"], ilya["flag"]) == (1, 15, "")
    ruby = rows["Ruby Runner"]  # half term does not end a spell
    assert (ruby["spells"], ruby["longest_spell_days"]) == (1, 10)
    assert "Pat1 Present" not in rows
    assert [r["name"] for r in lists.patterns_list(store, everyone(store), TERM, flagged_only=True).records] == [
        "Monty Fridays"
    ]
    assert "absence_by_weekday.Mon" in to_csv(report).splitlines()[0]


def test_cohorts_find_the_planted_gap(store: Store, school: dict[str, int]) -> None:
    report = analysis.cohorts_list(store, everyone(store), TERM)
    groups = {r["group"]: r for r in report.records}
    fsm = groups["fsm"]
    # FSM: 36 absent of 450 → 414/450 = 92.00%; one of three persistent (Farah, 24/150 = 16%).
    # Rest: 1,880 possible (the leaver 80), 146 absent → 1,734/1,880 = 92.23%; five of thirteen persistent.
    assert (fsm["pupils"], fsm["attendance_percent"], fsm["persistent_percent"]) == (3, 92.0, 33.33)
    assert (fsm["rest_pupils"], fsm["rest_attendance_percent"]) == (13, 92.23)
    assert fsm["rest_persistent_percent"] == 38.46
    assert fsm["attendance_gap"] == -0.23
    assert fsm["national_attendance_percent"] == 89.71  # 100 − 10.29, from the dated data file
    whole = groups["all"]
    assert whole["pupils"] == 16 and whole["attendance_gap"] is None
    assert whole["national_attendance_percent"] == 94.93  # primary (the school has year 4 and R): 100 − 5.07
    assert groups["year:R"]["pupils"] == 1 and groups["sex:F"]["pupils"] == 2
    assert "eal" not in groups


def test_trend_week_by_week(store: Store, school: dict[str, int]) -> None:
    report = analysis.trend_list(store, everyone(store), TERM_END)
    first = report.records[0]
    # Week 1: 16 pupils × 10 sessions; Monty 4, Farah 10, Fred 10 absent → 136/160 = 85.00%.
    assert (first["week_start"], first["possible_sessions"], first["attendance_percent"]) == ("2025-09-01", 160, 85.0)
    assert first["last_year_attendance_percent"] is None
    assert len(report.records) == 15  # fifteen school weeks; half term is not one
    fsm = analysis.trend_list(store, everyone(store), TERM_END, "fsm").records[0]
    assert (fsm["possible_sessions"], fsm["attendance_percent"]) == (30, 33.33)


def test_target_and_why_the_figures_differ(store: Store, school: dict[str, int]) -> None:
    save_options(
        store,
        school["lead"],
        ReportOptions(target_percent=Decimal("93.5"), target_basis="DfE letter, 20/11/2025"),
    )
    status = analysis.target_status(store, everyone(store), TERM_END)
    assert status.options.target_percent == Decimal("93.50")
    assert status.forecast.year_end_percent is not None and status.verdict.startswith(("On track", "Not on track"))
    assert status.dfe_percent is not None and status.school_percent is not None
    assert status.dfe_percent != status.school_percent  # the leaver counts on the DfE basis only
    assert any(reason.startswith("Off-roll pupils: the DfE counts 1 pupil who") for reason in status.differences)
    assert any(reason.startswith("Sessions counted: 1 pupil was") for reason in status.differences)
    with pytest.raises(ReportSettingsError, match="where the target comes from"):
        save_options(store, school["lead"], ReportOptions(target_percent=Decimal(95)))


def test_a_name_that_looks_like_a_formula_is_neutralised_in_the_csv(store: Store, school: dict[str, int]) -> None:
    from attendance_desk.store.models import Pupil

    with store.transaction() as session:
        pupil = session.get(Pupil, school["monfri"])
        assert pupil is not None
        pupil.legal_forename = "=HYPERLINK(1)"
    text = to_csv(lists.patterns_list(store, everyone(store), TERM))
    assert "'=HYPERLINK(1) Fridays" in text and ",=HYPERLINK" not in text


@pytest.mark.parametrize("text", ["", "  ", "95.2", "95.2%", " 96 % "])
def test_target_text_that_reads(text: str) -> None:
    from attendance_desk.services.reports.settings import parse_target

    value = parse_target(text)
    assert value is None if not text.strip() else value in (Decimal("95.20"), Decimal("96.00"))


@pytest.mark.parametrize("text", ["ninety", "0", "100", "-5", "1e3", "NaN", "95,2"])
def test_target_text_that_does_not(text: str) -> None:
    from attendance_desk.services.reports.settings import parse_target

    with pytest.raises(ReportSettingsError):
        parse_target(text)
