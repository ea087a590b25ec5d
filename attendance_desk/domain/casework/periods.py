"""Rules for plans, contracts, meetings and notices: periods in school weeks, review dates, agreement.

School weeks here are forward-looking (an improvement period or a review date lies in the future), so they
cannot come from the register. They are counted against an explicit set of holiday weeks (the Monday of each
Monday-to-Sunday week in which the school does not meet), which the caller takes from the school's term dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from attendance_desk.domain.calendar import week_start


class CaseworkRuleError(ValueError):
    """A record breaks one of the casework rules; the message says which and how to put it right."""


# --- school weeks across holidays -------------------------------------------------------------------------------

ACADEMIC_MONTH_SCHOOL_WEEKS = 4
""""No more than one academic month" for a medical action plan review: four school weeks, holidays not counted."""


def _holiday_mondays(holiday_weeks: Iterable[date]) -> frozenset[date]:
    return frozenset(week_start(d) for d in holiday_weeks)


def school_weeks_after(start: date, end: date, holiday_weeks: Iterable[date]) -> int:
    """School weeks from the week after ``start``'s week up to and including ``end``'s week (0 if end ≤ start)."""
    holidays = _holiday_mondays(holiday_weeks)
    monday = week_start(start) + timedelta(weeks=1)
    last = week_start(end)
    count = 0
    while monday <= last:
        if monday not in holidays:
            count += 1
        monday += timedelta(weeks=1)
    return count


def add_school_weeks(start: date, weeks: int, holiday_weeks: Iterable[date]) -> date:
    """The same weekday as ``start``, ``weeks`` school weeks later (holiday weeks are stepped over)."""
    holidays = _holiday_mondays(holiday_weeks)
    day = start
    counted = 0
    while counted < weeks:
        day += timedelta(weeks=1)
        if week_start(day) not in holidays:
            counted += 1
    return day


@dataclass(frozen=True, slots=True)
class ImprovementPeriod:
    start: date  # the Monday (or later start day) of the first school week
    end: date  # the Friday of the last school week
    school_weeks: int
    holiday_weeks_skipped: tuple[date, ...]  # Mondays of holiday weeks inside the period

    def describe(self) -> str:
        text = f"{self.school_weeks} school weeks, {self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"
        if self.holiday_weeks_skipped:
            weeks = len(self.holiday_weeks_skipped)
            text += f" ({weeks} holiday week{'s' if weeks > 1 else ''} not counted)"
        return text


NTI_MIN_WEEKS = 3
NTI_MAX_WEEKS = 6


def improvement_period(start: date, school_weeks: int, holiday_weeks: Iterable[date]) -> ImprovementPeriod:
    """The improvement period of a Notice to Improve: ``school_weeks`` (3 to 6) whole school weeks.

    The period starts on ``start`` (moved to the next school Monday when ``start`` falls at a weekend or in a
    holiday week); ``start``'s own week counts as the first school week. It ends on the Friday of the last school
    week, so a period can straddle a half-term or the summer without losing any school time.
    """
    if not NTI_MIN_WEEKS <= school_weeks <= NTI_MAX_WEEKS:
        raise CaseworkRuleError(
            f"An improvement period must be between {NTI_MIN_WEEKS} and {NTI_MAX_WEEKS} school weeks "
            f"(not {school_weeks})."
        )
    holidays = _holiday_mondays(holiday_weeks)
    first = start
    if first.weekday() >= 5:
        first = week_start(first) + timedelta(weeks=1)
    while week_start(first) in holidays:
        first = week_start(first) + timedelta(weeks=1)
    monday = week_start(first)
    skipped: list[date] = []
    counted = 1
    while counted < school_weeks:
        monday += timedelta(weeks=1)
        if monday in holidays:
            skipped.append(monday)
        else:
            counted += 1
    return ImprovementPeriod(first, monday + timedelta(days=4), school_weeks, tuple(skipped))


# --- medical action plans ----------------------------------------------------------------------------------------


class MedicalReviewOutcome(StrEnum):
    CONTINUE = "continue"
    MEDICAL_NEED_JUSTIFIED = "medical_need_justified"
    NO_MEDICAL_REASON = "no_medical_reason"


MEDICAL_REVIEW_OUTCOME_LABELS = {
    MedicalReviewOutcome.CONTINUE: "Continue the plan and review again",
    MedicalReviewOutcome.MEDICAL_NEED_JUSTIFIED: "Medical need justifies the absence",
    MedicalReviewOutcome.NO_MEDICAL_REASON: "Absence no longer explained by a medical need: move to stage 2",
}

INVITEE_ROLES = ("Pupil", "Parent or carer", "School staff", "School governor", "School nurse", "Other agencies")


def review_date_warning(plan_date: date, review_date: date, holiday_weeks: Iterable[date]) -> str | None:
    """A warning when a medical plan's review is further away than one academic month (or before the plan)."""
    if review_date <= plan_date:
        return f"The review date ({review_date:%d/%m/%Y}) must come after the plan date ({plan_date:%d/%m/%Y})."
    weeks = school_weeks_after(plan_date, review_date, holiday_weeks)
    if weeks > ACADEMIC_MONTH_SCHOOL_WEEKS:
        return (
            f"The review on {review_date:%d/%m/%Y} is {weeks} school weeks after the plan: keep the review period "
            f"short, no more than one academic month ({ACADEMIC_MONTH_SCHOOL_WEEKS} school weeks)."
        )
    return None


def default_review_date(plan_date: date, holiday_weeks: Iterable[date]) -> date:
    return add_school_weeks(plan_date, ACADEMIC_MONTH_SCHOOL_WEEKS, holiday_weeks)


# --- attendance contracts ---------------------------------------------------------------------------------------


class ContractStatus(StrEnum):
    AGREED = "agreed"  # agreed at a meeting a parent attended
    OFFERED_NOT_AGREED = "offered_not_agreed"
    NOT_USED = "not_used"  # the school decided a contract was not appropriate


CONTRACT_STATUS_LABELS = {
    ContractStatus.AGREED: "Agreed at the meeting",
    ContractStatus.OFFERED_NOT_AGREED: "Offered, not agreed",
    ContractStatus.NOT_USED: "No contract used",
}

CONTRACT_REVIEW_WEEKS = (2, 3, 4, 5, 6)


class ContractNextStep(StrEnum):
    CLOSE = "close"
    RE_REVIEW = "re_review"
    CASE_MANAGEMENT = "case_management"
    REFER = "refer"


CONTRACT_NEXT_STEP_LABELS = {
    ContractNextStep.CLOSE: "Actions met and attendance improved: close",
    ContractNextStep.RE_REVIEW: "Some progress, some actions met: review again",
    ContractNextStep.CASE_MANAGEMENT: "Limited progress, more targeted support needed: case management",
    ContractNextStep.REFER: "Little or no engagement or progress: refer (Fast Track)",
}

ACTION_PARTIES = ("Parents", "Pupil", "School", "Other agencies")


@dataclass(frozen=True, slots=True)
class ContractParent:
    name: str
    attended: bool


def check_contract(
    status: ContractStatus, parents: Sequence[ContractParent], review_weeks: int | None, reason: str
) -> None:
    """Refuse a contract record the rules do not allow.

    A contract can never be agreed in a parent's absence: an agreed contract needs at least one parent who was at
    the meeting, and every parent it names as agreeing must have been there. A contract offered and not agreed,
    or not used at all, needs the reason.
    """
    if status is ContractStatus.AGREED:
        if not parents:
            raise CaseworkRuleError("An agreed contract must name the parent or parents who agreed it.")
        absent = [p.name or "a parent" for p in parents if not p.attended]
        if absent:
            raise CaseworkRuleError(
                "A contract cannot be agreed in a parent's absence: "
                f"{', '.join(absent)} did not attend the meeting. Remove them from the contract or record it as "
                "offered and not agreed, with the reason."
            )
        if review_weeks not in CONTRACT_REVIEW_WEEKS:
            raise CaseworkRuleError("The review period of a contract must be 2, 3, 4, 5 or 6 weeks.")
    elif not reason.strip():
        what = "offered and not agreed" if status is ContractStatus.OFFERED_NOT_AGREED else "not used"
        raise CaseworkRuleError(f"Record why the contract was {what}.")
    if len(parents) > 2:
        raise CaseworkRuleError("A contract names at most two parents.")


# --- Notice to Improve ----------------------------------------------------------------------------------------

DEFAULT_NTI_MAX_UNAUTHORISED_PERCENT = Decimal(10)


class NoticeOutcome(StrEnum):
    IMPROVED = "improved"
    NOT_IMPROVED = "not_improved"


def nti_improved(unauthorised_percent: Decimal | None, max_unauthorised_percent: Decimal) -> bool:
    """Did the period meet the stated criterion (no more than the given unauthorised absence)?

    No possible sessions in the period (``None``) cannot show improvement or its lack; it counts as improved so
    that nothing is escalated on an empty record.
    """
    return unauthorised_percent is None or unauthorised_percent <= max_unauthorised_percent
