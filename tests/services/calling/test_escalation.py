"""Running the escalation ladder against the register: the right task, on the right school day, once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from attendance_desk.domain.calling.escalation import DEFAULT_STEPS, with_changes
from attendance_desk.domain.term_calendar import Closure, Term
from attendance_desk.services.calling import calls as calling
from attendance_desk.services.calling import settings as calling_settings
from attendance_desk.services.calling import visits as calling_visits
from attendance_desk.services.calling.escalation import run_escalation
from attendance_desk.store.engine import Store
from attendance_desk.store.models import FollowUpTask
from tests.helpers.accounts import admin
from tests.helpers.calling_seed import add_contact, add_marks, add_pupil, add_staff, present, weekdays

AUTUMN = [
    Term("Autumn 1", date(2026, 9, 3), date(2026, 10, 23)),
    Term("Autumn 2", date(2026, 11, 2), date(2026, 12, 18)),
]


@pytest.fixture
def school(store: Store) -> dict[str, int]:
    calling_settings.save_term_year(store, admin(store), 2026, AUTUMN, [Closure(date(2026, 11, 2), "Training day")])
    return {
        "office": add_staff(store, "Pat Office", "office"),
        "lead": add_staff(store, "Lee Lead", "attendance_lead"),
        "dsl": add_staff(store, "Dee Safe", "dsl"),
    }


def _tasks(store: Store) -> list[tuple[str, date, int | None]]:
    with store.session() as session:
        return [
            (t.source.split(":")[1], t.due_on, t.owner_id)
            for t in session.scalars(select(FollowUpTask).order_by(FollowUpTask.due_on, FollowUpTask.id))
        ]


def test_an_escalation_step_creates_the_right_task_on_the_right_school_day(store: Store, school) -> None:  # type: ignore[no-untyped-def]
    pupil = add_pupil(store, 1, "Ella", "Evans")
    add_contact(store, pupil, "Ruth", "Evans")
    # Present until Wednesday 21 October, away without a reason from Thursday 22nd (half term follows,
    # then a training day on Monday 2 November).
    add_marks(store, [pupil], weekdays(date(2026, 10, 12), date(2026, 10, 21)), present)
    absent = [date(2026, 10, 22), date(2026, 10, 23), date(2026, 11, 3), date(2026, 11, 4)]
    add_marks(store, [pupil], absent, lambda *_: "N")

    first = run_escalation(store, school["office"], date(2026, 10, 22))
    assert [c.step_key for c in first.created] == ["day1_letter"]
    assert first.created[0].due_on == date(2026, 10, 22) and first.created[0].owner_name == "Pat Office"
    assert run_escalation(store, school["office"], date(2026, 10, 22)).created == ()  # once only

    run_escalation(store, school["office"], date(2026, 10, 23))
    third = run_escalation(store, school["office"], date(2026, 11, 3))
    # Thursday, Friday, (half term, training day), Tuesday: the third school day of absence is 3 November.
    assert [(c.step_key, c.due_on) for c in third.created] == [("day3_letter", date(2026, 11, 3))]
    assert _tasks(store) == [
        ("day1_letter", date(2026, 10, 22), school["office"]),
        ("day3_letter", date(2026, 11, 3), school["office"]),
    ]


def test_reaching_the_family_stops_the_letter_and_the_social_worker_is_told(store: Store, school) -> None:  # type: ignore[no-untyped-def]
    reached = add_pupil(store, 2, "Finn", "Fisher")
    watched = add_pupil(store, 3, "Gia", "Green", social_worker_name="A. Worker")
    mum = add_contact(store, reached, "Kay", "Fisher")
    add_marks(store, [reached, watched], [date(2026, 9, 14)], lambda *_: "N")
    calling.log_attempt(
        store,
        school["office"],
        pupil_id=reached,
        contact_id=mum,
        outcome="answered",
        absence_date=date(2026, 9, 14),
        at=datetime(2026, 9, 14, 9, 5, tzinfo=UTC),
    )
    run = run_escalation(store, school["office"], date(2026, 9, 14))
    created = {(c.pupil_id, c.step_key): c for c in run.created}
    assert (reached, "day1_letter") not in created
    assert (watched, "day1_letter") in created
    assert created[(watched, "social_worker")].owner_name == "Dee Safe"


def test_ten_days_unauthorised_and_a_safe_and_well_check(store: Store, school) -> None:  # type: ignore[no-untyped-def]
    pupil = add_pupil(store, 4, "Hal", "Hughes")
    days = weekdays(date(2026, 9, 7), date(2026, 9, 18))
    add_marks(store, [pupil], days, lambda _p, d, _s: "O" if d.weekday() == 0 else "N")
    run = run_escalation(store, school["lead"], date(2026, 9, 18))
    keys = {c.step_key: c for c in run.created}
    assert keys["cme_referral"].due_on == date(2026, 9, 18)
    # Monday 14th is coded O (a known, unauthorised reason), which ends the *unexplained* run: it restarts on
    # Tuesday 15th, only four school days ago, so no safe and well check is due yet.
    assert "safe_and_well" not in keys and keys["day3_letter"].due_on == date(2026, 9, 17)
    assert keys["n_decision"].due_on == date(2026, 9, 15)  # five school days after the first N (8 September)
    calling_visits.record_visit(
        store,
        school["lead"],
        calling_visits.VisitInput(
            pupil_id=pupil, visited_at=datetime(2026, 9, 18, 14, 0, tzinfo=UTC), outcome="seen_safe", child_seen=True
        ),
    )
    assert calling_visits.visits_for(store, pupil)[0].outcome_label == "Child seen and safe"


def test_safe_and_well_task_appears_before_day_ten(store: Store, school) -> None:  # type: ignore[no-untyped-def]
    pupil = add_pupil(store, 5, "Isla", "Iqbal")
    add_marks(store, [pupil], weekdays(date(2026, 9, 7), date(2026, 9, 16)), lambda *_: "N")
    run = run_escalation(store, school["lead"], date(2026, 9, 16))
    safe = next(c for c in run.created if c.step_key == "safe_and_well")
    assert safe.due_on == date(2026, 9, 18) and safe.owner_name == "Lee Lead"


def test_the_school_can_change_the_days_of_a_step(store: Store, school) -> None:  # type: ignore[no-untyped-def]
    steps = [with_changes(s, days=2) if s.key == "day3_letter" else s for s in DEFAULT_STEPS]
    calling_settings.save_steps(store, school["lead"], steps)
    pupil = add_pupil(store, 6, "Jack", "Jones")
    add_marks(store, [pupil], [date(2026, 9, 14), date(2026, 9, 15)], lambda *_: "N")
    run = run_escalation(store, school["office"], date(2026, 9, 15))
    assert ("day3_letter", date(2026, 9, 15)) in {(c.step_key, c.due_on) for c in run.created}
