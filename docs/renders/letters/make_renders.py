"""Render the first page of every letter template, and the registration certificate, to PNG.

    .venv/bin/python docs/renders/letters/make_renders.py

Uses the synthetic school of ``tests/helpers/letters_school.py`` in a scratch folder and ``pdftoppm``
(poppler-utils). Supplied fields (meeting date …) take the examples documented in ``domain/merge.py``.
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
from attendance_desk.services.letters.batches import LetterRequest, produce_letters  # noqa: E402
from attendance_desk.services.letters.certificate import make_certificate  # noqa: E402
from attendance_desk.services.letters.templates import default_templates  # noqa: E402
from attendance_desk.store.open import open_store  # noqa: E402
from tests.helpers.letters_school import END, START, build_school  # noqa: E402

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
        build_school(store)
        supplied = {name: spec.example for name, spec in FIELDS.items() if spec.supplied}
        supplied["meeting.agreed"] = "Rhys will come to breakfast club from Monday\nWe will phone home by 9:30am"
        for key in default_templates():
            result = produce_letters(
                store, 1, LetterRequest(key, [2], DateRange(START, END), supplied), today=date(2025, 11, 24)
            )
            assert result.letters, (key, result.blocked)
            png(result.pdf, f"letter-{key}")
        certificate = make_certificate(store, 1, 2, DateRange(START, END), issued_on=date(2025, 11, 24))
        png(certificate.pdf, "certificate", "1-2")
        store.dispose()


if __name__ == "__main__":
    main()
