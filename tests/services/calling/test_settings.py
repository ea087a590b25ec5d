"""The calling desk's settings: the call-back script, the escalation steps and the term dates."""

from __future__ import annotations

from datetime import date

import pytest

from attendance_desk.domain.calling.escalation import DEFAULT_STEPS, with_changes
from attendance_desk.domain.term_calendar import Closure, Term
from attendance_desk.services.calling import settings as calling_settings
from attendance_desk.services.calling.settings import Prompt
from attendance_desk.store.engine import Store
from tests.helpers.accounts import admin


def test_the_default_script_is_ours_and_the_school_can_change_it(store: Store) -> None:
    script = calling_settings.load_script(store)
    assert script.is_default and len(script.prompts) >= 5
    assert all(p.question.endswith("?") for p in script.prompts)
    with pytest.raises(ValueError, match="question 2 is empty"):
        calling_settings.save_script(store, admin(store), [Prompt("a", "How are they?"), Prompt("b", " ")])
    with pytest.raises(ValueError, match="key of its own"):
        calling_settings.save_script(store, admin(store), [Prompt("a", "One?"), Prompt("a", "Two?")])
    saved = calling_settings.save_script(
        store,
        admin(store),
        [Prompt("feel", "How is she feeling today?"), Prompt("old", "Retired question?", active=False)],
    )
    assert not saved.is_default and [p.key for p in saved.active_prompts] == ["feel"]
    assert calling_settings.reset_script(store, admin(store)).is_default
    assert calling_settings.load_script(store).is_default


def test_escalation_steps_round_trip(store: Store) -> None:
    assert calling_settings.load_steps(store) == list(DEFAULT_STEPS)
    changed = [with_changes(s, enabled=False) if s.key == "social_worker" else s for s in DEFAULT_STEPS]
    assert calling_settings.save_steps(store, admin(store), changed) == changed
    with pytest.raises(ValueError, match="share the key"):
        calling_settings.save_steps(store, admin(store), [*changed, DEFAULT_STEPS[0]])


def test_term_dates_default_until_saved_and_are_checked(store: Store) -> None:
    year = calling_settings.term_year(store, 2026)
    assert year.is_default and len(year.terms) == 6
    terms = [Term("Autumn", date(2026, 9, 2), date(2026, 12, 18)), Term("Spring", date(2027, 1, 5), date(2027, 3, 26))]
    with pytest.raises(ValueError, match="overlap"):
        calling_settings.save_term_year(
            store, admin(store), 2026, [*terms, Term("X", date(2026, 12, 1), date(2026, 12, 5))], []
        )
    with pytest.raises(ValueError, match="not inside the school year"):
        calling_settings.save_term_year(
            store, admin(store), 2026, [Term("Y", date(2027, 8, 20), date(2027, 9, 10))], []
        )
    saved = calling_settings.save_term_year(
        store, admin(store), 2026, terms, [Closure(date(2026, 9, 2), "Training day")]
    )
    assert not saved.is_default and saved.terms == tuple(terms)
    calendar = calling_settings.load_planned_calendar(store)
    assert not calendar.is_school_day(date(2026, 9, 2)) and calendar.is_school_day(date(2026, 9, 3))
    assert not calendar.is_school_day(date(2027, 4, 5))  # after the last term entered: holiday, not a default term
