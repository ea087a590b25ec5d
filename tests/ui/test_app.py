"""Start-up: the single-instance lock, a newer database refused clearly, the staff chooser, the main window."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QLockFile
from sqlalchemy import create_engine, text

from attendance_desk import app as app_module
from attendance_desk.paths import database_path
from attendance_desk.services import staff as staff_service
from attendance_desk.store.open import open_store
from attendance_desk.ui.main_window import MainWindow


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(app_module, "show_message", lambda title, text: shown.append((title, text)))
    return shown


@pytest.fixture(autouse=True)
def _no_log_handlers_left(monkeypatch):
    """run_app adds a file handler to the root logger; keep it from leaking into other tests."""
    import logging

    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_a_second_copy_is_refused_with_a_clear_message(qtbot, data_dir: Path, messages) -> None:
    first = QLockFile(str(data_dir / app_module.LOCK_FILENAME))
    assert first.tryLock(0)
    try:
        assert app_module.run_app(str(data_dir)) == app_module.EXIT_REFUSED
    finally:
        first.unlock()
    assert messages and messages[0][0] == "Attendance Desk is already open"
    assert str(data_dir) in messages[0][1]


def test_a_database_from_a_newer_version_is_refused_and_left_alone(qtbot, data_dir: Path, messages) -> None:
    open_store(data_dir).dispose()
    engine = create_engine(f"sqlite:///{database_path(data_dir)}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    before = database_path(data_dir).read_bytes()
    assert app_module.run_app(str(data_dir)) == app_module.EXIT_REFUSED
    assert messages[0][0] == "This database needs a newer Attendance Desk"
    assert "newer version" in messages[0][1]
    assert database_path(data_dir).read_bytes() == before


def test_start_chooses_staff_then_opens_the_main_window(qtbot, data_dir: Path, monkeypatch, messages) -> None:
    store = open_store(data_dir)
    member = staff_service.add_staff(store, None, name="Pat Office")
    store.dispose()
    monkeypatch.setattr(app_module, "choose_staff", lambda store: (member.id, member.name))
    seen: list[MainWindow] = []
    labels: list[str] = []

    def fake_loop(app) -> int:
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen.extend(windows)
        for window in windows:
            labels.append(window.staff_label.text())
            window.close()
        return 0

    monkeypatch.setattr(app_module, "run_event_loop", fake_loop)
    from attendance_desk.ui import main_window as main_window_module

    offered: list[MainWindow] = []
    monkeypatch.setattr(main_window_module, "schedule_first_run", offered.append)
    assert app_module.run_app(str(data_dir)) == 0
    assert len(seen) == 1 and seen[0].context.staff_id == member.id
    assert offered == seen, "a new database is offered the demo school or an MIS import"
    assert labels == ["Working as: Pat Office"]
    assert not shiboken6.isValid(seen[0]), "the window is taken down before the app returns, not at exit"
    assert messages == []
    assert (data_dir / "logs" / app_module.LOG_FILENAME).exists()
    lock = QLockFile(str(data_dir / app_module.LOCK_FILENAME))
    assert lock.tryLock(0), "the lock is released when the app closes"
    lock.unlock()


def test_no_staff_chosen_closes_quietly(qtbot, data_dir: Path, monkeypatch, messages) -> None:
    monkeypatch.setattr(app_module, "choose_staff", lambda store: None)
    assert app_module.run_app(str(data_dir)) == 0
    assert messages == []


@pytest.mark.parametrize("content", [b"", b"not a database, just text\n" * 40])
def test_an_unusable_database_is_refused_with_a_sentence_and_kept(qtbot, data_dir: Path, messages, content) -> None:
    database_path(data_dir).write_bytes(content)
    assert app_module.run_app(str(data_dir)) == app_module.EXIT_REFUSED
    title, text_shown = messages[0]
    assert title == "Attendance Desk cannot open its database"
    assert "Restore the latest backup" in text_shown and "Traceback" not in text_shown
    assert database_path(data_dir).read_bytes() == content  # never replaced by an empty school


def test_start_up_writes_the_daily_backup_and_finishes_after_import_work(qtbot, store, tmp_path: Path) -> None:
    from sqlalchemy import update

    from attendance_desk.store.models import ImportBatch
    from attendance_desk.ui.context import AppContext
    from attendance_desk.ui.tasks import TaskRunner

    with store.transaction() as session:
        batch = ImportBatch(kind="marks", file_name="m.csv", status="imported")
        session.add(batch)
        session.flush()
        session.execute(update(ImportBatch).where(ImportBatch.id == batch.id).values(after_import="pending"))
    context = AppContext(store, TaskRunner(synchronous=True), None, "Tester")
    said: list[str] = []
    context.events.status_message.connect(said.append)
    app_module.start_housekeeping(context)
    assert any("had not finished" in s for s in said) and any("backup was written" in s for s in said)
    assert len(list((store.data_dir / "backups").glob("*-daily.zip"))) == 1
    said.clear()
    app_module.start_housekeeping(context)
    assert said == []  # once a day; nothing left pending
