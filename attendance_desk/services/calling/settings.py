"""The calling desk's school settings: the call-back script, the escalation ladder and the term dates.

Each has defaults (the script in ``resources/prompts``, the ladder in ``domain.escalation``, typical English term
dates in ``domain.term_calendar``) that apply until the school saves its own. Saving replaces the whole list in
one transaction and leaves an audit entry with the old and new versions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from itertools import pairwise

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.domain.calendar import school_year_range
from attendance_desk.domain.calling.escalation import DEFAULT_STEPS, EscalationStep, StepKind, validate_steps
from attendance_desk.domain.term_calendar import Closure, PlannedCalendar, Term, default_terms
from attendance_desk.paths import resource_path
from attendance_desk.services.access import require
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models.calling import CallbackPrompt, EscalationStepSetting, SchoolClosure, TermDate

DEFAULT_SCRIPT_FILE = ("prompts", "wellbeing-callback.json")


@dataclass(frozen=True, slots=True)
class Prompt:
    key: str
    question: str
    guidance: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class CallScript:
    title: str
    introduction: str
    prompts: tuple[Prompt, ...]
    is_default: bool

    @property
    def active_prompts(self) -> tuple[Prompt, ...]:
        return tuple(p for p in self.prompts if p.active)


@cache
def default_script() -> CallScript:
    data = json.loads(resource_path(*DEFAULT_SCRIPT_FILE).read_text(encoding="utf-8"))
    prompts = tuple(Prompt(p["key"], p["question"], p.get("guidance", "")) for p in data["prompts"])
    return CallScript(data["title"], data["introduction"], prompts, True)


def script_from_session(session: Session) -> CallScript:
    rows = session.scalars(select(CallbackPrompt).order_by(CallbackPrompt.position)).all()
    default = default_script()
    if not rows:
        return default
    prompts = tuple(Prompt(r.key, r.question, r.guidance, r.active) for r in rows)
    return CallScript(default.title, default.introduction, prompts, False)


def load_script(store: Store) -> CallScript:
    with store.session() as session:
        return script_from_session(session)


def save_script(store: Store, actor_id: int | None, prompts: Sequence[Prompt]) -> CallScript:
    """Replace the school's script. Keys must be unique and every question must have words."""
    require(store, actor_id, Permission.PROCESS_SETTINGS)
    keys: set[str] = set()
    for number, prompt in enumerate(prompts, start=1):
        if not prompt.question.strip():
            raise ValueError(f"question {number} is empty: write the question or remove it")
        if not prompt.key.strip() or prompt.key in keys:
            raise ValueError(f"question {number} needs a short key of its own (it is '{prompt.key}')")
        keys.add(prompt.key)
    with store.transaction() as session:
        before = [asdict(p) for p in script_from_session(session).prompts]
        session.execute(delete(CallbackPrompt))
        for position, prompt in enumerate(prompts):
            session.add(
                CallbackPrompt(
                    position=position,
                    key=prompt.key.strip(),
                    question=prompt.question.strip(),
                    guidance=prompt.guidance.strip(),
                    active=prompt.active,
                )
            )
        record_change(
            session,
            actor_id=actor_id,
            action="update",
            entity="callback_prompts",
            before={"prompts": before},
            after={"prompts": [asdict(p) for p in prompts]},
        )
    return load_script(store)


def reset_script(store: Store, actor_id: int | None) -> CallScript:
    require(store, actor_id, Permission.PROCESS_SETTINGS)
    with store.transaction() as session:
        session.execute(delete(CallbackPrompt))
        record_change(
            session, actor_id=actor_id, action="update", entity="callback_prompts", reason="restored the default script"
        )
    return default_script()


# --- the escalation ladder -------------------------------------------------------------------------------------


def steps_from_session(session: Session) -> list[EscalationStep]:
    rows = session.scalars(select(EscalationStepSetting).order_by(EscalationStepSetting.position)).all()
    if not rows:
        return list(DEFAULT_STEPS)
    return [
        EscalationStep(
            r.key, StepKind(r.kind), r.label, r.task_title, r.days, r.notice_days, r.owner_role, r.enabled, r.detail
        )
        for r in rows
    ]


def load_steps(store: Store) -> list[EscalationStep]:
    with store.session() as session:
        return steps_from_session(session)


def _step_json(step: EscalationStep) -> dict[str, object]:
    return {**asdict(step), "kind": step.kind.value}


def save_steps(store: Store, actor_id: int | None, steps: Sequence[EscalationStep]) -> list[EscalationStep]:
    require(store, actor_id, Permission.PROCESS_SETTINGS)
    validate_steps(steps)
    with store.transaction() as session:
        before = [_step_json(s) for s in steps_from_session(session)]
        session.execute(delete(EscalationStepSetting))
        for position, s in enumerate(steps):
            session.add(
                EscalationStepSetting(
                    position=position,
                    key=s.key,
                    kind=s.kind.value,
                    label=s.label,
                    task_title=s.task_title,
                    detail=s.detail,
                    days=s.days,
                    notice_days=s.notice_days,
                    owner_role=s.owner_role,
                    enabled=s.enabled,
                )
            )
        record_change(
            session,
            actor_id=actor_id,
            action="update",
            entity="escalation_steps",
            before={"steps": before},
            after={"steps": [_step_json(s) for s in steps]},
        )
    return load_steps(store)


# --- term dates and closures --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TermYear:
    """The terms and closures of one school year, and whether the terms are typical dates not yet saved."""

    first_year: int
    terms: tuple[Term, ...]
    closures: tuple[Closure, ...]
    is_default: bool


def planned_calendar_from_session(session: Session) -> PlannedCalendar:
    terms = [Term(r.name, r.start_date, r.end_date) for r in session.scalars(select(TermDate))]
    closures = [Closure(r.day, r.reason) for r in session.scalars(select(SchoolClosure))]
    return PlannedCalendar(terms, closures)


def load_planned_calendar(store: Store) -> PlannedCalendar:
    with store.session() as session:
        return planned_calendar_from_session(session)


def term_year(store: Store, first_year: int) -> TermYear:
    span = school_year_range(date(first_year, 9, 1))
    with store.session() as session:
        terms = tuple(
            Term(r.name, r.start_date, r.end_date)
            for r in session.scalars(
                select(TermDate)
                .where(TermDate.start_date >= span.start, TermDate.start_date <= span.end)
                .order_by(TermDate.start_date)
            )
        )
        closures = tuple(
            Closure(r.day, r.reason)
            for r in session.scalars(
                select(SchoolClosure)
                .where(SchoolClosure.day >= span.start, SchoolClosure.day <= span.end)
                .order_by(SchoolClosure.day)
            )
        )
    if terms:
        return TermYear(first_year, terms, closures, False)
    return TermYear(first_year, tuple(default_terms(first_year)), closures, True)


def _year_json(terms: Sequence[Term], closures: Sequence[Closure]) -> dict[str, object]:
    return {
        "terms": [{"name": t.name, "start": t.start.isoformat(), "end": t.end.isoformat()} for t in terms],
        "closures": [{"day": c.day.isoformat(), "reason": c.reason} for c in closures],
    }


def check_term_year(first_year: int, terms: Sequence[Term], closures: Sequence[Closure]) -> None:
    """Raise ValueError when the terms or closures do not fit the school year starting September ``first_year``
    (asked before anything is stored, so a caller can check a whole set of years first)."""
    span = school_year_range(date(first_year, 9, 1))
    ordered = sorted(terms, key=lambda t: t.start)
    for term in ordered:
        if term.start not in span or term.end not in span:
            raise ValueError(
                f"{term.name} ({term.start:%d/%m/%Y} to {term.end:%d/%m/%Y}) is not inside the "
                f"school year {first_year}/{(first_year + 1) % 100:02d}"
            )
    for earlier, later in pairwise(ordered):
        if later.start <= earlier.end:
            raise ValueError(f"{earlier.name} and {later.name} overlap: check their dates")
    days = [c.day for c in closures]
    if len(set(days)) != len(days):
        raise ValueError("the same closure date is listed twice")
    for closure in closures:
        if closure.day not in span:
            raise ValueError(f"the closure on {closure.day:%d/%m/%Y} is not in this school year")


def save_term_year(
    store: Store, actor_id: int | None, first_year: int, terms: Sequence[Term], closures: Sequence[Closure]
) -> TermYear:
    """Replace one school year's terms and closures. Terms must lie in the year and must not overlap."""
    require(store, actor_id, Permission.SCHOOL_SETTINGS)
    check_term_year(first_year, terms, closures)
    span = school_year_range(date(first_year, 9, 1))
    ordered = sorted(terms, key=lambda t: t.start)
    old = term_year(store, first_year)
    with store.transaction() as session:
        session.execute(delete(TermDate).where(TermDate.start_date >= span.start, TermDate.start_date <= span.end))
        session.execute(delete(SchoolClosure).where(SchoolClosure.day >= span.start, SchoolClosure.day <= span.end))
        session.add_all(TermDate(name=t.name.strip() or "Term", start_date=t.start, end_date=t.end) for t in ordered)
        session.add_all(SchoolClosure(day=c.day, reason=c.reason.strip()) for c in closures)
        record_change(
            session,
            actor_id=actor_id,
            action="update",
            entity="term_dates",
            entity_id=first_year,
            before=_year_json(old.terms, old.closures),
            after=_year_json(ordered, closures),
        )
    return term_year(store, first_year)
