"""Returns to the local authority: the list, the form filled from the record, and marking it sent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.reports.returns import ReturnKind
from attendance_desk.services.reports.return_records import (
    SEND_METHODS,
    make_return_form,
    mark_return_sent,
    return_records,
)
from attendance_desk.services.reports.returns import ReturnError
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.preferences import file_name
from attendance_desk.ui.reports.columns import RETURNS
from attendance_desk.ui.reports.list_view import PUPIL_ID_ROLE, ReportListView
from attendance_desk.ui.tasks import Lane, TaskControl
from attendance_desk.ui.widgets.accessible import name as accessible
from attendance_desk.ui.widgets.dialogs import ask_save_path

RETURNS_AREA = "la_returns"  # the data_changed name for a return made or sent


class SentDialog(QDialog):
    """When and how the return went to the local authority."""

    def __init__(self, reached_on: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark the return sent")
        self.sent_on = QDateEdit(QDate.currentDate())
        accessible(self.sent_on, "Sent on")
        self.sent_on.setCalendarPopup(True)
        self.sent_on.setDisplayFormat("dd/MM/yyyy")
        self.sent_on.setMinimumDate(QDate(reached_on.year, reached_on.month, reached_on.day))
        self.sent_on.setMaximumDate(QDate.currentDate())
        self.method = QComboBox()
        self.method.setAccessibleName("How it was sent")
        for key, label in SEND_METHODS.items():
            self.method.addItem(label, key)
        self.note = QLineEdit(placeholderText="e.g. the team or reference it went to")
        accessible(self.note, "Note on the return")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Sent on", self.sent_on)
        form.addRow("How", self.method)
        form.addRow("Note", self.note)
        form.addRow(buttons)

    def values(self) -> tuple[date, str, str]:
        return self.sent_on.date().toPython(), str(self.method.currentData()), self.note.text()  # type: ignore[return-value]


class ReturnsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.view = ReportListView(context, RETURNS)
        self.form_button = QPushButton("Make the for&m…")
        self.form_button.setToolTip("Fill the return form from the record, keep a copy in the archive and save it")
        self.sent_button = QPushButton("Mark &sent…")
        self.sent_button.setToolTip("Record the date and how the form went to the local authority")
        row = QHBoxLayout()
        row.addWidget(self.form_button)
        row.addWidget(self.sent_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.form_button.clicked.connect(self.make_form)
        self.sent_button.clicked.connect(self.mark_sent)
        self.view.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self._dialog: SentDialog | None = None
        self.reload_requested: Callable[[], None] | None = None  # the page: reload the returns list alone
        self._update_buttons()

    def current(self) -> dict[str, Any] | None:
        rows = self.view.table.selectionModel().selectedRows()
        if len(rows) != 1:
            return None
        source = self.view.proxy.mapToSource(rows[0]).row()
        record = dict(self.view.model.records[source])
        record["pupil_id"] = rows[0].data(PUPIL_ID_ROLE)
        return record

    def _update_buttons(self) -> None:
        record = self.current()
        self.form_button.setEnabled(bool(record) and record["status"] != "approaching")  # type: ignore[index]
        self.sent_button.setEnabled(bool(record) and record["status"] == "form_made")  # type: ignore[index]

    def choose_pdf_path(self, suggested: str) -> str:
        """Ask where to save the form ("" if cancelled). Tests replace this."""
        return ask_save_path(self, "Save the return form", suggested, "PDF files (*.pdf)")

    def make_form(self) -> None:
        record = self.current()
        if record is None or record["status"] == "approaching":
            return
        what = "Sickness return" if record["kind"] == ReturnKind.SICKNESS else "Attendance return"
        path = self.choose_pdf_path(
            file_name(what, str(record.get("name") or ""), record["upn"], record["reached_on"], suffix="pdf")
        )
        if not path:
            return
        store, actor = self.context.store, self.context.staff_id
        pupil_id, kind, reached = (
            int(record["pupil_id"]),
            ReturnKind(record["kind"]),
            date.fromisoformat(record["reached_on"]),
        )

        def work(_control: TaskControl) -> bytes:
            _id, pdf = make_return_form(store, actor, pupil_id, kind, reached)
            target = Path(path)
            partial = target.with_name(target.name + ".part")
            partial.write_bytes(pdf)
            partial.replace(target)
            return pdf

        def done(_pdf: bytes) -> None:
            self.view.status.emit(f"Return form saved to {path} (a copy is in the archive).")
            self._changed()

        self.context.tasks.run(
            work, on_done=done, on_error=self._failed, label="Making the return form", lane=Lane.WRITE
        )

    def mark_sent(self) -> None:
        record = self.current()
        if record is None or record["status"] != "form_made":
            return
        dialog = SentDialog(date.fromisoformat(record["reached_on"]), self)
        self._dialog = dialog  # keep a reference until it has closed
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        sent_on, method, note = dialog.values()
        store, actor = self.context.store, self.context.staff_id
        pupil_id, kind, reached = int(record["pupil_id"]), record["kind"], date.fromisoformat(record["reached_on"])

        def work(_control: TaskControl) -> None:
            match = [r for r in return_records(store, actor, pupil_id) if r.kind == kind and r.reached_on == reached]
            if not match:
                raise ReturnError("Make the form before marking the return sent.")
            mark_return_sent(store, actor, match[0].id, sent_on, method, note)

        def done(_none: None) -> None:
            self.view.status.emit("Return marked sent; it is in the pupil's chronology.")
            self._changed()

        self.context.tasks.run(
            work, on_done=done, on_error=self._failed, label="Marking the return sent", lane=Lane.WRITE
        )

    def _changed(self) -> None:
        if self.reload_requested is not None:
            self.reload_requested()
        self.context.notify(RETURNS_AREA)

    def _failed(self, error: BaseException) -> None:
        message = str(error) if isinstance(error, ReturnError | OSError) else "The return could not be saved."
        self.view.status.emit(message)
