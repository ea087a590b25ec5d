"""Whole-school figures (every key of `attendance-desk report`) for 1,500 pupils and a full year of marks.

Baseline: raw sqlite3 reading the same marks (the I/O any implementation must do) in the same run.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from attendance_desk.domain.calendar import DateRange
from attendance_desk.services.figures import figures_for_pupil, school_figures
from benchmarks.harness import Result, best_of
from benchmarks.synthetic_school import build
from tests.helpers.accounts import everyone

PUPILS = 1500


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as scratch:
        store, days = build(Path(scratch), PUPILS)
        period = DateRange(days[0], days[-1])
        database = str(store.database_file)

        def baseline() -> None:
            connection = sqlite3.connect(database)
            connection.execute(  # the fastest plan: primary-key order, no sort (see services.figures)
                "SELECT pupil_id, date, session, code FROM marks WHERE +date BETWEEN ? AND ? "
                "ORDER BY pupil_id, date, session",
                (days[0].isoformat(), days[-1].isoformat()),
            ).fetchall()
            connection.close()

        rows: list[object] = []
        reader = everyone(store)  # reading pupils' figures needs a signed-in person who may
        seconds = best_of(lambda: rows.append(school_figures(store, reader, period)))
        base = best_of(baseline)
        with store.session() as session:
            one = best_of(lambda: figures_for_pupil(session, 1, period), repeat=5)
        store.dispose()
    marks = PUPILS * len(days) * 2
    return [
        Result(
            f"school figures, {PUPILS} pupils × {len(days)} days ({marks:,} marks)",
            seconds,
            "raw sqlite3 SELECT of the same marks",
            base,
            note=f"target < 1 s: {'met' if seconds < 1 else 'NOT met'}",
        ),
        Result("one pupil's figures for the year", one, "raw sqlite3 SELECT of all marks", base),
    ]
