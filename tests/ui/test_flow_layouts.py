"""The layouts that reflow on a narrow window: buttons wrap onto more lines, panes stack, nothing gets wider than
the window gives them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QTextEdit, QVBoxLayout, QWidget

from attendance_desk.ui.widgets.flow import FlowLayout, ReflowSplitter

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_flow_layout_wraps_its_buttons_and_is_never_wider_than_its_widest(qtbot) -> None:  # type: ignore[no-untyped-def]
    row = QWidget()
    flow = FlowLayout(row)
    buttons = [QPushButton(f"Quite a long button number {n}") for n in range(5)]
    for button in buttons:
        flow.addWidget(button)
    qtbot.addWidget(row)
    widest = max(b.sizeHint().width() for b in buttons)
    assert flow.minimumSize().width() == widest
    assert flow.sizeHint().width() >= 5 * widest  # one line when there is room
    row.resize(6 * widest, flow.heightForWidth(6 * widest))
    row.show()
    QApplication.processEvents()
    assert len({b.y() for b in buttons}) == 1
    narrow = widest + 10
    assert flow.heightForWidth(narrow) >= 5 * buttons[0].sizeHint().height()
    row.resize(narrow, flow.heightForWidth(narrow))
    QApplication.processEvents()
    assert len({b.y() for b in buttons}) == 5 and all(b.x() == 0 for b in buttons)  # one a line, none cut
    assert all(b.geometry().right() < narrow for b in buttons)


def test_reflow_splitter_stacks_its_panes_when_narrow_and_goes_back_when_wide(qtbot) -> None:  # type: ignore[no-untyped-def]
    splitter = ReflowSplitter()
    left, right = QTextEdit(), QTextEdit()
    left.setMinimumWidth(300)
    right.setMinimumWidth(300)
    splitter.addWidget(left)
    splitter.addWidget(right)
    page = QWidget()  # as on a page: in a layout, which asks the splitter for its minimum size
    QVBoxLayout(page).addWidget(splitter)
    qtbot.addWidget(page)
    assert splitter.minimumSizeHint().width() < 600  # the widest pane, not both: a page holding it never scrolls
    page.resize(900, 400)
    page.show()
    QApplication.processEvents()
    assert splitter.orientation() == Qt.Orientation.Horizontal
    page.resize(450, 400)
    QApplication.processEvents()
    assert splitter.orientation() == Qt.Orientation.Vertical
    assert left.y() + left.height() <= right.y()
    page.resize(900, 400)
    QApplication.processEvents()
    assert splitter.orientation() == Qt.Orientation.Horizontal
