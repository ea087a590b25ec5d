"""Signing in, the idle lock and a refused action, as the person at the keyboard meets them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from attendance_desk.domain.access import Role
from attendance_desk.services import accounts
from attendance_desk.services.access import PermissionRefused
from attendance_desk.services.calling import concerns
from attendance_desk.store.engine import Store
from attendance_desk.store.models import utc_now
from attendance_desk.ui.idle_lock import IdleLock
from attendance_desk.ui.staff_chooser import StaffChooserDialog
from tests.helpers.accounts import staff_with

PASSWORD = "a long enough password"


def test_a_new_database_makes_its_first_account_the_administrator(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = StaffChooserDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.ui.staffList.isHidden()
    dialog.ui.nameEdit.setText("Ada First")
    dialog.password.setText("short")
    dialog.ui.buttonBox.button(dialog.ui.buttonBox.StandardButton.Ok).click()
    assert "at least 8" in dialog.ui.errorLabel.text() and dialog.chosen is None
    dialog.password.setText(PASSWORD)
    dialog.ui.buttonBox.button(dialog.ui.buttonBox.StandardButton.Ok).click()
    assert dialog.chosen is not None
    signed = accounts.sign_in(store, dialog.chosen.id, PASSWORD)
    assert Role.ADMIN in signed.roles


def test_sign_in_needs_the_right_password_and_pauses_after_five_wrong(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    hashed = PasswordHasher().hash(PASSWORD)
    staff_with(store, "Ada Admin", Role.ADMIN, password_hash=hashed)
    office = staff_with(store, "Pat Office", Role.OFFICE, password_hash=hashed)
    dialog = StaffChooserDialog(store, current_id=office)
    qtbot.addWidget(dialog)
    assert dialog.ui.staffList.currentItem().text() == "Pat Office"
    for _ in range(4):
        dialog.password.setText("wrong password")
        dialog.ui.buttonBox.button(dialog.ui.buttonBox.StandardButton.Ok).click()
        assert "not right" in dialog.ui.errorLabel.text() and dialog.chosen is None
    dialog.password.setText("wrong password")
    dialog.ui.buttonBox.button(dialog.ui.buttonBox.StandardButton.Ok).click()
    assert "paused for a minute" in dialog.ui.errorLabel.text()
    dialog.password.setText(PASSWORD)  # even the right password waits: the pause is in the database
    dialog.ui.buttonBox.button(dialog.ui.buttonBox.StandardButton.Ok).click()
    assert "paused" in dialog.ui.errorLabel.text() and dialog.chosen is None
    later = utc_now() + timedelta(minutes=1, seconds=1)
    assert accounts.sign_in(store, office, PASSWORD, now=later).member.id == office


def test_the_desk_locks_after_the_idle_time_and_activity_resets_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    now = [1000.0]
    locks: list[float] = []
    lock = IdleLock(10, lambda: locks.append(now[0]), clock=lambda: now[0], check_every_ms=3_600_000)
    app = QApplication.instance()
    app.installEventFilter(lock)
    try:
        now[0] += 9 * 60
        lock.check()
        assert locks == []
        lock.eventFilter(app, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier))
        now[0] += 9 * 60  # 18 minutes since start, 9 since the key press
        lock.check()
        assert locks == []
        now[0] += 61
        lock.check()
        assert locks == [now[0]]
    finally:
        app.removeEventFilter(lock)
    assert QPointF  # (imported for mouse events in a later test)


def test_a_refused_action_says_who_can_do_it(store: Store) -> None:
    office = staff_with(store, "Pat Office", Role.OFFICE)
    with pytest.raises(PermissionRefused, match=r"Only the designated safeguarding lead \(DSL\) or the head teacher"):
        concerns.dsl_list(store, office)


def test_the_security_tab_runs_the_check_and_shows_the_result(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.services import verify
    from attendance_desk.ui.evidence_check import run_check_if_due
    from attendance_desk.ui.settings.security_tab import SecurityTab

    tab = SecurityTab(context)
    qtbot.addWidget(tab)
    assert "not been checked yet" in tab.check_label.text()
    assert run_check_if_due(context) and not run_check_if_due(context)  # once a day
    tab.on_shown()
    assert "All as the app left it" in tab.check_label.text()
    last = verify.last_result(context.store)
    assert last is not None and last["ok"] and last["anchor"]["seq"] > 0  # this PC's anchor for the next check
    assert last["newest_link"] in tab.check_label.text()  # shown, to be written down
    tab.check_now()
    assert "All as the app left it" in tab.check_label.text()


def test_office_staff_do_not_see_what_they_may_not_do(qtbot, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.ui.calling import today_page
    from attendance_desk.ui.settings.page import SettingsPage
    from attendance_desk.ui.settings.tabs import SETTINGS_TABS

    office = staff_with(context.store, "Olive Office", Role.OFFICE)
    settings = SettingsPage(context)
    qtbot.addWidget(settings)
    keys = [spec.key for spec in SETTINGS_TABS]
    assert settings.tabs.isTabVisible(keys.index("staff"))
    context.set_staff(office, "Olive Office")
    assert not settings.tabs.isTabVisible(keys.index("staff"))
    assert not settings.tabs.isTabVisible(keys.index("school"))
    assert settings.tabs.isTabVisible(keys.index("security"))
    security = settings.tab_by_key["security"]
    assert security.policy_group.isHidden() and security.encryption_group.isHidden()  # type: ignore[attr-defined]
    page = today_page.create_page(context)
    qtbot.addWidget(page)
    assert page.dsl_button.isHidden()  # type: ignore[attr-defined]
    shown: list[str] = []
    monkeypatch.setattr(today_page, "show_refusal", lambda message: shown.append(message))
    page.open_dsl_list()  # type: ignore[attr-defined]
    assert shown == [
        "Only the designated safeguarding lead (DSL) or the head teacher can read or close safeguarding concerns."
    ]


@pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform note when a dialog is shown
def test_enter_in_the_password_field_is_one_attempt(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from attendance_desk.store.models import Staff

    hashed = PasswordHasher().hash(PASSWORD)
    office = staff_with(store, "Pat Office", Role.OFFICE, password_hash=hashed)
    dialog = StaffChooserDialog(store, current_id=office)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password.setText("wrong password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    with store.session() as session:
        assert session.scalar(select(Staff.failed_sign_ins).where(Staff.id == office)) == 1
    assert "4 more tries" in dialog.ui.errorLabel.text()
