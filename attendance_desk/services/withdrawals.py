"""Undo by withdrawal: a call, home visit, stage change or notice recorded by mistake is withdrawn with a reason,
never deleted (``store/models/withdrawals.py``).

The record stays exactly as it was; a withdrawal row says who withdrew it, when and why, and the audit log
records the same. Readers that count these records (who was reached today, when a child was last seen, a pupil's
current stage) leave withdrawn ones out through :func:`withdrawn_ids`. Readers that *show* them never drop them:
the chronology marks the record withdrawn and lists the withdrawal itself (:func:`mark_withdrawn_entries`,
:func:`withdrawal_entries`), and the communication-log export says so on the record's row
(:func:`withdrawn_communications`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from attendance_desk.domain.chronology import ChronologyEntry
from attendance_desk.domain.london import LONDON, as_london
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import (
    CallAttempt,
    CaseStageChange,
    Communication,
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


# --- showing withdrawals ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WithdrawalNote:
    """Who withdrew a record, when and why, in words for a screen, a PDF or an export."""

    id: int
    entity: str
    entity_id: int
    what: str
    """"Call", "Home visit"…"""
    reason: str
    by: str
    at: datetime  # Europe/London

    def describe(self) -> str:
        """ "Withdrawn on 27/11/2026 at 14:05 by Sam Pike: recorded against the wrong pupil"."""
        who = f" by {self.by}" if self.by else ""
        return f"Withdrawn on {self.at:%d/%m/%Y} at {self.at:%H:%M}{who}: {self.reason}"


def _notes(session: Session, condition: ColumnElement[bool]) -> list[WithdrawalNote]:
    rows = session.execute(
        select(Withdrawal, Staff.name).outerjoin(Staff, Staff.id == Withdrawal.withdrawn_by).where(condition)
    ).all()
    return [
        WithdrawalNote(
            w.id,
            w.entity,
            w.entity_id,
            KINDS[w.entity][1] if w.entity in KINDS else "Record",
            w.reason,
            name or "",
            as_london(w.withdrawn_at),
        )
        for w, name in rows
    ]


def withdrawals_of_pupil(session: Session, pupil_id: int) -> dict[tuple[str, int], WithdrawalNote]:
    """The pupil's withdrawn records, by (table, id)."""
    return {(n.entity, n.entity_id): n for n in _notes(session, Withdrawal.pupil_id == pupil_id)}


# The records that write a row in ``communications``, and the column that points at it.
_COMMUNICATION_OF: dict[str, tuple[Any, ...]] = {
    "call_attempts": (CallAttempt.id, CallAttempt.communication_id),
    "home_visits": (HomeVisit.id, HomeVisit.communication_id),
    "notices_to_improve": (NoticeToImprove.id, NoticeToImprove.communication_id),
    "penalty_notices": (PenaltyNotice.id, PenaltyNotice.communication_id),
}


def withdrawn_communications(session: Session, communication_ids: Sequence[int]) -> dict[int, WithdrawalNote]:
    """Which of these ``communications`` rows belong to a withdrawn call, visit or notice (by communication id).

    A communication corrected later is a new row superseding the one the record points at, so each row's earlier
    versions are followed back. Withdrawals are few: they are read whole, never as an IN list of every row."""
    by_origin: dict[int, WithdrawalNote] = {}
    for entity, (id_column, communication_column) in _COMMUNICATION_OF.items():
        pairs = session.execute(
            select(id_column, communication_column).join(
                Withdrawal, (Withdrawal.entity == entity) & (Withdrawal.entity_id == id_column)
            )
        ).all()
        if not pairs:
            continue
        notes = {
            n.entity_id: n
            for n in _notes(
                session,
                (Withdrawal.entity == entity) & Withdrawal.entity_id.in_([record_id for record_id, _c in pairs]),
            )
        }
        for record_id, communication_id in pairs:
            if communication_id is not None:
                by_origin[cast(int, communication_id)] = notes[cast(int, record_id)]
    if not by_origin:
        return {}
    out: dict[int, WithdrawalNote] = {}
    for communication_id in communication_ids:
        row = session.get(Communication, communication_id)
        while row is not None:
            if row.id in by_origin:
                out[communication_id] = by_origin[row.id]
                break
            row = session.get(Communication, row.supersedes_id) if row.supersedes_id is not None else None
    return out


def mark_withdrawn_entries(
    entries: Iterable[ChronologyEntry], notes: dict[tuple[str, int], WithdrawalNote]
) -> list[ChronologyEntry]:
    """The chronology with every withdrawn record marked: its title says so, its detail ends with who withdrew it,
    when and why, and it carries the tag ``withdrawn``. Nothing is dropped."""
    out: list[ChronologyEntry] = []
    for entry in entries:
        table, _, raw_id = entry.source.partition(":")
        note = notes.get((table, int(raw_id))) if raw_id.isdigit() else None
        if note is None or entry.kind == "withdrawal":
            out.append(entry)
            continue
        detail = "\n".join(part for part in (entry.detail, note.describe()) if part)
        out.append(replace(entry, title=f"{entry.title} (withdrawn)", detail=detail, tags=(*entry.tags, "withdrawn")))
    return out


def withdrawal_entries(
    session: Session, pupil_id: int, start: date | None, end: date | None
) -> Iterator[ChronologyEntry]:
    """Chronology provider: each withdrawal on the day it was made."""
    for note in withdrawals_of_pupil(session, pupil_id).values():
        day = note.at.astimezone(LONDON).date()
        if (start is None or day >= start) and (end is None or day <= end):
            yield ChronologyEntry(
                note.at,
                "withdrawal",
                f"{note.what} withdrawn (recorded by mistake)",
                note.reason,
                note.by,
                f"withdrawals:{note.id}",
                ("withdrawn",),
            )
