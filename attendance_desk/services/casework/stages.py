"""Casework: each pupil's stage in the staged process, its history, and the list of pupils to look at.

Stage moves are always a person's decision with a reason; :func:`review_list` only suggests. The plans,
contracts, meetings and notices live in ``plans``, ``contracts`` and ``notices``;
the helpers they share (communication rows, follow-up tasks, dates, the pupil header) are here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.domain.calendar import DateRange, school_year_start, week_start
from attendance_desk.domain.casework.penalties import legal_measures_barred
from attendance_desk.domain.casework.periods import (
    ACADEMIC_MONTH_SCHOOL_WEEKS,
    CaseworkRuleError,
    add_school_weeks,
)
from attendance_desk.domain.casework.stages import (
    DEFAULT_STAGES,
    ReviewRules,
    StageDefinition,
    next_stage,
    review_reasons,
    stage_by_key,
    validate_stages,
)
from attendance_desk.domain.london import london_midday
from attendance_desk.domain.metrics import PupilFigures
from attendance_desk.domain.term_calendar import PlannedCalendar
from attendance_desk.domain.thresholds import Band
from attendance_desk.services.access import require
from attendance_desk.services.evidence import add_follow_up_task, log_communication
from attendance_desk.services.figures import calculator_for, figures_for_pupil, figures_for_school
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import (
    CaseStageChange,
    CaseStageDefinition,
    CaseworkSettings,
    FollowUpTask,
    Pupil,
    Staff,
    utc_now,
)
from attendance_desk.store.withdrawn import not_withdrawn

TASK_KIND_PREFIX = "casework:"


class CaseworkError(CaseworkRuleError):
    """Something the user asked for cannot be done (unknown pupil, missing reason, barred measure)."""


# --- small shared helpers ---------------------------------------------------------------------------------------


def pupil_or_error(session: Session, pupil_id: int) -> Pupil:
    pupil = session.get(Pupil, pupil_id)
    if pupil is None:
        raise CaseworkError(f"There is no pupil with id {pupil_id}.")
    return pupil


def staff_name(session: Session, staff_id: int | None) -> str:
    if staff_id is None:
        return ""
    staff = session.get(Staff, staff_id)
    return staff.name if staff else ""


def add_communication(
    session: Session, *, pupil_id: int, on: date, method: str, outcome: str, summary: str, actor_id: int | None
) -> int:
    """One row in the shared communications table (no medical details: the log goes back to the MIS)."""
    row = log_communication(
        session,
        pupil_id=pupil_id,
        at=london_midday(on),
        method=method,
        direction="out",
        outcome=outcome[:60],
        summary=summary,
        actor_id=actor_id,
    )
    return row.id


def add_follow_up(
    session: Session,
    *,
    pupil_id: int,
    kind: str,
    title: str,
    due_on: date,
    actor_id: int | None,
    source: str,
    detail: str = "",
) -> None:
    """A dated reminder on the Follow-ups list, owned by whoever recorded the casework."""
    add_follow_up_task(
        session,
        pupil_id=pupil_id,
        kind=TASK_KIND_PREFIX + kind,
        title=title[:300],
        detail=detail,
        due_on=due_on,
        owner_id=actor_id,
        actor_id=actor_id,
        source=source,
    )


def close_follow_ups(session: Session, source: str, actor_id: int | None, note: str) -> None:
    """Mark the open reminders made for ``source`` done (the review they asked for has happened)."""
    for task in session.scalars(
        select(FollowUpTask).where(FollowUpTask.source == source, FollowUpTask.done_at.is_(None))
    ):
        task.done_at = utc_now()
        task.done_by = actor_id
        task.done_note = note


def holiday_weeks(start: date, end: date, calendar: PlannedCalendar | None = None) -> list[date]:
    """Mondays of the weeks between ``start`` and ``end`` in which the school does not meet.

    Looks forward, so it uses the planned calendar (term dates; typical dates for England where a school year
    has none entered) rather than the register.
    """
    calendar = calendar or PlannedCalendar([])
    out: list[date] = []
    monday = week_start(start)
    while monday <= end:
        if not any(calendar.is_school_day(monday + timedelta(days=i)) for i in range(5)):
            out.append(monday)
        monday += timedelta(weeks=1)
    return out


def planned_calendar(session: Session) -> PlannedCalendar:
    """The school's term dates and closures (typical dates for England where a year has none entered)."""
    from attendance_desk.services.calling.settings import planned_calendar_from_session

    return planned_calendar_from_session(session)


def next_school_day(store: Store, day: date) -> date:
    """``day`` when the school meets on it, else the next day it does (term dates, bank holidays, closures)."""
    with store.session() as session:
        return planned_calendar(session).school_day_on_or_after(day)


def proposed_review_date(store: Store, start: date, school_weeks: int = ACADEMIC_MONTH_SCHOOL_WEEKS) -> date:
    """The date to offer for a review ``school_weeks`` school weeks after ``start``: holiday weeks are stepped
    over and the result moves to the next school day (never Christmas Day or a bank holiday)."""
    with store.session() as session:
        calendar = planned_calendar(session)
    holidays = holiday_weeks(start, start + timedelta(weeks=school_weeks * 3 + 12), calendar)
    return calendar.school_day_on_or_after(add_school_weeks(start, school_weeks, holidays))


def year_to_date_figures(session: Session, pupil_id: int, on: date) -> PupilFigures:
    """The pupil's figures for the school year up to ``on`` (what plans and contracts print)."""
    return figures_for_pupil(session, pupil_id, DateRange(school_year_start(on), on))


def period_figures(session: Session, pupil_id: int, start: date, end: date) -> PupilFigures:
    return figures_for_pupil(session, pupil_id, DateRange(start, max(start, end)))


def check_legal_measures_allowed(pupil: Pupil, on: date) -> None:
    reason = legal_measures_barred(pupil.date_of_birth, pupil.looked_after, on)
    if reason:
        raise CaseworkError(reason)


# --- stages -----------------------------------------------------------------------------------------------------


def stages_in(session: Session) -> tuple[StageDefinition, ...]:
    rows = session.scalars(select(CaseStageDefinition).order_by(CaseStageDefinition.position)).all()
    if not rows:
        return DEFAULT_STAGES
    return tuple(StageDefinition(r.key, r.name, tuple(r.steps), r.legal) for r in rows)


def load_stages(store: Store) -> tuple[StageDefinition, ...]:
    with store.session() as session:
        return stages_in(session)


def _current_stage_keys(session: Session) -> dict[int, str]:
    latest = (
        select(CaseStageChange.pupil_id, func.max(CaseStageChange.id).label("last_id"))
        .where(not_withdrawn("case_stage_changes", CaseStageChange.id))  # a stage change made by mistake
        .group_by(CaseStageChange.pupil_id)
        .subquery()
    )
    rows = session.execute(
        select(CaseStageChange.pupil_id, CaseStageChange.stage_key).join(latest, CaseStageChange.id == latest.c.last_id)
    )
    return {pupil_id: key for pupil_id, key in rows}


def pupils_per_stage(store: Store) -> dict[str, int]:
    """How many pupils are currently at each stage key (stages nobody is at are left out)."""
    with store.session() as session:
        counts: dict[str, int] = {}
        for key in _current_stage_keys(session).values():
            counts[key] = counts.get(key, 0) + 1
        return counts


def save_stages(store: Store, actor_id: int | None, stages: Sequence[StageDefinition]) -> None:
    """Replace the school's stage list. A stage some pupil is currently at cannot be removed."""
    require(store, actor_id, Permission.PROCESS_SETTINGS)
    validate_stages(stages)
    with store.transaction() as session:
        in_use = set(_current_stage_keys(session).values())
        missing = sorted(in_use - {s.key for s in stages})
        if missing:
            names = {s.key: s.name for s in stages_in(session)}  # the office's words, never the stored key
            listed = ", ".join(f"“{names.get(key, key)}”" for key in missing)
            raise CaseworkError(
                f"Pupils are currently at the {'stage' if len(missing) == 1 else 'stages'} {listed}: move them first, "
                "then remove the stage."
            )
        before = [s.key for s in stages_in(session)]
        for row in session.scalars(select(CaseStageDefinition)):
            session.delete(row)
        session.flush()
        for position, stage in enumerate(stages, start=1):
            session.add(
                CaseStageDefinition(
                    position=position,
                    key=stage.key,
                    name=stage.name.strip(),
                    steps=list(stage.steps),
                    legal=stage.legal,
                )
            )
        record_change(
            session,
            actor_id=actor_id,
            action="update",
            entity="case_stage_definitions",
            before={"keys": before},
            after={"keys": [s.key for s in stages]},
        )


@dataclass(frozen=True, slots=True)
class StageChangeView:
    id: int
    stage_key: str
    stage_name: str
    changed_on: date
    reason: str
    staff: str


def stage_history(store: Store, actor_id: int | None, pupil_id: int) -> list[StageChangeView]:
    """Every stage the pupil has been at, oldest first."""
    require(store, actor_id, Permission.READ_PUPILS)
    with store.session() as session:
        rows = session.execute(
            select(CaseStageChange, Staff.name)
            .outerjoin(Staff, Staff.id == CaseStageChange.staff_id)
            .where(CaseStageChange.pupil_id == pupil_id)
            .order_by(CaseStageChange.changed_on, CaseStageChange.id)
        )
        return [
            StageChangeView(c.id, c.stage_key, c.stage_name, c.changed_on, c.reason, name or "") for c, name in rows
        ]


def change_stage(
    store: Store, actor_id: int | None, pupil_id: int, stage_key: str, changed_on: date, reason: str
) -> StageChangeView:
    """Move a pupil to a stage (forwards or back), with the date and the reason."""
    if not reason.strip():
        raise CaseworkError("Say why the pupil is moving to this stage: the reason is part of the evidence.")
    with store.transaction() as session:
        pupil = pupil_or_error(session, pupil_id)
        stages = stages_in(session)
        stage = stage_by_key(stages, stage_key)
        if stage is None:
            raise CaseworkError(f"'{stage_key}' is not one of the school's stages.")
        if stage.legal:
            check_legal_measures_allowed(pupil, changed_on)
        current = _current_stage_keys(session).get(pupil_id)
        leaving = stage_by_key(stages, current) if current else None
        legal = stage.legal or (leaving is not None and leaving.legal)
        require(session, actor_id, Permission.LEGAL if legal else Permission.CASEWORK)
        if current == stage_key:
            raise CaseworkError(f"The pupil is already at {stage.name}.")
        row = CaseStageChange(
            pupil_id=pupil_id,
            stage_key=stage.key,
            stage_name=stage.name,
            changed_on=changed_on,
            reason=reason.strip(),
            staff_id=actor_id,
        )
        session.add(row)
        session.flush()
        record_change(
            session,
            actor_id=actor_id,
            action="create",
            entity="case_stage_changes",
            entity_id=row.id,
            after={"pupil_id": pupil_id, "from": current, "to": stage.key},
            reason=reason.strip(),
        )
        return StageChangeView(
            row.id, row.stage_key, row.stage_name, changed_on, row.reason, staff_name(session, actor_id)
        )


# --- pupils by stage and the review list ------------------------------------------------------------------------


def review_rules_in(session: Session) -> ReviewRules:
    settings = session.get(CaseworkSettings, 1)
    if settings is None:
        return ReviewRules()
    return ReviewRules(
        frozenset(Band(b) for b in settings.review_bands),
        settings.review_on_penalty_threshold,
        Decimal(settings.broken_weeks_ratio),
        settings.min_broken_weeks,
    )


def load_review_rules(store: Store) -> ReviewRules:
    with store.session() as session:
        return review_rules_in(session)


def save_review_rules(store: Store, actor_id: int | None, rules: ReviewRules) -> None:
    require(store, actor_id, Permission.PROCESS_SETTINGS)
    with store.transaction() as session:
        settings = session.get(CaseworkSettings, 1) or CaseworkSettings(id=1)
        session.add(settings)
        settings.review_bands = sorted(b.value for b in rules.bands)
        settings.review_on_penalty_threshold = rules.penalty_threshold
        settings.broken_weeks_ratio = rules.broken_weeks_ratio
        settings.min_broken_weeks = rules.min_broken_weeks
        record_change(
            session,
            actor_id=actor_id,
            action="update",
            entity="casework_settings",
            entity_id=1,
            after={"bands": settings.review_bands, "ratio": str(rules.broken_weeks_ratio)},
        )


@dataclass(frozen=True, slots=True)
class CaseRow:
    pupil_id: int
    upn: str
    name: str
    year_group: str
    stage_key: str
    stage_name: str
    attendance_percent: Decimal | None
    reasons: tuple[str, ...] = ()  # why the figures suggest a review (review list only)
    suggested_stage: str = ""  # name of the next stage, a suggestion only


def _case_rows(store: Store, on: date, *, review_only: bool) -> list[CaseRow]:
    with store.session() as session:
        stages = stages_in(session)
        names = {s.key: s.name for s in stages}
        current = _current_stage_keys(session)
        rules = review_rules_in(session)
        calculator = calculator_for(session)
        rows = figures_for_school(session, DateRange(school_year_start(on), on), calculator)
    out: list[CaseRow] = []
    for row in rows:
        key = current.get(row.pupil_id, stages[0].key)
        reasons = tuple(review_reasons(row.figures, rules))
        if review_only and not reasons:
            continue
        if not review_only and row.pupil_id not in current:
            continue
        following = next_stage(stages, key)
        out.append(
            CaseRow(
                row.pupil_id,
                row.upn,
                row.name,
                row.year_group,
                key,
                names.get(key, key),
                row.figures.attendance_percent,
                reasons,
                following.name if following else "",
            )
        )
    return out


def pupils_by_stage(store: Store, actor_id: int | None, on: date) -> dict[str, list[CaseRow]]:
    """Pupils with a case (any recorded stage), grouped by their current stage key, in stage order."""
    require(store, actor_id, Permission.READ_PUPILS)
    stages = load_stages(store)
    grouped: dict[str, list[CaseRow]] = {s.key: [] for s in stages}
    for row in _case_rows(store, on, review_only=False):
        grouped.setdefault(row.stage_key, []).append(row)
    return grouped


def review_list(store: Store, actor_id: int | None, on: date) -> list[CaseRow]:
    """Pupils whose figures for the school year to ``on`` cross the school's thresholds: to look at, not to move."""
    require(store, actor_id, Permission.READ_PUPILS)
    return _case_rows(store, on, review_only=True)


@dataclass(frozen=True, slots=True)
class PupilHeader:
    pupil_id: int
    upn: str
    name: str
    date_of_birth: date
    year_group: str
    reg_group: str
    send: str
    looked_after: bool
    stage_key: str
    stage_name: str
    legal_barred: str | None
    figures: PupilFigures


def pupil_header(store: Store, pupil_id: int, on: date) -> PupilHeader:
    with store.session() as session:
        pupil = pupil_or_error(session, pupil_id)
        stages = stages_in(session)
        key = _current_stage_keys(session).get(pupil_id, stages[0].key)
        stage = stage_by_key(stages, key)
        return PupilHeader(
            pupil.id,
            pupil.upn,
            pupil.display_name,
            pupil.date_of_birth,
            pupil.year_group,
            pupil.reg_group,
            send_summary(pupil),
            pupil.looked_after,
            key,
            stage.name if stage else key,
            legal_measures_barred(pupil.date_of_birth, pupil.looked_after, on),
            year_to_date_figures(session, pupil_id, on),
        )


def send_summary(pupil: Pupil) -> str:
    if pupil.ehcp:
        return "EHC plan"
    if pupil.sen_support:
        return "SEN support"
    return "None recorded"
