"""SQLite's quick check of the whole file: once a day per PC (recorded in the data folder) and for every new file,
whatever the day for backups and the move to a server; a damaged file is still refused."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from attendance_desk.paths import database_path
from attendance_desk.services import backups
from attendance_desk.services.server import move
from attendance_desk.store import open as store_open
from attendance_desk.store.errors import DatabaseRefused
from attendance_desk.store.open import QUICK_CHECK_RECORD, open_store, quick_check_due

pytestmark = pytest.mark.sqlite_only  # about this PC's own file; a server checks itself


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every quick check run, counted (and still run)."""
    done: list[object] = []
    real = store_open.quick_check

    def counting(engine: object) -> None:
        done.append(engine)
        real(engine)  # type: ignore[arg-type]

    monkeypatch.setattr(store_open, "quick_check", counting)
    monkeypatch.setattr(backups, "quick_check", counting)
    return done


def _open_and_close(folder: Path, **options: object) -> None:
    open_store(folder, **options).dispose()  # type: ignore[arg-type]


def test_the_first_opening_of_the_day_checks_and_the_next_ones_do_not(
    data_dir: Path, migrated_database: Path, checks: list[object]
) -> None:
    shutil.copy(migrated_database, database_path(data_dir))
    _open_and_close(data_dir)
    assert len(checks) == 1
    _open_and_close(data_dir)
    _open_and_close(data_dir)
    assert len(checks) == 1
    _open_and_close(data_dir, check="always")
    assert len(checks) == 2
    _open_and_close(data_dir, check=False)
    assert len(checks) == 2


def test_a_new_day_or_a_new_file_is_checked_again(
    data_dir: Path, migrated_database: Path, checks: list[object]
) -> None:
    database = database_path(data_dir)
    shutil.copy(migrated_database, database)
    _open_and_close(data_dir)
    assert not quick_check_due(database, data_dir)
    assert quick_check_due(database, data_dir, date.today() + timedelta(days=1))
    record = data_dir / QUICK_CHECK_RECORD
    yesterday = json.loads(record.read_text(encoding="utf-8")) | {"day": (date.today() - timedelta(1)).isoformat()}
    record.write_text(json.dumps(yesterday), encoding="utf-8")
    _open_and_close(data_dir)
    assert len(checks) == 2
    # Another file put in its place under the same name (a copy, a restore): not the file that was checked.
    replacement = data_dir / "replacement.sqlite3"
    shutil.copy(database, replacement)
    os.replace(replacement, database)
    assert quick_check_due(database, data_dir)
    _open_and_close(data_dir)
    assert len(checks) == 3


@pytest.mark.parametrize("content", ["", "not json", "[]", '{"day": 20261127}', '{"day": "2026-11-27", "file": 7}'])
def test_an_unreadable_record_means_checking(data_dir: Path, migrated_database: Path, content: str) -> None:
    shutil.copy(migrated_database, database_path(data_dir))
    (data_dir / QUICK_CHECK_RECORD).write_text(content, encoding="utf-8")
    assert quick_check_due(database_path(data_dir), data_dir)


def test_a_damaged_file_is_refused_at_the_first_opening_of_the_day(data_dir: Path, migrated_database: Path) -> None:
    database = database_path(data_dir)
    shutil.copy(migrated_database, database)
    _open_and_close(data_dir)
    size = database.stat().st_size
    with database.open("r+b") as handle:
        handle.seek(size // 3)
        handle.write(os.urandom(size // 3))
    (data_dir / QUICK_CHECK_RECORD).unlink()  # as the next morning would find it
    with pytest.raises(DatabaseRefused, match="damaged"):
        open_store(data_dir)
    assert not (data_dir / QUICK_CHECK_RECORD).exists()  # a failed check is never recorded as passed


def test_backups_check_the_file_whatever_the_record_says(
    data_dir: Path, migrated_database: Path, checks: list[object], tmp_path: Path
) -> None:
    shutil.copy(migrated_database, database_path(data_dir))
    store = open_store(data_dir)
    try:
        assert len(checks) == 1
        backups.backup_to(store, tmp_path / "one.zip")
        assert len(checks) == 2
        assert backups.start_of_day_backup(store) is not None
        assert len(checks) == 3
        assert backups.start_of_day_backup(store) is None  # today's exists: nothing written, nothing checked
        assert len(checks) == 3
    finally:
        store.dispose()


def test_the_move_to_a_server_refuses_a_damaged_copy(tmp_path: Path, migrated_database: Path) -> None:
    snapshot = tmp_path / "snapshot.sqlite3"
    shutil.copy(migrated_database, snapshot)
    move._check_snapshot(snapshot)  # a sound file passes
    size = snapshot.stat().st_size
    with snapshot.open("r+b") as handle:
        handle.seek(size // 3)
        handle.write(os.urandom(size // 3))
    with pytest.raises(move.MoveError, match="Nothing was copied: the database file is damaged"):
        move._check_snapshot(snapshot)
