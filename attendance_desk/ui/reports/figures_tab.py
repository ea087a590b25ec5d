"""The "All figures" tab of Reports: whole-school figures for any dates, sortable, exported to CSV as shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.names import surname_sort_key
from attendance_desk.services import pupils as pupil_service
from attendance_desk.services.figures import PupilFiguresRow, school_figures
from attendance_desk.services.pupils import BAND_LABELS
from attendance_desk.sync.safe_csv import safe_writer
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.preferences import file_name
from attendance_desk.ui.pupils.model import year_sort_key
from attendance_desk.ui.tasks import TaskControl, run_with_progress
from attendance_desk.ui.widgets.dialogs import ask_save_path
from attendance_desk.ui.widgets.tables import compact_rows, size_columns_from_sample
from attendance_desk.ui.widgets.text_table_model import TextTableModel
from attendance_desk.ui.widgets.values import as_date

_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
PUPIL_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _pct(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


# (heading, text for screen and CSV, sort key)
Column = tuple[str, Callable[[PupilFiguresRow], str], Callable[[PupilFiguresRow], Any]]
COLUMNS: list[Column] = [
    ("Name", lambda r: r.name, lambda r: surname_sort_key(r.surname, r.name)),
    ("UPN", lambda r: r.upn, lambda r: r.upn),
    ("Year", lambda r: r.year_group, lambda r: (year_sort_key(r.year_group), r.year_group)),
    ("Group", lambda r: r.reg_group, lambda r: r.reg_group.casefold()),
    ("Possible", lambda r: str(r.figures.possible_sessions), lambda r: r.figures.possible_sessions),
    ("Present", lambda r: str(r.figures.present_sessions), lambda r: r.figures.present_sessions),
    ("AEA", lambda r: str(r.figures.aea_sessions), lambda r: r.figures.aea_sessions),
    (
        "Authorised",
        lambda r: str(r.figures.authorised_absence_sessions),
        lambda r: r.figures.authorised_absence_sessions,
    ),
    (
        "Unauthorised",
        lambda r: str(r.figures.unauthorised_absence_sessions),
        lambda r: r.figures.unauthorised_absence_sessions,
    ),
    (
        "Attendance %",
        lambda r: _pct(r.figures.attendance_percent),
        lambda r: -1 if r.figures.attendance_percent is None else r.figures.attendance_percent,
    ),
    (
        "Band",
        lambda r: BAND_LABELS[r.figures.band] if r.figures.band else "",
        lambda r: list(BAND_LABELS).index(r.figures.band) if r.figures.band else -1,
    ),
    ("Late (before close)", lambda r: str(r.figures.late_before_close), lambda r: r.figures.late_before_close),
    ("Late (after close)", lambda r: str(r.figures.late_after_close), lambda r: r.figures.late_after_close),
    ("Broken weeks", lambda r: str(r.figures.broken_weeks), lambda r: r.figures.broken_weeks),
    (
        "Unauth. last 10 weeks",
        lambda r: str(r.figures.unauthorised_last_10_school_weeks),
        lambda r: r.figures.unauthorised_last_10_school_weeks,
    ),
    (
        "PN threshold met",
        lambda r: r.figures.pn_threshold_met_on.strftime("%d/%m/%Y") if r.figures.pn_threshold_met_on else "",
        lambda r: r.figures.pn_threshold_met_on or date.min,
    ),
    (
        "Longest unauth. run (days)",
        lambda r: str(r.figures.longest_unauthorised_run_days),
        lambda r: r.figures.longest_unauthorised_run_days,
    ),
    ("Illness days", lambda r: f"{r.figures.illness_days:g}", lambda r: r.figures.illness_days),
]
_TEXT_COLUMNS = {0, 1, 2, 3, 10, 15}


class SchoolFiguresModel(TextTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([heading for heading, _r, _k in COLUMNS], parent)
        self.rows: list[PupilFiguresRow] = []
        self._rank: list[list[int]] = []

    def set_rows(self, rows: Sequence[PupilFiguresRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.set_text([[render(r) for _h, render, _k in COLUMNS] for r in self.rows])
        self._rank = []
        for _heading, _render, key in COLUMNS:
            keys = [key(row) for row in self.rows]
            order = sorted(range(len(keys)), key=keys.__getitem__)
            rank = [0] * len(order)
            for position, i in enumerate(order):
                rank[i] = position
            self._rank.append(rank)
        self.endResetModel()

    def role_data(self, row: int, column: int, role: int) -> Any:
        if role == SORT_ROLE:
            return self._rank[column][row]
        if role == _ALIGN:
            return _LEFT if column in _TEXT_COLUMNS else _RIGHT
        if role == PUPIL_ID_ROLE:
            return self.rows[row].pupil_id
        return None

    def text_of(self, row: int) -> Sequence[str]:
        return self._text[row]


def write_csv(path: Path, model: SchoolFiguresModel, proxy: QSortFilterProxyModel) -> int:
    """Write the rows in the order shown; replaces ``path`` only once the whole file is written."""
    partial = path.with_name(path.name + ".part")
    with partial.open("w", newline="", encoding="utf-8-sig") as handle:  # BOM: Excel reads it as UTF-8
        writer = safe_writer(handle)  # cells a spreadsheet would run as formulas are neutralised
        writer.writerow([heading for heading, _r, _k in COLUMNS])
        for row in range(proxy.rowCount()):
            source = proxy.mapToSource(proxy.index(row, 0)).row()
            writer.writerow(model.text_of(source))
    partial.replace(path)
    return proxy.rowCount()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class SchoolFiguresTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = SchoolFiguresModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.period: DateRange | None = None
        self._loaded = False

        self.start_edit, self.end_edit = QDateEdit(), QDateEdit()
        self.start_edit.setAccessibleName("Figures from")
        self.end_edit.setAccessibleName("Figures to")
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.show_button = QPushButton("Show")
        self.show_button.setObjectName("primary")
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setEnabled(False)
        self.summary = QLabel("")
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        self.table = QTableView()
        self.table.setAccessibleName("Every figure for every pupil")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        compact_rows(self.table)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._columns_sized = False

        controls = QHBoxLayout()
        controls.addWidget(QLabel("From"))
        controls.addWidget(self.start_edit)
        controls.addWidget(QLabel("to"))
        controls.addWidget(self.end_edit)
        controls.addWidget(self.show_button)
        controls.addStretch(1)
        controls.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.show_button.clicked.connect(self.run_report)
        self.export_button.clicked.connect(self.export)
        self.table.activated.connect(lambda index: context.events.open_pupil.emit(int(index.data(PUPIL_ID_ROLE))))
        context.events.data_changed.connect(self._on_data_changed)

    def on_shown(self) -> None:
        if not self._loaded:
            self._loaded = True
            period = pupil_service.current_year_to_date(self.context.store)
            self.start_edit.setDate(_qdate(period.start))
            self.end_edit.setDate(_qdate(period.end))
            self.run_report()

    def _on_data_changed(self, area: str) -> None:
        if area in (DataArea.MARKS, DataArea.PUPILS, DataArea.SETTINGS, DataArea.ALL):
            self._loaded = False
            if self.isVisible():
                self.on_shown()

    def run_report(self) -> None:
        try:
            period = DateRange(as_date(self.start_edit.date()), as_date(self.end_edit.date()))
        except ValueError as exc:
            self.summary.setText(str(exc).capitalize())
            return
        store, actor = self.context.store, self.context.staff_id
        self.summary.setText("Working out the figures…")

        def compute(_control: TaskControl) -> tuple[DateRange, list[PupilFiguresRow]]:
            return period, school_figures(store, actor, period)

        run_with_progress(
            self, self.context.tasks, compute, title="Whole-school figures", on_done=self._show, cancellable=False
        )

    def _show(self, result: tuple[DateRange, list[PupilFiguresRow]]) -> None:
        self.period, rows = result
        self.model.set_rows(rows)
        if rows and not self._columns_sized:
            size_columns_from_sample(self.table, self.model, {0: 170})
            self._columns_sized = True
        self.export_button.setEnabled(bool(rows))
        if not rows:
            self.summary.setText("No pupil has register marks between these dates.")
            return
        counts = {label: 0 for label in BAND_LABELS.values()}
        for row in rows:
            if row.figures.band:
                counts[BAND_LABELS[row.figures.band]] += 1
        bands = ", ".join(f"{label.lower()} {n}" for label, n in counts.items())
        p = self.period
        self.summary.setText(
            f"{len(rows):,} {'pupil' if len(rows) == 1 else 'pupils'} with marks from {p.start:%d/%m/%Y} to "
            f"{p.end:%d/%m/%Y}. "
            f"Bands: {bands}. Click a heading to sort; Enter opens the pupil."
        )

    def choose_csv_path(self, suggested: str) -> str:
        """Ask where to save ("" if cancelled). Tests replace this."""
        return ask_save_path(self, "Export CSV", suggested, "CSV files (*.csv)")

    def export(self) -> None:
        if self.period is None:
            return
        p = self.period
        suggested = file_name("Attendance figures", f"{p.start:%Y-%m-%d} to {p.end:%Y-%m-%d}", suffix="csv")
        path = self.choose_csv_path(suggested)
        if not path:
            return
        try:
            count = write_csv(Path(path), self.model, self.proxy)
        except OSError as exc:
            self.summary.setText(f"Could not write {path}: {exc.strerror or exc}. Nothing was saved.")
            return
        self.context.events.status_message.emit(f"Exported {count:,} {'pupil' if count == 1 else 'pupils'} to {path}")
