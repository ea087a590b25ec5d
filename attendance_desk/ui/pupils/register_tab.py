"""A pupil's register as a grid: one row per week, Monday to Friday AM and PM, coloured by category."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.calendar import DateRange
from attendance_desk.services import pupils as pupil_service
from attendance_desk.services.pupils import SESSIONS, WEEKDAYS, RegisterWeek
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.tasks import TaskControl
from attendance_desk.ui.theme import CATEGORY_LABELS, category_brushes

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
CATEGORY_ROLE = int(Qt.ItemDataRole.UserRole) + 1
COLUMN_TITLES = tuple(f"{day} {session}" for day in WEEKDAYS for session in SESSIONS)


class RegisterModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.weeks: list[RegisterWeek] = []

    def set_weeks(self, weeks: list[RegisterWeek]) -> None:
        self.beginResetModel()
        self.weeks = weeks
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.weeks)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMN_TITLES)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        role = int(role)
        week = self.weeks[index.row()]
        cell = week.cells[index.column()]
        if role == _ALIGN:
            return _CENTRE
        if cell is None:
            return None
        if role == _DISPLAY:
            return cell.code
        if role == _BACKGROUND:
            return category_brushes(cell.category)[0]
        if role == _FOREGROUND:
            return category_brushes(cell.category)[1]
        if role == _TOOLTIP:
            day = week.monday + timedelta(days=index.column() // 2)
            return f"{day:%a %d/%m/%Y} {SESSIONS[index.column() % 2]}\n{cell.code}: {cell.meaning}"
        if role == CATEGORY_ROLE:
            return cell.category
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if int(role) != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMN_TITLES[section] if 0 <= section < len(COLUMN_TITLES) else None
        if 0 <= section < len(self.weeks):
            return f"w/c {self.weeks[section].monday:%d/%m/%Y}"
        return None


def legend() -> QWidget:
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 4, 0, 0)
    grid.setHorizontalSpacing(8)
    for i, (category, label) in enumerate(CATEGORY_LABELS.items()):
        fill, text = category_brushes(category)
        swatch = QLabel("A")
        swatch.setFixedSize(22, 18)
        swatch.setAlignment(Qt.AlignmentFlag.AlignCenter)
        swatch.setFrameShape(QFrame.Shape.Box)
        swatch.setStyleSheet(f"background: {fill.name()}; color: {text.name()}; border: 1px solid #c5cad4;")
        swatch.setText("")
        grid.addWidget(swatch, i // 3, (i % 3) * 2)
        grid.addWidget(QLabel(label), i // 3, (i % 3) * 2 + 1)
    grid.setColumnStretch(6, 1)
    return box


class RegisterTab(QWidget):
    def __init__(self, context: AppContext, pupil_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pupil_id = pupil_id
        self.model = RegisterModel(self)
        self._loaded = False
        self.caption = QLabel("")
        self.caption.setObjectName("muted")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setAccessibleName("Register grid")
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend())
        context.events.data_changed.connect(self._on_data_changed)

    def on_shown(self) -> None:
        if not self._loaded:
            self.load()

    def _on_data_changed(self, area: str) -> None:
        if area in (DataArea.MARKS, DataArea.ALL):
            self._loaded = False
            if self.isVisible():
                self.load()

    def load(self) -> None:
        self._loaded = True
        store, actor, pupil_id = self.context.store, self.context.staff_id, self.pupil_id

        def compute(_control: TaskControl) -> tuple[DateRange, list[RegisterWeek]]:
            period = pupil_service.current_year_to_date(store)
            return period, pupil_service.register_weeks(store, actor, pupil_id, period)

        self.context.tasks.run(compute, on_done=self._show, label="Pupil register")

    def _show(self, result: tuple[DateRange, list[RegisterWeek]]) -> None:
        period, weeks = result
        self.model.set_weeks(weeks)
        if weeks:
            self.caption.setText(
                f"School year to date, {period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}: weeks with marks, newest last. "
                "Hover over a mark for its meaning."
            )
            self.table.scrollToBottom()
        else:
            self.caption.setText("No register marks for this pupil in the school year to date.")


def create_pupil_tab(context: AppContext, pupil_id: int) -> QWidget:
    return RegisterTab(context, pupil_id)
