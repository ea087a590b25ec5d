"""Settings › Backup: write a backup file now, see the automatic ones, restore one into a new data folder.

A backup is one file holding the database and every archived document (``store.backup``). Restoring never
overwrites: it needs an empty folder, checks every file against the backup's SHA-256 list, then checks the
database and the archive, and says how to start from the restored folder.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.text import plural
from attendance_desk.paths import backups_dir
from attendance_desk.services import school as school_service
from attendance_desk.services.backups import RestoreOutcome, backup_to, restore_and_verify
from attendance_desk.store.backup import BackupInfo
from attendance_desk.store.errors import describe_failure
from attendance_desk.ui import preferences
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.preferences import file_name
from attendance_desk.ui.tasks import Lane, TaskControl
from attendance_desk.ui.widgets.dialogs import ask_open_path, ask_save_path


class BackupTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)

        now_box = QGroupBox("Back up now")
        now_layout = QVBoxLayout(now_box)
        explain = QLabel(
            "A backup is one file holding the database and every archived letter and pack, with checksums so a "
            "damaged copy is noticed. Keep one somewhere other than this computer (a school network drive or an "
            "encrypted USB stick)."
        )
        explain.setWordWrap(True)
        now_layout.addWidget(explain)
        self.backup_button = QPushButton("Save a backup file…")
        self.backup_button.clicked.connect(self.backup_now)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addStretch(1)
        now_layout.addLayout(row)
        layout.addWidget(now_box)

        auto_box = QGroupBox("Automatic backups")
        auto_layout = QVBoxLayout(auto_box)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        auto_layout.addWidget(self.folder_label)
        self.list = QListWidget()
        auto_layout.addWidget(self.list, 1)
        layout.addWidget(auto_box, 1)

        restore_box = QGroupBox("Restore")
        restore_layout = QVBoxLayout(restore_box)
        restore_text = QLabel(
            "Restoring puts a backup into a new, empty folder (nothing here is overwritten) and checks it. Then "
            "start Attendance Desk with that folder as its data folder."
        )
        restore_text.setWordWrap(True)
        restore_layout.addWidget(restore_text)
        self.restore_button = QPushButton("Restore a backup file…")
        self.restore_button.clicked.connect(self.restore)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addStretch(1)
        restore_layout.addLayout(row)
        layout.addWidget(restore_box)
        self.reload()

    def on_shown(self) -> None:
        self.reload()

    def reload(self) -> None:
        folder = backups_dir(self.context.store.data_dir)
        self.folder_label.setText(
            f"A backup is written here once a day when the app starts (the last 14 days and the first of each "
            f"month for a year are kept), and before every upgrade: {folder}"
        )
        self.list.clear()
        for path in sorted(folder.glob("*.zip"), reverse=True):
            self.list.addItem(f"{path.name}   ({path.stat().st_size / 1_048_576:.1f} MB)")

    def _failed(self, title: str, error: BaseException) -> None:
        self._busy(False)
        described = describe_failure(error) or f"an unexpected error ({type(error).__name__})"
        QMessageBox.critical(self, title, f"{described[:1].upper()}{described[1:]}.")

    def _busy(self, busy: bool) -> None:
        self.backup_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy)

    def backup_now(self) -> None:
        school = school_service.load_school(self.context.store).name
        suggested = file_name("Attendance Desk backup", school, on=date.today(), suffix="zip")
        path = ask_save_path(self, "Save a backup", suggested, "Backup (*.zip)", purpose="backup")
        if not path:
            return
        target = Path(path if path.casefold().endswith(".zip") else path + ".zip")
        store = self.context.store

        def work(_control: TaskControl) -> BackupInfo:
            return backup_to(store, target)

        def done(info: BackupInfo) -> None:
            self._busy(False)
            self.context.events.status_message.emit(f"Backup saved to {info.path}")
            QMessageBox.information(
                self,
                "Backup saved",
                f"The backup was saved to {info.path}: the database and {plural(info.files - 1, 'archived file')}, "
                f"{info.size / 1_048_576:.1f} MB.",
            )

        self._busy(True)
        self.context.tasks.run(
            work, on_done=done, on_error=lambda e: self._failed("Backup", e), label="Backup", lane=Lane.READ
        )

    def restore(self) -> None:
        source = ask_open_path(self, "Choose a backup file", "Backup (*.zip)", "backup")
        if not source:
            return
        folder = QFileDialog.getExistingDirectory(
            self, "Choose an empty folder to restore into", str(preferences.last_folder("restore"))
        )
        if not folder:
            return

        def work(_control: TaskControl) -> RestoreOutcome:
            return restore_and_verify(Path(source), Path(folder))

        def done(outcome: RestoreOutcome) -> None:
            self._busy(False)
            text = "\n".join(outcome.lines())
            if outcome.ok:
                QMessageBox.information(
                    self,
                    "Backup restored",
                    f"{text}\n\nTo work from it, close Attendance Desk and start it with the data folder {folder} "
                    f'(attendance-desk --data-dir "{folder}").',
                )
            else:
                QMessageBox.warning(self, "The restored backup has problems", text)

        self._busy(True)
        self.context.tasks.run(
            work, on_done=done, on_error=lambda e: self._failed("Restore", e), label="Restore", lane=Lane.READ
        )


def create_tab(context: AppContext) -> QWidget:
    return BackupTab(context)
