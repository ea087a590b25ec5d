"""Where Attendance Desk keeps its files.

One place decides the data folder so that the app, the CLI and the tests agree. The order is: an explicit
``--data-dir``, then the ``ATTENDANCE_DESK_DATA_DIR`` environment variable, then the user's data folder from
platformdirs. Read-only resources (code tables, fonts, templates) live in the top-level ``resources/`` folder,
or beside the frozen executable when bundled by PyInstaller.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "AttendanceDesk"
DATA_DIR_ENV = "ATTENDANCE_DESK_DATA_DIR"
DATABASE_FILENAME = "attendance-desk.sqlite3"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return (and create) the folder holding the database, backups, logs and the document archive."""
    if explicit:
        folder = Path(explicit)
    elif os.environ.get(DATA_DIR_ENV):
        folder = Path(os.environ[DATA_DIR_ENV])
    else:
        folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    folder = folder.expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def protect_data_dir(data_dir: Path) -> None:
    """Only the user running the app may read its data (POSIX: umask 077, folders 0700, files 0600).

    The umask covers everything written from now on (database, -wal/-shm, backups, logs, archive); the chmods fix
    what an older version left readable. On Windows the data folder lives in the user's profile, whose ACLs
    already keep other users out.
    """
    if os.name != "posix":
        return
    os.umask(0o077)
    for folder in (data_dir, data_dir / "backups", data_dir / "logs", data_dir / "archive"):
        if not folder.exists():
            continue
        folder.chmod(PRIVATE_FOLDER)
        for path in folder.rglob("*"):
            if path.is_symlink():
                continue
            path.chmod(
                PRIVATE_FOLDER if path.is_dir() else PRIVATE_FILE & ~(0 if path.stat().st_mode & 0o200 else 0o200)
            )


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_FILENAME


def backups_dir(data_dir: Path) -> Path:
    folder = data_dir / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def logs_dir(data_dir: Path) -> Path:
    folder = data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def resources_dir() -> Path:
    """The read-only resources folder, frozen-aware."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
