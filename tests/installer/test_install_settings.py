"""The settings IT presets when installing (``attendance_desk.ini``): the data folder and the school's server."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attendance_desk import paths


@pytest.fixture
def ini(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    target = tmp_path / "program" / paths.INSTALL_SETTINGS_FILENAME
    target.parent.mkdir()
    monkeypatch.setenv(paths.INSTALL_SETTINGS_ENV, str(target))
    return target


def test_a_preset_data_folder_is_used_when_nothing_else_names_one(ini: Path, tmp_path: Path) -> None:
    preset = tmp_path / "shared drive" / "AttendanceDesk"
    ini.write_text(f"[attendance-desk]\ndata_dir = {preset}\nserver = \n", encoding="utf-8")
    assert paths.resolve_data_dir() == preset.resolve()
    assert preset.is_dir()
    assert paths.install_settings() == {"data_dir": str(preset)}, "an empty value is no setting"


def test_the_command_line_and_the_environment_beat_the_preset(ini: Path, tmp_path: Path, monkeypatch) -> None:
    ini.write_text(f"[attendance-desk]\ndata_dir = {tmp_path / 'preset'}\n", encoding="utf-8")
    assert paths.resolve_data_dir(tmp_path / "explicit") == (tmp_path / "explicit").resolve()
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "from-env"))
    assert paths.resolve_data_dir() == (tmp_path / "from-env").resolve()


def test_inno_setup_byte_order_mark_and_the_server_address_are_read(ini: Path) -> None:
    url = "postgresql+psycopg://desk@school-server/attendance_desk"
    ini.write_bytes(b"\xef\xbb\xbf[attendance-desk]\r\nserver=" + url.encode() + b"\r\n")
    assert paths.install_settings() == {"server": url}


@pytest.mark.parametrize(
    "content",
    [b"", b"data_dir = C:\\nowhere\n", b"[other]\ndata_dir = x\n", b"\xff\xfe\x00garbage", b"[attendance-desk\n"],
)
def test_a_broken_or_foreign_file_is_ignored_and_the_default_folder_applies(ini: Path, content: bytes) -> None:
    ini.write_bytes(content)
    assert paths.install_settings() == {}


@settings(max_examples=60, deadline=None)
@given(content=st.binary(max_size=200))
def test_no_file_content_stops_the_app_starting(content: bytes) -> None:
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / paths.INSTALL_SETTINGS_FILENAME
        target.write_bytes(b"[attendance-desk]\n" + content)
        old = os.environ.get(paths.INSTALL_SETTINGS_ENV)
        os.environ[paths.INSTALL_SETTINGS_ENV] = str(target)
        try:
            found = paths.install_settings()
        finally:
            if old is None:
                del os.environ[paths.INSTALL_SETTINGS_ENV]
            else:
                os.environ[paths.INSTALL_SETTINGS_ENV] = old
    assert isinstance(found, dict) and all(isinstance(v, str) and v for v in found.values())


def test_no_settings_file_outside_a_frozen_build(monkeypatch) -> None:
    monkeypatch.delenv(paths.INSTALL_SETTINGS_ENV, raising=False)
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert paths.install_settings_file() is None
    assert paths.install_settings() == {}


def test_the_frozen_app_reads_the_file_beside_its_executable(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv(paths.INSTALL_SETTINGS_ENV, raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "AttendanceDesk.exe"))
    assert paths.install_settings_file() == tmp_path / paths.INSTALL_SETTINGS_FILENAME


def test_environment_variables_in_the_preset_are_expanded(ini: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SCHOOL_SHARE", str(tmp_path / "share"))
    ini.write_text("[attendance-desk]\ndata_dir = $SCHOOL_SHARE/AttendanceDesk\n", encoding="utf-8")
    assert paths.resolve_data_dir() == (tmp_path / "share" / "AttendanceDesk").resolve()


def test_a_preset_server_is_used_when_this_pc_has_chosen_none(ini: Path, tmp_path: Path, monkeypatch) -> None:
    from attendance_desk.store.connection import DATABASE_URL_ENV, chosen_database_url, save_server_url

    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    preset = "postgresql+psycopg://desk@school-server/attendance_desk"
    ini.write_text(f"[attendance-desk]\nserver = {preset}\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    assert chosen_database_url(data) == preset
    chosen_here = "postgresql+psycopg://desk@other-server/attendance_desk"
    save_server_url(data, chosen_here)
    assert chosen_database_url(data) == chosen_here, "what this PC saved beats IT's preset"
    ini.write_text("[attendance-desk]\nserver = \n", encoding="utf-8")
    save_server_url(data, None)
    assert chosen_database_url(data) is None, "no preset, nothing saved: this PC's own file"
