"""The panel shown in place of a page or tab that failed to open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget


class PageErrorPanel(QWidget):
    """Shown when a page or tab failed to open: the app carries on, and the details can be copied for support."""

    def __init__(self, title: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageErrorPanel")
        heading = QLabel(f"{title} could not be opened")
        heading.setObjectName("panelHeading")
        body = QLabel(
            "Something went wrong while opening this part of Attendance Desk. Your data has not been changed. "
            "The details below have also been written to the log; please send them to whoever supports the app."
        )
        body.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        copy = QPushButton("Copy details")
        copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addWidget(self.details, 1)
        layout.addWidget(copy, 0, Qt.AlignmentFlag.AlignLeft)
