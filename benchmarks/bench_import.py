"""Importing a full year of marks for 1,500 pupils (585,000 rows): first import, re-import, grid layout, memory.

Baseline (same run): raw ``sqlite3`` reading the same canonical CSV with ``csv.reader`` and inserting it with
``executemany`` into a ``WITHOUT ROWID`` table keyed on pupil, date and session, in one transaction, with the app's
WAL and synchronous settings. That is the strongest simple baseline measured: a rowid table with the same key took
1.2× as long, and ``INSERT OR REPLACE`` the same as ``INSERT``. These are in-process times; the whole-process
comparison (start-up included, as the user waits) is ``bench_processes``.
"""

from __future__ import annotations

import csv
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from attendance_desk.domain.upn import make_upn
from attendance_desk.services.accounts import create_first_account
from attendance_desk.services.sync.importing import import_file
from attendance_desk.store.models import Pupil
from attendance_desk.store.open import open_store
from benchmarks.harness import Result
from benchmarks.synthetic_school import CODES, school_days

PUPILS = 1500
DAYS = 195  # 1,500 × 195 × 2 = 585,000 marks
REPEAT = 2
RSS_LIMIT_MB = 150
RATIO_TARGET = 1.5
BENCH_PASSWORD = "benchmark-only"  # the made-up school's one account (commands sign in as it)
BENCH_STAFF_ID = 1


def upns(pupils: int = PUPILS) -> list[str]:
    return [make_upn(0, 2001, 10 + n // 1000, n % 1000) for n in range(1, pupils + 1)]


def _marks(seed: int = 7) -> tuple[list[date], dict[tuple[int, date, str], str]]:
    rng = random.Random(seed)
    days = school_days(count=DAYS)
    marks = {}
    for index in range(PUPILS):
        weight = rng.random()
        for day in days:
            for session in ("AM", "PM"):
                code = "/" if rng.random() > weight * 0.2 else rng.choice(CODES)
                if code == "/" and session == "PM":
                    code = "\\"
                marks[(index, day, session)] = code
    return days, marks


def write_files(folder: Path) -> tuple[Path, Path]:
    pupil_upns = upns()
    days, marks = _marks()
    long_path, grid_path = folder / "marks.csv", folder / "marks-grid.csv"
    with long_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("upn", "date", "session", "code", "minutes_late"))
        for (index, day, session), code in marks.items():
            writer.writerow((pupil_upns[index], day.isoformat(), session, code, "5" if code == "L" else ""))
    with grid_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["UPN", "Surname", "Forename", *(f"{d:%a} {d:%d/%m/%Y} {s}" for d in days for s in ("AM", "PM"))]
        )
        for index, upn in enumerate(pupil_upns):
            cells = [marks[(index, d, s)] for d in days for s in ("AM", "PM")]
            writer.writerow([upn, f"Surname{index:04d}", f"Forename{index:04d}", *cells])
    return long_path, grid_path


def fresh_store(folder: Path, pupils: int = PUPILS):  # type: ignore[no-untyped-def]
    """A school with ``pupils`` pupils and no marks, ready for a marks import."""
    folder.mkdir(parents=True)
    store = open_store(folder)
    with store.transaction() as session:
        session.connection().execute(
            Pupil.__table__.insert(),
            [
                {
                    "upn": upn,
                    "legal_surname": f"Surname{n:04d}",
                    "legal_forename": f"Forename{n:04d}",
                    "date_of_birth": date(2012, 1, 1) + timedelta(days=n % 1800),
                    "year_group": str(7 + n % 5),
                    "reg_group": f"{7 + n % 5}{'ABCDEF'[n % 6]}",
                }
                for n, upn in enumerate(upns(pupils))
            ],
        )
    create_first_account(store, name="Benchmark Administrator", password=BENCH_PASSWORD)  # staff id 1
    return store


def baseline(path: Path, database: Path) -> float:
    database.unlink(missing_ok=True)
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        "CREATE TABLE marks (pupil TEXT, date TEXT, session TEXT, code TEXT, minutes_late INTEGER, "
        "PRIMARY KEY (pupil, date, session)) WITHOUT ROWID"
    )
    started = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        connection.execute("BEGIN")
        connection.executemany("INSERT INTO marks VALUES (?, ?, ?, ?, ?)", reader)
        connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


def timed_import(folder: Path, path: Path, *, again: bool = False) -> float:
    store = fresh_store(folder)
    try:
        if again:
            first = import_file(store, "marks", path, BENCH_STAFF_ID)
            assert first.status == "imported", first.summary()
        started = time.perf_counter()
        result = import_file(store, "marks", path, BENCH_STAFF_ID)
        seconds = time.perf_counter() - started
        assert result.status == ("unchanged" if again else "imported"), result.summary()
        return seconds
    finally:
        store.dispose()


# The child's own high-water mark (VmHWM): ru_maxrss would start from this parent's peak, inherited at exec.
_RSS_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from benchmarks.bench_import import fresh_store
from attendance_desk.services.sync.importing import import_file
store = fresh_store(Path({folder!r}))
result = import_file(store, "marks", {path!r}, 1)
assert result.status == "imported", result.summary()
status = Path("/proc/self/status").read_text()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
"""


def peak_rss_mb(folder: Path, path: Path) -> float:
    root = str(Path(__file__).resolve().parent.parent)
    script = _RSS_SCRIPT.format(root=root, folder=str(folder), path=str(path))
    output = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    return int(output.split()[-1]) / 1024  # VmHWM is in KiB


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        long_path, grid_path = write_files(scratch)
        base = min(baseline(long_path, scratch / "baseline.sqlite3") for _ in range(REPEAT))
        first = min(timed_import(scratch / f"first{i}", long_path) for i in range(REPEAT))
        again = min(timed_import(scratch / f"again{i}", long_path, again=True) for i in range(REPEAT))
        grid = min(timed_import(scratch / f"grid{i}", grid_path) for i in range(REPEAT))
        rss = peak_rss_mb(scratch / "rss", long_path)
    rows = f"{PUPILS * DAYS * 2:,} marks"
    name = "raw sqlite3 + csv.reader + executemany"

    def verdict(seconds: float) -> str:
        return f"target ≤ {RATIO_TARGET}× in-process: {'met' if seconds <= RATIO_TARGET * base else 'NOT met'}"

    return [
        Result(f"import marks, long layout ({rows})", first, name, base, note=verdict(first)),
        Result(f"re-import the same file ({rows}, unchanged)", again, name, base, note=verdict(again)),
        Result(
            f"import marks, grid layout ({PUPILS} rows × {DAYS * 2} sessions)", grid, name, base, note=verdict(grid)
        ),
        Result(
            f"peak RSS of the long import: {rss:.0f} MB",
            0.0,
            "limit",
            RSS_LIMIT_MB / 1000,
            note=f"limit {RSS_LIMIT_MB} MB: {'met' if rss < RSS_LIMIT_MB else 'NOT met'}",
        ),
    ]
