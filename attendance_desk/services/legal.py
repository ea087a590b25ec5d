"""The legal guard, fed from the record: what letters, casework, referral packs and the command line ask before a
legal measure. The rules are in ``domain.casework.legal_guard``; this module only gathers the facts (the 10-in-10
count from ``services.figures``, earlier notices, support recorded, the parents' links) and records overrides."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.domain.calendar import DateRange, school_year_start
from attendance_desk.domain.casework.penalties import PriorNotice
from attendance_desk.domain.casework.periods import CaseworkRuleError
from attendance_desk.domain.casework.stages import UNIVERSAL
from attendance_desk.domain.legal_guard import (
    GuardFacts,
    Measure,
    NoticePeriod,
    ParentFacts,
    Verdict,
    check,
    first_refusal,
)
from attendance_desk.services.figures import figures_for_pupil
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import (
    AttendanceContract,
    AttendanceMeeting,
    CaseStageChange,
    MedicalActionPlan,
    NoticeToImprove,
    PenaltyNotice,
    Pupil,
    PupilContact,
    SchoolSettings,
)


class LegalMeasureRefused(CaseworkRuleError):
    """The guard said no; ``verdict.reason`` is the sentence to show, ``verdict.overridable`` whether a reason may
    be given to go ahead."""

    def __init__(self, verdict: Verdict) -> None:
        self.verdict = verdict
        super().__init__(verdict.reason or "This measure may not be used.")


def _support_recorded(session: Session, pupil_id: int, on: date) -> bool:
    """Support offered and recorded: a meeting, a medical action plan, a contract, or a move to a support stage."""
    for model, day in (
        (AttendanceMeeting, AttendanceMeeting.meeting_date),
        (MedicalActionPlan, MedicalActionPlan.plan_date),
        (AttendanceContract, AttendanceContract.meeting_date),
    ):
        if session.scalar(select(model.id).where(model.pupil_id == pupil_id, day <= on).limit(1)) is not None:
            return True
    stage_changes = session.scalars(
        select(CaseStageChange.stage_key).where(CaseStageChange.pupil_id == pupil_id, CaseStageChange.changed_on <= on)
    ).all()
    return any(key != UNIVERSAL for key in stage_changes)


def prior_notices(session: Session, pupil_id: int, contact_id: int) -> list[PriorNotice]:
    """Every penalty notice this parent has had for this child, with no look-back cut-off (the three-year limit
    and the £160 rate depend on notices of any age within those three years)."""
    rows = session.scalars(
        select(PenaltyNotice).where(PenaltyNotice.pupil_id == pupil_id, PenaltyNotice.contact_id == contact_id)
    )
    return [PriorNotice(r.issued_on, r.withdrawn_on is not None) for r in rows]


def parent_facts(session: Session, link: PupilContact) -> ParentFacts:
    return ParentFacts(
        name=link.contact.display_name,
        parental_responsibility=link.parental_responsibility,
        lives_with_pupil=link.lives_with_pupil,
        court_order_restriction=link.court_order_restriction,
        prior_penalty_notices=tuple(prior_notices(session, link.pupil_id, link.contact_id)),
    )


def guard_facts_in(session: Session, pupil_id: int, on: date) -> GuardFacts:
    pupil = session.get(Pupil, pupil_id)
    if pupil is None:
        raise CaseworkRuleError(f"There is no pupil with id {pupil_id}.")
    figures = figures_for_pupil(session, pupil_id, DateRange(school_year_start(on), on))
    settings = session.get(SchoolSettings, 1)
    notices = [
        NoticePeriod(n.issued_on, n.period_end)
        for n in session.scalars(select(NoticeToImprove).where(NoticeToImprove.pupil_id == pupil_id))
        if n.issued_on <= on
    ]
    links = session.scalars(select(PupilContact).where(PupilContact.pupil_id == pupil_id)).all()
    return GuardFacts(
        on=on,
        date_of_birth=pupil.date_of_birth,
        looked_after=pupil.looked_after,
        unauthorised_last_10_school_weeks=figures.unauthorised_last_10_school_weeks,
        notices_to_improve=tuple(notices),
        support_recorded=_support_recorded(session, pupil_id, on),
        support_required_first=settings.support_before_legal_action if settings is not None else True,
        parents=tuple(parent_facts(session, link) for link in links if link.parental_responsibility),
    )


def verdict_in(session: Session, pupil_id: int, measure: Measure, on: date, contact_id: int | None = None) -> Verdict:
    facts = guard_facts_in(session, pupil_id, on)
    if contact_id is None:
        return first_refusal(measure, facts)
    link = session.scalar(
        select(PupilContact).where(PupilContact.pupil_id == pupil_id, PupilContact.contact_id == contact_id)
    )
    if link is None:
        raise CaseworkRuleError(f"Contact {contact_id} is not linked to this pupil.")
    return check(measure, facts, parent_facts(session, link))


def verdict(store: Store, pupil_id: int, measure: Measure, on: date, contact_id: int | None = None) -> Verdict:
    """The guard's answer for this pupil (and parent) on ``on``."""
    with store.session() as session:
        return verdict_in(session, pupil_id, measure, on, contact_id)


def parent_refusal(session: Session, link: PupilContact, measure: Measure, on: date) -> str | None:
    """Why this parent may not be named in ``measure`` (court order, the three-year limit, not a parent); None when
    they may. A refusal about the pupil that the school may set aside (support first, a running improvement
    period) does not stop the parent being named: it is decided, and audited, for the measure as a whole."""
    verdict = check(measure, guard_facts_in(session, link.pupil_id, on), parent_facts(session, link))
    return None if verdict.allowed or verdict.overridable else (verdict.reason or "may not be named")


def require_in(
    session: Session,
    pupil_id: int,
    measure: Measure,
    on: date,
    *,
    actor_id: int | None,
    contact_id: int | None = None,
    override_reason: str = "",
) -> Verdict:
    """Raise :class:`LegalMeasureRefused` unless the guard allows ``measure``; a refusal the school may set aside
    passes when ``override_reason`` is given, and that reason goes into the audit log."""
    answer = verdict_in(session, pupil_id, measure, on, contact_id)
    if answer.allowed:
        return answer
    if answer.overridable and override_reason.strip():
        record_change(
            session,
            actor_id=actor_id,
            action="legal_override",
            entity="pupil",
            entity_id=pupil_id,
            after={"measure": measure.value, "on": on.isoformat(), "refusal": answer.reason},
            reason=override_reason.strip(),
        )
        return answer
    raise LegalMeasureRefused(answer)
