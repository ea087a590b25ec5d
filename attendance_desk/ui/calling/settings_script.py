"""Editing the call-back script: the questions shown during a call, with a line of guidance each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from attendance_desk.services.calling import settings as calling_settings
from attendance_desk.services.calling.settings import CallScript, Prompt
from attendance_desk.ui.calling.settings_common import hint, save_row
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.widgets.accessible import name as accessible
from attendance_desk.ui.widgets.values import cell_checked

COLUMNS = ("Use", "Question", "Guidance for the caller")
KEY_ROLE = int(Qt.ItemDataRole.UserRole)  # the question's stored key (answers are kept under it), never shown


class ScriptEditor(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.table = QTableWidget(0, len(COLUMNS))
        accessible(self.table, "Call-back questions")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((40, 420)):
            self.table.setColumnWidth(column, width)
        add, remove = QPushButton("Add question"), QPushButton("Remove question")
        up, down = QPushButton("Move up"), QPushButton("Move down")
        add.clicked.connect(lambda: self._add_row(Prompt(self._new_key(), "")))
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(1))
        edit_row = QHBoxLayout()
        for button in (add, remove, up, down):
            edit_row.addWidget(button)
        edit_row.addStretch(1)
        row, self.message = save_row(self.save, self.reset, "Restore our default script")
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                "Questions shown on the call panel during a call-back. Keep them supportive: the call "
                "is a wellbeing check as much as a question about the absence. Answers are kept with "
                "the call. Untick a question to stop asking it without losing it."
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(edit_row)
        layout.addLayout(row)
        self.load(calling_settings.load_script(context.store))

    def load(self, script: CallScript) -> None:
        self.table.setRowCount(0)
        for prompt in script.prompts:
            self._add_row(prompt)
        self.message.setText("Showing the default script (not yet saved for this school)." if script.is_default else "")

    def _add_row(self, prompt: Prompt) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        use = QTableWidgetItem()
        use.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
        use.setCheckState(Qt.CheckState.Checked if prompt.active else Qt.CheckState.Unchecked)
        use.setData(KEY_ROLE, prompt.key)
        self.table.setItem(row, 0, use)
        for column, text in enumerate((prompt.question, prompt.guidance), start=1):
            self.table.setItem(row, column, QTableWidgetItem(text))

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        prompts = self.prompts()
        prompts[row], prompts[target] = prompts[target], prompts[row]
        self.table.setRowCount(0)
        for prompt in prompts:
            self._add_row(prompt)
        self.table.setCurrentCell(target, 1)

    def prompts(self) -> list[Prompt]:
        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text().strip() if item else ""

        return [
            Prompt(self._key(r), text(r, 1), text(r, 2), cell_checked(self.table, r, 0))
            for r in range(self.table.rowCount())
        ]

    def _key(self, row: int) -> str:
        item = self.table.item(row, 0)
        return str(item.data(KEY_ROLE) or "") if item else ""

    def _new_key(self) -> str:
        taken = {self._key(r) for r in range(self.table.rowCount())}
        return next(f"q{n}" for n in range(self.table.rowCount() + 1, 10_000) if f"q{n}" not in taken)

    def save(self) -> None:
        try:
            script = calling_settings.save_script(self.context.store, self.context.staff_id, self.prompts())
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        self.load(script)
        self.message.setText("Saved. The Today page uses the new script when it is next opened.")
        self.context.notify(DataArea.SETTINGS)

    def reset(self) -> None:
        self.load(calling_settings.reset_script(self.context.store, self.context.staff_id))
        self.context.notify(DataArea.SETTINGS)
