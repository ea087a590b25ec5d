"""`report NAME` for the attendance lead's lists and `report pack`, as a script would run them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from attendance_desk.cli import main
from attendance_desk.services.reports import analysis, lists, returns
from attendance_desk.store.open import open_store
from tests.helpers.accounts import sign_in_cli
from tests.helpers.reports_school import build_reports_school

RANGE = ["--from", "2025-09-01", "--to", "2025-12-19"]
KEYS = {
    "bands": lists.BANDS_KEYS,
    "threshold": lists.THRESHOLD_KEYS,
    "returns": returns.RETURNS_KEYS,
    "patterns": lists.PATTERNS_KEYS,
    "cohorts": analysis.COHORT_KEYS,
    "trend": analysis.TREND_KEYS,
}


@pytest.fixture
def data(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = open_store(data_dir)
    build_reports_school(store)
    store.dispose()
    sign_in_cli(monkeypatch, data_dir)
    return data_dir


@pytest.mark.parametrize("name", sorted(KEYS))
def test_each_list_as_json_and_csv(name: str, data: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{name}.json"
    assert main(["--data-dir", str(data), "report", name, *RANGE, "-o", str(out)]) == 0
    records = json.loads(out.read_text(encoding="utf-8"))
    assert records and all(list(r) == list(KEYS[name]) for r in records)
    csv_out = tmp_path / f"{name}.csv"
    assert main(["--data-dir", str(data), "report", name, *RANGE, "--format", "csv", "-o", str(csv_out)]) == 0
    rows = list(csv.reader(io.StringIO(csv_out.read_text(encoding="utf-8"))))
    assert len(rows) == len(records) + 1
    assert rows[0][0] == KEYS[name][0]


def test_csv_keeps_a_negative_gap_a_number_and_neutralises_formula_text(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "cohorts.csv"
    assert main(["--data-dir", str(data), "report", "cohorts", *RANGE, "--format", "csv", "-o", str(out)]) == 0
    rows = {r["group"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    assert rows["fsm"]["attendance_gap"] == "-0.23"  # a number, not the apostrophe a formula-looking text gets


def test_trend_for_a_group_and_a_bad_group(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data), "report", "trend", *RANGE, "--group", "fsm"]) == 0
    first = json.loads(capsys.readouterr().out)[0]
    assert (first["group"], first["attendance_percent"]) == ("fsm", 33.33)
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(data), "report", "trend", *RANGE, "--group", "ufo"])
    assert exit_info.value.code == 2
    assert "'ufo' is not a group" in capsys.readouterr().err


def test_pack_needs_a_file_and_writes_a_pdf(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data), "report", "pack", *RANGE]) == 2
    assert "needs -o FILE.pdf" in capsys.readouterr().err
    out = tmp_path / "pack.pdf"
    assert main(["--data-dir", str(data), "report", "pack", *RANGE, "--governors", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_dates_the_wrong_way_round_are_a_usage_error(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data), "report", "bands", "--from", "2025-12-19", "--to", "2025-09-01"]) == 2
    err = capsys.readouterr().err
    assert "ends (01/09/2025) before it starts" in err and "Traceback" not in err


def test_an_empty_school_gives_empty_lists_and_a_clear_pack_error(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in_cli(monkeypatch, data_dir)
    for name in ("bands", "threshold", "returns", "patterns", "trend"):
        assert main(["--data-dir", str(data_dir), "report", name, *RANGE]) == 0
        assert json.loads(capsys.readouterr().out) == []
    out = tmp_path / "pack.pdf"
    assert main(["--data-dir", str(data_dir), "report", "pack", *RANGE, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "school's name is not set" in err and "Traceback" not in err and not out.exists()
