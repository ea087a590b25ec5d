"""Undo by withdrawal: a call, visit or stage change recorded by mistake is kept, marked withdrawn with who, when
and why, and no longer counts."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from attendance_desk.domain.calling.rules import CallOutcome
from attendance_desk.services import staff as staff_service
from attendance_desk.services.calling import calls as calling
from attendance_desk.services.calling.visits import VisitInput, record_visit
from attendance_desk.services.calling.worklist import build_worklist
from attendance_desk.services.casework import stages as casework_stages
from attendance_desk.services.chronology import pupil_chronology
from attendance_desk.services.withdrawals import WithdrawalError, withdraw, withdrawable_for
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AuditEntry, CallAttempt, CaseStageChange, HomeVisit, Withdrawal
from tests.helpers import calling_seed as seed
from tests.helpers.accounts import everyone

DAY = date(2026, 9, 16)


@pytest.fixture
def absent(store: Store) -> dict[str, int]:
    lead = staff_service.add_staff(store, None, name="Lee Lead", role="attendance_lead")
    pupil = seed.add_pupil(store, 1, "Ben", "Birch")
    mum = seed.add_contact(store, pupil, "Bea", "Birch", mobile="07700 900201")
    seed.add_marks(store, [pupil], [DAY], lambda *_: "N")
    return {"lead": lead.id, "pupil": pupil, "mum": mum}


def _answered(store: Store, ids: dict[str, int]) -> int:
    return calling.log_attempt(
        store,
        ids["lead"],
        pupil_id=ids["pupil"],
        contact_id=ids["mum"],
        outcome=CallOutcome.ANSWERED,
        absence_date=DAY,
        session="AM",
        phone_number="07700 900201",
    ).id


def test_a_call_logged_by_mistake_is_withdrawn_not_deleted(store: Store, absent: dict[str, int]) -> None:
    call = _answered(store, absent)
    assert build_worklist(store, everyone(store), DAY, "AM").entries[0].contacted_today
    with pytest.raises(WithdrawalError, match="say why"):
        withdraw(store, absent["lead"], "call_attempts", call, "  ")
    withdraw(store, absent["lead"], "call_attempts", call, "Logged against the wrong pupil")
    with store.session() as session:
        assert session.get(CallAttempt, call) is not None, "the call itself is kept as it was"
        row = session.scalars(select(Withdrawal)).one()
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "withdraw")).one()
    assert (row.entity, row.entity_id, row.withdrawn_by) == ("call_attempts", call, absent["lead"])
    assert row.reason == "Logged against the wrong pupil" and row.withdrawn_at is not None
    assert audit.entity == "call_attempts"
    assert not build_worklist(store, everyone(store), DAY, "AM").entries[0].contacted_today, (
        "a withdrawn call reached nobody"
    )
    with pytest.raises(WithdrawalError, match="already been withdrawn"):
        withdraw(store, absent["lead"], "call_attempts", call, "again")
    listed = withdrawable_for(store, absent["pupil"])
    assert [(w.what, w.withdrawn) for w in listed] == [("Call", True)]
    [entry] = [
        e for e in pupil_chronology(store, everyone(store), absent["pupil"]) if e.source == f"call_attempts:{call}"
    ]
    assert "withdrawn" in entry.tags  # still in the chronology, saying it was withdrawn, by whom and why
    assert entry.detail.endswith("Logged against the wrong pupil") and "Withdrawn " in entry.detail


def test_a_visit_and_a_stage_change_can_be_withdrawn(store: Store, absent: dict[str, int]) -> None:
    visit = record_visit(
        store,
        absent["lead"],
        VisitInput(absent["pupil"], datetime(2026, 9, 16, 14, 0, tzinfo=ZoneInfo("Europe/London")), "seen_safe", True),
    )
    stages = casework_stages.load_stages(store)
    change = casework_stages.change_stage(store, absent["lead"], absent["pupil"], stages[1].key, DAY, "Meeting held")
    with store.session() as session:
        change_id = session.scalars(select(CaseStageChange.id)).one()
    assert change and casework_stages.pupil_header(store, absent["pupil"], DAY).stage_key == stages[1].key
    withdraw(store, absent["lead"], "case_stage_changes", change_id, "Wrong pupil chosen")
    assert casework_stages.pupil_header(store, absent["pupil"], DAY).stage_key == stages[0].key, "back where it was"
    withdraw(store, absent["lead"], "home_visits", visit.id, "Visit was to the neighbour")
    assert stages[1].name not in [e.formal_stage for e in build_worklist(store, everyone(store), DAY, "AM").entries]
    with store.session() as session:
        assert session.get(HomeVisit, visit.id) is not None
        assert session.get(CaseStageChange, change_id) is not None
    assert {w.what for w in withdrawable_for(store, absent["pupil"]) if w.withdrawn} == {"Home visit", "Stage change"}


def test_only_known_records_can_be_withdrawn(store: Store, absent: dict[str, int]) -> None:
    with pytest.raises(WithdrawalError, match="can be withdrawn"):
        withdraw(store, absent["lead"], "pupils", absent["pupil"], "no")
    with pytest.raises(WithdrawalError, match="no longer exists"):
        withdraw(store, absent["lead"], "call_attempts", 999, "no such call")
