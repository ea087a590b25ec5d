"""PostgreSQL beside SQLite, in the same run: the marks import, the whole-school report, bulk loading and the
archive. Each PostgreSQL figure is a ratio to the SQLite one (the baseline). The server is a throwaway one
(``scripts/pg-test-server``) unless ``ATTENDANCE_DESK_TEST_DATABASE_URL`` names one; it runs on this machine,
over TCP on 127.0.0.1, so a school's network adds its round trips on top of these.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from attendance_desk.domain.calendar import DateRange
from attendance_desk.services.archive import archive_transaction
from attendance_desk.services.figures import school_figures
from attendance_desk.services.server.move import move_to_server
from attendance_desk.store.bulk import insert_rows
from attendance_desk.store.connection import DATABASE_URL_ENV
from attendance_desk.store.engine import Store, make_engine
from attendance_desk.store.open import open_store
from benchmarks import bench_import
from benchmarks.harness import Result, best_of
from benchmarks.synthetic_school import build
from tests.helpers import postgres
from tests.helpers.accounts import everyone

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 2
DOCUMENTS = 60


@contextmanager
def test_server() -> Iterator[None]:
    if postgres.server_url():
        yield
        return
    with tempfile.TemporaryDirectory(prefix="attendance-desk-bench-pg-") as folder:
        script = ROOT / "scripts" / "pg-test-server"
        url = subprocess.run([script, "start", folder], check=True, capture_output=True, text=True).stdout.strip()
        os.environ[postgres.TEST_URL_ENV] = url
        try:
            yield
        finally:
            subprocess.run([script, "stop", folder], check=False)
            os.environ.pop(postgres.TEST_URL_ENV, None)


@contextmanager
def server_database() -> Iterator[str]:
    admin = postgres.admin_engine()
    name = postgres.fresh_name("ad_bench")
    try:
        yield postgres.create_database(admin, name)
    finally:
        postgres.drop_database(admin, name)
        admin.dispose()


@contextmanager
def using(url: str | None) -> Iterator[None]:
    """open_store in the benchmark's helpers opens ``url`` (None: the folder's SQLite file)."""
    previous = os.environ.pop(DATABASE_URL_ENV, None)
    if url:
        os.environ[DATABASE_URL_ENV] = url
    try:
        yield
    finally:
        os.environ.pop(DATABASE_URL_ENV, None)
        if previous:
            os.environ[DATABASE_URL_ENV] = previous


def _import_marks(folder: Path, path: Path, url: str | None) -> float:
    with using(url):
        return bench_import.timed_import(folder, path)


def _import_on_server(folder: Path, path: Path) -> float:
    with server_database() as url:
        return _import_marks(folder, path, url)


def _bulk(url: str, rows: list[tuple[object, ...]], copy: bool) -> float:
    """Load ``rows`` into a scratch table like ``marks``: COPY (store.bulk) or psycopg's executemany."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "CREATE TEMPORARY TABLE scratch_marks (pupil_id int, date date, session text, code text, "
                "minutes_late int, import_batch_id int)"
            )
            started = time.perf_counter()
            if copy:
                insert_rows(
                    connection,
                    "scratch_marks",
                    ("pupil_id", "date", "session", "code", "minutes_late", "import_batch_id"),
                    rows,
                )
            else:
                cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
                cursor.executemany("INSERT INTO scratch_marks VALUES (%s, %s, %s, %s, %s, %s)", rows)
            return time.perf_counter() - started
    finally:
        engine.dispose()


def _archive(store: Store, pdf: bytes) -> float:
    started = time.perf_counter()
    for n in range(DOCUMENTS):
        with archive_transaction(store) as (session, writer):
            writer.add(session, kind="letter", title=f"Benchmark letter {n}", pdf=pdf + str(n).encode(), actor_id=None)
    return (time.perf_counter() - started) / DOCUMENTS


def run() -> list[Result]:
    results: list[Result] = []
    with test_server(), tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        long_path, _grid = bench_import.write_files(scratch)
        marks = f"{bench_import.PUPILS * bench_import.DAYS * 2:,} marks"
        sqlite_import = min(_import_marks(scratch / f"sq{i}", long_path, None) for i in range(REPEAT))
        server_import = min(_import_on_server(scratch / f"pg{i}", long_path) for i in range(REPEAT))
        results.append(Result(f"import marks on PostgreSQL ({marks})", server_import, "SQLite", sqlite_import))

        with using(None):
            store, days = build(scratch / "school", bench_import.PUPILS)
        period = DateRange(days[0], days[-1])
        reader = everyone(store)  # reading pupils' figures needs a signed-in person who may
        sqlite_report = best_of(lambda: school_figures(store, reader, period))
        store.dispose()
        with server_database() as url:
            started = time.perf_counter()
            move_to_server(scratch / "school", url)
            moved = time.perf_counter() - started
            server = open_store(scratch / "school", url=url)
            with server.engine.begin() as connection:
                connection.execute(text("ANALYZE"))
            server_report = best_of(lambda: school_figures(server, reader, period))
            server.dispose()
            rows = [(1 + n % 1500, days[n % len(days)], "AM", "/", None, None) for n in range(585_000)]
            copy_seconds = min(_bulk(url, rows, copy=True) for _ in range(REPEAT))
            many_seconds = min(_bulk(url, rows, copy=False) for _ in range(REPEAT))
        results.append(
            Result(
                f"whole-school report on PostgreSQL ({bench_import.PUPILS} pupils)",
                server_report,
                "SQLite",
                sqlite_report,
            )
        )
        results.append(
            Result(
                "move-to-server of that school (copy + every check)",
                moved,
                "SQLite report",
                sqlite_report,
                note="one-off",
            )
        )
        results.append(Result("585,000 rows by COPY (store.bulk)", copy_seconds, "psycopg executemany", many_seconds))

        pdf = (ROOT / "docs" / "renders").rglob("*.pdf")
        sample = next(iter(sorted(pdf)), None)
        letter = sample.read_bytes() if sample else os.urandom(40_000)
        with using(None):
            local = open_store(scratch / "archive-sqlite")
        per_file = _archive(local, letter)
        local.dispose()
        with server_database() as url:
            remote = open_store(scratch / "archive-pg", url=url)
            per_row = _archive(remote, letter)
            remote.dispose()
        results.append(
            Result(
                f"archive one {len(letter) // 1024} KB PDF in the database (server)",
                per_row,
                "a read-only file + SQLite row",
                per_file,
            )
        )
    return results


if __name__ == "__main__":
    for result in run():
        print(result.line())
