"""Casework services: stages and history, the review list, medical plans, contracts, notices, reminders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from attendance_desk.domain.casework import records as rec
from attendance_desk.domain.casework.periods import (
    CaseworkRuleError,
    ContractNextStep,
    ContractStatus,
    MedicalReviewOutcome,
    NoticeOutcome,
)
from attendance_desk.services.casework import contracts as casework_contracts
from attendance_desk.services.casework import notices as casework_notices
from attendance_desk.services.casework import plans as casework_plans
from attendance_desk.services.casework import stages as casework
from attendance_desk.services.legal import LegalMeasureRefused
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AuditEntry, Communication, FollowUpTask
from tests.helpers.accounts import everyone
from tests.helpers.casework_seed import (
    add_marks,
    build_case,
    poor_attendance,
    record_support,
    seed_pupil,
    seed_school,
    unauthorised_history,
    weekdays,
)

SEPT = weekdays(date(2025, 9, 1), date(2025, 10, 10))


@pytest.fixture
def case(store: Store) -> tuple[Store, int, int, list[int]]:
    staff_id = seed_school(store)
    pupil_id, parents = seed_pupil(store)
    add_marks(store, pupil_id, SEPT, poor_attendance)
    return store, staff_id, pupil_id, parents


def _tasks(store: Store, pupil_id: int) -> list[FollowUpTask]:
    with store.session() as session:
        return list(
            session.scalars(select(FollowUpTask).where(FollowUpTask.pupil_id == pupil_id).order_by(FollowUpTask.id))
        )


def _communications(store: Store, pupil_id: int) -> list[Communication]:
    with store.session() as session:
        return list(session.scalars(select(Communication).where(Communication.pupil_id == pupil_id)))


def test_stage_changes_keep_history_with_date_who_and_why(case) -> None:  # type: ignore[no-untyped-def]
    store, staff, pupil, _ = case
    with pytest.raises(CaseworkRuleError, match="Say why"):
        casework.change_stage(store, staff, pupil, "stage1", date(2025, 9, 15), " ")
    casework.change_stage(store, staff, pupil, "stage1", date(2025, 9, 15), "Broken weeks every week")
    casework.change_stage(store, staff, pupil, "stage2", date(2025, 10, 1), "No improvement after meeting")
    with pytest.raises(CaseworkRuleError, match="already at"):
        casework.change_stage(store, staff, pupil, "stage2", date(2025, 10, 2), "again")
    history = casework.stage_history(store, everyone(store), pupil)
    assert [(h.stage_key, h.changed_on, h.staff) for h in history] == [
        ("stage1", date(2025, 9, 15), "Dana Whitfield"),
        ("stage2", date(2025, 10, 1), "Dana Whitfield"),
    ]
    assert history[1].reason == "No improvement after meeting"
    header = casework.pupil_header(store, pupil, date(2025, 10, 10))
    assert header.stage_name == "Stage 2: school attendance meeting and plan"


def test_renamed_stage_keeps_the_name_used_when_decided(case) -> None:  # type: ignore[no-untyped-def]
    store, staff, pupil, _ = case
    casework.change_stage(store, staff, pupil, "stage1", date(2025, 9, 15), "Concern")
    stages = list(casework.load_stages(store))
    stages[1] = type(stages[1])("stage1", "Early help", stages[1].steps)
    casework.save_stages(store, staff, stages)
    assert casework.load_stages(store)[1].name == "Early help"
    assert casework.stage_history(store, everyone(store), pupil)[0].stage_name == "Stage 1: school-led support"
    with pytest.raises(CaseworkRuleError, match="currently at"):
        casework.save_stages(store, staff, [s for s in stages if s.key != "stage1"])


def test_review_list_suggests_but_never_moves(case) -> None:  # type: ignore[no-untyped-def]
    store, _staff, pupil, _ = case
    good, _ = seed_pupil(store, 2)
    add_marks(store, good, SEPT)
    rows = casework.review_list(store, everyone(store), date(2025, 10, 10))
    assert [r.pupil_id for r in rows] == [pupil]
    assert any("broken weeks out of 6 school weeks" in reason for reason in rows[0].reasons)
    assert any("Persistently absent" in reason or "Severely" in reason for reason in rows[0].reasons)
    assert rows[0].suggested_stage == "Stage 1: school-led support"
    assert casework.stage_history(store, everyone(store), pupil) == []


def test_legal_stage_is_refused_for_a_looked_after_child(store: Store) -> None:
    staff = seed_school(store)
    pupil, _ = seed_pupil(store, 3, looked_after=True)
    with pytest.raises(CaseworkRuleError, match="looked after"):
        casework.change_stage(store, staff, pupil, "stage4", date(2025, 10, 1), "Threshold met")


def test_medical_plan_is_filled_from_the_figures_and_reminds_of_its_review(case) -> None:  # type: ignore[no-untyped-def]
    store, staff, pupil, _ = case
    draft = rec.MedicalPlanDraft(date(2025, 10, 10), date(2025, 11, 7), chair="Dana Whitfield")
    draft.medical_issues.append(rec.MedicalIssue("Asthma", "GP", date(2025, 9, 20), "Letter"))
    plan = casework_plans.create_medical_plan(store, staff, pupil, draft)
    # 6 weeks: 6 Mondays (12 sessions O) + 6 Friday afternoons (I) = 18 of 60 sessions absent.
    assert plan.figures.attendance_percent == Decimal("70.00")
    assert plan.figures.broken_weeks == 6 and plan.figures.school_weeks == 6
    assert plan.figures.days_off == Decimal(9)
    assert plan.draft.send == "SEN support"
    assert plan.review_warning is None  # 7 November is 3 school weeks on (half-term not counted)
    tasks = _tasks(store, pupil)
    assert [(t.kind, t.due_on, t.done_at is None) for t in tasks] == [
        ("casework:medical_plan_review", date(2025, 11, 7), True)
    ]
    assert [c.method for c in _communications(store, pupil)] == ["meeting"]
    assert "Asthma" not in _communications(store, pupil)[0].summary  # no medical detail in the MIS log

    reviewed = casework_plans.review_medical_plan(
        store, staff, plan.id, date(2025, 11, 7), "Better", MedicalReviewOutcome.CONTINUE, date(2025, 12, 5)
    )
    assert reviewed.next_review == date(2025, 12, 5)
    tasks = _tasks(store, pupil)
    assert [(t.due_on, t.done_at is not None) for t in tasks] == [(date(2025, 11, 7), True), (date(2025, 12, 5), False)]
    closed = casework_plans.review_medical_plan(
        store, staff, plan.id, date(2025, 12, 5), "No change", MedicalReviewOutcome.NO_MEDICAL_REASON, None
    )
    assert closed.closed_on == date(2025, 12, 5) and closed.next_review is None
    assert all(t.done_at is not None for t in _tasks(store, pupil))
    with pytest.raises(CaseworkRuleError, match="closed"):
        casework_plans.review_medical_plan(
            store, staff, plan.id, date(2025, 12, 6), "", MedicalReviewOutcome.CONTINUE, date(2026, 1, 9)
        )


def test_medical_plan_warns_when_review_is_more_than_an_academic_month_away(case) -> None:  # type: ignore[no-untyped-def]
    store, staff, pupil, _ = case
    plan = casework_plans.create_medical_plan(
        store, staff, pupil, rec.MedicalPlanDraft(date(2025, 9, 10), date(2025, 10, 22))
    )
    assert plan.review_warning is not None and "6 school weeks" in plan.review_warning


def test_contract_cannot_be_agreed_when_the_parent_was_absent(case) -> None:  # type: ignore[no-untyped-def]
    store, staff, pupil, _ = case
    parents = casework_contracts.parents_for(store, everyone(store), pupil)
    assert [p.name for p in parents] == ["Mrs Anna Nowak", "Mr Piotr Nowak"]
    draft = rec.ContractDraft(date(2025, 10, 6), ContractStatus.AGREED, parents)
    with pytest.raises(CaseworkRuleError, match="cannot be agreed in a parent's absence"):
        casework_contracts.record_contract(store, staff, pupil, draft)
    assert casework_contracts.contracts(store, everyone(store), pupil) == []
    draft.status, draft.status_reason = ContractStatus.OFFERED_NOT_AGREED, "Parents did not come to the meeting"
    offered = casework_contracts.record_contract(store, staff, pupil, draft)
    assert offered.status_label == "Offered, not agreed"
    assert _tasks(store, pupil) == []  # nothing to review


def test_agreed_contract_and_its_review(case) -> None:  # type: ignore[no-untyped-def]
    store, staff, pupil, _ = case
    parents = casework_contracts.parents_for(store, everyone(store), pupil)[:1]
    parents[0].attended = True
    draft = rec.ContractDraft(
        date(2025, 9, 19), ContractStatus.AGREED, parents, review_weeks=3, barriers="Mornings are hard"
    )
    contract = casework_contracts.record_contract(store, staff, pupil, draft)
    assert contract.draft.review_at is not None and contract.draft.review_at.date() == date(2025, 10, 10)
    assert contract.figures.sessions_missed == 9  # 3 Mondays (6 sessions) + 3 Friday afternoons, to 19 September
    assert contract.figures.unauthorised_percent == Decimal("20.00")
    assert [t.due_on for t in _tasks(store, pupil)] == [date(2025, 10, 10)]

    review = casework_contracts.review_contract(
        store,
        staff,
        contract.id,
        rec.ContractReviewDraft(date(2025, 10, 10), ContractNextStep.CLOSE, actions_met=[True, False]),
    )
    # 22 September to 10 October: 15 school days, 30 possible, 3 Mondays O and 3 Friday PMs I.
    assert (review.reviews[0].sessions_possible, review.reviews[0].sessions_attended) == (30, 21)
    assert review.closed_on == date(2025, 10, 10)
    assert [a.met for a in review.draft.actions[:2]] == [True, False]
    assert all(t.done_at is not None for t in _tasks(store, pupil))


def test_notice_to_improve_period_straddles_half_term_and_is_reviewed(case) -> None:  # type: ignore[no-untyped-def]
    store, staff, pupil, _ = case
    with pytest.raises(LegalMeasureRefused, match="No support is recorded"):
        casework_notices.issue_notice_to_improve(
            store, staff, pupil, date(2025, 10, 10), 3, support_given="Meetings", support_offered="Key adult"
        )
    notice = casework_notices.issue_notice_to_improve(
        store,
        staff,
        pupil,
        date(2025, 10, 10),
        3,
        support_given="Meetings and a contract",
        support_offered="Key adult",
        override_reason="Support was offered by phone before the pupil joined this system",
    )
    with store.session() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "legal_override")).one()
        assert audit.reason.startswith("Support was offered by phone") and "notice_to_improve" in str(audit.after)
    # Starts Monday 13 October; half-term is the week of 27 October; ends Friday 7 November.
    assert (notice.period.start, notice.period.end) == (date(2025, 10, 13), date(2025, 11, 7))
    assert notice.period.holiday_weeks_skipped == (date(2025, 10, 27),)
    assert "no more than 10%" in notice.criteria
    assert [t.due_on for t in _tasks(store, pupil)] == [date(2025, 11, 7)]
    add_marks(store, pupil, weekdays(date(2025, 10, 13), date(2025, 11, 7), [date(2025, 10, 27)]), poor_attendance)
    reviewed = casework_notices.review_notice_to_improve(store, staff, notice.id, date(2025, 11, 7))
    assert reviewed.outcome is NoticeOutcome.NOT_IMPROVED
    assert reviewed.period_unauthorised_percent == Decimal("20.00")


def test_notices_are_never_offered_outside_compulsory_school_age(store: Store) -> None:
    staff = seed_school(store)
    reception, parents = seed_pupil(store, 4, born=date(2020, 10, 1))  # compulsory school age from 31/12/2025
    with pytest.raises(CaseworkRuleError, match="not of compulsory school age"):
        casework_notices.issue_notice_to_improve(
            store, staff, reception, date(2025, 10, 10), 3, support_given="x", support_offered="y"
        )
    with pytest.raises(CaseworkRuleError, match="not of compulsory school age"):
        casework_notices.record_penalty_notice(store, staff, reception, parents[0], date(2025, 10, 10))


def test_penalty_notices_per_parent_amounts_payment_and_limit(case) -> None:  # type: ignore[no-untyped-def]
    store, staff, pupil, parents = case
    unauthorised_history(store, pupil, date(2024, 9, 2), date(2025, 7, 18))
    record_support(store, staff, pupil, date(2024, 9, 20))
    first = casework_notices.record_penalty_notice(store, staff, pupil, parents[0], date(2025, 1, 6), date(2025, 1, 8))
    with pytest.raises(CaseworkRuleError, match="already recorded"):  # the same notice keyed twice
        casework_notices.record_penalty_notice(store, staff, pupil, parents[0], date(2025, 1, 6), date(2025, 1, 8))
    assert (first.sequence, first.reduced_amount, first.full_amount) == (1, Decimal(80), Decimal(160))
    assert (first.reduced_due, first.full_due) == (date(2025, 1, 29), date(2025, 2, 5))
    assert [t.due_on for t in _tasks(store, pupil)] == [date(2025, 1, 29), date(2025, 2, 5)]
    paid = casework_notices.update_penalty_notice(store, staff, first.id, paid_on=date(2025, 2, 1))
    assert paid.amount_paid == Decimal(160)
    assert all(t.done_at is not None for t in _tasks(store, pupil))

    other_parent = casework_notices.record_penalty_notice(store, staff, pupil, parents[1], date(2025, 1, 6))
    assert other_parent.sequence == 1  # limits are per parent

    second = casework_notices.record_penalty_notice(store, staff, pupil, parents[0], date(2025, 6, 2))
    assert (second.sequence, second.reduced_amount, second.full_amount) == (2, None, Decimal(160))
    status = casework_notices.penalty_limit_status(store, everyone(store), pupil, parents[0], date(2025, 9, 1))
    assert status.limit_reached and status.warning and "06/01/2028" in status.warning
    with pytest.raises(LegalMeasureRefused, match="No further notice can be issued before 06/01/2028"):
        casework_notices.record_penalty_notice(store, staff, pupil, parents[0], date(2025, 7, 14))
    assert len(casework_notices.penalty_notices(store, everyone(store), pupil)) == 3
    with pytest.raises(CaseworkRuleError, match="reason"):
        casework_notices.update_penalty_notice(store, staff, second.id, withdrawn_on=date(2025, 6, 9))
    casework_notices.update_penalty_notice(
        store, staff, second.id, withdrawn_on=date(2025, 6, 9), withdrawn_reason="Issued to the wrong address"
    )
    assert not casework_notices.penalty_limit_status(
        store, everyone(store), pupil, parents[0], date(2025, 9, 1)
    ).limit_reached


def test_meeting_record_numbers_meetings_and_logs_them(case) -> None:  # type: ignore[no-untyped-def]
    store, staff, pupil, _ = case
    draft = rec.MeetingDraft(
        date(2025, 10, 1),
        attendees="Mrs Nowak, Dana Whitfield",
        actions=[rec.MeetingAction("Morning check-in", "Key adult", "Daily")],
        next_meeting_date=date(2025, 11, 5),
    )
    with pytest.raises(CaseworkRuleError, match="who attended"):
        casework_plans.record_meeting(store, staff, pupil, rec.MeetingDraft(date(2025, 10, 1)))
    first = casework_plans.record_meeting(store, staff, pupil, draft)
    second = casework_plans.record_meeting(store, staff, pupil, draft)
    assert (first.meeting_number, second.meeting_number) == (1, 2)
    assert casework_plans.meetings(store, everyone(store), pupil)[0].draft.actions[0].responsibility == "Key adult"
    assert [c.method for c in _communications(store, pupil)] == ["meeting", "meeting"]
    assert [t.due_on for t in _tasks(store, pupil)] == [date(2025, 11, 5)] * 2


def test_a_full_case_builds_and_its_chronology_lists_every_kind(store: Store) -> None:
    from attendance_desk.services.casework.printing import chronology_for

    ids = build_case(store)
    chronology = chronology_for(store, everyone(store), ids["pupil"])
    kinds = {e.kind for e in chronology.entries}
    assert {
        "stage",
        "medical_plan",
        "medical_plan_review",
        "meeting",
        "contract",
        "contract_review",
        "notice_to_improve",
        "penalty_notice",
        "weekly_attendance",
    } <= kinds
    assert [e.at for e in chronology.entries] == sorted(e.at for e in chronology.entries)
    weeks = [e for e in chronology.entries if e.kind == "weekly_attendance"]
    assert weeks[0].title == "Week of 01/09/2025: 70.00% attendance (7 of 10 sessions)"
    assert weeks[0].detail == "Absent: I×1, O×2"
    only_stages = chronology_for(store, everyone(store), ids["pupil"], kinds={"stage"})
    assert [e.title for e in only_stages.entries] == [
        "Moved to Stage 1: school-led support",
        "Moved to Stage 2: school attendance meeting and plan",
        "Moved to Stage 3: formal support",
    ]
    october = chronology_for(store, everyone(store), ids["pupil"], date(2025, 10, 1), date(2025, 10, 31))
    assert all(date(2025, 10, 1) <= e.at.date() <= date(2025, 10, 31) for e in october.entries)
