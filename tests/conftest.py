"""Shared fixtures: offscreen Qt, a fresh store on a temporary file database, synthetic pupils."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before any Qt import: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("ATTENDANCE_DESK_DATA_DIR", None)

from attendance_desk.store.engine import Store
from attendance_desk.store.open import open_store

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """A migrated, empty store on a temporary file (a file, not :memory:, so worker threads see it too)."""
    opened = open_store(data_dir)
    yield opened
    opened.dispose()
