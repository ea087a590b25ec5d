"""A marks import loads its rows without SQLite checking each one's foreign keys (a fifth of a year's load), and
checks them once instead: the pupils and the import it names, and every other table with
``PRAGMA foreign_key_check``. Nothing may come of it: the connection gets its checks back whatever happens, and a
broken key rolls the whole transaction back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from attendance_desk.domain.upn import make_upn
from attendance_desk.services.sync import importing
from attendance_desk.services.sync import marks as marks_service
from attendance_desk.services.sync.importing import import_file
from attendance_desk.services.sync.marks import check_mark_parents
from attendance_desk.store import engine as engine_module
from attendance_desk.store.engine import ForeignKeyViolation, Store
from attendance_desk.store.models import ImportBatch, Mark, PupilRegister
from attendance_desk.store.open import open_store
from tests.helpers.accounts import importer
from tests.helpers.big_import import import_roll

# SQLite's own foreign-key switch; the server drops and re-adds its constraints instead (tested in
# test_import_kill_server.py).
pytestmark = pytest.mark.sqlite_only

UPNS = [make_upn(0, 4002, 18, n) for n in range(1, 3)]
BROKEN_REGISTER = "INSERT INTO pupil_registers (pupil_id, first_day, codes) VALUES (999, '2025-09-01', '/')"


class _LeaveWithoutSaving(Exception):
    pass


@pytest.fixture
def school(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setattr(importing, "BULK_LOAD_BYTES", 0)  # these small files load as a year's file would
    import_roll(store, tmp_path, UPNS)
    return store


def _checks_on(store: Store) -> bool:
    """Whether every pooled connection checks foreign keys (the pool hands back the one the import used)."""
    with store.engine.connect() as connection:
        return bool(connection.exec_driver_sql("PRAGMA foreign_keys").scalar())


def _marks(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "m.csv"
    path.write_text("upn,date,session,code\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (f"{UPNS[0]},2025-09-01,AM,/\n{UPNS[1]},2025-09-01,AM,N\n", "imported"),
        (f"{UPNS[0]},2025-09-01,AM,/\nZ000200110009,2025-09-01,AM,N\n", "rejected"),  # an unknown pupil
    ],
)
def test_the_connection_checks_foreign_keys_again_after_an_import(
    school: Store, tmp_path: Path, body: str, status: str
) -> None:
    assert import_file(school, "marks", _marks(tmp_path, body), importer(school)).status == status
    assert _checks_on(school)
    with pytest.raises(Exception, match="FOREIGN KEY"), school.transaction() as session:  # row by row, as before
        session.execute(text(BROKEN_REGISTER))


def test_a_refused_import_gives_the_checks_back_too(school: Store, tmp_path: Path) -> None:
    assert import_file(school, "marks", _marks(tmp_path, f"{UPNS[0]},2025-09-01,AM,/\n"), importer(school)).ok
    # Names the first pupil and the session, without the first pupil's mark there: a removal, refused unasked.
    second = f"{UPNS[0]},2025-09-02,AM,/\n{UPNS[1]},2025-09-01,AM,/\n"
    refused = import_file(school, "marks", _marks(tmp_path, second), importer(school))
    assert refused.status == "rejected" and refused.removals  # would remove the first pupil's mark
    assert _checks_on(school)


def test_a_broken_key_in_another_table_rolls_the_bulk_load_back(school: Store) -> None:
    refused = pytest.raises(ForeignKeyViolation, match="pupil_registers")
    with refused, school.transaction(bulk_load=("marks",)) as session:
        session.add(ImportBatch(kind="marks", file_name="x.csv"))
        session.execute(text(BROKEN_REGISTER))
    with school.session() as session:
        assert session.scalar(select(func.count()).select_from(PupilRegister)) == 0
        assert (
            session.scalar(select(func.count()).select_from(ImportBatch).where(ImportBatch.file_name == "x.csv")) == 0
        )
    assert _checks_on(school)


def test_marks_naming_a_missing_pupil_or_import_are_refused(school: Store) -> None:
    with pytest.raises(_LeaveWithoutSaving), school.transaction(bulk_load=("marks",)) as session:
        batch = ImportBatch(kind="marks", file_name="y.csv")
        session.add(batch)
        session.flush()
        connection = session.connection()
        check_mark_parents(connection, {1, 2}, batch.id)  # both pupils and the import exist
        with pytest.raises(ForeignKeyViolation):
            check_mark_parents(connection, {1, 999}, batch.id)
        with pytest.raises(ForeignKeyViolation):
            check_mark_parents(connection, {1}, batch.id + 1000)
        raise _LeaveWithoutSaving
    with school.session() as session:
        assert session.scalar(select(func.count()).select_from(Mark)) == 0


def test_opening_the_store_never_waits_for_another_writer(school: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Everything is in place, so opening only reads: it succeeds while an import holds the write lock (before,
    it took the lock itself and waited the whole busy timeout)."""
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    assert school.database_file is not None
    holder = sqlite3.connect(school.database_file, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        open_store(school.data_dir).dispose()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.parametrize(("size", "bulk"), [(0, False), (importing.BULK_LOAD_BYTES, True)])
def test_only_a_big_file_is_a_bulk_load(
    school: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, bulk: bool
) -> None:
    """A morning's file keeps SQLite's row-by-row checks (checking every table once would cost it more)."""
    monkeypatch.setattr(importing, "BULK_LOAD_BYTES", 1 << 20)
    path = _marks(tmp_path, f"{UPNS[0]},2025-09-01,AM,/\n")
    with path.open("a", encoding="utf-8") as handle:  # pad the file to the size with blank lines
        handle.write("\n" * max(size - path.stat().st_size, 0))
    asked: list[tuple[str, ...]] = []
    real = Store.transaction

    def transaction(self: Store, *, bulk_load: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
        asked.append(bulk_load)
        return real(self, bulk_load=bulk_load)

    checked: list[set[int]] = []
    real_check = marks_service.check_mark_parents
    monkeypatch.setattr(Store, "transaction", transaction)
    monkeypatch.setattr(
        marks_service, "check_mark_parents", lambda c, ids, b: (checked.append(ids), real_check(c, ids, b))[1]
    )
    assert import_file(school, "marks", path, importer(school)).status == "imported"
    assert (("marks",) in asked) is bulk
    assert bool(checked) is bulk  # the keys are checked once in a bulk load, and row by row (by SQLite) otherwise
