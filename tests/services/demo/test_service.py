"""The demo school in a store: imported through the real importer, with believable figures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.thresholds import Band
from attendance_desk.domain.upn import has_valid_check_letter
from attendance_desk.services.demo import DemoCancelled, DemoError, DemoSummary, create_demo_school
from attendance_desk.services.figures import figures_for_school
from attendance_desk.store.engine import Store
from attendance_desk.store.models import (
    AuditEntry,
    ImportBatch,
    Mark,
    Pupil,
    PupilContact,
    SchoolSettings,
    Staff,
    StaffRole,
)
from attendance_desk.store.open import open_store

TODAY = date(2026, 11, 23)
SCHOOL_YEAR = DateRange(date(2025, 9, 1), date(2026, 8, 31))
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, DemoSummary, list[tuple[int, int, str]]]]:
    store = open_store(tmp_path_factory.mktemp("demo-store"))
    calls: list[tuple[int, int, str]] = []
    summary = create_demo_school(store, 120, 1, today=TODAY, progress=lambda d, t, m: calls.append((d, t, m)))
    yield store, summary, calls
    store.dispose()


def test_import_succeeds_with_no_warnings_and_every_row_is_stored(demo: tuple[Store, DemoSummary, list]) -> None:
    store, summary, _ = demo
    assert summary.import_warnings == 0
    assert summary.pupils_on_roll == 120 and summary.phase == "primary"
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Pupil)) == summary.pupils
        assert session.scalar(select(func.count()).select_from(Mark)) == summary.marks
        assert session.scalar(select(func.count()).select_from(PupilContact)) == summary.contact_links
        batches = session.scalars(select(ImportBatch).order_by(ImportBatch.id)).all()
        assert [(b.kind, b.status) for b in batches] == [
            ("pupils", "imported"),
            ("contacts", "imported"),
            ("marks", "imported"),
        ]
        upns = session.scalars(select(Pupil.upn)).all()
    assert all(upn[1:4] == "000" and has_valid_check_letter(upn) for upn in upns)


def test_progress_rises_to_the_end(demo: tuple[Store, DemoSummary, list[tuple[int, int, str]]]) -> None:
    _, _, calls = demo
    done = [d for d, _t, _m in calls]
    assert done == sorted(done) and done[-1] == calls[-1][1]
    assert {"Writing the register…", "Importing marks…"} <= {m for _d, _t, m in calls}


def test_settings_and_staff_are_seeded_with_audit_rows(demo: tuple[Store, DemoSummary, list]) -> None:
    store, summary, _ = demo
    with store.session() as session:
        settings = session.get(SchoolSettings, 1)
        assert settings is not None
        assert settings.name == summary.school_name == "Kestleford Primary School"
        assert settings.logo_image and settings.logo_image.startswith(PNG)
        assert settings.signature_image and settings.signature_image.startswith(PNG)
        assert settings.lessons_per_day == 5 and settings.register_close_time == time(9, 15)
        assert settings.head_teacher and settings.attendance_lead and settings.phone.startswith("01632 960")
        roles = Counter(session.scalars(select(Staff.role)).all())
        assert {StaffRole.HEAD, StaffRole.DSL, StaffRole.ATTENDANCE_LEAD, StaffRole.OFFICE} <= set(roles)
        lead = session.get(Staff, summary.attendance_lead_id)
        assert lead is not None and lead.role == StaffRole.ATTENDANCE_LEAD
        audited = Counter(session.scalars(select(AuditEntry.entity).where(AuditEntry.reason == "demo school")))
    assert audited["school_settings"] == 1 and audited["staff"] == sum(roles.values())


def test_figures_show_a_believable_school(demo: tuple[Store, DemoSummary, list]) -> None:
    store, _, _ = demo
    with store.session() as session:
        rows = figures_for_school(session, SCHOOL_YEAR)
    count = len(rows)
    above_95 = sum(1 for r in rows if r.figures.attendance_percent and r.figures.attendance_percent > Decimal(95))
    bands = Counter(r.figures.band for r in rows)
    assert above_95 >= 0.7 * count  # most pupils attend well…
    assert 0.05 * count <= bands[Band.PERSISTENT] + bands[Band.SEVERE] <= 0.25 * count  # …with a persistent tail
    assert 1 <= bands[Band.SEVERE] <= 0.05 * count  # and a few severe absentees
    assert any(r.figures.pn_threshold_met_on for r in rows)  # someone reaches 10 unauthorised in 10 weeks
    assert any(r.figures.longest_unauthorised_run_days >= 10 for r in rows)  # a continuous-absence return
    assert any(r.figures.late_before_close and r.figures.late_after_close for r in rows)


def _absence_rate(store: Store, codes: tuple[str, ...], bucket: Callable[[date], int]) -> dict[int, float]:
    hits: Counter[int] = Counter()
    possible: Counter[int] = Counter()
    with store.session() as session:
        query = select(Mark.date, Mark.code, func.count()).where(Mark.code.not_in(("#", "D")))
        for day, code, n in session.execute(query.group_by(Mark.date, Mark.code)):
            possible[bucket(day)] += n
            if code in codes:
                hits[bucket(day)] += n
    return {key: hits[key] / possible[key] for key in possible}


def test_mondays_and_fridays_have_more_absence_than_midweek(demo: tuple[Store, DemoSummary, list]) -> None:
    store, _, _ = demo
    rate = _absence_rate(store, ("I", "O", "G", "N", "M", "C", "C2", "E", "R", "U"), lambda day: day.weekday())
    midweek = (rate[1] + rate[2] + rate[3]) / 3
    assert rate[0] > midweek and rate[4] > midweek


def test_illness_clusters_in_winter(demo: tuple[Store, DemoSummary, list]) -> None:
    store, _, _ = demo
    rate = _absence_rate(store, ("I",), lambda day: day.month)
    winter = (rate[12] + rate[1] + rate[2]) / 3
    summer = (rate[5] + rate[6] + rate[7]) / 3
    assert winter > 1.5 * summer


def test_no_marks_before_admission_or_after_leaving(demo: tuple[Store, DemoSummary, list]) -> None:
    store, _, _ = demo
    with store.session() as session:
        outside = session.scalar(
            select(func.count())
            .select_from(Mark)
            .join(Pupil, Pupil.id == Mark.pupil_id)
            .where((Mark.date < Pupil.admission_date) | (Mark.date > Pupil.leaving_date))
        )
        joiners = session.scalar(
            select(func.count())
            .select_from(Pupil)
            .where(Pupil.admission_date > date(2025, 9, 3), Pupil.year_group != "R")
        )
    assert outside == 0 and joiners >= 1


def test_a_second_demo_into_the_same_store_is_refused(demo: tuple[Store, DemoSummary, list]) -> None:
    store, summary, _ = demo
    with pytest.raises(DemoError, match="already holds"):
        create_demo_school(store, 120, 1, today=TODAY)
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Pupil)) == summary.pupils


def test_cancelling_while_files_are_written_stores_nothing(store: Store) -> None:
    with pytest.raises(DemoCancelled):
        create_demo_school(store, 120, 1, today=TODAY, cancelled=lambda: True)
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Pupil)) == 0
        assert session.scalar(select(func.count()).select_from(Staff)) == 0
        settings = session.get(SchoolSettings, 1)
        assert settings is not None and settings.name == ""


def test_csv_files_are_kept_when_asked(store: Store, tmp_path: Path) -> None:
    summary = create_demo_school(store, 60, 7, today=TODAY, out_dir=tmp_path / "csv")
    assert summary.csv_folder == tmp_path / "csv"
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["contacts.csv", "marks.csv", "pupils.csv"]


def test_an_impossible_size_is_refused_with_nothing_stored(store: Store) -> None:
    with pytest.raises(DemoError, match="60 to 3000 pupils"):
        create_demo_school(store, 10, 1, today=TODAY)
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Staff)) == 0


def test_the_calling_desk_knows_the_demo_term_dates_and_inset_days(demo: tuple[Store, DemoSummary, list]) -> None:
    from attendance_desk.services.calling.settings import term_year

    store, summary, _calls = demo
    with store.session() as session:
        closed_days = set(session.scalars(select(Mark.date).where(Mark.code == "#").distinct()))
    for first_year in (2025, 2026):
        year = term_year(store, first_year)
        assert not year.is_default
        inset = {c.day for c in year.closures if c.day <= summary.last_date}
        assert inset and inset <= closed_days  # each INSET day saved for follow-ups is a closure in the register


def test_a_demo_that_stopped_after_the_staff_were_added_can_be_run_again(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once, a demo that stopped after adding its staff (there: the term dates; here: the pupils import) left them
    behind, and every later try failed on their names."""
    from attendance_desk.services.demo import service

    real_import = service.import_file

    def refuse_pupils(store_: Store, kind: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if kind == "pupils":
            raise DemoError("the disk filled up while the pupils were imported")
        return real_import(store_, kind, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "import_file", refuse_pupils)
    with pytest.raises(DemoError, match="disk filled up"):
        create_demo_school(store, 60, 1, today=TODAY)
    monkeypatch.setattr(service, "import_file", real_import)
    summary = create_demo_school(store, 60, 1, today=TODAY)
    with store.session() as session:
        names = list(session.scalars(select(Staff.name)))
        pupils = session.scalar(select(func.count()).select_from(Pupil))
    assert len(names) == len(set(names)) == summary.staff
    assert pupils == summary.pupils
