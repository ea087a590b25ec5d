"""Copies of the database file, taken with SQLite's online backup API (safe while the file is open)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from attendance_desk.paths import backups_dir


def backup_database(database_file: Path, data_dir: Path, label: str = "backup") -> Path:
    """Write a consistent copy of ``database_file`` into ``<data>/backups/`` and return its path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir(data_dir) / f"attendance-desk-{stamp}-{label}.sqlite3"
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
