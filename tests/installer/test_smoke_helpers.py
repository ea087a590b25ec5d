"""The smoke test's own checks must be able to fail: a bundle reading the source tree is caught."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def smoke():
    spec = importlib.util.spec_from_file_location("installer_smoke_test", ROOT / "installer" / "smoke_test.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def runner(smoke, tmp_path: Path):
    return smoke.Runner(tmp_path / "app", tmp_path / "work", "strace")


def test_a_read_of_the_source_tree_fails_the_trace_check(smoke, tmp_path: Path) -> None:
    trace = tmp_path / "t.trace"
    trace.write_text(
        f'101 openat(AT_FDCWD, "{tmp_path}/app/_internal/resources/codes/codes-2024.csv", O_RDONLY) = 3\n'
        f'102 openat(AT_FDCWD, "{ROOT}/resources/codes/codes-2024.csv", O_RDONLY|O_CLOEXEC) = 4\n',
        encoding="utf-8",
    )
    with pytest.raises(smoke.SmokeFailure, match="1 file"):
        runner(smoke, tmp_path).check_trace("step", trace)


def test_failed_probes_of_the_build_python_count_too(smoke, tmp_path: Path) -> None:
    import sysconfig

    trace = tmp_path / "t.trace"
    stdlib = sysconfig.get_paths()["stdlib"]
    trace.write_text(f'7 open("{stdlib}/encodings/__init__.py", O_RDONLY) = -1 ENOENT (No such file)\n', "utf-8")
    with pytest.raises(smoke.SmokeFailure):
        runner(smoke, tmp_path).check_trace("step", trace)


def test_system_libraries_and_the_bundle_itself_pass(smoke, tmp_path: Path) -> None:
    trace = tmp_path / "t.trace"
    trace.write_text(
        '5 openat(AT_FDCWD, "/etc/fonts/fonts.conf", O_RDONLY) = 3\n'
        '5 openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY|O_CLOEXEC) = 3\n'
        f'5 openat(AT_FDCWD, "{tmp_path}/app/_internal/libpython3.12.so.1.0", O_RDONLY) = 3\n',
        encoding="utf-8",
    )
    runner(smoke, tmp_path).check_trace("step", trace)


def test_hiding_the_source_always_puts_it_back(smoke, monkeypatch, tmp_path: Path) -> None:
    fake_root = tmp_path / "clone"
    (fake_root / "attendance_desk").mkdir(parents=True)
    (fake_root / "resources").mkdir()
    monkeypatch.setattr(smoke, "ROOT", fake_root)
    with pytest.raises(RuntimeError), smoke.source_hidden(True):
        assert not (fake_root / "attendance_desk").exists()
        assert not (fake_root / "resources").exists()
        raise RuntimeError("the bundle failed")
    assert (fake_root / "attendance_desk").is_dir() and (fake_root / "resources").is_dir()


def test_register_dates_come_from_the_demo_summary(smoke) -> None:
    line = "Kestleford Primary School (primary): 60 pupils, 30272 marks from 01/09/2025 to 26/11/2026, 6 staff."
    assert smoke.register_dates(line) == ("2025-09-01", "2026-11-26")
    with pytest.raises(smoke.SmokeFailure):
        smoke.register_dates("no dates here")


def test_commands_are_found_in_the_help_only_when_listed(smoke) -> None:
    help_text = "usage: attendance-desk COMMAND ...\n  COMMAND\n    import        take\n    staff         add staff\n"
    assert smoke.has_command(help_text, "staff")
    assert smoke.has_command("{import,staff,demo}", "staff")
    assert not smoke.has_command(help_text, "sta")
    assert not smoke.has_command("    demo   fill an empty database with staff", "staff")


def test_the_backup_revision_is_read_from_a_zip_backup_or_a_plain_copy(smoke, tmp_path: Path) -> None:
    import sqlite3
    import zipfile

    database = tmp_path / "attendance-desk.sqlite3"
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE alembic_version (version_num TEXT)")
    connection.execute("INSERT INTO alembic_version VALUES ('0005_casework')")
    connection.commit()
    connection.close()
    backup = tmp_path / "before-0006.zip"
    with zipfile.ZipFile(backup, "w") as archive:
        archive.write(database, "attendance-desk.sqlite3")
        archive.writestr("manifest.json", "{}")
    assert smoke.backup_revision(backup, tmp_path / "work") == "0005_casework"
    assert smoke.backup_revision(database, tmp_path / "work") == "0005_casework"


def test_the_letter_goes_to_the_pupil_with_the_lowest_attendance(smoke) -> None:
    report = "upn,name,attendance_percent\nA1,Ann,99.11\nB2,Bo,39.29\nC3,Cy,\nD4,Di,100.00\n"
    assert smoke.lowest_attendance_upn(report) == "B2"
    with pytest.raises(smoke.SmokeFailure):
        smoke.lowest_attendance_upn("upn,name,attendance_percent\nC3,Cy,\n")
