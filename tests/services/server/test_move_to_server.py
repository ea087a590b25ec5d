"""``move-to-server``: an SQLite school (database and archive) copied to an empty PostgreSQL database, checked, and
the SQLite file left exactly as it was."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from attendance_desk.cli import main
from attendance_desk.domain.calendar import DateRange
from attendance_desk.paths import database_path
from attendance_desk.services.archive import archive_root, verify_archive
from attendance_desk.services.demo import create_demo_school
from attendance_desk.services.demo.school import DEMO_PASSWORD
from attendance_desk.services.letters.certificate import make_certificate
from attendance_desk.services.server.move import MoveError, move_to_server
from attendance_desk.store.engine import sqlite_url
from attendance_desk.store.models import ArchivedDocument, Pupil, SchoolSettings, Staff
from attendance_desk.store.open import open_store
from tests.helpers import postgres

pytestmark = pytest.mark.postgresql_only
TODAY = date(2026, 11, 23)
YEAR = DateRange(date(2025, 9, 1), TODAY)


@pytest.fixture
def empty_server_database() -> Iterator[str]:
    admin = postgres.admin_engine()
    name = postgres.fresh_name("ad_move")
    url = postgres.create_database(admin, name)
    yield url
    postgres.drop_database(admin, name)
    admin.dispose()


@pytest.fixture
def sqlite_school(data_dir: Path) -> Path:
    """A 120-pupil demo school on this PC's own file, with two archived certificates."""
    store = open_store(data_dir, url=sqlite_url(database_path(data_dir)))
    try:
        summary = create_demo_school(store, 120, 3, today=TODAY)
        # documents/page.py hands ReportLab an ImageReader for the signature (TypeError on main, 2026-11-27; told
        # the lead): the certificates here are printed with a signing line until that is fixed.
        with store.transaction() as session:
            settings = session.get(SchoolSettings, 1)
            assert settings is not None
            settings.signature_image = None
        with store.session() as session:
            pupils = session.scalars(select(Pupil.id).order_by(Pupil.id).limit(2)).all()
        for pupil in pupils:
            make_certificate(store, summary.attendance_lead_id, pupil, YEAR, issued_on=TODAY)
    finally:
        store.dispose()
    return data_dir


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file's hash, but SQLite's -wal/-shm side files: any reader of a WAL database may create them (the
    move reads read-only, so they stay behind empty); the database file itself must not change by a byte."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "logs" not in path.parts and not path.name.endswith(("-wal", "-shm"))
    }


def _report(data_dir: Path, url: str, capsys: pytest.CaptureFixture[str]) -> object:
    assert main(["--data-dir", str(data_dir), "--database-url", url, "report", "pupils", "--from", "2025-09-01",
                 "--to", "2026-11-23", "--format", "json"]) == 0  # fmt: skip
    return json.loads(capsys.readouterr().out)


def _sign_in_as_the_head(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands below read personal data: they sign in as the demo's head teacher (the demo's password)."""
    store = open_store(data_dir, url=sqlite_url(database_path(data_dir)))
    try:
        with store.session() as session:
            head = session.scalar(select(Staff.id).where(Staff.role == "head"))
    finally:
        store.dispose()
    monkeypatch.setenv("ATTENDANCE_DESK_STAFF", str(head))
    monkeypatch.setenv("ATTENDANCE_DESK_PASSWORD", DEMO_PASSWORD)


def test_the_school_moves_whole_and_the_sqlite_file_is_untouched(
    sqlite_school: Path, empty_server_database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _sign_in_as_the_head(sqlite_school, monkeypatch)
    before = _fingerprint(sqlite_school)
    assert main(["--data-dir", str(sqlite_school), "move-to-server", empty_server_database]) == 0
    out = capsys.readouterr().out
    assert "archived" in out and "match this PC's" in out and "unchanged" in out
    assert _fingerprint(sqlite_school) == before, "not a byte of the school's folder changed"
    wal = database_path(sqlite_school).with_name(database_path(sqlite_school).name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0

    here = _report(sqlite_school, sqlite_url(database_path(sqlite_school)), capsys)
    there = _report(sqlite_school, empty_server_database, capsys)
    assert here == there and len(here) > 100  # type: ignore[arg-type]

    server = open_store(sqlite_school, url=empty_server_database)
    try:
        report = verify_archive(server)
        assert report.ok and report.checked == 2
        with server.transaction() as session:  # the server hands out ids after the copied ones
            newest = session.scalar(select(func.max(Staff.id)))
            session.add(Staff(name="Joined After The Move"))
            session.flush()
            assert session.scalar(select(func.max(Staff.id))) == (newest or 0) + 1
    finally:
        server.dispose()
    assert not (archive_root(sqlite_school) / ".." / "server.json").exists(), "moving does not switch this PC"


def test_a_server_database_that_already_holds_a_school_is_refused(
    sqlite_school: Path, empty_server_database: str
) -> None:
    move_to_server(sqlite_school, empty_server_database)
    with pytest.raises(MoveError, match=r"already holds a school .* nothing was copied"):
        move_to_server(sqlite_school, empty_server_database)


def test_a_changed_archive_file_stops_the_move_and_nothing_is_kept(
    sqlite_school: Path, empty_server_database: str
) -> None:
    store = open_store(sqlite_school, url=sqlite_url(database_path(sqlite_school)))
    with store.session() as session:
        relative = session.scalars(select(ArchivedDocument.file_path).order_by(ArchivedDocument.id)).first()
    store.dispose()
    assert relative is not None
    path = archive_root(sqlite_school) / relative
    path.chmod(0o644)
    path.write_bytes(path.read_bytes() + b"%")
    with pytest.raises(MoveError, match=r"nothing was copied to the server: document 1 no longer matches its SHA-256"):
        move_to_server(sqlite_school, empty_server_database)
    server = open_store(sqlite_school, url=empty_server_database)
    try:
        with server.session() as session:
            assert session.scalar(select(func.count()).select_from(Pupil)) == 0, "all or nothing"
    finally:
        server.dispose()
