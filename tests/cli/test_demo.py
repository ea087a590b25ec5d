"""`attendance-desk demo`: a made-up school in an empty data folder, usable by the other commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attendance_desk.cli import main
from attendance_desk.services.demo.school import DEMO_PASSWORD


def test_demo_fills_an_empty_folder_and_the_report_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, out = tmp_path / "data", tmp_path / "csv"
    code = main(
        ["--data-dir", str(data), "demo", "--pupils", "60", "--seed", "3", "--today", "2026-11-23", "--out", str(out)]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "Kestleford Primary School (primary): 60 pupils on roll" in printed
    assert "from 01/09/2025 to 20/11/2026" in printed
    assert f"CSV files kept in {out}" in printed
    assert (out / "marks.csv").stat().st_size > 0
    monkeypatch.setenv("ATTENDANCE_DESK_STAFF", "Siân Pritchard")  # the demo's attendance lead
    monkeypatch.setenv("ATTENDANCE_DESK_PASSWORD", DEMO_PASSWORD)

    assert (
        main(
            [
                "--data-dir",
                str(data),
                "report",
                "pupils",
                "--from",
                "2026-11-16",
                "--to",
                "2026-11-20",
                "--format",
                "json",
            ]
        )
        == 0
    )
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 60  # every pupil on roll has marks in the last school week
    assert any(r["codes"].get("N") for r in records)  # unexplained absences still to chase


def test_demo_refuses_a_folder_that_already_has_pupils(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--data-dir", str(tmp_path / "data"), "demo", "--pupils", "60", "--today", "2026-11-23"]
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 2
    assert "already holds" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--pupils", "10"], "60 to 3000 pupils"),
        (["--year", "2027"], "choose an earlier year"),
        (["--year", "2023"], "19 August 2024"),
    ],
)
def test_demo_explains_what_it_cannot_make(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str], message: str
) -> None:
    assert main(["--data-dir", str(tmp_path / "data"), "demo", "--today", "2026-11-23", *option]) == 2
    assert message in capsys.readouterr().err


def test_demo_on_a_date_whose_first_year_began_in_august_term_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--today 2026-03-02`` (register from September 2024, when the 1st was a Sunday) once failed with
    "closure not in this school year"."""
    assert main(["--data-dir", str(tmp_path / "data"), "demo", "--pupils", "60", "--today", "2026-03-02"]) == 0
    assert "from 02/09/2024 to 27/02/2026" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("today", "message"),
    [("2024-06-01", "choose a later date than 01/06/2024"), ("2200-05-05", "the register holds no marks after")],
)
def test_demo_refuses_a_today_it_cannot_hold_and_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], today: str, message: str
) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "demo", "--pupils", "60", "--today", today]) == 2
    assert message in capsys.readouterr().err
    assert main(["--data-dir", str(data), "demo", "--pupils", "60", "--today", "2026-03-02"]) == 0  # still empty


def test_demo_help_documents_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for option in ("--pupils N", "--seed S", "--year YYYY", "--out DIR", "--today YYYY-MM-DD"):
        assert option in text
    assert "secondary" in text and "07700 900" in text and "the current term has recent marks" in text
