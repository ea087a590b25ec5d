"""What must be true of a pupil's figures for a letter's words to be true.

A template declares premises (``premises = ["attendance_below:96", "lates_at_least:1"]`` in its file); a batch
leaves out each pupil for whom one fails, saying why, unless the user ticks the pupil back in with a reason.

Premises (``N`` a number):

- ``attendance_below:N``: attendance in the letter's period is below N% ("attendance has dropped").
- ``attendance_at_least:N``: attendance in the period is at least N% ("well done").
- ``improved_recent:N``: attendance over the last N school days is higher than over the period before them.
- ``lates_at_least:N``: at least N late marks (L or U) in the period ("late … times").
- ``unauthorised_at_least:N``: at least N unauthorised sessions in the period.
- ``no_absence_recent:N``: no absence of any kind (and no N code) in the last N school days ("no further absence").
- ``absence_recent:N``: some absence in the last N school days ("absent again since").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from attendance_desk.domain.metrics import PupilFigures
from attendance_desk.domain.text import plural

KINDS = (
    "attendance_below",
    "attendance_at_least",
    "improved_recent",
    "lates_at_least",
    "unauthorised_at_least",
    "no_absence_recent",
    "absence_recent",
)
RECENT_KINDS = frozenset({"improved_recent", "no_absence_recent", "absence_recent"})


class PremiseError(ValueError):
    """A premise that cannot be read (in a template file)."""


@dataclass(frozen=True, slots=True)
class Premise:
    kind: str
    number: Decimal

    @property
    def days(self) -> int:
        return int(self.number)


def parse(text: str) -> Premise:
    kind, _, number = text.partition(":")
    if kind not in KINDS:
        raise PremiseError(f"unknown premise {kind!r}; known: {', '.join(KINDS)}")
    try:
        value = Decimal(number)
    except ArithmeticError:
        raise PremiseError(f"premise {text!r}: {number!r} is not a number") from None
    if value < 0:
        raise PremiseError(f"premise {text!r}: the number cannot be negative")
    return Premise(kind, value)


@dataclass(frozen=True, slots=True)
class PremiseFigures:
    """The figures a premise reads: the letter's period, the last ``days`` school days, the period before them."""

    period: PupilFigures
    recent: PupilFigures | None = None
    before_recent: PupilFigures | None = None


def _pct(value: Decimal | None) -> str:
    return "no sessions" if value is None else f"{value}%"


def failure(premise: Premise, figures: PremiseFigures) -> str | None:
    """Why ``premise`` is false for these figures, in one sentence; None when it holds."""
    p, n = figures.period, premise.number
    if premise.kind == "attendance_below":
        if p.attendance_percent is None or p.attendance_percent >= n:
            return f"attendance in the period is {_pct(p.attendance_percent)}, not below {n}%"
    elif premise.kind == "attendance_at_least":
        if p.attendance_percent is None or p.attendance_percent < n:
            return f"attendance in the period is {_pct(p.attendance_percent)}, below {n}%"
    elif premise.kind == "lates_at_least":
        lates = p.late_before_close + p.late_after_close
        if lates < n:
            return f"{lates} late {'mark' if lates == 1 else 'marks'} in the period, fewer than {n}"
    elif premise.kind == "unauthorised_at_least":
        if p.unauthorised_absence_sessions < n:
            return f"{p.unauthorised_absence_sessions} unauthorised sessions in the period, fewer than {n}"
    else:
        recent = figures.recent
        if recent is None:
            return f"no figures for the last {premise.days} school days"
        if premise.kind == "no_absence_recent" and recent.absence_sessions:
            return (
                f"{plural(recent.absence_sessions, 'session')} of absence in the last "
                f"{plural(premise.days, 'school day')}"
            )
        if premise.kind == "absence_recent" and not recent.absence_sessions:
            return f"no absence in the last {premise.days} school days"
        if premise.kind == "improved_recent":
            before = figures.before_recent
            now, then = recent.attendance_percent, before.attendance_percent if before else None
            if now is None or then is None or now <= then:
                return (
                    f"attendance over the last {premise.days} school days ({_pct(now)}) is not higher than "
                    f"before ({_pct(then)})"
                )
    return None


def failures(premises: Iterable[Premise], figures: PremiseFigures) -> list[str]:
    return [reason for premise in premises if (reason := failure(premise, figures)) is not None]


def recent_days(premises: Iterable[Premise]) -> int:
    """How many recent school days the premises look at (0 when none does)."""
    return max((p.days for p in premises if p.kind in RECENT_KINDS), default=0)
