"""Choosing who is working at this computer (at start-up and from File → Switch staff member)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidgetItem, QWidget

from attendance_desk.domain.vocabulary import StaffRole
from attendance_desk.services import staff as staff_service
from attendance_desk.services.staff import StaffError, StaffMember
from attendance_desk.store.engine import Store
from attendance_desk.ui import preferences
from attendance_desk.ui.generated.ui_staff_chooser import Ui_StaffChooserDialog


class StaffChooserDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None, current_id: int | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.ui = Ui_StaffChooserDialog()
        self.ui.setupUi(self)
        self.ui.errorLabel.setObjectName("errorText")
        self.chosen: StaffMember | None = None
        for role in StaffRole:
            self.ui.roleCombo.addItem(role.label, role.value)
        self.members = staff_service.list_staff(store, include_inactive=False)
        if current_id is None:
            current_id = preferences.last_staff_id()  # whoever worked at this PC last
        for member in self.members:
            text = member.name + (f", {member.position}" if member.position else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            self.ui.staffList.addItem(item)
            if member.id == current_id:
                self.ui.staffList.setCurrentItem(item)
        if self.members and self.ui.staffList.currentRow() < 0:
            self.ui.staffList.setCurrentRow(0)
        if not self.members:
            self.ui.intro.setText(
                "Welcome. Add your name to start: everything you record is kept with your name against it. "
                "You can add colleagues later in Settings → Staff."
            )
            self.ui.staffList.setVisible(False)
            self.ui.addGroup.setTitle("Your details")
            self.ui.nameEdit.setFocus()
        ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Choose")
        ok.setEnabled(bool(self.members))
        self.ui.buttonBox.accepted.connect(self._choose_selected)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.staffList.itemActivated.connect(lambda _item: self._choose_selected())
        self.ui.addButton.clicked.connect(self._add)
        self.ui.nameEdit.returnPressed.connect(self._add)

    def _choose_selected(self) -> None:
        item = self.ui.staffList.currentItem()
        if item is None:
            self.ui.errorLabel.setText("Choose your name from the list, or add yourself below.")
            return
        staff_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.chosen = next(m for m in self.members if m.id == staff_id)
        preferences.remember_staff(staff_id)
        self.accept()

    def _add(self) -> None:
        try:
            self.chosen = staff_service.add_staff(
                self.store,
                None,  # people add themselves: the new member is recorded as the actor
                name=self.ui.nameEdit.text(),
                position=self.ui.positionEdit.text(),
                role=self.ui.roleCombo.currentData(),
            )
        except StaffError as exc:
            self.ui.errorLabel.setText(str(exc))
            self.ui.nameEdit.setFocus()
            return
        preferences.remember_staff(self.chosen.id)
        self.accept()

    @classmethod
    def ask(cls, store: Store, parent: QWidget | None = None, current_id: int | None = None) -> StaffMember | None:
        """Show the dialog; the chosen (or newly added) staff member, or None if cancelled. Tests replace this."""
        dialog = cls(store, parent, current_id)
        dialog.exec()
        return dialog.chosen if dialog.result() == QDialog.DialogCode.Accepted else None
