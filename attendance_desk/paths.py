"""Where Attendance Desk keeps its files.

One place decides the data folder so that the app, the CLI and the tests agree. The order is: an explicit
``--data-dir``, then the ``ATTENDANCE_DESK_DATA_DIR`` environment variable, then the folder IT preset when
installing (``data_dir`` in ``attendance_desk.ini``, see :func:`install_settings`), then the user's data folder
from platformdirs. Read-only resources (code tables, fonts, templates) live in the top-level ``resources/`` folder,
or beside the frozen executable when bundled by PyInstaller.
"""

from __future__ import annotations

import configparser
import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "AttendanceDesk"
DATA_DIR_ENV = "ATTENDANCE_DESK_DATA_DIR"
DATABASE_FILENAME = "attendance-desk.sqlite3"
INSTALL_SETTINGS_FILENAME = "attendance_desk.ini"
INSTALL_SETTINGS_ENV = "ATTENDANCE_DESK_INSTALL_SETTINGS"
INSTALL_SETTINGS_SECTION = "attendance-desk"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return (and create) the folder holding the database, backups, logs and the document archive."""
    preset = None if explicit or os.environ.get(DATA_DIR_ENV) else install_settings().get("data_dir")
    if explicit:
        folder = Path(explicit)
    elif os.environ.get(DATA_DIR_ENV):
        folder = Path(os.environ[DATA_DIR_ENV])
    elif preset:
        folder = Path(os.path.expandvars(preset))  # IT may write %USERNAME% or %USERPROFILE% into the preset
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


def install_settings_file() -> Path | None:
    """The settings file the installer wrote: beside the frozen executable, or named by an environment variable.

    IT presets the data folder (``/DATADIR=``) or the school's server (``/SERVER=``) when installing; the Windows
    installer writes them to ``attendance_desk.ini`` in the program folder, where the office cannot change them.
    """
    if os.environ.get(INSTALL_SETTINGS_ENV):
        return Path(os.environ[INSTALL_SETTINGS_ENV])
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent / INSTALL_SETTINGS_FILENAME
    return None


def install_settings() -> dict[str, str]:
    """``data_dir`` and ``server`` from the install settings file; empty when there is none or it is unreadable.

    A broken file must not stop the app starting: the office would have no way to fix it, so it is ignored (and
    the defaults apply) rather than refused.
    """
    path = install_settings_file()
    if path is None or not path.is_file():
        return {}
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8-sig")  # Inno Setup may write a byte-order mark
    except (OSError, UnicodeDecodeError, configparser.Error):
        return {}
    if not parser.has_section(INSTALL_SETTINGS_SECTION):
        return {}
    return {key: value.strip() for key, value in parser.items(INSTALL_SETTINGS_SECTION) if value.strip()}
