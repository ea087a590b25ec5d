"""The template editor keeps edits not yet saved: choosing another template, leaving the Letters page or quitting
asks Save / Discard / Cancel (the Settings mechanism), and a reload never overwrites them."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from attendance_desk.services.letters.templates import list_templates
from attendance_desk.store.engine import Store
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.main_window import MainWindow
from attendance_desk.ui.tasks import TaskRunner
from attendance_desk.ui.widgets import unsaved
from attendance_desk.ui.widgets.unsaved import LeaveChoice
from tests.helpers.letters_school import STAFF_ID, build_school
from tests.ui.letters.test_page import make_page

EDIT = "Please ring the office on {school.phone} today."


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> tuple[list[LeaveChoice], list[str]]:
    queue: list[LeaveChoice] = []
    asked: list[str] = []

    def ask(_parent, what: str) -> LeaveChoice:  # type: ignore[no-untyped-def]
        asked.append(what)
        return queue.pop(0)

    monkeypatch.setattr(unsaved, "ask_leave", ask)
    return queue, asked


def _body(store: Store, key: str) -> str:
    return next(t.body for t in list_templates(store) if t.key == key)


def _key(page, row: int) -> str:  # type: ignore[no-untyped-def]
    return str(page.templates.list.item(row).data(256))


def test_choosing_another_template_asks_and_each_answer_does_what_it_says(  # type: ignore[no-untyped-def]
    store: Store, qtbot: QtBot, answers
) -> None:
    queue, asked = answers
    page = make_page(store, qtbot)
    editor = page.templates
    editor.list.setCurrentRow(0)
    first, before = _key(page, 0), _body(store, _key(page, 0))
    assert not page.has_unsaved_changes()
    editor.body.setPlainText(EDIT)
    assert page.has_unsaved_changes()

    queue.append(LeaveChoice.STAY)
    editor.list.setCurrentRow(1)
    qtbot.waitUntil(lambda: editor.list.currentRow() == 0)
    assert editor.body.toPlainText() == EDIT, "Cancel: still editing the first"
    assert asked[0].startswith("the letter template “")

    queue.append(LeaveChoice.DISCARD)
    editor.list.setCurrentRow(1)
    assert editor.list.currentRow() == 1 and _body(store, first) == before, "Discard: nothing saved"
    editor.list.setCurrentRow(0)  # not edited: no question
    assert len(asked) == 2 and editor.body.toPlainText() == before

    editor.body.setPlainText(EDIT)
    queue.append(LeaveChoice.SAVE)
    editor.list.setCurrentRow(1)
    assert _body(store, first) == EDIT and editor.list.currentRow() == 1
    assert not page.has_unsaved_changes()


def test_a_reload_keeps_the_edits(store: Store, qtbot: QtBot, answers) -> None:  # type: ignore[no-untyped-def]
    page = make_page(store, qtbot)
    page.templates.list.setCurrentRow(2)
    page.templates.body.setPlainText(EDIT)
    page.context.notify("letters")  # another tab made letters: the lists reload
    page.templates.reload()
    assert page.templates.body.toPlainText() == EDIT and page.templates.list.currentRow() == 2
    assert page.has_unsaved_changes() and answers[1] == []


def test_a_template_that_cannot_be_saved_keeps_the_user_there(store: Store, qtbot: QtBot, answers, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text, *_a: warned.append(text)))
    queue, _asked = answers
    page = make_page(store, qtbot)
    page.templates.list.setCurrentRow(0)
    page.templates.body.setPlainText("Dear {no.such_field}")
    page.templates.refresh_preview()
    queue.append(LeaveChoice.SAVE)
    page.templates.list.setCurrentRow(1)
    qtbot.waitUntil(lambda: page.templates.list.currentRow() == 0)
    assert warned and "no.such_field" in warned[0]


def test_leaving_the_letters_page_or_quitting_asks(store: Store, qtbot: QtBot, answers) -> None:  # type: ignore[no-untyped-def]
    queue, asked = answers
    build_school(store)
    context = AppContext(store, TaskRunner(synchronous=True), STAFF_ID, "Dana Whitfield")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    letters = window.show_page("letters")
    letters.tabs.setCurrentWidget(letters.templates)
    letters.templates.list.setCurrentRow(0)
    key = _key(letters, 0)
    letters.templates.body.setPlainText(EDIT)
    queue.append(LeaveChoice.STAY)
    window.show_page("today")
    assert window.current_page_key() == "letters" and "letter template" in asked[-1]
    queue.append(LeaveChoice.STAY)
    assert not window.close(), "Cancel keeps the app open"
    queue.append(LeaveChoice.SAVE)
    assert window.close()
    assert _body(store, key) == EDIT


def test_someone_who_may_not_edit_templates_is_told_and_keeps_the_text(  # type: ignore[no-untyped-def]
    store: Store, qtbot: QtBot, answers, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.helpers.accounts import staff_with

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text, *_a: warned.append(text)))
    queue, _asked = answers
    page = make_page(store, qtbot)
    page.context.set_staff(staff_with(store, "Owen Office", "office"), "Owen Office")
    page.templates.list.setCurrentRow(0)
    key = _key(page, 0)
    before = _body(store, key)
    page.templates.body.setPlainText(EDIT)
    queue.append(LeaveChoice.SAVE)
    page.templates.list.setCurrentRow(1)
    qtbot.waitUntil(lambda: page.templates.list.currentRow() == 0)
    assert warned and page.templates.body.toPlainText() == EDIT and _body(store, key) == before
