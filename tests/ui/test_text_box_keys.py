"""Multi-line boxes never trap the keyboard: Tab moves on, Ctrl+Tab types a tab, Ctrl+Enter submits the dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QPlainTextEdit, QVBoxLayout

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _dialog(qtbot):  # type: ignore[no-untyped-def]
    dialog = QDialog()
    notes, after = QPlainTextEdit(), QLineEdit()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    for widget in (notes, after, buttons):
        layout.addWidget(widget)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    notes.setFocus()
    return dialog, notes, after


def test_tab_moves_on_from_a_multi_line_box_and_ctrl_tab_types_a_tab(qtbot) -> None:  # type: ignore[no-untyped-def]
    _unused, notes, after = _dialog(qtbot)
    qtbot.keyClicks(notes, "Seen at the door")
    qtbot.keyClick(notes, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert notes.toPlainText() == "Seen at the door\t"
    qtbot.keyClick(notes, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after
    assert notes.toPlainText() == "Seen at the door\t"


def test_ctrl_enter_in_a_multi_line_box_submits_the_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog, notes, _after = _dialog(qtbot)
    qtbot.keyClicks(notes, "Two lines")
    qtbot.keyClick(notes, Qt.Key.Key_Return)  # a plain Enter is a new line
    assert dialog.isVisible() and notes.toPlainText() == "Two lines\n"
    qtbot.keyClick(notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_home_visit_notes_let_tab_move_on(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.ui.calling.visit_dialog import VisitDialog
    from tests.helpers import calling_seed as seed

    pupil = seed.add_pupil(context.store, 1, "Amy", "Birch")
    dialog = VisitDialog(context, pupil, "Amy Birch")
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    assert dialog.notes.tabChangesFocus() and dialog.concerns.tabChangesFocus()
