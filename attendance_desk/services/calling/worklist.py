"""The morning worklist: every pupil absent without a reason (or not yet marked) for one session, most urgent
first, with the reasons they are near the top; and, apart, the absences a report already explains.

Built in a handful of set-based queries so that a 1,500-pupil school's list appears at once after the day's
marks are imported (see ``benchmarks/bench_worklist.py``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import String, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.domain.calling.rules import PriorityFacts, covers, day_is_absent, priority, trailing_run
from attendance_desk.domain.codes import default_codebook
from attendance_desk.domain.contacts import ContactRecord
from attendance_desk.domain.london import london_day_bounds
from attendance_desk.domain.names import pupil_surname, surname_sort_key
from attendance_desk.services.access import require
from attendance_desk.services.calling.common import callable_contacts, contacts_by_pupil, display_name
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Communication, Mark, Pupil
from attendance_desk.store.models.calling import AbsenceReport, CallAttempt, HomeVisit
from attendance_desk.store.models.casework import CaseStageChange
from attendance_desk.store.withdrawn import not_withdrawn

UNEXPLAINED_CODE = "N"
CLOSURE_CODE = "#"
LOOKBACK_DAYS = 45  # calendar days searched for a run of absence; longer runs show as "20+"-style counts
NO_STAGE_KEYS = frozenset({"", "universal"})  # universal support is not a formal stage


@dataclass(frozen=True, slots=True)
class WorklistEntry:
    pupil_id: int
    upn: str
    name: str
    year_group: str
    reg_group: str
    mark: str  # "N", or "" when the register has no mark for the pupil yet
    score: int
    reasons: tuple[str, ...]
    days_absent_consecutive: int
    formal_stage: str
    attempts_today: int
    contacted_today: bool
    contacts: tuple[ContactRecord, ...]  # priority order, do-not-contact included and flagged
    social_worker: str = ""

    def as_json(self) -> dict[str, object]:
        return {
            "upn": self.upn,
            "name": self.name,
            "year_group": self.year_group,
            "reg_group": self.reg_group,
            "mark": self.mark or None,
            "score": self.score,
            "reasons": list(self.reasons),
            "days_absent_consecutive": self.days_absent_consecutive,
            "attempts_today": self.attempts_today,
            "contacted_today": self.contacted_today,
            "contacts": [c.as_json() for c in callable_contacts(self.contacts)],
        }


@dataclass(frozen=True, slots=True)
class ExplainedEntry:
    pupil_id: int
    upn: str
    name: str
    year_group: str
    reg_group: str
    mark: str
    proposed_code: str
    reason: str
    report_kind: str  # reported | planned | call
    report_id: int


@dataclass(frozen=True, slots=True)
class Worklist:
    on: date
    session: str
    register_taken: bool  # False when no mark at all is in for this session yet
    entries: list[WorklistEntry] = field(default_factory=list)
    explained: list[ExplainedEntry] = field(default_factory=list)


def _on_roll(session: Session, on: date) -> list[tuple]:
    return list(
        session.execute(
            select(
                Pupil.id,
                Pupil.upn,
                Pupil.preferred_forename,
                Pupil.legal_forename,
                Pupil.preferred_surname,
                Pupil.legal_surname,
                Pupil.year_group,
                Pupil.reg_group,
                Pupil.social_worker_name,
                Pupil.child_protection_plan,
                Pupil.child_in_need,
                Pupil.looked_after,
                Pupil.ehcp,
                Pupil.sen_support,
            ).where(
                or_(Pupil.admission_date.is_(None), Pupil.admission_date <= on),
                or_(Pupil.leaving_date.is_(None), Pupil.leaving_date >= on),
            )
        )
    )


def active_reports_covering(session: Session, pupil_ids: list[int], on: date, sess: str) -> dict[int, AbsenceReport]:
    """The newest live report covering (on, sess) for each pupil that has one."""
    if not pupil_ids:
        return {}
    rows = session.scalars(
        select(AbsenceReport)
        .where(AbsenceReport.first_date <= on, AbsenceReport.last_date >= on, AbsenceReport.withdrawn_at.is_(None))
        .where(AbsenceReport.pupil_id.in_(pupil_ids))
        .order_by(AbsenceReport.recorded_at)
    )
    out: dict[int, AbsenceReport] = {}
    for report in rows:
        if covers((report.first_date, report.first_session), (report.last_date, report.last_session), on, sess):
            out[report.pupil_id] = report
    return out


def consecutive_days_absent(session: Session, pupil_ids: list[int], on: date) -> dict[int, int]:
    """School days in a row each pupil has been absent, counting ``on`` (they are on the list because they are
    not in) and going back over school days on which every mark was an absence."""
    if not pupil_ids:
        return {}
    start = on - timedelta(days=LOOKBACK_DAYS)
    school_days = sorted(
        (
            date.fromisoformat(str(d))
            for (d,) in session.execute(
                select(type_coerce(Mark.date, String))
                .distinct()
                .where(Mark.date >= start, Mark.date < on, Mark.code != CLOSURE_CODE)
            )
        ),
        reverse=True,
    )
    codes: dict[int, dict[date, list[str]]] = defaultdict(lambda: defaultdict(list))
    for pid, raw, code in session.execute(
        select(Mark.pupil_id, type_coerce(Mark.date, String), Mark.code).where(
            Mark.pupil_id.in_(pupil_ids), Mark.date >= start, Mark.date < on
        )
    ):
        codes[pid][date.fromisoformat(str(raw))].append(code)
    book = default_codebook()
    categories = {d: book.categories_for(d) for d in school_days}
    out: dict[int, int] = {}
    for pid in pupil_ids:
        days = codes.get(pid, {})
        absent = {d: day_is_absent(c, categories[d]) for d, c in days.items() if d in categories}
        run, _ = trailing_run(school_days, absent)
        out[pid] = 1 + run
    return out


def current_stages(session: Session, pupil_ids: list[int]) -> dict[int, str]:
    """The name of each pupil's current formal stage (from the casework stage history), when they are in one."""
    if not pupil_ids:
        return {}
    latest = (
        select(CaseStageChange.pupil_id, func.max(CaseStageChange.id).label("last_id"))
        .where(CaseStageChange.pupil_id.in_(pupil_ids), not_withdrawn("case_stage_changes", CaseStageChange.id))
        .group_by(CaseStageChange.pupil_id)
        .subquery()
    )
    rows = session.execute(
        select(CaseStageChange.pupil_id, CaseStageChange.stage_key, CaseStageChange.stage_name).join(
            latest, CaseStageChange.id == latest.c.last_id
        )
    )
    return {pid: name for pid, key, name in rows if key not in NO_STAGE_KEYS}


def contact_today(session: Session, pupil_ids: list[int], on: date) -> tuple[dict[int, int], set[int]]:
    """(call or text attempts about ``on`` per pupil, pupils whose family was reached or who were seen)."""
    attempts: dict[int, int] = defaultdict(int)
    reached: set[int] = set()
    if not pupil_ids:
        return attempts, reached
    for pid, outcome in session.execute(
        select(CallAttempt.pupil_id, CallAttempt.outcome).where(
            CallAttempt.absence_date == on,
            CallAttempt.pupil_id.in_(pupil_ids),
            not_withdrawn("call_attempts", CallAttempt.id),
        )
    ):
        attempts[pid] += 1
        if outcome == "answered":
            reached.add(pid)
    start, end = london_day_bounds(on)
    reached.update(
        session.scalars(
            select(Communication.pupil_id).where(
                Communication.pupil_id.in_(pupil_ids),
                Communication.at >= start,
                Communication.at < end,
                Communication.direction == "in",
            )
        )
    )
    reached.update(
        session.scalars(
            select(HomeVisit.pupil_id).where(
                HomeVisit.pupil_id.in_(pupil_ids),
                HomeVisit.visited_at >= start,
                HomeVisit.visited_at < end,
                not_withdrawn("home_visits", HomeVisit.id),
            )
        )
    )
    return attempts, reached


def worklist_from_session(session: Session, on: date, sess: str = "AM") -> Worklist:
    if sess not in ("AM", "PM"):
        raise ValueError(f"the session must be AM or PM, not '{sess}'")
    pupils = _on_roll(session, on)
    marks = dict(session.execute(select(Mark.pupil_id, Mark.code).where(Mark.date == on, Mark.session == sess)).all())
    register_taken = bool(marks)
    candidates = [p for p in pupils if marks.get(p[0]) == UNEXPLAINED_CODE or (register_taken and p[0] not in marks)]
    ids = [p[0] for p in candidates]
    reports = active_reports_covering(session, ids, on, sess)
    unexplained_ids = [pid for pid in ids if pid not in reports]
    days = consecutive_days_absent(session, unexplained_ids, on)
    stages = current_stages(session, unexplained_ids)
    attempts, reached = contact_today(session, unexplained_ids, on)
    contacts = contacts_by_pupil(session, unexplained_ids)

    entries: list[WorklistEntry] = []
    explained: list[ExplainedEntry] = []
    by_surname: dict[int, tuple[str, str]] = {}
    for pid, upn, pf, lf, ps, ls, year, group, sw, cp, cin, lac, ehcp, sen in candidates:
        name = display_name(pf, lf, ps, ls)
        by_surname[pid] = surname_sort_key(pupil_surname(ps, ls), name)
        mark = marks.get(pid, "")
        report = reports.get(pid)
        if report is not None:
            explained.append(
                ExplainedEntry(
                    pid, upn, name, year, group, mark, report.proposed_code, report.reason, report.kind, report.id
                )
            )
            continue
        facts = PriorityFacts(
            social_worker=bool(sw),
            child_protection_plan=cp,
            child_in_need=cin,
            looked_after=lac,
            ehcp=ehcp,
            sen_support=sen,
            days_absent_consecutive=days.get(pid, 1),
            formal_stage=stages.get(pid, ""),
            contacted_today=pid in reached,
            attempts_today=attempts.get(pid, 0),
        )
        score, reasons = priority(facts)
        entries.append(
            WorklistEntry(
                pid,
                upn,
                name,
                year,
                group,
                mark,
                score,
                tuple(reasons),
                facts.days_absent_consecutive,
                facts.formal_stage,
                facts.attempts_today,
                facts.contacted_today,
                tuple(contacts.get(pid, ())),
                sw,
            )
        )
    # Families already reached today go to the bottom (docs/calling-desk.md), whatever their score.
    entries.sort(key=lambda e: (e.contacted_today, -e.score, -e.days_absent_consecutive, by_surname[e.pupil_id], e.upn))
    explained.sort(key=lambda e: by_surname[e.pupil_id])
    return Worklist(on, sess, register_taken, entries, explained)


def build_worklist(store: Store, actor_id: int | None, on: date, session: str = "AM") -> Worklist:
    """The worklist for one date and session (read only)."""
    require(store, actor_id, Permission.READ_PUPILS)
    with store.session() as db:
        return worklist_from_session(db, on, session)
