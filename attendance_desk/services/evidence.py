"""The one writer of evidence: every row of ``communications`` and ``follow_up_tasks`` is made here.

A call, a reported absence, a home visit, a letter or a casework meeting each leaves one communication (the MIS
communication log and the backbone of the chronology); escalation, casework and the Follow-ups screen leave dated
tasks. Features call these inside their own transaction and then add their own detail row pointing at the result,
so the add → flush → id order and the audit of a task are written once.

Communications are append-only (the database refuses changes): a correction is a new row whose
``supersedes_id`` points at the row it replaces (:func:`correct_communication`); readers keep the newest version
with :func:`current_communication`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session, aliased

from attendance_desk.store.audit import record_change, snapshot
from attendance_desk.store.models import Communication, FollowUpTask

_AUDITED_TASK_FIELDS = ("pupil_id", "kind", "title", "due_on", "owner_id")
_COPIED_FIELDS = ("pupil_id", "contact_id", "at", "method", "direction", "outcome", "summary", "staff_id")


def current_communication() -> ColumnElement[bool]:
    """A WHERE condition keeping only the newest version of each communication (no later row supersedes it)."""
    newer = aliased(Communication)
    return ~exists().where(newer.supersedes_id == Communication.id)


def newest_version(session: Session, communication_id: int) -> Communication | None:
    """The communication that now stands for ``communication_id`` (itself, or the last correction of it)."""
    row = session.get(Communication, communication_id)
    while row is not None:
        later = session.scalar(select(Communication).where(Communication.supersedes_id == row.id))
        if later is None:
            return row
        row = later
    return None


def correct_communication(session: Session, communication_id: int, **changes: object) -> Communication | None:
    """A new version of a communication with ``changes`` (e.g. ``outcome``), pointing at the version it replaces;
    the earlier row stays as it was. Nothing is written when nothing changes or the row is gone."""
    unknown = set(changes) - set(_COPIED_FIELDS)
    if unknown:
        raise ValueError(f"a communication has no field {sorted(unknown)[0]!r} to correct")
    old = newest_version(session, communication_id)
    if old is None or all(getattr(old, name) == value for name, value in changes.items()):
        return old
    values = {name: getattr(old, name) for name in _COPIED_FIELDS} | changes
    row = Communication(**values, supersedes_id=old.id)
    session.add(row)
    session.flush()
    return row


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
