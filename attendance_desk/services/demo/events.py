"""Register events shared by several pupils: family holidays in term time, trips, work experience and Eid.

- Term-time holidays: a few families a year take a week or two next to a school holiday, unagreed (``G``); fewer
  are granted leave for exceptional circumstances (``C``), such as a funeral abroad. Siblings go together.
- Trips and placements: a Year 6 residential (``V``) and a Year 4 day trip in a primary; Year 10 work experience
  (``W``) and a Year 8 field trip (``V``) in a secondary. A few pupils in the year group do not go.
- Eid al-Fitr: families who mark it may be granted a day of religious observance (``R``). The dates are the
  expected ones for England; a family's own religious body sets the actual day.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from attendance_desk.services.demo.calendar import DemoPeriod
from attendance_desk.services.demo.model import DemoSchoolData, Phase, Profile, school_year_of

EID_AL_FITR = (
    date(2024, 4, 10),
    date(2025, 3, 31),
    date(2026, 3, 20),
    date(2027, 3, 10),
    date(2028, 2, 27),
    date(2029, 2, 14),
    date(2030, 2, 4),
    date(2031, 1, 24),
    date(2032, 1, 14),
)
HOLIDAY_LENGTHS = (3, 5, 5, 5, 8, 10)


@dataclass(frozen=True, slots=True)
class GroupEvent:
    school_year: int
    group: int  # year group number (Reception = 0)
    days: tuple[date, ...]
    code: str
    take_up: float  # share of the year group who go


def _pupil_days_by_year(period: DemoPeriod) -> dict[int, list[date]]:
    by_year: dict[int, list[date]] = {}
    for day in period.pupil_days():
        by_year.setdefault(school_year_of(day), []).append(day)
    return by_year


def plan_family_leave(rng: random.Random, data: DemoSchoolData, period: DemoPeriod) -> dict[int, dict[date, str]]:
    """family id → {date: code} for holidays and leave taken in term time."""
    leave: dict[int, dict[date, str]] = {}
    for days in _pupil_days_by_year(period).values():
        # A break follows day i when the next pupil day is more than a weekend away.
        breaks = [i for i in range(len(days) - 1) if (days[i + 1] - days[i]).days > 3]
        for family in data.families:
            risky = any(c.profile in (Profile.PERSISTENT, Profile.SEVERE) for c in family.children)
            roll = rng.random()
            if roll < (0.1 if risky else 0.035) and breaks:
                length = rng.choice(HOLIDAY_LENGTHS)
                edge = rng.choice(breaks)
                before_break = rng.random() < 0.6
                chosen: Sequence[date] = (
                    days[max(0, edge - length + 1) : edge + 1] if before_break else days[edge + 1 : edge + 1 + length]
                )
                leave.setdefault(family.family_id, {}).update(dict.fromkeys(chosen, "G"))
            elif roll > 0.988:
                start = rng.randrange(len(days) - 4)
                chosen = days[start : start + rng.randint(2, 4)]
                leave.setdefault(family.family_id, {}).update(dict.fromkeys(chosen, "C"))
    return leave


def _week_of(days: list[date], anchor: date, weekdays: tuple[int, ...]) -> tuple[date, ...]:
    monday = anchor - timedelta(days=anchor.weekday())
    wanted = {monday + timedelta(days=w) for w in weekdays}
    return tuple(d for d in days if d in wanted)


def plan_group_events(phase: Phase, period: DemoPeriod) -> list[GroupEvent]:
    events: list[GroupEvent] = []
    for year, days in _pupil_days_by_year(period).items():
        spring, summer = date(year + 1, 3, 10), date(year + 1, 6, 10)
        if phase is Phase.PRIMARY:
            plans = [(6, _week_of(days, summer, (2, 3, 4)), "V", 0.9), (4, _week_of(days, spring, (1,)), "V", 0.97)]
        else:
            plans = [
                (10, _week_of(days, date(year + 1, 7, 6), (0, 1, 2, 3, 4)), "W", 0.95),
                (8, _week_of(days, date(year + 1, 6, 24), (3,)), "V", 0.92),
            ]
        events.extend(GroupEvent(year, group, days_, code, share) for group, days_, code, share in plans if days_)
    return events


def eid_days(period: DemoPeriod) -> frozenset[date]:
    pupil_days = set(period.pupil_days())
    return frozenset(d for d in EID_AL_FITR if d in pupil_days)
