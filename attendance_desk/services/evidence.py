"""The one writer of evidence: every row of ``communications`` and ``follow_up_tasks`` is made here.

A call, a reported absence, a home visit, a letter or a casework meeting each leaves one communication (the MIS
communication log and the backbone of the chronology); escalation, casework and the Follow-ups screen leave dated
tasks. Features call these inside their own transaction and then add their own detail row pointing at the result,
so the add → flush → id order and the audit of a task are written once.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from attendance_desk.store.audit import record_change, snapshot
from attendance_desk.store.models import Communication, FollowUpTask

_AUDITED_TASK_FIELDS = ("pupil_id", "kind", "title", "due_on", "owner_id")


def log_communication(
    session: Session,
    *,
    pupil_id: int,
    method: str,
    summary: str,
    actor_id: int | None,
    contact_id: int | None = None,
    at: datetime | None = None,
    direction: str = "out",
    outcome: str = "",
) -> Communication:
    """One row of the communication log, flushed so a feature's detail row can point at its id.

    ``at`` is when it happened (now when left out); ``direction`` is ``out`` (we contacted them) or ``in``."""
    row = Communication(
        pupil_id=pupil_id,
        contact_id=contact_id,
        method=method,
        direction=direction,
        outcome=outcome,
        summary=summary,
        staff_id=actor_id,
    )
    if at is not None:  # else the column's default: the time of writing
        row.at = at
    session.add(row)
    session.flush()
    return row


def add_follow_up_task(
    session: Session,
    *,
    kind: str,
    title: str,
    due_on: date,
    actor_id: int | None,
    source: str,
    pupil_id: int | None = None,
    owner_id: int | None = None,
    detail: str = "",
    audited: bool = False,
) -> FollowUpTask:
    """One dated task on the Follow-ups list, flushed. ``audited``: also record its creation in the audit log
    (a task someone typed in; generated tasks are audited once per run by their maker)."""
    row = FollowUpTask(
        pupil_id=pupil_id,
        kind=kind,
        title=title,
        detail=detail,
        due_on=due_on,
        owner_id=owner_id,
        created_by=actor_id,
        source=source,
    )
    session.add(row)
    session.flush()
    if audited:
        record_change(
            session,
            actor_id=actor_id,
            action="create",
            entity="follow_up_tasks",
            entity_id=row.id,
            after=snapshot(row, _AUDITED_TASK_FIELDS),
        )
    return row
