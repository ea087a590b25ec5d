"""Notices to Improve and penalty notices.

Neither is ever offered for a pupil who is not of compulsory school age or who is looked after (the services
refuse, with the reason). A Notice to Improve sets an improvement period of 3 to 6 school weeks, counted across
holidays; its review compares the unauthorised absence in the period with the stated criterion. Penalty notices
are kept per parent per child with their 2024 amounts; a third within three years is refused with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from attendance_desk.domain.access import Permission
from attendance_desk.domain.casework.penalties import (
    LIMIT_PER_PARENT_PER_CHILD,
    NoticeTerms,
    PenaltyLimitReached,
    PriorNotice,
    counting_notices,
    notice_terms,
)
from attendance_desk.domain.casework.periods import (
    DEFAULT_NTI_MAX_UNAUTHORISED_PERCENT,
    ImprovementPeriod,
    NoticeOutcome,
    improvement_period,
    nti_improved,
)
from attendance_desk.domain.casework.records import (
    NoticeToImproveView,
    PenaltyNoticeView,
)
from attendance_desk.domain.legal_guard import Measure
from attendance_desk.services.access import require
from attendance_desk.services.casework.stages import (
    CaseworkError,
    add_communication,
    add_follow_up,
    close_follow_ups,
    holiday_weeks,
    period_figures,
    planned_calendar,
    pupil_or_error,
)
from attendance_desk.services.legal import require_in
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, NoticeToImprove, PenaltyNotice


def default_criteria(max_percent: Decimal) -> str:
    return (
        f"Sufficient improvement means no more than {max_percent.normalize():f}% of possible sessions missed "
        "without authorisation during the improvement period."
    )


def plan_improvement_period(store: Store, issued_on: date, school_weeks: int) -> ImprovementPeriod:
    """The period a notice issued on ``issued_on`` would set (starting the day after it is issued)."""
    with store.session() as session:
        return _plan_period(session, issued_on, school_weeks)


def _plan_period(session: Any, issued_on: date, school_weeks: int) -> ImprovementPeriod:
    start = issued_on + timedelta(days=1)
    holidays = holiday_weeks(start, start + timedelta(weeks=school_weeks + 10), planned_calendar(session))
    return improvement_period(start, school_weeks, holidays)


def _nti_view(row: NoticeToImprove) -> NoticeToImproveView:
    period = ImprovementPeriod(
        row.period_start, row.period_end, row.school_weeks, tuple(date.fromisoformat(d) for d in row.holiday_weeks)
    )
    return NoticeToImproveView(
        row.id,
        row.pupil_id,
        row.issued_on,
        period,
        row.max_unauthorised_percent,
        row.criteria,
        row.support_given,
        row.support_offered,
        NoticeOutcome(row.outcome) if row.outcome else None,
        row.reviewed_on,
        row.period_unauthorised_percent,
        row.review_note,
    )


def issue_notice_to_improve(
    store: Store,
    actor_id: int | None,
    pupil_id: int,
    issued_on: date,
    school_weeks: int,
    *,
    support_given: str,
    support_offered: str,
    max_unauthorised_percent: Decimal = DEFAULT_NTI_MAX_UNAUTHORISED_PERCENT,
    criteria: str = "",
    override_reason: str = "",
) -> NoticeToImproveView:
    require(store, actor_id, Permission.LEGAL)
    if not support_given.strip():
        raise CaseworkError(
            "Describe the support given so far: a Notice to Improve follows support, never replaces it."
        )
    if not support_offered.strip():
        raise CaseworkError("Describe the further support on offer during the improvement period.")
    if not Decimal(0) <= max_unauthorised_percent <= Decimal(100):
        raise CaseworkError("The improvement criterion must be a percentage between 0 and 100.")
    with store.transaction() as session:
        pupil_or_error(session, pupil_id)
        require_in(
            session,
            pupil_id,
            Measure.NOTICE_TO_IMPROVE,
            issued_on,
            actor_id=actor_id,
            override_reason=override_reason,
        )
        period = _plan_period(session, issued_on, school_weeks)
        communication_id = add_communication(
            session,
            pupil_id=pupil_id,
            on=issued_on,
            method="letter",
            outcome="Notice to Improve issued",
            summary=f"Notice to Improve issued; improvement period {period.describe()}.",
            actor_id=actor_id,
        )
        row = NoticeToImprove(
            pupil_id=pupil_id,
            issued_on=issued_on,
            period_start=period.start,
            period_end=period.end,
            school_weeks=period.school_weeks,
            holiday_weeks=[d.isoformat() for d in period.holiday_weeks_skipped],
            max_unauthorised_percent=max_unauthorised_percent,
            criteria=criteria.strip() or default_criteria(max_unauthorised_percent),
            support_given=support_given.strip(),
            support_offered=support_offered.strip(),
            created_by=actor_id,
            communication_id=communication_id,
        )
        session.add(row)
        session.flush()
        add_follow_up(
            session,
            pupil_id=pupil_id,
            kind="nti_period_end",
            title="Improvement period ends: review the Notice to Improve",
            due_on=period.end,
            actor_id=actor_id,
            source=f"notices_to_improve:{row.id}",
        )
        record_change(
            session,
            actor_id=actor_id,
            action="create",
            entity="notices_to_improve",
            entity_id=row.id,
            after={
                "pupil_id": pupil_id,
                "period_start": period.start.isoformat(),
                "period_end": period.end.isoformat(),
            },
        )
        return _nti_view(row)


def review_notice_to_improve(
    store: Store, actor_id: int | None, notice_id: int, reviewed_on: date, note: str = ""
) -> NoticeToImproveView:
    """Compare the unauthorised absence in the improvement period with the notice's criterion."""
    require(store, actor_id, Permission.LEGAL)
    with store.transaction() as session:
        row = session.get(NoticeToImprove, notice_id)
        if row is None:
            raise CaseworkError(f"There is no Notice to Improve with id {notice_id}.")
        if row.outcome is not None:
            raise CaseworkError(f"This notice was reviewed on {row.reviewed_on:%d/%m/%Y}.")
        f = period_figures(session, row.pupil_id, row.period_start, min(row.period_end, reviewed_on))
        improved = nti_improved(f.unauthorised_percent, row.max_unauthorised_percent)
        verdict = "sufficient" if improved else "insufficient"
        shown = "no possible sessions" if f.unauthorised_percent is None else f"{f.unauthorised_percent}% unauthorised"
        # The review is one change of the notice (one kept version), so the communication is written first.
        review_communication_id = add_communication(
            session,
            pupil_id=row.pupil_id,
            on=reviewed_on,
            method="letter",
            outcome="Improvement period reviewed",
            summary=f"Notice to Improve reviewed: {verdict} improvement ({shown}).",
            actor_id=actor_id,
        )
        row.outcome = (NoticeOutcome.IMPROVED if improved else NoticeOutcome.NOT_IMPROVED).value
        row.reviewed_on = reviewed_on
        row.period_unauthorised_percent = f.unauthorised_percent
        row.review_note = note.strip()
        row.reviewed_by = actor_id
        row.review_communication_id = review_communication_id
        close_follow_ups(session, f"notices_to_improve:{row.id}", actor_id, f"Reviewed on {reviewed_on:%d/%m/%Y}")
        record_change(
            session,
            actor_id=actor_id,
            action="update",
            entity="notices_to_improve",
            entity_id=row.id,
            after={"outcome": row.outcome},
            reason=note,
        )
        return _nti_view(row)


def notices_to_improve(store: Store, actor_id: int | None, pupil_id: int) -> list[NoticeToImproveView]:
    require(store, actor_id, Permission.READ_PUPILS)
    with store.session() as session:
        rows = session.scalars(
            select(NoticeToImprove)
            .where(NoticeToImprove.pupil_id == pupil_id)
            .order_by(NoticeToImprove.issued_on, NoticeToImprove.id)
        )
        return [_nti_view(r) for r in rows]


# --- penalty notices --------------------------------------------------------------------------------------------


def _terms(row: PenaltyNotice) -> NoticeTerms:
    return NoticeTerms(row.sequence, row.reduced_amount, row.full_amount)


def _pn_view(row: PenaltyNotice) -> PenaltyNoticeView:
    reduced_due, full_due = _terms(row).due_dates(row.received_on)
    return PenaltyNoticeView(
        row.id,
        row.pupil_id,
        row.contact_id,
        row.parent_name,
        row.issued_on,
        row.received_on,
        row.sequence,
        row.reduced_amount,
        row.full_amount,
        reduced_due,
        full_due,
        row.reference,
        row.paid_on,
        row.amount_paid,
        row.withdrawn_on,
        row.withdrawn_reason,
        row.prosecuted_on,
    )


def _prior(session: object, pupil_id: int, contact_id: int | None, parent_name: str) -> list[PriorNotice]:
    query = select(PenaltyNotice).where(PenaltyNotice.pupil_id == pupil_id)
    query = (
        query.where(PenaltyNotice.contact_id == contact_id)
        if contact_id
        else query.where(PenaltyNotice.parent_name == parent_name)
    )
    return [PriorNotice(r.issued_on, r.withdrawn_on is not None) for r in session.scalars(query)]  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class PenaltyLimitStatus:
    counting: int
    limit_reached: bool
    warning: str | None


def penalty_limit_status(
    store: Store, actor_id: int | None, pupil_id: int, contact_id: int, on: date
) -> PenaltyLimitStatus:
    """How many notices count for this parent and child on ``on``, and the warning at the limit."""
    require(store, actor_id, Permission.READ_PUPILS)
    with store.session() as session:
        prior = _prior(session, pupil_id, contact_id, "")
    counting = counting_notices(prior, on)
    if len(counting) >= LIMIT_PER_PARENT_PER_CHILD:
        return PenaltyLimitStatus(len(counting), True, str(PenaltyLimitReached(counting, on)))
    return PenaltyLimitStatus(len(counting), False, None)


def record_penalty_notice(
    store: Store,
    actor_id: int | None,
    pupil_id: int,
    contact_id: int,
    issued_on: date,
    received_on: date | None = None,
    reference: str = "",
    override_reason: str = "",
) -> PenaltyNoticeView:
    """Record a notice issued by the local authority to one parent. Refused at the limit, or when barred."""
    require(store, actor_id, Permission.LEGAL)
    received_on = received_on or issued_on
    if received_on < issued_on:
        raise CaseworkError("A notice cannot be received before it was issued.")
    with store.transaction() as session:
        pupil_or_error(session, pupil_id)
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise CaseworkError(f"There is no contact with id {contact_id}.")
        prior = _prior(session, pupil_id, contact_id, "")
        if any(n.issued_on == issued_on and not n.withdrawn for n in prior):
            raise CaseworkError(
                f"A penalty notice to this parent for this child dated {issued_on:%d/%m/%Y} is already recorded."
            )
        require_in(
            session,
            pupil_id,
            Measure.PENALTY_REQUEST,
            issued_on,
            actor_id=actor_id,
            contact_id=contact_id,
            override_reason=override_reason,
        )
        terms = notice_terms(prior, issued_on)  # the guard has refused at the limit already
        amounts = (
            f"£{terms.reduced_amount} within 21 days or £{terms.full_amount} within 28 days"
            if terms.reduced_amount is not None
            else f"£{terms.full_amount} within 28 days"
        )
        communication_id = add_communication(
            session,
            pupil_id=pupil_id,
            on=issued_on,
            method="letter",
            outcome="Penalty notice issued",
            summary=f"Penalty notice {terms.sequence} issued to a parent: {amounts}.",
            actor_id=actor_id,
        )
        row = PenaltyNotice(
            pupil_id=pupil_id,
            contact_id=contact_id,
            parent_name=contact.display_name,
            issued_on=issued_on,
            received_on=received_on,
            sequence=terms.sequence,
            reduced_amount=terms.reduced_amount,
            full_amount=terms.full_amount,
            reference=reference.strip(),
            created_by=actor_id,
            communication_id=communication_id,
        )
        session.add(row)
        session.flush()
        view = _pn_view(row)
        source = f"penalty_notices:{row.id}"
        if view.reduced_due:
            add_follow_up(
                session,
                pupil_id=pupil_id,
                kind="penalty_payment",
                title="Penalty notice: reduced-rate payment date",
                due_on=view.reduced_due,
                actor_id=actor_id,
                source=source,
            )
        add_follow_up(
            session,
            pupil_id=pupil_id,
            kind="penalty_payment",
            title="Penalty notice: last payment date",
            due_on=view.full_due,
            actor_id=actor_id,
            source=source,
        )
        record_change(
            session,
            actor_id=actor_id,
            action="create",
            entity="penalty_notices",
            entity_id=row.id,
            after={"pupil_id": pupil_id, "contact_id": contact_id, "sequence": terms.sequence},
        )
        return view


def update_penalty_notice(
    store: Store,
    actor_id: int | None,
    notice_id: int,
    *,
    paid_on: date | None = None,
    withdrawn_on: date | None = None,
    withdrawn_reason: str = "",
    prosecuted_on: date | None = None,
) -> PenaltyNoticeView:
    """Record payment (the amount follows from the date), withdrawal (with reason) or referral for prosecution."""
    require(store, actor_id, Permission.LEGAL)
    with store.transaction() as session:
        row = session.get(PenaltyNotice, notice_id)
        if row is None:
            raise CaseworkError(f"There is no penalty notice with id {notice_id}.")
        if row.paid_on or row.withdrawn_on:
            raise CaseworkError("This notice is already settled (paid or withdrawn).")
        view = _pn_view(row)
        before = {"paid_on": row.paid_on, "withdrawn_on": row.withdrawn_on, "prosecuted_on": row.prosecuted_on}
        if paid_on is not None:
            amount = _terms(row).amount_payable(row.received_on, paid_on)
            if amount is None:
                raise CaseworkError(
                    f"The 28 days for payment ended on {view.full_due:%d/%m/%Y}: a later payment "
                    "is a matter for the local authority."
                )
            row.paid_on, row.amount_paid = paid_on, amount
        if withdrawn_on is not None:
            if not withdrawn_reason.strip():
                raise CaseworkError("Give the reason the notice was withdrawn.")
            row.withdrawn_on, row.withdrawn_reason = withdrawn_on, withdrawn_reason.strip()
        if prosecuted_on is not None:
            row.prosecuted_on = prosecuted_on
        if row.paid_on or row.withdrawn_on:
            close_follow_ups(session, f"penalty_notices:{row.id}", actor_id, "Notice settled")
        record_change(
            session,
            actor_id=actor_id,
            action="update",
            entity="penalty_notices",
            entity_id=row.id,
            before=before,
            after={"paid_on": row.paid_on, "withdrawn_on": row.withdrawn_on, "prosecuted_on": row.prosecuted_on},
            reason=withdrawn_reason,
        )
        return _pn_view(row)


def penalty_notices(store: Store, actor_id: int | None, pupil_id: int) -> list[PenaltyNoticeView]:
    require(store, actor_id, Permission.READ_PUPILS)
    with store.session() as session:
        rows = session.scalars(
            select(PenaltyNotice)
            .where(PenaltyNotice.pupil_id == pupil_id)
            .order_by(PenaltyNotice.issued_on, PenaltyNotice.id)
        )
        return [_pn_view(r) for r in rows]
