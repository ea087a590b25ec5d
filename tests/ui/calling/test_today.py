"""The Today page and call panel, driven from the keyboard as the office would."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from attendance_desk.domain.calling.rules import CallOutcome
from attendance_desk.services.calling import calls as calling
from attendance_desk.services.calling import concerns as calling_concerns
from attendance_desk.store.models import CodeDecision, Communication
from attendance_desk.store.models.calling import CallAttempt, CallPromptAnswer
from attendance_desk.ui.calling.today_page import TodayPage, create_page

DAY = date(2026, 9, 16)
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen note when a top-level widget is shown


def open_today(qtbot, context) -> TodayPage:  # type: ignore[no-untyped-def]
    page = create_page(context)
    assert isinstance(page, TodayPage)
    qtbot.addWidget(page)
    page.date_edit.setDate(QDate(2026, 9, 16))
    page._loaded = True
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)  # window shortcuts only fire in the active window
    page.table.setFocus()
    return page


def names(page: TodayPage) -> list[str]:
    return [e.name for e in page.model.entries]


def test_worklist_order_and_do_not_contact_is_never_offered(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    context, ids = desk
    page = open_today(qtbot, context)
    assert names(page) == ["Cy Cole", "Ben Birch", "Dee Dunn", "Eli Evans"]
    assert page.panel.entry is not None and page.panel.entry.name == "Cy Cole"
    texts = [page.panel.contact_list.item(i).text() for i in range(page.panel.contact_list.count())]
    assert texts[0].startswith("DO NOT CONTACT (court order)  Col Cole")
    assert not page.panel.contact_list.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
    assert page.panel.chosen is not None and page.panel.chosen.name == "Cat Cole"  # key 1 is the first allowed
    assert not page.panel.choose_contact(2)  # there is no second callable contact
    qtbot.keyClick(page.table, Qt.Key.Key_N)
    with context.store.session() as session:
        [attempt] = session.scalars(select(CallAttempt)).all()
    assert attempt.contact_id == ids["cy_nan"]


def test_each_outcome_key_logs_and_persists_one_attempt(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    context, ids = desk
    page = open_today(qtbot, context)
    page.table.selectRow(1)  # Ben Birch
    assert page.panel.entry is not None and page.panel.entry.name == "Ben Birch"
    for outcome in CallOutcome:
        page.table.setFocus()  # "Answered" moves the cursor into the script; come back to the list each time
        qtbot.keyClick(page.table, outcome.key)
    records = calling.attempts_for(context.store, ids["ben"], DAY)
    assert [r.outcome for r in records] == list(CallOutcome)
    assert {r.staff_name for r in records} == {context.staff_name}
    with context.store.session() as session:
        methods = [c.method for c in session.scalars(select(Communication).order_by(Communication.id))]
    assert methods == ["call"] * 5 + ["text"]
    assert "Answered" in page.panel.attempts.text() and "Text sent" in page.panel.attempts.text()


def test_answered_call_prompts_concern_and_outcome_without_the_mouse(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    context, ids = desk
    page = open_today(qtbot, context)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # Ben Birch
    qtbot.keyClick(page.table, Qt.Key.Key_P)  # the home number instead of the mobile
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    first_answer = page.panel.answer_edits[0][2]
    assert first_answer.hasFocus()  # answered: straight into the script
    qtbot.keyClicks(first_answer, "Sickness bug since last night")
    qtbot.keyClick(first_answer, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert page.panel.concern_note.hasFocus()
    qtbot.keyClicks(page.panel.concern_note, "Ben was crying in the background")
    page.panel.reason.setFocus()
    qtbot.keyClicks(page.panel.reason, "Sickness bug")
    qtbot.keyClick(page.panel.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    with context.store.session() as session:
        attempt = session.scalars(select(CallAttempt)).one()
        answers = session.scalars(select(CallPromptAnswer)).all()
        decisions = session.scalars(select(CodeDecision)).all()
    assert attempt.phone_number == "0161 496 0201" and attempt.outcome == "answered"
    assert [(a.prompt_key, a.answer) for a in answers] == [("how_are_they", "Sickness bug since last night")]
    [concern] = calling_concerns.dsl_list(context.store, context.staff_id)
    assert concern.pupil_id == ids["ben"] and concern.call_attempt_id == attempt.id
    assert {(d.session, d.new_code) for d in decisions} >= {("AM", "I")}
    # Ben has left the list for the explained section; the next pupil is chosen, ready for the next call.
    assert names(page) == ["Cy Cole", "Dee Dunn", "Eli Evans"]
    assert [e.name for e in page.explained_model.entries] == ["Ben Birch"]
    assert page.panel.entry is not None and page.panel.entry.name == "Dee Dunn"
    assert not page.explained_table.isVisible()
    qtbot.keyClick(page.table, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert page.explained_table.isVisible()


def test_opening_the_page_shows_the_latest_register_day(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    context, _ids = desk
    page = create_page(context)
    qtbot.addWidget(page)
    page.on_shown()  # the planted register ends on 16/09/2026, before today
    assert page.on == DAY and names(page)[0] == "Cy Cole"


def test_shortcuts_are_shown_on_the_page(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    context, _ids = desk
    page = open_today(qtbot, context)
    legend = page.legend.text()
    for outcome in CallOutcome:
        assert f"<b>{outcome.key}</b>" in legend
        assert page.panel.outcome_buttons[outcome].text().endswith(f"({outcome.key})")
    assert "Ctrl+Enter" in legend and "Ctrl+R" in legend


def test_the_documentation_lists_every_shortcut() -> None:
    from pathlib import Path

    from attendance_desk.ui.calling.shortcuts import FOLLOWUP_SHORTCUTS, TODAY_SHORTCUTS_DOC

    text = (Path(__file__).resolve().parents[3] / "docs" / "calling-desk.md").read_text(encoding="utf-8")
    for keys, action in (*TODAY_SHORTCUTS_DOC, *FOLLOWUP_SHORTCUTS):
        assert f"| {keys} | {action} |" in text
