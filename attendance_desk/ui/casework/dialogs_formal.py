"""Dialogs for attendance contracts and their reviews, Notices to Improve and penalty notices.

A contract names each parent with a tick for "at the meeting": the service refuses an agreed contract when a
named parent was not there, and the message appears in the dialog."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from attendance_desk.domain.casework import records as rec
from attendance_desk.domain.casework.periods import (
    CONTRACT_NEXT_STEP_LABELS,
    CONTRACT_REVIEW_WEEKS,
    CONTRACT_STATUS_LABELS,
    NTI_MAX_WEEKS,
    NTI_MIN_WEEKS,
    ContractNextStep,
    ContractStatus,
)
from attendance_desk.services.casework import contracts as casework_contracts
from attendance_desk.services.casework import notices as casework_notices
from attendance_desk.services.casework import stages as casework_stages
from attendance_desk.ui.casework.widgets import CaseDialog, RowsEditor, date_edit, from_qdate
from attendance_desk.ui.context import AppContext


class ContractDialog(CaseDialog):
    def __init__(self, context: AppContext, pupil_id: int, today: date, parent: QWidget | None = None) -> None:
        super().__init__("Attendance contract", parent)
        self.context, self.pupil_id = context, pupil_id
        self.known_parents = casework_contracts.parents_for(context.store, context.staff_id, pupil_id)
        form = QFormLayout()
        self.meeting_date = date_edit(today)
        self.status = QComboBox()
        for status in ContractStatus:
            self.status.addItem(CONTRACT_STATUS_LABELS[status], status.value)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Needed when the contract was not agreed or not used")
        self.parent_checks: list[tuple[QCheckBox, QCheckBox, rec.ParentEntry]] = []
        form.addRow("Date of meeting", self.meeting_date)
        form.addRow("Outcome", self.status)
        form.addRow("Reason", self.reason)
        for entry in self.known_parents[:2]:
            named = QCheckBox(f"{entry.name}: named in the contract")
            named.setChecked(True)
            attended = QCheckBox("at the meeting")
            form.addRow(named, attended)
            self.parent_checks.append((named, attended, entry))
        if not self.known_parents:
            form.addRow("", QLabel("No contact with parental responsibility is recorded for this pupil."))
        self.review_weeks = QComboBox()
        for weeks in CONTRACT_REVIEW_WEEKS:
            self.review_weeks.addItem(f"{weeks} weeks", weeks)
        self.review_weeks.setCurrentIndex(2)
        self.barriers = QPlainTextEdit()
        self.requirements = QPlainTextEdit()
        self.support = QPlainTextEdit()
        self.consent = QCheckBox("The parents consent to information sharing")
        form.addRow("Review period", self.review_weeks)
        form.addRow("Barriers to attending", self.barriers)
        form.addRow("What the parents agree to do", self.requirements)
        form.addRow("Support offered", self.support)
        form.addRow("", self.consent)
        self.body.addLayout(form)
        self.action_rows = RowsEditor(
            ["For (Parents/Pupil/School/Other agencies)", "Outcome and action", "How", "By when"],
            [list(a) for a in rec.DEFAULT_ACTIONS],
        )
        self.body.addWidget(QLabel("Plan of action"))
        self.body.addWidget(self.action_rows)

    def save(self) -> object:
        return casework_contracts.record_contract(
            self.context.store, self.context.staff_id, self.pupil_id, self.draft()
        )

    def draft(self) -> rec.ContractDraft:
        parents = []
        for named, attended, entry in self.parent_checks:
            if named.isChecked():
                entry.attended = attended.isChecked()
                parents.append(entry)
        return rec.ContractDraft(
            from_qdate(self.meeting_date.date()),
            ContractStatus(self.status.currentData()),
            parents,
            self.reason.text().strip(),
            self.review_weeks.currentData(),
            None,
            self.barriers.toPlainText().strip(),
            self.requirements.toPlainText().strip(),
            self.support.toPlainText().strip(),
            [rec.ContractAction(party, outcome, how, when) for party, outcome, how, when in self.action_rows.rows()],
            self.consent.isChecked(),
            [("Chair", self.context.staff_name)],
        )


class ContractReviewDialog(CaseDialog):
    def __init__(self, context: AppContext, contract: rec.ContractView, today: date, parent: QWidget | None = None):
        super().__init__("Review the attendance contract", parent)
        form = QFormLayout()
        self.review_date = date_edit(today)
        self.progress = QPlainTextEdit()
        self.reduced = QLineEdit()
        self.new_barriers = QLineEdit()
        self.met: list[QComboBox] = []
        form.addRow("Date of review", self.review_date)
        form.addRow("Evidence of progress against the actions?", self.progress)
        form.addRow("Have the barriers reduced?", self.reduced)
        form.addRow("Any new barriers?", self.new_barriers)
        for action in contract.draft.actions:
            combo = QComboBox()
            combo.addItems(["Not assessed", "Met", "Not met"])
            form.addRow(f"{action.party}: {action.outcome[:50]}", combo)
            self.met.append(combo)
        self.next_step = QComboBox()
        for step in ContractNextStep:
            self.next_step.addItem(CONTRACT_NEXT_STEP_LABELS[step], step.value)
        self.next_review = date_edit(
            casework_stages.proposed_review_date(context.store, today, contract.draft.review_weeks or 4)
        )
        form.addRow("Next step", self.next_step)
        form.addRow("Next review (to review again)", self.next_review)
        self.body.addLayout(form)
        self.new_actions = RowsEditor(["New or outstanding action", "How", "By when"])
        self.body.addWidget(self.new_actions)
        self.context, self.contract_id, self.contract_version = context, contract.id, contract.version

    def save(self) -> object:
        return casework_contracts.review_contract(
            self.context.store,
            self.context.staff_id,
            self.contract_id,
            self.draft(),
            expected_version=self.contract_version,
        )

    def draft(self) -> rec.ContractReviewDraft:
        return rec.ContractReviewDraft(
            from_qdate(self.review_date.date()),
            ContractNextStep(self.next_step.currentData()),
            self.progress.toPlainText().strip(),
            self.reduced.text().strip(),
            self.new_barriers.text().strip(),
            [{"action": a, "how": h, "by_when": w} for a, h, w in self.new_actions.rows()],
            [{0: None, 1: True, 2: False}[c.currentIndex()] for c in self.met],
            from_qdate(self.next_review.date()),
        )


class NoticeToImproveDialog(CaseDialog):
    def __init__(self, context: AppContext, pupil_id: int, today: date, parent: QWidget | None = None) -> None:
        super().__init__("Notice to Improve", parent)
        self.context = context
        form = QFormLayout()
        self.issued = date_edit(today)
        self.weeks = QSpinBox()
        self.weeks.setRange(NTI_MIN_WEEKS, NTI_MAX_WEEKS)
        self.weeks.setValue(4)
        self.weeks.setSuffix(" school weeks")
        self.period = QLabel()
        self.max_percent = QSpinBox()
        self.max_percent.setRange(0, 100)
        self.max_percent.setValue(10)
        self.max_percent.setSuffix("% unauthorised at most")
        self.support_given = QPlainTextEdit()
        self.support_offered = QPlainTextEdit()
        form.addRow("Issued on", self.issued)
        form.addRow("Improvement period", self.weeks)
        form.addRow("", self.period)
        form.addRow("Sufficient improvement", self.max_percent)
        form.addRow("Support given so far", self.support_given)
        form.addRow("Further support on offer", self.support_offered)
        self.body.addLayout(form)
        self.issued.dateChanged.connect(self.refresh)
        self.weeks.valueChanged.connect(self.refresh)
        self.pupil_id = pupil_id
        self.refresh()

    def save(self) -> object:
        return casework_notices.issue_notice_to_improve(
            self.context.store,
            self.context.staff_id,
            self.pupil_id,
            from_qdate(self.issued.date()),
            self.weeks.value(),
            support_given=self.support_given.toPlainText(),
            support_offered=self.support_offered.toPlainText(),
            max_unauthorised_percent=Decimal(self.max_percent.value()),
            override_reason=self.override_reason(),
        )

    def refresh(self) -> None:
        period = casework_notices.plan_improvement_period(
            self.context.store, from_qdate(self.issued.date()), self.weeks.value()
        )
        self.period.setText(period.describe())


class PenaltyNoticeDialog(CaseDialog):
    def __init__(self, context: AppContext, pupil_id: int, today: date, parent: QWidget | None = None) -> None:
        super().__init__("Record a penalty notice", parent)
        self.context, self.pupil_id = context, pupil_id
        form = QFormLayout()
        self.parent_box = QComboBox()
        for entry in casework_contracts.parents_for(context.store, context.staff_id, pupil_id):
            self.parent_box.addItem(entry.name, entry.contact_id)
        self.issued = date_edit(today)
        self.received = date_edit(today)
        self.reference = QLineEdit()
        self.limit = QLabel()
        self.limit.setWordWrap(True)
        self.limit.setStyleSheet("color: #A4262C;")
        form.addRow("Parent", self.parent_box)
        form.addRow("Issued on", self.issued)
        form.addRow("Received on", self.received)
        form.addRow("Local authority reference", self.reference)
        form.addRow("", self.limit)
        self.body.addLayout(form)
        self.parent_box.currentIndexChanged.connect(self.refresh)
        self.issued.dateChanged.connect(self.refresh)
        self.refresh()

    def save(self) -> object:
        return casework_notices.record_penalty_notice(
            self.context.store,
            self.context.staff_id,
            self.pupil_id,
            self.parent_box.currentData(),
            from_qdate(self.issued.date()),
            from_qdate(self.received.date()),
            self.reference.text(),
            override_reason=self.override_reason(),
        )

    def refresh(self) -> None:
        contact_id = self.parent_box.currentData()
        if contact_id is None:
            self.limit.setText("No parent with parental responsibility is recorded.")
            return
        status = casework_notices.penalty_limit_status(
            self.context.store, self.context.staff_id, self.pupil_id, contact_id, from_qdate(self.issued.date())
        )
        self.limit.setText(status.warning or "")
        self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(not status.limit_reached)
