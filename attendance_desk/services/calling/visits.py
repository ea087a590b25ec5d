"""Home visits: safe and well checks and welfare visits. Each writes a ``communications`` row (home_visit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from attendance_desk.domain.access import Permission
from attendance_desk.services.access import require
from attendance_desk.services.calling.concerns import add_concern
from attendance_desk.services.evidence import log_communication
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Pupil, Staff, utc_now
from attendance_desk.store.models.calling import HomeVisit

VISIT_OUTCOMES: dict[str, str] = {
    "seen_safe": "Child seen and safe",
    "seen_with_concerns": "Child seen; concerns noted",
    "family_not_child": "Family seen, child not seen",
    "no_answer": "No answer at the door",
    "appears_moved": "Family appears to have moved",
    "other": "Other",
}


CHILD_SEEN_OUTCOMES = frozenset({"seen_safe", "seen_with_concerns"})


@dataclass(frozen=True, slots=True)
class VisitInput:
    pupil_id: int
    visited_at: datetime  # timezone-aware
    outcome: str
    child_seen: bool
    people_seen: str = ""
    accompanied_by: str = ""
    notes: str = ""
    concerns: str = ""  # anything here also goes to the safeguarding lead's list
    staff_id: int | None = None  # who visited; the person recording it when None


@dataclass(frozen=True, slots=True)
class VisitRecord:
    id: int
    pupil_id: int
    visited_at: datetime
    staff_name: str
    accompanied_by: str
    people_seen: str
    child_seen: bool
    outcome: str
    outcome_label: str
    notes: str
    concerns: str


def record_visit(store: Store, actor_id: int | None, data: VisitInput) -> VisitRecord:
    require(store, actor_id, Permission.CALL)
    if data.outcome not in VISIT_OUTCOMES:
        raise ValueError(f"unknown visit outcome '{data.outcome}'")
    if data.visited_at.tzinfo is None:
        raise ValueError("the visit time must carry its time zone")
    if data.visited_at > utc_now():
        raise ValueError("a visit cannot be recorded before it has happened: check the date and time")
    if data.child_seen and data.outcome in ("no_answer", "appears_moved", "family_not_child"):
        raise ValueError(f"the outcome '{VISIT_OUTCOMES[data.outcome]}' contradicts 'child seen'")
    if not data.child_seen and data.outcome in CHILD_SEEN_OUTCOMES:  # never "child seen and safe (child not seen)"
        raise ValueError(f"the outcome '{VISIT_OUTCOMES[data.outcome]}' says the child was seen: tick 'child seen'")
    staff_id = data.staff_id if data.staff_id is not None else actor_id
    with store.transaction() as session:
        if session.get(Pupil, data.pupil_id) is None:
            raise LookupError(f"pupil {data.pupil_id} is not in the store")
        seen = "child seen" if data.child_seen else "child not seen"
        communication = log_communication(
            session,
            pupil_id=data.pupil_id,
            at=data.visited_at,
            method="home_visit",
            direction="out",
            outcome=VISIT_OUTCOMES[data.outcome],
            summary=f"Home visit: {VISIT_OUTCOMES[data.outcome]} ({seen})",
            actor_id=staff_id,
        )
        visit = HomeVisit(
            communication_id=communication.id,
            pupil_id=data.pupil_id,
            visited_at=data.visited_at,
            staff_id=staff_id,
            accompanied_by=data.accompanied_by.strip(),
            people_seen=data.people_seen.strip(),
            child_seen=data.child_seen,
            outcome=data.outcome,
            notes=data.notes.strip(),
            concerns=data.concerns.strip(),
            recorded_by=actor_id,
        )
        session.add(visit)
        session.flush()
        record_change(
            session,
            actor_id=actor_id,
            action="create",
            entity="home_visits",
            entity_id=visit.id,
            after={"pupil_id": data.pupil_id, "outcome": data.outcome, "child_seen": data.child_seen},
        )
        if data.concerns.strip():
            add_concern(session, actor_id, data.pupil_id, data.concerns, source="visit", home_visit_id=visit.id)
        visit_id = visit.id
    return next(v for v in visits_for(store, data.pupil_id) if v.id == visit_id)


def visits_for(store: Store, pupil_id: int) -> list[VisitRecord]:
    with store.session() as session:
        rows = session.execute(
            select(HomeVisit, Staff.name)
            .outerjoin(Staff, Staff.id == HomeVisit.staff_id)
            .where(HomeVisit.pupil_id == pupil_id)
            .order_by(HomeVisit.visited_at)
        )
        return [
            VisitRecord(
                v.id,
                v.pupil_id,
                v.visited_at,
                name or "",
                v.accompanied_by,
                v.people_seen,
                v.child_seen,
                v.outcome,
                VISIT_OUTCOMES.get(v.outcome, v.outcome),
                v.notes,
                v.concerns,
            )
            for v, name in rows
        ]
