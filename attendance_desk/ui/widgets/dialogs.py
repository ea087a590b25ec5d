"""Small questions asked in a dialog, kept in one place so tests can answer them."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> tuple[str, bool]:
    """A line of text, and whether the user pressed OK. Tests replace this."""
    return QInputDialog.getText(parent, title, label, text=text)
