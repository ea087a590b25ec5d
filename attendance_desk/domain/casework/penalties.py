"""Penalty notices under the 2024 national framework, and who may never be offered legal measures.

- A first notice to a parent for a child is £80 if paid within 21 days of receipt, £160 within 28 days.
- A second notice to the same parent for the same child within three years of the first is a flat £160 within
  28 days.
- No more than two notices per parent per child in any rolling three years: at the limit no notice can be issued
  and other action (usually prosecution) is considered instead. Withdrawn notices do not count; paid notices and
  unpaid notices that went to prosecution do. Only notices issued from 19 August 2024 count.
- Legal measures (Notice to Improve, penalty notices, prosecution) apply only to pupils of compulsory school age,
  and this product never offers them for looked-after children: the local authority is their corporate parent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from attendance_desk.domain.school_age import (
    compulsory_school_age_end,
    compulsory_school_age_start,
    is_of_compulsory_school_age,
)

FRAMEWORK_START = date(2024, 8, 19)
FIRST_REDUCED_AMOUNT = Decimal(80)
FULL_AMOUNT = Decimal(160)
REDUCED_PERIOD_DAYS = 21
FULL_PERIOD_DAYS = 28
LIMIT_PER_PARENT_PER_CHILD = 2
LIMIT_YEARS = 3


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return date(day.year - years, 3, 1)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


@dataclass(frozen=True, slots=True)
class PriorNotice:
    """A notice already issued to this parent for this child."""

    issued_on: date
    withdrawn: bool = False


@dataclass(frozen=True, slots=True)
class NoticeTerms:
    sequence: int  # 1 = first notice in the three years, 2 = second
    reduced_amount: Decimal | None  # None: no reduced rate (second notice)
    full_amount: Decimal

    def due_dates(self, received_on: date) -> tuple[date | None, date]:
        """(last day for the reduced amount, last day for the full amount), counted from receipt."""
        reduced = received_on + timedelta(days=REDUCED_PERIOD_DAYS) if self.reduced_amount is not None else None
        return reduced, received_on + timedelta(days=FULL_PERIOD_DAYS)

    def amount_payable(self, received_on: date, paid_on: date) -> Decimal | None:
        """What a payment on ``paid_on`` settles the notice for; None once the 28 days have passed."""
        reduced_by, full_by = self.due_dates(received_on)
        if reduced_by is not None and paid_on <= reduced_by:
            return self.reduced_amount
        if paid_on <= full_by:
            return self.full_amount
        return None


class PenaltyLimitReached(ValueError):
    """Two notices for this parent and child already count within three years."""

    def __init__(self, counting: Sequence[PriorNotice], on: date) -> None:
        oldest = min(n.issued_on for n in counting)
        self.next_possible = _years_after(oldest, LIMIT_YEARS)
        super().__init__(
            f"This parent has already had {len(counting)} penalty notices for this child in the three years to "
            f"{on:%d/%m/%Y} (the first on {oldest:%d/%m/%Y}). No further notice can be issued before "
            f"{self.next_possible:%d/%m/%Y}; consider other action such as prosecution or an education "
            "supervision order."
        )


def counting_notices(prior: Iterable[PriorNotice], on: date) -> list[PriorNotice]:
    """The notices that count toward the limit on ``on``: issued in the three years up to ``on``, under the 2024
    framework, and not withdrawn."""
    since = _years_before(on, LIMIT_YEARS)
    return [n for n in prior if not n.withdrawn and n.issued_on >= FRAMEWORK_START and since < n.issued_on <= on]


def limit_reached(prior: Iterable[PriorNotice], on: date) -> bool:
    return len(counting_notices(prior, on)) >= LIMIT_PER_PARENT_PER_CHILD


def notice_terms(prior: Iterable[PriorNotice], on: date) -> NoticeTerms:
    """The amounts for a notice issued on ``on``; raises :class:`PenaltyLimitReached` at the limit."""
    counting = counting_notices(prior, on)
    if len(counting) >= LIMIT_PER_PARENT_PER_CHILD:
        raise PenaltyLimitReached(counting, on)
    if counting:
        return NoticeTerms(2, None, FULL_AMOUNT)
    return NoticeTerms(1, FIRST_REDUCED_AMOUNT, FULL_AMOUNT)


def legal_measures_barred(date_of_birth: date, looked_after: bool, on: date) -> str | None:
    """Why legal measures may not be offered for this pupil on ``on`` (None when they may)."""
    if looked_after:
        return (
            "This pupil is looked after by the local authority: Notices to Improve, penalty notices and "
            "prosecution are not used. Work with the virtual school and the social worker instead."
        )
    if not is_of_compulsory_school_age(date_of_birth, on):
        start, end = compulsory_school_age_start(date_of_birth), compulsory_school_age_end(date_of_birth)
        when = "until" if on < start else "since"
        changes = start if on < start else end
        return (
            f"This pupil is not of compulsory school age on {on:%d/%m/%Y} ({when} {changes:%d/%m/%Y}): "
            "legal measures for attendance do not apply."
        )
    return None
