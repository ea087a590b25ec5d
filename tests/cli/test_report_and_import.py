"""The command line as a scheduler or script would use it."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from attendance_desk.cli import main
from attendance_desk.domain.upn import make_upn
from tests.helpers.accounts import sign_in_cli

UPN = make_upn(0, 2001, 19, 1)
REPORT_KEYS = {
    "upn", "name", "year_group", "possible_sessions", "present_sessions", "aea_sessions",
    "authorised_absence_sessions", "unauthorised_absence_sessions", "attendance_percent", "late_before_close",
    "late_after_close", "school_weeks", "broken_weeks", "band", "unauthorised_last_10_school_weeks",
    "pn_threshold_met_on", "longest_unauthorised_run_days", "illness_days", "codes",
}  # fmt: skip


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    sign_in_cli(monkeypatch, data)
    pupils = tmp_path / "pupils.csv"
    pupils.write_text(
        f"upn,legal_surname,legal_forename,date_of_birth,year_group\n{UPN},O’Connor,Siân,2016-04-01,4\n",
        encoding="utf-8",
    )
    marks = ["upn,date,session,code"]
    day = date(2025, 9, 1)
    for n in range(20):  # four weeks: Monday to Friday
        current = day + timedelta(days=n // 5 * 7 + n % 5)
        am = "N" if n in (5, 6, 7, 8, 9) else "/"
        marks += [f"{UPN},{current},AM,{am}", f"{UPN},{current},PM,{'N' if am == 'N' else chr(92)}"]
    (tmp_path / "marks.csv").write_text("\n".join(marks) + "\n", encoding="utf-8")
    assert main(["--data-dir", str(data), "import", "pupils", str(pupils)]) == 0
    assert main(["--data-dir", str(data), "import", "marks", str(tmp_path / "marks.csv")]) == 0
    return data


def test_report_json_has_every_key_and_the_right_figures(school: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    code = main(["--data-dir", str(school), "report", "pupils", "--from", "2025-09-01", "--to", "2025-09-26",
                 "--format", "json", "-o", str(out)])  # fmt: skip
    assert code == 0
    (record,) = json.loads(out.read_text(encoding="utf-8"))
    assert set(record) >= REPORT_KEYS
    assert record["name"] == "Siân O’Connor" and record["upn"] == UPN
    assert (record["possible_sessions"], record["unauthorised_absence_sessions"]) == (40, 10)
    assert record["attendance_percent"] == 75.0 and record["band"] == "persistent"
    assert record["pn_threshold_met_on"] == "2025-09-12"
    assert record["longest_unauthorised_run_days"] == 5
    assert record["broken_weeks"] == 1 and record["school_weeks"] == 4
    assert record["codes"] == {"/": 15, "N": 10, "\\": 15}


def test_report_csv_and_data_dir_after_the_command(school: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "pupils", "--from", "2025-09-01", "--to", "2025-09-05", "--format", "csv",
                 "--data-dir", str(school)]) == 0  # fmt: skip
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("upn,name,year_group,")
    assert len(lines) == 2 and ",100.0," in lines[1]


def test_bad_dates_are_refused_with_a_message(school: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "pupils", "--from", "01/09/2025", "--to", "2025-09-05", "--data-dir", str(school)])
    assert exit_info.value.code == 2
    assert "not a date in the form YYYY-MM-DD" in capsys.readouterr().err
    assert main(["report", "pupils", "--from", "2025-09-05", "--to", "2025-09-01", "--data-dir", str(school)]) == 2
    assert "before it starts" in capsys.readouterr().err


def test_rejected_import_exits_non_zero_and_names_line_and_column(
    school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(f"upn,date,session,code\n{UPN},2025-09-29,AM,/\n{UPN},2025-09-29,XX,/\n", encoding="utf-8")
    assert main(["--data-dir", str(school), "import", "marks", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv, line 3, column 'session'" in err and "'XX'" in err
    assert main(["--data-dir", str(school), "import", "marks", str(bad), "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["errors"][0]["line"] == 3 and payload["inserted"] == 0


def test_help_documents_every_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "attendance_desk", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("import", "report", "demo"):
        assert command in result.stdout
