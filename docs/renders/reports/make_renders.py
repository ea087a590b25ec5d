"""Render the termly pack (staff and governors' versions) and a return form to PNG.

    .venv/bin/python docs/renders/reports/make_renders.py

Builds the demo secondary (1,500 pupils, seed 1, register to 26/11/2026) in a scratch folder, enters an
improvement target, makes the first return due this year and marks it sent, then renders with ``pdftoppm``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path[:0] = [str(ROOT)]

from attendance_desk.domain.calendar import DateRange  # noqa: E402
from attendance_desk.domain.reports.returns import ReturnKind  # noqa: E402
from attendance_desk.services.demo import create_demo_school  # noqa: E402
from attendance_desk.services.reports.pack import termly_pack  # noqa: E402
from attendance_desk.services.reports.return_records import make_return_form, mark_return_sent  # noqa: E402
from attendance_desk.services.reports.returns import returns_list  # noqa: E402
from attendance_desk.services.reports.settings import ReportOptions, save_options  # noqa: E402
from attendance_desk.store.open import open_store  # noqa: E402

OUT = Path(__file__).resolve().parent
TODAY = date(2026, 11, 27)
TERM = DateRange(date(2026, 9, 1), date(2026, 11, 26))


def png(pdf: bytes, stem: str, pages: str) -> None:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        first, last = pages.split("-")
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", first, "-l", last, handle.name, str(OUT / stem)], check=True
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(folder)
        create_demo_school(store, 1500, 1, today=TODAY)
        save_options(
            store,
            None,
            ReportOptions(
                target_percent=Decimal("94.20"),
                target_basis="DfE attendance baseline improvement expectation, letter of 21/11/2025",
                la_returns_contact="Attendance and Welfare Team, secure email",
            ),
        )
        listed = returns_list(store, TERM)
        first = next(r for r in listed.records if r["status"] == "due" and r["kind"] == "continuous_unauthorised")
        pupil_id = listed.pupil_ids[listed.records.index(first)]
        assert pupil_id is not None
        reached = date.fromisoformat(first["reached_on"])
        return_id, form = make_return_form(store, None, pupil_id, ReturnKind.CONTINUOUS, reached, TODAY)
        mark_return_sent(
            store, None, return_id, first["due_by"] and date.fromisoformat(first["due_by"]), "email", today=TODAY
        )
        png(form, "return-form", "1-1")
        png(termly_pack(store, None, TERM, True, TODAY), "pack-governors", "1-3")
        png(termly_pack(store, None, TERM, False, TODAY), "pack-staff", "1-2")
        store.dispose()


if __name__ == "__main__":
    main()
