"""Table models for the Today page: the worklist (in priority order) and the absences already explained."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from attendance_desk.services.calling.worklist import ExplainedEntry, WorklistEntry
from attendance_desk.ui.widgets.text_table_model import TextTableModel

_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
PUPIL_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
_URGENT = QColor("#7a1c16")
_REACHED = QColor("#5b6170")

# The free-text reason comes last and takes what width is left (elided, whole in its tooltip), so the short columns
# never slide out of sight on a laptop screen.
WORKLIST_HEADINGS = ("#", "Pupil", "Group", "Mark", "Days", "Tries", "Why near the top")
_REASON_COLUMN = 6
EXPLAINED_HEADINGS = ("Pupil", "Group", "Mark", "Code", "Reason", "From")
_REPORT_KINDS = {"reported": "Family reported", "planned": "Planned", "call": "Call-back"}


class WorklistModel(TextTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(WORKLIST_HEADINGS, parent)
        self.entries: list[WorklistEntry] = []

    def set_entries(self, entries: Sequence[WorklistEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.set_text(
            [
                (
                    str(n),
                    e.name,
                    e.reg_group or e.year_group,
                    e.mark or "no mark",
                    str(e.days_absent_consecutive),
                    str(e.attempts_today or ""),
                    ", ".join(e.reasons) or "family reached",
                )
                for n, e in enumerate(self.entries, start=1)
            ]
        )
        self.endResetModel()

    def role_data(self, row: int, column: int, role: int) -> Any:
        if role == PUPIL_ID_ROLE:
            return self.entries[row].pupil_id
        if role == _FOREGROUND:
            entry = self.entries[row]
            if entry.contacted_today:
                return _REACHED
            if entry.score >= 700 and column == _REASON_COLUMN:
                return _URGENT
            return None
        if role == _TOOLTIP and column == _REASON_COLUMN:
            return "\n".join(self.entries[row].reasons)
        return None

    def row_of(self, pupil_id: int) -> int:
        for row, entry in enumerate(self.entries):
            if entry.pupil_id == pupil_id:
                return row
        return -1


class ExplainedModel(TextTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(EXPLAINED_HEADINGS, parent)
        self.entries: list[ExplainedEntry] = []

    def set_entries(self, entries: Sequence[ExplainedEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.set_text(
            [
                (
                    e.name,
                    e.reg_group or e.year_group,
                    e.mark or "no mark",
                    e.proposed_code,
                    e.reason,
                    _REPORT_KINDS.get(e.report_kind, e.report_kind),
                )
                for e in self.entries
            ]
        )
        self.endResetModel()

    def role_data(self, row: int, column: int, role: int) -> Any:
        return self.entries[row].pupil_id if role == PUPIL_ID_ROLE else None
