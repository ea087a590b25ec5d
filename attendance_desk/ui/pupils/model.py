"""The whole-school pupil table and its as-you-type filter.

Speed matters here (1,500 rows, scrolled and filtered constantly): ``data()`` compares the role with cached
integers, every cell's text and sort key is computed once when rows arrive, and the filter decides all rows in
one pass per keystroke against a precomputed search key, so ``filterAcceptsRow`` is a list lookup.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from attendance_desk.services.pupils import BAND_LABELS, PupilListRow
from attendance_desk.ui.theme import BAND_COLOURS, MUTED_TEXT

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
PUPIL_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2

COLUMNS = ("Name", "UPN", "Year", "Group", "Attendance", "Band", "Unauth.", "Flags")
COL_NAME, COL_UPN, COL_YEAR, COL_GROUP, COL_PERCENT, COL_BAND, COL_UNAUTH, COL_FLAGS = range(len(COLUMNS))
_NUMERIC = {COL_PERCENT, COL_UNAUTH}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_BAND_ORDER: dict[object, int] = {None: -1, **{band: i for i, band in enumerate(BAND_LABELS)}}
_HEADER_TIPS = {
    COL_PERCENT: "Attendance for the school year to date",
    COL_UNAUTH: "Unauthorised absence sessions, school year to date",
    COL_FLAGS: "SEN, EHCP, FSM, pupil premium, EAL, looked after, child in need, CP plan, young carer, "
    "social worker, medical",
}


def year_sort_key(year: str) -> int:
    """Nursery before reception before Year 1…13; anything else after."""
    y = year.strip().upper()
    if y.isdigit():
        return int(y)
    if y.startswith("N"):
        return -2
    if y in ("R", "REC"):
        return -1
    return 99


class PupilTableModel(QAbstractTableModel):
    """Rows of :class:`~attendance_desk.services.pupils.PupilListRow`, read-only."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PupilListRow] = []
        self._text: list[tuple[str, ...]] = []
        self._rank: list[array[int]] = []
        self._colour: list[QColor | None] = []
        self.search_keys: list[str] = []  # in stored order; ``stored_row`` maps a shown row to it
        # Shown row → stored row. Sorting is done here, from the precomputed ranks, in one C-level sort: a sorting
        # proxy would call ``data`` from C++ for every comparison (~20,000 Python calls for 1,500 pupils).
        self._order: list[int] = []
        self._sort_column, self._sort_descending = 0, False
        self._band_colours = {band: QColor(colour) for band, colour in BAND_COLOURS.items()}
        self._muted = QColor(MUTED_TEXT)

    def set_rows(self, rows: Sequence[PupilListRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._text = []
        self._colour = []
        self.search_keys = []
        for r in self._rows:
            percent = "" if r.attendance_percent is None else f"{r.attendance_percent:.1f}%"
            name = r.name + (" (left)" if r.left_on else "")
            self._text.append(
                (
                    name,
                    r.upn,
                    r.year_group,
                    r.reg_group,
                    percent,
                    r.band_label,
                    str(r.unauthorised_sessions) if r.possible_sessions else "",
                    ", ".join(r.flags),
                )
            )
            self._colour.append(self._muted if r.left_on else None)
            self.search_keys.append(search_key(r))
        self._rank = _column_ranks(self._rows)
        self._order = self._sorted_order()
        self.endResetModel()

    def _sorted_order(self) -> list[int]:
        rank = self._rank[self._sort_column] if self._rank else []
        order = [0] * len(rank)
        for stored, position in enumerate(rank):  # ranks are distinct positions 0..n-1
            order[position] = stored
        return order[::-1] if self._sort_descending else order

    def sort_rows(self, column: int, descending: bool) -> None:
        """Show the rows sorted by ``column``; selections and other persistent indexes follow their rows."""
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        old_order = self._order
        self._sort_column, self._sort_descending = column, descending
        self._order = self._sorted_order()
        shown_at = {stored: row for row, stored in enumerate(self._order)}
        previous = self.persistentIndexList()
        self.changePersistentIndexList(
            previous, [self.index(shown_at[old_order[i.row()]], i.column()) for i in previous]
        )
        self.layoutChanged.emit()

    def stored_row(self, row: int) -> int:
        return self._order[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        role = int(role)
        row, column = self._order[index.row()], index.column()
        if role == _DISPLAY:
            return self._text[row][column]
        if role == SORT_ROLE:
            return self._rank[column][row]
        if role == _ALIGN:
            return _RIGHT if column in _NUMERIC else _LEFT
        if role == _FOREGROUND:
            if column == COL_BAND and self._rows[row].band is not None:
                return self._band_colours.get(self._rows[row].band.value)  # type: ignore[union-attr]
            return self._colour[row]
        if role == PUPIL_ID_ROLE:
            return self._rows[row].id
        if role == _TOOLTIP and column == COL_FLAGS and self._text[row][COL_FLAGS]:
            return self._text[row][COL_FLAGS]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        role = int(role)
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == _DISPLAY:
                return COLUMNS[section]
            if role == _TOOLTIP:
                return _HEADER_TIPS.get(section)
            if role == _ALIGN:
                return _RIGHT if section in _NUMERIC else _LEFT
        return None


# What each column sorts by (the text shown is not always it: percentages as numbers, bands by severity).
_SORT_KEYS: tuple[Callable[[PupilListRow], Any], ...] = (
    lambda r: (r.surname.casefold(), r.forename.casefold()),
    lambda r: r.upn,
    lambda r: (year_sort_key(r.year_group), r.year_group),
    lambda r: r.reg_group.casefold(),
    lambda r: -1.0 if r.attendance_percent is None else float(r.attendance_percent),
    lambda r: _BAND_ORDER.get(r.band, -1),
    lambda r: r.unauthorised_sessions,
    lambda r: (len(r.flags), ", ".join(r.flags)),
)


def _column_ranks(rows: Sequence[PupilListRow]) -> list[array[int]]:
    """For each column, each row's position when sorted by that column: plain ints that Qt compares quickly
    (a Python tuple in a QVariant cannot be compared by the proxy). One column's keys at a time, and the ranks as
    compact arrays: at 6,000 pupils the keys of every column at once and the ranks as lists of ints were 5 MiB."""
    ranks: list[array[int]] = []
    for key in _SORT_KEYS:
        keys = [key(r) for r in rows]
        rank = array("I", bytes(4 * len(rows)))
        for position, i in enumerate(sorted(range(len(keys)), key=keys.__getitem__)):
            rank[i] = position
        ranks.append(rank)
    return ranks


def search_key(row: PupilListRow) -> str:
    """Everything a user may type to find a pupil, casefolded, with exact-match fields between bars."""
    parts = [
        row.forename,
        row.surname,
        f"{row.surname}, {row.forename}",
        row.upn,
        row.reg_group,
        row.band_label,
        *row.flags,
        f"|y{row.year_group}|",
        f"|year {row.year_group}|",
        f"|group:{row.reg_group}|",
        f"|band:{row.band_label}|",
        f"|band:{row.band.value if row.band else ''}|",
        *(f"|flag:{flag}|" for flag in row.flags),
        "|left|" if row.left_on else "",
    ]
    return " ".join(parts).casefold()


_YEAR_TOKEN = re.compile(r"^(?:y|year:?)(\w{1,3})$")


def query_terms(text: str) -> list[str]:
    """Split what the user typed into terms; each must match. ``y7``/``year:7`` match the year exactly,
    ``band:persistent``, ``group:7A`` and ``flag:FSM`` match those fields; anything else matches as text."""
    terms: list[str] = []
    for raw in text.casefold().split():
        year = _YEAR_TOKEN.match(raw)
        if year and (year.group(1).isdigit() or year.group(1) in ("r", "n1", "n2")):
            terms.append(f"|y{year.group(1)}|")
        elif raw.startswith(("band:", "group:", "flag:")) and raw.partition(":")[2]:
            terms.append(f"|{raw}")  # prefix match: flag:pupil finds "pupil premium"
        else:
            terms.append(raw)
    return terms


class PupilFilterProxy(QSortFilterProxyModel):
    """Filters on the typed query plus optional year, band and flag choices; sorts on precomputed keys."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._accepted: list[bool] = []
        self._query = ""
        self._year = ""
        self._band = ""
        self._flag = ""

    def setSourceModel(self, model: Any) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._recompute)
        self._recompute()

    def set_query(self, text: str) -> None:
        self._query = text
        self._recompute()

    def set_choices(self, *, year: str = "", band: str = "", flag: str = "") -> None:
        """Exact year group, band label and flag label ("" for any)."""
        self._year, self._band, self._flag = year, band, flag
        self._recompute()

    def _recompute(self) -> None:
        model = self.sourceModel()
        if not isinstance(model, PupilTableModel):
            return
        terms = query_terms(self._query)
        if self._year:
            terms.append(f"|y{self._year.casefold()}|")
        if self._band:
            terms.append(f"|band:{self._band.casefold()}|")
        if self._flag:
            terms.append(f"|flag:{self._flag.casefold()}|")
        if terms:
            self._accepted = [all(t in key for t in terms) for key in model.search_keys]
        else:
            self._accepted = [True] * len(model.search_keys)
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, PupilTableModel) or source_row >= len(self._accepted):
            return False
        return self._accepted[model.stored_row(source_row)]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The header's sort, done by the source model in one Python sort (see ``PupilTableModel._order``)."""
        model = self.sourceModel()
        if isinstance(model, PupilTableModel):
            model.sort_rows(column, order == Qt.SortOrder.DescendingOrder)
        else:
            super().sort(column, order)
