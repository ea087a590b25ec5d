"""Who attends how: attendance profiles, lateness habits and the special register patterns.

Counts are fixed shares of the roll (so a small demo still has a persistent tail and at least one severely absent
pupil); who gets them is drawn with weights, because absence clusters in families and rises with free school
meals, special educational needs and social-care involvement, as the national figures show.
"""

from __future__ import annotations

import random
from datetime import date

from attendance_desk.services.demo.calendar import DemoPeriod
from attendance_desk.services.demo.model import DemoPupil, DemoSchoolData, Phase, Profile, Special, school_year_of

# Shares of the roll given each profile (severe, persistent, at risk): secondary absence runs higher, as it does
# nationally. The bands the figures show come out a little wider, as chance moves pupils across the lines.
PROFILE_SHARES = {Phase.PRIMARY: (0.012, 0.075, 0.08), Phase.SECONDARY: (0.02, 0.11, 0.12)}
LATE_PRONE_SHARE = 0.1


def _risk_weight(pupil: DemoPupil, family_factor: float) -> float:
    weight = 1.0
    weight += 1.2 * pupil.fsm + 0.8 * (pupil.sen_support or pupil.ehcp) + 0.5 * pupil.young_carer
    weight += 1.5 * (pupil.child_in_need or pupil.child_protection_plan) + 0.6 * pupil.looked_after
    return weight * family_factor


def _weighted_sample(rng: random.Random, items: list[DemoPupil], weights: list[float], k: int) -> list[DemoPupil]:
    """``k`` items without replacement, each chosen with probability rising with its weight."""
    keyed = sorted(zip(items, weights, strict=True), key=lambda iw: rng.random() ** (1.0 / iw[1]), reverse=True)
    return [item for item, _w in keyed[:k]]


def assign_profiles(rng: random.Random, data: DemoSchoolData) -> None:
    family_factor = {f.family_id: rng.lognormvariate(0.0, 0.7) for f in data.families}
    pupils = list(data.pupils)
    count = len(pupils)
    remaining = pupils
    severe, persistent, at_risk = PROFILE_SHARES[data.phase]
    for profile, share, minimum in (
        (Profile.SEVERE, severe, 1),
        (Profile.PERSISTENT, persistent, 3),
        (Profile.AT_RISK, at_risk, 3),
    ):
        weights = [_risk_weight(p, family_factor[p.family_id]) for p in remaining]
        chosen = _weighted_sample(rng, remaining, weights, max(minimum, round(count * share)))
        for pupil in chosen:
            pupil.profile = profile
        taken = {id(p) for p in chosen}
        remaining = [p for p in remaining if id(p) not in taken]
    lateness = [3.0 if p.profile in (Profile.PERSISTENT, Profile.SEVERE) else 1.0 for p in pupils]
    for pupil in _weighted_sample(rng, pupils, lateness, max(2, round(count * LATE_PRONE_SHARE))):
        pupil.late_prone = True


def _on_roll_throughout(pupil: DemoPupil, start: date, end: date) -> bool:
    return pupil.admission_date <= start and (pupil.leaving_date is None or pupil.leaving_date >= end)


def _pick(
    rng: random.Random,
    pupils: list[DemoPupil],
    start: date,
    end: date,
    *,
    taken: set[str],
    needs_send: bool = False,
    profiles: tuple[Profile, ...] = (Profile.GOOD, Profile.AT_RISK),
) -> DemoPupil:
    """A pupil on roll from ``start`` to ``end`` of a fitting profile, preferring SEN/EHCP when asked."""
    year = school_year_of(start)
    fitting = [
        p
        for p in pupils
        if p.upn not in taken and p.profile in profiles and _on_roll_throughout(p, start, end) and p.group_in(year) >= 1
    ]
    preferred = [p for p in fitting if p.sen_support or p.ehcp] if needs_send else []
    pupil = rng.choice(preferred or fitting)
    taken.add(pupil.upn)
    return pupil


def assign_specials(rng: random.Random, data: DemoSchoolData, period: DemoPeriod) -> None:
    """A part-time timetable in the past and one running now (afternoons ``C2``), a dual-registered pupil
    (``D`` on Wednesdays and Thursdays at another school), and short suspensions (``E``)."""
    days = period.pupil_days()
    taken: set[str] = set()
    past_start, past_end = days[len(days) // 3], days[len(days) // 3 + 29]
    pupil = _pick(rng, data.pupils, past_start, past_end, taken=taken, needs_send=True)
    pupil.specials.append(Special("C2", past_start, past_end, sessions=("PM",)))
    now_start, now_end = days[-15], days[-1]
    pupil = _pick(rng, data.pupils, now_start, now_end, taken=taken, needs_send=True)
    pupil.specials.append(Special("C2", now_start, now_end, sessions=("PM",)))
    dual_start = days[len(days) // 2]
    pupil = _pick(rng, data.pupils, dual_start, days[-1], taken=taken, needs_send=True)
    pupil.specials.append(Special("D", dual_start, days[-1], weekdays=(2, 3)))
    for _ in range(max(1, len(data.pupils) // 400)):
        first = rng.randrange(len(days) // 8, len(days) - 5)
        pupil = _pick(
            rng, data.pupils, days[first], days[first + 1], taken=taken, profiles=(Profile.PERSISTENT, Profile.AT_RISK)
        )
        pupil.specials.append(Special("E", days[first], days[first + 1]))
