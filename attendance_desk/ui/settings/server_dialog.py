"""Where this PC's data lives: its own database file, or the school's server (several PCs at once).

The choice belongs to the PC, not the school, so it is kept in the data folder (``server.json``), not in the
database. It takes effect the next time Attendance Desk starts. "Test the connection" runs off the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.services.server import connection as server_connection
from attendance_desk.services.server.connection import ServerAddress, ServerCheck
from attendance_desk.store.connection import BadDatabaseUrlError


class _CheckSignals(QObject):
    done = Signal(object)


class _CheckRunnable(QRunnable):
    def __init__(self, url: str, signals: _CheckSignals) -> None:
        super().__init__()
        self.url, self.signals = url, signals

    def run(self) -> None:
        self.signals.done.emit(server_connection.check_server(self.url))


class ServerDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.setWindowTitle("Where this PC keeps the school's data")
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grow with the message, never squash
        self.setMinimumWidth(560)
        self.own_file = QRadioButton("This PC keeps its own database (one PC only)")
        self.on_server = QRadioButton("This PC uses the school's server (several PCs at once)")
        layout.addWidget(self.own_file)
        layout.addWidget(self.on_server)
        form = QFormLayout()
        self.host = QLineEdit()
        self.host.setPlaceholderText("e.g. office-server or 192.168.1.20")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.database = QLineEdit()
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.encrypted = QCheckBox("Encrypt the connection (TLS; needed unless the server is this PC)")
        form.addRow("Server", self.host)
        form.addRow("Port", self.port)
        form.addRow("Database", self.database)
        form.addRow("User name", self.user)
        form.addRow("Password", self.password)
        form.addRow("", self.encrypted)
        layout.addLayout(form)
        self.test_button = QPushButton("Test the connection")
        self.test_button.setAutoDefault(False)
        layout.addWidget(self.test_button)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        note = QLabel(
            "The change takes effect when Attendance Desk next starts. The password is kept in this PC's data "
            "folder, readable by this Windows or Linux user only; ask whoever set up the server for these details."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(self.test)
        self.on_server.toggled.connect(self._enable)
        self.signals = _CheckSignals()
        self.signals.done.connect(self._tested)
        self._fill(server_connection.current_choice(data_dir))

    def _fill(self, url: str | None) -> None:
        address = ServerAddress.from_url(url) if url else ServerAddress()
        self.host.setText(address.host)
        self.port.setValue(address.port)
        self.database.setText(address.database)
        self.user.setText(address.user)
        self.password.setText(address.password)
        self.encrypted.setChecked(address.encrypted)
        (self.on_server if url else self.own_file).setChecked(True)
        self._enable()

    def _enable(self) -> None:
        server = self.on_server.isChecked()
        for widget in (self.host, self.port, self.database, self.user, self.password, self.encrypted):
            widget.setEnabled(server)
        self.test_button.setEnabled(server)

    def address(self) -> ServerAddress:
        return ServerAddress(
            self.host.text(),
            self.port.value(),
            self.database.text(),
            self.user.text(),
            self.password.text(),
            self.encrypted.isChecked(),
        )

    def test(self) -> None:
        try:
            url = self.address().url()
        except BadDatabaseUrlError as exc:
            self.message.setText(str(exc))
            return
        self.test_button.setEnabled(False)
        self.message.setText("Trying the server…")
        QThreadPool.globalInstance().start(_CheckRunnable(url, self.signals))

    def _tested(self, check: ServerCheck) -> None:
        self.test_button.setEnabled(self.on_server.isChecked())
        self.message.setText(("✓ " if check.ok else "") + check.message)

    def save(self) -> None:
        try:
            server_connection.use_server(self.data_dir, self.address() if self.on_server.isChecked() else None)
        except (BadDatabaseUrlError, OSError) as exc:
            self.message.setText(f"Nothing was saved: {exc}")
            return
        self.accept()

    @classmethod
    def edit(cls, data_dir: Path, parent: QWidget | None = None) -> bool:
        """Show the dialog; True when the user saved a choice. Tests replace this."""
        dialog = cls(data_dir, parent)
        return dialog.exec() == QDialog.DialogCode.Accepted
