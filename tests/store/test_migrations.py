"""Migrations: from empty to head, backup before upgrading, refuse a newer database, models match migrations."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from attendance_desk.paths import database_path
from attendance_desk.store.backup import restore_backup
from attendance_desk.store.connection import DATABASE_URL_ENV
from attendance_desk.store.engine import make_engine, sqlite_url
from attendance_desk.store.migrate import (
    NewerDatabaseError,
    alembic_config,
    current_revision,
    head_revision,
    shipped_head_revision,
)
from attendance_desk.store.models import Base, load_all
from attendance_desk.store.open import open_store

load_all()  # the whole schema: these tests compare it with the migrations

FIRST_REVISION = "0001_initial"


def test_upgrade_from_empty_reaches_head_with_every_table(data_dir: Path) -> None:
    store = open_store(data_dir)
    try:
        assert current_revision(store.engine) == head_revision()
        assert set(Base.metadata.tables) <= set(inspect(store.engine).get_table_names())
    finally:
        store.dispose()


def test_models_and_migrations_agree(data_dir: Path) -> None:
    store = open_store(data_dir)
    try:
        with store.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        assert differences == [], "write a migration: python -m attendance_desk.store.new_migration"
    finally:
        store.dispose()


@pytest.mark.sqlite_only
def test_a_database_from_a_newer_version_is_refused_and_left_alone(data_dir: Path) -> None:
    open_store(data_dir).dispose()
    database = database_path(data_dir)
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = database.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer version of Attendance Desk"):
        open_store(data_dir)
    assert database.read_bytes() == before


@pytest.mark.postgresql_only
def test_a_server_with_a_newer_schema_is_refused_and_left_alone(data_dir: Path) -> None:
    store = open_store(data_dir)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
        tables_before = sorted(inspect(connection).get_table_names())
    store.dispose()
    with pytest.raises(
        NewerDatabaseError, match=r"database “ad_session_\d+_\d+” on 127\.0\.0\.1.*nothing has been changed"
    ):
        open_store(data_dir)
    engine = make_engine(os.environ[DATABASE_URL_ENV])
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999_from_the_future"
        assert sorted(inspect(connection).get_table_names()) == tables_before
    engine.dispose()


@pytest.mark.sqlite_only
def test_an_older_database_is_backed_up_before_it_is_upgraded(data_dir: Path) -> None:
    if head_revision() == FIRST_REVISION:
        pytest.skip("only one schema revision exists so far")
    # A database as the first release left it: only the first revision applied, with some data in it.
    engine = make_engine(sqlite_url(database_path(data_dir)))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, FIRST_REVISION)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO school_settings (id, name, urn, la_name, address, phone, email, website, "
                                "head_teacher, attendance_lead, lessons_per_day, register_close_time, "
                                "at_risk_above_percent, persistent_from_percent, severe_from_percent, watched_folder) "
                                "VALUES (1, 'Backed Up Primary', '', '', '', '', '', '', '', '', 5, '09:00:00', 5, 10, "
                                "50, '')"))  # fmt: skip
    engine.dispose()
    store = open_store(data_dir)
    try:
        assert current_revision(store.engine) == head_revision()
    finally:
        store.dispose()
    backups = list((data_dir / "backups").glob("*.zip"))
    assert len(backups) == 1, "exactly one backup is taken before the upgrade"
    # The same backup file as `attendance-desk backup`: the database (and the archive) with a manifest.
    restored = data_dir.parent / "restored"
    restore_backup(backups[0], restored)
    with sqlite3.connect(restored / "attendance-desk.sqlite3") as copy:
        assert copy.execute("SELECT name FROM school_settings").fetchone() == ("Backed Up Primary",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (FIRST_REVISION,)


def test_the_audit_log_refuses_changes(store) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.store.audit import record_change

    with store.transaction() as session:
        record_change(
            session,
            actor_id=None,
            action="update",
            entity="school_settings",
            entity_id=1,
            before={"name": "A"},
            after={"name": "B"},
        )
    for statement in ("UPDATE audit_log SET reason = 'hidden'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), store.transaction() as session:
            session.execute(text(statement))
    with store.session() as session:
        query = "SELECT before, after FROM audit_log WHERE entity = 'school_settings'"
        row = session.execute(text(query)).one()
    # SQLite hands JSON back as text, PostgreSQL as the decoded value: the row is unchanged either way.
    assert [json.loads(v) if isinstance(v, str) else v for v in row] == [{"name": "A"}, {"name": "B"}]


@pytest.mark.sqlite_only
def test_foreign_keys_and_wal_are_on(store) -> None:  # type: ignore[no-untyped-def]
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_the_head_read_without_alembic_is_alembics_head() -> None:
    assert shipped_head_revision() == head_revision()


def test_opening_an_up_to_date_database_does_not_import_alembic(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    open_store(tmp_path).dispose()  # created and migrated (Alembic runs here, in this process)
    script = (
        "import sys, json\nfrom attendance_desk.store.open import open_store\n"
        f"open_store({str(tmp_path)!r}).dispose()\nprint(json.dumps(sorted(sys.modules)))"
    )
    loaded = json.loads(
        subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    )
    assert not [name for name in loaded if name.startswith("alembic")]
