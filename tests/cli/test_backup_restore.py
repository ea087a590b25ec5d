"""Backup and restore as a school would use them: the demo school with an archived certificate, `backup -o`,
`restore` into an empty folder, `verify`, and the same `report pupils` output from both folders."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from attendance_desk.cli import main
from attendance_desk.services.archive import archive_transaction
from attendance_desk.services.demo.school import DEMO_PASSWORD
from attendance_desk.store.backup import backups_to_prune, daily_backup, restore_backup
from attendance_desk.store.errors import StoreProblem
from attendance_desk.store.open import open_store
from tests.helpers.accounts import sign_in_cli

# Backups are of this PC's SQLite folder; on the school's server the server's own tools back it up (see
# tests/services/server/test_presence_and_notices.py for the refusal's sentence there).
pytestmark = pytest.mark.sqlite_only
REPORT = ["report", "pupils", "--from", "2025-09-01", "--to", "2026-07-22", "--format", "csv"]


@pytest.fixture(autouse=True)
def signed_in_as_the_demo_administrator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTENDANCE_DESK_STAFF", "Joanne Marsh")  # the demo primary school's administrator
    monkeypatch.setenv("ATTENDANCE_DESK_PASSWORD", DEMO_PASSWORD)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("demo") / "data"
    assert main(["--data-dir", str(data), "demo"]) == 0
    store = open_store(data)
    with archive_transaction(store) as (session, writer):  # one archived document, as a letter run leaves it
        writer.add(session, kind="letter", title="Synthetic letter", pdf=b"%PDF-1.4 synthetic\n", actor_id=None)
    store.dispose()
    return data


def test_backup_restore_verify_and_the_same_report(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "school.zip"
    assert main(["--data-dir", str(demo), "backup", "-o", str(backup)]) == 0
    with zipfile.ZipFile(backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert "attendance-desk.sqlite3" in manifest["files"]
    assert any(name.startswith("archive/") for name in manifest["files"]), "the archived certificate goes in too"
    restored = tmp_path / "restored"
    capsys.readouterr()
    assert main(["--data-dir", str(restored), "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert "integrity_check): ok" in out and "all match their recorded SHA-256" in out
    assert main(["--data-dir", str(restored), "verify"]) == 0
    capsys.readouterr()
    original_report, restored_report = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["--data-dir", str(demo), *REPORT, "-o", str(original_report)]) == 0
    assert main(["--data-dir", str(restored), *REPORT, "-o", str(restored_report)]) == 0
    assert original_report.read_bytes() == restored_report.read_bytes()
    assert len(original_report.read_text().splitlines()) > 400


def test_restore_refuses_a_non_empty_folder_and_a_damaged_backup(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "school.zip"
    assert main(["--data-dir", str(demo), "backup", "-o", str(backup)]) == 0
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("keep me")
    capsys.readouterr()
    assert main(["--data-dir", str(busy), "restore", str(backup)]) == 1
    assert "is not empty" in capsys.readouterr().err
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]
    # A backup whose database was altered after it was written: the checksum catches it, nothing is left behind.
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "attendance-desk.sqlite3":
                data = data[:-100] + b"\0" * 100
            target.writestr(item, data)
    empty = tmp_path / "empty"
    with pytest.raises(StoreProblem, match="does not match its recorded SHA-256"):
        restore_backup(tampered, empty)
    assert list(empty.iterdir()) == []
    cut = tmp_path / "cut.zip"
    cut.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    assert main(["--data-dir", str(tmp_path / "cut"), "restore", str(cut)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_the_backup_holds_what_is_still_in_the_wal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    sign_in_cli(monkeypatch, data, name="Backup Admin")
    store = open_store(data)
    holder = sqlite3.connect(store.database_file)  # keeps the WAL from being checkpointed into the file
    holder.execute("PRAGMA wal_autocheckpoint=0")
    holder.execute(
        "INSERT INTO staff (name, position, role, email, active) VALUES ('Backup Tester', '', 'office', '', 1)"
    )
    holder.commit()
    assert main(["--data-dir", str(data), "backup", "-o", str(tmp_path / "b.zip")]) == 0
    holder.close()
    store.dispose()
    restore_backup(tmp_path / "b.zip", tmp_path / "r")
    with sqlite3.connect(tmp_path / "r" / "attendance-desk.sqlite3") as copy:
        assert copy.execute("SELECT name FROM staff ORDER BY id").fetchall() == [("Backup Admin",), ("Backup Tester",)]


def test_daily_backups_keep_fourteen_days_and_a_month_each_for_a_year(tmp_path: Path) -> None:
    today = date(2026, 11, 27)
    paths = [tmp_path / f"attendance-desk-{today - timedelta(days=n):%Y%m%d}-090000-daily.zip" for n in range(0, 400)]
    pruned = set(backups_to_prune(paths, today))
    kept = sorted(p.name[16:24] for p in paths if p not in pruned)
    assert len(kept) == 14 + 12  # the last 14 days and the first of each of the last twelve months
    assert "20261114" in kept and "20261113" not in kept and "20261101" in kept
    assert "20260101" in kept and "20251201" in kept and "20251127" not in kept
    data = tmp_path / "data"
    store = open_store(data)
    assert store.database_file is not None
    first = daily_backup(store.database_file, data, today)
    assert first is not None and daily_backup(store.database_file, data, today) is None  # once a day
    store.dispose()
