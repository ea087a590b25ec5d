"""The one legal guard: may a legal measure be used for this pupil (and this parent) on this date, and if not, why.

Every caller (letters, casework dialogs and services, referral packs, the command line) builds
:class:`GuardFacts` from the record and asks :func:`check`; none re-implements a rule. Pure: no store, no Qt.

Rules (the law as in ``shared/reference/attendance-rules-england.md`` §2.1, §3 and §9):

- Compulsory school age: no legal measure for a child below or above it.
- Looked-after children: this product never offers legal measures (the local authority is the corporate parent).
- The national threshold: 10 unauthorised sessions (G, N, O, U) within 10 school weeks, counted exactly as
  ``domain.metrics`` counts ``unauthorised_last_10_school_weeks`` (the caller passes that figure). A Notice to
  Improve and a penalty notice (also for leave in term time) need it met; a warning letter, a Fast Track or a
  prosecution referral do not (a prosecution is for failing to attend regularly, s.444 EA 1996).
- A Notice to Improve's improvement period still running: no second notice to improve, and no penalty-notice
  request unless the school confirms why (some local codes allow one before the period ends if absence goes on).
- Two penalty notices per parent per child in any rolling three years (withdrawn notices do not count): a third
  is refused and prosecution is the alternative.
- Court-order restriction: a parent the school may not contact is never the subject of a measure or a document.
- Support first (configurable per local authority): support must have been offered and recorded before a Notice
  to Improve, a penalty-notice warning or request, a Fast Track or a prosecution referral. A term-time leave
  penalty needs no support first (the 2024 guidance does not expect a Notice to Improve for holidays).

A refusal is ``overridable`` when a school may reasonably go ahead anyway: the user confirms with a reason, and
the caller records that reason in the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from attendance_desk.domain.casework.penalties import (
    LIMIT_PER_PARENT_PER_CHILD,
    PenaltyLimitReached,
    PriorNotice,
    counting_notices,
    legal_measures_barred,
)

PENALTY_THRESHOLD_SESSIONS = 10  # unauthorised sessions within PENALTY_THRESHOLD_WEEKS school weeks
PENALTY_THRESHOLD_WEEKS = 10


class Measure(StrEnum):
    NOTICE_TO_IMPROVE = "notice_to_improve"
    PENALTY_WARNING = "penalty_warning"
    PENALTY_REQUEST = "penalty_request"
    FAST_TRACK = "fast_track"
    PROSECUTION = "prosecution"
    LEAVE_PENALTY = "leave_penalty"


MEASURE_NAMES = {
    Measure.NOTICE_TO_IMPROVE: "a Notice to Improve",
    Measure.PENALTY_WARNING: "a penalty-notice warning",
    Measure.PENALTY_REQUEST: "a penalty-notice request",
    Measure.FAST_TRACK: "a Fast Track referral",
    Measure.PROSECUTION: "a prosecution referral",
    Measure.LEAVE_PENALTY: "a penalty notice for leave in term time",
}

NEEDS_THRESHOLD = frozenset({Measure.NOTICE_TO_IMPROVE, Measure.PENALTY_REQUEST, Measure.LEAVE_PENALTY})
NEEDS_SUPPORT_FIRST = frozenset(
    {
        Measure.NOTICE_TO_IMPROVE,
        Measure.PENALTY_WARNING,
        Measure.PENALTY_REQUEST,
        Measure.FAST_TRACK,
        Measure.PROSECUTION,
    }
)
PENALTY_MEASURES = frozenset({Measure.PENALTY_REQUEST, Measure.LEAVE_PENALTY})


@dataclass(frozen=True, slots=True)
class NoticePeriod:
    """A Notice to Improve already issued: its improvement period (school weeks, holidays stepped over)."""

    issued_on: date
    period_end: date
    withdrawn: bool = False


@dataclass(frozen=True, slots=True)
class ParentFacts:
    """One parent as the measure would name them."""

    name: str
    parental_responsibility: bool = True
    lives_with_pupil: bool = True
    court_order_restriction: bool = False
    prior_penalty_notices: Sequence[PriorNotice] = ()


@dataclass(frozen=True, slots=True)
class GuardFacts:
    """What the record says about the pupil on ``on`` (figures from ``domain.metrics``, nothing recounted)."""

    on: date
    date_of_birth: date
    looked_after: bool
    unauthorised_last_10_school_weeks: int
    notices_to_improve: Sequence[NoticePeriod] = ()
    support_recorded: bool = False
    support_required_first: bool = True  # the local authority's code of conduct (a school setting)
    parents: Sequence[ParentFacts] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Verdict:
    measure: Measure
    allowed: bool
    reason: str | None = None  # one sentence, for the screen, the letter batch, the CLI's error
    overridable: bool = False  # the school may go ahead once a user confirms with a reason

    def __bool__(self) -> bool:
        return self.allowed


def _no(measure: Measure, reason: str, *, overridable: bool = False) -> Verdict:
    return Verdict(measure, False, reason, overridable)


def running_notice(facts: GuardFacts) -> NoticePeriod | None:
    """The Notice to Improve whose improvement period includes ``facts.on`` (not withdrawn), if any."""
    running = [n for n in facts.notices_to_improve if not n.withdrawn and n.issued_on <= facts.on <= n.period_end]
    return max(running, key=lambda n: n.issued_on) if running else None


def check(measure: Measure, facts: GuardFacts, parent: ParentFacts | None = None) -> Verdict:
    """May ``measure`` be used on ``facts.on`` (for ``parent`` when it names one)? The first rule that stops it
    gives the reason; rules a school may not set aside come first."""
    name = MEASURE_NAMES[measure]
    barred = legal_measures_barred(facts.date_of_birth, facts.looked_after, facts.on)
    if barred:
        return _no(measure, barred)
    if parent is not None:
        if parent.court_order_restriction:
            return _no(
                measure,
                f"{parent.name} is under a court-order restriction: the school does not contact them, so {name} "
                "cannot be addressed to them.",
            )
        if not parent.parental_responsibility and not parent.lives_with_pupil:
            return _no(
                measure,
                f"{parent.name} neither has parental responsibility nor lives with the pupil, so is not a parent "
                "for attendance law.",
            )
        if measure in PENALTY_MEASURES:
            counting = counting_notices(parent.prior_penalty_notices, facts.on)
            if len(counting) >= LIMIT_PER_PARENT_PER_CHILD:
                return _no(measure, str(PenaltyLimitReached(counting, facts.on)))
    count = facts.unauthorised_last_10_school_weeks
    if measure in NEEDS_THRESHOLD and count < PENALTY_THRESHOLD_SESSIONS:
        return _no(
            measure,
            f"The national threshold is not met: {count} unauthorised "
            f"{'session' if count == 1 else 'sessions'} in the last {PENALTY_THRESHOLD_WEEKS} school weeks to "
            f"{facts.on:%d/%m/%Y}, and {name} needs {PENALTY_THRESHOLD_SESSIONS}.",
        )
    running = running_notice(facts)
    if running is not None and measure is Measure.NOTICE_TO_IMPROVE:
        return _no(
            measure,
            f"The Notice to Improve issued on {running.issued_on:%d/%m/%Y} is still in its improvement period "
            f"(to {running.period_end:%d/%m/%Y}): review it before issuing another.",
        )
    if running is not None and measure is Measure.PENALTY_REQUEST:
        return _no(
            measure,
            f"The improvement period of the Notice to Improve issued on {running.issued_on:%d/%m/%Y} runs to "
            f"{running.period_end:%d/%m/%Y}: a penalty notice before then needs a recorded reason.",
            overridable=True,
        )
    if measure in NEEDS_SUPPORT_FIRST and facts.support_required_first and not facts.support_recorded:
        return _no(
            measure,
            f"No support is recorded for this pupil yet, and the local authority expects support to be offered "
            f"and recorded before {name}.",
            overridable=True,
        )
    return Verdict(measure, True)


def check_all(facts: GuardFacts, parent: ParentFacts | None = None) -> dict[Measure, Verdict]:
    """Every measure's verdict (for a screen that shows what is open and why the rest is not)."""
    return {measure: check(measure, facts, parent) for measure in Measure}


def first_refusal(measure: Measure, facts: GuardFacts) -> Verdict:
    """The pupil-level verdict, then each parent's: a measure naming the parents needs at least one who may be
    named; a parent who may not is simply left out (and said so) by the caller."""
    verdict = check(measure, facts)
    if not verdict.allowed or not facts.parents:
        return verdict
    per_parent = [check(measure, facts, p) for p in facts.parents]
    allowed = [v for v in per_parent if v.allowed or v.overridable]
    if allowed:
        return verdict
    return per_parent[0]
