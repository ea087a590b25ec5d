"""Settings → Attendance rules: band thresholds, lessons per day and the register close time."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QWidget

from attendance_desk.services import school as school_service
from attendance_desk.services.school import SettingsError
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.generated.ui_rules_tab import Ui_RulesTab


class RulesTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = Ui_RulesTab()
        self.ui.setupUi(self)
        self.ui.errorLabel.setObjectName("errorText")
        self.ui.saveButton.setObjectName("primary")
        self.spins = {
            "at_risk_above_percent": self.ui.atRiskSpin,
            "persistent_from_percent": self.ui.persistentSpin,
            "severe_from_percent": self.ui.severeSpin,
        }
        for spin in self.spins.values():
            spin.setDecimals(2)
        self.ui.saveButton.clicked.connect(self.save)
        self.ui.revertButton.clicked.connect(self.load)
        self.load()

    def load(self) -> None:
        details = school_service.load_school(self.context.store)
        for name, spin in self.spins.items():
            spin.setValue(float(getattr(details, name)))
        self.ui.lessonsSpin.setValue(details.lessons_per_day)
        close = details.register_close_time
        self.ui.closeTimeEdit.setTime(QTime(close.hour, close.minute))
        self.ui.errorLabel.setText("")

    def save(self) -> bool:
        qtime = self.ui.closeTimeEdit.time()
        current = school_service.load_school(self.context.store)
        percentages: dict[str, Any] = {name: Decimal(str(round(spin.value(), 2))) for name, spin in self.spins.items()}
        details = replace(
            current,
            **percentages,
            lessons_per_day=self.ui.lessonsSpin.value(),
            register_close_time=time(qtime.hour(), qtime.minute()),
        )
        try:
            if not current.name.strip():
                raise SettingsError("name", "Enter the school's name on the School tab first.")
            school_service.save_school(self.context.store, self.context.staff_id, details)
        except SettingsError as exc:
            self.ui.errorLabel.setText(str(exc))
            spin = self.spins.get(exc.field)
            if spin is not None:
                spin.setFocus()
            return False
        self.ui.errorLabel.setText("")
        self.context.notify(DataArea.SETTINGS)
        self.context.events.status_message.emit("Attendance rules saved: figures now use them")
        return True


def create_tab(context: AppContext) -> QWidget:
    return RulesTab(context)
