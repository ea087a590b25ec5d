"""What SQLCipher encryption costs: the marks import and the whole-school report, encrypted ÷ plain.

The same demo CSV files (a 420-pupil primary, about 210,000 marks) go into a plain and an encrypted data folder,
alternately, ``ROUNDS`` times; each round gives one ratio, and the result reports the median ratio with the
min–max across rounds (the machine is shared, so one run alone says little).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.harness import Result

ROUNDS = 3
PASSPHRASE = "benchmark passphrase, long enough"


def _school(folder: Path, csv: dict[str, Path], encrypted: bool) -> tuple[float, float]:
    from attendance_desk.domain.calendar import DateRange
    from attendance_desk.paths import database_path
    from attendance_desk.services.figures import school_figures
    from attendance_desk.services.sync.importing import import_file
    from attendance_desk.store.backup import encrypt_school
    from attendance_desk.store.open import open_store
    from tests.helpers.accounts import everyone, importer

    store = open_store(folder)
    if encrypted:
        store.dispose()
        encrypt_school(database_path(folder), folder, PASSPHRASE)
        store = open_store(folder, passphrase=PASSPHRASE)
    try:
        actor = importer(store)
        for kind in ("pupils", "contacts"):
            import_file(store, kind, csv[kind], actor, profile=None)
        started = time.perf_counter()
        result = import_file(store, "marks", csv["marks"], actor, profile=None)
        imported = time.perf_counter() - started
        assert result.status == "imported", result.errors[:3]
        started = time.perf_counter()
        rows = school_figures(store, everyone(store), DateRange(date(2025, 9, 1), date(2026, 7, 22)))
        reported = time.perf_counter() - started
        assert len(rows) > 400
    finally:
        store.dispose()
    return imported, reported


def run() -> list[Result]:
    from attendance_desk.services.demo.generate import generate_demo_files

    with tempfile.TemporaryDirectory(prefix="bench-encryption-") as scratch:
        root = Path(scratch)
        files = generate_demo_files(root / "csv", pupils=420, seed=1, today=date(2026, 11, 27)).files
        csv = {"pupils": files.pupils_csv, "contacts": files.contacts_csv, "marks": files.marks_csv}
        plain: list[tuple[float, float]] = []
        encrypted: list[tuple[float, float]] = []
        for n in range(ROUNDS):
            plain.append(_school(root / f"plain{n}", csv, False))
            encrypted.append(_school(root / f"encrypted{n}", csv, True))
    results = []
    for index, name in ((0, "marks import"), (1, "whole-school report")):
        ratios = [e[index] / p[index] for p, e in zip(plain, encrypted, strict=True)]
        note = (
            f"ratio median {statistics.median(ratios):.2f}, min–max {min(ratios):.2f}–{max(ratios):.2f} over {ROUNDS}"
        )
        results.append(
            Result(
                f"{name}, encrypted",
                statistics.median(e[index] for e in encrypted),
                f"{name}, plain",
                statistics.median(p[index] for p in plain),
                note,
            )
        )
    return results
