"""The pupil list sorts in the model (one Python sort from precomputed ranks), as a sorting proxy would have:
every column both ways, with a filter applied, and a selected pupil stays selected as the order changes."""

from __future__ import annotations

import random
from decimal import Decimal

from PySide6.QtCore import QItemSelectionModel, Qt

from attendance_desk.domain.thresholds import Band
from attendance_desk.services.pupils import PupilListRow
from attendance_desk.ui.pupils.model import (
    COL_NAME,
    COL_PERCENT,
    COLUMNS,
    PUPIL_ID_ROLE,
    SORT_ROLE,
    PupilFilterProxy,
    PupilTableModel,
)


def _rows(count: int = 60) -> list[PupilListRow]:
    rng = random.Random(5)
    return [
        PupilListRow(
            id=n,
            upn=f"A{n:012d}",
            surname=rng.choice(["Abdi", "Bell", "Cole", "Dunn"]),
            forename=rng.choice(["Ann", "Bo", "Cy"]),
            year_group=rng.choice(["7", "8", "10", "R"]),
            reg_group=rng.choice(["7A", "8B", "10C"]),
            flags=tuple(rng.sample(["FSM", "EAL", "SEN support"], rng.randint(0, 2))),
            attendance_percent=None if n % 11 == 0 else Decimal(rng.randint(500, 1000)) / 10,
            band=rng.choice([None, Band.EXPECTED, Band.PERSISTENT]),
            possible_sessions=0 if n % 11 == 0 else 100,
            unauthorised_sessions=rng.randint(0, 9),
            left_on=None,
        )
        for n in range(1, count + 1)
    ]


def test_every_column_sorts_both_ways_under_a_filter(qtbot) -> None:  # type: ignore[no-untyped-def]
    model, proxy = PupilTableModel(), PupilFilterProxy()
    proxy.setSourceModel(model)
    model.set_rows(_rows())
    proxy.set_query("flag:fsm")
    wanted = {r.id for r in _rows() if "FSM" in r.flags}
    for column in range(len(COLUMNS)):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            proxy.sort(column, order)
            ranks = [proxy.index(r, column).data(SORT_ROLE) for r in range(proxy.rowCount())]
            ids = {proxy.index(r, 0).data(PUPIL_ID_ROLE) for r in range(proxy.rowCount())}
            assert ids == wanted
            assert ranks == sorted(ranks, reverse=order == Qt.SortOrder.DescendingOrder)


def test_new_rows_keep_the_chosen_order_and_a_selection_follows_its_pupil(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = PupilTableModel()
    proxy = PupilFilterProxy()
    proxy.setSourceModel(model)
    model.set_rows(_rows())
    proxy.sort(COL_PERCENT, Qt.SortOrder.DescendingOrder)
    selection = QItemSelectionModel(proxy)
    chosen = proxy.index(3, COL_NAME)
    pupil = chosen.data(PUPIL_ID_ROLE)
    selection.select(chosen, QItemSelectionModel.SelectionFlag.Select)
    proxy.sort(COL_NAME, Qt.SortOrder.AscendingOrder)
    (selected,) = selection.selectedIndexes()
    assert selected.data(PUPIL_ID_ROLE) == pupil
    model.set_rows(list(reversed(_rows())))  # a reload keeps the header's order
    names = [proxy.index(r, COL_NAME).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert names == sorted(names)
