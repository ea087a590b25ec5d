"""Editing term dates and closures for a school year. Until a year is saved, typical dates for England stand in
(shown here so the office can correct them); bank holidays are always skipped."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.calendar import school_year_start
from attendance_desk.domain.term_calendar import Closure, Term, default_terms
from attendance_desk.services.calling import settings as calling_settings
from attendance_desk.services.calling.settings import TermYear
from attendance_desk.ui.calling.settings_common import hint, save_row
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.widgets.values import as_date, cell_text


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd dd/MM/yyyy")
    return edit


class TermsEditor(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        this_year = school_year_start(date.today()).year
        self.year = QComboBox()
        for first in range(this_year - 1, this_year + 2):
            self.year.addItem(f"{first}/{(first + 1) % 100:02d}", first)
        self.year.setCurrentIndex(1)
        self.terms = QTableWidget(0, 3)
        self.terms.setHorizontalHeaderLabels(("Term", "First day", "Last day"))
        self.closures = QTableWidget(0, 2)
        self.closures.setHorizontalHeaderLabels(("Closed on", "Why (training day, polling day…)"))
        for table in (self.terms, self.closures):
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setStretchLastSection(True)
            table.setColumnWidth(0, 160)
            table.setColumnWidth(1, 160)
        add_term, remove_term = QPushButton("Add term"), QPushButton("Remove term")
        add_closure, remove_closure = QPushButton("Add closure"), QPushButton("Remove closure")
        add_term.clicked.connect(lambda: self._add_term(Term("Term", date.today(), date.today())))
        remove_term.clicked.connect(lambda: self.terms.removeRow(self.terms.currentRow()))
        add_closure.clicked.connect(lambda: self._add_closure(Closure(date.today(), "")))
        remove_closure.clicked.connect(lambda: self.closures.removeRow(self.closures.currentRow()))
        typical = QPushButton("Fill with typical dates")
        typical.clicked.connect(lambda: self._fill_terms(default_terms(int(self.year.currentData()))))
        row, self.message = save_row(self.save, lambda: self.load(int(self.year.currentData())), "Undo changes")
        top = QHBoxLayout()
        top.addWidget(QLabel("School year"))
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(typical)
        term_buttons, closure_buttons = QHBoxLayout(), QHBoxLayout()
        for layout_, buttons in (
            (term_buttons, (add_term, remove_term)),
            (closure_buttons, (add_closure, remove_closure)),
        ):
            for button in buttons:
                layout_.addWidget(button)
            layout_.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                "Escalation counts school days from these dates: weekends, the holidays between "
                "terms, bank holidays and the closures below are skipped."
            )
        )
        layout.addLayout(top)
        layout.addWidget(self.terms, 2)
        layout.addLayout(term_buttons)
        layout.addWidget(self.closures, 1)
        layout.addLayout(closure_buttons)
        layout.addLayout(row)
        self.year.currentIndexChanged.connect(lambda _i: self.load(int(self.year.currentData())))
        self.load(int(self.year.currentData()))

    def load(self, first_year: int) -> None:
        year: TermYear = calling_settings.term_year(self.context.store, first_year)
        self._fill_terms(list(year.terms))
        self.closures.setRowCount(0)
        for closure in year.closures:
            self._add_closure(closure)
        self.message.setText(
            "Typical dates for England are shown: check them against your own and save." if year.is_default else ""
        )

    def _fill_terms(self, terms: list[Term]) -> None:
        self.terms.setRowCount(0)
        for term in terms:
            self._add_term(term)

    def _add_term(self, term: Term) -> None:
        row = self.terms.rowCount()
        self.terms.insertRow(row)
        self.terms.setItem(row, 0, QTableWidgetItem(term.name))
        self.terms.setCellWidget(row, 1, _date_edit(term.start))
        self.terms.setCellWidget(row, 2, _date_edit(term.end))

    def _add_closure(self, closure: Closure) -> None:
        row = self.closures.rowCount()
        self.closures.insertRow(row)
        self.closures.setCellWidget(row, 0, _date_edit(closure.day))
        self.closures.setItem(row, 1, QTableWidgetItem(closure.reason))

    def _day(self, table: QTableWidget, row: int, column: int) -> date:
        edit = table.cellWidget(row, column)
        assert isinstance(edit, QDateEdit)
        return as_date(edit.date())

    def save(self) -> None:
        try:
            terms = [
                Term(
                    cell_text(self.terms, r, 0).strip() or f"Term {r + 1}",
                    self._day(self.terms, r, 1),
                    self._day(self.terms, r, 2),
                )
                for r in range(self.terms.rowCount())
            ]
            closures = [
                Closure(self._day(self.closures, r, 0), cell_text(self.closures, r, 1))
                for r in range(self.closures.rowCount())
            ]
            calling_settings.save_term_year(
                self.context.store, self.context.staff_id, int(self.year.currentData()), terms, closures
            )
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        self.load(int(self.year.currentData()))
        self.message.setText("Saved.")
        self.context.notify(DataArea.SETTINGS)
