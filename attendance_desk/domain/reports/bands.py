"""The DfE's 5% absence bands (its "Monitor your school attendance" tool) and week-on-week movement.

The tool puts a pupil in a band only when they have at least 20 possible sessions, on its own basis: the school
year to date from the pupil's admission, leavers counted to their leaving date.
"""

from __future__ import annotations

DFE_MIN_POSSIBLE_SESSIONS = 20
BAND_WIDTH = 5
TOP_BAND_FROM = 50

DFE_BANDS: tuple[str, ...] = (*(f"{lo}-{lo + BAND_WIDTH}" for lo in range(0, TOP_BAND_FROM, BAND_WIDTH)), "50+")
"""Band keys, lowest absence first: ``0-5``, ``5-10``, … ``45-50``, ``50+``."""


def dfe_band(absence_sessions: int, possible_sessions: int) -> str | None:
    """The 5% band of ``absence_sessions / possible_sessions`` (lower bound included), or None under 20 possible.

    Compared exactly in integers: 2 absences in 20 sessions is exactly 10%, which is in ``10-15``.
    """
    if possible_sessions < DFE_MIN_POSSIBLE_SESSIONS:
        return None
    index = min((absence_sessions * 100) // (possible_sessions * BAND_WIDTH), len(DFE_BANDS) - 1)
    return DFE_BANDS[index]


def band_label(key: str) -> str:
    """``5-10`` → ``5–10%``; ``50+`` → ``50% or more``."""
    return "50% or more" if key == "50+" else key.replace("-", "–") + "%"


def movement(previous: str | None, current: str | None) -> str:
    """How a pupil's DfE band changed: ``worse``, ``better``, ``same``, ``new`` (no band a week ago) or ``none``."""
    if current is None:
        return "none"
    if previous is None:
        return "new"
    step = DFE_BANDS.index(current) - DFE_BANDS.index(previous)
    return "worse" if step > 0 else "better" if step < 0 else "same"
