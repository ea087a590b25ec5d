"""The Letters page: make a batch off the UI thread, edit a template with a live preview, record a delivery."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pypdf import PdfReader
from PySide6.QtCore import QDate

from attendance_desk.domain.vocabulary import DeliveryMethod
from attendance_desk.services.letters.delivery import list_letters
from attendance_desk.services.letters.templates import get_template
from attendance_desk.store.engine import Store
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.letters.page import LettersPage
from attendance_desk.ui.tasks import TaskRunner
from tests.helpers.accounts import everyone
from tests.helpers.letters_school import END, STAFF_ID, START, build_school


def make_page(store: Store, qtbot) -> LettersPage:  # type: ignore[no-untyped-def]
    build_school(store)
    context = AppContext(store, TaskRunner(synchronous=True), STAFF_ID, "Dana Whitfield")
    page = LettersPage(context)
    qtbot.addWidget(page)
    page.on_shown()
    page.make.start.setDate(QDate(START.year, START.month, START.day))
    page.make.end.setDate(QDate(END.year, END.month, END.day))
    return page


def test_a_batch_is_made_saved_and_listed(store: Store, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = make_page(store, qtbot)
    page.make.template.setCurrentIndex(page.make.template.findData("attendance_concern"))
    page.make.tick_pupils([1, 2])
    assert page.make.count.text() == "2 pupils ticked"
    page.make.show_preview()
    assert "4 letters" in page.make.preview.toHtml()
    target = tmp_path / "batch.pdf"
    page.make.make_letters(target)
    qtbot.waitUntil(lambda: target.exists())
    assert len(PdfReader(target).pages) == 4
    assert page.make.print_button.isEnabled()
    assert page.sent.table.rowCount() == 4


def test_the_template_needs_typed_fields_and_blocks_without_them(store: Store, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = make_page(store, qtbot)
    page.make.template.setCurrentIndex(page.make.template.findData("declining_meeting_invite"))
    assert set(page.make.supplied_inputs) == {"meeting.date", "meeting.time", "meeting.place"}
    page.make.tick_pupils([3])
    page.make.make_letters(tmp_path / "none.pdf")
    assert "{meeting.date}" in page.make.preview.toPlainText()
    assert not (tmp_path / "none.pdf").exists()


def test_the_editor_previews_live_and_refuses_an_unknown_field(store: Store, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = make_page(store, qtbot)
    editor = page.templates
    editor.list.setCurrentRow(2)  # lateness
    editor.body.setPlainText("Dear friends, {pupil.forename} is late.\n\n- point one")
    editor.refresh_preview()
    assert "Zofia is late" in editor.preview.toPlainText() and editor.save_button.isEnabled()
    editor.body.setPlainText("Hello {pupil.shoe}")
    editor.refresh_preview()
    assert "unknown merge field {pupil.shoe}" in editor.problems.text() and not editor.save_button.isEnabled()
    editor.body.setPlainText("Please be on time, {pupil.forename}.")
    editor.save()
    assert get_template(store, "lateness").version == 2
    editor.restore_now("lateness")
    assert get_template(store, "lateness").version == 3 and "(edited)" not in editor.list.item(2).text()


def test_a_delivery_is_recorded_from_the_sent_tab(store: Store, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = make_page(store, qtbot)
    page.make.tick_pupils([3])
    page.make.template.setCurrentIndex(page.make.template.findData("attendance_concern"))
    page.make.make_letters(tmp_path / "one.pdf")
    page.sent.table.selectRow(0)
    page.sent.record_delivery(
        {
            "method": DeliveryMethod.HAND,
            "delivered_at": (handed := datetime.now(ZoneInfo("Europe/London"))),
            "handed_to": "Aoife O’Brien",
            "place": "reception",
            "email_address": "",
            "note": "",
        }
    )
    assert page.sent.table.item(0, 5).text() == f"Hand-delivered, {handed:%d/%m/%Y}"
    page.sent.save_log(tmp_path / "log.pdf")
    assert "Aoife O’Brien" in PdfReader(tmp_path / "log.pdf").pages[0].extract_text()
    assert list_letters(store, everyone(store))[0].deliveries[0].handed_to == "Aoife O’Brien"
