"""Settings › Backup through its buttons: save a backup file, restore it into an empty folder and see it checked;
a non-empty folder is refused in a dialog with a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from attendance_desk.ui.context import AppContext
from attendance_desk.ui.settings import backup_tab
from attendance_desk.ui.settings.backup_tab import BackupTab


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    shown: list[tuple[str, str, str]] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(
            QMessageBox, kind, staticmethod(lambda _p, title, text, *_a, kind=kind: shown.append((kind, title, text)))
        )
    return shown


def test_backup_then_restore_through_the_tab(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: list
) -> None:
    tab = BackupTab(context)
    qtbot.addWidget(tab)
    target = tmp_path / "saved"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    tab.backup_now()
    assert (tmp_path / "saved.zip").exists()  # .zip added when the name had none
    assert boxes[-1][0] == "information" and "The backup was saved" in boxes[-1][2]
    restored = tmp_path / "restored"
    restored.mkdir()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(target) + ".zip", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a, **_k: str(restored)))
    tab.restore()
    kind, title, text = boxes[-1]
    assert (kind, title) == ("information", "Backup restored")
    assert "integrity_check): ok" in text and "--data-dir" in text
    assert (restored / "attendance-desk.sqlite3").exists()
    tab.restore()  # the same folder again: it is no longer empty
    kind, title, text = boxes[-1]
    assert (kind, title) == ("critical", "Restore") and "is not empty" in text and "Traceback" not in text
    assert backup_tab.create_tab(context) is not None
