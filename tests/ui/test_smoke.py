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
