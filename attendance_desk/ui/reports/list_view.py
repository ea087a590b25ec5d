"""One report list on screen: sortable, filterable, exported as the CLI's CSV, and "act on these": make a letter
batch, open the case, or add the pupils to a stage review. The actions use the letters and casework features
themselves (their pages and services); nothing is re-implemented here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.text import plural
from attendance_desk.services.calling.followups import add_task
from attendance_desk.services.reports.export import to_csv
from attendance_desk.services.reports.lists import ReportList
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.preferences import file_name
from attendance_desk.ui.tasks import Lane, TaskControl
from attendance_desk.ui.widgets.accessible import name as accessible
from attendance_desk.ui.widgets.dialogs import ask_save_path
from attendance_desk.ui.widgets.tables import compact_rows
from attendance_desk.ui.widgets.text_table_model import TextTableModel

SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
PUPIL_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2
TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
STAGE_REVIEW_KIND = "casework:stage_review"
# A list's words in the name of its CSV file ("Attendance bands - 2026-11-27.csv").
REPORT_TITLES = {
    "bands": "Attendance bands",
    "threshold": "10 in 10 threshold",
    "patterns": "Absence patterns",
    "cohorts": "Attendance by group",
    "returns": "Returns to the LA",
    "trend": "Attendance trend",
}


@dataclass(frozen=True)
class Column:
    heading: str
    text: Callable[[dict[str, Any]], str]
    sort: Callable[[dict[str, Any]], Any]
    width: int = 90


def key_column(heading: str, key: str, width: int = 90, suffix: str = "") -> Column:
    def text(record: dict[str, Any]) -> str:
        value = record.get(key)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else ""
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        return f"{value}{suffix}"

    def sort(record: dict[str, Any]) -> Any:
        value = record.get(key)
        return (value is None, value if not isinstance(value, dict | list) else len(value))

    return Column(heading, text, sort, width)


class RecordsModel(TextTableModel):
    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__([c.heading for c in columns], parent)
        self.columns = list(columns)
        self.records: list[dict[str, Any]] = []
        self.ids: list[int | None] = []
        self._rank: list[list[int]] = []

    def set_records(self, records: Sequence[dict[str, Any]], ids: Sequence[int | None]) -> None:
        self.beginResetModel()
        self.records, self.ids = list(records), list(ids)
        self.set_text([[c.text(r) for c in self.columns] for r in self.records])
        self._rank = []
        for column in self.columns:
            keys = [column.sort(record) for record in self.records]
            order = sorted(range(len(keys)), key=keys.__getitem__)
            rank = [0] * len(order)
            for position, i in enumerate(order):
                rank[i] = position
            self._rank.append(rank)
        self.endResetModel()

    def role_data(self, row: int, column: int, role: int) -> Any:
        if role == SORT_ROLE:
            return self._rank[column][row]
        if role == PUPIL_ID_ROLE:
            return self.ids[row]
        if role == TOOLTIP_ROLE:  # long cells (the sessions behind a 10-in-10) are cut short on screen
            text = self._text[row][column]
            return text if len(text) > 30 else None
        return None


class ListFilter(QSortFilterProxyModel):
    """Free text over every column, plus exact values in chosen columns (e.g. one band, from a chart click)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.exact: dict[int, str] = {}

    def set_exact(self, column: int, value: str | None) -> None:
        self.beginFilterChange()
        if value is None:
            self.exact.pop(column, None)
        else:
            self.exact[column] = value
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:
        model = self.sourceModel()
        for column, value in self.exact.items():
            if model.index(source_row, column, source_parent).data() != value:
                return False
        return super().filterAcceptsRow(source_row, source_parent)


class ReportListView(QWidget):
    """A list with its basis, a filter, and the actions. ``pupil_actions=False`` for lists of groups or weeks."""

    status = Signal(str)

    def __init__(
        self,
        context: AppContext,
        columns: Sequence[Column],
        *,
        pupil_actions: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.report: ReportList | None = None
        self.model = RecordsModel(columns, self)
        self.proxy = ListFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.basis = QLabel("")
        self.basis.setObjectName("muted")
        self.basis.setWordWrap(True)
        self.filter = QLineEdit(placeholderText="Filter: any part of a name, UPN, year, band, flag…")
        accessible(self.filter, "Filter the list")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter the list")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.count = QLabel("")
        self.all_rows = QPushButton("Show all rows")
        self.all_rows.setVisible(False)
        self.all_rows.clicked.connect(lambda: self.show_only(-1, None))
        self.table = QTableView()
        self.table.setAccessibleName("Pupils in this list")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        compact_rows(self.table)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the report's own order until a heading is clicked
        metrics = self.table.horizontalHeader().fontMetrics()
        for i, column in enumerate(columns):
            self.table.setColumnWidth(i, max(column.width, metrics.horizontalAdvance(column.heading) + 28))
        self.letters_button = QPushButton("Make &letters…")
        self.case_button = QPushButton("Open &case")
        self.review_button = QPushButton("Add to stage &review")
        self.export_button = QPushButton("Export CSV…")
        for button, tip in (
            (
                self.letters_button,
                "Send the selected pupils (or every pupil shown) to Letters, ticked, to make a batch",
            ),
            (self.case_button, "Open the selected pupil's case file on the Casework page"),
            (self.review_button, "Add a stage review, due today, to the Follow-ups list for each selected pupil"),
        ):
            button.setToolTip(tip)
            button.setVisible(pupil_actions)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        top.addWidget(self.all_rows)
        actions = QHBoxLayout()
        actions.addWidget(QLabel("Act on these:") if pupil_actions else QLabel(""))
        for button in (self.letters_button, self.case_button, self.review_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.basis)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.letters_button.clicked.connect(self.make_letters)
        self.case_button.clicked.connect(self.open_case)
        self.review_button.clicked.connect(self.add_to_review)
        self.export_button.clicked.connect(self.export)
        self.table.activated.connect(self._activated)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.filter.textChanged.connect(lambda _t: self._update_count())

    def show_only(self, column: int, value: str | None) -> None:
        """Show only rows whose ``column`` reads exactly ``value`` (None: all rows again, whatever the column)."""
        if value is None:
            for key in list(self.proxy.exact):
                self.proxy.set_exact(key, None)
        else:
            self.proxy.set_exact(column, value)
        self.all_rows.setVisible(bool(self.proxy.exact))
        self._update_count()

    def show_report(self, report: ReportList) -> None:
        self.report = report
        self.basis.setText(report.basis)
        self.model.set_records(report.records, report.pupil_ids)
        self.export_button.setEnabled(bool(report.records))

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown:,} shown" if shown == total else f"{shown:,} of {total:,} shown")

    # -- which pupils --------------------------------------------------------------------------------------------
    def chosen_pupils(self) -> list[int]:
        """The selected rows' pupils, or every row shown when nothing is selected."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows:
            rows = list(range(self.proxy.rowCount()))
        ids = []
        for row in rows:
            pupil_id = self.proxy.index(row, 0).data(PUPIL_ID_ROLE)
            if pupil_id is not None and pupil_id not in ids:
                ids.append(int(pupil_id))
        return ids

    def _activated(self, index: Any) -> None:
        pupil_id = index.data(PUPIL_ID_ROLE)
        if pupil_id is not None:
            self.context.events.open_pupil.emit(int(pupil_id))

    # -- act on these --------------------------------------------------------------------------------------------
    def _main_window(self) -> Any:
        window = self.window()
        return window if hasattr(window, "show_page") else None

    def make_letters(self) -> None:
        ids = self.chosen_pupils()
        window = self._main_window()
        if not ids or window is None:
            return
        letters = window.show_page("letters")
        make = getattr(letters, "make", None)
        if make is not None:
            make.tick_pupils(ids)
            letters.tabs.setCurrentWidget(make)
        self.status.emit(
            f"{plural(len(ids), 'pupil')} ticked on the Letters page: choose a template and make the batch."
        )

    def open_case(self) -> None:
        ids = self.chosen_pupils()
        window = self._main_window()
        if not ids or window is None:
            return
        casework = window.show_page("casework")
        opener = getattr(casework, "open_case", None)
        if callable(opener):
            opener(ids[0])

    def add_to_review(self) -> None:
        ids = self.chosen_pupils()
        if not ids or self.report is None:
            return
        store, actor, name = self.context.store, self.context.staff_id, self.report.name
        today = date.today()

        def work(_control: TaskControl) -> int:
            for pupil_id in ids:
                add_task(
                    store,
                    actor,
                    title=f"Stage review (from the {name} report)",
                    due_on=today,
                    pupil_id=pupil_id,
                    owner_id=actor,
                    detail="Look again at this pupil's casework stage: the report lists them.",
                    kind=STAGE_REVIEW_KIND,
                )
            return len(ids)

        def done(count: int) -> None:
            self.context.notify(DataArea.ACTIVITY)
            self.status.emit(f"Stage review added to Follow-ups for {plural(count, 'pupil')}, due today.")

        self.context.tasks.run(work, on_done=done, label="Adding stage reviews", lane=Lane.WRITE)

    def choose_csv_path(self, suggested: str) -> str:
        """Ask where to save ("" if cancelled). Tests replace this."""
        return ask_save_path(self, "Export CSV", suggested, "CSV files (*.csv)")

    def export(self) -> None:
        if self.report is None:
            return
        title = REPORT_TITLES.get(self.report.name, self.report.name.capitalize())
        path = self.choose_csv_path(file_name(title, on=date.today(), suffix="csv"))
        if not path:
            return
        target = Path(path)
        partial = target.with_name(target.name + ".part")
        try:
            partial.write_text(to_csv(self.report), encoding="utf-8-sig")  # BOM: Excel reads it as UTF-8
            partial.replace(target)
        except OSError as exc:
            self.status.emit(f"Could not write {path}: {exc.strerror or exc}. Nothing was saved.")
            return
        self.status.emit(f"Exported {len(self.report.records):,} rows to {path}")
