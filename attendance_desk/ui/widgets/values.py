"""Typed values out of Qt's editors: PySide6 types ``QDate.toPython()`` and ``QDateTime.toPython()`` as ``object``,
and a table cell may hold no item."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import QTableWidget


def as_date(value: QDate) -> date:
    return cast(date, value.toPython())


def as_datetime(value: QDateTime) -> datetime:
    """Naive: the wall-clock time shown in the editor."""
    return cast(datetime, value.toPython())


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    """The cell's text, or "" for a cell with no item."""
    item = table.item(row, column)
    return item.text() if item is not None else ""


def cell_checked(table: QTableWidget, row: int, column: int) -> bool:
    item = table.item(row, column)
    return item is not None and item.checkState() == Qt.CheckState.Checked
