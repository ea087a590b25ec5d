"""What this PC remembers between sessions: the window's geometry, the last staff member, the last folders.

These are per-PC, per-user conveniences (never data): they live in ``QSettings``, not in the school's database,
so two offices sharing one database each keep their own. The sign-in dialog and the staff chooser both ask
:func:`last_staff_id` and call :func:`remember_staff` after a successful choice.

Tests point the settings at a temporary file with :func:`use_file` so nothing leaks into the real user profile.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "Attendance Desk"
APPLICATION = "Attendance Desk"
ENVIRONMENT_FILE = "ATTENDANCE_DESK_PREFERENCES"
"""An ini file to use instead of the user's settings (set by tests and for a portable install)."""

_file: str | None = None


def use_file(path: str | Path | None) -> None:
    """Keep preferences in ``path`` (an ini file) from now on; ``None`` goes back to the user's settings."""
    global _file
    _file = None if path is None else str(path)


def settings() -> QSettings:
    path = _file or os.environ.get(ENVIRONMENT_FILE)
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


# --- who worked here last ---------------------------------------------------------------------------------------


def last_staff_id() -> int | None:
    value = settings().value("staff/last_id")
    try:
        return int(str(value)) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def remember_staff(staff_id: int) -> None:
    store = settings()
    store.setValue("staff/last_id", int(staff_id))
    store.sync()


# --- window geometry --------------------------------------------------------------------------------------------


def window_geometry(name: str) -> QByteArray | None:
    value = settings().value(f"geometry/{name}")
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def remember_window_geometry(name: str, geometry: QByteArray) -> None:
    store = settings()
    store.setValue(f"geometry/{name}", geometry)
    store.sync()


# --- folders for save and open dialogs --------------------------------------------------------------------------


def last_folder(purpose: str = "save") -> Path:
    """The folder last used for ``purpose`` ("save", "import", "images"), or the user's documents folder."""
    value = settings().value(f"folders/{purpose}") or settings().value("folders/save")
    if value:
        folder = Path(str(value))
        if folder.is_dir():
            return folder
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def remember_folder(path: str | Path, purpose: str = "save") -> None:
    chosen = Path(path)
    folder = chosen if chosen.is_dir() else chosen.parent
    store = settings()
    store.setValue(f"folders/{purpose}", str(folder))
    store.sync()


# What Windows refuses in a file name (and control characters); letters such as ś and Ł are kept.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def file_name(*parts: str, on: date | None = None, suffix: str) -> str:
    """A meaningful file name: ``"Registration certificate - Amy Birch - 2026-11-27.pdf"``.

    Characters Windows refuses in a file name are dropped; the date is ISO so the files sort by day.
    """
    words = [_UNSAFE.sub("", part).strip(" .") for part in parts if part and part.strip()]
    if on is not None:
        words.append(on.isoformat())
    stem = " - ".join(w for w in words if w) or "attendance-desk"
    return f"{stem}.{suffix.lstrip('.')}"


def suggested_path(*parts: str, on: date | None = None, suffix: str, purpose: str = "save") -> str:
    """Where a save dialog should start: the last folder used, with a meaningful name."""
    return str(last_folder(purpose) / file_name(*parts, on=on, suffix=suffix))
