"""Shared fixtures: offscreen Qt, a fresh store on a temporary file database (a copy of one migrated once per run)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before any Qt import: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("ATTENDANCE_DESK_DATA_DIR", None)

from attendance_desk.paths import database_path
from attendance_desk.store.engine import Store
from attendance_desk.store.open import open_store

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _no_real_data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A command run without --data-dir uses a throwaway folder, never the real user data folder of this machine."""
    monkeypatch.setenv("ATTENDANCE_DESK_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database brought to the newest schema once per run (running every migration takes a while)."""
    folder = tmp_path_factory.mktemp("migrated")
    open_store(folder).dispose()
    return database_path(folder)


@pytest.fixture
def store(data_dir: Path, migrated_database: Path) -> Iterator[Store]:
    """A migrated, empty store on a temporary file (a file, not :memory:, so worker threads see it too), copied
    from the run's migrated database; opening it still checks the schema is current."""
    shutil.copy(migrated_database, database_path(data_dir))
    opened = open_store(data_dir)
    yield opened
    opened.dispose()
