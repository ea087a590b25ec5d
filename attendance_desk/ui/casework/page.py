"""The Casework page: pupils by stage, the review list (suggestions from the figures, never automatic moves),
and the case file of the pupil chosen in either."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.services.casework import stages as casework
from attendance_desk.services.casework.stages import CaseRow
from attendance_desk.ui.casework.case_file import CASEWORK_AREA, CaseFileWidget
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.tasks import TaskControl
from attendance_desk.ui.widgets.accessible import name as accessible

PUPIL_ROLE = Qt.ItemDataRole.UserRole
RELOAD_AREAS = {CASEWORK_AREA, DataArea.MARKS, DataArea.PUPILS, DataArea.SETTINGS, DataArea.ALL}


def _percent(row: CaseRow) -> str:
    return "–" if row.attendance_percent is None else f"{row.attendance_percent}%"


class CaseworkPage(QWidget):
    def __init__(self, context: AppContext, today: date | None = None) -> None:
        super().__init__()
        self.context = context
        self.today = today or date.today()
        self.case_file: CaseFileWidget | None = None
        self._stale = True
        self.status = QLabel("Loading…")
        refresh = QPushButton("Refresh")
        refresh.clicked.connect(self.load)
        self.by_stage = QTreeWidget()
        accessible(self.by_stage, "Pupils by stage", "Each stage of the staged process with its pupils")
        self.by_stage.setHeaderLabels(["Pupil", "Year", "Attendance"])
        self.by_stage.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.by_stage.itemActivated.connect(self._tree_chosen)
        self.by_stage.itemClicked.connect(self._tree_chosen)
        self.review = QTableWidget(0, 5)
        accessible(self.review, "Review list", "Plans, contracts and notices due for review")
        self.review.setHorizontalHeaderLabels(["Pupil", "Year", "Attendance", "Current stage", "Why look again"])
        self.review.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((120, 40, 75, 130)):
            self.review.setColumnWidth(column, width)
        self.review.verticalHeader().setVisible(False)
        self.review.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.review.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.review.setWordWrap(True)
        self.review.cellClicked.connect(self._review_chosen)
        self.lists = QTabWidget()
        self.lists.addTab(self.by_stage, "Pupils by stage")
        self.lists.addTab(self.review, "Review list")
        note = QLabel("The review list suggests pupils to look at; a pupil only moves stage when someone records it.")
        note.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(refresh)
        left_layout.addLayout(top)
        left_layout.addWidget(self.lists)
        left_layout.addWidget(note)
        self.placeholder = QLabel("Choose a pupil to open their case file.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.placeholder)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        context.events.data_changed.connect(self._data_changed)

    def on_shown(self) -> None:
        if self._stale:
            self.load()

    def _data_changed(self, area: str) -> None:
        if area in RELOAD_AREAS:
            self._stale = True
            if self.isVisible():
                self.load()

    def load(self) -> None:
        self._stale = False
        self.status.setText("Loading…")
        today = self.today

        def work(_control: TaskControl) -> tuple[list, dict[str, list[CaseRow]], list[CaseRow]]:
            store = self.context.store
            return (
                list(casework.load_stages(store)),
                casework.pupils_by_stage(store, self.context.staff_id, today),
                casework.review_list(store, self.context.staff_id, today),
            )

        self.context.tasks.run(work, on_done=self._show, label="Loading casework")

    def _show(self, result: tuple[list, dict[str, list[CaseRow]], list[CaseRow]]) -> None:
        stages, grouped, review = result
        self.by_stage.clear()
        for stage in stages:
            rows = grouped.get(stage.key, [])
            parent = QTreeWidgetItem([f"{stage.name} ({len(rows)})", "", ""])
            self.by_stage.addTopLevelItem(parent)
            parent.setFirstColumnSpanned(True)
            for row in rows:
                item = QTreeWidgetItem([row.name, row.year_group, _percent(row)])
                item.setData(0, PUPIL_ROLE, row.pupil_id)
                parent.addChild(item)
            parent.setExpanded(True)
        self.review.setRowCount(len(review))
        for r, row in enumerate(review):
            values = (
                row.name,
                row.year_group,
                _percent(row),
                row.stage_name,
                "; ".join(row.reasons) + (f". Consider: {row.suggested_stage}" if row.suggested_stage else ""),
            )
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(PUPIL_ROLE, row.pupil_id)
                cell.setToolTip(values[4])
                self.review.setItem(r, c, cell)
        in_cases = sum(len(rows) for rows in grouped.values())
        self.status.setText(f"{in_cases} {'pupil' if in_cases == 1 else 'pupils'} with a case; {len(review)} to review")

    def _tree_chosen(self, item: QTreeWidgetItem) -> None:
        pupil_id = item.data(0, PUPIL_ROLE)
        if pupil_id is not None:
            self.open_case(pupil_id)

    def _review_chosen(self, row: int, _column: int) -> None:
        item = self.review.item(row, 0)
        if item is not None:
            self.open_case(item.data(PUPIL_ROLE))

    def open_case(self, pupil_id: int) -> CaseFileWidget:
        case_file = CaseFileWidget(self.context, pupil_id, self.today)
        old = self.splitter.widget(1)
        self.splitter.replaceWidget(1, case_file)
        if old is not None and old is not self.placeholder:
            old.deleteLater()
        self.case_file = case_file
        return case_file


def create_page(context: AppContext) -> QWidget:
    return CaseworkPage(context)


def create_pupil_tab(context: AppContext, pupil_id: int) -> QWidget:
    """The case file as a tab on the pupil's page."""
    return CaseFileWidget(context, pupil_id)
