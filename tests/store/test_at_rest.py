"""Data at rest is readable only by the user running the app (POSIX modes)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from attendance_desk.paths import database_path
from attendance_desk.store.backup import backup_database
from attendance_desk.store.open import open_store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_database_backups_and_folders_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "logs").mkdir(mode=0o755)
    (data / "logs" / "old.log").write_text("left readable by an older version")
    (data / "logs" / "old.log").chmod(0o644)
    store = open_store(data)
    try:
        backup = backup_database(database_path(data), data)
        assert mode(data) == 0o700 and mode(data / "logs") == 0o700
        assert mode(database_path(data)) == 0o600 and mode(backup) == 0o600
        assert mode(data / "logs" / "old.log") == 0o600
        assert mode(backup.parent) == 0o700
    finally:
        store.dispose()
