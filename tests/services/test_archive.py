"""The evidence archive: reprints are identical, tampering is caught, rows cannot be changed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from attendance_desk.cli import main
from attendance_desk.domain.calendar import DateRange
from attendance_desk.services.archive import ArchiveError, document_path, read_document, sha256_of, verify_archive
from attendance_desk.services.letters.batches import LetterRequest, produce_letters
from attendance_desk.services.letters.certificate import make_certificate
from attendance_desk.store.engine import Store
from attendance_desk.store.models.letters import ArchivedDocument
from attendance_desk.store.models.server import ArchivedDocumentContent
from tests.helpers.accounts import sign_in_cli
from tests.helpers.letters_school import END, STAFF_ID, START, build_school


def _letters(store: Store):  # type: ignore[no-untyped-def]
    return produce_letters(
        store, STAFF_ID, LetterRequest("attendance_concern", [2], DateRange(START, END)), today=date(2025, 11, 24)
    )


@pytest.mark.sqlite_only
def test_archived_letters_keep_their_hash_template_and_data(store: Store) -> None:
    build_school(store)
    result = _letters(store)
    with store.session() as session:
        row = session.get(ArchivedDocument, result.letters[0].document_id)
        assert row is not None
        assert row.template_key == "attendance_concern" and row.template_version == 1
        assert [letter["name"] for letter in row.data["letters"]] == ["Ms Siân Gwŷn", "Mr Dafydd Rees"]
        assert row.data["letters"][1]["first_page"] == 2
        assert row.data["letters"][0]["values"]["attendance.percent"].endswith("%")
        assert row.created_by == STAFF_ID
        path = document_path(store, row)
    assert path.is_relative_to(store.data_dir / "archive")
    assert sha256_of(path.read_bytes()) == row.sha256 == result.letters[0].sha256


def test_the_same_data_renders_to_identical_bytes(store: Store) -> None:
    build_school(store)
    first, second = _letters(store), _letters(store)
    for a, b in zip(first.letters, second.letters, strict=True):
        assert a.sha256 == b.sha256
        assert read_document(store, a.document_id) == read_document(store, b.document_id)


@pytest.mark.sqlite_only
def test_verify_reports_a_tampered_file_and_a_missing_one(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    build_school(store)
    result = _letters(store)
    certificate = make_certificate(store, STAFF_ID, 2, DateRange(START, END), issued_on=date(2025, 11, 24))
    assert verify_archive(store).ok and verify_archive(store).checked == 2
    with store.session() as session:
        tampered = session.get(ArchivedDocument, result.letters[0].document_id)
        removed = session.get(ArchivedDocument, certificate.document_id)
    path = document_path(store, tampered)
    path.chmod(0o644)
    original = path.read_bytes()
    middle = len(original) // 2
    path.write_bytes(original[:middle] + bytes([original[middle] ^ 0x01]) + original[middle + 1 :])
    document_path(store, removed).chmod(0o644)
    document_path(store, removed).unlink()
    report = verify_archive(store)
    assert [(p.document_id, p.problem.split(" (")[0]) for p in report.problems] == [
        (tampered.id, "the file has changed"), (removed.id, "the file is missing"),
    ]  # fmt: skip
    with pytest.raises(ArchiveError, match="altered"):
        read_document(store, tampered.id)
    sign_in_cli(monkeypatch, store.data_dir)
    assert main(["--data-dir", str(store.data_dir), "verify"]) == 1
    out = capsys.readouterr().out
    assert f"document {tampered.id}" in out and "has changed" in out and f"document {removed.id}" in out


def test_archive_rows_cannot_be_changed_or_deleted(store: Store) -> None:
    build_school(store)
    _letters(store)
    for statement in ("UPDATE archived_documents SET sha256 = 'x'", "DELETE FROM archived_documents"):
        with pytest.raises(DBAPIError, match="append-only"), store.transaction() as session:
            session.execute(text(statement))


@pytest.mark.postgresql_only
def test_on_the_server_the_bytes_are_in_the_database_and_checked_there(store: Store) -> None:
    build_school(store)
    result = _letters(store)
    certificate = make_certificate(store, STAFF_ID, 2, DateRange(START, END), issued_on=date(2025, 11, 24))
    assert not (store.data_dir / "archive").exists(), "no PC keeps its own copy"
    with store.session() as session:
        stored = session.get(ArchivedDocumentContent, result.letters[0].document_id)
        assert stored is not None and sha256_of(stored.content) == result.letters[0].sha256
    assert read_document(store, certificate.document_id).startswith(b"%PDF")
    report = verify_archive(store)
    assert report.ok and report.checked == 2
    for statement in (
        "UPDATE archived_document_contents SET content = content",
        "DELETE FROM archived_document_contents",
    ):
        with pytest.raises(DBAPIError, match="append-only"), store.transaction() as session:
            session.execute(text(statement))
    # Only the server's superuser can get past the trigger; verify still catches what they did.
    with store.engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        connection.execute(
            text("UPDATE archived_document_contents SET content = content || '\\x00'::bytea WHERE document_id = :d"),
            {"d": certificate.document_id},
        )
    report = verify_archive(store)
    assert [(p.document_id, p.problem.split(" (")[0]) for p in report.problems] == [
        (certificate.document_id, "the file has changed")
    ]
    with pytest.raises(ArchiveError, match="altered"):
        read_document(store, certificate.document_id)
