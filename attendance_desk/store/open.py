"""Opening the store: find the file, refuse one that is not a sound Attendance Desk database, make the engine,
migrate (backup first), ensure the settings row.

A database is never replaced or "repaired" here: a zero-byte file, a file that is not SQLite, a damaged file and
a database with tables but no version record are refused with a sentence saying what to do, and left exactly as
they were. A missing database is created only in a folder that holds nothing of ours; a folder with an archive
or backups but no database is refused (the database has been moved or deleted, and an empty school would hide
that).

Which database: :mod:`attendance_desk.store.connection` chooses between this PC's SQLite file and the school's
PostgreSQL server; the file checks above apply to the SQLite file only (the server looks after its own).
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine, inspect, select
from sqlalchemy.engine import make_url

from attendance_desk.paths import database_path, protect_data_dir, resolve_data_dir
from attendance_desk.store.chain import chain_started, joining_tables, seal_joining_tables, start_chain
from attendance_desk.store.connection import chosen_database_url
from attendance_desk.store.encryption import (
    PASSPHRASE_ENV,
    EncryptionError,
    check_passphrase,
    encrypted_url,
    is_encrypted,
    note_opened,
    passphrase_for,
)
from attendance_desk.store.engine import Store, make_engine, sqlite_url
from attendance_desk.store.errors import DAMAGED, DatabaseRefused, StoreProblem, describe_failure
from attendance_desk.store.migrate import upgrade_database
from attendance_desk.store.models import SchoolSettings

SQLITE_HEADER = b"SQLite format 3\x00"
QUICK_CHECK_RECORD = "quick-check.json"  # in the data folder: the day and the file this PC last checked
OUR_FOLDERS = ("archive", "backups")
VERSION_TABLE = "alembic_version"


def _holds_our_files(folder: Path) -> bool:
    return any((folder / name).is_dir() and any((folder / name).iterdir()) for name in OUR_FOLDERS)


def check_database_file(database_file: Path, data_dir: Path) -> None:
    """Refuse a database file that is missing (where one should be), empty or not SQLite. Reads 16 bytes."""
    if not database_file.exists():
        if _holds_our_files(data_dir):
            raise DatabaseRefused(
                f"the database file is missing from {data_dir}, although the folder holds an archive or backups; "
                "nothing was created. Put the database back, or restore a backup into a new data folder"
            )
        return
    with database_file.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if not head:
        raise DatabaseRefused(
            f"the database file {database_file.name} is empty (0 bytes); it was left as it is. Restore the latest "
            "backup into a new data folder"
        )
    if head != SQLITE_HEADER:
        raise DatabaseRefused(
            f"{database_file.name} is not an Attendance Desk database (it is not a SQLite file); it was left as it "
            "is. Restore the latest backup into a new data folder"
        )


def quick_check(engine: Engine) -> None:
    """SQLite's ``quick_check`` (structure and page checks, without the slower index cross-checks)."""
    try:
        with engine.connect() as connection:
            rows = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check").fetchall()]
    except Exception as exc:
        raise DatabaseRefused(describe_failure(exc) or DAMAGED) from exc
    if rows != ["ok"]:
        raise DatabaseRefused(DAMAGED)


def _file_identity(database_file: Path) -> list[int]:
    """The file itself, not its name: a database copied, restored or swapped in under the same name is a new file."""
    status = database_file.stat()
    return [status.st_dev, status.st_ino]


def quick_check_due(database_file: Path, data_dir: Path, today: date | None = None) -> bool:
    """True unless this PC has already quick-checked this very file today (recorded in the data folder).

    Why once a day is enough: ``quick_check`` reads every page of the file (0.2 s at 1,500 pupils, 0.6 s at
    6,000), and what it finds, a file damaged by a failing disk, a bad copy or another program, does not come from
    SQLite's own writes, which are atomic. The first opening of the day, by the app or by any command, checks the
    whole file; a file replaced under the same name (a copy, a restore) is checked again whatever the day; damage
    between two checks still stops whatever reads a damaged page (SQLite's "malformed" is the same sentence), and
    backups, ``verify`` and the move to a server check in full whenever they run.
    """
    try:
        record = json.loads((data_dir / QUICK_CHECK_RECORD).read_text(encoding="utf-8"))
        identity = _file_identity(database_file)
    except (OSError, ValueError):
        return True
    today = today or date.today()
    return not (isinstance(record, dict) and record.get("day") == today.isoformat() and record.get("file") == identity)


def record_quick_check(database_file: Path, data_dir: Path, today: date | None = None) -> None:
    """Note that this file passed today's check. Best effort: a folder we cannot write to only means checking again."""
    today = today or date.today()
    target = data_dir / QUICK_CHECK_RECORD
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_text(
            json.dumps({"day": today.isoformat(), "file": _file_identity(database_file)}), encoding="utf-8"
        )
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)


def _check_now(check: bool | Literal["always"], database_file: Path | None, data_dir: Path) -> bool:
    if not check or database_file is None or not database_file.exists():
        return False
    return check == "always" or quick_check_due(database_file, data_dir)


def integrity_check(engine: Engine) -> list[str]:
    """SQLite's full ``integrity_check``: an empty list when the file is sound, else the problems it found."""
    with engine.connect() as connection:
        rows = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def _check_version_table(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    if tables and VERSION_TABLE not in tables:
        raise DatabaseRefused(
            "this database has tables but no version record, so Attendance Desk cannot tell which version wrote "
            "it; it was left as it is. Restore the latest backup into a new data folder"
        )


def _settle(store: Store) -> None:
    """The audit chain begun, evidence tables new in this version sealed, the settings row there. Asked in a read
    transaction, as everything is in place on all but the first opening after an upgrade: only then is the write
    lock taken (opening the app never waits for an import that holds it)."""
    with store.session() as session:
        settled = (
            chain_started(session)
            and not joining_tables(session)
            and session.connection().exec_driver_sql("SELECT 1 FROM school_settings WHERE id = 1").first()
        )
    if settled:
        return
    with store.transaction() as session:
        if not start_chain(session):
            seal_joining_tables(session)
        if session.scalar(select(SchoolSettings).where(SchoolSettings.id == 1)) is None:
            session.add(SchoolSettings(id=1))
            session.flush()


def open_store(
    data_dir: str | Path | None = None,
    *,
    url: str | None = None,
    check: bool | Literal["always"] = True,
    passphrase: str | None = None,
) -> Store:
    """Open (creating or upgrading as needed) the database this PC uses (see :mod:`store.connection`): the file
    in ``data_dir``, or ``url`` when given (``--database-url``; ``sqlite:///FILE`` forces a particular file).

    Raises :class:`StoreProblem` (a sentence for the user) when the database cannot be used. ``check``: run
    ``PRAGMA quick_check`` first on SQLite when it is due (the first opening of the day on this PC, or a file that
    is not the one last checked: :func:`quick_check_due`); ``check="always"`` runs it whatever the record says (what
    writes a copy of the file does so). An encrypted school needs
    its passphrase: ``passphrase``, else $ATTENDANCE_DESK_PASSPHRASE, else this PC's keyring; without it
    :class:`EncryptionError` says so and nothing is touched."""
    try:
        folder = resolve_data_dir(data_dir)
        protect_data_dir(folder)
    except OSError as exc:
        raise StoreProblem(describe_failure(exc) or f"the data folder cannot be used ({exc.strerror})") from exc
    chosen = chosen_database_url(folder, url)
    database_file: Path | None = None
    if chosen is None:
        database_file = database_path(folder)
        chosen = sqlite_url(database_file)
    elif make_url(chosen).get_backend_name() == "sqlite":
        database_file = Path(make_url(chosen).database or "")
    key: str | None = None
    if chosen == sqlite_url(database_path(folder)) and is_encrypted(folder):
        # The school's own file, encrypted: SQLCipher with the school passphrase (a server is never encrypted here).
        database_file = database_path(folder)
        key = passphrase_for(folder, passphrase)
        if key is None:
            raise EncryptionError(
                f"this school's database is encrypted: give its passphrase (set {PASSPHRASE_ENV}, or open the app, "
                "which asks for it)"
            )
        check_passphrase(database_file, key)
        note_opened(folder, key)
        engine = make_engine(encrypted_url(database_file, key))
    else:
        if database_file is not None:
            check_database_file(database_file, folder)
        engine = make_engine(chosen)
    try:
        if _check_now(check, database_file, folder):
            assert database_file is not None
            quick_check(engine)
            record_quick_check(database_file, folder)
        _check_version_table(engine)
        upgrade_database(engine, database_file, folder)
        store = Store(engine=engine, data_dir=folder, database_file=database_file, passphrase=key)
        _settle(store)
    except StoreProblem:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        described = describe_failure(exc)
        if described is None:
            raise
        raise StoreProblem(described) from exc
    except BaseException:
        engine.dispose()
        raise
    return store
