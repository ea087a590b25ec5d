"""Pieces shared by the calling-desk settings editors."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton


def save_row(on_save: Callable[[], None], on_reset: Callable[[], None], reset_text: str) -> tuple[QHBoxLayout, QLabel]:
    """A row with a message, a reset button and the Save button (the tab owns its Save, as Settings expects)."""
    message = QLabel("")
    message.setObjectName("errorText")
    message.setWordWrap(True)
    reset = QPushButton(reset_text)
    save = QPushButton("Save")
    save.setObjectName("primary")
    reset.clicked.connect(on_reset)
    save.clicked.connect(on_save)
    row = QHBoxLayout()
    row.addWidget(message, 1)
    row.addWidget(reset)
    row.addWidget(save)
    return row, message


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label
