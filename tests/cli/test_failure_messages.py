"""Every failure is a sentence: the database and the data folder failing in each way the issue lists, through the
real command line (a subprocess, as a user or the Task Scheduler runs it): exit status 1, one line, no traceback,
no personal data, and the database file left exactly as it was."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from attendance_desk.domain.upn import make_upn
from attendance_desk.paths import database_path
from attendance_desk.store.errors import BUSY, DISK_FULL, READ_ONLY, describe_failure
from attendance_desk.store.open import open_store
from tests.helpers.accounts import sign_in_cli

# About this PC's SQLite file itself (damage, locks, disk full, a killed writer); the server has its own
# failure tests in tests/store/test_server_failures.py.
pytestmark = pytest.mark.sqlite_only

ROOT = Path(__file__).resolve().parents[2]
UPN = make_upn(0, 2001, 19, 7)
SECRET_NAME = "Oisín Ní Bhriain"
REPORT = ("report", "pupils", "--from", "2025-09-01", "--to", "2026-07-22")


def cli(data: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "attendance_desk", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=120,
    )


def assert_sentence(run: subprocess.CompletedProcess[str], *expected: str) -> None:
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "Traceback" not in output and SECRET_NAME not in output and "Bhriain" not in output
    for text in expected:
        assert text in output, output


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    pupils = tmp_path / "pupils.csv"
    surname, forename = SECRET_NAME.split(" ", 1)[1], SECRET_NAME.split(" ")[0]
    pupils.write_text(
        f"upn,legal_surname,legal_forename,date_of_birth,year_group\n{UPN},{surname},{forename},2016-04-01,4\n",
        encoding="utf-8",
    )
    store = open_store(data)
    store.dispose()
    sign_in_cli(monkeypatch, data)
    assert cli(data, "import", "pupils", str(pupils)).returncode == 0
    return data


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty (0 bytes)"),
        (b"this is not a database at all, just some text\n" * 20, "not a SQLite file"),
    ],
)
def test_an_empty_or_foreign_database_file_is_refused_and_kept(tmp_path: Path, content: bytes, expected: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    database = database_path(data)
    database.write_bytes(content)
    run = cli(data, *REPORT)
    assert_sentence(run, expected)
    assert database.read_bytes() == content  # never replaced


def test_a_damaged_database_is_refused_and_verify_checks_the_whole_file(school: Path) -> None:
    database = database_path(school)
    size = database.stat().st_size
    with database.open("r+b") as handle:  # overwrite the middle pages: the header is fine, the b-trees are not
        handle.seek(size // 3)
        handle.write(os.urandom(size // 3))
    before = digest(database)
    assert_sentence(cli(school, "verify"), "the database file is damaged")
    assert digest(database) == before


def test_a_truncated_database_is_refused(school: Path) -> None:
    database = database_path(school)
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 2])
    assert_sentence(cli(school, *REPORT), "damaged")


def test_a_database_without_its_version_table_is_refused_without_a_new_backup(school: Path) -> None:
    database = database_path(school)
    with contextlib.closing(sqlite3.connect(database)) as connection:
        connection.execute("DROP TABLE alembic_version")
        connection.commit()
    backups_before = sorted((school / "backups").glob("*")) if (school / "backups").exists() else []
    assert_sentence(cli(school, *REPORT), "no version record")
    assert_sentence(cli(school, *REPORT), "no version record")
    backups_after = sorted((school / "backups").glob("*")) if (school / "backups").exists() else []
    assert backups_after == backups_before


def test_a_missing_database_beside_backups_is_refused(school: Path) -> None:
    assert cli(school, "backup", "-o", str(school.parent / "b.zip")).returncode == 0
    (school / "backups").mkdir(exist_ok=True)
    shutil.copy(school.parent / "b.zip", school / "backups" / "b.zip")
    database_path(school).unlink()
    assert_sentence(cli(school, *REPORT), "database file is missing")
    assert not database_path(school).exists()


def test_a_locked_database_is_retried_then_explained(school: Path, tmp_path: Path) -> None:
    marks = tmp_path / "marks.csv"
    marks.write_text(f"upn,date,session,code\n{UPN},2026-11-16,AM,/\n", encoding="utf-8")
    holder = sqlite3.connect(database_path(school), isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")  # another copy mid-write
        run = cli(school, "import", "marks", str(marks), env={"ATTENDANCE_DESK_BUSY_TIMEOUT_MS": "200"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_sentence(run, "another copy of Attendance Desk or another import is using the database")


def test_the_failure_descriptions_never_quote_the_exception(school: Path) -> None:
    from sqlalchemy.exc import OperationalError

    exc = OperationalError("INSERT ... Oisín", {"name": SECRET_NAME}, sqlite3.OperationalError("database is locked"))
    assert describe_failure(exc) == BUSY
    full = OperationalError("x", {}, sqlite3.OperationalError("database or disk is full"))
    assert describe_failure(full) == DISK_FULL
    assert describe_failure(OSError(30, "Read-only file system")) == READ_ONLY


# --- real disk-full and read-only folders: a small tmpfs (needs root to mount; skipped otherwise) ----------------


@contextlib.contextmanager
def mounted(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if mount.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_is_a_sentence_and_the_database_is_unchanged(school: Path, tmp_path: Path) -> None:
    with mounted(tmp_path / "small", "4m") as small:
        data = small / "data"
        shutil.copytree(school, data)
        database = database_path(data)
        with contextlib.closing(sqlite3.connect(database)) as connection:
            before = connection.execute("SELECT count(*) FROM pupils").fetchone()
        (small / "filler").write_bytes(b"\0")
        # Fill the disk to the brim, then ask for a big import.
        with (small / "filler").open("ab", buffering=0) as filler, contextlib.suppress(OSError):
            while True:
                filler.write(b"\0" * 4096)
        pupils = tmp_path / "many.csv"
        rows = [
            f"{make_upn(0, 3001, 20 + n // 1000, n % 1000)},Surname{n},Forename{n},2016-01-01,4" for n in range(3000)
        ]
        pupils.write_text("upn,legal_surname,legal_forename,date_of_birth,year_group\n" + "\n".join(rows) + "\n")
        run = cli(data, "import", "pupils", str(pupils), "--allow-removals")
        # SQLite says "disk is full" when a write does not fit, or "disk I/O error" when it cannot even make its
        # shared-memory file: both sentences tell the office the disk may be full.
        assert_sentence(run, "full")
        (small / "filler").unlink()
        with contextlib.closing(sqlite3.connect(database)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert connection.execute("SELECT count(*) FROM pupils").fetchone() == before


def test_a_read_only_data_folder_is_a_sentence(school: Path, tmp_path: Path) -> None:
    with mounted(tmp_path / "ro", "4m") as folder:
        shutil.copytree(school, folder / "data")
        for leftover in (folder / "data").glob("*-wal"):
            leftover.unlink()
        for leftover in (folder / "data").glob("*-shm"):
            leftover.unlink()
        if subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("cannot remount read-only here")
        before = digest(database_path(folder / "data"))
        marks = tmp_path / "marks.csv"
        marks.write_text(f"upn,date,session,code\n{UPN},2026-11-16,AM,/\n", encoding="utf-8")
        assert_sentence(cli(folder / "data", "import", "marks", str(marks)), "cannot be written to")
        assert digest(database_path(folder / "data")) == before
