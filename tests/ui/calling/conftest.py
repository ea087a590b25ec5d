"""Calling-desk UI fixtures: a small planted school (the builders live beside the service tests)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "services"))

from test_calling_seed import add_contact, add_marks, add_pupil, present, weekdays

from attendance_desk.store.engine import Store
from attendance_desk.ui.context import AppContext

DAY = date(2026, 9, 16)  # Wednesday


@pytest.fixture
def desk(context: AppContext) -> Iterator[tuple[AppContext, dict[str, int]]]:
    """Four pupils absent this morning (one with a social worker, one with a restricted father) and one present."""
    store: Store = context.store
    ids = {
        "amy": add_pupil(store, 1, "Amy", "Present"),
        "ben": add_pupil(store, 2, "Ben", "Birch"),
        "cy": add_pupil(store, 3, "Cy", "Cole", social_worker_name="K. Worker"),
        "dee": add_pupil(store, 4, "Dee", "Dunn"),
        "eli": add_pupil(store, 5, "Eli", "Evans"),
    }
    add_marks(store, list(ids.values()), weekdays(date(2026, 9, 7), date(2026, 9, 15)), present)
    add_marks(store, list(ids.values()), [DAY],
              lambda pid, _d, s: None if s == "PM" else ("/" if pid == ids["amy"] else "N"))
    ids["ben_mum"] = add_contact(store, ids["ben"], "Bea", "Birch", mobile="07700 900201", home="0161 496 0201")
    ids["cy_dad"] = add_contact(store, ids["cy"], "Col", "Cole", relationship="Father", court_order=True,
                                mobile="07700 900301")
    ids["cy_nan"] = add_contact(store, ids["cy"], "Cat", "Cole", relationship="Grandmother", priority=2, pr=False,
                                mobile="07700 900302")
    ids["dee_mum"] = add_contact(store, ids["dee"], "Dot", "Dunn", mobile="07700 900401")
    ids["eli_mum"] = add_contact(store, ids["eli"], "Eva", "Evans", mobile="07700 900501")
    yield context, ids
