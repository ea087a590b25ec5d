"""Attendance bands and per-school thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Band(StrEnum):
    EXPECTED = "expected"
    AT_RISK = "at_risk"
    PERSISTENT = "persistent"
    SEVERE = "severe"


@dataclass(frozen=True, slots=True)
class BandThresholds:
    """Absence percentages at which a pupil enters each band. Severe and persistent are "at or above";
    at risk is "above" (so exactly 5% absence is still expected and exactly 10% is persistent)."""

    at_risk_above: Decimal = Decimal(5)
    persistent_from: Decimal = Decimal(10)
    severe_from: Decimal = Decimal(50)

    def __post_init__(self) -> None:
        if not (0 <= self.at_risk_above <= self.persistent_from <= self.severe_from <= 100):
            raise ValueError("band thresholds must rise: at risk ≤ persistent ≤ severe, between 0 and 100")

    def band_for(self, absence_sessions: int, possible_sessions: int) -> Band | None:
        """The band for ``absence_sessions`` out of ``possible_sessions``, compared exactly (no float rounding).

        ``None`` when there are no possible sessions: no band can be given.
        """
        if possible_sessions <= 0:
            return None
        scaled = Decimal(absence_sessions * 100)
        if scaled >= self.severe_from * possible_sessions:
            return Band.SEVERE
        if scaled >= self.persistent_from * possible_sessions:
            return Band.PERSISTENT
        if scaled > self.at_risk_above * possible_sessions:
            return Band.AT_RISK
        return Band.EXPECTED


DEFAULT_THRESHOLDS = BandThresholds()
PENALTY_NOTICE_SESSIONS = 10
PENALTY_NOTICE_WINDOW_WEEKS = 10
CONTINUOUS_ABSENCE_RETURN_DAYS = 10
SICKNESS_RETURN_DAYS = 15
SICKNESS_WARNING_DAYS = 10
DEFAULT_LESSONS_PER_DAY = 5
