"""Letters made: each one's approval and delivery; approving or sending back (attendance lead, head teacher),
printing and saving approved letters, the hand-delivery log sheet and the archive check.

The buttons follow the rule in ``domain.letter_approval``: a person who cannot approve does not see Approve or
Send back, and printing, saving, the log sheet and recording a delivery are offered only while every chosen letter
is approved. The services check the same rule again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.access import Permission
from attendance_desk.domain.letter_approval import LetterState
from attendance_desk.domain.london import LONDON
from attendance_desk.domain.text import plural
from attendance_desk.services.access import can
from attendance_desk.services.archive import ArchiveError, VerifyReport, verify_archive
from attendance_desk.services.letters.approval import approve_letters, letter_to_read, letters_pdf, send_back_letters
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
from attendance_desk.ui.letters.letter_dialogs import DeliveryDialog, LetterReader
from attendance_desk.ui.preferences import file_name
from attendance_desk.ui.printing import print_pdf
from attendance_desk.ui.tasks import Lane, TaskControl
from attendance_desk.ui.widgets.accessible import name as accessible
from attendance_desk.ui.widgets.dialogs import ask_save_path
from attendance_desk.ui.widgets.flow import FlowLayout

HEADINGS = ("Made", "Pupil", "Letter", "Addressed to", "Approval", "Delivery")
# The filter above the table: what it shows, and the state it asks the service for (None: every letter).
SHOWN: tuple[tuple[str, LetterState | None], ...] = (
    ("All letters", None),
    ("Awaiting approval", LetterState.AWAITING),
    ("Approved", LetterState.APPROVED),
    ("Sent back", LetterState.SENT_BACK),
)
LETTER_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class SentLettersTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[LetterRow] = []
        self.titles: dict[str, str] = {}
        self.approver = False
        self.shown = QComboBox()
        for label, _state in SHOWN:
            self.shown.addItem(label)
        accessible(self.shown, "Show letters", "All letters, or only those awaiting approval, approved or sent back")
        shown_label = QLabel("Sho&w:")
        shown_label.setBuddy(self.shown)
        self.shown.currentIndexChanged.connect(lambda _i: self.reload())
        self.table = QTableWidget(0, len(HEADINGS))
        accessible(self.table, "Letters made", "Ctrl or Shift with the arrows chooses several letters")
        self.table.setHorizontalHeaderLabels(HEADINGS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((125, 140, 190, 170, 230)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.read_button = QPushButton("&Open the letter…")
        self.read_button.setToolTip("Read the chosen letter on screen, whatever its approval")
        self.approve_button = QPushButton("&Approve")
        self.send_back_button = QPushButton("Send &back…")
        self.print_button = QPushButton("&Print…")
        self.deliver_button = QPushButton("Record &delivery…")
        self.log_button = QPushButton("Hand-delivery &log…")
        self.reprint_button = QPushButton("Sa&ve a copy from the archive…")
        self.verify_button = QPushButton("&Check the archive")
        self.read_button.clicked.connect(lambda: self.read_letter())
        self.approve_button.clicked.connect(lambda: self.approve())
        self.send_back_button.clicked.connect(lambda: self.send_back())
        self.print_button.clicked.connect(lambda: self.print_letters())
        self.deliver_button.clicked.connect(lambda: self.record_delivery())
        self.log_button.clicked.connect(lambda: self.save_log())
        self.reprint_button.clicked.connect(lambda: self.save_copy())
        self.verify_button.clicked.connect(self.check_archive)
        self.hint = QLabel()
        # One line that may be cut short on a narrow window (the whole sentence is its tooltip): a wrapping label
        # here made the tab taller than a 768-pixel screen.
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        accessible(self.hint, "What can be done with the chosen letters")
        top = QHBoxLayout()
        top.addWidget(shown_label)
        top.addWidget(self.shown)
        for button in (self.read_button, self.approve_button, self.send_back_button):
            top.addWidget(button)
        top.addWidget(self.hint, 1)
        buttons = FlowLayout()  # wraps onto a second line on a narrow window
        for button in (
            self.print_button,
            self.deliver_button,
            self.log_button,
            self.reprint_button,
            self.verify_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self._selection_changed()

    def reload(self) -> None:
        if not self.titles:  # the letter's title on screen, never its internal key
            self.titles = {t.key: t.title for t in default_templates().values()}
        # Who is at the keyboard decides what is offered (the services check again).
        self.approver = can(self.context.store, self.context.staff_id, Permission.APPROVE_LETTERS)
        self.approve_button.setVisible(self.approver)
        self.send_back_button.setVisible(self.approver)
        store, actor = self.context.store, self.context.staff_id
        state = SHOWN[max(self.shown.currentIndex(), 0)][1]  # the enum itself (Qt hands data back as text)
        self.context.tasks.run(
            lambda _c: list_letters(store, actor, state=state), on_done=self._loaded, label="Loading letters"
        )

    def show_only(self, state: LetterState | None) -> None:
        """Show only the letters in ``state`` (None: every letter)."""
        self.shown.setCurrentIndex(next(i for i, (_label, s) in enumerate(SHOWN) if s == state))

    def _loaded(self, rows: list[LetterRow]) -> None:
        kept = {row.id for row in self.selected()}  # the letters chosen before the reload stay chosen
        self.rows = rows
        self.table.clearSelection()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            made = row.created_at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")
            for c, text in enumerate(
                (
                    made,
                    row.pupil_name,
                    self.titles.get(row.template_key, row.template_key),
                    row.recipient_name,
                    row.approval.summary,
                    row.delivery_summary if row.approved else "",
                )
            ):
                item = QTableWidgetItem(text)
                item.setData(LETTER_ID_ROLE, row.id)
                if c == 4:
                    item.setToolTip(text)
                self.table.setItem(r, c, item)
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for r, row in enumerate(rows):
            if row.id in kept:
                self.table.selectRow(r)
        self.table.setSelectionMode(mode)
        self._selection_changed()

    def _selection_changed(self) -> None:
        """Offer only what the chosen letters allow, and say why the rest is not offered."""
        chosen = self.selected() if self.table.selectionModel() is not None else []
        approved = bool(chosen) and all(row.approved for row in chosen)
        awaiting = bool(chosen) and all(row.approval.state is LetterState.AWAITING for row in chosen)
        for button in (self.print_button, self.deliver_button, self.log_button, self.reprint_button):
            button.setEnabled(approved)
        self.read_button.setEnabled(len(chosen) == 1)
        self.approve_button.setEnabled(awaiting)
        self.send_back_button.setEnabled(awaiting)
        if not chosen:
            self.hint.setText("Choose letters in the table.")
        elif approved:
            self.hint.setText(f"{plural(len(chosen), 'approved letter')} chosen.")
        elif awaiting and self.approver:
            self.hint.setText(f"{plural(len(chosen), 'letter')} awaiting your approval.")
        elif awaiting:
            self.hint.setText(
                "Awaiting approval by the attendance lead or head teacher: it can be printed once approved."
            )
        elif len(chosen) == 1 and chosen[0].approval.state is LetterState.SENT_BACK:
            self.hint.setText(f"{chosen[0].approval.summary}. Prepare a corrected letter on Make letters.")
        else:
            self.hint.setText("Only approved letters can be printed, saved or recorded as delivered.")
        self.hint.setToolTip(self.hint.text())

    def selected(self) -> list[LetterRow]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.rows[r] for r in rows if r < len(self.rows)]

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
        if isinstance(error, (LetterError, OSError, PermissionError, ArchiveError)):
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
        """Save the chosen approved letters' pages from the archive as one PDF."""
        chosen = self.selected()
        if not chosen:
            QMessageBox.information(self, "Save a copy", "Choose the letters to save.")
            return
        if target is None:
            letter = chosen[0]
            suggested = file_name(
                self.titles.get(letter.template_key, "Letter"),
                letter.pupil_name if len(chosen) == 1 else "",
                letter.recipient_name if len(chosen) == 1 else "",
                on=letter.created_at.date(),
                suffix="pdf",
            )
            name = ask_save_path(self, "Save the archived letters as", suggested, "PDF (*.pdf)")
            if not name:
                return
            target = Path(name)
        ids = [row.id for row in chosen]
        store, actor = self.context.store, self.context.staff_id
        self.context.tasks.run(
            lambda _c: letters_pdf(store, actor, ids),
            on_done=lambda pdf: self._write(target, pdf),
            on_error=self._failed,
            label="Saving letters",
        )

    def print_letters(self) -> None:
        """Print the chosen approved letters from the archive (the job is named without pupils' names)."""
        chosen = self.selected()
        if not chosen:
            QMessageBox.information(self, "Print", "Choose the letters to print.")
            return
        ids = [row.id for row in chosen]
        store, actor = self.context.store, self.context.staff_id

        def send_to_printer(pdf: bytes) -> None:
            print_pdf(self, pdf, "Letters", self.context)

        self.context.tasks.run(
            lambda _c: letters_pdf(store, actor, ids),
            on_done=send_to_printer,
            on_error=self._failed,
            label="Preparing letters to print",
        )

    def read_letter(self, show: bool = True) -> LetterReader | None:
        """Open the chosen letter's pages on screen (the approver reads what they approve)."""
        chosen = self.selected()
        if len(chosen) != 1:
            return None
        letter = chosen[0]
        try:
            pdf = letter_to_read(self.context.store, self.context.staff_id, letter.id)
        except (LetterError, ArchiveError, PermissionError) as error:
            QMessageBox.warning(self, "Letters", str(error))
            return None
        reader = LetterReader(letter, self.titles.get(letter.template_key, "Letter"), pdf, self)
        if show:
            reader.exec()
        return reader

    def approve(self) -> None:
        """Approve every chosen letter (all or none)."""
        chosen = self.selected()
        if not chosen:
            return
        ids = [row.id for row in chosen]
        store, actor = self.context.store, self.context.staff_id
        self.context.tasks.run(
            lambda _c: approve_letters(store, actor, ids),
            on_done=lambda count: self._decided(f"{plural(count, 'letter')} approved"),
            on_error=self._failed,
            lane=Lane.WRITE,
            label="Approving letters",
        )

    def send_back(self, reason: str | None = None) -> None:
        """Send the chosen letters back to the office with a reason (asked for when not given)."""
        chosen = self.selected()
        if not chosen:
            return
        if reason is None:
            text, accepted = QInputDialog.getText(
                self,
                "Send back",
                (
                    "Why is this letter being sent back?"
                    if len(chosen) == 1
                    else f"Why are these {len(chosen)} letters being sent back?"
                )
                + " The office sees this reason.",
                QLineEdit.EchoMode.Normal,
            )
            if not accepted:
                return
            reason = text
        if not reason.strip():
            QMessageBox.warning(self, "Send back", "Say why the letters are being sent back.")
            return
        ids = [row.id for row in chosen]
        store, actor, why = self.context.store, self.context.staff_id, reason
        self.context.tasks.run(
            lambda _c: send_back_letters(store, actor, ids, why),
            on_done=lambda count: self._decided(f"{plural(count, 'letter')} sent back"),
            on_error=self._failed,
            lane=Lane.WRITE,
            label="Sending letters back",
        )

    def _decided(self, message: str) -> None:
        self.context.notify(DataArea.ACTIVITY)
        self.context.notify("letters")
        self.context.events.status_message.emit(message)
        self.reload()

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
