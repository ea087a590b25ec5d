"""Bring a database up to the code's schema with Alembic, safely.

- A database whose revision this code does not know was written by a newer version: refuse it, change nothing.
- Before any upgrade of a database that already holds data, take a backup copy.
- Migrations live inside the package (``store/migrations``) so a frozen build carries them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from attendance_desk.store.backup import backup_database

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class NewerDatabaseError(RuntimeError):
    """The database was written by a newer version of Attendance Desk."""


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships at least one migration"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_database(engine: Engine, database_file: Path | None, data_dir: Path) -> Path | None:
    """Upgrade to the newest schema. Returns the backup taken first, if any."""
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    if current is not None:
        try:
            script.get_revision(current)
        except Exception as exc:  # alembic raises ResolutionError/CommandError subclasses
            raise NewerDatabaseError(
                f"This database ({database_file}) was written by a newer version of Attendance Desk "
                f"(schema {current}). Install the newer version to open it; nothing has been changed."
            ) from exc
    head = script.get_current_head()
    if current == head:
        return None
    backup: Path | None = None
    has_tables = bool(inspect(engine).get_table_names())
    if database_file is not None and database_file.exists() and has_tables:
        backup = backup_database(database_file, data_dir, label=f"before-{head}")
        log.info("Backed up the database before upgrading it: %s", backup)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    log.info("Database schema upgraded from %s to %s", current or "empty", head)
    return backup
