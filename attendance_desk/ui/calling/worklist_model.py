"""Table models for the Today page: the worklist (in priority order) and the absences already explained."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from attendance_desk.services.calling_worklist import ExplainedEntry, WorklistEntry

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
PUPIL_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
_URGENT = QColor("#7a1c16")
_REACHED = QColor("#5b6170")

WORKLIST_HEADINGS = ("#", "Pupil", "Group", "Mark", "Days", "Why near the top", "Tries")
EXPLAINED_HEADINGS = ("Pupil", "Group", "Mark", "Code", "Reason", "From")
_REPORT_KINDS = {"reported": "Family reported", "planned": "Planned", "call": "Call-back"}


class WorklistModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[WorklistEntry] = []
        self._text: list[tuple[str, ...]] = []

    def set_entries(self, entries: Sequence[WorklistEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self._text = [
            (str(n), e.name, e.reg_group or e.year_group, e.mark or "no mark", str(e.days_absent_consecutive),
             ", ".join(e.reasons) or "family reached", str(e.attempts_today or ""))
            for n, e in enumerate(self.entries, start=1)
        ]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(WORKLIST_HEADINGS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        role = int(role)
        if role == _DISPLAY:
            return self._text[index.row()][index.column()]
        if role == PUPIL_ID_ROLE:
            return self.entries[index.row()].pupil_id
        if role == _FOREGROUND:
            entry = self.entries[index.row()]
            if entry.contacted_today:
                return _REACHED
            if entry.score >= 700 and index.column() == 5:
                return _URGENT
            return None
        if role == _TOOLTIP and index.column() == 5:
            return "\n".join(self.entries[index.row()].reasons)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if int(role) == _DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(WORKLIST_HEADINGS):
            return WORKLIST_HEADINGS[section]
        return None

    def row_of(self, pupil_id: int) -> int:
        for row, entry in enumerate(self.entries):
            if entry.pupil_id == pupil_id:
                return row
        return -1


class ExplainedModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[ExplainedEntry] = []
        self._text: list[tuple[str, ...]] = []

    def set_entries(self, entries: Sequence[ExplainedEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self._text = [
            (e.name, e.reg_group or e.year_group, e.mark or "no mark", e.proposed_code, e.reason,
             _REPORT_KINDS.get(e.report_kind, e.report_kind))
            for e in self.entries
        ]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(EXPLAINED_HEADINGS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        role = int(role)
        if role == _DISPLAY:
            return self._text[index.row()][index.column()]
        if role == PUPIL_ID_ROLE:
            return self.entries[index.row()].pupil_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if int(role) == _DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(
            EXPLAINED_HEADINGS
        ):
            return EXPLAINED_HEADINGS[section]
        return None
