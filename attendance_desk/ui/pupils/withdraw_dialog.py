"""Withdraw a call, home visit, stage change or notice recorded by mistake: choose it, say why. Nothing is
deleted; the record is kept, marked withdrawn with who, when and why (``services/withdrawals.py``)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.london import LONDON
from attendance_desk.services.withdrawals import Withdrawable, WithdrawalError, withdraw, withdrawable_for
from attendance_desk.ui.context import AppContext, DataArea


def _when(value: object) -> str:
    if isinstance(value, datetime):
        return value.astimezone(LONDON).strftime("%d/%m/%Y %H:%M") if value.tzinfo else f"{value:%d/%m/%Y %H:%M}"
    return f"{value:%d/%m/%Y}"


class WithdrawDialog(QDialog):
    def __init__(self, context: AppContext, pupil_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pupil_id = pupil_id
        self.setWindowTitle("Withdraw a record made by mistake")
        intro = QLabel(
            "Choose the record made by mistake and say why. It stays in the file, marked withdrawn with your "
            "name, the time and the reason, and no longer counts (as a contact, a visit or the pupil's stage)."
        )
        intro.setWordWrap(True)
        self.records = QListWidget()
        self.records.setAccessibleName("Records that can be withdrawn")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("For example: recorded against the wrong pupil")
        self.reason.setAccessibleName("Why it is withdrawn")
        self.error = QLabel("")
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        form = QFormLayout()
        reason_label = QLabel("&Why")
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        self.buttons = QDialogButtonBox()
        # Added in the order they are shown, so Tab goes Withdraw → Cancel (the box tabs in the order of adding).
        self.withdraw_button = self.buttons.addButton("Withdraw", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.withdraw_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.records, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self.items: list[Withdrawable] = withdrawable_for(context.store, pupil_id)
        for record in self.items:
            text = f"{_when(record.when)}  {record.what}" + (f" {record.summary}" if record.summary else "")
            item = QListWidgetItem(text + ("  (withdrawn)" if record.withdrawn else ""))
            if record.withdrawn:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.records.addItem(item)
        first = next((i for i, r in enumerate(self.items) if not r.withdrawn), -1)
        self.records.setCurrentRow(first)
        if first < 0:
            self.error.setText("Nothing recorded for this pupil can be withdrawn.")

    def save(self) -> None:
        row = self.records.currentRow()
        if row < 0 or self.items[row].withdrawn:
            self.error.setText("Choose the record made by mistake.")
            return
        record = self.items[row]
        try:
            withdraw(self.context.store, self.context.staff_id, record.entity, record.entity_id, self.reason.text())
        except WithdrawalError as exc:
            self.error.setText(str(exc))
            self.reason.setFocus()
            return
        self.context.notify(DataArea.ACTIVITY)
        self.context.events.status_message.emit(f"{record.what} withdrawn; it stays in the file, marked withdrawn")
        self.accept()
