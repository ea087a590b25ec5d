"""A read-only table model over rows of text prepared once, with headings: the shape most lists in the app have.

Display text is computed when the rows are set, so painting and scrolling only index into lists. Roles are
compared as cached integers (about half the cost of comparing ``Qt.ItemDataRole`` members per call). Subclasses
add other roles (colour, tooltip, sort key, ids) in :meth:`role_data`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
_HORIZONTAL = Qt.Orientation.Horizontal


class TextTableModel(QAbstractTableModel):
    def __init__(self, headings: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.headings = tuple(headings)
        self._text: list[Sequence[str]] = []

    def set_text(self, text: list[Sequence[str]]) -> None:
        """Replace the rows' display text (call between beginResetModel and endResetModel)."""
        self._text = text

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._text)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headings)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid():
            return None
        role = int(role)
        if role == DISPLAY_ROLE:
            return self._text[index.row()][index.column()]
        return self.role_data(index.row(), index.column(), role)

    def role_data(self, row: int, column: int, role: int) -> Any:
        """Any role other than display text; ``None`` by default."""
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE) -> Any:
        if int(role) == DISPLAY_ROLE and orientation == _HORIZONTAL and 0 <= section < len(self.headings):
            return self.headings[section]
        return None
