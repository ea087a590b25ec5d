"""The Letters page by role: office staff prepare letters and see them wait, the attendance lead approves or sends
back, and printing, saving and delivery are offered only for approved letters. A sync-only account sees no pupils."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from attendance_desk.domain.access import Role
from attendance_desk.domain.letter_approval import LetterState
from attendance_desk.services.letters.delivery import list_letters
from attendance_desk.store.engine import Store
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.letters.page import LettersPage
from attendance_desk.ui.main_window import MainWindow
from attendance_desk.ui.tasks import TaskRunner
from tests.helpers.accounts import staff_with
from tests.helpers.letters_school import END, STAFF_ID, START, build_school

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def page_as(store: Store, qtbot, staff_id: int, name: str) -> LettersPage:  # type: ignore[no-untyped-def]
    context = AppContext(store, TaskRunner(synchronous=True), staff_id, name)
    page = LettersPage(context)
    qtbot.addWidget(page)
    page.on_shown()
    page.make.start.setDate(QDate(START.year, START.month, START.day))
    page.make.end.setDate(QDate(END.year, END.month, END.day))
    return page


def shown(widget: QWidget) -> bool:
    return not widget.isHidden()


def states_on_screen(page: LettersPage) -> list[str]:
    return [page.sent.table.item(r, 4).text() for r in range(page.sent.table.rowCount())]


def test_office_prepares_and_the_lead_approves_on_the_page(store: Store, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build_school(store)
    office_id = staff_with(store, "Ola Office", Role.OFFICE)
    office = page_as(store, qtbot, office_id, "Ola Office")
    make = office.make
    assert make.make_button.text() == "Prepare letters for &approval" and not shown(make.print_button)
    assert not shown(office.sent.approve_button) and not shown(office.sent.send_back_button)
    make.template.setCurrentIndex(make.template.findData("attendance_concern"))
    make.tick_pupils([3])
    make.make_letters()  # no file asked for: nothing is saved before approval
    assert "awaiting approval" in make.preview.toPlainText()
    assert not list(tmp_path.glob("*.pdf"))
    count = office.sent.table.rowCount()
    assert count >= 1 and set(states_on_screen(office)) == {"Awaiting approval"}, "the state in words"
    office.sent.table.selectAll()
    sent = office.sent
    for button in (sent.print_button, sent.deliver_button, sent.log_button, sent.reprint_button):
        assert not button.isEnabled()
    assert "Awaiting approval by the attendance lead or head teacher" in sent.hint.text()

    lead = page_as(store, qtbot, STAFF_ID, "Dana Whitfield")
    assert lead.make.make_button.text() == "&Make letters and save PDF…" and shown(lead.make.print_button)
    assert shown(lead.sent.approve_button) and shown(lead.sent.send_back_button)
    lead.sent.show_only(LetterState.AWAITING)
    assert lead.sent.table.rowCount() == count
    lead.sent.table.selectRow(0)
    assert lead.sent.approve_button.isEnabled() and not lead.sent.print_button.isEnabled()
    reader = lead.sent.read_letter(show=False)  # the lead reads the letter before approving it
    assert reader is not None and "awaiting approval" in reader.windowTitle()
    qtbot.addWidget(reader)
    lead.sent.approve()
    assert lead.sent.table.rowCount() == count - 1, "the approved letter leaves the Awaiting approval filter"
    lead.sent.show_only(LetterState.APPROVED)
    assert states_on_screen(lead) == ["Approved by Dana Whitfield"]

    office.sent.reload()
    office.sent.table.selectRow(next(r for r, t in enumerate(states_on_screen(office)) if t.startswith("Approved")))
    assert office.sent.print_button.isEnabled() and office.sent.deliver_button.isEnabled()
    office.sent.save_copy(tmp_path / "approved.pdf")
    assert (tmp_path / "approved.pdf").read_bytes().startswith(b"%PDF")


def test_the_lead_sends_a_letter_back_with_a_reason(store: Store, qtbot) -> None:  # type: ignore[no-untyped-def]
    build_school(store)
    office_id = staff_with(store, "Ola Office", Role.OFFICE)
    office = page_as(store, qtbot, office_id, "Ola Office")
    office.make.template.setCurrentIndex(office.make.template.findData("attendance_concern"))
    office.make.tick_pupils([3])
    office.make.make_letters()
    lead = page_as(store, qtbot, STAFF_ID, "Dana Whitfield")
    lead.sent.table.selectRow(0)
    lead.sent.send_back("The period should be this half term")
    assert states_on_screen(lead)[0] == "Sent back by Dana Whitfield: The period should be this half term"
    lead.sent.table.selectRow(0)
    assert not lead.sent.approve_button.isEnabled() and not lead.sent.print_button.isEnabled()
    assert (
        lead.sent.hint.text().startswith("Sent back by Dana Whitfield: The period")
        and "corrected" in lead.sent.hint.text()
    )
    assert next(row.approval.state for row in list_letters(store, STAFF_ID)) is LetterState.SENT_BACK


def test_a_sync_only_account_sees_no_pupil_pages(qtbot, school_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    store = school_context.store
    sync = staff_with(store, "Scheduled import", Role.MIS_SYNC)
    context = AppContext(store, TaskRunner(synchronous=True), sync, "Scheduled import")
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.current_page_key() == "sync", "it starts where it may work"
    hidden = {window.navigation.item(r).data(0x0100) for r in range(window.navigation.count())
              if window.navigation.item(r).isHidden()}  # fmt: skip
    assert hidden == {"today", "followups", "pupils", "casework", "letters", "reports"}
    assert not window.page_actions["pupils"].isVisible() and not window.find_action.isVisible()
    assert window.page_actions["sync"].isVisible()
    window.show_page("pupils")
    assert window.current_page_key() == "sync"
    context.events.open_pupil.emit(1)
    assert window.current_page_key() == "sync"
