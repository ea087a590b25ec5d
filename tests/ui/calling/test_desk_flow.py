"""The calling flow as the office meets it: the panel at the top for each pupil, Ctrl+K in view, reached families
at the bottom, no escalation without a register, tasks that close themselves, every open task listed, several done
at once and the next one chosen, and a task's letter in one step."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from attendance_desk.domain.calling.rules import CallOutcome
from attendance_desk.services import school as school_service
from attendance_desk.services.calling import calls as calling
from attendance_desk.services.calling import followups
from attendance_desk.services.calling.escalation import close_resolved_tasks, run_escalation
from attendance_desk.services.calling.worklist import build_worklist
from attendance_desk.store.models import FollowUpTask
from attendance_desk.ui.calling import followups_page as followups_module
from attendance_desk.ui.calling.followups_page import FollowUpsPage
from tests.helpers.accounts import everyone
from tests.ui.calling.test_today import DAY, open_today

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_each_pupil_starts_at_the_top_of_the_call_panel(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    context, _ids = desk
    page = open_today(qtbot, context)
    page.resize(900, 420)  # a short window: the panel has to scroll
    bar = page.panel.scroller.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert bar.value() == 0, "the next pupil's name and contacts are in view while dialling"


def test_ctrl_k_brings_the_concern_box_into_view(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    context, _ids = desk
    page = open_today(qtbot, context)
    page.resize(900, 420)
    bar = page.panel.scroller.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert bar.value() == 0
    qtbot.keyClick(page.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    note = page.panel.concern_note
    assert note.hasFocus() and page.panel.concern_box.isChecked()
    viewport = page.panel.scroller.viewport()
    top = note.mapTo(viewport, note.rect().topLeft()).y()
    assert top >= 0 and top + note.height() <= viewport.height(), "the box is on screen, not below the fold"


def test_reached_families_drop_to_the_bottom(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    context, ids = desk
    before = [e.name for e in build_worklist(context.store, everyone(context.store), DAY, "AM").entries]
    assert before[0] == "Cy Cole"  # the social worker puts Cy first
    calling.log_attempt(
        context.store,
        context.staff_id,
        pupil_id=ids["cy"],
        contact_id=ids["cy_nan"],
        outcome=CallOutcome.ANSWERED,
        absence_date=DAY,
        session="AM",
        phone_number="07700 900302",
    )
    after = build_worklist(context.store, everyone(context.store), DAY, "AM").entries
    assert [e.name for e in after][-1] == "Cy Cole" and after[-1].contacted_today
    assert all(not e.contacted_today for e in after[:-1])


def test_escalation_never_acts_on_a_day_without_a_register(desk) -> None:  # type: ignore[no-untyped-def]
    context, _ids = desk
    no_register = DAY + timedelta(days=1)  # Thursday 17/09: no marks imported
    result = run_escalation(context.store, context.staff_id, no_register)
    assert result.register_missing and result.created == ()
    with context.store.session() as session:
        assert session.scalars(select(FollowUpTask)).all() == []
    assert run_escalation(context.store, context.staff_id, DAY).created  # the day with a register does


def test_tasks_close_themselves_with_the_reason_when_the_absence_is_explained(desk) -> None:  # type: ignore[no-untyped-def]
    context, ids = desk
    run = run_escalation(context.store, context.staff_id, DAY)
    dee_tasks = [t for t in run.created if t.pupil_id == ids["dee"]]
    assert dee_tasks, "Dee's family was not reached: a letter asking for the reason is due"
    calling.record_outcome(
        context.store,
        context.staff_id,
        pupil_id=ids["dee"],
        absence_date=DAY,
        reason="Chickenpox",
        proposed_code="I",
        first_session="AM",
    )
    assert close_resolved_tasks(context.store, context.staff_id, DAY) >= 1
    with context.store.session() as session:
        rows = {t.id: t for t in session.scalars(select(FollowUpTask))}
    for task in dee_tasks:
        row = rows[task.id]
        assert row.done_at is not None and row.done_by is None
        assert "Closed automatically on 16/09/2026" in row.done_note and "explained" in row.done_note
    others = [rows[t.id] for t in run.created if t.pupil_id != ids["dee"]]
    assert others and all(t.done_at is None for t in others), "unexplained absences keep their tasks"
    assert close_resolved_tasks(context.store, context.staff_id, DAY) == 0  # idempotent


def _page(qtbot, context, on: date) -> FollowUpsPage:  # type: ignore[no-untyped-def]
    page = followups_module.create_page(context)
    assert isinstance(page, FollowUpsPage)
    qtbot.addWidget(page)
    page.date_edit.setDate(QDate(on.year, on.month, on.day))
    page.on_shown()
    return page


def _groups(page: FollowUpsPage) -> dict[str, list[str]]:
    out = {}
    for i in range(page.tree.topLevelItemCount()):
        group = page.tree.topLevelItem(i)
        out[group.text(0).split(" (")[0]] = [group.child(j).text(3) for j in range(group.childCount())]
    return out


def test_follow_ups_lists_every_open_task_with_a_later_section(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    context, ids = desk
    for days, title in ((0, "Today's"), (10, "In ten days"), (40, "Review in six weeks"), (200, "Next year")):
        followups.add_task(
            context.store, context.staff_id, title=title, due_on=DAY + timedelta(days), pupil_id=ids["ben"]
        )
    page = _page(qtbot, context, DAY)
    groups = _groups(page)
    assert groups["Due today"] == ["Today's"]
    assert groups["Coming up"] == ["In ten days"]
    assert groups["Later"] == ["Review in six weeks", "Next year"]
    assert "2 later" in page.summary.text()


def test_several_tasks_done_at_once_then_the_next_is_chosen(qtbot, desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    context, ids = desk
    titles = ["First", "Second", "Third", "Fourth"]
    for n, title in enumerate(titles):
        followups.add_task(context.store, context.staff_id, title=title, due_on=DAY, pupil_id=ids["ben"] + n % 2)
    asked: list[str] = []

    def answer(_parent, _title, label, text=""):  # type: ignore[no-untyped-def]
        asked.append(label)
        return "Posted", True

    monkeypatch.setattr(followups_module, "ask_text", answer)
    page = _page(qtbot, context, DAY)
    today = page.tree.topLevelItem(1)
    page.tree.setCurrentItem(today.child(0))
    today.child(1).setSelected(True)
    page.mark_done()
    assert asked and asked[0].startswith("2 tasks")
    assert _groups(page)["Due today"] == ["Third", "Fourth"]
    current = page.current_task()
    assert current is not None and current.title == "Third", "the next task is chosen, not the Done section"
    page.mark_done("On to the next")  # Ctrl+Enter again finishes the next one
    current = page.current_task()
    assert current is not None and current.title == "Fourth"
    with context.store.session() as session:
        done = session.scalars(select(FollowUpTask).where(FollowUpTask.done_at.is_not(None))).all()
    assert sorted((t.title, t.done_note) for t in done) == [
        ("First", "Posted"),
        ("Second", "Posted"),
        ("Third", "On to the next"),
    ]


def test_a_letter_task_makes_its_letter_in_one_step(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.ui.main_window import MainWindow

    context, ids = desk
    details = school_service.load_school(context.store)
    school_service.save_school(context.store, context.staff_id, replace(details, name="Testbrook Primary"))
    run_escalation(context.store, context.staff_id, DAY)
    window = MainWindow(context)
    qtbot.addWidget(window)
    page = window.show_page("followups")
    assert isinstance(page, FollowUpsPage)
    page.date_edit.setDate(QDate(2026, 9, 16))
    letter_items = [
        page.tree.topLevelItem(1).child(i)
        for i in range(page.tree.topLevelItem(1).childCount())
        if page.tree.topLevelItem(1).child(i).text(2) == "Dee Dunn"
    ]
    page.tree.setCurrentItem(letter_items[0])
    page.letter_button.click()
    assert window.current_page_key() == "letters"
    letters = window.pages["letters"]
    assert letters.tabs.currentWidget() is letters.make
    assert letters.make.ticked_pupils() == [ids["dee"]]
    assert letters.make.template.currentData() == "first_day_no_contact"
    date_field = letters.make.supplied_inputs["absence.date"]
    assert date_field.text() == "16 September 2026", "the task fills in the absence it is about"
    assert "Tick at least" not in letters.make.preview.toPlainText()


def test_the_reported_absence_list_offers_every_2024_code_a_family_can_report(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.services.calling import reports as calling_reports
    from attendance_desk.ui.calling.report_dialog import ReportDialog

    context, ids = desk
    dialog = ReportDialog(context, DAY, ids["dee"])
    qtbot.addWidget(dialog)
    offered = [dialog.code.itemData(i) for i in range(dialog.code.count())]
    for code in ("I", "M", "J1", "S", "C1", "C2", "C", "T", "R", "G", "O", "Y1", "Y2", "Y5", "Y6", "Y7"):
        assert code in offered
    assert not {"N", "Y3", "Y4", "/", "#", "X", "Z", "D", "J", "Y"} & set(offered)
    assert all("  " in dialog.code.itemText(i) for i in range(dialog.code.count()))  # code and its meaning
    assert calling_reports.check_code("y1", DAY, DAY) == "Y1"  # the service takes what the list offers
    with pytest.raises(ValueError, match="cannot explain"):
        calling_reports.check_code("Y4", DAY, DAY)  # the school closing is never a family's reason
    page = open_today(qtbot, context)
    panel_codes = [page.panel.code.itemData(i) for i in range(page.panel.code.count())]
    assert panel_codes == offered
