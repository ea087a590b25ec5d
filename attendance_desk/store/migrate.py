"""Bring a database up to the code's schema with Alembic, safely.

- A database whose revision this code does not know was written by a newer version: refuse it, change nothing.
- Before any upgrade of a database that already holds data, take a backup copy.
- Migrations live inside the package (``store/migrations``) so a frozen build carries them.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from attendance_desk.store.backup import backup_database

if TYPE_CHECKING:  # Alembic costs a tenth of a second to import; it is loaded only when a schema must change
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class NewerDatabaseError(RuntimeError):
    """The database was written by a newer version of Attendance Desk."""


_REVISION_LINE = re.compile(r'^(down_revision|revision)\b[^=]*=\s*(None|"([^"]*)")', re.MULTILINE)


@cache
def shipped_head_revision() -> str:
    """The newest migration shipped with this code, read from the migration files' ``revision`` lines.

    The same answer as Alembic's ``get_current_head`` (a test checks), without importing Alembic, so opening a
    database that is already up to date (every start but the first after an upgrade) does not pay for it.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for name, _value, revision in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            if revision:
                (revisions if name == "revision" else parents).add(revision)
    if not revisions:  # a build that ships the migrations compiled only: ask Alembic
        return head_revision()
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the shipped migrations must have one head, not {sorted(heads)}")
    return heads.pop()


def _stored_revision(engine: Engine) -> str | None:
    """The revision in the version table, or None when it cannot be read simply (Alembic then looks properly)."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).fetchall()
    except Exception:  # no version table yet, or a database the slow path will describe properly
        return None
    return rows[0][0] if len(rows) == 1 else None


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships at least one migration"
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_database(engine: Engine, database_file: Path | None, data_dir: Path) -> Path | None:
    """Upgrade to the newest schema. Returns the backup taken first, if any."""
    if _stored_revision(engine) == shipped_head_revision():
        return None  # up to date: the usual case, settled without Alembic
    from alembic import command
    from alembic.script import ScriptDirectory

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
