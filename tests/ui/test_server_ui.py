"""The server back end in the app: start-up problems explained, the connection dialog, screens following other PCs."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from sqlalchemy.engine import make_url

from attendance_desk import app as app_module
from attendance_desk.services.server import presence
from attendance_desk.store.connection import saved_server_url
from attendance_desk.store.engine import Store
from attendance_desk.store.open import open_store
from attendance_desk.ui.calling.presence_bar import PresenceBar
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.live_updates import PRESENCE, LiveUpdates, areas_for
from attendance_desk.ui.settings.server_dialog import ServerDialog
from attendance_desk.ui.settings.server_tab import ServerTab
from tests.helpers.calling_seed import add_staff
from tests.helpers.casework_seed import seed_pupil


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(autouse=True)
def _no_log_handlers_left():  # type: ignore[no-untyped-def]
    import logging

    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_an_unreachable_server_at_start_is_explained_and_the_user_can_close(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def ask(text: str) -> str:
        asked.append(text)
        return "retry" if len(asked) == 1 else "close"

    monkeypatch.setattr(app_module, "ask_after_server_problem", ask)
    url = f"postgresql+psycopg://desk:pw@127.0.0.1:{_closed_port()}/attendance_desk"
    assert app_module.run_app(str(data_dir), database_url=url) == app_module.EXIT_REFUSED
    assert len(asked) == 2, "Try again tries again; Close closes"
    assert asked[0].startswith("Attendance Desk cannot reach the school's server")


def test_the_connection_dialog_saves_the_choice_for_this_pc_only(qtbot, data_dir: Path) -> None:
    dialog = ServerDialog(data_dir)
    qtbot.addWidget(dialog)
    assert dialog.own_file.isChecked() and not dialog.host.isEnabled()
    dialog.on_server.setChecked(True)
    dialog.host.setText("office-server")
    dialog.database.setText("")
    dialog.save()
    assert "names no database" in dialog.message.text() and saved_server_url(data_dir) is None
    dialog.database.setText("attendance_desk")
    dialog.user.setText("desk_office")
    dialog.password.setText("s3cret pass")
    dialog.save()
    assert dialog.result() == ServerDialog.DialogCode.Accepted
    url = saved_server_url(data_dir)
    parsed = make_url(url or "")
    assert (parsed.drivername, parsed.username, parsed.password, parsed.host, parsed.port, parsed.database) == (
        "postgresql+psycopg", "desk_office", "s3cret pass", "office-server", 5432, "attendance_desk"
    )  # fmt: skip
    assert parsed.query == {"sslmode": "require"}
    assert (data_dir / "server.json").stat().st_mode & 0o077 == 0, "only this user can read the password"
    again = ServerDialog(data_dir)
    qtbot.addWidget(again)
    assert again.on_server.isChecked() and again.password.text() == "s3cret pass" and again.encrypted.isChecked()
    again.own_file.setChecked(True)
    again.save()
    assert saved_server_url(data_dir) is None


def test_testing_an_unreachable_server_says_so_without_freezing(qtbot, data_dir: Path) -> None:
    dialog = ServerDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.on_server.setChecked(True)
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(_closed_port())
    dialog.encrypted.setChecked(False)
    dialog.test()
    assert dialog.message.text() == "Trying the server…"
    qtbot.waitUntil(lambda: "cannot reach" in dialog.message.text(), timeout=15_000)


def test_the_settings_tab_says_where_this_pc_keeps_its_data(qtbot, context: AppContext) -> None:
    tab = ServerTab(context)
    qtbot.addWidget(tab)
    assert "This PC keeps its own database" in tab.now.text()
    assert tab.next.text() == "Next start: this PC's own database."


def test_tables_map_to_the_screens_that_show_them() -> None:
    assert areas_for({"call_attempts", "desk_presence"}) == ["activity", "calls", "presence"]
    assert areas_for({"alembic_version"}) == []


@pytest.mark.postgresql_only
def test_another_pcs_presence_appears_on_the_today_line_without_a_reload(
    qtbot, store: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from attendance_desk.ui.tasks import TaskRunner

    me = add_staff(store, "Pat Office")
    jo = add_staff(store, "Jo Bloggs")
    pupil, (mother, _) = seed_pupil(store)
    context = AppContext(store, TaskRunner(synchronous=True), me, "Pat Office")
    bar = PresenceBar(context)
    qtbot.addWidget(bar)
    live = LiveUpdates(context)
    try:
        import attendance_desk.store.engine as engine_module

        monkeypatch.setattr(engine_module, "INSTANCE_NAME", "Attendance Desk jo-pc")
        jos_pc = open_store(data_dir)
        try:
            with qtbot.waitSignal(context.events.data_changed, timeout=10_000, check_params_cb=lambda a: a == PRESENCE):
                presence.set_calling(jos_pc, jo, pupil, mother)
        finally:
            jos_pc.dispose()
        assert bar.isVisibleTo(bar.parentWidget() or bar) or bar.text()
        assert bar.text() == "On other PCs now: Jo Bloggs is calling Zofia1’s mother"
        bar.calling(pupil, None)  # this PC opens the same pupil: the line says so
        assert "<b>Jo Bloggs is calling Zofia1’s mother</b> (this pupil)" in bar.text()
        assert isinstance(bar, QLabel)
    finally:
        live.stop()
