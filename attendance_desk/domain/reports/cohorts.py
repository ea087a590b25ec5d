"""Groups of pupils compared with the rest of the school, as the DfE compares them.

A group's attendance is session-weighted (its attended sessions over its possible sessions, not the mean of its
pupils' percentages); its persistent and severe absence are the shares of its pupils whose own absence is at
least 10% and at least 50% (the DfE's fixed thresholds, whatever bands the school has chosen for itself).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from attendance_desk.domain.metrics import PupilFigures, percent
from attendance_desk.domain.thresholds import DEFAULT_THRESHOLDS, Band

FLAG_GROUPS: tuple[str, ...] = (
    "fsm",
    "pupil_premium",
    "sen_support",
    "ehcp",
    "eal",
    "looked_after",
    "child_in_need",
    "child_protection_plan",
    "young_carer",
)
"""Groups named after the pupil's flag of the same name."""

GROUP_LABELS = {
    "all": "Whole school",
    "sex:F": "Girls",
    "sex:M": "Boys",
    "fsm": "Free school meals",
    "pupil_premium": "Pupil premium",
    "sen_support": "SEN support",
    "ehcp": "EHC plan",
    "eal": "English as an additional language",
    "looked_after": "Looked after",
    "child_in_need": "Child in need",
    "child_protection_plan": "Child protection plan",
    "young_carer": "Young carer",
}


def group_label(group: str) -> str:
    if group.startswith("year:"):
        year = group.split(":", 1)[1]
        return "Reception" if year.upper() == "R" else f"Year {year}"
    return GROUP_LABELS.get(group, group)


@dataclass(frozen=True, slots=True)
class Tally:
    pupils: int = 0
    possible: int = 0
    attended: int = 0
    persistent: int = 0
    severe: int = 0

    def add(self, figures: PupilFigures) -> Tally:
        band = DEFAULT_THRESHOLDS.band_for(figures.absence_sessions, figures.possible_sessions)
        return Tally(
            self.pupils + 1,
            self.possible + figures.possible_sessions,
            self.attended + figures.present_sessions + figures.aea_sessions,
            self.persistent + (band in (Band.PERSISTENT, Band.SEVERE)),
            self.severe + (band is Band.SEVERE),
        )

    def minus(self, other: Tally) -> Tally:
        return Tally(*(a - b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple[int, int, int, int, int]:
        return (self.pupils, self.possible, self.attended, self.persistent, self.severe)

    @property
    def attendance_percent(self) -> Decimal | None:
        return percent(self.attended, self.possible)

    @property
    def persistent_percent(self) -> Decimal | None:
        return percent(self.persistent, self.pupils)

    @property
    def severe_percent(self) -> Decimal | None:
        return percent(self.severe, self.pupils)


@dataclass(frozen=True, slots=True)
class CohortComparison:
    group: str
    tally: Tally
    rest: Tally

    def gap(self, name: str) -> Decimal | None:
        """Group minus the rest of the school, in percentage points (None when either side has no pupils)."""
        mine, theirs = getattr(self.tally, name), getattr(self.rest, name)
        return None if mine is None or theirs is None else mine - theirs


def groups_of(year_group: str, sex: str, flags: Mapping[str, bool]) -> list[str]:
    """The group names a pupil belongs to (besides ``all``)."""
    names = [f"year:{year_group}"] if year_group else []
    if sex.upper() in ("F", "M"):
        names.append(f"sex:{sex.upper()}")
    names.extend(flag for flag in FLAG_GROUPS if flags.get(flag))
    return names


def compare_cohorts(pupils: Iterable[tuple[Sequence[str], PupilFigures]]) -> list[CohortComparison]:
    """One comparison per group present, plus ``all``; pupils without possible sessions are left out."""
    whole = Tally()
    tallies: dict[str, Tally] = {}
    for groups, figures in pupils:
        if figures.possible_sessions <= 0:
            continue
        whole = whole.add(figures)
        for group in groups:
            tallies[group] = tallies.get(group, Tally()).add(figures)
    out = [CohortComparison("all", whole, Tally())]
    for group in sorted(tallies, key=_group_order):
        out.append(CohortComparison(group, tallies[group], whole.minus(tallies[group])))
    return out


def _group_order(group: str) -> tuple[int, str]:
    if group.startswith("year:"):
        year = group.split(":", 1)[1]
        return (0, f"{int(year):03d}" if year.isdigit() else f"-{year}")
    if group.startswith("sex:"):
        return (1, group)
    return (2, f"{FLAG_GROUPS.index(group):03d}" if group in FLAG_GROUPS else group)
