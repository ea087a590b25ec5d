"""The Follow-ups list: overdue, due today, coming up and done (with who and when), for tasks of every kind."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert

from attendance_desk.services.calling import followups
from attendance_desk.store.engine import Store
from attendance_desk.store.models import FollowUpTask
from tests.helpers.accounts import everyone
from tests.helpers.calling_seed import add_pupil, add_staff

TODAY = date(2026, 9, 16)


def test_tasks_are_sorted_into_overdue_today_upcoming_and_done(store: Store) -> None:
    office, lead = add_staff(store, "Pat Office"), add_staff(store, "Lee Lead", "attendance_lead")
    pupil = add_pupil(store, 1, "Noah", "Nowak")
    late = followups.add_task(
        store, office, title="Second letter", due_on=date(2026, 9, 14), pupil_id=pupil, owner_id=office
    )
    now = followups.add_task(store, office, title="Ring again", due_on=TODAY, pupil_id=pupil, owner_id=office)
    soon = followups.add_task(store, office, title="Review", due_on=date(2026, 9, 21), owner_id=lead)
    followups.add_task(store, office, title="Far off", due_on=date(2026, 12, 1))
    # Another feature's task (the casework review) is listed beside ours.
    with store.engine.begin() as connection:
        connection.execute(
            insert(FollowUpTask).values(
                pupil_id=pupil,
                kind="contract_review",
                title="Contract review",
                due_on=TODAY,
                owner_id=lead,
                source="casework:contract:1",
            )
        )
    view = followups.follow_ups(store, everyone(store), TODAY)
    assert [t.id for t in view.overdue] == [late]
    assert [t.title for t in view.due_today] == ["Ring again", "Contract review"]
    assert view.due_today[1].kind_label == "Contract review" and view.due_today[0].pupil_name == "Noah Nowak"
    assert [t.id for t in view.upcoming] == [soon]

    followups.complete_task(store, lead, now, "Mum answered; back tomorrow")
    with pytest.raises(ValueError, match="already done"):
        followups.complete_task(store, lead, now)
    view = followups.follow_ups(store, everyone(store), TODAY)
    assert [t.title for t in view.due_today] == ["Contract review"]
    [done] = view.done_recently
    assert (done.id, done.done_by_name, done.done_note) == (now, "Lee Lead", "Mum answered; back tomorrow")
    assert done.done_at is not None

    mine = followups.follow_ups(store, everyone(store), TODAY, owner_id=lead)
    assert [t.title for t in mine.due_today] == ["Contract review"] and mine.overdue == []

    followups.reopen_task(store, office, now, "Did not come back")
    assert "Ring again" in [t.title for t in followups.follow_ups(store, everyone(store), TODAY).due_today]
    followups.reassign_task(store, office, late, lead, date(2026, 9, 17))
    assert [
        (t.owner_name, t.due_on) for t in followups.tasks_for_pupil(store, everyone(store), pupil) if t.id == late
    ] == [("Lee Lead", date(2026, 9, 17))]


def test_a_task_needs_a_title(store: Store) -> None:
    with pytest.raises(ValueError, match="title"):
        followups.add_task(store, add_staff(store, "Pat Office", "office"), title="  ", due_on=TODAY)
