"""A code the office decided that must be keyed into the MIS, as the exports and the printed checklist show it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ChangeToKeyIn:
    decision_id: int
    upn: str
    pupil: str
    date: date
    session: str
    mis_code: str
    new_code: str
    reason: str
    decided_by: str
    decided_at: datetime  # Europe/London
