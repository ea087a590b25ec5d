"""Concerns for the designated safeguarding lead, raised from a call, a visit or a report, and the DSL list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from attendance_desk.domain.access import Permission
from attendance_desk.services.access import require
from attendance_desk.services.calling.common import display_name
from attendance_desk.store.audit import record_change, snapshot
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Pupil, Staff, utc_now
from attendance_desk.store.models.calling import SafeguardingConcern

CONCERN_SOURCES = ("call", "visit", "report", "manual")


@dataclass(frozen=True, slots=True)
class ConcernRecord:
    id: int
    pupil_id: int
    upn: str
    pupil_name: str
    note: str
    source: str
    raised_at: datetime
    raised_by: str
    reviewed_at: datetime | None
    reviewed_by: str
    review_note: str
    call_attempt_id: int | None
    home_visit_id: int | None

    @property
    def is_open(self) -> bool:
        return self.reviewed_at is None


def add_concern(
    session: Session,
    actor_id: int | None,
    pupil_id: int,
    note: str,
    *,
    source: str = "call",
    call_attempt_id: int | None = None,
    home_visit_id: int | None = None,
) -> SafeguardingConcern:
    """Add a concern in the caller's transaction (so a call and its concern are saved together)."""
    if not note.strip():
        raise ValueError("write what worried you: a concern needs a note for the safeguarding lead")
    if source not in CONCERN_SOURCES:
        raise ValueError(f"unknown concern source '{source}'")
    concern = SafeguardingConcern(
        pupil_id=pupil_id,
        note=note.strip(),
        source=source,
        call_attempt_id=call_attempt_id,
        home_visit_id=home_visit_id,
        raised_by=actor_id,
        raised_at=utc_now(),
    )
    session.add(concern)
    session.flush()
    record_change(
        session,
        actor_id=actor_id,
        action="create",
        entity="safeguarding_concerns",
        entity_id=concern.id,
        after={"pupil_id": pupil_id, "source": source},
    )
    return concern


def _records(session: Session, query: Select[SafeguardingConcern]) -> list[ConcernRecord]:
    raiser, reviewer = aliased(Staff), aliased(Staff)
    # add_columns() loses the column types, so the row shape is written out here.
    rows: Sequence[tuple[SafeguardingConcern, str, str, str, str, str, str | None, str | None]] = session.execute(
        query.add_columns(
            Pupil.upn,
            Pupil.preferred_forename,
            Pupil.legal_forename,
            Pupil.preferred_surname,
            Pupil.legal_surname,
            raiser.name,
            reviewer.name,
        )
        .join(Pupil, Pupil.id == SafeguardingConcern.pupil_id)
        .outerjoin(raiser, raiser.id == SafeguardingConcern.raised_by)
        .outerjoin(reviewer, reviewer.id == SafeguardingConcern.reviewed_by)
    ).all()
    return [
        ConcernRecord(
            c.id,
            c.pupil_id,
            upn,
            display_name(pf, lf, ps, ls),
            c.note,
            c.source,
            c.raised_at,
            raised or "",
            c.reviewed_at,
            reviewed or "",
            c.review_note,
            c.call_attempt_id,
            c.home_visit_id,
        )
        for c, upn, pf, lf, ps, ls, raised, reviewed in rows
    ]


def dsl_list(store: Store, actor_id: int | None, *, include_reviewed: bool = False) -> list[ConcernRecord]:
    """Concerns for the safeguarding lead, oldest open first (reviewed ones after, newest first, when asked)."""
    require(store, actor_id, Permission.SAFEGUARDING)
    with store.session() as session:
        query = select(SafeguardingConcern)
        if not include_reviewed:
            query = query.where(SafeguardingConcern.reviewed_at.is_(None))
        records = _records(session, query)
    records.sort(key=lambda r: (not r.is_open, r.raised_at if r.is_open else -r.raised_at.timestamp()))
    return records


def review_concern(store: Store, actor_id: int | None, concern_id: int, note: str) -> None:
    """The safeguarding lead records what was done; the concern leaves the open list and keeps its history."""
    require(store, actor_id, Permission.SAFEGUARDING)
    if not note.strip():
        raise ValueError("record what was decided or done before closing the concern")
    with store.transaction() as session:
        concern = session.get(SafeguardingConcern, concern_id)
        if concern is None:
            raise LookupError(f"concern {concern_id} no longer exists")
        if concern.reviewed_at is not None:
            raise ValueError("this concern has already been reviewed")
        before = snapshot(concern, ("reviewed_at", "reviewed_by", "review_note"))
        concern.reviewed_at, concern.reviewed_by, concern.review_note = utc_now(), actor_id, note.strip()
        record_change(
            session,
            actor_id=actor_id,
            action="update",
            entity="safeguarding_concerns",
            entity_id=concern_id,
            before=before,
            after=snapshot(concern, ("reviewed_at", "reviewed_by", "review_note")),
        )
