"""Every page and main dialog walked as a screen reader and a keyboard-only user would: no unnamed control, no
control the keyboard can never reach, and no key that means two things in one window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QTabWidget, QWidget

from attendance_desk.ui.context import AppContext
from attendance_desk.ui.main_window import MainWindow
from attendance_desk.ui.pages import PAGES
from tests.ui.accessibility_walk import _mnemonic, clashes, keys_in, unnamed, unreachable

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(qtbot, school_context: AppContext) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from attendance_desk.services import school as school_service

    details = school_service.load_school(school_context.store)
    school_service.save_school(
        school_context.store, school_context.staff_id, replace(details, name="Synthetic Academy")
    )
    win = MainWindow(school_context)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win


def _views(window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    """Every page, every tab of every page, and a pupil's page with each of its tabs."""
    for spec in PAGES:
        page = window.show_page(spec.key)
        yield spec.title, window
        for tabs in page.findChildren(QTabWidget):
            if not tabs.isVisibleTo(window):
                continue
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                yield f"{spec.title} › {tabs.tabText(index).replace('&', '')}", window
    window.context.events.open_pupil.emit(1)
    pupil_page = window.pages["pupils"].pupil_page
    assert pupil_page is not None
    for index in range(pupil_page.tabs.count()):
        pupil_page.tabs.setCurrentIndex(index)
        yield f"Pupil › {pupil_page.tabs.tabText(index)}", window


def _menu_keys(window: MainWindow) -> dict[str, list[str]]:
    keys = keys_in(window)
    for action in window.menuBar().actions():
        key = _mnemonic(action.text())
        if key:
            keys.setdefault(key, []).append(f"menu '{action.text()}'")
    return keys


def test_every_control_on_every_page_has_a_name_and_can_take_focus(window: MainWindow) -> None:
    problems: list[str] = []
    for where, root in _views(window):
        problems += [f"{where}: unnamed {item}" for item in unnamed(root)]
        problems += [f"{where}: unreachable {item}" for item in unreachable(root)]
    assert not problems, "\n".join(sorted(set(problems)))


def test_no_key_means_two_things_on_any_page(window: MainWindow) -> None:
    problems: list[str] = []
    for where, root in _views(window):
        for key, owners in clashes(_menu_keys(root if isinstance(root, MainWindow) else window)).items():
            problems.append(f"{where}: {key} → {'; '.join(owners)}")
    assert not problems, "\n".join(sorted(set(problems)))


def _dialogs(context: AppContext) -> Iterator[tuple[str, QWidget]]:
    from attendance_desk.ui.calling.dsl_dialog import DslDialog
    from attendance_desk.ui.calling.report_dialog import ReportDialog
    from attendance_desk.ui.calling.visit_dialog import VisitDialog
    from attendance_desk.ui.find_dialog import FindDialog
    from attendance_desk.ui.staff_chooser import StaffChooserDialog

    yield "Reported absence", ReportDialog(context, date(2025, 10, 1), 1)
    yield "Home visit", VisitDialog(context, 1, "Ben Adams")
    yield "DSL list", DslDialog(context)
    yield "Find", FindDialog(context)
    yield "Staff chooser", StaffChooserDialog(context.store)


def test_every_main_dialog_is_named_reachable_and_free_of_clashes(qtbot, school_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    for where, dialog in _dialogs(school_context):
        qtbot.addWidget(dialog)
        dialog.show()
        problems += [f"{where}: unnamed {item}" for item in unnamed(dialog)]
        problems += [f"{where}: unreachable {item}" for item in unreachable(dialog)]
        problems += [f"{where}: {key} → {'; '.join(o)}" for key, o in clashes(keys_in(dialog)).items()]
        dialog.close()
    assert not problems, "\n".join(sorted(set(problems)))
