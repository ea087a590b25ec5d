"""Letters as the office uses them in bulk: one delivery for a whole posted batch, titles not internal keys, and
a template preview that shows this school."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from attendance_desk.domain.vocabulary import DeliveryMethod
from attendance_desk.services.letters.data import LetterError
from attendance_desk.services.letters.delivery import list_letters, record_deliveries
from attendance_desk.store.engine import Store
from attendance_desk.store.models import SchoolSettings
from tests.helpers.accounts import everyone
from tests.ui.letters.test_page import make_page

LONDON = ZoneInfo("Europe/London")


def posted() -> datetime:
    """A posting time the service accepts: after the letters were made, and not in the future."""
    return datetime.now(LONDON)


def _batch(store: Store, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    page = make_page(store, qtbot)
    page.make.template.setCurrentIndex(page.make.template.findData("attendance_concern"))
    page.make.tick_pupils([1, 2, 3])
    page.make.make_letters(tmp_path / "batch.pdf")
    qtbot.waitUntil(lambda: page.sent.table.rowCount() > 2)
    return page


def test_one_action_records_the_delivery_of_a_whole_batch(store: Store, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _batch(store, qtbot, tmp_path)
    count = page.sent.table.rowCount()
    page.sent.table.selectAll()
    page.sent.record_delivery({"method": DeliveryMethod.FIRST_CLASS, "delivered_at": posted(), "note": "Post room"})
    letters = list_letters(store, everyone(store))
    assert len(letters) == count and all(len(letter.deliveries) == 1 for letter in letters)
    assert {letter.deliveries[0].method for letter in letters} == {DeliveryMethod.FIRST_CLASS}
    today = f"{datetime.now(LONDON):%d/%m/%Y}"
    assert all(page.sent.table.item(r, 5).text().endswith(today) for r in range(count))


def test_a_bulk_delivery_is_all_or_nothing_and_never_by_hand(store: Store, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _batch(store, qtbot, tmp_path)
    ids = [letter.id for letter in list_letters(store, everyone(store))]
    with pytest.raises(LetterError, match="one at a time"):
        record_deliveries(store, everyone(store), ids, DeliveryMethod.HAND, posted())
    with pytest.raises(LetterError, match="no letter"):
        record_deliveries(store, everyone(store), [*ids, 999_999], DeliveryMethod.FIRST_CLASS, posted())
    assert all(not letter.deliveries for letter in list_letters(store, everyone(store))), (
        "a bad id in the batch records nothing"
    )


def test_the_bulk_dialog_offers_no_hand_delivery(store: Store, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.ui.letters.letter_dialogs import DeliveryDialog

    page = _batch(store, qtbot, tmp_path)
    dialog = DeliveryDialog(page.sent.rows[0], page, count=3)
    qtbot.addWidget(dialog)
    methods = [dialog.method.itemData(i) for i in range(dialog.method.count())]
    assert DeliveryMethod.HAND not in methods and DeliveryMethod.FIRST_CLASS in methods
    assert dialog.windowTitle() == "Delivery of 3 letters"


def test_sent_letters_show_titles_not_internal_keys(store: Store, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _batch(store, qtbot, tmp_path)
    shown = {page.sent.table.item(r, 2).text() for r in range(page.sent.table.rowCount())}
    assert shown and not any("_" in text for text in shown)


def test_the_template_preview_shows_this_school(store: Store, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = make_page(store, qtbot)
    with store.transaction() as session:
        settings = session.get(SchoolSettings, 1)
        assert settings is not None
        settings.name, settings.phone = "Brookfield Primary", ""
    page.templates.reload()
    page.templates.list.setCurrentRow(0)
    page.templates.body.setPlainText("Ring {school.name} on {school.phone}.")
    page.templates.refresh_preview()
    text = page.templates.preview.toPlainText()
    assert "Brookfield Primary" in text and "Hillside" not in text
    assert "(not set in Settings › School)" in text and "01234 567890" not in text
    assert "_" not in page.templates.version.text()


def test_a_tasks_letter_waits_for_the_lists_to_load(store: Store, qtbot) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.ui.context import AppContext
    from attendance_desk.ui.letters.make_tab import MakeLettersTab
    from attendance_desk.ui.tasks import TaskRunner
    from tests.helpers.letters_school import STAFF_ID, build_school

    build_school(store)
    runner = TaskRunner()  # real worker threads, as in the app: the lists arrive after prepare() is called
    tab = MakeLettersTab(AppContext(store, runner, STAFF_ID, "Dana Whitfield"))
    qtbot.addWidget(tab)
    tab.reload()
    tab.prepare(2, "lateness")
    qtbot.waitUntil(lambda: tab.ticked_pupils() == [2], timeout=10_000)
    assert tab.template.currentData() == "lateness"
    runner.shutdown()
