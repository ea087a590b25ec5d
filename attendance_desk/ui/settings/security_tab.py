"""Settings → Security: the evidence check, sign-in lock, retention and encryption.

Everyone who may check the evidence sees the last result (the app checks once a day in the background) and can
run a check now; the administrator also sets the idle lock and the retention period, deletes records past it
(after confirming) and can turn on encryption. What a role may not do is not shown.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.access import Permission
from attendance_desk.domain.text import plural
from attendance_desk.services import retention, verify
from attendance_desk.store.backup import encrypt_school
from attendance_desk.store.encryption import MIN_PASSPHRASE, is_encrypted, remember_passphrase
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.tasks import Lane, TaskControl


def _when(text: str) -> str:
    try:
        return datetime.fromisoformat(text).astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return text


class SecurityTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        self.check_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # copy the link
        self.findings = QPlainTextEdit()
        self.findings.setReadOnly(True)
        self.findings.setMaximumHeight(110)
        self.check_button = QPushButton("Check the evidence now")
        self.check_button.clicked.connect(self.check_now)
        evidence = QGroupBox("Evidence check (audit chain, evidence rows, archived documents)")
        box = QVBoxLayout(evidence)
        box.addWidget(self.check_label)
        box.addWidget(self.findings)
        box.addWidget(self.check_button)

        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(0, 120)
        self.idle_minutes.setSuffix(" minutes")
        self.idle_minutes.setSpecialValueText("never")
        self.retention_years = QSpinBox()
        self.retention_years.setRange(3, 25)
        self.retention_years.setSuffix(" years after leaving")
        save = QPushButton("Save")
        save.clicked.connect(self.save_policy)
        self.policy_message = QLabel()
        self.policy_group = QGroupBox("Sign-in and retention")
        form = QFormLayout(self.policy_group)
        form.addRow("Lock the desk after no use for", self.idle_minutes)
        form.addRow("Keep registers and casework", self.retention_years)
        form.addRow(save, self.policy_message)

        self.due_label = QLabel()
        self.due_label.setWordWrap(True)
        self.due_button = QPushButton("List records due for deletion")
        self.due_button.clicked.connect(self.show_due)
        self.delete_button = QPushButton("Delete them…")
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete_due)
        self.retention_group = QGroupBox("Records past the retention period")
        rows = QVBoxLayout(self.retention_group)
        rows.addWidget(self.due_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.due_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        rows.addLayout(buttons)

        self.encryption_label = QLabel()
        self.encryption_label.setWordWrap(True)
        self.encrypt_button = QPushButton("Encrypt the database…")
        self.encrypt_button.clicked.connect(self.encrypt)
        self.encryption_group = QGroupBox("Encryption at rest (SQLCipher)")
        enc = QVBoxLayout(self.encryption_group)
        enc.addWidget(self.encryption_label)
        enc.addWidget(self.encrypt_button)

        layout = QVBoxLayout(self)
        for group in (evidence, self.policy_group, self.retention_group, self.encryption_group):
            layout.addWidget(group)
        layout.addStretch(1)
        self.report: retention.RetentionReport | None = None
        context.events.staff_changed.connect(lambda _s: self.on_shown())
        self.on_shown()

    def on_shown(self) -> None:
        admin = self.context.can(Permission.SCHOOL_SETTINGS)
        self.policy_group.setVisible(admin)
        self.retention_group.setVisible(self.context.can(Permission.RETENTION))
        self.encryption_group.setVisible(self.context.can(Permission.ENCRYPT))
        self.check_button.setVisible(self.context.can(Permission.VERIFY))
        policy = retention.load_policy(self.context.store)
        self.idle_minutes.setValue(policy.idle_lock_minutes)
        self.retention_years.setValue(policy.retention_years)
        self._show_last_check()
        encrypted = is_encrypted(self.context.store.data_dir)
        self.encryption_label.setText(
            "The database and its backups are encrypted with the school's passphrase."
            if encrypted
            else "The database is not encrypted: anyone who can copy the file can read it. Encrypting needs a "
            f"passphrase of at least {MIN_PASSPHRASE} characters; every PC then needs it (typed, or kept in its "
            "keyring). Without the passphrase the data cannot be recovered."
        )
        self.encrypt_button.setVisible(not encrypted)

    def _show_last_check(self) -> None:
        last = verify.last_result(self.context.store)
        if last is None:
            self.check_label.setText("The evidence has not been checked yet on this computer.")
            self.findings.setPlainText("")
            return
        state = "All as the app left it." if last.get("ok") else "PROBLEMS FOUND: see below and tell the head teacher."
        text = f"Last checked {_when(str(last.get('checked_at', '')))}. {state}\n{last['summary']}"
        if last.get("ok") and last.get("newest_link"):
            text += (
                f"\nNewest link of the audit chain: {last['newest_link']}. Write it down (the first 16 characters "
                "after the colon are enough): attendance-desk verify --anchor checks that nothing before it was "
                "rewritten."
            )
        self.check_label.setText(text)
        self.findings.setPlainText("\n".join(str(f) for f in last.get("findings", [])))

    def check_now(self) -> None:
        store, actor = self.context.store, self.context.staff_id
        self.check_button.setEnabled(False)

        def work(_control: TaskControl) -> verify.VerifyResult:
            result = verify.verify_evidence(store, actor)
            verify.save_result(store, result)
            return result

        def done(_result: verify.VerifyResult) -> None:
            self.check_button.setEnabled(True)
            self._show_last_check()

        def failed(error: BaseException) -> None:
            self.check_button.setEnabled(True)
            raise error

        self.context.tasks.run(work, on_done=done, on_error=failed, label="Checking the evidence", lane=Lane.READ)

    def save_policy(self) -> None:
        policy = retention.SecurityPolicy(self.retention_years.value(), self.idle_minutes.value())
        try:
            retention.save_policy(self.context.store, self.context.staff_id, policy)
        except ValueError as exc:
            self.policy_message.setText(str(exc))
            return
        self.policy_message.setText("Saved. The idle lock applies from the next start.")
        self.context.notify(DataArea.SETTINGS)

    def show_due(self) -> None:
        self.report = retention.records_due(self.context.store, self.context.staff_id)
        self.due_label.setText("\n".join(self.report.lines()))
        self.delete_button.setEnabled(not self.report.empty)

    def delete_due(self) -> None:
        if self.report is None or self.report.empty:
            return
        answer = QMessageBox.question(
            self,
            "Delete records for good?",
            "\n".join(self.report.lines())
            + "\n\nThis removes those pupils, their marks, casework, letters and archived PDFs. It cannot be undone; "
            "the audit log keeps only that a deletion happened, when and by whom.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        done = retention.delete_due(self.context.store, self.context.staff_id, self.report)
        self.due_label.setText(
            f"Deleted the records of {plural(done.pupils, 'pupil')} and {plural(done.documents, 'document')}."
        )
        self.delete_button.setEnabled(False)
        self.context.notify(DataArea.ALL)

    def encrypt(self) -> None:
        first, ok = QInputDialog.getText(
            self, "Encrypt the database", "School passphrase:", QLineEdit.EchoMode.Password
        )
        if not ok:
            return
        again, ok = QInputDialog.getText(self, "Encrypt the database", "The same again:", QLineEdit.EchoMode.Password)
        if not ok or again != first:
            QMessageBox.information(self, "Not encrypted", "The two passphrases differ; nothing was changed.")
            return
        if len(first) < MIN_PASSPHRASE:
            QMessageBox.information(self, "Not encrypted", f"Use at least {MIN_PASSPHRASE} characters.")
            return
        keep = QMessageBox.question(self, "Keep it on this PC?", "Keep the passphrase in this computer's keyring?")
        store = self.context.store
        database = store.database_file
        if database is None:
            return
        self.context.tasks.shutdown(wait=True)
        store.dispose()
        encrypt_school(database, store.data_dir, first)
        if keep == QMessageBox.StandardButton.Yes:
            remember_passphrase(store.data_dir, first)
        QMessageBox.information(
            self,
            "Encrypted",
            "The database and its backups are now encrypted. Attendance Desk will close; open it again and give "
            "the passphrase (unless this PC keeps it).",
        )
        QApplication.quit()


def create_tab(context: AppContext) -> QWidget:
    return SecurityTab(context)
