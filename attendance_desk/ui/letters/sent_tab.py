"""Sent letters: how each was delivered, the hand-delivery log sheet, reprints from the archive and the archive
check."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.london import LONDON
from attendance_desk.domain.text import plural
from attendance_desk.domain.vocabulary import DeliveryMethod
from attendance_desk.services.archive import VerifyReport, read_document, verify_archive
from attendance_desk.services.letters.data import LetterError
from attendance_desk.services.letters.delivery import (
    LetterRow,
    hand_delivery_sheet,
    list_letters,
    record_deliveries,
    record_delivery,
)
from attendance_desk.services.letters.templates import default_templates
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.generated.ui_delivery_dialog import Ui_DeliveryDialog
from attendance_desk.ui.preferences import file_name
from attendance_desk.ui.tasks import Lane, TaskControl
from attendance_desk.ui.widgets.accessible import name as accessible
from attendance_desk.ui.widgets.dialogs import ask_save_path
from attendance_desk.ui.widgets.flow import FlowLayout
from attendance_desk.ui.widgets.values import as_datetime

HEADINGS = ("Made", "Pupil", "Letter", "Addressed to", "Delivery")
LETTER_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class DeliveryDialog(QDialog):
    """Record one delivery; the fields asked for depend on the method."""

    def __init__(self, letter: LetterRow, parent: QWidget | None = None, count: int = 1) -> None:
        super().__init__(parent)
        self.ui = Ui_DeliveryDialog()  # layout: forms/letters/delivery_dialog.ui
        self.ui.setupUi(self)
        ui = self.ui
        self.method, self.when, self.note = ui.methodCombo, ui.whenEdit, ui.noteEdit
        self.handed_to, self.place, self.email = ui.handedToEdit, ui.placeEdit, ui.emailEdit
        self.count = count
        if count == 1:
            self.setWindowTitle(f"Delivery of the letter to {letter.recipient_name}")
        else:
            self.setWindowTitle(f"Delivery of {plural(count, 'letter')}")
        for method in DeliveryMethod:
            if count > 1 and method in (DeliveryMethod.HAND, DeliveryMethod.MEETING):
                continue  # each letter handed over needs the name of the person who took it: one at a time
            self.method.addItem(method.label, method.value)
        self.when.setDateTime(QDateTime.currentDateTime())
        self.handed_to.setPlaceholderText(f"Full name, e.g. {letter.recipient_name}")
        ui.buttonBox.accepted.connect(self.accept)
        ui.buttonBox.rejected.connect(self.reject)
        self.method.currentIndexChanged.connect(self._method_changed)
        self._method_changed()

    def _method_changed(self) -> None:
        method = self.method.currentData()
        hand = method in (DeliveryMethod.HAND, DeliveryMethod.MEETING)
        self.handed_to.setEnabled(hand)
        self.place.setEnabled(hand)
        self.email.setEnabled(method == DeliveryMethod.EMAIL and self.count == 1)  # many: each to its own address

    def values(self) -> dict[str, object]:
        moment = as_datetime(self.when.dateTime())
        return {
            "method": self.method.currentData(),
            "delivered_at": moment.replace(tzinfo=LONDON),
            "handed_to": self.handed_to.text() if self.handed_to.isEnabled() else "",
            "place": self.place.text() if self.place.isEnabled() else "",
            "email_address": self.email.text() if self.email.isEnabled() else "",
            "note": self.note.text(),
        }


class SentLettersTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[LetterRow] = []
        self.titles: dict[str, str] = {}
        self.table = QTableWidget(0, len(HEADINGS))
        accessible(self.table, "Sent letters", "Ctrl or Shift with the arrows chooses several letters")
        self.table.setHorizontalHeaderLabels(HEADINGS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((120, 160, 200, 200)):
            self.table.setColumnWidth(column, width)
        self.deliver_button = QPushButton("Record &delivery…")
        self.log_button = QPushButton("Hand-delivery &log…")
        self.reprint_button = QPushButton("Save a copy from the &archive…")
        self.verify_button = QPushButton("&Check the archive")
        self.deliver_button.clicked.connect(lambda: self.record_delivery())
        self.log_button.clicked.connect(lambda: self.save_log())
        self.reprint_button.clicked.connect(lambda: self.save_copy())
        self.verify_button.clicked.connect(self.check_archive)
        buttons = FlowLayout()  # wraps onto a second line on a narrow window
        for button in (self.deliver_button, self.log_button, self.reprint_button, self.verify_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        if not self.titles:  # the letter's title on screen, never its internal key
            self.titles = {t.key: t.title for t in default_templates().values()}
        self.context.tasks.run(
            lambda _c: list_letters(self.context.store), on_done=self._loaded, label="Loading letters"
        )

    def _loaded(self, rows: list[LetterRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            made = row.created_at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")
            for c, text in enumerate(
                (
                    made,
                    row.pupil_name,
                    self.titles.get(row.template_key, row.template_key),
                    row.recipient_name,
                    row.delivery_summary,
                )
            ):
                item = QTableWidgetItem(text)
                item.setData(LETTER_ID_ROLE, row.id)
                self.table.setItem(r, c, item)

    def selected(self) -> list[LetterRow]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.rows[r] for r in rows]

    def record_delivery(self, values: dict[str, object] | None = None) -> None:
        """The delivery of the chosen letter, or of all the chosen letters at once (a batch posted together)."""
        chosen = self.selected()
        if not chosen:
            QMessageBox.information(self, "Delivery", "Choose the letters whose delivery you are recording.")
            return
        letter = chosen[0]
        if values is None:
            dialog = DeliveryDialog(letter, self, count=len(chosen))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            values = dialog.values()
        store, actor = self.context.store, self.context.staff_id
        ids = [row.id for row in chosen]

        def work(_control: TaskControl) -> object:
            if len(ids) == 1:
                return record_delivery(store, actor, ids[0], **values)  # type: ignore[arg-type]
            return record_deliveries(
                store,
                actor,
                ids,
                str(values["method"]),
                values["delivered_at"],  # type: ignore[arg-type]
                note=str(values.get("note", "")),
            )

        self.context.tasks.run(
            work, on_done=lambda _r: self._changed(), on_error=self._failed, lane=Lane.WRITE, label="Recording delivery"
        )

    def _changed(self) -> None:
        self.context.notify(DataArea.ACTIVITY)
        self.reload()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, (LetterError, OSError)):
            QMessageBox.warning(self, "Letters", str(error))
        else:
            raise error

    def save_log(self, target: Path | None = None) -> None:
        chosen = self.selected()
        if not chosen:
            QMessageBox.information(self, "Hand-delivery log", "Select the letters to list on the log.")
            return
        if target is None:
            name = ask_save_path(
                self, "Save the log as", file_name("Hand-delivery log", on=date.today(), suffix="pdf"), "PDF (*.pdf)"
            )
            if not name:
                return
            target = Path(name)
        ids = [row.id for row in chosen]
        store, actor = self.context.store, self.context.staff_id
        self.context.tasks.run(
            lambda _c: hand_delivery_sheet(store, actor, ids),
            on_done=lambda pdf: self._write(target, pdf),
            on_error=self._failed,
            lane=Lane.WRITE,
            label="Hand-delivery log",
        )

    def save_copy(self, target: Path | None = None) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            QMessageBox.information(self, "Reprint", "Select one letter.")
            return
        if target is None:
            letter = chosen[0]
            suggested = file_name(
                self.titles.get(letter.template_key, "Letter"),
                letter.pupil_name,
                letter.recipient_name,
                on=letter.created_at.date(),
                suffix="pdf",
            )
            name = ask_save_path(self, "Save the archived PDF as", suggested, "PDF (*.pdf)")
            if not name:
                return
            target = Path(name)
        document_id = chosen[0].document_id
        self.context.tasks.run(
            lambda _c: read_document(self.context.store, document_id),
            on_done=lambda pdf: self._write(target, pdf),
            on_error=self._show_error,
            label="Reprint",
        )

    def _show_error(self, error: BaseException) -> None:
        QMessageBox.warning(self, "Archive", str(error))

    def _write(self, target: Path, pdf: bytes) -> None:
        try:
            target.write_bytes(pdf)
        except OSError as exc:
            QMessageBox.warning(self, "Save", f"{target} could not be written ({exc.strerror}).")
            return
        self.context.events.status_message.emit(f"Saved {target.name}")

    def check_archive(self) -> None:
        def done(report: VerifyReport) -> None:
            if report.ok:
                QMessageBox.information(
                    self,
                    "Archive",
                    f"All {report.checked} archived documents match their recorded fingerprints (SHA-256).",
                )
            else:
                lines = "\n".join(f"Document {p.document_id} ({p.title}): {p.problem}" for p in report.problems)
                QMessageBox.warning(
                    self,
                    "Archive",
                    f"{len(report.problems)} of {report.checked} archived documents do not match:\n{lines}",
                )

        self.context.tasks.run(
            lambda control: verify_archive(self.context.store, lambda d, t: control.progress(d, t)),
            on_done=done,
            label="Checking the archive",
        )
