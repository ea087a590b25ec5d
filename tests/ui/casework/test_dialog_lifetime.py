"""The casework dialogs opened from the Casework page, with the real modal ``exec()``: OK saves once, the dialog
closes and is deleted on the UI thread, the page refreshes, and nothing crashes afterwards (the old dialogs were
left to the garbage collector, which freed them later on a worker thread: a segmentation fault after OK).

Also: OK pressed twice never makes two records, the forms scroll so OK is on screen, "Change stage" starts on
the pupil's current stage and review dates fall on school days."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
from shiboken6 import Shiboken

from attendance_desk.services.casework import contracts as casework_contracts
from attendance_desk.services.casework import plans as casework_plans
from attendance_desk.services.casework import stages as casework
from attendance_desk.ui.casework.page import CaseworkPage
from attendance_desk.ui.casework.widgets import CaseDialog, from_qdate
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.tasks import TaskRunner
from tests.helpers.accounts import everyone
from tests.helpers.casework_seed import add_marks, poor_attendance, seed_pupil, seed_school, weekdays

TODAY = date(2025, 11, 27)  # a Thursday four school weeks before Christmas
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen note when a top-level widget is shown
REAL_EXEC = QDialog.exec  # taken before the suite's guard against unexpected modals replaces it


@pytest.fixture
def real_exec(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests drive the modal loop themselves (a timer fills the dialog in and presses OK)."""
    monkeypatch.setattr(QDialog, "exec", REAL_EXEC)


@pytest.fixture
def threaded_context(context: AppContext) -> AppContext:
    """The app's own threaded task runner (the crash needed the reload's worker thread)."""
    runner = TaskRunner()
    threaded = AppContext(context.store, runner, context.staff_id, context.staff_name)
    yield threaded
    runner.shutdown()


@pytest.fixture
def pupil(threaded_context: AppContext) -> int:
    seed_school(threaded_context.store)
    pupil_id, _ = seed_pupil(threaded_context.store)
    add_marks(threaded_context.store, pupil_id, weekdays(date(2025, 9, 1), TODAY), poor_attendance)
    return pupil_id


def press_ok_when_shown(fill: Callable[[CaseDialog], None], seen: list[CaseDialog], presses: int = 1) -> None:
    """Once the modal dialog is up, fill it in and press OK ``presses`` times (as a user clicking on a slow PC)."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CaseDialog):
            QTimer.singleShot(20, act)
            return
        seen.append(dialog)
        fill(dialog)
        for _ in range(presses):
            dialog.try_accept()

    QTimer.singleShot(0, act)


def fill_meeting(dialog: CaseDialog) -> None:
    dialog.attendees.setText("Mrs Nowak, Dana Whitfield")  # type: ignore[attr-defined]


def fill_plan(dialog: CaseDialog) -> None:
    dialog.target.setText("95")  # type: ignore[attr-defined]


def fill_contract(dialog: CaseDialog) -> None:
    for _named, attended, _entry in dialog.parent_checks:  # type: ignore[attr-defined]
        attended.setChecked(True)


def count(context: AppContext, pupil_id: int, what: str) -> int:
    if what == "meeting":
        return len(casework_plans.meetings(context.store, everyone(context.store), pupil_id))
    if what == "plan":
        return len(casework_plans.medical_plans(context.store, everyone(context.store), pupil_id))
    return len(casework_contracts.contracts(context.store, everyone(context.store), pupil_id))


@pytest.mark.parametrize(
    ("action", "fill", "what"),
    [
        ("new_meeting", fill_meeting, "meeting"),
        ("new_medical_plan", fill_plan, "plan"),
        ("new_contract", fill_contract, "contract"),
    ],
)
def test_ok_from_the_casework_page_saves_once_closes_and_refreshes(  # type: ignore[no-untyped-def]
    qtbot,
    real_exec: None,
    threaded_context: AppContext,
    pupil: int,
    action: str,
    fill: Callable[[CaseDialog], None],
    what: str,
) -> None:
    page = CaseworkPage(threaded_context, TODAY)
    qtbot.addWidget(page)
    page.show()
    page.load()
    qtbot.waitUntil(lambda: page.status.text() != "Loading…")
    case_file = page.open_case(pupil)
    refreshed: list[str] = []
    threaded_context.events.data_changed.connect(refreshed.append)
    seen: list[CaseDialog] = []
    press_ok_when_shown(fill, seen, presses=2)
    getattr(case_file, action)()  # the button's handler: the real modal exec()
    assert len(seen) == 1 and seen[0].saved
    assert count(threaded_context, pupil, what) == 1  # OK twice, one record
    page.status.setText("Loading…")
    qtbot.waitUntil(lambda: page.status.text() != "Loading…")  # the page reloaded after the save
    assert refreshed
    qtbot.waitUntil(lambda: not Shiboken.isValid(seen[0]))  # deleted by the event loop, on the UI thread
    gc.collect()  # what used to free the dialog at a random moment: now harmless
    qtbot.wait(50)
    table = {"meeting": case_file.meetings, "plan": case_file.plans, "contract": case_file.contracts}[what]
    assert table.table.rowCount() == 1  # the case file shows the new record


def test_cancel_saves_nothing_and_deletes_the_dialog(
    qtbot, real_exec: None, threaded_context: AppContext, pupil: int
) -> None:  # type: ignore[no-untyped-def]
    page = CaseworkPage(threaded_context, TODAY)
    qtbot.addWidget(page)
    case_file = page.open_case(pupil)
    seen: list[QDialog] = []

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, cancel)
            return
        seen.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, cancel)
    case_file.new_meeting()
    assert count(threaded_context, pupil, "meeting") == 0
    qtbot.waitUntil(lambda: not Shiboken.isValid(seen[0]))


def test_change_stage_starts_on_the_current_stage(qtbot, threaded_context: AppContext, pupil: int) -> None:  # type: ignore[no-untyped-def]
    stages = casework.load_stages(threaded_context.store)
    casework.change_stage(threaded_context.store, threaded_context.staff_id, pupil, stages[2].key, TODAY, "letters")
    from attendance_desk.ui.casework.dialogs_plans import StageDialog

    dialog = StageDialog(threaded_context, pupil, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.stage.currentData() == stages[2].key


def test_review_dates_are_school_days_not_christmas(qtbot, threaded_context: AppContext, pupil: int) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.ui.casework.dialogs_plans import MedicalPlanDialog, MeetingDialog

    plan = MedicalPlanDialog(threaded_context, pupil, TODAY)
    meeting = MeetingDialog(threaded_context, pupil, TODAY)
    for dialog in (plan, meeting):
        qtbot.addWidget(dialog)
    review = from_qdate(plan.review_date.date())
    assert review != date(2025, 12, 25) and review.weekday() < 5
    assert review >= date(2026, 1, 5)  # four school weeks on, stepping over the Christmas holiday
    assert from_qdate(meeting.next_date.date()) == review


def test_a_tall_dialog_scrolls_and_keeps_ok_on_a_small_screen(qtbot, threaded_context: AppContext, pupil: int) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.ui.casework.dialogs_plans import MedicalPlanDialog

    dialog = MedicalPlanDialog(threaded_context, pupil, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    screen = dialog.screen().availableGeometry()
    assert dialog.height() <= screen.height()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isVisible() and ok.mapTo(dialog, ok.rect().bottomLeft()).y() <= dialog.height()
