"""The register itself: one mark per pupil-session, streamed as CSV rows.

Each pupil draws an absence rate from their profile; each school day then starts an illness episode or another
absence with a chance that rises in winter (illness) and on Mondays and Fridays (other absence), so the patterns an
attendance lead looks for are there. Present days carry lates before the register closes (``L``) and after
(``U``), and medical appointments (``M``). Absences in the last three school days whose reason the office does not
know yet stay ``N``; older ones have been resolved. Every pupil has their own random stream (seeded from the demo
seed and their UPN), so a pupil's register does not change when another pupil's does.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from attendance_desk.services.demo.calendar import DayKind, DemoPeriod
from attendance_desk.services.demo.events import GroupEvent
from attendance_desk.services.demo.model import DemoPupil, DemoSchoolData, Profile, school_year_of

MarkRow = tuple[str, str, str, str, str]
"""(upn, ISO date, session, code, minutes late or "")."""

REGISTER_OPEN_MINUTES = 30  # the register closes 30 minutes after it opens: ``L`` up to then, ``U`` after
ILLNESS_BY_MONTH = {9: 0.7, 10: 0.9, 11: 1.1, 12: 1.6, 1: 1.7, 2: 1.4, 3: 1.0, 4: 0.8, 5: 0.7, 6: 0.6, 7: 0.6, 8: 0.6}
ILLNESS_BY_WEEKDAY = (1.15, 1.0, 0.95, 0.95, 0.95)
OTHER_BY_WEEKDAY = (1.55, 0.7, 0.6, 0.7, 1.45)
ILLNESS_LENGTHS = ((1, 2, 3, 4, 5), (50, 27, 13, 6, 4))
RECENT_DAYS = 3  # unexplained absences in the last school days are still ``N``
CHASED_ILLNESS_BY_RECENCY = {1: 0.4, 2: 0.15, 3: 0.05}  # illness not yet reported, so still ``N``


@dataclass(frozen=True, slots=True)
class ProfileRates:
    low: float  # absence rate (share of sessions) drawn between low and high
    high: float
    illness_share: float
    other_lengths: tuple[tuple[int, ...], tuple[int, ...]]

    def draw_rate(self, rng: random.Random) -> float:
        return self.low + (self.high - self.low) * rng.random() ** 1.4


PROFILE_RATES = {
    Profile.GOOD: ProfileRates(0.002, 0.025, 0.85, ((1,), (1,))),
    Profile.AT_RISK: ProfileRates(0.055, 0.085, 0.65, ((1, 2), (80, 20))),
    Profile.PERSISTENT: ProfileRates(0.11, 0.3, 0.45, ((1, 2, 3), (60, 25, 15))),
    Profile.SEVERE: ProfileRates(0.5, 0.72, 0.2, ((2, 3, 5, 8, 10), (20, 20, 25, 20, 15))),
}


def _mean(lengths: tuple[tuple[int, ...], tuple[int, ...]]) -> float:
    values, weights = lengths
    return sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights)


@dataclass(frozen=True, slots=True)
class _Day:
    day: date
    iso: str
    closure: bool
    weekday: int
    illness: float  # relative chance of falling ill that day
    other: float  # relative chance of another absence starting that day
    recency: int  # 1 for the last school day, 2 for the one before…; 0 when older than RECENT_DAYS
    school_year: int


def _days(period: DemoPeriod) -> list[_Day]:
    register = period.register_days()
    pupil_days = [d.day for d in register if d.kind is DayKind.PUPIL_DAY]
    recency = {day: i + 1 for i, day in enumerate(reversed(pupil_days[-RECENT_DAYS:]))}
    illness_mean = sum(ILLNESS_BY_MONTH[d.month] * ILLNESS_BY_WEEKDAY[d.weekday()] for d in pupil_days) / len(
        pupil_days
    )
    other_mean = sum(OTHER_BY_WEEKDAY[d.weekday()] for d in pupil_days) / len(pupil_days)
    return [
        _Day(
            d.day,
            d.day.isoformat(),
            d.kind is DayKind.CLOSURE,
            d.day.weekday(),
            ILLNESS_BY_MONTH[d.day.month] * ILLNESS_BY_WEEKDAY[d.day.weekday()] / illness_mean,
            OTHER_BY_WEEKDAY[d.day.weekday()] / other_mean,
            recency.get(d.day, 0),
            school_year_of(d.day),
        )
        for d in register
    ]


class RegisterWriter:
    """Turns the generated school into mark rows, one pupil at a time."""

    def __init__(
        self,
        seed: int,
        data: DemoSchoolData,
        period: DemoPeriod,
        family_leave: dict[int, dict[date, str]],
        group_events: list[GroupEvent],
        eid: frozenset[date],
    ) -> None:
        self.seed = seed
        self.data = data
        self.days = _days(period)
        self.family_leave = family_leave
        self.group_events = group_events
        self.eid = eid
        self.eid_families = {f.family_id for f in data.families if f.takes_eid_leave}

    def rows(self) -> Iterator[MarkRow]:
        for pupil in self.data.pupils:
            yield from self.pupil_rows(pupil)

    def _planned(self, rng: random.Random, pupil: DemoPupil) -> dict[date, tuple[str | None, str | None]]:
        """Days whose marks are decided in advance: (AM code, PM code), None where the day decides."""
        planned: dict[date, tuple[str | None, str | None]] = {}
        if pupil.family_id in self.eid_families:
            planned.update(dict.fromkeys(self.eid, ("R", "R")))
        for day, code in self.family_leave.get(pupil.family_id, {}).items():
            planned[day] = (code, code)
        for event in self.group_events:
            if pupil.group_in(event.school_year) == event.group and rng.random() < event.take_up:
                planned.update(dict.fromkeys(event.days, (event.code, event.code)))
        for special in pupil.specials:
            for d in self.days:
                if special.start <= d.day <= special.end and d.weekday in special.weekdays and not d.closure:
                    am, pm = planned.get(d.day, (None, None))
                    planned[d.day] = (
                        special.code if "AM" in special.sessions else am,
                        special.code if "PM" in special.sessions else pm,
                    )
        return planned

    def pupil_rows(self, pupil: DemoPupil) -> Iterator[MarkRow]:
        rng = random.Random(f"{self.seed}:marks:{pupil.upn}")
        rates = PROFILE_RATES[pupil.profile]
        rate = rates.draw_rate(rng)
        # Absences only start on days the pupil is in school: starts × length = rate / (1 - rate) gives ``rate``.
        pressure = rate / (1 - rate)
        start_illness = pressure * rates.illness_share / _mean(ILLNESS_LENGTHS)
        start_other = pressure * (1 - rates.illness_share) / _mean(rates.other_lengths)
        if pupil.late_prone:
            late, late_after = rng.uniform(0.04, 0.14), rng.uniform(0.005, 0.03)
        else:
            late, late_after = 0.008, 0.001
        appointment = 0.003 + 0.008 * bool(pupil.medical_note) + 0.004 * pupil.ehcp
        planned = self._planned(rng, pupil)
        first, last = pupil.admission_date, pupil.leaving_date or date.max
        upn = pupil.upn
        episode_code, episode_left, previous = "", 0, date.min
        for d in self.days:
            if d.day < first:
                continue
            if d.day > last:
                break
            if d.closure:
                yield upn, d.iso, "AM", "#", ""
                yield upn, d.iso, "PM", "#", ""
                continue
            if (d.day - previous).days > 4:
                episode_left = 0  # a holiday ends any illness or run of absence
            previous = d.day
            am_planned, pm_planned = planned.get(d.day, (None, None))
            if episode_left:
                episode_left -= 1
                am = pm = episode_code
                am_late = ""
            else:
                roll = rng.random()
                illness = start_illness * d.illness
                if roll < illness:
                    length = rng.choices(*ILLNESS_LENGTHS)[0]
                    episode_code, episode_left = "I", length - 1
                    am = pm = "I"
                    am_late = ""
                elif roll < illness + start_other * d.other:
                    length = rng.choices(*rates.other_lengths)[0]
                    episode_code, episode_left = "O", length - 1
                    am = pm = "O"
                    am_late = ""
                else:
                    am, am_late = self._present_am(rng, late, late_after, appointment)
                    pm = "M" if rng.random() < appointment else "I" if rng.random() < 0.003 else "\\"
            if d.recency:
                am, pm = self._not_yet_known(rng, d.recency, am, pm)
            if am_planned:
                am, am_late = am_planned, ""
            if pm_planned:
                pm = pm_planned
            yield upn, d.iso, "AM", am, am_late
            yield upn, d.iso, "PM", pm, ""

    @staticmethod
    def _present_am(rng: random.Random, late: float, late_after: float, appointment: float) -> tuple[str, str]:
        roll = rng.random()
        if roll < late:
            return "L", str(rng.randint(2, REGISTER_OPEN_MINUTES - 1))
        if roll < late + late_after:
            return "U", str(rng.randint(REGISTER_OPEN_MINUTES + 1, REGISTER_OPEN_MINUTES + 45))
        if roll < late + late_after + appointment:
            return "M", ""
        return "/", ""

    @staticmethod
    def _not_yet_known(rng: random.Random, recency: int, am: str, pm: str) -> tuple[str, str]:
        """In the last few school days, absences nobody has explained yet are still ``N``."""
        if am == "O" or (am == "I" and rng.random() < CHASED_ILLNESS_BY_RECENCY[recency]):
            return "N", "N" if pm in ("O", "I") else pm
        return am, pm
