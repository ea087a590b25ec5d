"""A pupil's attendance figures: the school year to date beside a range the user chooses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.metrics import PupilFigures
from attendance_desk.services import pupils as pupil_service
from attendance_desk.services.pupils import BAND_LABELS, PupilFiguresPair
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.tasks import TaskControl
from attendance_desk.ui.widgets.accessible import name as accessible
from attendance_desk.ui.widgets.values import as_date


def _percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:.2f}%"


def _number(value: Decimal | int) -> str:
    return f"{value:g}" if isinstance(value, Decimal) else str(value)


FIGURE_ROWS: list[tuple[str, Callable[[PupilFigures], str]]] = [
    ("Attendance", lambda f: _percent(f.attendance_percent)),
    ("Band", lambda f: BAND_LABELS[f.band] if f.band else "–"),
    ("Possible sessions", lambda f: str(f.possible_sessions)),
    ("Present (incl. late before close)", lambda f: str(f.present_sessions)),
    ("Approved educational activity", lambda f: str(f.aea_sessions)),
    ("Authorised absence (sessions)", lambda f: str(f.authorised_absence_sessions)),
    ("Unauthorised absence (sessions)", lambda f: str(f.unauthorised_absence_sessions)),
    ("Absence", lambda f: _percent(f.absence_percent)),
    ("Late before the register closed", lambda f: str(f.late_before_close)),
    ("Late after the register closed", lambda f: str(f.late_after_close)),
    ("School weeks", lambda f: str(f.school_weeks)),
    ("Broken weeks", lambda f: str(f.broken_weeks)),
    ("Unauthorised sessions, last 10 school weeks", lambda f: str(f.unauthorised_last_10_school_weeks)),
    (
        "Penalty-notice threshold met on",
        lambda f: f.pn_threshold_met_on.strftime("%d/%m/%Y") if f.pn_threshold_met_on else "–",
    ),
    ("Longest unauthorised run (days)", lambda f: str(f.longest_unauthorised_run_days)),
    ("Illness (days)", lambda f: _number(f.illness_days)),
    ("Days missed", lambda f: _number(f.days_missed)),
    ("Lessons missed", lambda f: _number(f.lessons_missed)),
    ("Codes", lambda f: "  ".join(f"{code} {count}" for code, count in sorted(f.codes.items()))),
]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class FiguresTab(QWidget):
    def __init__(self, context: AppContext, pupil_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pupil_id = pupil_id
        self.result: PupilFiguresPair | None = None
        self._loaded = False

        self.start_edit = QDateEdit()
        accessible(self.start_edit, "Figures from")
        self.end_edit = QDateEdit()
        accessible(self.end_edit, "Figures to")
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.show_button = QPushButton("Show range")
        self.show_button.clicked.connect(self._show_range)
        self.error_label = QLabel("")
        self.error_label.setObjectName("errorText")

        self.table = QTableWidget(len(FIGURE_ROWS), 2)
        accessible(self.table, "Attendance figures")
        self.table.setHorizontalHeaderLabels(["School year to date", "Chosen range"])
        self.table.setVerticalHeaderLabels([label for label, _ in FIGURE_ROWS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Chosen range: from"))
        chooser.addWidget(self.start_edit)
        chooser.addWidget(QLabel("to"))
        chooser.addWidget(self.end_edit)
        chooser.addWidget(self.show_button)
        chooser.addWidget(self.error_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(chooser)
        layout.addWidget(self.table, 1)
        context.events.data_changed.connect(self._on_data_changed)

    def on_shown(self) -> None:
        if not self._loaded:
            self.load(None)

    def _on_data_changed(self, area: str) -> None:
        if area in (DataArea.MARKS, DataArea.SETTINGS, DataArea.ALL):
            self._loaded = False
            if self.isVisible():
                self.load(self.result.chosen if self.result else None)

    def load(self, chosen: DateRange | None) -> None:
        self._loaded = True
        store, actor, pupil_id = self.context.store, self.context.staff_id, self.pupil_id

        def compute(_control: TaskControl) -> PupilFiguresPair:
            return pupil_service.pupil_figures_pair(store, actor, pupil_id, chosen)

        self.context.tasks.run(compute, on_done=self._show, label="Pupil figures")

    def _show_range(self) -> None:
        start = as_date(self.start_edit.date())
        end = as_date(self.end_edit.date())
        try:
            chosen = DateRange(start, end)
        except ValueError as exc:
            self.error_label.setText(str(exc).capitalize())
            return
        self.error_label.setText("")
        self.load(chosen)

    def _show(self, result: PupilFiguresPair) -> None:
        self.result = result
        ytd, chosen = result.year_to_date, result.chosen
        self.table.setHorizontalHeaderLabels(
            [
                f"School year to date\n{ytd.start:%d/%m/%Y} – {ytd.end:%d/%m/%Y}",
                f"Chosen range\n{chosen.start:%d/%m/%Y} – {chosen.end:%d/%m/%Y}",
            ]
        )
        for row, (_label, render) in enumerate(FIGURE_ROWS):
            for column, figures in enumerate((result.year_figures, result.chosen_figures)):
                item = QTableWidgetItem(render(figures))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.start_edit.setDate(_qdate(chosen.start))
        self.end_edit.setDate(_qdate(chosen.end))

    def value(self, label: str, column: int) -> str:
        """The text shown for ``label`` in column 0 (year to date) or 1 (chosen range)."""
        row = [name for name, _ in FIGURE_ROWS].index(label)
        item = self.table.item(row, column)
        return item.text() if item else ""


def create_pupil_tab(context: AppContext, pupil_id: int) -> QWidget:
    return FiguresTab(context, pupil_id)
