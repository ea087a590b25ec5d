"""What a user waits for, as whole processes, against the strongest simple baseline at 1,500, 3,000 and 6,000 pupils.

- ``--help``: against bare ``python -c pass`` (the target is "within 0.15 s of bare Python").
- The marks import (first and again): against raw ``sqlite3`` + ``csv.reader`` + ``executemany`` of the same
  canonical CSV into a table keyed on (pupil, date, session), started as its own process.
- The whole-school report: against one SQL aggregate (``GROUP BY pupil, code``) in its own process.

Sizes come from ``BENCH_SIZES`` (default ``1500,3000,6000``) and the number of pairs from ``BENCH_RUNS`` (default 5).
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from benchmarks.bench_import import BENCH_PASSWORD, BENCH_STAFF_ID, fresh_store, upns
from benchmarks.processes import Comparison, Run, compare, run_process
from benchmarks.synthetic_school import CODES, school_days

PYTHON = sys.executable
ROOT = Path(__file__).resolve().parent.parent
DAYS = 190

RAW_IMPORT = """
import csv, sqlite3, sys
connection = sqlite3.connect(sys.argv[2], isolation_level=None)
connection.execute("PRAGMA journal_mode=WAL")
connection.execute("PRAGMA synchronous=NORMAL")
connection.execute("CREATE TABLE IF NOT EXISTS marks (upn TEXT, date TEXT, session TEXT, code TEXT, "
                   "minutes_late INTEGER, PRIMARY KEY (upn, date, session)) WITHOUT ROWID")
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    reader = csv.reader(handle)
    next(reader)
    connection.execute("BEGIN")
    connection.executemany("INSERT OR REPLACE INTO marks VALUES (?, ?, ?, ?, ?)", reader)
    connection.execute("COMMIT")
"""

RAW_REPORT = """
import json, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
rows = connection.execute(
    "SELECT pupil_id, code, count(*) FROM marks WHERE date BETWEEN ? AND ? GROUP BY pupil_id, code",
    (sys.argv[2], sys.argv[3]),
).fetchall()
with open(sys.argv[4], "w") as out:
    json.dump(rows, out)
"""


def write_marks_csv(path: Path, pupils: int, seed: int = 7) -> list[date]:
    rng = random.Random(seed)
    days = school_days(count=DAYS)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("upn", "date", "session", "code", "minutes_late"))
        for upn in upns(pupils):
            weight = rng.random()
            for day in days:
                iso = day.isoformat()
                for session in ("AM", "PM"):
                    code = "/" if rng.random() > weight * 0.2 else rng.choice(CODES)
                    if code == "/" and session == "PM":
                        code = "\\"
                    writer.writerow((upn, iso, session, code, "5" if code == "L" else ""))
    return days


def school_without_marks(folder: Path, pupils: int) -> None:
    fresh_store(folder, pupils).dispose()


def app(*args: str) -> list[str]:
    return [PYTHON, "-m", "attendance_desk", *args]


def _fresh_copy(template: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(template, target)
    return target


def _size_results(scratch: Path, pupils: int, runs: int) -> list[Comparison]:
    marks_csv = scratch / f"marks-{pupils}.csv"
    days = write_marks_csv(marks_csv, pupils)
    template = scratch / f"school-{pupils}"
    school_without_marks(template, pupils)
    full = scratch / f"full-{pupils}"
    _fresh_copy(template, full)
    run_process(app("--data-dir", str(full), "import", "marks", str(marks_csv)))
    work, raw_db = scratch / "work", scratch / "raw.sqlite3"
    start, end = days[0].isoformat(), days[-1].isoformat()

    def first_import() -> Run:
        _fresh_copy(template, work)
        return run_process(app("--data-dir", str(work), "import", "marks", str(marks_csv)))

    def raw_import() -> Run:
        raw_db.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(raw_db) + suffix).unlink(missing_ok=True)
        return run_process([PYTHON, "-c", RAW_IMPORT, str(marks_csv), str(raw_db)])

    def reimport() -> Run:
        return run_process(app("--data-dir", str(full), "import", "marks", str(marks_csv)))

    def raw_reimport() -> Run:
        return run_process([PYTHON, "-c", RAW_IMPORT, str(marks_csv), str(raw_db)])

    report_out = scratch / "report.json"

    def report() -> Run:
        return run_process(
            app(
                "--data-dir", str(full), "report", "pupils", "--from", start, "--to", end,
                "--format", "json", "-o", str(report_out),
            )
        )  # fmt: skip

    database = next(full.glob("*.sqlite3"))

    def raw_report() -> Run:
        return run_process([PYTHON, "-c", RAW_REPORT, str(database), start, end, str(report_out)])

    label = f"{pupils:,} pupils × {DAYS} days ({pupils * DAYS * 2:,} marks)"
    return [
        compare(f"import marks, {label}", first_import, "raw csv.reader + sqlite3 executemany", raw_import, runs),
        compare(f"re-import unchanged, {label}", reimport, "raw re-import (INSERT OR REPLACE)", raw_reimport, runs),
        compare(f"report pupils, {label}", report, "one SQL aggregate", raw_report, runs),
    ]


def run() -> list[Comparison]:
    # Every command signs in, as a scheduled task would, as the made-up school's one account.
    os.environ["ATTENDANCE_DESK_STAFF"] = str(BENCH_STAFF_ID)
    os.environ["ATTENDANCE_DESK_PASSWORD"] = BENCH_PASSWORD
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    sizes = [int(size) for size in os.environ.get("BENCH_SIZES", "1500,3000,6000").split(",") if size]
    results = [
        compare(
            "attendance-desk --help",
            lambda: run_process(app("--help")),
            "bare python -c pass",
            lambda: run_process([PYTHON, "-c", "pass"]),
            runs,
        )
    ]
    with tempfile.TemporaryDirectory() as scratch:
        for pupils in sizes:
            results.extend(_size_results(Path(scratch), pupils, runs))
    return results
