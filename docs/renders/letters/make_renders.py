"""Render the first page of every letter template, and the registration certificate, to PNG.

    .venv/bin/python docs/renders/letters/make_renders.py

Uses the separated family of ``tests/helpers/family_shapes.py`` (the school's logo and signature stored, as real
schools have them) in a scratch folder and ``pdftoppm`` (poppler-utils). Supplied fields (meeting date …) take the
examples documented in ``domain/merge.py``; a letter whose premise does not hold for this pupil is ticked back in.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path[:0] = [str(ROOT)]

from attendance_desk.domain.calendar import DateRange  # noqa: E402
from attendance_desk.domain.merge import FIELDS  # noqa: E402
from attendance_desk.services.casework import stages as casework_stages  # noqa: E402
from attendance_desk.services.letters.batches import LetterRequest, produce_letters  # noqa: E402
from attendance_desk.services.letters.certificate import make_certificate  # noqa: E402
from attendance_desk.services.letters.templates import default_templates  # noqa: E402
from attendance_desk.store.open import open_store  # noqa: E402
from tests.helpers.family_shapes import FIRST_DAY, LAST_DAY, TODAY, build_families  # noqa: E402

OUT = Path(__file__).resolve().parent


def png(pdf: bytes, stem: str, pages: str = "1") -> None:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        first, last = pages.split("-") if "-" in pages else (pages, pages)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", first, "-l", last, handle.name, str(OUT / stem)], check=True
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        store = open_store(Path(scratch))
        staff, families = build_families(store, with_images=True)
        pupil = next(f for f in families if f.shape == "separated").pupil_id
        casework_stages.change_stage(store, staff, pupil, "stage1", date(2025, 9, 15), "Mondays missed")
        supplied = {name: spec.example for name, spec in FIELDS.items() if spec.supplied}
        supplied["meeting.agreed"] = "Bethan will come to breakfast club from Monday\nWe will phone home by 9:30am"
        period = DateRange(FIRST_DAY, LAST_DAY)
        for key in default_templates():
            request = LetterRequest(key, [pupil], period, supplied, ticked_back={pupil: "render"})
            result = produce_letters(store, staff, request, today=TODAY)
            assert result.letters, (key, result.blocked)
            png(result.pdf, f"letter-{key}")
        certificate = make_certificate(store, staff, pupil, period, issued_on=TODAY)
        png(certificate.pdf, "certificate", "1-2")
        store.dispose()


if __name__ == "__main__":
    main()
