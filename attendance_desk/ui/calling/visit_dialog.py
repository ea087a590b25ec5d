"""The home-visit form: when, who went, who was seen, whether the child was seen, the outcome and any concerns
(which go to the safeguarding lead's list)."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.services import calling_visits
from attendance_desk.services import staff as staff_service
from attendance_desk.services.calling_common import london_to_utc
from attendance_desk.services.calling_visits import VISIT_OUTCOMES, VisitInput, VisitRecord
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.tasks import Lane


class VisitDialog(QDialog):
    def __init__(self, context: AppContext, pupil_id: int, pupil_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pupil_id = pupil_id
        self.record: VisitRecord | None = None
        self.setWindowTitle(f"Home visit: {pupil_name}")
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.when.setCalendarPopup(True)
        self.staff = QComboBox()
        for member in staff_service.list_staff(context.store, include_inactive=False):
            self.staff.addItem(member.name, member.id)
        if context.staff_id is not None:
            self.staff.setCurrentIndex(max(self.staff.findData(context.staff_id), 0))
        self.accompanied_by = QLineEdit()
        self.people_seen = QLineEdit()
        self.people_seen.setPlaceholderText("Who came to the door, who else was there")
        self.child_seen = QCheckBox("The child was seen")
        self.outcome = QComboBox()
        for key, label in VISIT_OUTCOMES.items():
            self.outcome.addItem(label, key)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        self.concerns = QPlainTextEdit()
        self.concerns.setTabChangesFocus(True)
        self.concerns.setFixedHeight(60)
        self.concerns.setPlaceholderText("Anything here also goes to the safeguarding lead's list")
        self.error = QLabel("")
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Date and time", self.when)
        form.addRow("Visited by", self.staff)
        form.addRow("With", self.accompanied_by)
        form.addRow("People seen", self.people_seen)
        form.addRow("", self.child_seen)
        form.addRow("Outcome", self.outcome)
        form.addRow("Notes", self.notes)
        form.addRow("Concerns", self.concerns)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.child_seen.toggled.connect(self._match_outcome)

    def _match_outcome(self, seen: bool) -> None:
        if seen and self.outcome.currentData() in ("no_answer", "appears_moved", "family_not_child"):
            self.outcome.setCurrentIndex(self.outcome.findData("seen_safe"))

    def visit_input(self) -> VisitInput:
        return VisitInput(
            pupil_id=self.pupil_id, visited_at=london_to_utc(self.when.dateTime().toPython()),
            outcome=str(self.outcome.currentData()), child_seen=self.child_seen.isChecked(),
            people_seen=self.people_seen.text(), accompanied_by=self.accompanied_by.text(),
            notes=self.notes.toPlainText(), concerns=self.concerns.toPlainText(),
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
            on_done=done, on_error=lambda exc: self.error.setText(str(exc)), label="Saving the visit",
            lane=Lane.WRITE,
        )
