"""Signing in: at start-up, from File → Switch staff member, and after the idle lock.

Each person picks their name and types their password (checked by ``services.accounts``: five wrong tries pause
signing in for a minute). The last person to sign in on this PC is preselected (QSettings). On a new database
the dialog asks for the first account instead, which becomes the administrator. The demo school's sign-in says
which password its made-up staff use.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidgetItem, QWidget

from attendance_desk.services import accounts
from attendance_desk.services import staff as staff_service
from attendance_desk.services.demo.school import DEMO_PASSWORD, DEMO_REASON
from attendance_desk.services.staff import StaffError, StaffMember
from attendance_desk.store.engine import Store
from attendance_desk.ui import preferences
from attendance_desk.ui.generated.ui_staff_chooser import Ui_StaffChooserDialog


def _is_demo(store: Store) -> bool:
    from sqlalchemy import select

    from attendance_desk.store.models import AuditEntry

    with store.session() as session:
        return session.scalar(select(AuditEntry.id).where(AuditEntry.reason == DEMO_REASON).limit(1)) is not None


class StaffChooserDialog(QDialog):
    def __init__(
        self, store: Store, parent: QWidget | None = None, current_id: int | None = None, *, locked: bool = False
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.ui = Ui_StaffChooserDialog()
        self.ui.setupUi(self)
        self.setWindowTitle("Locked: sign in again" if locked else "Sign in")
        self.ui.errorLabel.setObjectName("errorText")
        self.chosen: StaffMember | None = None
        self.first_account = accounts.needs_first_account(store)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Password")
        self.password.setAccessibleName("Password")
        if self.first_account:
            self._set_up_first_account()
        else:
            self._set_up_sign_in(current_id, locked)
        # Enter in the password field presses the default button only (one attempt per key press, not two).
        self.ui.buttonBox.accepted.connect(self._add if self.first_account else self._sign_in)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.staffList.itemActivated.connect(lambda _item: self.password.setFocus())
        self.ui.addButton.clicked.connect(self._add)

    def _set_up_first_account(self) -> None:
        self.ui.intro.setText(
            "Welcome. This is a new database: make the first account. It will be the administrator, who adds "
            "colleagues and their roles in Settings → Staff. Everything you record is kept with your name."
        )
        self.ui.staffList.setVisible(False)
        self.ui.addGroup.setTitle("Your details")
        self.ui.roleCaption.setVisible(False)
        self.ui.roleCombo.setVisible(False)
        self.ui.addForm.insertRow(2, "Password (8 or more characters)", self.password)
        QWidget.setTabOrder(self.ui.positionEdit, self.password)  # Tab goes name → position → password
        self.ui.addButton.setVisible(False)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText("Make the account and sign in")
        self.ui.nameEdit.setFocus()

    def _set_up_sign_in(self, current_id: int | None, locked: bool) -> None:
        self.ui.addGroup.setVisible(False)
        intro = "Choose your name and type your password."
        if locked:
            intro = "The desk was locked after a while with nobody working. Sign in to carry on."
        if _is_demo(self.store):
            intro += f"\n\nThis is the made-up demo school: every demo account's password is “{DEMO_PASSWORD}”."
        self.ui.intro.setText(intro)
        self.ui.mainLayout.insertWidget(2, QLabel("Password", self))
        self.ui.mainLayout.insertWidget(3, self.password)
        preselect = current_id if current_id is not None else preferences.last_staff_id()  # last on this PC
        self.members = staff_service.list_staff(self.store, include_inactive=False)
        # A long job title wraps onto a second line instead of running off the side behind a scroll bar.
        self.ui.staffList.setWordWrap(True)
        self.ui.staffList.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for member in self.members:
            text = member.name + (f", {member.position}" if member.position else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            self.ui.staffList.addItem(item)
            if preselect is not None and str(member.id) == str(preselect):
                self.ui.staffList.setCurrentItem(item)
        if self.members and self.ui.staffList.currentRow() < 0:
            self.ui.staffList.setCurrentRow(0)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText("Sign in")
        self.password.setFocus()

    def _sign_in(self) -> None:
        item = self.ui.staffList.currentItem()
        if item is None:
            self.ui.errorLabel.setText("Choose your name from the list.")
            return
        try:
            signed = accounts.sign_in(self.store, int(item.data(Qt.ItemDataRole.UserRole)), self.password.text())
        except accounts.SignInRefused as exc:
            self.ui.errorLabel.setText(str(exc))
            self.password.selectAll()
            self.password.setFocus()
            return
        self._done(signed.member)

    def _add(self) -> None:
        if not self.first_account:
            return
        try:
            member = accounts.create_first_account(
                self.store,
                name=self.ui.nameEdit.text(),
                password=self.password.text(),
                position=self.ui.positionEdit.text(),
            )
        except StaffError as exc:
            self.ui.errorLabel.setText(str(exc))
            return
        self._done(member)

    def _done(self, member: StaffMember) -> None:
        self.chosen = member
        self.password.clear()
        preferences.remember_staff(member.id)
        self.accept()

    @classmethod
    def ask(
        cls, store: Store, parent: QWidget | None = None, current_id: int | None = None, *, locked: bool = False
    ) -> StaffMember | None:
        """Show the dialog; the signed-in staff member, or None if cancelled. Tests replace this."""
        dialog = cls(store, parent, current_id, locked=locked)
        dialog.exec()
        return dialog.chosen if dialog.result() == QDialog.DialogCode.Accepted else None
