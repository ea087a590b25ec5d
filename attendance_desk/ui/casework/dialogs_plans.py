"""Dialogs for stage changes, medical action plans and their reviews, and school attendance meetings.

Each dialog saves through the casework services when OK is pressed; a rule the entry breaks is shown in the
dialog, which stays open with everything typed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from attendance_desk.domain.casework import records as rec
from attendance_desk.domain.casework.periods import (
    INVITEE_ROLES,
    MEDICAL_REVIEW_OUTCOME_LABELS,
    MedicalReviewOutcome,
)
from attendance_desk.domain.text import plural, plural_amount
from attendance_desk.services.casework import plans as casework_plans
from attendance_desk.services.casework import stages as casework
from attendance_desk.ui.casework.widgets import CaseDialog, RowsEditor, date_edit, from_qdate, parse_day
from attendance_desk.ui.context import AppContext


def _percent(text: str, what: str) -> Decimal | None:
    text = text.strip().rstrip("%")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{what}: '{text}' is not a number") from None


def _tri(combo: QComboBox) -> bool | None:
    return {0: None, 1: True, 2: False}[combo.currentIndex()]


def _tri_combo() -> QComboBox:
    combo = QComboBox()
    combo.addItems(["Not recorded", "Yes", "No"])
    return combo


class StageDialog(CaseDialog):
    def __init__(self, context: AppContext, pupil_id: int, today: date, parent: QWidget | None = None) -> None:
        super().__init__("Change stage", parent)
        self.stages = casework.load_stages(context.store)
        form = QFormLayout()
        self.stage = QComboBox()
        for stage in self.stages:
            self.stage.addItem(stage.name, stage.key)
        # Start on the pupil's current stage: a slip of OK must not move the pupil anywhere.
        current = casework.pupil_header(context.store, pupil_id, today).stage_key
        self.stage.setCurrentIndex(max(0, self.stage.findData(current)))
        self.on = date_edit(today)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Why the pupil moves to this stage (part of the evidence)")
        form.addRow("Stage", self.stage)
        form.addRow("Date", self.on)
        form.addRow("Reason", self.reason)
        self.body.addLayout(form)
        self.context, self.pupil_id = context, pupil_id

    def save(self) -> object:
        return casework.change_stage(
            self.context.store,
            self.context.staff_id,
            self.pupil_id,
            self.stage.currentData(),
            from_qdate(self.on.date()),
            self.reason.toPlainText(),
        )


class MedicalPlanDialog(CaseDialog):
    def __init__(self, context: AppContext, pupil_id: int, today: date, parent: QWidget | None = None) -> None:
        super().__init__("New medical action plan", parent)
        self.context, self.pupil_id = context, pupil_id
        form = QFormLayout()
        self.plan_date = date_edit(today)
        self.review_date = date_edit(casework.proposed_review_date(context.store, today))
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8A5300;")
        self.figures = QLabel()
        self.chair = QLineEdit(context.staff_name)
        self.key_adult = QLineEdit()
        self.gp_consent = _tri_combo()
        self.gp_date = date_edit(today)
        self.consent_form = QCheckBox("Parent's consent form completed")
        self.authorise = _tri_combo()
        self.authorise_date = date_edit(today)
        self.authorised_by = QLineEdit()
        self.target = QLineEdit()
        self.target.setPlaceholderText("e.g. 95")
        self.invitees = RowsEditor(["Role", "Name", "Attended (yes/no)"], [[r, "", "no"] for r in INVITEE_ROLES])
        self.issues = RowsEditor(["Medical issue", "Evidence provided by", "Evidence date", "Type of evidence"])
        self.difficulties = RowsEditor(["Identified difficulty", "Intervention", "Provided by", "Date"])
        form.addRow("Date of plan", self.plan_date)
        form.addRow("Figures", self.figures)
        form.addRow("Chair / coordinator", self.chair)
        form.addRow("Teacher / key adult", self.key_adult)
        form.addRow("GP consent gained", self.gp_consent)
        form.addRow("Consent date", self.gp_date)
        form.addRow("", self.consent_form)
        form.addRow("Decision to authorise absence", self.authorise)
        form.addRow("Decision date", self.authorise_date)
        form.addRow("Decided by", self.authorised_by)
        form.addRow("Target attendance %", self.target)
        form.addRow("Review date", self.review_date)
        form.addRow("", self.warning)
        self.body.addLayout(form)
        self.body.addWidget(QLabel("People invited"))
        self.body.addWidget(self.invitees)
        self.body.addWidget(QLabel("Medical issues and evidence"))
        self.body.addWidget(self.issues)
        self.body.addWidget(QLabel("Identified difficulties and interventions"))
        self.body.addWidget(self.difficulties)
        self.plan_date.dateChanged.connect(self.refresh)
        self.review_date.dateChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        plan_date, review_date = from_qdate(self.plan_date.date()), from_qdate(self.review_date.date())
        f = casework_plans.plan_figures(self.context.store, self.context.staff_id, self.pupil_id, plan_date)
        self.figures.setText(
            f"Attendance {f.attendance_percent if f.attendance_percent is not None else '–'}%, "
            f"{plural(f.broken_weeks, 'broken week')} out of {f.school_weeks}, {plural_amount(f.days_off, 'day')} off"
        )
        warning = casework_plans.medical_review_warning(self.context.store, plan_date, review_date)
        self.warning.setText(warning or "")
        self.warning.setVisible(bool(warning))

    def draft(self) -> rec.MedicalPlanDraft:
        draft = rec.MedicalPlanDraft(from_qdate(self.plan_date.date()), from_qdate(self.review_date.date()))
        draft.chair, draft.key_adult = self.chair.text().strip(), self.key_adult.text().strip()
        draft.invitees = [rec.Invitee(r[0], r[1], r[2].lower().startswith("y")) for r in self.invitees.rows()]
        draft.gp_consent = _tri(self.gp_consent)
        draft.gp_consent_date = from_qdate(self.gp_date.date()) if draft.gp_consent else None
        draft.consent_form_completed = self.consent_form.isChecked()
        draft.authorise_absence = _tri(self.authorise)
        draft.authorise_date = from_qdate(self.authorise_date.date()) if draft.authorise_absence is not None else None
        draft.authorised_by = self.authorised_by.text().strip()
        draft.target_attendance = _percent(self.target.text(), "Target attendance")
        draft.medical_issues = [
            rec.MedicalIssue(r[0], r[1], parse_day(r[2], f"Medical issue row {n}"), r[3])
            for n, r in enumerate(self.issues.rows(), start=1)
        ]
        draft.difficulties = [
            rec.Difficulty(r[0], r[1], r[2], parse_day(r[3], f"Difficulty row {n}"))
            for n, r in enumerate(self.difficulties.rows(), start=1)
        ]
        return draft

    def save(self) -> rec.MedicalPlanView:
        return casework_plans.create_medical_plan(
            self.context.store, self.context.staff_id, self.pupil_id, self.draft()
        )


class MedicalReviewDialog(CaseDialog):
    def __init__(
        self,
        context: AppContext,
        plan_id: int,
        today: date,
        parent: QWidget | None = None,
        version: int | None = None,  # the plan's version as shown: a review over a newer one is refused
    ) -> None:
        super().__init__("Review the medical action plan", parent)
        form = QFormLayout()
        self.review_date = date_edit(today)
        self.progress = QPlainTextEdit()
        self.outcome = QComboBox()
        for outcome in MedicalReviewOutcome:
            self.outcome.addItem(MEDICAL_REVIEW_OUTCOME_LABELS[outcome], outcome.value)
        self.next_review = date_edit(casework.proposed_review_date(context.store, today))
        form.addRow("Date of review", self.review_date)
        form.addRow("Progress", self.progress)
        form.addRow("Outcome", self.outcome)
        form.addRow("Next review (to continue)", self.next_review)
        self.body.addLayout(form)
        self.context, self.plan_id, self.plan_version = context, plan_id, version

    def save(self) -> object:
        return casework_plans.review_medical_plan(
            self.context.store,
            self.context.staff_id,
            self.plan_id,
            from_qdate(self.review_date.date()),
            self.progress.toPlainText(),
            MedicalReviewOutcome(self.outcome.currentData()),
            from_qdate(self.next_review.date()),
            expected_version=self.plan_version,
        )


class MeetingDialog(CaseDialog):
    def __init__(self, context: AppContext, pupil_id: int, today: date, parent: QWidget | None = None) -> None:
        super().__init__("Record a school attendance meeting", parent)
        form = QFormLayout()
        self.meeting_date = date_edit(today)
        self.attendees = QLineEdit()
        self.apologies = QLineEdit()
        self.reason = QLineEdit("Improving attendance plan")
        self.background = QPlainTextEdit()
        self.notes = QPlainTextEdit()
        self.has_next = QCheckBox("Next meeting booked")
        self.has_next.setChecked(True)
        self.next_date = date_edit(casework.proposed_review_date(context.store, today))
        self.agenda = QLineEdit()
        self.action_rows = RowsEditor(["Action", "Responsibility", "When", "Outcome"])
        for label, widget in (
            ("Date", self.meeting_date),
            ("Attendees", self.attendees),
            ("Apologies", self.apologies),
            ("Reason for the meeting", self.reason),
            ("Background and issues", self.background),
            ("Notes of the meeting", self.notes),
            ("", self.has_next),
            ("Date of next meeting", self.next_date),
            ("Agenda", self.agenda),
        ):
            form.addRow(label, widget)
        self.body.addLayout(form)
        self.body.addWidget(QLabel("Actions"))
        self.body.addWidget(self.action_rows)
        self.context, self.pupil_id = context, pupil_id

    def save(self) -> object:
        return casework_plans.record_meeting(self.context.store, self.context.staff_id, self.pupil_id, self.draft())

    def draft(self) -> rec.MeetingDraft:
        return rec.MeetingDraft(
            from_qdate(self.meeting_date.date()),
            self.attendees.text().strip(),
            self.apologies.text().strip(),
            self.reason.text().strip(),
            self.background.toPlainText().strip(),
            self.notes.toPlainText().strip(),
            [rec.MeetingAction(*r) for r in self.action_rows.rows()],
            from_qdate(self.next_date.date()) if self.has_next.isChecked() else None,
            self.agenda.text().strip(),
        )
