"""Survival: scroll, sort and filter a 1,500-row pupil list thousands of times (see "Known hazards")."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from attendance_desk.ui.context import AppContext
from attendance_desk.ui.pupils.model import COLUMNS
from attendance_desk.ui.pupils.page import PupilsPage

SCROLLS = 2500


@pytest.mark.soak
@pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform note when a top-level widget is shown
def test_pupil_list_survives_heavy_scrolling_sorting_and_filtering(qtbot, big_context: AppContext) -> None:
    page = PupilsPage(big_context)
    qtbot.addWidget(page)
    page.resize(900, 480)  # small: the point is thousands of paints, not big ones
    page.show()  # painting only happens for a visible widget
    page.on_shown()
    panel = page.list_panel
    table = panel.table
    assert panel.model.rowCount() == 1500
    QApplication.processEvents()  # lay the table out so the scroll bar has its range
    bar = table.verticalScrollBar()
    assert bar.maximum() > 1000
    queries = ["", "y7", "band:persistent", "fsm", "adams", "flag:ehcp", "zz-no-match", "y11 eal", ""]
    for step in range(SCROLLS):
        bar.setValue((step * 37) % max(bar.maximum(), 1))  # the range shrinks while filtered
        table.viewport().repaint()  # a real paint: data() for every visible cell
        if step % 100 == 0:
            table.sortByColumn(step // 100 % len(COLUMNS), table.horizontalHeader().sortIndicatorOrder())
        if step % 150 == 0:
            panel.search.setText(queries[step // 150 % len(queries)])
        if step % 500 == 0:
            QApplication.processEvents()
    panel.search.setText("")
    assert panel.proxy.rowCount() == 1500
    assert not page.grab().isNull()
