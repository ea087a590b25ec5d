"""Tampering with the database or the archive outside the app is caught by ``verify``, case by case.

Each test changes the SQLite file the way someone with an SQLite tool would (triggers dropped where they stand in
the way), then checks that verify names the table and row, and that the CLI exits 1.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlalchemy import text

from attendance_desk.cli import main
from attendance_desk.domain.calendar import DateRange
from attendance_desk.paths import database_path
from attendance_desk.services.access import PermissionRefused
from attendance_desk.services.archive import document_path
from attendance_desk.services.letters.batches import LetterRequest, produce_letters
from attendance_desk.services.verify import run_verify, verify_evidence
from attendance_desk.store.chain import seal_unsealed
from attendance_desk.store.engine import Store
from attendance_desk.store.models import ArchivedDocument
from tests.helpers.accounts import importer, sign_in_cli
from tests.helpers.letters_school import END, STAFF_ID, START, build_school


@pytest.fixture
def school(store: Store) -> tuple[Store, list[int]]:
    build_school(store)
    with store.transaction() as session:
        seal_unsealed(session)  # the builder writes with Core inserts, as an import does
    documents = []
    for pupil in (2, 1):
        request = LetterRequest("attendance_concern", [pupil], DateRange(START, END))
        documents.append(produce_letters(store, STAFF_ID, request, today=date(2025, 11, 24)).letters[0].document_id)
    return store, documents


def tamper(store: Store, *statements: str) -> None:
    """Change the file directly, as someone with an SQLite tool would: the guard triggers dropped for the change
    and put back afterwards (so only the change itself is there to find)."""
    connection = sqlite3.connect(database_path(store.data_dir))
    try:
        triggers = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        for name, _sql in triggers:
            connection.execute(f'DROP TRIGGER "{name}"')
        for statement in statements:
            connection.execute(statement)
        for _name, sql in triggers:
            connection.execute(sql)
        connection.commit()
    finally:
        connection.close()


def problems(store: Store) -> list[str]:
    return [str(f) for f in run_verify(store).findings]


def test_a_school_used_through_the_app_verifies_clean(school: tuple[Store, list[int]]) -> None:
    store, _ = school
    result = run_verify(store)
    assert result.ok, result.findings
    assert result.audit_entries > 10 and result.evidence_rows > 5 and result.documents == 2, result


@pytest.mark.sqlite_only  # changes the SQLite file or the archive folder directly, as a tool would
def test_a_changed_evidence_row_is_caught(school: tuple[Store, list[int]]) -> None:
    store, _ = school
    tamper(store, "UPDATE communications SET summary = 'nothing happened' WHERE id = 1")
    assert problems(store) == ["communications row 1: changed outside the app"]


@pytest.mark.postgresql_only
def test_rows_changed_and_deleted_on_the_server_outside_the_app_are_caught(school: tuple[Store, list[int]]) -> None:
    store, _ = school
    with store.engine.begin() as connection:  # as psql would: straight to the server, not through the app
        # The deletion reaches the letter that points at it, and the letter's approval.
        for table in ("communications", "letters", "letter_approvals"):
            connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        connection.execute(text("UPDATE communications SET summary = 'nothing happened' WHERE id = 1"))
        connection.execute(text("DELETE FROM communications WHERE id = 2"))
        for table in ("communications", "letters", "letter_approvals"):
            connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
    found = problems(store)
    assert "communications row 1: changed outside the app" in found
    assert any(finding.startswith("communications row 2") for finding in found), found


@pytest.mark.sqlite_only  # changes the SQLite file or the archive folder directly, as a tool would
def test_a_deleted_evidence_row_is_caught(school: tuple[Store, list[int]]) -> None:
    store, _ = school
    tamper(store, "PRAGMA foreign_keys=OFF", "DELETE FROM communications WHERE id = 1")
    assert "communications row 1: deleted outside the app" in problems(store)


@pytest.mark.sqlite_only  # changes the SQLite file or the archive folder directly, as a tool would
def test_an_inserted_evidence_row_is_caught(school: tuple[Store, list[int]]) -> None:
    store, _ = school
    tamper(
        store,
        "INSERT INTO communications (id, pupil_id, at, method, direction, outcome, summary, staff_id, recorded_at) "
        "SELECT 99, pupil_id, at, method, direction, outcome, 'a call that never was', staff_id, recorded_at "
        "FROM communications WHERE id = 1",
    )
    assert problems(store) == ["communications row 99: added outside the app (no seal in the audit chain)"]


@pytest.mark.sqlite_only  # changes the SQLite file or the archive folder directly, as a tool would
def test_a_back_dated_audit_entry_is_caught(school: tuple[Store, list[int]]) -> None:
    store, _ = school
    tamper(
        store,
        "INSERT INTO audit_log (at, staff_id, action, entity, entity_id, reason, row_hash, prev_hash, entry_hash) "
        "VALUES ('2024-01-01 09:00:00.000000', 1, 'update', 'pupil', '2', 'back-dated', '', '', '')",
    )
    found = problems(store)
    assert len(found) == 1 and "added outside the app (it is not in the chain)" in found[0]


@pytest.mark.sqlite_only  # changes the SQLite file or the archive folder directly, as a tool would
def test_a_back_dated_entry_given_a_place_in_the_chain_is_caught(school: tuple[Store, list[int]]) -> None:
    store, _ = school
    tamper(
        store,
        "INSERT INTO audit_log (at, staff_id, action, entity, entity_id, reason, seq, row_hash, prev_hash, entry_hash)"
        " SELECT '2024-01-01 09:00:00.000000', 1, 'update', 'pupil', '2', 'back-dated', last_seq + 1, '', "
        "last_hash, 'x' FROM audit_chain_head",
    )
    found = problems(store)
    assert any("dated before the entry it follows (back-dated)" in f for f in found)
    assert any("changed since it was written" in f for f in found)


@pytest.mark.sqlite_only  # changes the SQLite file or the archive folder directly, as a tool would
def test_a_changed_and_a_deleted_audit_entry_are_caught(school: tuple[Store, list[int]]) -> None:
    store, _ = school
    tamper(
        store,
        "UPDATE audit_log SET reason = 'hidden' WHERE seq = 3",
        "DELETE FROM audit_log WHERE seq = 5",
    )
    found = problems(store)
    assert any(f.endswith("changed since it was written") for f in found)
    assert "audit_log row seq 5: deleted (a gap in the chain)" in found


@pytest.mark.sqlite_only  # changes the SQLite file or the archive folder directly, as a tool would
def test_a_changed_and_a_deleted_archive_file_and_a_deleted_archive_row_are_caught(
    school: tuple[Store, list[int]],
) -> None:
    store, (first, second) = school
    with store.session() as session:
        rows = [session.get(ArchivedDocument, first), session.get(ArchivedDocument, second)]
    changed, removed = (document_path(store, row) for row in rows if row is not None)
    changed.chmod(0o644)
    changed.write_bytes(changed.read_bytes() + b"%")
    removed.chmod(0o644)
    removed.unlink()
    found = problems(store)
    assert any(f.startswith(f"archived_documents row {first}: the file has changed") for f in found)
    assert f"archived_documents row {second}: the file is missing" in found
    tamper(
        store,
        "PRAGMA foreign_keys=OFF",
        f"DELETE FROM archived_documents WHERE id = {second}",
    )
    assert f"archived_documents row {second}: deleted outside the app" in problems(store)


@pytest.mark.sqlite_only  # changes the SQLite file or the archive folder directly, as a tool would
def test_the_command_exits_1_and_names_the_row(
    school: tuple[Store, list[int]], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = school
    sign_in_cli(monkeypatch, store.data_dir)
    assert main(["--data-dir", str(store.data_dir), "verify"]) == 0
    tamper(store, "UPDATE communications SET summary = 'nothing happened' WHERE id = 1")
    assert main(["--data-dir", str(store.data_dir), "verify"]) == 1
    assert "communications row 1: changed outside the app" in capsys.readouterr().out


def test_verify_needs_a_staff_member_who_may_run_it(school: tuple[Store, list[int]]) -> None:
    store, _ = school
    with pytest.raises(PermissionRefused, match="check the evidence"):
        verify_evidence(store, importer(store))
    assert verify_evidence(store, STAFF_ID).ok
