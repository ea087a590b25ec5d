"""The facts a penalty-notice request for leave in term time needs that the record cannot give: when the parents
asked, the reason they gave, and (only when the letters archive holds no refusal letter) when the refusal went."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QPlainTextEdit, QWidget

from attendance_desk.domain.casework.referrals import LeaveFacts
from attendance_desk.services.casework.leave_pack import find_refusal
from attendance_desk.ui.casework.widgets import CaseDialog, date_edit, from_qdate
from attendance_desk.ui.context import AppContext


class LeaveRequestDialog(CaseDialog):
    def __init__(self, context: AppContext, pupil_id: int, today: date, parent: QWidget | None = None) -> None:
        super().__init__("Penalty notice request: leave in term time", parent)
        self.today = today
        self.refusal = find_refusal(context.store, context.staff_id, pupil_id, today)
        form = QFormLayout()
        self.requested_on = date_edit(today)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("As the parents put it in their request")
        self.reason.setMaximumHeight(80)
        self.refusal_sent_on = date_edit(today)
        self.policy_shared = QCheckBox("Our attendance policy follows the local code of conduct; parents have a copy")
        form.addRow("Leave requested on", self.requested_on)
        form.addRow("Reason given", self.reason)
        if self.refusal is not None:
            found = f"Letter of {self.refusal.on.strftime('%d/%m/%Y')} to {self.refusal.recipient}"
            found += f" ({self.refusal.delivery})" if self.refusal.delivery else " (no delivery recorded)"
            form.addRow("Refusal letter", QLabel(found))
        else:
            form.addRow("Refusal sent on", self.refusal_sent_on)
            form.addRow("", QLabel("No refusal letter is in the letters archive: attach a copy to the request."))
        form.addRow("", self.policy_shared)
        self.body.addLayout(form)
        self.body.addWidget(QLabel("The G-coded sessions, the parents and the return to school come from the record."))
        self.leave: LeaveFacts | None = None

    def save(self) -> object:
        return self.facts()

    def facts(self) -> LeaveFacts:
        reason = self.reason.toPlainText().strip()
        if not reason:
            raise ValueError("Type the reason the parents gave for the leave.")
        requested = from_qdate(self.requested_on.date())
        if requested > self.today:
            raise ValueError("The date of the leave request cannot be after today.")
        self.leave = LeaveFacts(
            requested_on=requested,
            reason_given=reason,
            refusal_sent_on=None if self.refusal is not None else from_qdate(self.refusal_sent_on.date()),
            policy_shared=self.policy_shared.isChecked(),
        )
        return self.leave
