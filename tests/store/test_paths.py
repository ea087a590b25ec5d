"""Where the data lives: --data-dir, then the environment variable, then the user's data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from attendance_desk.paths import DATA_DIR_ENV, resolve_data_dir, resource_path


def test_explicit_folder_wins_over_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "from-env"))
    assert resolve_data_dir(tmp_path / "explicit") == (tmp_path / "explicit").resolve()
    assert resolve_data_dir(None) == (tmp_path / "from-env").resolve()
    assert (tmp_path / "from-env").is_dir()


def test_user_data_folder_is_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_data_dir(None) == (tmp_path / "xdg" / "AttendanceDesk").resolve()


def test_code_tables_ship_as_resources() -> None:
    assert resource_path("codes", "codes-2024.csv").is_file()
    assert resource_path("codes", "codes-pre2024.csv").is_file()
