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
