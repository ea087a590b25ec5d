"""The main window as an office finds it: it fits the screen and remembers its place, Ctrl+F finds anyone, Esc
goes back, F1 shows the page's keys, unsaved settings are not lost, and the last user is preselected."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from attendance_desk.domain.calling.rules import CallOutcome
from attendance_desk.services import accounts
from attendance_desk.services import school as school_service
from attendance_desk.services import staff as staff_service
from attendance_desk.services.calling import calls as calling
from attendance_desk.services.calling import followups
from attendance_desk.services.search import search_people
from attendance_desk.ui import preferences
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.find_dialog import FindDialog
from attendance_desk.ui.main_window import MINIMUM_SIZE, MainWindow
from attendance_desk.ui.staff_chooser import StaffChooserDialog
from attendance_desk.ui.widgets import unsaved
from tests.helpers import calling_seed as seed
from tests.helpers.accounts import everyone

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def people(context: AppContext) -> dict[str, int]:
    store = context.store
    details = school_service.load_school(store)
    school_service.save_school(store, context.staff_id, replace(details, name="Testbrook Primary"))
    ids = {
        "amy": seed.add_pupil(store, 1, "Amy", "Birch"),
        "ben": seed.add_pupil(store, 2, "Ben", "Birch"),
        "cy": seed.add_pupil(store, 3, "Cy", "Cole"),
    }
    ids["bea"] = seed.add_contact(store, ids["amy"], "Bea", "Birch", mobile="07700 900201", home="0161 496 0201")
    seed.add_contact(store, ids["ben"], "Bea", "Birch", mobile="07700 900201")  # the same mother, held twice
    ids["col"] = seed.add_contact(store, ids["cy"], "Col", "Hartley", relationship="Father", mobile="07700 900301")
    return ids


def window_for(qtbot, context: AppContext) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window shortcuts only fire in the active window
    return window


@pytest.mark.parametrize(
    ("screen", "scale"), [((1280, 720), 1.0), ((1366, 768), 1.0), ((1366, 768), 1.25), ((1366, 768), 1.5)]
)
def test_the_window_opens_inside_the_available_screen(qtbot, context, screen, scale) -> None:  # type: ignore[no-untyped-def]
    # The free area in logical pixels once a 40-pixel taskbar is taken off.
    width, height = round(screen[0] / scale), round(screen[1] / scale) - 40
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.fit_to_screen(QRect(0, 0, width, height))
    assert (window.width() <= width and window.height() + 32 <= height) or window.size() == window.minimumSize()
    assert MINIMUM_SIZE.width() <= width and MINIMUM_SIZE.height() + 30 <= height, "the minimum fits the screen"
    assert window.minimumSizeHint().width() <= width and window.minimumSizeHint().height() <= height


def test_the_window_remembers_its_place_on_this_pc(qtbot, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = window_for(qtbot, context)
    first.resize(900, 500)
    first.close()
    saved = preferences.window_geometry("main")
    assert saved is not None and saved == first.saveGeometry()
    restored: list[bytes] = []
    real_restore = MainWindow.restoreGeometry

    def spy(self, geometry):  # type: ignore[no-untyped-def]
        restored.append(bytes(geometry.data()))
        return real_restore(self, geometry)

    monkeypatch.setattr(MainWindow, "restoreGeometry", spy)
    second = MainWindow(context)  # the offscreen test screen is 800×800: Qt itself clamps what it restores
    qtbot.addWidget(second)
    assert restored == [bytes(saved.data())], "the next start asks for the place this PC remembered"
    # A remembered place that no longer fits (a smaller screen now) is not used.
    third = MainWindow(context)
    qtbot.addWidget(third)
    preferences.remember_window_geometry("main", second.saveGeometry())
    third.fit_to_screen(QRect(0, 0, 900, 500))
    assert third.width() <= 900


def test_search_finds_pupils_and_parents_by_name_upn_phone_and_email(context, people) -> None:  # type: ignore[no-untyped-def]
    store = context.store
    assert [h.pupil_name for h in search_people(store, everyone(store), "birch")] == ["Amy Birch", "Ben Birch"]
    [cy] = search_people(store, everyone(store), "hartley")
    assert cy.pupil_name == "Cy Cole" and "Col Hartley" in cy.matched and "father" in cy.matched
    by_phone = search_people(store, everyone(store), "07700900301")
    assert [h.pupil_name for h in by_phone] == ["Cy Cole"]
    assert [h.pupil_name for h in search_people(store, everyone(store), "+44 7700 900301")] == ["Cy Cole"]
    assert {h.pupil_name for h in search_people(store, everyone(store), "0161 496")} == {"Amy Birch"}
    upn = search_people(store, everyone(store), "Cy")[0].upn
    assert [h.pupil_name for h in search_people(store, everyone(store), upn.lower())] == ["Cy Cole"]
    email_owner = search_people(store, everyone(store), "@")  # no email held in the seed: no match, no error
    assert email_owner == [] or all(h.matched for h in email_owner)
    assert (
        search_people(store, everyone(store), "   ") == [] and search_people(store, everyone(store), "zzz-nobody") == []
    )


def test_ctrl_f_from_any_page_and_enter_opens_the_only_match(qtbot, context, people) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, context)
    window.show_page("settings")
    window.find_action.trigger()
    dialog = window.findChild(FindDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.search, "hartley")
    assert dialog.results.count() == 1 and "One match" in dialog.summary.text()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert window.current_page_key() == "pupils"
    assert window.pages["pupils"].shown_pupil_id() == people["cy"]
    # Esc goes back to where the search started, not to the pupil list.
    qtbot.keyClick(window.pages["pupils"].pupil_page, Qt.Key.Key_Escape)
    assert window.current_page_key() == "settings"


def test_enter_opens_the_first_of_several_matches(qtbot, context, people) -> None:  # type: ignore[no-untyped-def]
    dialog = FindDialog(context)
    qtbot.addWidget(dialog)
    opened: list[int] = []
    context.events.open_pupil.connect(opened.append)
    dialog.search.setText("birch")
    assert dialog.results.count() == 2
    dialog.open_current()
    assert opened == [people["amy"]]


def test_esc_returns_to_the_follow_up_the_pupil_was_opened_from(qtbot, context, people) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, context)
    window.show_page("followups")
    context.events.open_pupil.emit(people["ben"])
    window.show_page("pupils")
    assert window.pages["pupils"].shown_pupil_id() == people["ben"]
    context.events.open_pupil.emit(people["cy"])  # from Ben's page to Cy's
    qtbot.keyClick(window.pages["pupils"].pupil_page, Qt.Key.Key_Escape)
    assert window.pages["pupils"].shown_pupil_id() == people["ben"], "back to Ben, where Cy was opened from"
    qtbot.keyClick(window.pages["pupils"].pupil_page, Qt.Key.Key_Escape)
    assert window.current_page_key() == "followups"


def test_enter_in_the_pupil_search_opens_the_single_match(qtbot, context, people) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, context)
    panel = window.pages["pupils"].list_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
    qtbot.keyClicks(panel.search, "cole")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert window.pages["pupils"].shown_pupil_id() == people["cy"]


def test_f1_lists_the_page_keys_and_the_global_ones(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, context)
    window.show_page("today")
    text = window.shortcut_text()
    assert text.startswith("On Today:")
    for keys in ("Ctrl+Enter", "Ctrl+K", "Ctrl+R", "Ctrl+H", "Ctrl+E"):
        assert keys in text.split("Everywhere:")[0]
    for keys in ("Ctrl+F", "Ctrl+1", "F1", "Ctrl+Shift+U"):
        assert keys in text.split("Everywhere:")[1]
    window.show_page("followups")
    assert "Ctrl+L" in window.shortcut_text().split("Everywhere:")[0]
    window.show_shortcuts()
    box = window.findChild(QMessageBox, "shortcutsBox")
    assert box is not None and box.windowTitle() == "Keyboard shortcuts: Follow-ups"


def test_a_pupil_page_shows_recent_contact_without_the_chronology(qtbot, context, people) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    day = date(2026, 11, 26)
    calling.log_attempt(
        context.store,
        context.staff_id,
        pupil_id=people["amy"],
        contact_id=people["bea"],
        outcome=CallOutcome.NO_ANSWER,
        absence_date=day,
        session="AM",
        phone_number="07700 900201",
    )
    followups.add_task(context.store, context.staff_id, title="Ring Bea again", due_on=day, pupil_id=people["amy"])
    window = window_for(qtbot, context)
    context.events.open_pupil.emit(people["amy"])
    panel = window.pages["pupils"].pupil_page.recent
    text = panel.body.text()
    assert "Call with Bea Birch (No answer)" in text and context.staff_name in text
    assert "1 open task" in text and "Ring Bea again" in text
    assert "_" not in text.replace("<br>", "")  # no internal keys on screen


def test_unsaved_settings_are_offered_for_saving_on_leaving_and_quitting(qtbot, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    details = school_service.load_school(context.store)
    school_service.save_school(context.store, context.staff_id, replace(details, name="Testbrook Primary"))
    window = window_for(qtbot, context)
    settings = window.show_page("settings")
    rules = settings.show_tab("attendance")
    rules.ui.lessonsSpin.setValue(rules.ui.lessonsSpin.value() + 1)
    answers = [unsaved.LeaveChoice.STAY, unsaved.LeaveChoice.SAVE]
    asked: list[str] = []

    def answer(_parent, what):  # type: ignore[no-untyped-def]
        asked.append(what)
        return answers.pop(0)

    monkeypatch.setattr(unsaved, "ask_leave", answer)
    window.show_page("today")
    assert window.current_page_key() == "settings", "Cancel keeps the user on the page with the edit"
    assert "Attendance rules" in asked[0]
    window.show_page("today")
    assert window.current_page_key() == "today"
    saved = school_service.load_school(context.store).lessons_per_day
    assert saved == rules.ui.lessonsSpin.value()
    # Quitting with an edit asks too; Discard lets the window close and keeps the stored value.
    window.show_page("settings")
    rules.ui.lessonsSpin.setValue(saved + 1)
    answers.append(unsaved.LeaveChoice.DISCARD)
    assert window.close()
    assert school_service.load_school(context.store).lessons_per_day == saved


def test_ctrl_s_saves_the_settings_tab_in_front(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    details = school_service.load_school(context.store)
    school_service.save_school(context.store, context.staff_id, replace(details, name="Testbrook Primary"))
    window = window_for(qtbot, context)
    window.activateWindow()
    settings = window.show_page("settings")
    rules = settings.show_tab("attendance")
    rules.ui.lessonsSpin.setValue(7)
    rules.ui.lessonsSpin.setFocus()
    qtbot.keyClick(rules.ui.lessonsSpin, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert school_service.load_school(context.store).lessons_per_day == 7
    assert not settings.has_unsaved_changes()


def test_the_staff_chooser_preselects_the_last_user_on_this_pc(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    zed = staff_service.add_staff(context.store, context.staff_id, name="Zed Young", position="Receptionist")
    accounts.set_password(context.store, context.staff_id, zed.id, "zed's own password")
    dialog = StaffChooserDialog(context.store)
    qtbot.addWidget(dialog)
    assert dialog.ui.staffList.currentItem().text().startswith("Pat Office")  # nobody remembered yet
    dialog.ui.staffList.setCurrentRow(1)
    dialog.password.setText("zed's own password")
    dialog._sign_in()
    assert preferences.last_staff_id() == zed.id
    again = StaffChooserDialog(context.store)
    qtbot.addWidget(again)
    assert again.ui.staffList.currentItem().text().startswith("Zed Young")


def test_save_dialogs_start_in_the_last_folder_with_a_meaningful_name(tmp_path) -> None:
    from datetime import date

    preferences.remember_folder(tmp_path / "letters.pdf")
    path = preferences.suggested_path("Registration certificate", "Amy O'Brien/3B", on=date(2026, 11, 27), suffix="pdf")
    # The apostrophe is a legal file-name character and part of the name; the slash is not.
    assert path == str(tmp_path / "Registration certificate - Amy O'Brien3B - 2026-11-27.pdf")


def test_closing_drops_late_task_callbacks_instead_of_touching_a_dead_window(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.ui.tasks import TaskRunner

    runner = TaskRunner()  # real threads
    context.tasks = runner
    window = window_for(qtbot, context)
    delivered: list[object] = []
    runner.run(lambda _c: 42, on_done=delivered.append)
    window.shut_down()  # waits for the worker, then drops what is queued
    QApplication.processEvents()
    assert delivered == []
    assert not window.watcher.timer.isActive()


def test_a_record_made_by_mistake_is_withdrawn_from_the_pupil_page(qtbot, context, people) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from attendance_desk.services.withdrawals import withdrawable_for
    from attendance_desk.ui.pupils.withdraw_dialog import WithdrawDialog

    calling.log_attempt(
        context.store,
        context.staff_id,
        pupil_id=people["amy"],
        contact_id=people["bea"],
        outcome=CallOutcome.ANSWERED,
        absence_date=date(2026, 11, 26),
        session="AM",
        phone_number="07700 900201",
    )
    dialog = WithdrawDialog(context, people["amy"])
    qtbot.addWidget(dialog)
    assert dialog.records.count() == 1 and dialog.records.item(0).text().split("  ", 1)[1].startswith("Call to Bea")
    dialog.save()
    assert "say why" in dialog.error.text() and not withdrawable_for(context.store, people["amy"])[0].withdrawn
    dialog.reason.setText("Rang the wrong family")
    dialog.save()
    assert dialog.result() == 1 and withdrawable_for(context.store, people["amy"])[0].withdrawn
    from attendance_desk.services.recent_contact import recent_contact

    [event] = recent_contact(context.store, everyone(context.store), people["amy"]).events
    assert event.withdrawn, "the recent-contact panel says the call was withdrawn"


def test_a_save_dialog_starts_in_the_last_folder_and_remembers_the_new_one(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QWidget

    from attendance_desk.ui.widgets.dialogs import ask_save_path

    first, second = tmp_path / "letters", tmp_path / "logs"
    first.mkdir()
    second.mkdir()
    preferences.remember_folder(first / "old.pdf")
    asked: list[str] = []

    def fake(_parent, _title, start, _filters):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(second / "Hand-delivery log - 2026-11-27.pdf"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    parent = QWidget()
    path = ask_save_path(parent, "Save", "Hand-delivery log - 2026-11-27.pdf", "PDF (*.pdf)")
    assert asked == [str(first / "Hand-delivery log - 2026-11-27.pdf")]
    assert path.endswith(".pdf") and preferences.last_folder() == second


def test_every_page_is_headed_with_its_navigation_title(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from attendance_desk.ui.pages import PAGES

    window = window_for(qtbot, context)
    for spec in PAGES:
        window.show_page(spec.key)
        holder = window._holders[spec.key]
        titles = [label.text() for label in holder.findChildren(QLabel, "pageTitle") if label.isVisibleTo(holder)]
        assert titles[:1] == [spec.title], spec.key
