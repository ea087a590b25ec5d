"""The keyed marks table (migration 0015_marks_keyed) on the demo school, on both back ends.

The demo school goes in through the real importer; its marks table must then hold exactly the rows of the CSV it
was made from (read here with nothing but ``csv``), and the report, the certificate and the pupil page must give the
same results with the table keyed (head) and as it was before (the migration taken back), and again after upgrading
once more — the migration moving the demo school's data both ways.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select, text

from attendance_desk.domain.calendar import DateRange
from attendance_desk.services.demo import create_demo_school
from attendance_desk.services.figures import figures_for_pupil, figures_for_school
from attendance_desk.services.letters.certificate import certificate_data
from attendance_desk.services.pupils import pupil_figures_pair, register_weeks
from attendance_desk.store.engine import Store
from attendance_desk.store.migrate import alembic_config, current_revision, head_revision
from attendance_desk.store.models import Pupil, PupilRegister
from attendance_desk.store.open import open_store
from attendance_desk.store.registers import rebuild_registers
from tests.helpers.accounts import staff_with

TODAY = date(2026, 11, 23)
YEAR = DateRange(date(2025, 9, 1), date(2026, 8, 31))
THIS_YEAR = DateRange(date(2026, 9, 1), TODAY)
BEFORE_KEYED = "0015_marks_keyed-1"


@pytest.fixture
def demo(data_dir: Path, tmp_path: Path) -> Iterator[tuple[Store, Path]]:
    store = open_store(data_dir)
    create_demo_school(store, 90, 5, today=TODAY, out_dir=tmp_path / "csv")
    yield store, tmp_path / "csv" / "marks.csv"
    store.dispose()


def _marks(store: Store) -> list[tuple[Any, ...]]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT p.upn, m.date, m.session, m.code, m.minutes_late "
                "FROM marks m JOIN pupils p ON p.id = m.pupil_id"
            )
        ).all()
    return sorted((upn, str(day)[:10], session, code, minutes) for upn, day, session, code, minutes in rows)


def _from_csv(path: Path) -> list[tuple[Any, ...]]:
    """The file's marks as plain ``csv`` reads them ("-" is no mark yet, and is not stored)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return sorted(
        (
            row["upn"],
            row["date"],
            row["session"],
            row["code"],
            int(row["minutes_late"]) if row["minutes_late"] else None,
        )
        for row in rows
        if row["code"] != "-"
    )


def _outputs(store: Store, reader: int) -> dict[str, Any]:
    """What users see: the whole-school report, each pupil's figures and page, and certificates."""
    with store.session() as session:
        pupil_ids = list(session.scalars(select(Pupil.id).order_by(Pupil.id)))
        out: dict[str, Any] = {
            "report": [figures_for_school(session, period) for period in (YEAR, THIS_YEAR)],
            "pupils": [figures_for_pupil(session, pupil_id, YEAR) for pupil_id in pupil_ids],
            "certificates": [certificate_data(session, pupil_id, YEAR, TODAY) for pupil_id in pupil_ids[::9]],
            "registers": sorted((r.pupil_id, r.first_day, r.codes) for r in session.scalars(select(PupilRegister))),
        }
    out["pages"] = [
        (pupil_figures_pair(store, reader, pupil_id, today=TODAY), register_weeks(store, reader, pupil_id, YEAR))
        for pupil_id in pupil_ids[::9]
    ]
    return out


def _migrate(store: Store, target: str, *, down: bool) -> None:
    config = alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, target)


def _without_rowid(store: Store) -> bool:
    with store.engine.connect() as connection:
        sql = connection.execute(text("SELECT sql FROM sqlite_master WHERE name = 'marks'")).scalar_one()
    return "WITHOUT ROWID" in sql.upper()


def test_the_demo_school_holds_exactly_its_file_and_keeps_every_figure_through_the_migration(
    demo: tuple[Store, Path],
) -> None:
    store, marks_csv = demo
    stored = _marks(store)
    assert stored == _from_csv(marks_csv) and len(stored) > 40_000
    assert any(minutes for *_rest, minutes in stored), "the demo school has minutes late"
    reader = staff_with(store, "Keyed Reader", "head")
    keyed = _outputs(store, reader)
    assert keyed["report"][0] and keyed["certificates"]
    sqlite = store.engine.dialect.name == "sqlite"
    if sqlite:
        assert _without_rowid(store)
    # The registers kept up to date by the import are what a rebuild from the marks gives.
    with store.engine.begin() as connection:
        rebuild_registers(connection)
    assert _outputs(store, reader)["registers"] == keyed["registers"]

    _migrate(store, BEFORE_KEYED, down=True)
    assert current_revision(store.engine) != head_revision()
    if sqlite:
        assert not _without_rowid(store)
    assert _marks(store) == stored
    assert _outputs(store, reader) == keyed

    _migrate(store, "heads", down=False)
    assert current_revision(store.engine) == head_revision()
    if sqlite:
        assert _without_rowid(store)
    assert _marks(store) == stored
    assert _outputs(store, reader) == keyed
