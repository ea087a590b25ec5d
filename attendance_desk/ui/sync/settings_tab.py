"""Settings › MIS sync: the watched folder, and the saved column-mapping profiles."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.services.sync import profiles as sync_profiles
from attendance_desk.services.sync import watch as sync_watch
from attendance_desk.ui.context import AppContext, DataArea


class SyncSettingsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        folder_box = QGroupBox("Watched folder")
        folder_layout = QVBoxLayout(folder_box)
        explanation = QLabel(
            "Point your MIS's scheduled export at this folder. While Attendance Desk is open, each export saved "
            "there is imported and then moved into 'imported' or 'rejected' beside it. With the app closed, "
            "Windows Task Scheduler can run: attendance-desk import marks FILE"
        )
        explanation.setWordWrap(True)  # reflows on a small screen instead of widening the page
        folder_layout.addWidget(explanation)
        row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setPlaceholderText("No folder: nothing is imported automatically")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self.choose)
        save = QPushButton("Save")
        save.clicked.connect(self.save)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        row.addWidget(save)
        folder_layout.addLayout(row)
        layout.addWidget(folder_box)
        profiles_box = QGroupBox("Saved column mappings (chosen automatically when the same columns come again)")
        profiles_layout = QVBoxLayout(profiles_box)
        self.profiles = QListWidget()
        profiles_layout.addWidget(self.profiles)
        self.delete_button = QPushButton("Delete the selected mapping")
        self.delete_button.clicked.connect(self.delete_profile)
        profiles_layout.addWidget(self.delete_button)
        layout.addWidget(profiles_box, 1)
        self.load()

    def on_shown(self) -> None:
        self.load()

    def load(self) -> None:
        self.folder.setText(sync_watch.watched_folder(self.context.store))
        self.profiles.clear()
        for profile in sync_profiles.list_profiles(self.context.store):
            item = QListWidgetItem(f"{profile.name} ({profile.kind}: {len(profile.columns)} columns)")
            item.setData(256, profile.name)
            self.profiles.addItem(item)
        self.delete_button.setEnabled(self.profiles.count() > 0)

    def choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose the folder your MIS exports to", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def save(self) -> bool:
        try:
            sync_watch.set_watched_folder(self.context.store, self.context.staff_id, self.folder.text())
        except ValueError as exc:
            QMessageBox.warning(self, "Watched folder", str(exc).capitalize() + ".")
            return False
        self.context.notify(DataArea.SETTINGS)
        self.context.events.status_message.emit("Watched folder saved")
        return True

    def delete_profile(self) -> None:
        item = self.profiles.currentItem()
        if item is None:
            return
        sync_profiles.delete_profile(self.context.store, self.context.staff_id, item.data(256))
        self.load()


def create_tab(context: AppContext) -> QWidget:
    return SyncSettingsTab(context)
