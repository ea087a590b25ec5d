"""After a marks import the calling desk acts on the newest day, but never on old registers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from attendance_desk.domain.term_calendar import Term
from attendance_desk.services.calling import settings as calling_settings
from attendance_desk.services.sync import after_import
from attendance_desk.services.sync.after_import import follow_up_marks_import
from attendance_desk.services.sync.importing import import_file
from attendance_desk.store.engine import Store
from attendance_desk.store.models import FollowUpTask, ImportBatch, Pupil
from tests.helpers.accounts import admin, importer
from tests.helpers.calling_seed import add_contact, add_pupil, add_staff

DAY = date(2026, 10, 22)  # a Thursday in term


@pytest.fixture
def pupil_upn(store: Store) -> str:
    calling_settings.save_term_year(
        store, admin(store), 2026, [Term("Autumn 1", date(2026, 9, 3), date(2026, 10, 23))], []
    )
    add_staff(store, "Pat Office", "office")
    pupil = add_pupil(store, 1, "Ella", "Evans")
    add_contact(store, pupil, "Ruth", "Evans")
    with store.session() as session:
        return session.scalar(select(Pupil.upn).where(Pupil.id == pupil)) or ""


def write_marks(tmp_path: Path, upn: str, day: date) -> Path:
    path = tmp_path / "marks.csv"
    path.write_text(f"upn,date,session,code\n{upn},{day},AM,N\n{upn},{day},PM,N\n", encoding="utf-8")
    return path


def test_recent_marks_move_unreached_families_down_the_ladder(store: Store, pupil_upn: str, tmp_path: Path) -> None:
    assert import_file(store, "marks", write_marks(tmp_path, pupil_upn, DAY), importer(store)).status == "imported"
    outcome = follow_up_marks_import(store, importer(store), DAY, today=DAY)
    assert outcome is not None and outcome.tasks_created == 1
    with store.session() as session:
        assert session.scalars(select(FollowUpTask.due_on)).all() == [DAY]
    assert follow_up_marks_import(store, importer(store), DAY, today=DAY).tasks_created == 0  # idempotent


def test_old_registers_create_no_tasks(store: Store, pupil_upn: str, tmp_path: Path) -> None:
    import_file(store, "marks", write_marks(tmp_path, pupil_upn, DAY), importer(store))
    assert follow_up_marks_import(store, importer(store), DAY, today=date(2027, 1, 10)) is None
    with store.session() as session:
        assert session.scalars(select(FollowUpTask)).all() == []


def test_every_marks_import_hands_its_newest_day_to_the_calling_desk(
    store: Store, pupil_upn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[date | None] = []

    def fake(_store: Store, _actor: int | None, last: date | None) -> after_import.FollowUpOfImport:
        seen.append(last)
        return after_import.FollowUpOfImport(DAY, 0, 3)

    monkeypatch.setattr(after_import, "follow_up_marks_import", fake)
    result = import_file(store, "marks", write_marks(tmp_path, pupil_upn, DAY), importer(store))
    assert seen == [DAY]
    assert "3 follow-up tasks created" in result.summary()
    assert import_file(store, "marks", tmp_path / "marks.csv", importer(store)).status == "unchanged" and seen == [DAY]


def test_an_unchanged_file_leaves_no_follow_up_pending(store: Store, pupil_upn: str, tmp_path: Path) -> None:
    """The same file twice: the second import changes nothing and has no follow-up, so the next start must not
    report one as left unfinished (it did: "The follow-up of marks import N had not finished")."""
    path = write_marks(tmp_path, pupil_upn, DAY)
    assert import_file(store, "marks", path, importer(store)).status == "imported"
    again = import_file(store, "marks", path, importer(store))
    assert again.status == "unchanged"
    with store.session() as session:
        assert session.scalars(select(ImportBatch.after_import).where(ImportBatch.id == again.batch_id)).one() == ""
    assert after_import.finish_pending(store) == []
