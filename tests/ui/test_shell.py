"""The main window: navigation, shortcuts, failing pages, first run, staff switching, error routing."""

from __future__ import annotations

import importlib
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from attendance_desk.services import staff as staff_service
from attendance_desk.ui import pages as pages_module
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.first_run import FirstRunChoice, FirstRunDialog
from attendance_desk.ui.main_window import MainWindow
from attendance_desk.ui.pages import PAGES, PageFactory, PageSpec, create_page
from attendance_desk.ui.staff_chooser import StaffChooserDialog
from attendance_desk.ui.widgets.panels import PageErrorPanel


@pytest.fixture
def window(qtbot, context: AppContext) -> MainWindow:
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.show()
    return win


def test_every_page_opens_without_crashing(window: MainWindow) -> None:
    for spec in PAGES:
        page = window.show_page(spec.key)
        assert window.current_page() is page
        assert window.current_page_key() == spec.key


def test_ctrl_number_shortcuts_switch_pages(qtbot, window: MainWindow) -> None:
    assert [a.shortcut().toString() for a in window.page_actions.values()] == [f"Ctrl+{i}" for i in range(1, 9)]
    window.page_actions["settings"].trigger()
    assert window.current_page_key() == "settings"
    window.page_actions["reports"].trigger()
    assert window.current_page_key() == "reports"
    assert "Ctrl+8\tSettings" in window.shortcut_text()


def _import_page(module: str) -> PageFactory:
    """A page factory that imports its module when called, as the registry's factories do."""

    def factory(context: AppContext) -> QWidget:
        built: QWidget = importlib.import_module(module).create_page(context)
        return built

    return factory


def test_a_page_whose_module_is_missing_shows_an_error_not_a_placeholder(context: AppContext, qtbot) -> None:
    spec = PageSpec("x", "Later", _import_page("attendance_desk.ui.not_built_yet.page"), "Things that come later.")
    panel = create_page(spec, context)
    qtbot.addWidget(panel)
    assert isinstance(panel, PageErrorPanel)
    assert "not_built_yet" in panel.details.toPlainText()


def test_a_page_that_fails_to_build_shows_an_error_panel(context: AppContext, qtbot, tmp_path, monkeypatch) -> None:
    (tmp_path / "broken_page_mod.py").write_text("def create_page(context):\n    raise RuntimeError('boom')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    panel = create_page(PageSpec("b", "Broken", _import_page("broken_page_mod"), "x"), context)
    qtbot.addWidget(panel)
    assert isinstance(panel, PageErrorPanel)
    assert "boom" in panel.details.toPlainText()


def test_a_page_whose_import_fails_inside_shows_an_error_not_a_placeholder(context, qtbot, tmp_path, monkeypatch):
    (tmp_path / "needs_missing_mod.py").write_text("import no_such_dependency_xyz\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    panel = create_page(PageSpec("n", "Needs", _import_page("needs_missing_mod"), "x"), context)
    qtbot.addWidget(panel)
    assert isinstance(panel, PageErrorPanel)


def test_open_pupil_event_switches_to_the_pupil_page(qtbot, school_context: AppContext) -> None:
    win = MainWindow(school_context)
    qtbot.addWidget(win)
    win.show_page("settings")
    school_context.events.open_pupil.emit(5)
    assert win.current_page_key() == "pupils"
    page = win.pages["pupils"]
    assert page.pupil_page is not None and page.pupil_page.pupil_id == 5
    assert page.stack.currentWidget() is page.pupil_page


def test_first_run_import_goes_to_import_export(window: MainWindow, monkeypatch) -> None:
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, ctx, parent=None: FirstRunChoice.IMPORT))
    window.offer_first_run()
    assert window.current_page_key() == "sync"


def test_first_run_is_not_offered_when_pupils_exist(qtbot, school_context: AppContext, monkeypatch) -> None:
    asked = []
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, ctx, parent=None: asked.append(1)))
    win = MainWindow(school_context)
    qtbot.addWidget(win)
    win.offer_first_run()
    assert asked == []


def test_first_run_dialog_offers_both_choices(qtbot, context: AppContext) -> None:
    dialog = FirstRunDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.ui.importButton.isEnabled()
    qtbot.mouseClick(dialog.ui.importButton, Qt.MouseButton.LeftButton)
    assert dialog.choice is FirstRunChoice.IMPORT


def test_switching_staff_updates_the_context_and_status_bar(window: MainWindow, context: AppContext, monkeypatch):
    other = staff_service.add_staff(context.store, context.staff_id, name="Sam Lead", role="attendance_lead")
    monkeypatch.setattr(StaffChooserDialog, "ask", classmethod(lambda cls, store, parent=None, current_id=None: other))
    window.choose_staff()
    assert context.staff_id == other.id
    assert window.staff_label.text() == "Working as: Sam Lead"


def test_school_name_in_sidebar_follows_settings(window: MainWindow, context: AppContext) -> None:
    from dataclasses import replace

    from attendance_desk.services import school

    assert window.school_label.text() == "No school set up yet"
    school.save_school(context.store, context.staff_id, replace(school.load_school(context.store), name="Oak Primary"))
    context.notify(DataArea.SETTINGS)
    assert window.school_label.text() == "Oak Primary"


def test_unexpected_error_goes_to_log_and_dialog(qtbot, monkeypatch, caplog) -> None:
    from attendance_desk.ui import errors

    shown = []
    monkeypatch.setattr(errors, "show_error_dialog", lambda summary, details: shown.append((summary, details)))
    try:
        raise ValueError("kaboom")
    except ValueError:
        errors.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    # The sentence names the kind of error but never quotes the exception's text (it could hold personal data);
    # the traceback goes in the details.
    assert shown and "ValueError" in shown[0][0] and "kaboom" not in shown[0][0]
    assert "Traceback" in shown[0][1] and "kaboom" in shown[0][1]
    assert any("Unexpected error" in r.message for r in caplog.records)


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform cannot size a shown message box
def test_error_dialog_is_not_stacked(qtbot) -> None:
    from attendance_desk.ui import errors

    first = errors.show_error_dialog("one", "details")
    assert first is not None
    assert errors.show_error_dialog("two", "details") is None
    first.done(0)
    again = errors.show_error_dialog("three", "details")
    assert again is not None
    again.done(0)
    QApplication.processEvents()


def test_registry_lists_every_product_area() -> None:
    assert [s.title for s in PAGES] == [
        "Today",
        "Follow-ups",
        "Pupils",
        "Casework",
        "Letters",
        "Reports",
        "Import/Export",
        "Settings",
    ]
    assert len({s.key for s in pages_module.PAGES}) == len(PAGES)


def test_first_run_demo_builds_the_demo_school(qtbot, context: AppContext, monkeypatch) -> None:
    from datetime import date

    from attendance_desk.services.demo import create_demo_school
    from attendance_desk.ui import first_run
    from attendance_desk.ui.first_run import needs_first_run

    def small_demo(store, **kwargs):
        return create_demo_school(store, pupils=60, today=date(2026, 11, 20), **kwargs)

    monkeypatch.setattr(first_run, "demo_loader", lambda: small_demo)
    assert needs_first_run(context.store)
    dialog = FirstRunDialog(context)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.ui.demoButton, Qt.MouseButton.LeftButton)
    assert dialog.choice is FirstRunChoice.DEMO
    assert not needs_first_run(context.store)
