"""Small widgets the casework dialogs share: a date field, an editable table of rows, a dialog base that shows
the service's error in the dialog instead of closing it (so nothing typed is lost)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.ui.widgets.values import cell_text

DATE_FORMAT = "dd/MM/yyyy"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    return edit


def parse_day(text: str, what: str) -> date | None:
    """A dd/mm/yyyy date typed in a table cell (blank is None); ValueError says which cell is wrong."""
    text = text.strip()
    if not text:
        return None
    try:
        day, month, year = (int(part) for part in text.replace("-", "/").split("/"))
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{what}: '{text}' is not a date in the form dd/mm/yyyy") from None


class RowsEditor(QWidget):
    """A table of free-text rows with Add and Remove buttons (issues, difficulties, actions, people)."""

    def __init__(self, columns: Sequence[str], rows: Sequence[Sequence[str]] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(list(columns))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(110)
        add = QPushButton("Add row")
        remove = QPushButton("Remove row")
        add.clicked.connect(lambda: self.add_row())
        remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        for row in rows:
            self.add_row(row)

    def add_row(self, values: Sequence[str] = ()) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(self.table.columnCount()):
            self.table.setItem(row, column, QTableWidgetItem(values[column] if column < len(values) else ""))

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def rows(self) -> list[list[str]]:
        """Non-empty rows, each cell's text stripped."""
        out = []
        for r in range(self.table.rowCount()):
            values = [cell_text(self.table, r, c).strip() for c in range(self.table.columnCount())]
            if any(values):
                out.append(values)
        return out


class CaseDialog(QDialog):
    """A form dialog whose OK runs ``save``; an error from it is shown in red and the dialog stays open."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.body = QVBoxLayout()
        self.error = QLabel()
        self.error.setStyleSheet("color: #A4262C;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.body)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.save: Callable[[], object] = lambda: None
        self.result_value: object = None

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def try_accept(self) -> None:
        try:
            self.result_value = self.save()
        except ValueError as exc:  # rule errors, bad dates: the user can put them right
            self.show_error(str(exc))
            return
        self.accept()
