"""Follow-ups, the reported-absence and home-visit forms, the DSL list and the calling-desk settings tabs."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt
from sqlalchemy import select

from attendance_desk.domain.term_calendar import Term
from attendance_desk.services.calling import concerns as calling_concerns
from attendance_desk.services.calling import followups
from attendance_desk.services.calling import settings as calling_settings
from attendance_desk.services.calling.worklist import build_worklist
from attendance_desk.store.models import CodeDecision, FollowUpTask
from attendance_desk.store.models.calling import HomeVisit
from attendance_desk.ui.calling.dsl_dialog import DslDialog
from attendance_desk.ui.calling.followups_page import FollowUpsPage, create_page
from attendance_desk.ui.calling.report_dialog import ReportDialog
from attendance_desk.ui.calling.settings_tab import create_tab
from attendance_desk.ui.calling.visit_dialog import VisitDialog
from tests.helpers import calling_seed as seed
from tests.helpers.accounts import admin, everyone

DAY = date(2026, 9, 16)
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_escalation_from_follow_ups_lands_on_the_right_school_day(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    context, ids = desk
    # This school's half term is the week of 21 September. Eli is away without a reason from Wednesday 16th.
    # The weekend and half term are skipped: day 3 is Friday 18th, Monday 28th is day 4 and day 5 is the 29th.
    calling_settings.save_term_year(
        context.store,
        admin(context.store),
        2026,
        [
            Term("Autumn 1", date(2026, 9, 3), date(2026, 9, 18)),
            Term("Autumn 2", date(2026, 9, 28), date(2026, 12, 18)),
        ],
        [],
    )
    seed.add_marks(
        context.store, [ids["eli"]], [date(2026, 9, 17), date(2026, 9, 18), date(2026, 9, 28)], lambda *_: "N"
    )
    page = create_page(context)
    assert isinstance(page, FollowUpsPage)
    qtbot.addWidget(page)
    page.date_edit.setDate(QDate(2026, 9, 28))
    page.on_shown()
    page.escalate()
    groups = {page.tree.topLevelItem(i).text(0).split(" (")[0]: page.tree.topLevelItem(i) for i in range(5)}
    overdue = [
        (groups["Overdue"].child(i).text(0), groups["Overdue"].child(i).text(3))
        for i in range(groups["Overdue"].childCount())
    ]
    assert overdue == [
        ("16/09/2026", "Send a letter asking for the reason for absence"),
        ("18/09/2026", "Send a second letter: absence still unexplained"),
    ]
    assert all(groups["Overdue"].child(i).text(2) == "Eli Evans" for i in range(2))
    assert groups["Due today"].childCount() == 0  # day 5 (the referral) falls on Tuesday 29th
    page.date_edit.setDate(QDate(2026, 9, 29))
    seed.add_marks(context.store, [ids["eli"]], [date(2026, 9, 29)], lambda *_: "N")
    page.escalate()
    today = page.tree.topLevelItem(1)
    assert today.text(0) == "Due today (1)"
    assert today.child(0).text(3) == "Refer to the attendance lead and consider a home visit"

    page.tree.setCurrentItem(page.tree.topLevelItem(0).child(0))
    task = page.current_task()
    assert task is not None
    page.mark_done("Letter posted first class")
    with context.store.session() as session:
        row = session.get(FollowUpTask, task.id)
    assert row is not None and row.done_by == context.staff_id and row.done_note == "Letter posted first class"
    done_group = page.tree.topLevelItem(4)
    assert done_group.child(0).text(5).startswith(f"{context.staff_name}, ")


def test_a_reported_absence_typed_in_explains_the_n_mark(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    context, ids = desk
    dialog = ReportDialog(context, DAY, ids["dee"])
    qtbot.addWidget(dialog)
    dialog.save()
    assert "reason" in dialog.error.text()  # nothing typed yet: a clear message, nothing saved
    qtbot.keyClicks(dialog.reason, "Dentist, back after lunch")
    dialog.code.setCurrentIndex(dialog.code.findData("M"))
    dialog.last_session.setCurrentText("AM")
    dialog.when.setDateTime(QDateTime(QDate(2026, 9, 16), dialog.when.time()))
    assert dialog.reported_by.currentText() == "Dot Dunn" and dialog.relationship.text() == "Mother"
    dialog.save()
    assert dialog.result() == 1 and dialog.result_record is not None
    worklist = build_worklist(context.store, everyone(context.store), DAY, "AM")
    assert "Dee Dunn" not in [e.name for e in worklist.entries]
    assert [(e.name, e.proposed_code) for e in worklist.explained] == [("Dee Dunn", "M")]
    with context.store.session() as session:
        decision = session.scalars(select(CodeDecision)).one()
    assert (decision.pupil_id, decision.session, decision.mis_code, decision.new_code) == (ids["dee"], "AM", "N", "M")


def test_home_visit_with_a_concern_reaches_the_dsl_list(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    context, ids = desk
    visit = VisitDialog(context, ids["eli"], "Eli Evans")
    qtbot.addWidget(visit)
    visit.when.setDateTime(QDateTime(QDate(2026, 9, 16), visit.when.time().addSecs(0)))
    visit.outcome.setCurrentIndex(visit.outcome.findData("family_not_child"))
    qtbot.keyClicks(visit.people_seen, "Mother at the door")
    visit.concerns.setPlainText("Mother would not let us see Eli")
    visit.save()
    assert visit.result() == 1
    with context.store.session() as session:
        row = session.scalars(select(HomeVisit)).one()
    assert not row.child_seen and row.staff_id == context.staff_id
    dsl = DslDialog(context)
    qtbot.addWidget(dsl)
    assert dsl.table.rowCount() == 1 and dsl.table.item(0, 1).text() == "Eli Evans"
    assert dsl.table.item(0, 2).text() == "visit" and "would not let us" in dsl.table.item(0, 3).text()
    assert calling_concerns.dsl_list(context.store, context.staff_id)[0].home_visit_id == row.id


def test_settings_tab_edits_the_script_steps_and_terms(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    tabs = create_tab(context)
    qtbot.addWidget(tabs)
    script, steps, terms = (tabs.widget(i) for i in range(3))
    assert "default script" in script.message.text()
    keys = [p.key for p in calling_settings.load_script(context.store).prompts]
    assert script.table.horizontalHeaderItem(1).text() == "Question"  # the stored key is never a column
    script.table.item(0, 1).setText("How is your child feeling this morning?")
    script.table.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    script.save()
    saved = calling_settings.load_script(context.store)
    assert saved.prompts[0].question == "How is your child feeling this morning?" and not saved.prompts[1].active
    assert [p.key for p in saved.prompts] == keys, "answers stay filed under the same keys"
    script.table.setCurrentCell(0, 1)
    script._move(1)
    script.save()
    moved = calling_settings.load_script(context.store)
    assert [p.key for p in moved.prompts][:2] == [keys[1], keys[0]]

    steps.table.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    steps.table.cellWidget(2, 3).setValue(6)
    steps.save()
    by_key = {s.key: s for s in calling_settings.load_steps(context.store)}
    assert not by_key["day3_letter"].enabled and by_key["day5_referral"].days == 6

    assert "Typical dates" in terms.message.text() and terms.terms.rowCount() == 6
    terms.terms.cellWidget(0, 2).setDate(QDate(2100, 1, 1))
    terms.save()
    assert "not inside the school year" in terms.message.text()


def test_follow_ups_lists_other_features_tasks(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    followups.add_task(
        context.store, context.staff_id, title="Contract review meeting", due_on=DAY, kind="contract_review"
    )
    page = FollowUpsPage(context)
    qtbot.addWidget(page)
    page.date_edit.setDate(QDate(2026, 9, 17))
    page.on_shown()
    overdue = page.tree.topLevelItem(0)
    assert overdue.text(0) == "Overdue (1)" and overdue.child(0).text(1) == "Contract review"
    assert overdue.child(0).text(4) == "unassigned"
