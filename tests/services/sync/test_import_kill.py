"""SIGKILL during a large import, several times at different moments: the database always passes
``integrity_check`` and holds either all of the file or none of it.

Each run kills on an event, not a clock: once the store is open (the WAL file appears) and a pause into the read
phase, or once the commit has written a given number of bytes into the WAL (the whole transaction reaches the WAL
only at commit). So the kills land in the read phase and at several points inside the commit. Wherever a kill
lands the assertion is the same, so the test does not depend on timing to pass."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from attendance_desk.store.open import open_store
from tests.helpers.big_import import big_import

# About this PC's SQLite file itself (damage, locks, disk full, a killed writer); the server has its own
# failure tests in tests/store/test_server_failures.py.
pytestmark = pytest.mark.sqlite_only

ROOT = Path(__file__).resolve().parents[3]
PUPILS = 600
DAYS = 150
# ("open", seconds after the store opened) or ("wal", bytes the commit has written).
TRIGGERS = (("open", 0.5), ("wal", 1), ("wal", 1 << 20), ("wal", 4 << 20), ("wal", 10 << 20))


def _counts(database: Path) -> tuple[str, int, int]:
    with sqlite3.connect(database) as connection:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        # The import loads marks without SQLite checking each row's keys (it checks them once): whatever a kill
        # left, no row may point at a missing one.
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        marks = connection.execute("SELECT count(*) FROM marks").fetchone()[0]
        batches = connection.execute("SELECT count(*) FROM import_batches WHERE kind = 'marks'").fetchone()[0]
    return check, marks, batches


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_a_large_import_leaves_all_or_none(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    store = open_store(seed)
    # The command signs in as a scheduled task would (before 27 November it signed nobody in, every import was
    # refused before it began, and every kill "passed" without ever landing in an import).
    scene = big_import(store, tmp_path, PUPILS, DAYS)
    store.dispose()
    marks, signed_in = scene.marks, scene.env
    rows = scene.rows
    _check, before, _b = _counts(seed / "attendance-desk.sqlite3")
    outcomes = []
    for trigger, amount in TRIGGERS:
        data = tmp_path / f"run-{trigger}-{amount}"
        shutil.copytree(seed, data)
        process = subprocess.Popen(
            [sys.executable, "-m", "attendance_desk", "--data-dir", str(data), "import", "marks", str(marks)],
            cwd=ROOT,
            env={**os.environ, **signed_in, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wal = data / "attendance-desk.sqlite3-wal"
        deadline = time.monotonic() + 120  # only a guard against a hung child; never reached when all is well
        threshold = 0 if trigger == "open" else amount
        while process.poll() is None and time.monotonic() < deadline:
            try:
                if wal.stat().st_size >= threshold:
                    break
            except FileNotFoundError:
                pass
            time.sleep(0.001)
        if trigger == "open":
            time.sleep(amount)
        wal_bytes = wal.stat().st_size if wal.exists() else 0
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        check, count, batches = _counts(data / "attendance-desk.sqlite3")
        assert check == "ok"
        assert (count, batches) in ((before, 0), (before + rows, 1)), (trigger, amount, count, batches)
        outcomes.append(("all" if count > before else "none", wal_bytes))
        # The next start finds a sound store (and whatever after-import work was left is finished or reported).
        opened = open_store(data)
        opened.dispose()
    print("kill outcomes (result, WAL bytes at the kill):", outcomes)
    assert any(result == "none" for result, _wal in outcomes)
    # At least one kill landed inside the commit (the transaction already in the WAL), and still left nothing.
    assert any(result == "none" and wal > 1 << 20 for result, wal in outcomes), outcomes
