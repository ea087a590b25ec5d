"""The designated safeguarding lead's list: concerns raised on calls, visits and reports, oldest open first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHeaderView, QInputDialog, QTableWidgetItem, QWidget

from attendance_desk.domain.london import LONDON
from attendance_desk.domain.text import plural
from attendance_desk.services.calling import concerns as calling_concerns
from attendance_desk.services.calling.concerns import ConcernRecord
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.generated.ui_dsl_dialog import Ui_DslDialog

RAISED_COLUMN = 0  # sized to its date and time so they are never cut short
CONCERN_COLUMN = 3  # the free-text column takes the spare width


class DslDialog(QDialog):
    """The layout and column headings live in forms/calling/dsl_dialog.ui; this class loads and reviews."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.records: list[ConcernRecord] = []
        self.ui = Ui_DslDialog()
        self.ui.setupUi(self)
        ui = self.ui
        # The names the calling desk and its tests use for the widgets.
        self.show_reviewed, self.table, self.message = ui.showReviewedCheck, ui.concernTable, ui.messageLabel
        self.review_button, self.open_button = ui.reviewButton, ui.openButton
        self.message.setObjectName("muted")
        self.table.horizontalHeader().setSectionResizeMode(CONCERN_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.show_reviewed.toggled.connect(lambda _on: self.reload())
        self.review_button.clicked.connect(self.review)
        self.open_button.clicked.connect(self.open_pupil)
        self.reload()

    def reload(self) -> None:
        self.records = calling_concerns.dsl_list(
            self.context.store, self.context.staff_id, include_reviewed=self.show_reviewed.isChecked()
        )
        self.table.setRowCount(len(self.records))
        for row, r in enumerate(self.records):
            values = (
                r.raised_at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M"),
                r.pupil_name,
                r.source,
                r.note,
                r.raised_by,
                f"{r.reviewed_by}: {r.review_note}" if r.reviewed_at else "open",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        open_count = sum(r.is_open for r in self.records)
        self.message.setText(f"{plural(open_count, 'open concern')}. Review each the same day.")
        self.table.resizeColumnToContents(RAISED_COLUMN)
        if self.records:
            self.table.selectRow(0)

    def _current(self) -> ConcernRecord | None:
        row = self.table.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    def review(self) -> None:
        record = self._current()
        if record is None or not record.is_open:
            return
        note, ok = QInputDialog.getMultiLineText(
            self, "Review the concern", f"What was decided or done about {record.pupil_name}?"
        )
        if not ok:
            return
        try:
            calling_concerns.review_concern(self.context.store, self.context.staff_id, record.id, note)
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        self.context.notify(DataArea.ACTIVITY)
        self.reload()

    def open_pupil(self) -> None:
        record = self._current()
        if record is not None:
            self.context.events.open_pupil.emit(record.pupil_id)
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.review()
            return
        super().keyPressEvent(event)
