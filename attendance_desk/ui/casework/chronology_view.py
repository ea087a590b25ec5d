"""The pupil's chronology in the case file: filter by kind and dates, export or print the PDF evidence
chronology."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.london import LONDON
from attendance_desk.services.casework import printing as casework_print
from attendance_desk.services.casework.chronology import KIND_LABELS
from attendance_desk.ui.casework.widgets import date_edit, from_qdate
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.widgets.accessible import name as accessible

ALL_KINDS = "all"


class ChronologyView(QWidget):
    def __init__(
        self,
        context: AppContext,
        pupil_id: int,
        save_pdf: Callable[[Callable[[], bytes], str], Path | None],
        today: date | None = None,
        print_pdf: Callable[[Callable[[], bytes], str], object] | None = None,
    ) -> None:
        super().__init__()
        self.context, self.pupil_id, self.save_pdf, self.print_pdf = context, pupil_id, save_pdf, print_pdf
        self.kind = QComboBox()
        self.kind.addItem("Everything", ALL_KINDS)
        self.limit = QCheckBox("Only from")
        today = today or date.today()
        self.start = date_edit(date(today.year if today.month >= 9 else today.year - 1, 9, 1))
        self.end = date_edit(today)
        export = QPushButton("Export PDF…")
        export.clicked.connect(self.export)
        print_button = QPushButton("Print…")
        print_button.clicked.connect(lambda: self.export(to_printer=True))
        print_button.setVisible(print_pdf is not None)
        self.table = QTableWidget(0, 4)
        accessible(self.table, "Chronology", "Everything recorded for this pupil, newest first")
        self.table.setHorizontalHeaderLabels(["Date", "Type", "What happened", "Staff"])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        bar = QHBoxLayout()
        for widget in (self.kind, self.limit, self.start, self.end, export, print_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.kind.currentIndexChanged.connect(self.reload)
        self.limit.toggled.connect(self.reload)
        self.start.dateChanged.connect(self.reload)
        self.end.dateChanged.connect(self.reload)

    def _filters(self) -> tuple[date | None, date | None, set[str] | None]:
        kind = self.kind.currentData()
        kinds = None if kind in (None, ALL_KINDS) else {kind}
        if self.limit.isChecked():
            return from_qdate(self.start.date()), from_qdate(self.end.date()), kinds
        return None, None, kinds

    def reload(self) -> None:
        start, end, kinds = self._filters()
        chronology = casework_print.chronology_for(
            self.context.store, self.context.staff_id, self.pupil_id, start, end, kinds
        )
        self._fill_kinds()
        entries = chronology.entries
        self.table.setRowCount(len(entries))
        for r, entry in enumerate(entries):
            values = (
                entry.at.astimezone(LONDON).strftime("%d/%m/%Y"),
                casework_print.kind_label(entry.kind),
                entry.title + (f" — {entry.detail}" if entry.detail else ""),
                entry.staff,
            )
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))

    def _fill_kinds(self) -> None:
        """Offer the kinds this pupil's record holds, keeping the current choice."""
        everything = casework_print.chronology_for(self.context.store, self.context.staff_id, self.pupil_id)
        kinds = sorted({e.kind for e in everything.entries}, key=casework_print.kind_label)
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem("Everything", ALL_KINDS)
        for kind in kinds:
            self.kind.addItem(KIND_LABELS.get(kind, casework_print.kind_label(kind)), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
        self.kind.blockSignals(False)

    def row_count(self) -> int:
        return self.table.rowCount()

    def export(self, to_printer: bool = False) -> None:
        start, end, kinds = self._filters()

        def make() -> bytes:
            chronology = casework_print.chronology_for(
                self.context.store, self.context.staff_id, self.pupil_id, start, end, kinds
            )
            return casework_print.chronology_pdf(
                self.context.store, self.context.staff_id, chronology, start, end, self.pupil_id
            )

        if to_printer and self.print_pdf is not None:
            self.print_pdf(make, "evidence-chronology")
        else:
            self.save_pdf(make, "evidence-chronology")
