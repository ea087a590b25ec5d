"""The improvement target: what it is and where it came from, the weekly year-to-date line against it with a
forecast to the end of the year (DfE basis), and why the school's own figure may differ from the DfE's."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.services.reports.analysis import TargetStatus
from attendance_desk.services.reports.settings import (
    ReportOptions,
    ReportSettingsError,
    parse_target,
    save_options,
)
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.reports.charts import TrendChart
from attendance_desk.ui.reports.due_rule_edit import DueRuleEdit
from attendance_desk.ui.tasks import Lane, TaskControl


class TargetTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.options = ReportOptions()
        self.measure = QComboBox()
        self.measure.setAccessibleName("Target measure")
        self.measure.addItem("Attendance at least", "attendance")
        self.measure.addItem("Absence at most", "absence")
        self.target = QLineEdit(placeholderText="e.g. 94.6")
        self.target.setMinimumWidth(70)
        self.basis = QLineEdit(placeholderText="Where it comes from: e.g. the DfE's letter of 20/11/2025")
        self.phase = QComboBox()
        self.phase.setAccessibleName("Phase")
        for label, key in (
            ("Work it out from the year groups", ""),
            ("Primary", "primary"),
            ("Secondary", "secondary"),
        ):
            self.phase.addItem(label, key)
        self.continuous_rule = DueRuleEdit("Attendance return due")
        self.sickness_rule = DueRuleEdit("Sickness return due")
        self.la_contact = QLineEdit(placeholderText="e.g. Attendance team, secure email address")
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("primary")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        form = QFormLayout()
        target_row = QHBoxLayout()
        target_row.addWidget(self.measure)
        target_row.addWidget(self.target)
        target_row.addWidget(QLabel("%"))
        form.addRow("Target for the year", target_row)
        form.addRow("Its basis", self.basis)
        form.addRow("Phase (for national figures)", self.phase)
        form.addRow("Attendance return due", self.continuous_rule)
        form.addRow("Sickness return due", self.sickness_rule)
        form.addRow("Returns go to", self.la_contact)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.message, 1)
        form.addRow(buttons)
        settings = QGroupBox("Target and the local authority's rules")
        settings.setLayout(form)
        self.chart = TrendChart("Attendance so far this year (DfE basis) against the target")
        self.verdict = QLabel("")
        self.verdict.setObjectName("pageTitle")
        self.verdict.setWordWrap(True)
        self.explain = QLabel("")
        self.explain.setWordWrap(True)
        right = QVBoxLayout()
        right.addWidget(self.verdict)
        right.addWidget(self.chart, 1)
        right.addWidget(self.explain)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(settings, 2)
        layout.addLayout(right, 3)
        self.save_button.clicked.connect(self.save)

    def show_status(self, status: TargetStatus) -> None:
        options = self.options = status.options
        self.measure.setCurrentIndex(max(self.measure.findData(options.target_measure), 0))
        self.target.setText("" if options.target_percent is None else f"{options.target_percent}")
        self.basis.setText(options.target_basis)
        self.phase.setCurrentIndex(max(self.phase.findData(options.phase), 0))
        self.continuous_rule.setText(options.continuous_due_rule)
        self.sickness_rule.setText(options.sickness_due_rule)
        self.la_contact.setText(options.la_returns_contact)
        for edit in (self.basis, self.la_contact):
            edit.setCursorPosition(0)  # show the start of a long entry, not its end
        target = None
        if options.target_percent is not None:
            target = float(
                options.target_percent if options.target_measure == "attendance" else 100 - options.target_percent
            )
        self.chart.show_weeks(
            [float(v) if v is not None else None for v in status.year_to_date],
            [],
            None,
            target,
            [float(w.year_to_date_percent) for w in status.forecast.weeks],
            "Forecast (year to date)",
        )
        year_end = status.forecast.year_end_percent
        self.verdict.setText(status.verdict if options.target_percent is not None else "No target entered yet.")
        lines = [
            f"DfE basis so far: {status.dfe_percent}%. The school's own figure (pupils on roll now): "
            f"{status.school_percent}%."
            if status.dfe_percent is not None
            else "",
            f"Forecast for the year: {year_end}%. {status.forecast.method}" if year_end is not None else "",
            *status.differences,
        ]
        self.explain.setText("\n".join(line for line in lines if line))

    def save(self) -> None:
        try:
            options = ReportOptions(
                phase=str(self.phase.currentData()),
                target_measure=str(self.measure.currentData()),
                target_percent=parse_target(self.target.text()),
                target_basis=self.basis.text().strip(),
                target_year_start=self.options.target_year_start,
                continuous_due_rule=self.continuous_rule.text().strip(),
                sickness_due_rule=self.sickness_rule.text().strip(),
                la_returns_contact=self.la_contact.text().strip(),
            )
        except ReportSettingsError as exc:
            self.message.setText(str(exc).capitalize())
            return
        store, actor = self.context.store, self.context.staff_id

        def work(_control: TaskControl) -> ReportOptions:
            return save_options(store, actor, options)

        def done(saved: ReportOptions) -> None:
            self.options = saved
            self.message.setText("Saved.")
            self.context.notify("reports")

        def failed(error: BaseException) -> None:
            if isinstance(error, ReportSettingsError):
                self.message.setText(str(error).capitalize())
            else:
                self.message.setText("The settings could not be saved; nothing was changed.")

        self.context.tasks.run(work, on_done=done, on_error=failed, label="Saving the target", lane=Lane.WRITE)
