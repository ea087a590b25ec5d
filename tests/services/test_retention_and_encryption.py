"""Retention (report, admin-confirmed deletion, a minimal audit entry) and the encrypted database."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from attendance_desk.cli import main
from attendance_desk.domain.calendar import DateRange
from attendance_desk.paths import database_path
from attendance_desk.services import retention
from attendance_desk.services.access import PermissionRefused
from attendance_desk.services.archive import document_path
from attendance_desk.services.letters.batches import LetterRequest, produce_letters
from attendance_desk.services.staff import list_staff
from attendance_desk.services.verify import run_verify
from attendance_desk.store.backup import backup_database, restore_backup
from attendance_desk.store.chain import seal_unsealed
from attendance_desk.store.encryption import EncryptionError, encrypt_database
from attendance_desk.store.engine import Store
from attendance_desk.store.models import ArchivedDocument, AuditEntry, Mark, Pupil
from attendance_desk.store.open import open_store
from tests.helpers.accounts import admin, sign_in_cli, staff_with
from tests.helpers.letters_school import END, STAFF_ID, START, build_school

PASSPHRASE = "our school's long passphrase"


@pytest.fixture
def school(store: Store) -> Store:
    build_school(store)
    with store.transaction() as session:
        seal_unsealed(session)
    produce_letters(store, STAFF_ID, LetterRequest("attendance_concern", [2], DateRange(START, END)), today=END)
    with store.transaction() as session:
        pupil = session.get(Pupil, 2)
        assert pupil is not None
        pupil.leaving_date = date(2019, 7, 19)
    return store


def test_records_past_the_period_are_listed_and_deleted_only_by_an_administrator(school: Store) -> None:
    with school.session() as session:
        [path] = [document_path(school, row) for row in session.scalars(select(ArchivedDocument))]
    with pytest.raises(PermissionRefused, match="administrator"):
        retention.records_due(school, STAFF_ID, as_of=date(2026, 11, 27))
    boss = admin(school)
    assert retention.records_due(school, boss, as_of=date(2025, 7, 1)).empty  # six years not yet up
    report = retention.records_due(school, boss, as_of=date(2026, 11, 27))
    assert report.pupil_ids == (2,) and report.marks > 0 and report.documents == 1
    done = retention.delete_due(school, boss, report)
    assert (done.pupils, done.documents, done.files_left) == (1, 1, 0)
    assert not path.exists()
    with school.session() as session:
        assert session.get(Pupil, 2) is None and session.get(Pupil, 1) is not None
        assert session.scalar(select(func.count()).select_from(Mark).where(Mark.pupil_id == 2)) == 0
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "retention-delete"))
    assert entry.staff_id == boss and entry.after is not None
    assert entry.after["category"] == retention.CATEGORY and "Gwŷn" not in str(entry.after)
    assert run_verify(school).ok, run_verify(school).findings  # the app's own deletion is not tampering


@pytest.mark.sqlite_only  # SQLCipher encrypts this PC's SQLite file; a server has its own protection
def test_an_encrypted_database_hides_its_text_needs_the_key_and_backs_up_encrypted(data_dir: Path) -> None:
    store = open_store(data_dir)
    build_school(store)
    staff_with(store, "Medical Note Reader", "admin")
    with store.transaction() as session:
        session.get(Pupil, 1).medical_note = "Asthma: inhaler in the office"  # type: ignore[union-attr]
    store.dispose()
    database = database_path(data_dir)
    assert b"inhaler in the office" in database.read_bytes()  # plain SQLite: readable with `strings`
    encrypt_database(database, data_dir, PASSPHRASE)
    raw = database.read_bytes()
    assert b"inhaler" not in raw and b"Medical Note Reader" not in raw and not raw.startswith(b"SQLite format 3")
    with pytest.raises(EncryptionError, match="encrypted"):
        open_store(data_dir)
    with pytest.raises(EncryptionError, match="does not open"):
        open_store(data_dir, passphrase="the wrong passphrase")
    store = open_store(data_dir, passphrase=PASSPHRASE)
    try:
        assert "Medical Note Reader" in [m.name for m in list_staff(store)]
        backup = backup_database(database, data_dir)
    finally:
        store.dispose()
    with zipfile.ZipFile(backup) as archive:
        inside = archive.read("attendance-desk.sqlite3")
    assert b"inhaler" not in inside and not inside.startswith(b"SQLite format 3")
    # Restore: the backup, unpacked into a new folder, opens with the same passphrase and holds the data.
    restored = data_dir.parent / "restored"
    restore_backup(backup, restored)
    with pytest.raises(EncryptionError):
        open_store(restored)
    again = open_store(restored, passphrase=PASSPHRASE)
    try:
        with again.session() as session:
            assert session.get(Pupil, 1).medical_note == "Asthma: inhaler in the office"  # type: ignore[union-attr]
    finally:
        again.dispose()


@pytest.mark.sqlite_only  # SQLCipher encrypts this PC's SQLite file; a server has its own protection
def test_the_encrypt_command_needs_an_administrator_and_then_the_passphrase(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    open_store(data_dir).dispose()
    sign_in_cli(monkeypatch, data_dir, name="Office Only")
    monkeypatch.setenv("ATTENDANCE_DESK_STAFF", "Office Only")
    monkeypatch.setenv("ATTENDANCE_DESK_PASSPHRASE", PASSPHRASE)
    office = sign_in_cli(monkeypatch, data_dir, "office", name="Just Office")  # type: ignore[arg-type]
    assert main(["--data-dir", str(data_dir), "encrypt", "--staff", str(office)]) == 3
    assert "Only an administrator can turn on database encryption" in capsys.readouterr().err
    sign_in_cli(monkeypatch, data_dir, name="Admin Person")
    assert main(["--data-dir", str(data_dir), "encrypt"]) == 0
    assert b"SQLite format 3" not in database_path(data_dir).read_bytes()[:16]
    assert main(["--data-dir", str(data_dir), "staff", "list"]) == 0  # the passphrase comes from the environment
    monkeypatch.delenv("ATTENDANCE_DESK_PASSPHRASE")
    assert main(["--data-dir", str(data_dir), "staff", "list"]) == 2
    assert "encrypted: give its passphrase" in capsys.readouterr().err
