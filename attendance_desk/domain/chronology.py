"""One line of a pupil's evidence chronology, as every feature's chronology provider yields it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ChronologyEntry:
    at: datetime  # timezone-aware; date-only events use midday Europe/London of their date
    kind: str  # short machine name, e.g. "call", "letter", "stage", "weekly_attendance"
    title: str  # one line a magistrate can read
    detail: str = ""
    staff: str = ""
    source: str = ""  # "table:id" of the record behind it
    tags: tuple[str, ...] = field(default_factory=tuple)
