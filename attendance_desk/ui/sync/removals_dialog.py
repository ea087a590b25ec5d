"""Asking before an import removes anything: the marks a file would remove (pupil, date, session, old code), or
the pupils a pupils file leaves out. Nothing has been written when this opens; agreeing imports the file again
with exactly the listed removals allowed, so a file or database that changed in between is refused."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.text import plural
from attendance_desk.services.sync.results import Agreement, ImportResult

SHOWN = 5000  # rows in the table; the count above it is always complete


class RemovalsDialog(QDialog):
    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.import_result = result
        self.setWindowTitle("Agree to removals before importing")
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        marks = bool(result.removals)
        if marks:
            intro = (
                f"<p><b>{result.file}</b> no longer shows <b>{plural(len(result.removals), 'mark')}</b> that "
                "Attendance Desk holds, for pupils and sessions the file covers. Importing it would remove them. "
                "Nothing has been written yet.</p>"
                "<p>Remove these marks only if the MIS has really deleted them (for example a register taken for "
                "the wrong pupil). Marks of other pupils and other sessions are never touched.</p>"
            )
            headings = ["UPN", "Pupil", "Date", "Session", "Code held now"]
            rows = [[r.upn, r.pupil, f"{r.date:%a %d/%m/%Y}", r.session, r.old_code] for r in result.removals[:SHOWN]]
        else:
            intro = (
                f"<p><b>{result.file}</b>: {result.needs_agreement}. Nothing has been written yet.</p>"
                "<p>Pupils missing from a pupils file are kept (their records are evidence) but listed as no "
                "longer in the MIS. Go on only if this is the whole-school export.</p>"
            )
            headings = ["UPN", "Pupil"]
            rows = [list(row[:2]) for row in result.report.get("not_in_file", [])[:SHOWN]]
        label = QLabel(intro)
        label.setWordWrap(True)
        layout.addWidget(label)
        table = QTableWidget(len(rows), len(headings))
        table.setHorizontalHeaderLabels(headings)
        table.setAccessibleName("Marks the file would remove" if marks else "Pupils the file leaves out")
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(str(value)))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        layout.addWidget(table, 1)
        buttons = QDialogButtonBox()
        what = f"Import and remove {plural(len(result.removals), 'mark')}" if marks else "Import the file anyway"
        self.agree_button = buttons.addButton(what, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("Don't import", QDialogButtonBox.ButtonRole.RejectRole)
        self.agree_button.setAutoDefault(False)
        cancel.setAutoDefault(True)
        cancel.setDefault(True)  # the safe choice is the one Enter picks
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def agreement(self) -> Agreement:
        """Exactly what was shown: the import is refused if it would now remove anything else."""
        if self.import_result.removals:
            return frozenset(removal.key for removal in self.import_result.removals)
        return frozenset(self.import_result.gone_pupil_ids)
