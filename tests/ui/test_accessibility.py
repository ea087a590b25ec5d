"""Every page and main dialog walked as a screen reader and a keyboard-only user would: no unnamed control, no
control the keyboard can never reach, and no key that means two things in one window."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTabWidget, QWidget

from attendance_desk.ui.context import AppContext
from attendance_desk.ui.main_window import MainWindow
from attendance_desk.ui.pages import PAGES
from tests.ui import dialog_catalogue as catalogue
from tests.ui.accessibility_walk import _mnemonic, clashes, keys_in, out_of_reading_order, unnamed, unreachable

UI_SOURCE = Path(__file__).resolve().parents[2] / "attendance_desk" / "ui"

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


def test_tab_follows_reading_order_on_every_page(window: MainWindow) -> None:
    problems: list[str] = []
    for where, _root in _views(window):
        page = window.pages[window.stack_key() or ""]
        problems += [f"{where}: {item}" for item in out_of_reading_order(page)]
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_the_walk_knows_every_dialog_in_the_app() -> None:
    """A new QDialog subclass must be added to tests/ui/dialog_catalogue.py, so the walk below checks it."""
    listed = {name.split(" (")[0] for name in catalogue.NAMES}
    assert catalogue.dialog_classes_in_the_app() == listed


def test_no_dialog_is_put_together_inline() -> None:
    """Dialogs are classes (so the catalogue can list them), never a bare QDialog filled in by a method."""
    inline = [
        f"{path.relative_to(UI_SOURCE)}:{number}"
        for path in UI_SOURCE.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"(?<![\w.])QDialog\(", line) and not line.lstrip().startswith("class ")
    ]
    assert inline == []


@pytest.fixture
def case_sample(context: AppContext, tmp_path: Path) -> catalogue.Sample:
    from tests.helpers.casework_seed import build_case

    ids = build_case(context.store)
    return catalogue.Sample(ids["pupil"], ids["plan"], ids["contract"], tmp_path)


def test_every_dialog_is_named_reachable_in_reading_order_and_free_of_clashes(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, case_sample: catalogue.Sample
) -> None:
    problems: list[str] = []
    walked = []
    for where, dialog in catalogue.dialogs(context, case_sample):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        walked.append(where)
        problems += [f"{where}: unnamed {item}" for item in unnamed(dialog)]
        problems += [f"{where}: unreachable {item}" for item in unreachable(dialog)]
        problems += [f"{where}: {key} → {'; '.join(o)}" for key, o in clashes(keys_in(dialog)).items()]
        problems += [f"{where}: {item}" for item in out_of_reading_order(dialog)]
        dialog.close()
    assert walked == list(catalogue.NAMES)
    assert not problems, "\n".join(problems)


def test_the_walk_catches_a_wrong_tab_order_and_a_combo_named_only_by_its_choice(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QComboBox, QGridLayout, QLineEdit

    form = QWidget()
    grid = QGridLayout(form)
    top_left, top_right, below = QLineEdit(), QLineEdit(), QLineEdit()
    for edit, name in ((top_left, "First"), (top_right, "Second"), (below, "Third")):
        edit.setAccessibleName(name)
    choice = QComboBox()
    choice.addItem("Stage 3")
    grid.addWidget(top_left, 0, 0)
    grid.addWidget(top_right, 0, 1)
    grid.addWidget(below, 1, 0, 1, 2)
    grid.addWidget(choice, 2, 0)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    assert out_of_reading_order(form) == [] and len(unnamed(form)) == 1
    QWidget.setTabOrder(top_right, top_left)  # right to left in a row
    QWidget.setTabOrder(top_left, below)
    assert any("'Second'" in p and "'First'" in p for p in out_of_reading_order(form))
    QWidget.setTabOrder(top_left, top_right)
    QWidget.setTabOrder(below, top_right)  # back up the same column
    assert any("'Third'" in p and "'Second'" in p for p in out_of_reading_order(form))
    choice.setAccessibleName("Stage")
    assert unnamed(form) == []
