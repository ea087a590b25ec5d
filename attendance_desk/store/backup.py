"""Copies of the database file, taken with SQLite's online backup API (safe while the file is open)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from attendance_desk.paths import backups_dir


def backup_database(
    database_file: Path, data_dir: Path, label: str = "backup", *, passphrase: str | None = None
) -> Path:
    """Write a consistent copy of ``database_file`` into ``<data>/backups/`` and return its path.

    An encrypted database (``passphrase`` given) is copied encrypted, with the same passphrase."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir(data_dir) / f"attendance-desk-{stamp}-{label}.sqlite3"
    if passphrase is not None:
        from attendance_desk.store.encryption import export_copy

        export_copy(database_file, target, source_key=passphrase, target_key=passphrase)
        return target
    source = sqlite3.connect(database_file)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target
