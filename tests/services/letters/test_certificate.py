"""The registration certificate: its totals are the figures function's, its grid is the register."""

from __future__ import annotations

from datetime import date

from attendance_desk.cli import main
from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.upn import make_upn
from attendance_desk.services.figures import figures_for_pupil
from attendance_desk.services.letters.certificate import certificate_data, make_certificate
from attendance_desk.store.engine import Store
from tests.helpers.accounts import sign_in_cli
from tests.helpers.letters_school import END, SCHOOL_DAYS, STAFF_ID, START, build_school, code_for, pdf_pages_text

PERIOD = DateRange(START, END)


def test_certificate_totals_are_the_figures_for_the_range(store: Store) -> None:
    build_school(store)
    with store.session() as session:
        data, figures = certificate_data(session, 2, PERIOD, date(2025, 11, 24))
        assert figures == figures_for_pupil(session, 2, PERIOD)
    totals = dict(data.totals)
    assert totals["Possible sessions"] == str(figures.possible_sessions)
    assert totals["Unauthorised absence"] == str(figures.unauthorised_absence_sessions)
    assert totals["Attendance"] == f"{figures.attendance_percent}%"
    assert len(data.unauthorised) == figures.unauthorised_absence_sessions
    assert {code: int(n) for code, _meaning, _cat, n in data.code_key} == figures.codes
    assert data.weeks[0].cells[0] == code_for(2, 0)  # Monday 1 September, AM
    assert len(data.weeks) == len({d.isocalendar()[:2] for d in SCHOOL_DAYS})
    assert [p[0] for p in data.parents] == ["Ms Siân Gwŷn", "Mr Dafydd Rees"]


def test_the_certificate_pdf_shows_the_pupil_figures_parents_and_declaration(store: Store) -> None:
    build_school(store)
    produced = make_certificate(store, STAFF_ID, 2, PERIOD, issued_on=date(2025, 11, 24))
    with store.session() as session:
        figures = figures_for_pupil(session, 2, PERIOD)
    text = " ".join(" ".join(pdf_pages_text(produced.pdf)).split())
    assert "Rhys Gwŷn" in text and "20/11/2013" in text and "compulsory school age throughout the period" in text
    assert f"{figures.attendance_percent}%" in text
    assert "Flat 3, Mill House, 45 River Street, Othertown, OT4 5DE" in text
    assert "taken from the attendance register" in text and "Mrs Joanna Patel" in text


def test_a_full_year_spans_pages_with_the_grid_header_on_each(store: Store, tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    build_school(store)
    sign_in_cli(monkeypatch, store.data_dir)
    from datetime import timedelta

    from attendance_desk.store.models import Mark

    year = [
        date(2024, 9, 2) + timedelta(days=n) for n in range(340) if (date(2024, 9, 2) + timedelta(days=n)).weekday() < 5
    ]
    with store.transaction() as session:
        session.connection().execute(
            Mark.__table__.insert(),
            [
                {"pupil_id": 1, "date": d, "session": s, "code": "N" if (i % 23 == 0 and s == "AM") else "/"}
                for i, d in enumerate(year)
                for s in ("AM", "PM")
            ],
        )
    out = tmp_path / "cert.pdf"
    upn = make_upn(0, 2001, 19, 1)
    code = main(
        [
            "--data-dir",
            str(store.data_dir),
            "certificate",
            "--pupil",
            upn,
            "--from",
            "2024-09-02",
            "--to",
            "2025-07-31",
            "-o",
            str(out),
            "--date",
            "2025-08-01",
        ]
    )
    assert code == 0
    assert "warning:" in capsys.readouterr().err  # the N marks are said before it is issued
    pages = pdf_pages_text(out)
    assert len(pages) >= 2
    grid_pages = [p for p in pages if "Week" in p and "beginning" in p]
    assert len(grid_pages) >= 2  # the header row repeats where the grid continues
    assert all(f"Page {i} of {len(pages)}" in p for i, p in enumerate(pages, start=1))
    assert "Mrs Joanna Patel" in pages[-1]
