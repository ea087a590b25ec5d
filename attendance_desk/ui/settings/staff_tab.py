"""Settings → Staff: who can sign in, their position and role. Staff are deactivated, never deleted."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.access import ROLE_LABELS, Role
from attendance_desk.domain.vocabulary import StaffRole
from attendance_desk.services import accounts
from attendance_desk.services import staff as staff_service
from attendance_desk.services.staff import StaffError, StaffMember
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.generated.ui_staff_dialog import Ui_StaffDialog
from attendance_desk.ui.widgets.accessible import name as accessible

HEADERS = ("Name", "Position", "Role", "Email", "Status")


class StaffDialog(QDialog):
    """Add or edit one staff member; saving happens here so errors show beside the form."""

    def __init__(self, context: AppContext, member: StaffMember | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.member = member
        self.saved: StaffMember | None = None
        self.ui = Ui_StaffDialog()
        self.ui.setupUi(self)
        self.ui.errorLabel.setObjectName("errorText")
        self.setWindowTitle("Edit staff member" if member else "Add a staff member")
        for role in StaffRole:
            self.ui.roleCombo.addItem(role.label, role.value)
        if member:
            self.ui.nameEdit.setText(member.name)
            self.ui.positionEdit.setText(member.position)
            self.ui.emailEdit.setText(member.email)
            index = self.ui.roleCombo.findData(member.role)
            self.ui.roleCombo.setCurrentIndex(max(index, 0))
        self.ui.buttonBox.accepted.connect(self.save)
        self.ui.buttonBox.rejected.connect(self.reject)

    def save(self) -> None:
        values = {
            "name": self.ui.nameEdit.text(),
            "position": self.ui.positionEdit.text(),
            "role": self.ui.roleCombo.currentData(),
            "email": self.ui.emailEdit.text(),
        }
        store, actor = self.context.store, self.context.staff_id
        try:
            if self.member is None:
                self.saved = staff_service.add_staff(store, actor, **values)
            else:
                self.saved = staff_service.update_staff(store, actor, self.member.id, **values)
        except StaffError as exc:
            self.ui.errorLabel.setText(str(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, context: AppContext, member: StaffMember | None, parent: QWidget | None = None) -> StaffMember | None:
        """Show the dialog; the saved member, or None if cancelled. Tests replace this."""
        dialog = cls(context, member, parent)
        dialog.exec()
        return dialog.saved


class RolesDialog(QDialog):
    """Tick the further roles one staff member holds beside their main role."""

    def __init__(self, member: StaffMember, held: Collection[Role], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Further roles: {member.name}")
        layout = QVBoxLayout(self)
        intro = QLabel(f"Main role: {member.role_label}. Tick any other roles this person also holds.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.boxes: dict[Role, QCheckBox] = {}
        for role in Role:
            if role.value == member.role or role is Role.SIGNATURE_DELEGATE:
                continue  # signing with the head's signature is the head's to delegate
            box = QCheckBox(ROLE_LABELS[role])
            box.setChecked(role in held)
            self.boxes[role] = box
            layout.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class StaffTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.members: list[StaffMember] = []
        intro = QLabel(
            "Everyone who records calls, letters or decisions. People who leave are made inactive, "
            "so what they recorded still shows their name."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        accessible(self.table, "Staff")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item: self.edit())
        self.add_button = QPushButton("Add…")
        self.edit_button = QPushButton("Edit…")
        self.active_button = QPushButton("Deactivate")
        self.password_button = QPushButton("Set password…")
        self.roles_button = QPushButton("Further roles…")
        self.password_button.clicked.connect(self.set_password)
        self.roles_button.clicked.connect(self.set_roles)
        self.message = QLabel("")
        self.message.setObjectName("errorText")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.active_button.clicked.connect(self.toggle_active)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.active_button, self.password_button, self.roles_button):
            buttons.addWidget(button)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self.members = staff_service.list_staff(self.context.store)
        self.table.setRowCount(len(self.members))
        for row, member in enumerate(self.members):
            further = sorted(ROLE_LABELS[r] for r in accounts.further_roles(self.context.store, member.id))
            values = (
                member.name,
                member.position,
                ", ".join([member.role_label, *further]),
                member.email,
                "Active" if member.active else "Inactive",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if not member.active:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
            if member.id == select_id:
                self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> StaffMember | None:
        rows = self.table.selectionModel().selectedRows()
        return self.members[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        member = self.selected()
        self.edit_button.setEnabled(member is not None)
        self.active_button.setEnabled(member is not None)
        self.password_button.setEnabled(member is not None and member.active)
        self.roles_button.setEnabled(member is not None and member.active)
        self.active_button.setText("Reactivate" if member is not None and not member.active else "Deactivate")

    def add(self) -> None:
        saved = StaffDialog.ask(self.context, None, self)
        if saved is not None:
            self._changed(saved.id)

    def edit(self) -> None:
        member = self.selected()
        if member is None:
            return
        saved = StaffDialog.ask(self.context, member, self)
        if saved is not None:
            if saved.id == self.context.staff_id:
                self.context.set_staff(saved.id, saved.name)
            self._changed(saved.id)

    def toggle_active(self) -> None:
        member = self.selected()
        if member is None:
            return
        try:
            staff_service.set_active(self.context.store, self.context.staff_id, member.id, not member.active)
        except StaffError as exc:
            self.message.setText(str(exc))
            return
        self._changed(member.id)

    def set_password(self) -> None:
        """A new member has no password until an administrator sets one (they can change it themselves later)."""
        member = self.selected()
        if member is None:
            return
        password, ok = QInputDialog.getText(
            self, "Set password", f"New password for {member.name} (8 or more characters):", QLineEdit.EchoMode.Password
        )
        if not ok:
            return
        try:
            accounts.set_password(self.context.store, self.context.staff_id, member.id, password)
        except StaffError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(f"Password set for {member.name}.")

    def set_roles(self) -> None:
        member = self.selected()
        if member is None:
            return
        dialog = RolesDialog(member, accounts.further_roles(self.context.store, member.id), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        chosen = [role for role, box in dialog.boxes.items() if box.isChecked()]
        accounts.set_roles(self.context.store, self.context.staff_id, member.id, chosen)
        self._changed(member.id)

    def _changed(self, select_id: int) -> None:
        self.message.setText("")
        self.reload(select_id)
        self.context.notify(DataArea.STAFF)


def create_tab(context: AppContext) -> QWidget:
    return StaffTab(context)
