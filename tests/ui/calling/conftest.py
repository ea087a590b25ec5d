"""Calling-desk UI fixtures: a small planted school (the builders are in ``tests/helpers/calling_seed.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from attendance_desk.store.engine import Store
from attendance_desk.ui.context import AppContext
from tests.helpers import calling_seed as seed

DAY = date(2026, 9, 16)  # Wednesday


@pytest.fixture
def desk(context: AppContext) -> Iterator[tuple[AppContext, dict[str, int]]]:
    """Four pupils absent this morning (one with a social worker, one with a restricted father) and one present."""
    store: Store = context.store
    ids = {
        "amy": seed.add_pupil(store, 1, "Amy", "Present"),
        "ben": seed.add_pupil(store, 2, "Ben", "Birch"),
        "cy": seed.add_pupil(store, 3, "Cy", "Cole", social_worker_name="K. Worker"),
        "dee": seed.add_pupil(store, 4, "Dee", "Dunn"),
        "eli": seed.add_pupil(store, 5, "Eli", "Evans"),
    }
    seed.add_marks(store, list(ids.values()), seed.weekdays(date(2026, 9, 7), date(2026, 9, 15)), seed.present)
    seed.add_marks(
        store, list(ids.values()), [DAY], lambda pid, _d, s: None if s == "PM" else ("/" if pid == ids["amy"] else "N")
    )
    ids["ben_mum"] = seed.add_contact(store, ids["ben"], "Bea", "Birch", mobile="07700 900201", home="0161 496 0201")
    ids["cy_dad"] = seed.add_contact(
        store, ids["cy"], "Col", "Cole", relationship="Father", court_order=True, mobile="07700 900301"
    )
    ids["cy_nan"] = seed.add_contact(
        store, ids["cy"], "Cat", "Cole", relationship="Grandmother", priority=2, pr=False, mobile="07700 900302"
    )
    ids["dee_mum"] = seed.add_contact(store, ids["dee"], "Dot", "Dunn", mobile="07700 900401")
    ids["eli_mum"] = seed.add_contact(store, ids["eli"], "Eva", "Evans", mobile="07700 900501")
    yield context, ids


@pytest.fixture(autouse=True)
def release_modifier_keys(qtbot) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Leave no modifier key "held" for the next test.

    A shortcut that changes the layout while its keys are down (Ctrl+Shift+X shows a table) can leave Qt thinking
    Shift is still pressed, and the next test's ``selectRow`` would then extend the selection instead of setting it.
    """
    yield
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QWidget

    held = QGuiApplication.keyboardModifiers()
    if held != Qt.KeyboardModifier.NoModifier:
        target = QWidget()
        for modifier, key in (
            (Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Shift),
            (Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Control),
            (Qt.KeyboardModifier.AltModifier, Qt.Key.Key_Alt),
        ):
            if held & modifier:
                held &= ~modifier
                qtbot.keyRelease(target, key, held)  # a release carries the modifiers still down after it
        target.deleteLater()
