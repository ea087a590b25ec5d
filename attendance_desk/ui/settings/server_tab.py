"""Settings › This PC: whether this PC keeps its own database or uses the school's server."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from attendance_desk.services.server import connection as server_connection
from attendance_desk.store.engine import describe_url
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.settings.server_dialog import ServerDialog


class ServerTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        self.now = QLabel("")
        self.now.setWordWrap(True)
        layout.addWidget(self.now)
        self.next = QLabel("")
        self.next.setWordWrap(True)
        layout.addWidget(self.next)
        row = QHBoxLayout()
        self.change = QPushButton("This PC uses the school's server…")
        self.change.setObjectName("primary")
        row.addWidget(self.change)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.change.clicked.connect(self._change)
        self.load()

    def load(self) -> None:
        store = self.context.store
        if store.on_server:
            self.now.setText(
                f"This PC works on the school's server: {store.location}. Everyone on it sees the same pupils, "
                "calls and letters, and sees who is calling whom."
            )
        else:
            self.now.setText(
                f"This PC keeps its own database: {store.database_file}. Only this PC can use it; an office with "
                "several PCs needs the school's server (README: Setting up the school's server)."
            )
        chosen = server_connection.effective_choice(store.data_dir)
        if chosen is None:
            self.next.setText("Next start: this PC's own database.")
        else:
            self.next.setText(f"Next start: {describe_url(chosen)}.")

    def _change(self) -> None:
        if ServerDialog.edit(self.context.store.data_dir, self):
            self.load()
            self.next.setText(self.next.text() + " Close Attendance Desk and open it again to switch.")


def create_tab(context: AppContext) -> QWidget:
    return ServerTab(context)
