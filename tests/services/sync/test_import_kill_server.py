"""SIGKILL of a large marks import on the school's server, in each phase of its bulk load: while the rows stream
in (``COPY``), while the indexes are rebuilt and while the foreign keys are added back. The load drops the marks
table's indexes and foreign keys inside its transaction (``services.sync.marks._bulk_load``), so a kill must leave
not only all of the file or none of it, but every index and constraint in place.

Each kill waits for its phase to show in ``pg_stat_activity`` (an event, not a clock), then the test waits for the
server to notice the client has gone and roll back. A phase that ends before it is seen is reported and its
round skipped; the stream of rows is long enough to be seen every time, and the test requires that one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, inspect, select, text

from attendance_desk.store.engine import Store
from attendance_desk.store.models import ImportBatch, Mark
from tests.helpers import postgres
from tests.helpers.big_import import big_import

pytestmark = [
    pytest.mark.postgresql_only,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

ROOT = Path(__file__).resolve().parents[3]
PUPILS = 600
DAYS = 150
PHASES = ("COPY marks", "CREATE INDEX", "ALTER TABLE marks ADD CONSTRAINT")


def _the_import(admin: Engine, database: str, phase: str, process: subprocess.Popen[bytes]) -> int | None:
    """The import's server process once it is running ``phase``; None if the import ended first."""
    deadline = time.monotonic() + 120  # a guard against a hung child only
    while process.poll() is None and time.monotonic() < deadline:
        with admin.connect() as connection:
            pid = connection.execute(
                text(
                    "SELECT pid FROM pg_stat_activity WHERE datname = :db AND state = 'active' "
                    "AND application_name LIKE 'Attendance Desk %' AND query LIKE :phase"
                ),
                {"db": database, "phase": f"{phase}%"},
            ).scalar()
        if pid is not None:
            return int(pid)
        time.sleep(0.002)
    return None


def _wait_until_gone(admin: Engine, pid: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with admin.connect() as connection:
            if (
                connection.execute(text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}).first()
                is None
            ):
                return
        time.sleep(0.05)
    raise AssertionError("the server never noticed the killed import")


def _shape(store: Store) -> tuple[set[str], set[str]]:
    """The marks table's foreign keys and indexes by name."""
    found = inspect(store.engine)
    return {str(k["name"]) for k in found.get_foreign_keys("marks")}, {
        str(i["name"]) for i in found.get_indexes("marks")
    }


def _counts(store: Store) -> tuple[int, int]:
    with store.session() as session:
        marks = session.scalar(select(func.count()).select_from(Mark)) or 0
        batches = session.scalar(select(func.count()).select_from(ImportBatch).where(ImportBatch.kind == "marks")) or 0
    return marks, batches


def test_sigkill_in_each_phase_of_a_server_import_leaves_all_or_none_and_every_constraint(
    store: Store, tmp_path: Path
) -> None:
    scene = big_import(store, tmp_path, PUPILS, DAYS)
    shape = _shape(store)
    assert shape[0] and shape[1]  # the table has foreign keys and indexes to lose
    database = store.engine.url.database
    assert database
    admin = postgres.admin_engine()
    seen = []
    try:
        for phase in PHASES:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "attendance_desk",
                    "--data-dir",
                    str(store.data_dir),
                    "import",
                    "marks",
                    str(scene.marks),
                ],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT), **scene.env},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            backend = _the_import(admin, database, phase, process)
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
            _out, errors = process.communicate()
            if backend is None:  # the phase ended unseen: the import finished; undo it for the next round
                assert process.returncode == 0, errors.decode()[-500:]
                assert _counts(store)[0] == scene.rows
                with store.transaction() as session:
                    session.execute(text("DELETE FROM marks"))
                    session.execute(text("DELETE FROM pupil_registers"))
                continue
            _wait_until_gone(admin, backend)
            seen.append(phase)
            assert _counts(store)[0] == 0, phase  # killed before its commit: nothing of the file
            assert _shape(store) == shape, phase  # every index and foreign key back, by the server's rollback
    finally:
        admin.dispose()
    print("phases killed in:", seen)
    assert "COPY marks" in seen
