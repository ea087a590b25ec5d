"""The reported-absence form: a parent's call, text or email about an absence (before or after registration),
or an absence agreed in advance. It explains later N marks and proposes their code."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import QCompleter, QWidget

from attendance_desk.domain.calling.rules import REPORT_METHODS, reportable_codes
from attendance_desk.domain.london import london_to_utc
from attendance_desk.services.calling import reports as calling_reports
from attendance_desk.services.calling.common import callable_contacts, contacts_by_pupil, pupil_choices
from attendance_desk.services.calling.reports import ReportInput, ReportRecord
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.generated.ui_report_dialog import Ui_ReportDialog
from attendance_desk.ui.tasks import Lane
from attendance_desk.ui.widgets.unsaved import BackgroundSaveDialog
from attendance_desk.ui.widgets.values import as_date, as_datetime


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ReportDialog(BackgroundSaveDialog):
    """The layout lives in forms/calling/report_dialog.ui; this class fills the lists and saves."""

    def __init__(
        self, context: AppContext, on: date, pupil_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.result_record: ReportRecord | None = None
        self.ui = Ui_ReportDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.form.setVerticalSpacing(2)  # thirteen rows: compact enough for 1366×768 at 150%
        ui.mainLayout.setContentsMargins(8, 6, 8, 6)
        ui.mainLayout.setSpacing(6)
        # The names the calling desk and its tests use for the fields.
        self.pupil, self.kind, self.reason, self.code = ui.pupilCombo, ui.kindCombo, ui.reasonEdit, ui.codeCombo
        self.first_date, self.first_session = ui.firstDateEdit, ui.firstSessionCombo
        self.last_date, self.last_session = ui.lastDateEdit, ui.lastSessionCombo
        self.expect_back, self.return_date = ui.expectBackCheck, ui.returnDateEdit
        self.reported_by, self.relationship = ui.reportedByCombo, ui.relationshipEdit
        self.method, self.when, self.evidence, self.notes = ui.methodCombo, ui.whenEdit, ui.evidenceCheck, ui.notesEdit
        self.error = ui.errorLabel
        self.error.setObjectName("errorText")
        ui.takenByLabel.setObjectName("muted")
        ui.takenByLabel.setText(f"Taken by {context.staff_name or 'the signed-in staff member'}")

        with context.store.session() as session:
            self.choices = pupil_choices(session, on)
        for choice in self.choices:
            self.pupil.addItem(choice.label, choice.pupil_id)
        completer = QCompleter([c.label for c in self.choices], self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.pupil.setCompleter(completer)
        self.pupil.setCurrentIndex(self.pupil.findData(pupil_id) if pupil_id is not None else -1)
        self.kind.addItem("Reported by the family", "reported")
        self.kind.addItem("Planned in advance (appointment, agreed leave)", "planned")
        for edit in (self.first_date, self.last_date, self.return_date):
            edit.setDate(_qdate(on))
        for code, label in reportable_codes(on):
            self.code.addItem(f"{code}  {label}", code)
        for key, label in REPORT_METHODS:
            self.method.addItem(label, key)
        self.when.setDateTime(QDateTime.currentDateTime())

        ui.buttonBox.accepted.connect(self.save)
        ui.buttonBox.rejected.connect(self.reject)
        self.pupil.currentIndexChanged.connect(lambda _i: self._load_contacts())
        self.reported_by.currentIndexChanged.connect(self._contact_chosen)
        self.first_date.dateChanged.connect(self._keep_span)
        self._load_contacts()
        (self.reason if pupil_id is not None else self.pupil).setFocus()

    def _pupil_id(self) -> int | None:
        index = self.pupil.findText(self.pupil.currentText())
        return int(self.pupil.itemData(index)) if index >= 0 else None

    def _load_contacts(self) -> None:
        self.reported_by.clear()
        pupil_id = self._pupil_id()
        if pupil_id is None:
            return
        with self.context.store.session() as session:
            lines = callable_contacts(contacts_by_pupil(session, [pupil_id])[pupil_id])
        for line in lines:
            self.reported_by.addItem(line.name, (line.contact_id, line.relationship))
        self._contact_chosen()

    def _contact_chosen(self, _index: int = 0) -> None:
        data = self.reported_by.currentData()
        if data:
            self.relationship.setText(data[1])

    def _keep_span(self, first: QDate) -> None:
        if self.last_date.date() < first:
            self.last_date.setDate(first)

    def report_input(self) -> ReportInput:
        pupil_id = self._pupil_id()
        if pupil_id is None:
            raise ValueError("choose the pupil from the list (type part of the name, the group or the UPN)")
        data = self.reported_by.currentData()
        same_name = data is not None and self.reported_by.currentText() == self.reported_by.itemText(
            self.reported_by.currentIndex()
        )
        return ReportInput(
            pupil_id=pupil_id,
            kind=str(self.kind.currentData()),
            first_date=as_date(self.first_date.date()),
            first_session=self.first_session.currentText(),
            last_date=as_date(self.last_date.date()),
            last_session=self.last_session.currentText(),
            reason=self.reason.text(),
            proposed_code=str(self.code.currentData()),
            expected_return=as_date(self.return_date.date()) if self.expect_back.isChecked() else None,
            reported_by=self.reported_by.currentText(),
            reporter_relationship=self.relationship.text(),
            contact_id=data[0] if same_name else None,
            method=str(self.method.currentData()),
            reported_at=london_to_utc(as_datetime(self.when.dateTime())),
            evidence_requested=self.evidence.isChecked(),
            notes=self.notes.text(),
        )

    def save(self) -> None:
        try:
            data = self.report_input()
        except ValueError as exc:
            self.error.setText(str(exc))
            return

        def done(record: ReportRecord) -> None:
            self.result_record = record
            self.context.notify(DataArea.ACTIVITY)
            self.context.events.status_message.emit("Absence recorded")
            self.accept()

        self.context.tasks.run(
            lambda _c: calling_reports.record_report(self.context.store, self.context.staff_id, data),
            on_done=done,
            on_error=lambda exc: self.error.setText(str(exc)),
            label="Saving the report",
            lane=Lane.WRITE,
        )
