"""Save and open dialogs of MIS sync, Backup and the certificate start in the folder this PC last used, with a file
name that says what and when (the same ``ask_save_path`` and ``file_name`` as letters, logs and casework PDFs)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from attendance_desk.services import school as school_service
from attendance_desk.store.engine import Store
from attendance_desk.ui import preferences
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.letters.certificate_tab import CertificatePanel
from attendance_desk.ui.preferences import file_name
from attendance_desk.ui.settings.backup_tab import BackupTab
from attendance_desk.ui.sync.page import SyncPage
from attendance_desk.ui.tasks import TaskRunner
from tests.helpers.letters_school import build_school

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
TODAY = date.today().isoformat()


@pytest.fixture
def asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Path]]:
    """Every dialog asked (kind, start path); each is cancelled. The last folder saved to is ``tmp_path/work``."""
    folder = tmp_path / "work"
    folder.mkdir()
    preferences.remember_folder(folder / "earlier.pdf")
    seen: list[tuple[str, Path]] = []

    def save(_parent, _title, start, _filters):  # type: ignore[no-untyped-def]
        seen.append(("save", Path(start)))
        return "", ""

    def open_(_parent, _title, start, _filters):  # type: ignore[no-untyped-def]
        seen.append(("open", Path(start)))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_))
    return seen


def test_sync_exports_and_the_import_chooser(qtbot: QtBot, context: AppContext, asked: list, tmp_path: Path) -> None:
    page = SyncPage(context)
    qtbot.addWidget(page)
    page.export_communications()
    page.export_changes(pdf=False)
    page.export_changes(pdf=True)
    page.choose_file()
    folder = tmp_path / "work"
    assert asked == [
        ("save", folder / f"Communication log - {TODAY}.csv"),
        ("save", folder / f"Changes to key in - {TODAY}.csv"),
        ("save", folder / f"Changes to key in - {TODAY}.pdf"),
        ("open", folder),  # no import folder yet: where this PC last saved
    ]


def test_backup_names_the_school_and_the_day(qtbot: QtBot, context: AppContext, asked: list, tmp_path: Path) -> None:
    details = school_service.load_school(context.store)
    school_service.save_school(context.store, context.staff_id, replace(details, name="Kestleford Primary School"))
    tab = BackupTab(context)
    qtbot.addWidget(tab)
    tab.backup_now()
    tab.restore()
    assert asked == [
        ("save", tmp_path / "work" / f"Attendance Desk backup - Kestleford Primary School - {TODAY}.zip"),
        ("open", tmp_path / "work"),
    ]


def test_the_certificate_is_named_for_the_pupil(qtbot: QtBot, store: Store, asked: list, tmp_path: Path) -> None:
    build_school(store)
    context = AppContext(store, TaskRunner(synchronous=True), 1, "Dana Whitfield")
    panel = CertificatePanel(context)
    qtbot.addWidget(panel)
    panel.on_shown()
    panel.pupil.setCurrentIndex(panel.pupil.findData(1))
    assert panel.choose_file() is None
    name = panel.pupil.currentText().split(" (")[0]
    assert asked == [("save", tmp_path / "work" / f"Registration certificate - {name} - {TODAY}.pdf")]


def test_file_names_keep_accented_names_and_drop_what_windows_refuses() -> None:
    assert (
        file_name("Registration certificate", "Wiśniewska, Łucja", on=date(2026, 11, 27), suffix="pdf")
        == "Registration certificate - Wiśniewska, Łucja - 2026-11-27.pdf"
    )


@given(st.lists(st.text(max_size=30), max_size=4))
def test_a_file_name_is_always_one_safe_name(parts: list[str]) -> None:
    name = file_name(*parts, suffix="csv")
    assert name.endswith(".csv") and len(name) > len(".csv")
    assert not set('<>:"/\\|?*') & set(name)
    assert all(ord(c) >= 32 for c in name)
