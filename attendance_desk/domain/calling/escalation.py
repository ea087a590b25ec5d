"""The escalation ladder for unexplained absence: which follow-up is due, for whom, on which school day.

The defaults come from the practice in the seeds: a letter asking for the reason when the family cannot be
reached on the first day; a second letter after three school days unexplained; a referral to the attendance lead
(and a home visit considered) at five; a safe and well check at least every ten school days while the child is
not seen; a children-missing-education referral after ten school days of continuous unauthorised absence; the
social worker told the same day of any unexplained absence; and a decision on every ``N`` still unresolved
after the school's limit. Schools change the days, owners and wording in Settings.

Everything here is pure: the service gathers :class:`AbsenceFacts` from the store and turns each
:class:`DueTask` into a follow-up task, using ``source_key`` so that running twice never makes a task twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from attendance_desk.domain.term_calendar import PlannedCalendar


class StepKind(StrEnum):
    NO_CONTACT = "no_contact"  # unexplained on day N and nobody in the family reached since it began
    UNEXPLAINED_DAYS = "unexplained_days"  # N school days in a row unexplained
    SAFE_AND_WELL = "safe_and_well"  # the child not seen for N school days during unexplained absence; repeats
    UNAUTHORISED_RUN = "unauthorised_run"  # N school days in a row of only unauthorised marks
    SOCIAL_WORKER = "social_worker"  # a pupil with a social worker is absent unexplained: tell them that day
    N_UNRESOLVED = "n_unresolved"  # an N mark still unresolved N school days after its date


KIND_LABELS: dict[StepKind, str] = {
    StepKind.NO_CONTACT: "No contact with the family by day",
    StepKind.UNEXPLAINED_DAYS: "Unexplained absence reaches day",
    StepKind.SAFE_AND_WELL: "Child not seen for school days (repeats)",
    StepKind.UNAUTHORISED_RUN: "Continuous unauthorised absence reaches day",
    StepKind.SOCIAL_WORKER: "Pupil with a social worker absent unexplained (same day)",
    StepKind.N_UNRESOLVED: "N mark unresolved after school days",
}


@dataclass(frozen=True, slots=True)
class EscalationStep:
    key: str
    kind: StepKind
    label: str
    task_title: str
    days: int = 1
    notice_days: int = 0  # create the task this many school days before it falls due (planning time)
    owner_role: str = "office"
    enabled: bool = True
    detail: str = ""

    def __post_init__(self) -> None:
        if not self.key.strip():
            raise ValueError("an escalation step needs a key")
        if self.days < 1:
            raise ValueError(f"step '{self.label}': the number of school days must be at least 1")
        if not 0 <= self.notice_days < self.days:
            raise ValueError(f"step '{self.label}': notice must be at least 0 and less than the number of days")
        if not self.task_title.strip():
            raise ValueError(f"step '{self.label}': the task needs a title")


DEFAULT_STEPS: tuple[EscalationStep, ...] = (
    EscalationStep(
        "day1_letter",
        StepKind.NO_CONTACT,
        "Day 1: family not reached",
        "Send a letter asking for the reason for absence",
        days=1,
        owner_role="office",
        detail="Nobody answered on the first day of absence. Write to each parent asking why the child is away.",
    ),
    EscalationStep(
        "day3_letter",
        StepKind.UNEXPLAINED_DAYS,
        "Day 3: still unexplained",
        "Send a second letter: absence still unexplained",
        days=3,
        owner_role="office",
        detail="Three school days without a reason. Send the second letter and keep trying to reach the family.",
    ),
    EscalationStep(
        "day5_referral",
        StepKind.UNEXPLAINED_DAYS,
        "Day 5: refer to the attendance lead",
        "Refer to the attendance lead and consider a home visit",
        days=5,
        owner_role="attendance_lead",
        detail="Five school days without a reason. The attendance lead decides on a home visit and on other "
        "services if the family still cannot be reached.",
    ),
    EscalationStep(
        "safe_and_well",
        StepKind.SAFE_AND_WELL,
        "Safe and well check",
        "Safe and well check: see the child",
        days=10,
        notice_days=2,
        owner_role="attendance_lead",
        detail="The child has not been seen during this absence. Someone should see the child, at home or "
        "elsewhere, at least every 10 school days.",
    ),
    EscalationStep(
        "cme_referral",
        StepKind.UNAUTHORISED_RUN,
        "10 school days unauthorised",
        "Children missing education: refer to the local authority",
        days=10,
        owner_role="attendance_lead",
        detail="Ten school days in a row of unauthorised absence. Refer to the local authority's children "
        "missing education team and include the pupil in the continuous absence return.",
    ),
    EscalationStep(
        "social_worker",
        StepKind.SOCIAL_WORKER,
        "Social worker told the same day",
        "Tell the social worker about today's unexplained absence",
        days=1,
        owner_role="dsl",
        detail="The pupil has a social worker, who should hear about any unexplained absence the same day.",
    ),
    EscalationStep(
        "n_decision",
        StepKind.N_UNRESOLVED,
        "N unresolved: decide the code",
        "Decide authorised or unauthorised for unresolved N marks",
        days=5,
        owner_role="attendance_lead",
        detail="An N should not stay on the register for long. Decide whether the absence is authorised or "
        "unauthorised and put the code on the list to key in.",
    ),
)


@dataclass(frozen=True, slots=True)
class AbsenceFacts:
    """What the store knows about one pupil's absence as of ``on`` (the day escalation runs for)."""

    pupil_id: int
    on: date
    unexplained_start: date | None = None  # first school day of the unexplained run that includes ``on``
    contact_made: bool = False  # anyone in the family reached since the run began
    unauthorised_start: date | None = None  # first school day of the all-unauthorised run that includes ``on``
    last_seen: date | None = None  # last day the child was seen (in school, or on a visit)
    has_social_worker: bool = False
    unresolved_n_dates: tuple[date, ...] = ()  # dates with an N nobody has explained


@dataclass(frozen=True, slots=True)
class DueTask:
    pupil_id: int
    step_key: str
    kind: StepKind
    title: str
    detail: str
    due_on: date
    owner_role: str
    source_key: str  # unique per step and episode: "escalation:<step>:<pupil>:<anchor date>"


def _source(step: EscalationStep, pupil_id: int, anchor: date) -> str:
    return f"escalation:{step.key}:{pupil_id}:{anchor.isoformat()}"


def _task(step: EscalationStep, facts: AbsenceFacts, anchor: date, due: date, extra: str = "") -> DueTask:
    detail = f"{step.detail}\n{extra}".strip() if extra else step.detail
    return DueTask(
        facts.pupil_id,
        step.key,
        step.kind,
        step.task_title,
        detail,
        due,
        step.owner_role,
        _source(step, facts.pupil_id, anchor),
    )


def _run_step(step: EscalationStep, facts: AbsenceFacts, calendar: PlannedCalendar) -> DueTask | None:
    """The task ``step`` asks for today, if any. A run counts school days of the planned calendar."""
    start = facts.unauthorised_start if step.kind is StepKind.UNAUTHORISED_RUN else facts.unexplained_start
    if start is None:
        return None
    if step.kind is StepKind.NO_CONTACT and facts.contact_made:
        return None
    days_so_far = calendar.school_days_between(start, facts.on)
    if days_so_far < step.days - step.notice_days:
        return None
    due = calendar.add_school_days(start, step.days - 1)
    return _task(step, facts, start, due, f"Absent without a reason since {start:%d/%m/%Y}.")


def _safe_and_well(step: EscalationStep, facts: AbsenceFacts, calendar: PlannedCalendar) -> DueTask | None:
    if facts.unexplained_start is None:
        return None
    anchor = facts.unexplained_start
    if facts.last_seen is not None and facts.last_seen >= anchor:
        anchor = calendar.add_school_days(facts.last_seen + timedelta(days=1), 0)
        if anchor > facts.on:
            return None
    if calendar.school_days_between(anchor, facts.on) < step.days - step.notice_days:
        return None
    due = calendar.add_school_days(anchor, step.days - 1)
    seen = f"last seen {facts.last_seen:%d/%m/%Y}" if facts.last_seen else "not seen since the absence began"
    return _task(step, facts, anchor, due, f"Absent without a reason since {facts.unexplained_start:%d/%m/%Y}; {seen}.")


def _n_unresolved(step: EscalationStep, facts: AbsenceFacts, calendar: PlannedCalendar) -> DueTask | None:
    overdue = [d for d in facts.unresolved_n_dates if calendar.add_school_days(d, step.days) <= facts.on]
    if not overdue:
        return None
    first = min(overdue)
    dates = ", ".join(f"{d:%d/%m/%Y}" for d in sorted(set(overdue)))
    return _task(step, facts, first, calendar.add_school_days(first, step.days), f"N marks on: {dates}.")


def due_tasks(facts: AbsenceFacts, steps: Iterable[EscalationStep], calendar: PlannedCalendar) -> list[DueTask]:
    """Every task the enabled ``steps`` call for on ``facts.on``. Idempotent by ``source_key``."""
    out: list[DueTask] = []
    for step in steps:
        if not step.enabled:
            continue
        task: DueTask | None
        if step.kind is StepKind.SAFE_AND_WELL:
            task = _safe_and_well(step, facts, calendar)
        elif step.kind is StepKind.N_UNRESOLVED:
            task = _n_unresolved(step, facts, calendar)
        elif step.kind is StepKind.SOCIAL_WORKER:
            task = None
            if facts.has_social_worker and facts.unexplained_start is not None:
                task = _task(step, facts, facts.on, facts.on)
        else:
            task = _run_step(step, facts, calendar)
        if task is not None:
            out.append(task)
    return out


def validate_steps(steps: Sequence[EscalationStep]) -> None:
    """Refuse a ladder the office could not have meant: duplicate keys."""
    seen: set[str] = set()
    for step in steps:
        if step.key in seen:
            raise ValueError(f"two escalation steps share the key '{step.key}'")
        seen.add(step.key)


def with_changes(step: EscalationStep, **changes: object) -> EscalationStep:
    """A copy of ``step`` with ``changes``, validated like a new one."""
    return replace(step, **changes)  # type: ignore[arg-type]


# Steps whose task chases an absence nobody has explained: once it is explained (or the family reached, for
# the "not reached" step) the task has nothing left to do and closes itself, saying why.
_CHASES_UNEXPLAINED = (StepKind.NO_CONTACT, StepKind.UNEXPLAINED_DAYS, StepKind.SAFE_AND_WELL, StepKind.SOCIAL_WORKER)


def parse_source(source: str) -> tuple[str, int, date] | None:
    """(step key, pupil id, anchor date) from an escalation task's source key; None for any other task."""
    parts = source.split(":")
    if len(parts) != 4 or parts[0] != "escalation":
        return None
    try:
        return parts[1], int(parts[2]), date.fromisoformat(parts[3])
    except ValueError:
        return None


def resolution(kind: StepKind, anchor: date, facts: AbsenceFacts | None) -> str | None:
    """Why a task of ``kind`` made for the episode at ``anchor`` is no longer needed, or None while it still is.

    ``facts`` is the pupil's picture on the latest register day; None when they have nothing unexplained at all.
    """
    if kind in _CHASES_UNEXPLAINED:
        if facts is None or facts.unexplained_start is None or facts.unexplained_start > anchor:
            return "the absence it chased has been explained"
        if kind is StepKind.NO_CONTACT and facts.contact_made:
            return "the family has been reached"
    elif kind is StepKind.N_UNRESOLVED and (facts is None or not any(d >= anchor for d in facts.unresolved_n_dates)):
        return "the N marks it chased have been resolved"
    return None
