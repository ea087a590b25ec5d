"""The home-visit form: when, who went, who was seen, whether the child was seen, the outcome and any concerns
(which go to the safeguarding lead's list)."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QWidget

from attendance_desk.domain.london import london_to_utc
from attendance_desk.services import staff as staff_service
from attendance_desk.services.calling import visits as calling_visits
from attendance_desk.services.calling.visits import VISIT_OUTCOMES, VisitInput, VisitRecord
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.generated.ui_visit_dialog import Ui_VisitDialog
from attendance_desk.ui.tasks import Lane
from attendance_desk.ui.widgets.unsaved import BackgroundSaveDialog
from attendance_desk.ui.widgets.values import as_datetime


class VisitDialog(BackgroundSaveDialog):
    """The layout lives in forms/calling/visit_dialog.ui; this class fills the lists and saves."""

    def __init__(self, context: AppContext, pupil_id: int, pupil_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pupil_id = pupil_id
        self.record: VisitRecord | None = None
        self.ui = Ui_VisitDialog()
        self.ui.setupUi(self)
        ui = self.ui
        # The names the calling desk and its tests use for the fields.
        self.when, self.staff, self.accompanied_by = ui.whenEdit, ui.staffCombo, ui.accompaniedByEdit
        self.people_seen, self.child_seen, self.outcome = ui.peopleSeenEdit, ui.childSeenCheck, ui.outcomeCombo
        self.notes, self.concerns, self.error = ui.notesEdit, ui.concernsEdit, ui.errorLabel
        self.error.setObjectName("errorText")
        self.setWindowTitle(f"Home visit: {pupil_name}")
        self.when.setDateTime(QDateTime.currentDateTime())
        for member in staff_service.list_staff(context.store, include_inactive=False):
            self.staff.addItem(member.name, member.id)
        if context.staff_id is not None:
            self.staff.setCurrentIndex(max(self.staff.findData(context.staff_id), 0))
        for key, label in VISIT_OUTCOMES.items():
            self.outcome.addItem(label, key)
        ui.buttonBox.accepted.connect(self.save)
        ui.buttonBox.rejected.connect(self.reject)
        self.child_seen.toggled.connect(self._match_outcome)

    def _match_outcome(self, seen: bool) -> None:
        if seen and self.outcome.currentData() in ("no_answer", "appears_moved", "family_not_child"):
            self.outcome.setCurrentIndex(self.outcome.findData("seen_safe"))

    def visit_input(self) -> VisitInput:
        return VisitInput(
            pupil_id=self.pupil_id,
            visited_at=london_to_utc(as_datetime(self.when.dateTime())),
            outcome=str(self.outcome.currentData()),
            child_seen=self.child_seen.isChecked(),
            people_seen=self.people_seen.text(),
            accompanied_by=self.accompanied_by.text(),
            notes=self.notes.toPlainText(),
            concerns=self.concerns.toPlainText(),
            staff_id=self.staff.currentData(),
        )

    def save(self) -> None:
        data = self.visit_input()

        def done(record: VisitRecord) -> None:
            self.record = record
            self.context.notify(DataArea.ACTIVITY)
            self.accept()

        self.context.tasks.run(
            lambda _c: calling_visits.record_visit(self.context.store, self.context.staff_id, data),
            on_done=done,
            on_error=lambda exc: self.error.setText(str(exc)),
            label="Saving the visit",
            lane=Lane.WRITE,
        )
