"""The demo school: generating a 1,500-pupil secondary (about 740,000 marks) and loading it into a new store.

Baselines (same run): ``csv.writer`` writing the same number of fixed mark rows (the floor for writing the file),
and, for the whole demo, generating its files alone (so the ratio shows what importing adds).
"""

from __future__ import annotations

import csv
import tempfile
import time
from datetime import date
from pathlib import Path

from attendance_desk.services.demo import create_demo_school
from attendance_desk.services.demo.generate import generate_demo_files
from attendance_desk.store.open import open_store
from benchmarks.harness import Result, best_of

PUPILS = 1500
TODAY = date(2026, 11, 23)


def _write_fixed_rows(path: Path, rows: int) -> None:
    row = ("A000462325001", "2025-09-03", "AM", "/", "")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("upn", "date", "session", "code", "minutes_late"))
        for _ in range(rows):
            writer.writerow(row)


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        generated = generate_demo_files(folder / "warm", pupils=PUPILS, seed=1, today=TODAY)
        marks = generated.files.marks
        files = best_of(lambda: generate_demo_files(folder / "files", pupils=PUPILS, seed=1, today=TODAY), repeat=2)
        floor = best_of(lambda: _write_fixed_rows(folder / "fixed.csv", marks), repeat=2)
        store = open_store(folder / "store")
        started = time.perf_counter()
        create_demo_school(store, PUPILS, 1, today=TODAY)
        whole = time.perf_counter() - started
        store.dispose()
    return [
        Result(f"demo files, {PUPILS} pupils ({marks} marks)", files, "csv.writer, same rows fixed", floor),
        Result(
            f"demo school into a new store, {PUPILS} pupils",
            whole,
            "demo files only",
            files,
            note="settings, staff, and the three files through the importer",
        ),
    ]
