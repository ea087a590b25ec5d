"""The roll: year-group cohorts, the children of each family, UPNs, admission numbers, joiners and leavers.

``pupils`` is the number on roll at the end of the demo. When the demo spans two school years, the oldest cohort
of the first year (Year 6, or Year 11) has left by the second and is written as well, with its leaving date, as are
a few pupils who moved away during the demo; a few others joined mid-year and have no marks before admission.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from attendance_desk.domain.upn import make_upn
from attendance_desk.services.demo.calendar import DemoPeriod, pupil_days_of_year
from attendance_desk.services.demo.families import ContactMaker, make_family, pick_children_count, pick_shape
from attendance_desk.services.demo.flags import assign_flags
from attendance_desk.services.demo.model import (
    DemoPupil,
    DemoSchoolData,
    Family,
    FamilyShape,
    Phase,
    school_year_of,
)
from attendance_desk.services.demo.names import NAME_GROUP_BY_KEY, Surname, pick_forename, pick_middle_name

COMMON_SHAPES = (FamilyShape.TWO_PARENTS, FamilyShape.SINGLE_PARENT, FamilyShape.SEPARATED)
LA_CODE = 0  # "000": no local authority has it, so demo UPNs can never be a real child's
SCHOOL_ESTABLISHMENT = {Phase.PRIMARY: 2417, Phase.SECONDARY: 4623}
OTHER_SCHOOLS = (2101, 2102, 2205, 2309, 2311, 2418, 2420, 2533, 3001, 3002)  # where joiners' UPNs came from
FORM_SIZE = 30
# The first families carry names that trip up software (accents, an Irish surname with a space and a gendered
# form, a typographic apostrophe), so every demo, however small, has them: (name group, surname, child, sex).
SHOWCASE_NAMES = (
    ("irish", Surname("Ó Briain", "Ní Bhriain"), "Oisín", "M"),
    ("irish", Surname("O’Connor", "O’Connor"), "Siobhán", "F"),
    ("english", Surname("Hargreaves", "Hargreaves"), "Zoë", "F"),
    ("welsh", Surname("Llewellyn", "Llewellyn"), "Siân", "F"),
    ("polish", Surname("Wiśniewski", "Wiśniewska"), "Łukasz", "M"),
)
FORM_LETTERS = "ABCDEFGHJKLM"


@dataclass(frozen=True, slots=True)
class Cohort:
    entry_year: int  # the school year it joined (Reception or Year 7)
    size: int
    leaving_date: date | None  # set for the cohort that left at the end of the first school year


def _last_friday_of_june(year: int) -> date:
    day = date(year, 6, 30)
    return day - timedelta(days=(day.weekday() - 4) % 7)


def plan_cohorts(phase: Phase, pupils: int, period: DemoPeriod) -> list[Cohort]:
    current = period.current_year.start_year
    groups = range(phase.first_group, phase.last_group + 1)
    base, extra = divmod(pupils, len(groups))
    cohorts = [
        Cohort(current - (group - phase.first_group), base + (1 if i < extra else 0), None)
        for i, group in enumerate(groups)
    ]
    if len(period.years) > 1:
        first = period.years[0]
        leaving = first.last_day if phase is Phase.PRIMARY else _last_friday_of_june(first.start_year + 1)
        cohorts.append(Cohort(first.start_year - (phase.last_group - phase.first_group), base, leaving))
    return cohorts


class UpnAllocator:
    """UPNs with LA code 000 and a valid check letter, distinct per (establishment, year, serial)."""

    def __init__(self) -> None:
        self._next_serial: dict[tuple[int, int], int] = {}

    def allocate(self, establishment: int, year: int) -> str:
        key = (establishment, year % 100)
        serial = self._next_serial.get(key, 1)
        if serial > 999:
            raise ValueError(f"more than 999 demo UPNs for establishment {establishment} in {year}")
        self._next_serial[key] = serial + 1
        return make_upn(LA_CODE, establishment, year, serial)


def _birth_date(rng: random.Random, phase: Phase, entry_year: int) -> date:
    """Children joining Reception in September Y were born September Y-5 to August Y-4 (Year 7: Y-12 to Y-11)."""
    academic_start = date(entry_year - 5 - phase.first_group, 9, 1)
    return academic_start + timedelta(days=rng.randrange(365))


def build_roll(rng: random.Random, phase: Phase, pupils: int, period: DemoPeriod) -> DemoSchoolData:
    cohorts = plan_cohorts(phase, pupils, period)
    movers = max(1, pupils // 150)  # pupils who leave during the demo, on top of ``pupils`` on roll at the end
    remaining = [c.size for c in cohorts]
    for _ in range(movers):
        remaining[rng.randrange(len(cohorts) - (len(period.years) > 1))] += 1
    maker = ContactMaker(rng)
    upns = UpnAllocator()
    families: list[Family] = []
    all_pupils: list[DemoPupil] = []
    used_names: set[tuple[str, str]] = set()
    while any(remaining):
        shape = pick_shape(rng, len(families))
        showcase = SHOWCASE_NAMES[len(families)] if len(families) < len(SHOWCASE_NAMES) else None
        group_and_surname = (NAME_GROUP_BY_KEY[showcase[0]], showcase[1]) if showcase else None
        family, surname = make_family(maker, len(families) + 1, shape, group_and_surname)
        wanted = pick_children_count(rng, shape)
        open_cohorts = [i for i, left in enumerate(remaining) if left]
        chosen = rng.sample(open_cohorts, min(wanted, len(open_cohorts)))
        for index in chosen:
            remaining[index] -= 1
            child = _make_child(
                rng, phase, family, surname.for_sex, cohorts[index], upns, period.years[0].start_year, used_names
            )
            if showcase and not family.children:
                child.legal_forename, child.sex, child.preferred_forename = showcase[2], showcase[3], ""
                child.legal_surname = surname.for_sex(showcase[3])
            family.children.append(child)
            all_pupils.append(child)
        families.append(family)
    _assign_forms(cohorts, all_pupils)
    keep_on_roll = {f.family_id for f in families if f.shape not in COMMON_SHAPES}
    _choose_movers(rng, period, all_pupils, movers, keep_on_roll)
    _choose_joiners(rng, period, all_pupils, max(1, pupils // 100), upns, keep_on_roll)
    _number_admissions(all_pupils)
    data = DemoSchoolData(phase, families, all_pupils)
    assign_flags(rng, data, maker.social_workers)
    return data


def _make_child(
    rng: random.Random,
    phase: Phase,
    family: Family,
    surname_for: Callable[[str], str],
    cohort: Cohort,
    upns: UpnAllocator,
    first_demo_year: int,
    used_names: set[tuple[str, str]],
) -> DemoPupil:
    sex = "F" if rng.random() < 0.49 else "M"
    surname = surname_for(sex)
    forename = pick_forename(rng, family.group, sex)
    # Siblings never share a forename; two unrelated pupils rarely share a whole name (a few tries, then allow it).
    for _ in range(40):
        if (forename, surname) not in used_names and all(c.legal_forename != forename for c in family.children):
            break
        forename = pick_forename(rng, family.group, sex)
    used_names.add((forename, surname))
    middle = pick_middle_name(rng, family.group, sex, forename) if rng.random() < 0.45 else ""
    preferred = family.group.preferred.get(forename, "") if rng.random() < 0.7 else ""
    if phase is Phase.PRIMARY:
        upn = upns.allocate(SCHOOL_ESTABLISHMENT[phase], cohort.entry_year)
    else:  # allocated by the primary school the child started at, seven years earlier
        upn = upns.allocate(rng.choice(OTHER_SCHOOLS), cohort.entry_year - 7)
    admitted = pupil_days_of_year(cohort.entry_year)[0]
    if rng.random() < 0.07 and cohort.entry_year < first_demo_year:
        # Joined later from another school, before the demo's register begins.
        admitted = rng.choice(pupil_days_of_year(rng.randrange(cohort.entry_year, first_demo_year)))
    return DemoPupil(
        upn=upn,
        admission_number="",
        legal_surname=surname,
        legal_forename=forename,
        middle_names=middle,
        preferred_forename=preferred,
        date_of_birth=_birth_date(rng, phase, cohort.entry_year),
        sex=sex,
        entry_year=cohort.entry_year,
        first_group=phase.first_group,
        form_letter="",
        admission_date=admitted,
        family_id=family.family_id,
        leaving_date=cohort.leaving_date,
    )


def _assign_forms(cohorts: list[Cohort], pupils: list[DemoPupil]) -> None:
    """Registration groups of about 30 (the letter of ``4B``, ``10K``); the year part is added when written."""
    for cohort in cohorts:
        members = sorted((p for p in pupils if p.entry_year == cohort.entry_year), key=lambda p: p.upn)
        forms = max(1, -(-len(members) // FORM_SIZE))
        for i, pupil in enumerate(members):
            pupil.form_letter = FORM_LETTERS[i % forms]


def _single_children(pupils: list[DemoPupil], keep_on_roll: set[int]) -> list[DemoPupil]:
    """Pupils with no sibling in the school (families with several children move in and out together), outside
    the families the demo keeps on roll throughout (the rarer family shapes must stay visible)."""
    sizes = Counter(p.family_id for p in pupils)
    return [p for p in pupils if sizes[p.family_id] == 1 and p.leaving_date is None and p.family_id not in keep_on_roll]


def _choose_movers(
    rng: random.Random, period: DemoPeriod, pupils: list[DemoPupil], count: int, keep_on_roll: set[int]
) -> None:
    """Pupils who moved away during the demo: their marks stop at the leaving date."""
    days = period.pupil_days()
    window = days[len(days) // 6 : len(days) * 5 // 6]
    candidates = _single_children(pupils, keep_on_roll)
    rng.shuffle(candidates)
    chosen = 0
    for pupil in candidates:
        if chosen == count:
            break
        leaving = rng.choice(window)
        if pupil.admission_date >= leaving - timedelta(days=30) or pupil.group_in(school_year_of(leaving)) < 0:
            continue
        pupil.leaving_date = leaving
        chosen += 1


def _choose_joiners(
    rng: random.Random,
    period: DemoPeriod,
    pupils: list[DemoPupil],
    count: int,
    upns: UpnAllocator,
    keep_on_roll: set[int],
) -> None:
    """Pupils admitted mid-year from another school: no marks before their admission date."""
    days = period.pupil_days()
    window = days[len(days) // 5 : len(days) * 9 // 10]
    candidates = _single_children(pupils, keep_on_roll)
    rng.shuffle(candidates)
    chosen = 0
    for pupil in candidates:
        if chosen == count:
            break
        joined = rng.choice(window)
        start_of_cohort = pupil_days_of_year(pupil.entry_year)[0]
        if joined <= start_of_cohort + timedelta(days=60):
            continue
        pupil.admission_date = joined
        pupil.upn = upns.allocate(rng.choice(OTHER_SCHOOLS), pupil.entry_year - pupil.first_group)
        chosen += 1


def _number_admissions(pupils: list[DemoPupil]) -> None:
    """Admission numbers in order of admission, six digits with leading zeros (as many MIS show them)."""
    ordered = sorted(pupils, key=lambda p: (p.admission_date, p.upn))
    for number, pupil in enumerate(ordered, start=1041):
        pupil.admission_number = f"{number:06d}"
