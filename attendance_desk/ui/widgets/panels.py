"""Panels shown in place of a page: one that is not built yet, and one that failed to open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget


class ComingSoonPanel(QWidget):
    """A calm panel for a page a later release fills: what it will hold, with nothing to click that does nothing."""

    def __init__(self, title: str, summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comingSoonPanel")
        heading = QLabel(title)
        heading.setObjectName("panelHeading")
        body = QLabel(summary)
        body.setWordWrap(True)
        body.setObjectName("panelBody")
        note = QLabel("This part of Attendance Desk is not installed in this version yet.")
        note.setObjectName("panelNote")
        note.setWordWrap(True)
        card = QWidget()
        card.setObjectName("panelCard")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(32, 28, 32, 28)
        card_layout.setSpacing(12)
        for widget in (heading, body, note):
            card_layout.addWidget(widget)
        card.setMaximumWidth(560)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.summary_label = body


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
