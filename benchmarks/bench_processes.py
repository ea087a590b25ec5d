"""What a user waits for, as whole processes, against the strongest simple baseline at 1,500, 3,000 and 6,000 pupils.

- ``--help``: against bare ``python -c pass`` (the target is "within 0.15 s of bare Python").
- The marks import (first and again): against raw ``sqlite3`` + ``csv.reader`` + ``executemany`` of the same
  canonical CSV into a table keyed on (pupil, date, session), started as its own process.
- The whole-school report: against one SQL aggregate (``GROUP BY pupil, code``) in its own process.
- The cold start (``--smoke``: the main window painted offscreen with the pupil list filled, then exit): against a
  bare ``QMainWindow`` shown (the cold start's floor), and against one SQL aggregate per pupil shown in Qt's C++
  ``QStandardItemModel`` in a ``QTableView`` (the same table, filled the simplest way).
- In one process: one pupil's figures for the year (target ≤ 5 ms) and a full-year registration certificate
  (target ≤ 50 ms for its data; the PDF's rendering is timed beside it), median and min–max over 40 pupils.

Every process signs in as the made-up school's one account where the command needs it (the smoke check signs nobody
in). Child processes may write bytecode (as an installed app has it), so the warm-up run compiles what the measured
runs then load. Sizes come from ``BENCH_SIZES`` (default ``1500,3000,6000``) and the number of pairs from
``BENCH_RUNS`` (default 5).
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
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


BARE_WINDOW = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1366, 860)
window.show()
app.processEvents()
"""

# The pupil list the simplest way: one SQL aggregate per pupil for the year, percentages and bands in Python, every
# cell a QStandardItem in Qt's C++ model, shown in a QTableView.
RAW_TABLE = """
import sqlite3, sys
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication([])
connection = sqlite3.connect(sys.argv[1])
rows = connection.execute(
    "SELECT p.legal_surname || ', ' || p.legal_forename, p.upn, p.year_group, p.reg_group, "
    "sum(m.code IN ('/', '\\', 'L', 'K', 'V', 'P', 'W', 'B')), "
    "sum(m.code IN ('/', '\\', 'L', 'K', 'V', 'P', 'W', 'B', 'C1', 'M', 'J1', 'S', 'C2', 'C', 'T', 'R', 'I', 'E', "
    "'G', 'N', 'O', 'U')), sum(m.code IN ('G', 'N', 'O', 'U')) "
    "FROM pupils AS p LEFT JOIN marks AS m ON m.pupil_id = p.id AND m.date BETWEEN ? AND ? "
    "GROUP BY p.id ORDER BY p.legal_surname, p.legal_forename",
    (sys.argv[2], sys.argv[3]),
).fetchall()
model = QStandardItemModel(len(rows), 7)
for r, (name, upn, year, group, attended, possible, unauthorised) in enumerate(rows):
    absence = 100 - 100 * attended / possible if possible else 0
    band = "Severe" if absence >= 50 else "Persistent" if absence >= 10 else "At risk" if absence > 5 else ""
    percent = f"{100 * attended / possible:.1f}%" if possible else ""
    for c, text in enumerate((name, upn, year, group, percent, band, str(unauthorised or 0))):
        model.setItem(r, c, QStandardItem(text))
window = QMainWindow()
table = QTableView()
table.setModel(model)
window.setCentralWidget(table)
window.resize(1366, 860)
window.show()
app.processEvents()
"""

# One pupil's figures and the full-year certificate, in one process on the school's database: median, min, max ms.
IN_PROCESS = """
import json, statistics, sys, time
from datetime import date
from attendance_desk.domain.calendar import DateRange
from attendance_desk.services.figures import figures_for_pupil
from attendance_desk.services.letters.certificate import certificate_data, render_certificate
from attendance_desk.services.letters.data import letterhead_from, settings_of
from attendance_desk.store.models import SchoolSettings
from attendance_desk.store.open import open_store
store = open_store(sys.argv[1])
pupils, period = int(sys.argv[2]), DateRange(date.fromisoformat(sys.argv[3]), date.fromisoformat(sys.argv[4]))
chosen = [1 + i * (pupils // 40) for i in range(40)]
out = {}
with store.session() as session:
    settings = session.get(SchoolSettings, 1)
    settings.name, settings.head_teacher = "Benchmark School", "A. Head"  # rolled back below
    session.flush()
    def timed(name, work):
        seconds = []
        for pupil in chosen:
            started = time.perf_counter()
            work(pupil)
            seconds.append(time.perf_counter() - started)
        out[name] = [statistics.median(seconds) * 1000, min(seconds) * 1000, max(seconds) * 1000]
    timed("figures", lambda pupil: figures_for_pupil(session, pupil, period))
    timed("certificate", lambda pupil: certificate_data(session, pupil, period, period.end))
    letterhead = letterhead_from(settings_of(session))
    timed("pdf", lambda pupil: render_certificate(certificate_data(session, pupil, period, period.end)[0], letterhead))
    session.rollback()
store.dispose()
print(json.dumps(out))
"""


@dataclass(frozen=True, slots=True)
class Timing:
    """A figure with an absolute target, measured inside one process (median, min and max over many pupils)."""

    name: str
    milliseconds: list[float]
    target_ms: float | None

    def line(self) -> str:
        median, low, high = self.milliseconds
        verdict = ""
        if self.target_ms is not None:
            verdict = f"; target ≤ {self.target_ms:.0f} ms: {'met' if median <= self.target_ms else 'NOT met'}"
        return f"{self.name}: {median:.1f} ms (min {low:.1f}, max {high:.1f}){verdict}"


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


def _size_results(scratch: Path, pupils: int, runs: int) -> list[Comparison | Timing]:
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

    offscreen = {"QT_QPA_PLATFORM": "offscreen"}

    def smoke() -> Run:
        return run_process(app("--data-dir", str(full), "--smoke"), env=offscreen)

    def bare_window() -> Run:
        return run_process([PYTHON, "-c", BARE_WINDOW], env=offscreen)

    def raw_table() -> Run:
        return run_process([PYTHON, "-c", RAW_TABLE, str(database), start, end], env=offscreen)

    label = f"{pupils:,} pupils × {DAYS} days ({pupils * DAYS * 2:,} marks)"
    results: list[Comparison | Timing] = [
        compare(f"import marks, {label}", first_import, "raw csv.reader + sqlite3 executemany", raw_import, runs),
        compare(f"re-import unchanged, {label}", reimport, "raw re-import (INSERT OR REPLACE)", raw_reimport, runs),
        compare(f"report pupils, {label}", report, "one SQL aggregate", raw_report, runs),
        compare(f"cold start (--smoke, pupil list filled), {label}", smoke, "bare QMainWindow", bare_window, runs),
        compare(
            f"cold start (--smoke, pupil list filled), {label}",
            smoke,
            "SQL aggregate into QStandardItemModel + QTableView",
            raw_table,
            runs,
        ),
    ]
    measured = subprocess.run(
        [PYTHON, "-c", IN_PROCESS, str(full), str(pupils), start, end],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    figures = json.loads(measured.stdout)
    results += [
        Timing(f"one pupil's figures for the year, {label}", figures["figures"], 5),
        Timing(f"full-year certificate, its data, {label}", figures["certificate"], 50),
        Timing(f"full-year certificate, data and PDF, {label}", figures["pdf"], None),
    ]
    return results


def run() -> list[Comparison | Timing]:
    # Every command signs in, as a scheduled task would, as the made-up school's one account.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its bytecode; so do the runs after warm-up
    os.environ["ATTENDANCE_DESK_STAFF"] = str(BENCH_STAFF_ID)
    os.environ["ATTENDANCE_DESK_PASSWORD"] = BENCH_PASSWORD
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    sizes = [int(size) for size in os.environ.get("BENCH_SIZES", "1500,3000,6000").split(",") if size]
    results: list[Comparison | Timing] = [
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
