"""School time: the one ``Europe/London`` zone and the conversions every desk needs.

The store keeps instants in UTC; people see and type wall-clock times in England, and a school day is a London
day (23 or 25 hours long when the clocks change).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london_day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of ``day`` in Europe/London, as UTC instants (clock changes make some days 23 or 25 h)."""
    start = datetime.combine(day, time(0), LONDON).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), LONDON).astimezone(UTC)
    return start, end


def london_date(moment: datetime) -> date:
    """The London calendar day of an aware instant."""
    return moment.astimezone(LONDON).date()


def as_london(moment: datetime) -> datetime:
    """An instant as London wall-clock time; a naive value is taken as UTC (how SQLite hands timestamps back)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(LONDON)


def london_to_utc(wall_clock: datetime) -> datetime:
    """A time typed on a form (wall-clock time in England, no zone) as a UTC instant."""
    if wall_clock.tzinfo is not None:
        return wall_clock.astimezone(UTC)
    return wall_clock.replace(tzinfo=LONDON).astimezone(UTC)


def london_midday(day: date) -> datetime:
    """A date-only event as an aware moment: midday in London, safely inside the day whatever the clocks do."""
    return datetime.combine(day, time(12), LONDON)


def london_days_utc(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """The first and last instants (UTC) of the London days ``start`` … ``end``, inclusive; None stays open."""
    low = datetime.combine(start, time.min, LONDON).astimezone(UTC) if start else None
    high = datetime.combine(end, time.max, LONDON).astimezone(UTC) if end else None
    return low, high
