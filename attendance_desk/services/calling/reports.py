"""Reported and planned absences, and the codes they propose for the ``N`` marks they explain.

A family's call, text or email (before or after registration), an absence agreed in advance, or the reason given
on a call-back all become an :class:`~attendance_desk.store.models.calling.AbsenceReport`. Each explains the
``N`` marks in its span: the worklist moves the pupil to the "explained" section, and the proposed code goes onto
the "changes to key in" list (``code_decisions``, status pending) for the office to key into the MIS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.domain.calling.rules import FAMILY_REPORTABLE_CODES, REPORT_METHODS, SESSION_ORDER, covers
from attendance_desk.domain.codes import Category, default_codebook
from attendance_desk.domain.london import london_date
from attendance_desk.domain.vocabulary import DecisionStatus
from attendance_desk.services.access import require
from attendance_desk.services.evidence import log_communication
from attendance_desk.store.audit import record_change, snapshot
from attendance_desk.store.engine import Store
from attendance_desk.store.models import CodeDecision, Mark, Pupil, PupilContact, utc_now
from attendance_desk.store.models.calling import AbsenceReport

REPORT_KINDS = ("reported", "planned", "call")
_ALLOWED_CATEGORIES = (Category.AUTHORISED, Category.UNAUTHORISED, Category.AEA)


@dataclass(frozen=True, slots=True)
class ReportInput:
    pupil_id: int
    first_date: date
    reason: str
    proposed_code: str
    kind: str = "reported"
    first_session: str = "AM"
    last_date: date | None = None  # None: the same day as first_date
    last_session: str = "PM"
    expected_return: date | None = None
    reported_by: str = ""
    reporter_relationship: str = ""
    contact_id: int | None = None
    method: str = "phone"
    reported_at: datetime | None = None
    evidence_requested: bool = False
    notes: str = ""
    call_attempt_id: int | None = None


@dataclass(frozen=True, slots=True)
class ProposedCode:
    pupil_id: int
    date: date
    session: str
    mis_code: str
    new_code: str


@dataclass(frozen=True, slots=True)
class ReportRecord:
    id: int
    pupil_id: int
    kind: str
    first_date: date
    first_session: str
    last_date: date
    last_session: str
    reason: str
    proposed_code: str
    expected_return: date | None
    reported_by: str
    reporter_relationship: str
    method: str
    reported_at: datetime
    evidence_requested: bool
    notes: str
    withdrawn: bool
    decisions: tuple[ProposedCode, ...] = ()


def check_code(code: str, first: date, last: date) -> str:
    """The code, tidied, if it can explain an absence on every date of the span; otherwise a clear error."""
    code = code.strip().upper()
    book = default_codebook()
    for day in {first, last}:
        if not book.is_valid(code, day):
            raise ValueError(
                f"'{code}' is not an attendance code in the {book.code_set_for(day).name} code set (for {day:%d/%m/%Y})"
            )
        reportable = code in FAMILY_REPORTABLE_CODES  # includes the Y causes a family can tell us about
        if code == "N" or (book.category(code, day) not in _ALLOWED_CATEGORIES and not reportable):
            raise ValueError(
                f"'{code}' cannot explain an absence: choose the code for the reason given "
                "(for example I for illness, M for an appointment)"
            )
    return code


def _validate(session: Session, data: ReportInput) -> tuple[date, str]:
    if data.kind not in REPORT_KINDS:
        raise ValueError(f"unknown kind of report '{data.kind}'")
    if session.get(Pupil, data.pupil_id) is None:
        raise LookupError(f"pupil {data.pupil_id} is not in the store")
    last = data.last_date or data.first_date
    for sess in (data.first_session, data.last_session):
        if sess not in SESSION_ORDER:
            raise ValueError(f"the session must be AM or PM, not '{sess}'")
    if (last, SESSION_ORDER[data.last_session]) < (data.first_date, SESSION_ORDER[data.first_session]):
        raise ValueError(
            f"the absence ends ({last:%d/%m/%Y} {data.last_session}) before it starts "
            f"({data.first_date:%d/%m/%Y} {data.first_session})"
        )
    if not data.reason.strip():
        raise ValueError("write the reason the family gave")
    if data.expected_return is not None and data.expected_return < data.first_date:
        raise ValueError("the expected return is before the absence starts")
    if data.method not in dict(REPORT_METHODS) and data.kind != "call":
        raise ValueError(f"unknown way of reporting '{data.method}'")
    if data.contact_id is not None:
        link = session.scalar(
            select(PupilContact).where(
                PupilContact.pupil_id == data.pupil_id, PupilContact.contact_id == data.contact_id
            )
        )
        if link is None:
            raise ValueError("that contact is not linked to this pupil")
    return last, check_code(data.proposed_code, data.first_date, last)


def propose_codes(
    session: Session, actor_id: int | None, report: AbsenceReport, *, upto: date, missing_until: date | None = None
) -> list[ProposedCode]:
    """Put the report's code on the "changes to key in" list for each session it covers, up to ``upto``, whose
    register mark is ``N``, or has no mark yet on a day up to ``missing_until`` (a call-back made before the
    register came in)."""
    marks = {
        (d, s): c
        for d, s, c in session.execute(
            select(Mark.date, Mark.session, Mark.code).where(
                Mark.pupil_id == report.pupil_id,
                Mark.date >= report.first_date,
                Mark.date <= min(report.last_date, upto),
            )
        )
    }
    existing = {
        (d.date, d.session): d
        for d in session.scalars(
            select(CodeDecision).where(
                CodeDecision.pupil_id == report.pupil_id,
                CodeDecision.date >= report.first_date,
                CodeDecision.date <= report.last_date,
                CodeDecision.status == DecisionStatus.PENDING,
            )
        )
    }
    wanted: list[tuple[date, str]] = []
    day = report.first_date
    while day <= min(report.last_date, upto):
        for sess in ("AM", "PM"):
            if not covers(
                (report.first_date, report.first_session), (report.last_date, report.last_session), day, sess
            ):
                continue
            code = marks.get((day, sess))
            if code == "N" or (code is None and missing_until is not None and day <= missing_until):
                wanted.append((day, sess))
        day = date.fromordinal(day.toordinal() + 1)
    out: list[ProposedCode] = []
    for day, sess in wanted:
        mis_code = marks.get((day, sess), "")
        previous = existing.get((day, sess))
        if previous is not None:
            if previous.new_code == report.proposed_code:
                continue
            previous.status, previous.resolved_at = DecisionStatus.WITHDRAWN, utc_now()
        decision = CodeDecision(
            pupil_id=report.pupil_id,
            date=day,
            session=sess,
            mis_code=mis_code,
            new_code=report.proposed_code,
            reason=report.reason,
            decided_by=actor_id,
            status=DecisionStatus.PENDING,
        )
        session.add(decision)
        out.append(ProposedCode(report.pupil_id, day, sess, mis_code, report.proposed_code))
    if out:
        record_change(
            session,
            actor_id=actor_id,
            action="propose_codes",
            entity="absence_reports",
            entity_id=report.id,
            after={"sessions": [f"{p.date.isoformat()} {p.session}" for p in out], "code": report.proposed_code},
        )
    return out


def add_report(session: Session, actor_id: int | None, data: ReportInput) -> tuple[AbsenceReport, list[ProposedCode]]:
    """Save a report in the caller's transaction and propose codes for the N marks already in."""
    last, code = _validate(session, data)
    reported_at = data.reported_at or utc_now()
    communication_id = None
    if data.kind != "call":  # a call-back's own attempt row already logged the conversation
        span = f"{data.first_date:%d/%m/%Y} {data.first_session}"
        if (last, data.last_session) != (data.first_date, data.first_session):
            span += f" to {last:%d/%m/%Y} {data.last_session}"
        label = "Planned absence" if data.kind == "planned" else "Absence reported"
        communication = log_communication(
            session,
            pupil_id=data.pupil_id,
            contact_id=data.contact_id,
            at=reported_at,
            method="report",
            direction="in",
            outcome=label,
            summary=f"{label} ({dict(REPORT_METHODS).get(data.method, data.method)}): {span}; proposed code {code}",
            actor_id=actor_id,
        )
        communication_id = communication.id
    report = AbsenceReport(
        pupil_id=data.pupil_id,
        kind=data.kind,
        first_date=data.first_date,
        first_session=data.first_session,
        last_date=last,
        last_session=data.last_session,
        reason=data.reason.strip(),
        proposed_code=code,
        expected_return=data.expected_return,
        reported_by=data.reported_by.strip(),
        reporter_relationship=data.reporter_relationship.strip(),
        contact_id=data.contact_id,
        method=data.method,
        reported_at=reported_at,
        taken_by=actor_id,
        evidence_requested=data.evidence_requested,
        notes=data.notes.strip(),
        call_attempt_id=data.call_attempt_id,
        communication_id=communication_id,
    )
    session.add(report)
    session.flush()
    record_change(
        session,
        actor_id=actor_id,
        action="create",
        entity="absence_reports",
        entity_id=report.id,
        after=snapshot(report, ("pupil_id", "kind", "first_date", "last_date", "proposed_code")),
    )
    missing_until = london_date(reported_at) if data.kind == "call" else None
    proposals = propose_codes(session, actor_id, report, upto=last, missing_until=missing_until)
    return report, proposals


def _record(report: AbsenceReport, proposals: tuple[ProposedCode, ...] = ()) -> ReportRecord:
    return ReportRecord(
        report.id,
        report.pupil_id,
        report.kind,
        report.first_date,
        report.first_session,
        report.last_date,
        report.last_session,
        report.reason,
        report.proposed_code,
        report.expected_return,
        report.reported_by,
        report.reporter_relationship,
        report.method,
        report.reported_at,
        report.evidence_requested,
        report.notes,
        report.withdrawn_at is not None,
        proposals,
    )


def record_report(store: Store, actor_id: int | None, data: ReportInput) -> ReportRecord:
    require(store, actor_id, Permission.CALL)
    with store.transaction() as session:
        report, proposals = add_report(session, actor_id, data)
        return _record(report, tuple(proposals))


def withdraw_report(store: Store, actor_id: int | None, report_id: int, reason: str) -> None:
    """Mark a report as entered in error. It stays on record; its pending codes are withdrawn."""
    require(store, actor_id, Permission.CALL)
    if not reason.strip():
        raise ValueError("say why the report is being withdrawn")
    with store.transaction() as session:
        report = session.get(AbsenceReport, report_id)
        if report is None:
            raise LookupError(f"report {report_id} no longer exists")
        if report.withdrawn_at is not None:
            raise ValueError("this report has already been withdrawn")
        report.withdrawn_at, report.withdrawn_by, report.withdrawn_reason = utc_now(), actor_id, reason.strip()
        for decision in session.scalars(
            select(CodeDecision).where(
                CodeDecision.pupil_id == report.pupil_id,
                CodeDecision.date >= report.first_date,
                CodeDecision.date <= report.last_date,
                CodeDecision.status == DecisionStatus.PENDING,
                CodeDecision.new_code == report.proposed_code,
            )
        ):
            decision.status, decision.resolved_at = DecisionStatus.WITHDRAWN, utc_now()
        record_change(
            session,
            actor_id=actor_id,
            action="withdraw",
            entity="absence_reports",
            entity_id=report_id,
            reason=reason.strip(),
        )


def reports_for_pupil(store: Store, pupil_id: int) -> list[ReportRecord]:
    with store.session() as session:
        rows = session.scalars(
            select(AbsenceReport)
            .where(AbsenceReport.pupil_id == pupil_id)
            .order_by(AbsenceReport.first_date.desc(), AbsenceReport.id.desc())
        )
        return [_record(r) for r in rows]


def propose_codes_for_date(store: Store, actor_id: int | None, on: date) -> list[ProposedCode]:
    """After marks come in: every live report covering ``on`` proposes its code for that day's ``N`` marks.
    Safe to run repeatedly (a code already proposed is not proposed again)."""
    with store.transaction() as session:
        reports = session.scalars(
            select(AbsenceReport)
            .where(AbsenceReport.first_date <= on, AbsenceReport.last_date >= on, AbsenceReport.withdrawn_at.is_(None))
            .order_by(AbsenceReport.recorded_at)
        ).all()
        out: list[ProposedCode] = []
        for report in reports:
            out.extend(propose_codes(session, actor_id, report, upto=on))
        return out
