"""The shared letters fixture school is what the letter tests assume it is."""

from __future__ import annotations

from attendance_desk.store.engine import Store
from attendance_desk.store.models import Mark
from tests.helpers.letters_school import SCHOOL_DAYS, build_school


def test_the_fixture_school_has_a_full_register(store: Store) -> None:
    build_school(store)
    with store.session() as session:
        assert session.query(Mark).count() == 4 * 2 * len(SCHOOL_DAYS)
