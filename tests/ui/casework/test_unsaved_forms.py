"""Casework forms with edits not yet saved ask before they close (Cancel, Esc, the close button): Save, Discard or
stay; the same question Settings asks (``ui/widgets/unsaved.py``). An untouched form closes without asking."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from attendance_desk.services.casework import plans as casework_plans
from attendance_desk.ui.casework.dialogs_formal import ContractDialog, NoticeToImproveDialog
from attendance_desk.ui.casework.dialogs_plans import MedicalPlanDialog, MeetingDialog
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.widgets import unsaved
from attendance_desk.ui.widgets.unsaved import LeaveChoice
from tests.helpers.casework_seed import add_marks, poor_attendance, seed_pupil, seed_school, weekdays

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
TODAY = date(2025, 10, 10)


@pytest.fixture
def pupil(context: AppContext) -> int:
    seed_school(context.store)
    pupil_id, _ = seed_pupil(context.store)
    add_marks(context.store, pupil_id, weekdays(date(2025, 9, 1), TODAY), poor_attendance)
    return pupil_id


class Answers(list[LeaveChoice]):
    """The answers the user will give to the question, in order; ``asked`` records each question put."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    queue = Answers()

    def ask(_parent, what: str) -> LeaveChoice:  # type: ignore[no-untyped-def]
        queue.asked.append(what)
        return queue.pop(0)

    monkeypatch.setattr(unsaved, "ask_leave", ask)
    return queue


def _meeting(qtbot: QtBot, context: AppContext, pupil: int) -> MeetingDialog:
    dialog = MeetingDialog(context, pupil, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_an_untouched_form_closes_without_asking(qtbot: QtBot, context: AppContext, pupil: int, answers) -> None:  # type: ignore[no-untyped-def]
    for kind in (MeetingDialog, MedicalPlanDialog, ContractDialog, NoticeToImproveDialog):
        dialog = kind(context, pupil, TODAY)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected, kind.__name__
    assert answers.asked == []


def test_esc_in_a_dirty_form_asks_and_can_stay(qtbot: QtBot, context: AppContext, pupil: int, answers) -> None:  # type: ignore[no-untyped-def]
    dialog = _meeting(qtbot, context, pupil)
    dialog.attendees.setText("Mrs Nowak, Pat Office")
    answers.append(LeaveChoice.STAY)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.attendees.text() == "Mrs Nowak, Pat Office"
    assert answers.asked == ["the form “Record a school attendance meeting”"]
    answers.append(LeaveChoice.DISCARD)
    dialog.buttons.rejected.emit()  # Cancel
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert casework_plans.meetings(context.store, context.staff_id, pupil) == [], "discarded: nothing saved"


def test_a_table_row_typed_in_counts_as_an_edit(qtbot: QtBot, context: AppContext, pupil: int, answers) -> None:  # type: ignore[no-untyped-def]
    dialog = _meeting(qtbot, context, pupil)
    dialog.action_rows.add_row(["Breakfast club", "School", "Mondays", ""])
    answers.append(LeaveChoice.DISCARD)
    dialog.close()  # the window's close button
    assert len(answers.asked) == 1 and not dialog.isVisible()


def test_save_from_the_question_saves_and_closes_as_ok(qtbot: QtBot, context: AppContext, pupil: int, answers) -> None:  # type: ignore[no-untyped-def]
    dialog = _meeting(qtbot, context, pupil)
    dialog.attendees.setText("Mrs Nowak, Pat Office")
    dialog.background.setPlainText("Mondays missed")
    answers.append(LeaveChoice.SAVE)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
    assert [m.draft.attendees for m in casework_plans.meetings(context.store, context.staff_id, pupil)] == [
        "Mrs Nowak, Pat Office"
    ]


def test_a_save_that_fails_keeps_the_form_open_with_the_reason(  # type: ignore[no-untyped-def]
    qtbot: QtBot, context: AppContext, pupil: int, answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _meeting(qtbot, context, pupil)
    dialog.attendees.setText("Mrs Nowak")

    def refuse(_self: MeetingDialog) -> object:
        raise ValueError("The meeting date is after the next meeting's date.")

    monkeypatch.setattr(MeetingDialog, "save", refuse)
    answers.append(LeaveChoice.SAVE)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "after the next meeting" in dialog.error.text()
    assert casework_plans.meetings(context.store, context.staff_id, pupil) == []
    answers.append(LeaveChoice.DISCARD)  # the form is still open and edited: closing it at the end discards
