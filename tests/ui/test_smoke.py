"""``attendance-desk --smoke``: the start-up check the installer's smoke test runs on the frozen app."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from attendance_desk import app as app_module
from attendance_desk.cli import main
from attendance_desk.paths import database_path
from attendance_desk.services import staff as staff_service
from attendance_desk.store.open import open_store
from attendance_desk.ui import pages


@pytest.fixture(autouse=True)
def _restore_hooks_and_logging(monkeypatch):
    """run_smoke replaces sys.excepthook and adds log handlers; keep both from leaking into other tests."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_smoke_on_a_fresh_folder_prints_the_time_and_exits_0(qtbot, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "fresh"
    assert main(["--smoke", "--data-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ready in ") and out.strip().endswith(" ms")
    assert database_path(folder).exists()


def test_smoke_asks_nothing_and_records_nobody(qtbot, data_dir: Path, capsys, monkeypatch) -> None:
    store = open_store(data_dir)
    staff_service.add_staff(store, None, name="Pat Office")
    store.dispose()
    asked = []
    monkeypatch.setattr(app_module, "choose_staff", lambda store: asked.append(store))
    monkeypatch.setattr(app_module, "show_message", lambda *args: asked.append(args))
    assert app_module.run_smoke(str(data_dir)) == 0
    assert asked == []
    assert "ready in" in capsys.readouterr().out


def test_a_page_missing_from_the_build_fails_the_smoke(qtbot, data_dir: Path, capsys, monkeypatch) -> None:
    def left_out(_context):
        import attendance_desk.ui.not_in_this_build  # noqa: F401  # what a bundle missing a module does

    patched = [replace(spec, factory=left_out) if spec.key == "reports" else spec for spec in pages.PAGES]
    monkeypatch.setattr(pages, "PAGES", patched)
    assert app_module.run_smoke(str(data_dir), all_pages=True) == app_module.EXIT_REFUSED
    captured = capsys.readouterr()
    assert "ready in" not in captured.out
    assert "cannot build Reports" in captured.err


def test_without_all_pages_only_the_first_page_is_built(qtbot, data_dir: Path, capsys, monkeypatch) -> None:
    """The cold start builds the page in front; the others wait for their first visit (the installer asks for
    every page with --all-pages, from the command line as here)."""
    built: list[str] = []

    def recording(spec: pages.PageSpec) -> pages.PageSpec:
        def factory(context):
            built.append(spec.key)
            return spec.factory(context)

        return replace(spec, factory=factory)

    monkeypatch.setattr(pages, "PAGES", [recording(spec) for spec in pages.PAGES])
    assert main(["--smoke", "--data-dir", str(data_dir)]) == 0
    assert built == ["pupils"]
    assert "ready in" in capsys.readouterr().out
    built.clear()
    assert main(["--smoke", "--all-pages", "--data-dir", str(data_dir)]) == 0
    assert sorted(built) == sorted(spec.key for spec in pages.PAGES)


def test_a_settings_tab_that_cannot_be_built_fails_the_smoke(qtbot, data_dir: Path, capsys, monkeypatch) -> None:
    from attendance_desk.ui.settings import tabs

    def broken(_context):
        raise FileNotFoundError("resources/style/app.qss")  # a resource the bundle left out

    first = tabs.SETTINGS_TABS[0]
    monkeypatch.setattr(tabs, "SETTINGS_TABS", [replace(first, factory=broken), *tabs.SETTINGS_TABS[1:]])
    assert app_module.run_smoke(str(data_dir)) == 0  # the cold start alone does not open Settings
    assert app_module.run_smoke(str(data_dir), all_pages=True) == app_module.EXIT_REFUSED
    assert f"cannot build Settings › {first.title}" in capsys.readouterr().err


def test_smoke_refuses_a_database_from_a_newer_version_and_leaves_it_alone(qtbot, data_dir: Path, capsys) -> None:
    open_store(data_dir).dispose()
    engine = create_engine(f"sqlite:///{database_path(data_dir)}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    before = database_path(data_dir).read_bytes()
    assert app_module.run_smoke(str(data_dir)) == app_module.EXIT_REFUSED
    assert "newer version" in capsys.readouterr().err
    assert database_path(data_dir).read_bytes() == before


def test_smoke_signs_in_the_scheduled_person_so_the_pupil_list_is_read(
    qtbot, data_dir: Path, capsys, monkeypatch
) -> None:
    """With $ATTENDANCE_DESK_STAFF and its password the first page loads what that person sees (the benchmark's cold
    start counts filling the pupil list); a wrong password fails the check instead of timing an empty page."""
    from attendance_desk.services import pupils as pupil_service
    from attendance_desk.services.accounts import hash_password
    from tests.helpers.accounts import TEST_PASSWORD, staff_with

    monkeypatch.setenv("ATTENDANCE_DESK_STAFF", "1")  # as the installer's check sets it, before any account exists
    monkeypatch.setenv("ATTENDANCE_DESK_PASSWORD", TEST_PASSWORD)
    assert app_module.run_smoke(str(data_dir)) == 0, "nobody can sign in yet: the check runs signed out"
    capsys.readouterr()
    store = open_store(data_dir)
    staff_id = staff_with(store, "Pat Lead", "attendance_lead", password_hash=hash_password(TEST_PASSWORD))
    store.dispose()
    readers: list[int | None] = []
    real_list = pupil_service.list_pupils

    def recording(store, actor_id, *args, **kwargs):
        readers.append(actor_id)
        return real_list(store, actor_id, *args, **kwargs)

    monkeypatch.setattr(pupil_service, "list_pupils", recording)
    monkeypatch.setenv("ATTENDANCE_DESK_STAFF", str(staff_id))
    monkeypatch.setenv("ATTENDANCE_DESK_PASSWORD", "not the password")
    assert app_module.run_smoke(str(data_dir)) == app_module.EXIT_REFUSED
    assert "sign-in refused" in capsys.readouterr().err
    monkeypatch.setenv("ATTENDANCE_DESK_PASSWORD", TEST_PASSWORD)
    assert readers == []  # refused before any page was built
    assert app_module.run_smoke(str(data_dir)) == 0
    assert "ready in" in capsys.readouterr().out
    assert readers == [staff_id]  # the Pupils page, first at start-up, read as the signed-in lead
