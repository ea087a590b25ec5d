"""National figures from the dated data file in ``resources/reports`` (its sources are named in the file)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from attendance_desk.paths import resource_path

PHASES = ("primary", "secondary")


@dataclass(frozen=True, slots=True)
class NationalFigure:
    value: Decimal
    period: str
    source: str

    def as_json(self) -> dict[str, object]:
        return {"value": float(self.value), "period": self.period, "source": self.source}


@dataclass(frozen=True, slots=True)
class NationalFigures:
    phase: str  # "primary", "secondary" or "all"
    attendance: NationalFigure | None
    persistent: NationalFigure | None
    file_dated: str
    fsm_attendance: NationalFigure | None = None
    non_fsm_attendance: NationalFigure | None = None


@cache
def _data() -> dict[str, Any]:
    with resource_path("reports", "national-figures.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _figure(entry: dict[str, Any] | None, *, from_absence: bool = False) -> NationalFigure | None:
    if not entry:
        return None
    value = Decimal(str(entry["value"]))
    source = _data()["sources"].get(entry["source"], entry["source"])
    return NationalFigure(Decimal(100) - value if from_absence else value, entry["period"], source)


def national_figures(phase: str) -> NationalFigures:
    """The latest national figures for ``phase`` (``primary`` or ``secondary``; anything else: all schools)."""
    data = _data()
    key = phase if phase in PHASES else "all"
    figures = data["phases"][key]
    fsm = data.get("groups", {}).get("fsm", {})
    return NationalFigures(
        key,
        _figure(figures.get("overall_absence_percent"), from_absence=True),
        _figure(figures.get("persistent_absence_percent")),
        data["file_dated"],
        _figure(fsm.get("overall_absence_percent"), from_absence=True),
        _figure(fsm.get("rest_overall_absence_percent"), from_absence=True),
    )


def phase_from_year_groups(year_groups: set[str]) -> str:
    """``secondary`` when most year groups are 7 or above, else ``primary`` (for schools that have not said)."""
    numbers = [int(y) for y in year_groups if y.isdigit()]
    if not numbers:
        return "primary"
    return "secondary" if sum(n >= 7 for n in numbers) > len(numbers) / 2 else "primary"
