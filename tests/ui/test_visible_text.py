"""The visible-text sweep: every page, every tab of every page, a pupil's page with casework on it, and the main
dialogs, on the demo school with a morning's work recorded. Fails on any date shown as 2026-11-27 (file names
and paths aside), any "(s)" plural and any stored key ("attendance_concern") on screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from attendance_desk.domain.access import Role
from attendance_desk.domain.calling.rules import CallOutcome
from attendance_desk.services.calling import calls as calling
from attendance_desk.services.calling.visits import VisitInput, record_visit
from attendance_desk.services.casework import stages as casework_stages
from attendance_desk.services.demo import create_demo_school
from attendance_desk.services.withdrawals import withdraw
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, Mark, PupilContact, StaffRoleGrant
from attendance_desk.store.open import open_store
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.main_window import MainWindow
from attendance_desk.ui.pages import PAGES
from attendance_desk.ui.tasks import TaskRunner
from tests.ui.visible_text import Shown, plain, problems, shown_texts

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
TODAY = date(2026, 11, 27)
LONDON = ZoneInfo("Europe/London")


def _busiest_absentee(store: Store) -> tuple[int, int, str, date]:
    """The pupil with the most unauthorised marks, a contact with a phone, its number, and their latest such day."""
    with store.session() as session:
        pupil_id, last = session.execute(
            select(Mark.pupil_id, func.max(Mark.date))
            .where(Mark.code.in_(("O", "G", "N")))
            .group_by(Mark.pupil_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        contact = session.scalars(
            select(Contact)
            .join(PupilContact, PupilContact.contact_id == Contact.id)
            .where(PupilContact.pupil_id == pupil_id, (Contact.phone_mobile != "") | (Contact.phone_home != ""))
        ).first()
        assert contact is not None
        return pupil_id, contact.id, contact.phone_mobile or contact.phone_home, last


@pytest.fixture
def demo(data_dir: Path) -> Iterator[tuple[AppContext, int]]:
    store = open_store(data_dir)
    summary = create_demo_school(store, 60, today=TODAY)
    lead = summary.attendance_lead_id
    with store.transaction() as session:  # the lead may see every page and tab (refusals are tested elsewhere)
        held = set(session.scalars(select(StaffRoleGrant.role).where(StaffRoleGrant.staff_id == lead)))
        session.add_all(StaffRoleGrant(staff_id=lead, role=role.value) for role in Role if role.value not in held)
    context = AppContext(store, TaskRunner(synchronous=True), lead, "the attendance lead")
    pupil, contact, phone, day = _busiest_absentee(store)
    actor = context.staff_id
    calls = [
        calling.log_attempt(
            store,
            actor,
            pupil_id=pupil,
            contact_id=contact,
            outcome=outcome,
            absence_date=day,
            session="AM",
            phone_number=phone,
        ).id
        for outcome in (CallOutcome.NO_ANSWER, CallOutcome.ANSWERED)
    ]
    visit = record_visit(
        store,
        actor,
        VisitInput(pupil, datetime.combine(day, datetime.min.time().replace(hour=14), LONDON), "seen_safe", True),
    )
    stages = casework_stages.load_stages(store)
    casework_stages.change_stage(store, actor, pupil, stages[1].key, day, "Broken weeks since September")
    withdraw(store, actor, "call_attempts", calls[0], "Logged against the wrong pupil")
    withdraw(store, actor, "home_visits", visit.id, "Visit was to the neighbour")
    yield context, pupil
    context.tasks.shutdown()
    store.dispose()


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _walk_tabs(root: QWidget, where: str, seen: list[Shown]) -> None:
    """Each tab of each tab widget under ``root`` in turn (tabs within tabs too)."""
    seen += shown_texts(root, where)
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisibleTo(root) or tabs.parentWidget() is None:
            continue
        if any(isinstance(a, QTabWidget) for a in _ancestors(tabs, root)):
            continue  # walked from its own tab
        for index in range(tabs.count()):
            if not tabs.isTabVisible(index):
                continue
            tabs.setCurrentIndex(index)
            _settle()
            _walk_tabs(tabs.widget(index), f"{where} › {tabs.tabText(index)}", seen)  # tabs built on first show too


def _ancestors(widget: QWidget, root: QWidget) -> list[QWidget]:
    out: list[QWidget] = []
    current = widget.parentWidget()
    while current is not None and current is not root:
        out.append(current)
        current = current.parentWidget()
    return out


def test_no_iso_dates_plurals_or_stored_keys_on_any_page(qtbot: QtBot, demo: tuple[AppContext, int]) -> None:
    context, pupil = demo
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    seen: list[Shown] = []
    for spec in PAGES:
        page = window.show_page(spec.key)
        _settle()
        _walk_tabs(page, spec.title, seen)
    sync = window.show_page("sync")
    for row in range(sync.history_table.rowCount()):  # each import's reconciliation report
        sync.history_table.selectRow(row)
        _settle()
        seen += shown_texts(sync, f"Import/Export › import report {row}")
    window.open_pupil(pupil)
    _settle()
    _walk_tabs(window.pages["pupils"], "Pupil page", seen)
    seen += shown_texts(window, "Window")  # the status bar and the navigation too
    assert len(seen) > 500, "the sweep read the pages"
    pupil_page = " ".join(item.text for item in seen if item.where.startswith("Pupil page"))
    assert "(withdrawn)" in pupil_page and "Logged against the wrong pupil" in pupil_page  # the casework chronology
    found = problems(seen)
    assert not found, "\n".join(found)


def test_no_iso_dates_plurals_or_stored_keys_in_the_main_dialogs(qtbot: QtBot, demo: tuple[AppContext, int]) -> None:
    from attendance_desk.ui.calling.dsl_dialog import DslDialog
    from attendance_desk.ui.calling.report_dialog import ReportDialog
    from attendance_desk.ui.calling.visit_dialog import VisitDialog
    from attendance_desk.ui.casework.dialogs_formal import ContractDialog, NoticeToImproveDialog, PenaltyNoticeDialog
    from attendance_desk.ui.casework.dialogs_plans import MedicalPlanDialog, MeetingDialog, StageDialog
    from attendance_desk.ui.find_dialog import FindDialog
    from attendance_desk.ui.pupils.withdraw_dialog import WithdrawDialog

    context, pupil = demo
    find = FindDialog(context)
    dialogs: list[QWidget] = [
        ReportDialog(context, TODAY, pupil),
        VisitDialog(context, pupil, "the pupil"),
        DslDialog(context),
        WithdrawDialog(context, pupil),
        find,
        *(kind(context, pupil, TODAY) for kind in (StageDialog, MedicalPlanDialog, MeetingDialog)),
        *(kind(context, pupil, TODAY) for kind in (ContractDialog, NoticeToImproveDialog, PenaltyNoticeDialog)),
    ]
    seen: list[Shown] = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        seen += shown_texts(dialog, type(dialog).__name__)
    assert len(seen) > 200
    found = problems(seen)
    assert not found, "\n".join(found)


def test_the_rules_catch_what_they_are_for() -> None:
    """The sweep can fail: each rule finds its kind of text, and file names, paths and merge fields pass."""
    bad = [
        Shown("a", "Due 2026-11-27"),
        Shown("b", "3 letter(s) made"),
        Shown("c", "Reason: attendance_concern"),
        Shown("c2", "4 of 12 weeks; 1 broken weeks"),
        Shown("d", plain("<p>Made on <b>2026-11-27</b></p>")),  # rich text is read as it shows
    ]
    assert sorted(line.split(" in ")[0] for line in problems(bad)) == [
        '"(s)" plural',
        "ISO date",
        "ISO date",
        "plural for one",
        "stored key",
    ]
    fine = [
        Shown("e", "Saved to Communication log - 2026-11-27.csv"),
        Shown("f", r"C:\Users\office\2026-11-27\letters"),
        Shown("g", "Dear {parent.full_name}, on 27/11/2026"),
        Shown("h", "office_admin@school.example.org"),
        Shown("i", "21 days; 1 of 12 weeks; 0.1 days"),
    ]
    assert problems(fine) == []
