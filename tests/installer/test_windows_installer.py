"""The Inno Setup script, the spec and the app agree (the Windows build itself runs in the Windows workflow)."""

from __future__ import annotations

import re
from pathlib import Path

from attendance_desk import __version__, paths

ROOT = Path(__file__).resolve().parents[2]
ISS = (ROOT / "installer" / "windows" / "attendance_desk.iss").read_text(encoding="utf-8")
SPEC = (ROOT / "installer" / "attendance_desk.spec").read_text(encoding="utf-8")


def define(name: str) -> str:
    match = re.search(rf'^\s*#define {name} "([^"]*)"', ISS, re.MULTILINE)
    assert match, name
    return match.group(1)


def test_the_installer_writes_the_settings_file_the_app_reads() -> None:
    assert define("SettingsFile") == paths.INSTALL_SETTINGS_FILENAME
    assert f"'[{paths.INSTALL_SETTINGS_SECTION}]'" in ISS
    assert "'data_dir = '" in ISS and "'server = '" in ISS
    assert "{param:DATADIR|}" in ISS and "{param:SERVER|}" in ISS


def test_per_user_without_administrator_rights_unless_elevated() -> None:
    assert re.search(r"^PrivilegesRequired=lowest$", ISS, re.MULTILINE)
    assert re.search(r"^PrivilegesRequiredOverridesAllowed=commandline dialog$", ISS, re.MULTILINE)
    assert re.search(r"^DefaultDirName=\{autopf\}", ISS, re.MULTILINE)


def test_the_installer_starts_an_executable_the_spec_builds_and_never_touches_the_data_folder() -> None:
    exe = define("AppExe")
    assert f'executable("{exe.removesuffix(".exe")}", console=False)' in SPEC
    assert define("Bundle").endswith(r"dist\AttendanceDesk")
    assert define("AppVersion") == __version__, "iscc is given /DAppVersion=; the default should match"
    data_folder_mentions = [line for line in ISS.splitlines() if "AttendanceDesk" in line and "Type:" in line]
    assert data_folder_mentions == [], "the installer deletes nothing in the data folder"
    assert "{localappdata}\\AttendanceDesk" in ISS, "the uninstaller says where the data was left"
