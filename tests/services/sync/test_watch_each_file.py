"""The watched folder handles each file on its own; every CSV the product writes is safe in a spreadsheet."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

from attendance_desk.domain.decisions import ChangeToKeyIn
from attendance_desk.services.sync import watch
from attendance_desk.services.sync.importing import import_file
from attendance_desk.store.engine import Store
from attendance_desk.sync.issues import ImportIssue, write_issue_report
from attendance_desk.sync.safe_csv import neutralise
from attendance_desk.sync.writers import CommunicationEntry, changes_csv, communications_csv
from tests.helpers.accounts import importer
from tests.services.sync.test_import_safety import MARKS, UPNS, WEEK, _row, school  # noqa: F401
from tests.services.sync.test_importing_differences import table_rows


def test_one_bad_file_never_blocks_the_others(school: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "marks-bad.csv").write_text(MARKS + f"{UPNS[0]},3500-01-04,AM,/\n", encoding="utf-8")
    (folder / "marks-crash.csv").write_text(MARKS + _row(UPNS[0], WEEK[0], "AM", "L"), encoding="utf-8")
    (folder / "marks-good.csv").write_text(MARKS + _row(UPNS[1], WEEK[0], "AM", "N"), encoding="utf-8")
    real = watch.import_file

    def sometimes_crashes(store: Store, kind: str, path: Path, *args: object, **kwargs: object) -> object:
        if Path(path).name == "marks-crash.csv":
            raise RuntimeError("an unexpected fault")
        return real(store, kind, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(watch, "import_file", sometimes_crashes)
    sizes: dict[Path, int] = {}
    assert watch.waiting_files(folder, sizes) == []
    ready = watch.waiting_files(folder, sizes)
    done = watch.import_waiting_files(school, importer(school), ready)
    statuses = {item.result.file: (item.result.status, item.path.parent.name) for item in done}
    assert statuses == {
        "marks-bad.csv": ("rejected", "rejected"),
        "marks-crash.csv": ("rejected", "rejected"),
        "marks-good.csv": ("imported", "imported"),
    }
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == []  # each taken once, none left to retry
    reports = sorted((folder / "rejected").glob("*-errors.csv"))
    assert len(reports) == 2
    assert "unexpected error (RuntimeError)" in reports[0].read_text(encoding="utf-8-sig") + reports[1].read_text(
        encoding="utf-8-sig"
    )


def test_the_watched_folder_never_removes_marks(school: Store, tmp_path: Path) -> None:  # noqa: F811
    folder = tmp_path / "drop"
    folder.mkdir()
    day = WEEK[1]
    text = MARKS + "".join(_row(u, day, "AM") for u in UPNS[1:])  # pupil 0 named? no: covered, but not named
    text += _row(UPNS[0], day, "PM")  # pupil 0 named, AM covered, no AM mark for them: a removal
    path = folder / "marks-week.csv"
    path.write_text(text, encoding="utf-8")
    importer(school)  # the importing account exists before the snapshot
    before = table_rows(school)
    item = watch.import_dropped_file(school, importer(school), path)
    assert item.result.status == "rejected" and item.path.parent.name == "needs-review"
    note = item.path.with_name(item.path.stem + "-note.txt").read_text(encoding="utf-8-sig")
    assert "never removes" in note and f"{UPNS[0]} {day:%d/%m/%Y} AM: was /" in note
    assert table_rows(school) == before


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(text.lstrip("\ufeff").splitlines()))


def test_every_csv_the_product_writes_neutralises_formulas(tmp_path: Path) -> None:
    evil = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB"]
    assert [neutralise(v) for v in evil] == ["'" + v for v in evil]
    assert neutralise(-5) == -5 and neutralise("plain") == "plain"
    report = tmp_path / "errors.csv"
    write_issue_report([ImportIssue("f.csv", 2, "=col", "=cmd|' /C calc'!A0", "@bad")], report)
    rows = _cells(report.read_text(encoding="utf-8-sig"))
    assert rows[1][3:] == ["'=col", "'=cmd|' /C calc'!A0", "'@bad"]
    when = datetime(2026, 11, 27, 9, 30)
    change = ChangeToKeyIn(1, "A", "-Ann", when.date(), "AM", "N", "M", "+reason", "=staff", when)
    assert _cells(changes_csv([change]))[1][1] == "'-Ann"
    entry = CommunicationEntry(when, "A", "=pupil", "+contact", "call", "out", "@x", "-summary", "staff")
    assert _cells(communications_csv([entry]))[1][3:9] == [
        "'=pupil",
        "'+contact",
        "Telephone call",
        "Outgoing",
        "'@x",
        "'-summary",
    ]


def test_the_removals_of_an_agreed_import_are_listed_separately_in_json(school: Store, tmp_path: Path) -> None:  # noqa: F811
    day = WEEK[3]
    text = MARKS + "".join(_row(u, day, "AM") for u in UPNS) + _row(UPNS[0], day, "PM")
    path = tmp_path / "m.csv"
    path.write_text(text, encoding="utf-8")
    # The file covers the PM session (pupil 0 has a mark there) and names every pupil (their AM marks), so the
    # other nine pupils' PM marks are removals: listed apart from the errors, in the text and in --json.
    refused = import_file(school, "marks", path, importer(school)).as_json()
    assert refused["status"] == "rejected" and len(refused["removals"]) == 9
    assert {r["session"] for r in refused["removals"]} == {"PM"} and refused["needs_agreement"]
    agreed = import_file(school, "marks", path, importer(school), allow_removals=True)
    assert agreed.status == "imported" and agreed.removed == 9 and len(agreed.as_json()["removals"]) == 9
