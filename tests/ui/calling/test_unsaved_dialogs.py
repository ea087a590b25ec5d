"""The calling desk's reported-absence and home-visit forms ask before edits are lost (Cancel, Esc, the close
button), with the same Save / Discard / Cancel question as every other form; an untouched form closes at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt
from sqlalchemy import func, select

from attendance_desk.store.models.calling import AbsenceReport, HomeVisit
from attendance_desk.ui.calling.report_dialog import ReportDialog
from attendance_desk.ui.calling.visit_dialog import VisitDialog
from attendance_desk.ui.widgets import unsaved
from attendance_desk.ui.widgets.unsaved import LeaveChoice
from tests.ui.calling.conftest import DAY

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _answering(monkeypatch, choice: LeaveChoice) -> list[str]:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def ask(_parent, what: str) -> LeaveChoice:  # type: ignore[no-untyped-def]
        asked.append(what)
        return choice

    monkeypatch.setattr(unsaved, "ask_leave", ask)
    return asked


def _visits(context) -> int:  # type: ignore[no-untyped-def]
    with context.store.session() as session:
        return int(session.scalar(select(func.count()).select_from(HomeVisit)) or 0)


def _visit(qtbot, context, ids) -> VisitDialog:  # type: ignore[no-untyped-def]
    dialog = VisitDialog(context, ids["eli"], "Eli Evans")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_an_untouched_visit_form_closes_on_esc_without_asking(qtbot, desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    context, ids = desk
    asked = _answering(monkeypatch, LeaveChoice.STAY)
    dialog = _visit(qtbot, context, ids)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [] and not dialog.isVisible()


@pytest.mark.parametrize("choice", [LeaveChoice.STAY, LeaveChoice.DISCARD, LeaveChoice.SAVE])
def test_esc_in_a_typed_visit_form_asks_first(qtbot, desk, monkeypatch, choice: LeaveChoice) -> None:  # type: ignore[no-untyped-def]
    context, ids = desk
    asked = _answering(monkeypatch, choice)
    dialog = _visit(qtbot, context, ids)
    dialog.when.setDateTime(QDateTime(QDate(2026, 9, 16), dialog.when.time()))
    qtbot.keyClicks(dialog.people_seen, "Mother at the door")
    dialog.child_seen.setChecked(True)  # the default outcome, "seen and safe", needs it to save
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["the form “Home visit: Eli Evans”"]
    if choice is LeaveChoice.STAY:
        assert dialog.isVisible() and dialog.people_seen.text() == "Mother at the door" and _visits(context) == 0
    elif choice is LeaveChoice.DISCARD:
        assert not dialog.isVisible() and dialog.result() == 0 and _visits(context) == 0
    else:
        assert dialog.error.text() == "" and dialog.result() == 1 and _visits(context) == 1  # saved as OK would


def test_a_reported_absence_saved_from_the_question_keeps_the_form_when_it_cannot_save(  # type: ignore[no-untyped-def]
    qtbot, desk, monkeypatch
) -> None:
    context, ids = desk
    asked = _answering(monkeypatch, LeaveChoice.SAVE)
    dialog = ReportDialog(context, DAY, ids["dee"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.code.setCurrentIndex(dialog.code.findData("M"))  # an edit, but no reason typed: it cannot save yet
    dialog.reject()
    assert len(asked) == 1 and dialog.isVisible() and "reason" in dialog.error.text()
    with context.store.session() as session:
        assert session.scalar(select(func.count()).select_from(AbsenceReport)) == 0
