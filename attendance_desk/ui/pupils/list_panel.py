"""The whole-school pupil list: search as you type, narrow by year, band and flag, open a pupil."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.calendar import DateRange
from attendance_desk.services import pupils as pupil_service
from attendance_desk.services.pupils import BAND_LABELS, FLAG_LABELS, MEDICAL_FLAG, SOCIAL_WORKER_FLAG, PupilList
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.pupils.model import COLUMNS, PUPIL_ID_ROLE, PupilFilterProxy, PupilTableModel, year_sort_key
from attendance_desk.ui.tasks import TaskControl
from attendance_desk.ui.widgets.tables import compact_rows, size_columns_from_sample

ANY = "Any"
_MIN_WIDTHS = {"Name": 190, "Flags": 160}


class PupilListPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = PupilTableModel(self)
        self.proxy = PupilFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.period: DateRange | None = None
        self._loaded = False
        self._columns_sized = False

        title = QLabel("Pupils")
        title.setObjectName("pageTitle")
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("pageSubtitle")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search: name, UPN, group, band or flag; y7 for Year 7…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search pupils")
        self.year_choice = QComboBox()
        self.band_choice = QComboBox()
        self.band_choice.addItems([ANY, *BAND_LABELS.values()])
        self.flag_choice = QComboBox()
        self.flag_choice.addItems([ANY, *(label for _attr, label in FLAG_LABELS), SOCIAL_WORKER_FLAG, MEDICAL_FLAG])
        self.count_label = QLabel("")
        self.count_label.setObjectName("muted")

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        compact_rows(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.setAccessibleName("Pupils")

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for label, combo in (("Year", self.year_choice), ("Band", self.band_choice), ("Flag", self.flag_choice)):
            caption = QLabel(label)
            caption.setBuddy(combo)
            filters.addWidget(caption)
            filters.addWidget(combo, 1)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(12)
        header.addWidget(self.subtitle, 1, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addLayout(header)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        self.search.textChanged.connect(self.proxy.set_query)
        self.search.textChanged.connect(self._update_count)
        for combo in (self.year_choice, self.band_choice, self.flag_choice):
            combo.currentIndexChanged.connect(self._apply_choices)
        self.table.activated.connect(self._open)
        self.search.returnPressed.connect(self.open_first)
        context.events.data_changed.connect(self._on_data_changed)

    # -- loading --------------------------------------------------------------------------------------------
    def on_shown(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        self._loaded = True
        self.subtitle.setText("Loading…")
        store, actor = self.context.store, self.context.staff_id

        def load(_control: TaskControl) -> PupilList:
            return pupil_service.list_pupils(store, actor)

        self.context.tasks.run(load, on_done=self._show, label="Loading the pupil list")

    def _on_data_changed(self, area: str) -> None:
        if area in (DataArea.PUPILS, DataArea.MARKS, DataArea.SETTINGS, DataArea.ALL):
            self._loaded = False
            if self.isVisible():
                self.reload()

    def _show(self, result: PupilList) -> None:
        self.period = result.period
        self.model.set_rows(result.rows)
        years = sorted({r.year_group for r in result.rows}, key=lambda y: (year_sort_key(y), y))
        current = self.year_choice.currentText()
        self.year_choice.blockSignals(True)
        self.year_choice.clear()
        self.year_choice.addItems([ANY, *years])
        self.year_choice.setCurrentText(current if current in years else ANY)
        self.year_choice.blockSignals(False)
        self._apply_choices()
        if result.rows:
            p = result.period
            self.subtitle.setText(f"Attendance for the school year to date: {p.start:%d/%m/%Y} – {p.end:%d/%m/%Y}")
        else:
            self.subtitle.setText("No pupils yet: open the demo school or import from your MIS (Import/Export).")
        if not self._columns_sized and result.rows:
            self._size_columns()

    def _size_columns(self) -> None:
        """Size columns once, from the header and a sample of rows (never ResizeToContents on a long table)."""
        minimum = {COLUMNS.index(name): width for name, width in _MIN_WIDTHS.items()}
        size_columns_from_sample(self.table, self.model, minimum)
        self._columns_sized = True

    # -- filtering ------------------------------------------------------------------------------------------
    def _apply_choices(self) -> None:
        def choice(combo: QComboBox) -> str:
            return "" if combo.currentText() == ANY else combo.currentText()

        self.proxy.set_choices(
            year=choice(self.year_choice), band=choice(self.band_choice), flag=choice(self.flag_choice)
        )
        self._update_count()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        noun = "pupil" if total == 1 else "pupils"
        self.count_label.setText(f"{shown:,} of {total:,} {noun}" if shown != total else f"{total:,} {noun}")

    # -- opening --------------------------------------------------------------------------------------------
    def _open(self, index: QModelIndex) -> None:
        pupil_id = index.data(PUPIL_ID_ROLE)
        if pupil_id is not None:
            self.context.events.open_pupil.emit(int(pupil_id))

    def open_first(self) -> None:
        """Enter in the search box opens the highlighted pupil, or the first (or only) one listed."""
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            index = self.proxy.index(0, 0)
        if index.isValid():
            self._open(index)
