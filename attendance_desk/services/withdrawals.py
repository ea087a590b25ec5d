"""Undo by withdrawal: a call, home visit, stage change or notice recorded by mistake is withdrawn with a reason,
never deleted (``store/models/withdrawals.py``).

The record stays exactly as it was; a withdrawal row says who withdrew it, when and why, and the audit log
records the same. Readers that count these records (who was reached today, when a child was last seen, a pupil's
current stage) leave withdrawn ones out through :func:`withdrawn_ids`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import (
    CallAttempt,
    CaseStageChange,
    Contact,
    HomeVisit,
    NoticeToImprove,
    PenaltyNotice,
    Staff,
    Withdrawal,
)
from attendance_desk.store.models.base import Base

# What can be withdrawn, by table name: the model and the words for it on screen.
KINDS: dict[str, tuple[type[Base], str]] = {
    "call_attempts": (CallAttempt, "Call"),
    "home_visits": (HomeVisit, "Home visit"),
    "case_stage_changes": (CaseStageChange, "Stage change"),
    "notices_to_improve": (NoticeToImprove, "Notice to improve"),
    "penalty_notices": (PenaltyNotice, "Penalty notice"),
}


class WithdrawalError(ValueError):
    """A withdrawal that cannot be made; the message says why, in words for the office."""


@dataclass(frozen=True, slots=True)
class Withdrawable:
    entity: str
    entity_id: int
    what: str
    """"Call", "Home visit", "Stage change"…"""
    when: datetime | date
    summary: str
    withdrawn: bool


def not_withdrawn(entity: str, id_column: Any) -> ColumnElement[bool]:
    """A WHERE condition keeping only ``entity`` rows (by ``id_column``) that have not been withdrawn."""
    return ~exists().where(Withdrawal.entity == entity, Withdrawal.entity_id == id_column)


def withdrawn_ids(session: Session, entity: str, ids: Iterable[int] | None = None) -> set[int]:
    """The ids of ``entity`` records that have been withdrawn (among ``ids`` when given)."""
    query = select(Withdrawal.entity_id).where(Withdrawal.entity == entity)
    if ids is not None:
        query = query.where(Withdrawal.entity_id.in_(list(ids)))
    return set(session.scalars(query))


def withdraw(store: Store, actor_id: int | None, entity: str, entity_id: int, reason: str) -> int:
    """Withdraw one record made by mistake, saying why. Returns the withdrawal's id."""
    if entity not in KINDS:
        raise WithdrawalError(f"only {', '.join(label.lower() for _m, label in KINDS.values())} can be withdrawn")
    if not reason.strip():
        raise WithdrawalError("say why the record is being withdrawn (for example: recorded against the wrong pupil)")
    model, label = KINDS[entity]
    with store.transaction() as session:
        record = session.get(model, entity_id)
        if record is None:
            raise WithdrawalError(f"that {label.lower()} no longer exists")
        if entity_id in withdrawn_ids(session, entity, [entity_id]):
            raise WithdrawalError(f"that {label.lower()} has already been withdrawn")
        row = Withdrawal(
            entity=entity,
            entity_id=entity_id,
            pupil_id=record.pupil_id,  # type: ignore[attr-defined]
            reason=reason.strip(),
            withdrawn_by=actor_id,
        )
        session.add(row)
        session.flush()
        record_change(
            session,
            actor_id=actor_id,
            action="withdraw",
            entity=entity,
            entity_id=entity_id,
            after={"withdrawal_id": row.id},
            reason=reason.strip(),
        )
        return row.id


def withdrawable_for(store: Store, pupil_id: int, limit: int = 30) -> list[Withdrawable]:
    """A pupil's calls, visits, stage changes and notices, newest first, each saying whether it is withdrawn."""
    out: list[Withdrawable] = []
    with store.session() as session:
        gone = {
            (w.entity, w.entity_id) for w in session.scalars(select(Withdrawal).where(Withdrawal.pupil_id == pupil_id))
        }
        for attempt, forename, surname, staff in session.execute(
            select(CallAttempt, Contact.forename, Contact.surname, Staff.name)
            .outerjoin(Contact, Contact.id == CallAttempt.contact_id)
            .outerjoin(Staff, Staff.id == CallAttempt.staff_id)
            .where(CallAttempt.pupil_id == pupil_id)
        ):
            who = f"{forename or ''} {surname or ''}".strip() or "a contact"
            outcome = attempt.outcome.replace("_", " ")
            summary = f"to {who}: {outcome}" + (f", by {staff}" if staff else "")
            out.append(_item("call_attempts", attempt.id, "Call", attempt.at, summary, gone))
        for visit in session.scalars(select(HomeVisit).where(HomeVisit.pupil_id == pupil_id)):
            seen = "child seen" if visit.child_seen else "child not seen"
            out.append(_item("home_visits", visit.id, "Home visit", visit.visited_at, seen, gone))
        for change in session.scalars(select(CaseStageChange).where(CaseStageChange.pupil_id == pupil_id)):
            out.append(
                _item(
                    "case_stage_changes", change.id, "Stage change", change.changed_on, f"to {change.stage_name}", gone
                )
            )
        for notice in session.scalars(select(NoticeToImprove).where(NoticeToImprove.pupil_id == pupil_id)):
            out.append(_item("notices_to_improve", notice.id, "Notice to improve", notice.created_at, "", gone))
        for penalty in session.scalars(select(PenaltyNotice).where(PenaltyNotice.pupil_id == pupil_id)):
            summary = f"to {penalty.parent_name}, issued {penalty.issued_on:%d/%m/%Y}"
            out.append(_item("penalty_notices", penalty.id, "Penalty notice", penalty.created_at, summary, gone))
    out.sort(key=lambda w: _sort_key(w.when), reverse=True)
    return out[:limit]


def _item(
    entity: str, entity_id: int, what: str, when: datetime | date, summary: str, gone: set[tuple[str, int]]
) -> Withdrawable:
    return Withdrawable(entity, entity_id, what, when, summary, (entity, entity_id) in gone)


def _sort_key(when: datetime | date) -> str:
    return when.isoformat() if isinstance(when, datetime) else f"{when.isoformat()}T23:59:59"
