"""Follow-up tasks of every kind (escalation steps, call-backs, reviews, payment dates): what is overdue, what is
due today, what is coming, and who did what when."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, aliased

from attendance_desk.domain.access import Permission
from attendance_desk.domain.london import london_day_bounds
from attendance_desk.services.access import require
from attendance_desk.services.calling.common import display_name
from attendance_desk.services.evidence import add_follow_up_task
from attendance_desk.store.audit import record_change, snapshot
from attendance_desk.store.engine import Store
from attendance_desk.store.models import FollowUpTask, Pupil, Staff, utc_now

KIND_LABELS: dict[str, str] = {
    "escalation_no_contact": "Escalation",
    "escalation_unexplained_days": "Escalation",
    "escalation_safe_and_well": "Safe and well",
    "escalation_unauthorised_run": "Missing education",
    "escalation_social_worker": "Social worker",
    "escalation_n_unresolved": "Code decision",
    "callback": "Call back",
    "manual": "Task",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


@dataclass(frozen=True, slots=True)
class TaskView:
    id: int
    pupil_id: int | None
    upn: str
    pupil_name: str
    kind: str
    kind_label: str
    title: str
    detail: str
    due_on: date
    owner_id: int | None
    owner_name: str
    source: str
    done_at: datetime | None
    done_by_name: str
    done_note: str

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True, slots=True)
class FollowUps:
    on: date
    overdue: list[TaskView]
    due_today: list[TaskView]
    upcoming: list[TaskView]
    done_recently: list[TaskView]
    later: list[TaskView] = field(default_factory=list)
    """Open tasks due after the next fortnight: listed so that no open task is ever out of sight."""

    @property
    def open_tasks(self) -> list[TaskView]:
        """Every open task in the order the page lists them."""
        return [*self.overdue, *self.due_today, *self.upcoming, *self.later]


def _views(store: Store, *conditions: ColumnElement[bool]) -> list[TaskView]:
    owner, doer = aliased(Staff), aliased(Staff)
    query = (
        select(
            FollowUpTask,
            Pupil.upn,
            Pupil.preferred_forename,
            Pupil.legal_forename,
            Pupil.preferred_surname,
            Pupil.legal_surname,
            owner.name,
            doer.name,
        )
        .outerjoin(Pupil, Pupil.id == FollowUpTask.pupil_id)
        .outerjoin(owner, owner.id == FollowUpTask.owner_id)
        .outerjoin(doer, doer.id == FollowUpTask.done_by)
        .where(*conditions)
        .order_by(FollowUpTask.due_on, FollowUpTask.id)
    )
    with store.session() as session:
        return [
            TaskView(
                t.id,
                t.pupil_id,
                upn or "",
                display_name(pf, lf, ps, ls) if upn else "",
                t.kind,
                kind_label(t.kind),
                t.title,
                t.detail,
                t.due_on,
                t.owner_id,
                owner_name or "",
                t.source,
                t.done_at,
                doer_name or "",
                t.done_note,
            )
            for t, upn, pf, lf, ps, ls, owner_name, doer_name in session.execute(query)
        ]


def follow_ups(
    store: Store,
    actor_id: int | None,
    on: date,
    *,
    owner_id: int | None = None,
    upcoming_days: int = 14,
    done_days: int = 7,
) -> FollowUps:
    """Every open task: overdue, due on ``on``, due in the next ``upcoming_days`` and later; and the recently done."""
    require(store, actor_id, Permission.READ_PUPILS)
    conditions = [] if owner_id is None else [or_(FollowUpTask.owner_id == owner_id, FollowUpTask.owner_id.is_(None))]
    open_tasks = _views(store, FollowUpTask.done_at.is_(None), *conditions)
    horizon = on + timedelta(upcoming_days)
    since = london_day_bounds(on - timedelta(days=done_days))[0]
    done = _views(store, FollowUpTask.done_at.is_not(None), FollowUpTask.done_at >= since, *conditions)
    done.sort(key=lambda t: t.done_at or since, reverse=True)
    return FollowUps(
        on,
        [t for t in open_tasks if t.due_on < on],
        [t for t in open_tasks if t.due_on == on],
        [t for t in open_tasks if on < t.due_on <= horizon],
        done,
        [t for t in open_tasks if t.due_on > horizon],
    )


def tasks_for_pupil(store: Store, actor_id: int | None, pupil_id: int) -> list[TaskView]:
    require(store, actor_id, Permission.READ_PUPILS)
    return _views(store, FollowUpTask.pupil_id == pupil_id)


def add_task(
    store: Store,
    actor_id: int | None,
    *,
    title: str,
    due_on: date,
    pupil_id: int | None = None,
    owner_id: int | None = None,
    detail: str = "",
    kind: str = "manual",
) -> int:
    require(store, actor_id, Permission.CALL)
    if not title.strip():
        raise ValueError("a task needs a title")
    with store.transaction() as session:
        task = add_follow_up_task(
            session,
            pupil_id=pupil_id,
            kind=kind,
            title=title.strip(),
            detail=detail.strip(),
            due_on=due_on,
            owner_id=owner_id,
            actor_id=actor_id,
            source="manual",
            audited=True,
        )
        return task.id


def complete_task(store: Store, actor_id: int | None, task_id: int, note: str = "") -> None:
    """Mark a task done, keeping who and when."""
    require(store, actor_id, Permission.CALL)
    with store.transaction() as session:
        task = session.get(FollowUpTask, task_id)
        if task is None:
            raise LookupError(f"task {task_id} no longer exists")
        if task.done_at is not None:
            raise ValueError("this task is already done")
        _mark_done(session, task, actor_id, note)


def _mark_done(session: Session, task: FollowUpTask, actor_id: int | None, note: str) -> None:
    """Done now, by ``actor_id``, with ``note``; the change goes to the audit log."""
    before = snapshot(task, ("done_at", "done_by", "done_note"))
    task.done_at, task.done_by, task.done_note = utc_now(), actor_id, note.strip()
    record_change(
        session,
        actor_id=actor_id,
        action="complete",
        entity="follow_up_tasks",
        entity_id=task.id,
        before=before,
        after=snapshot(task, ("done_at", "done_by", "done_note")),
    )


def complete_tasks(store: Store, actor_id: int | None, task_ids: list[int], note: str = "") -> int:
    """Mark several tasks done at once, in one transaction, each with the same note. Tasks already done are left
    as they are (someone else finished them meanwhile). Returns how many were marked done now."""
    require(store, actor_id, Permission.CALL)  # as for one task: the bulk path is no way round the check
    done = 0
    with store.transaction() as session:
        for task_id in task_ids:
            task = session.get(FollowUpTask, task_id)
            if task is None or task.done_at is not None:
                continue
            _mark_done(session, task, actor_id, note)
            done += 1
    return done


def reopen_task(store: Store, actor_id: int | None, task_id: int, reason: str) -> None:
    require(store, actor_id, Permission.CALL)
    if not reason.strip():
        raise ValueError("say why the task is being reopened")
    with store.transaction() as session:
        task = session.get(FollowUpTask, task_id)
        if task is None:
            raise LookupError(f"task {task_id} no longer exists")
        before = snapshot(task, ("done_at", "done_by", "done_note"))
        task.done_at, task.done_by, task.done_note = None, None, ""
        record_change(
            session,
            actor_id=actor_id,
            action="reopen",
            entity="follow_up_tasks",
            entity_id=task_id,
            before=before,
            after=snapshot(task, ("done_at", "done_by", "done_note")),
            reason=reason.strip(),
        )


def reassign_task(
    store: Store, actor_id: int | None, task_id: int, owner_id: int | None, due_on: date | None = None
) -> None:
    require(store, actor_id, Permission.CALL)
    with store.transaction() as session:
        task = session.get(FollowUpTask, task_id)
        if task is None:
            raise LookupError(f"task {task_id} no longer exists")
        before = snapshot(task, ("owner_id", "due_on"))
        task.owner_id = owner_id
        if due_on is not None:
            task.due_on = due_on
        record_change(
            session,
            actor_id=actor_id,
            action="update",
            entity="follow_up_tasks",
            entity_id=task_id,
            before=before,
            after=snapshot(task, ("owner_id", "due_on")),
        )
