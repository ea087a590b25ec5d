"""Editing the escalation steps: which are on, after how many school days, who owns the task and its wording."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from attendance_desk.domain.calling.escalation import DEFAULT_STEPS, KIND_LABELS, EscalationStep, with_changes
from attendance_desk.domain.vocabulary import StaffRole
from attendance_desk.services.calling import settings as calling_settings
from attendance_desk.ui.calling.settings_common import hint, save_row
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.widgets.values import cell_checked, cell_text

COLUMNS = ("On", "Step", "When", "School days", "Notice", "Owner", "Task created")


class StepsEditor(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.steps: list[EscalationStep] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((36, 200, 250, 90, 70, 170)):
            self.table.setColumnWidth(column, width)
        row, self.message = save_row(self.save, lambda: self.load(list(DEFAULT_STEPS)), "Restore the defaults")
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                "Each step makes a dated follow-up task with an owner when a pupil's unexplained "
                "absence reaches it. Days count school days (weekends, holidays and closures from "
                "the term dates are skipped). Notice creates the task that many school days early."
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.load(calling_settings.load_steps(context.store))

    def load(self, steps: list[EscalationStep]) -> None:
        self.steps = steps
        self.table.setRowCount(len(steps))
        for r, step in enumerate(steps):
            on = QTableWidgetItem()
            on.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            on.setCheckState(Qt.CheckState.Checked if step.enabled else Qt.CheckState.Unchecked)
            self.table.setItem(r, 0, on)
            self.table.setItem(r, 1, QTableWidgetItem(step.label))
            when = QTableWidgetItem(KIND_LABELS[step.kind])
            when.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(r, 2, when)
            days, notice = QSpinBox(), QSpinBox()
            days.setRange(1, 60)
            days.setValue(step.days)
            notice.setRange(0, 59)
            notice.setValue(step.notice_days)
            self.table.setCellWidget(r, 3, days)
            self.table.setCellWidget(r, 4, notice)
            owner = QComboBox()
            for role in StaffRole:
                owner.addItem(role.label, role.value)
            owner.setCurrentIndex(max(owner.findData(step.owner_role), 0))
            self.table.setCellWidget(r, 5, owner)
            self.table.setItem(r, 6, QTableWidgetItem(step.task_title))

    def edited_steps(self) -> list[EscalationStep]:
        out = []
        for r, step in enumerate(self.steps):
            days = self.table.cellWidget(r, 3)
            notice = self.table.cellWidget(r, 4)
            owner = self.table.cellWidget(r, 5)
            assert isinstance(days, QSpinBox) and isinstance(notice, QSpinBox) and isinstance(owner, QComboBox)
            out.append(
                with_changes(
                    step,
                    enabled=cell_checked(self.table, r, 0),
                    label=cell_text(self.table, r, 1).strip() or step.label,
                    days=days.value(),
                    notice_days=notice.value(),
                    owner_role=str(owner.currentData()),
                    task_title=cell_text(self.table, r, 6).strip(),
                )
            )
        return out

    def save(self) -> None:
        try:
            saved = calling_settings.save_steps(self.context.store, self.context.staff_id, self.edited_steps())
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        self.load(saved)
        self.message.setText("Saved. The next escalation run uses these steps.")
        self.context.notify(DataArea.SETTINGS)
