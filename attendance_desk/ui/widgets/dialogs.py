"""Small questions asked in a dialog, kept in one place so tests can answer them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from attendance_desk.ui import preferences


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> tuple[str, bool]:
    """A line of text, and whether the user pressed OK. Tests replace this."""
    return QInputDialog.getText(parent, title, label, text=text)


def ask_save_path(parent: QWidget, title: str, file_name: str, filters: str, purpose: str = "save") -> str:
    """A save dialog that starts in the folder this PC last saved to, with a meaningful file name; the folder
    chosen is remembered for next time. Returns the path, or "" when cancelled."""
    start = str(preferences.last_folder(purpose) / Path(file_name).name)
    path, _filter = QFileDialog.getSaveFileName(parent, title, start, filters)
    if path:
        preferences.remember_folder(path, purpose)
    return path


def ask_open_path(parent: QWidget, title: str, filters: str, purpose: str) -> str:
    """An open dialog that starts in the folder last used for ``purpose`` ("import", "images"); remembers it."""
    path, _filter = QFileDialog.getOpenFileName(parent, title, str(preferences.last_folder(purpose)), filters)
    if path:
        preferences.remember_folder(path, purpose)
    return path
