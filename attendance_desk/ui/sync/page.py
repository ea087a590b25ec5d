"""The Import/Export page: bring MIS exports in (mapping, check, progress with cancel, reconciliation report,
history) and send the office's decisions back (changes to key in, communication log)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.text import plural
from attendance_desk.services.access import PermissionRefused
from attendance_desk.services.sync import exports as sync_exports
from attendance_desk.services.sync import history as sync_history
from attendance_desk.services.sync.importing import ImportCancelled, ImportResult, import_file
from attendance_desk.services.sync.results import Agreement
from attendance_desk.services.sync.watch import WatchedImport, guess_kind
from attendance_desk.sync.mapping import MappingProfile
from attendance_desk.sync.textfile import UnreadableFile
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.preferences import file_name
from attendance_desk.ui.sync.mapping_dialog import MappingDialog
from attendance_desk.ui.sync.removals_dialog import RemovalsDialog
from attendance_desk.ui.sync.report_view import report_html
from attendance_desk.ui.sync.watcher import start_folder_watcher
from attendance_desk.ui.tasks import Lane, TaskControl, TaskHandle
from attendance_desk.ui.widgets.accessible import name as accessible
from attendance_desk.ui.widgets.dialogs import ask_open_path, ask_save_path
from attendance_desk.ui.widgets.flow import ReflowSplitter

KIND_LABELS = {"pupils": "Pupils", "contacts": "Contacts", "marks": "Marks"}
HISTORY_COLUMNS = ["When", "Kind", "File", "Result", "New", "Updated", "Unchanged", "Removed", "Warnings"]


class SyncPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result: ImportResult | None = None
        self.handle: TaskHandle | None = None
        self.history: list[sync_history.ImportRecord] = []
        # Import on the left, history and export on the right; one above the other on a narrow window.
        panes = ReflowSplitter()
        left_pane, right_pane = QWidget(), QWidget()
        left, right = QVBoxLayout(left_pane), QVBoxLayout(right_pane)
        left.setContentsMargins(0, 0, 0, 0)
        right.setContentsMargins(0, 0, 0, 0)
        panes.addWidget(left_pane)
        panes.addWidget(right_pane)
        panes.setStretchFactor(0, 3)
        panes.setStretchFactor(1, 2)
        QVBoxLayout(self).addWidget(panes)

        box = QGroupBox("Import from the MIS")
        form = QVBoxLayout(box)
        row = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setAccessibleName("What the file holds")
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.file = QLineEdit()
        accessible(self.file, "File to import")
        self.file.setPlaceholderText("An export from SIMS, Arbor, Bromcom or ScholarPack (CSV or text)")
        choose = QPushButton("Choose file…")
        choose.clicked.connect(self.choose_file)
        row.addWidget(self.file, 1)
        row.addWidget(choose)
        row.addWidget(QLabel("holds"))
        row.addWidget(self.kind)
        form.addLayout(row)
        buttons = QHBoxLayout()
        self.import_button = QPushButton("Check columns and import…")
        self.import_button.clicked.connect(self.start_import)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_import)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.cancel_button)
        form.addLayout(buttons)
        left.addWidget(box)
        self.report = QTextBrowser()
        accessible(self.report, "Import report")
        self.report.setPlaceholderText("The reconciliation report of each import appears here.")
        left.addWidget(self.report, 1)
        self.save_errors = QPushButton("Save error report…")
        self.save_errors.setEnabled(False)
        self.save_errors.clicked.connect(self.save_error_report)
        left.addWidget(self.save_errors)

        history_box = QGroupBox("Import history (select one to reopen its report)")
        history_layout = QVBoxLayout(history_box)
        self.history_table = QTableWidget(0, len(HISTORY_COLUMNS))
        accessible(self.history_table, "Import history")
        self.history_table.setHorizontalHeaderLabels(HISTORY_COLUMNS)
        self.history_table.verticalHeader().setVisible(False)
        self.history_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.history_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history_table.itemSelectionChanged.connect(self.show_history_report)
        for column, width in enumerate((108, 64, 170, 72)):
            self.history_table.setColumnWidth(column, width)
        for column in range(4, len(HISTORY_COLUMNS)):  # the counts: as wide as their heading, never cut short
            self.history_table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        history_layout.addWidget(self.history_table)
        right.addWidget(history_box, 1)

        export_box = QGroupBox("Back to the MIS")
        export_layout = QVBoxLayout(export_box)
        self.changes_label = QLabel()
        export_layout.addWidget(self.changes_label)
        changes_row = QHBoxLayout()
        for text, pdf in (("Save changes as CSV…", False), ("Save checklist (PDF)…", True)):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, pdf=pdf: self.export_changes(pdf))
            changes_row.addWidget(button)
        export_layout.addLayout(changes_row)
        comms = QPushButton("Save communication log (CSV)…")
        comms.clicked.connect(self.export_communications)
        export_layout.addWidget(comms)
        right.addWidget(export_box)
        self.watch_label = QLabel()
        self.watch_label.setWordWrap(True)
        right.addWidget(self.watch_label)

        self.watcher = start_folder_watcher(context)
        self.watcher.imported.connect(self.show_watched)
        context.events.data_changed.connect(lambda _area: self.reload())
        self.reload()

    # Loading -------------------------------------------------------------------------------------------------
    def on_shown(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.history = sync_history.import_history(self.context.store)
        self.history_table.setRowCount(len(self.history))
        for row, record in enumerate(self.history):
            when = (
                record.finished_at.astimezone(sync_exports.LONDON).strftime("%d/%m/%Y %H:%M")
                if record.finished_at
                else ""
            )
            values = [
                when,
                KIND_LABELS.get(record.kind, record.kind),
                record.file,
                record.status,
                record.inserted,
                record.updated,
                record.unchanged,
                record.removed,
                record.warnings,
            ]
            for column, value in enumerate(values):
                self.history_table.setItem(row, column, QTableWidgetItem(str(value)))
        try:
            pending = len(sync_exports.changes_to_key_in(self.context.store, self.context.staff_id))
        except PermissionRefused as refusal:
            self.changes_label.setText(str(refusal))
        else:
            self.changes_label.setText(
                f"Changes to key in: {plural(pending, 'code decision')} not yet seen in an import."
            )
        folder = self.watcher.folder
        self.watch_label.setText(
            f"Watching {folder}: exports dropped there are imported while the app is open."
            if folder
            else "No watched folder. Choose one in Settings › MIS sync to import scheduled exports automatically."
        )

    # Importing -----------------------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path = ask_open_path(self, "Choose an export", "CSV or text (*.csv *.txt *.tsv);;All files (*)", "import")
        if path:
            self.file.setText(path)
            kind = guess_kind(Path(path))
            if kind:
                self.kind.setCurrentIndex(self.kind.findData(kind))

    def start_import(self) -> None:
        path = self.file.text().strip()
        if not path or not Path(path).is_file():
            QMessageBox.warning(self, "Import", "Choose the file to import first.")
            return
        try:
            dialog = MappingDialog(self.context, path, self.kind.currentData(), self)
        except (OSError, UnreadableFile, UnicodeDecodeError, ValueError) as exc:
            QMessageBox.warning(self, "Import", f"This file cannot be read: {exc}")
            return
        if dialog.exec():
            self.run_import(path, self.kind.currentData(), dialog.chosen_profile())

    def run_import(
        self, path: str, kind: str, profile: MappingProfile | None, allow_removals: Agreement = False
    ) -> None:
        store, staff_id = self.context.store, self.context.staff_id
        self._last_import = (path, kind, profile, allow_removals)

        def work(control: TaskControl) -> ImportResult:
            def progress(done: int, total: int) -> None:
                if control.cancelled:
                    raise ImportCancelled
                control.progress(done, total, "")

            return import_file(
                store, kind, path, staff_id, progress=progress, profile=profile, allow_removals=allow_removals
            )

        self._busy(True)
        self.handle = self.context.tasks.run(
            work,
            on_done=self.show_result,
            on_error=self._failed,
            on_progress=self._progress,
            on_cancelled=self._cancelled,
            label=f"Importing {Path(path).name}",
            lane=Lane.WRITE,
        )

    def cancel_import(self) -> None:
        if self.handle is not None:
            self.handle.cancel()

    def _progress(self, done: int, total: int, _message: str) -> None:
        self.progress.setMaximum(max(total // 1024, 1))
        self.progress.setValue(min(done, total) // 1024)

    def _busy(self, busy: bool) -> None:
        self.import_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.progress.setValue(0)

    def _cancelled(self) -> None:
        self._busy(False)
        self.report.setHtml("<p><b>Cancelled.</b> Nothing was imported; the database is as it was.</p>")

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        self.context.tasks.report_unhandled("Import", error)

    def show_result(self, result: ImportResult, *, ask: bool = True) -> None:
        self._busy(False)
        self.result = result
        if result.status == "cancelled":
            self._cancelled()
            return
        if ask and self._ask_to_agree(result):
            return
        title = f"{KIND_LABELS.get(result.kind, result.kind)} from {result.file}"
        self.report.setHtml(
            report_html(
                title,
                result.status,
                result.summary(),
                result.report,
                result.errors,
                result.warnings,
                result.error_count,
            )
        )
        self.save_errors.setEnabled(bool(result.error_count or result.warning_count))
        if result.status == "imported":
            self.context.notify(DataArea.MARKS if result.kind == "marks" else DataArea.PUPILS)
        self.reload()

    def _ask_to_agree(self, result: ImportResult) -> bool:
        """A file refused only because it would remove something: list what, and import again if agreed.
        True when the import was started again."""
        last = getattr(self, "_last_import", None)
        if not (result.needs_agreement and result.error_count == 1 and last is not None):
            return False
        path, kind, profile, already = last
        if already is not False:
            return False  # agreed once; the file or the database changed since: show the refusal
        dialog = RemovalsDialog(result, self)
        self.removals_dialog = dialog  # for tests and screenshots
        if dialog.exec() != RemovalsDialog.DialogCode.Accepted:
            return False
        self.run_import(path, kind, profile, dialog.agreement())
        return True

    def show_watched(self, item: WatchedImport) -> None:
        self.show_result(item.result, ask=False)
        self.report.insertHtml(f"<p>From the watched folder; the file is now in {item.path.parent}.</p>")

    def save_error_report(self) -> None:
        if self.result is None:
            return
        suggested = file_name("Import problems", Path(self.result.file).stem, on=date.today(), suffix="csv")
        path = ask_save_path(self, "Save the error report", suggested, "CSV (*.csv)")
        if path:
            rows = self.result.save_issue_report(path)
            self.context.events.status_message.emit(
                f"{plural(rows, 'error or warning', 'errors and warnings')} saved to {path}"
            )

    def show_history_report(self) -> None:
        rows = self.history_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.history):
            return
        record = self.history[rows[0].row()]
        summary = (
            f"{record.status}: {record.inserted} new, {record.updated} updated, {record.unchanged} "
            f"unchanged, {record.removed} removed"
        )
        self.report.setHtml(
            report_html(
                f"{KIND_LABELS.get(record.kind, record.kind)} from {record.file}", record.status, summary, record.report
            )
        )
        self.save_errors.setEnabled(False)

    # Exporting -----------------------------------------------------------------------------------------------
    def _save(self, title: str, default: str, filters: str, produce: Callable[[], tuple[bytes, int]]) -> None:
        path = ask_save_path(self, title, default, filters)
        if path:
            data, rows = produce()  # only now: each export is audited
            Path(path).write_bytes(data)
            self.context.events.status_message.emit(f"{plural(rows, 'row')} saved to {path}")

    def export_changes(self, pdf: bool) -> None:
        store, staff_id = self.context.store, self.context.staff_id
        self._save(
            "Save the changes to key in",
            file_name("Changes to key in", on=date.today(), suffix="pdf" if pdf else "csv"),
            "PDF (*.pdf)" if pdf else "CSV (*.csv)",
            lambda: sync_exports.export_changes(store, staff_id, pdf=pdf),
        )

    def export_communications(self) -> None:
        store, staff_id = self.context.store, self.context.staff_id
        self._save(
            "Save the communication log",
            file_name("Communication log", on=date.today(), suffix="csv"),
            "CSV (*.csv)",
            lambda: sync_exports.export_communications(store, staff_id),
        )


def create_page(context: AppContext) -> QWidget:
    return SyncPage(context)
