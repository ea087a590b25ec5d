"""One import at a time on the school's server, and who holds it.

An import takes a transaction-scoped advisory lock (released by the commit or rollback, and by the server if the
PC vanishes, so it can never be left behind) and, for the same transaction, names its connection after the staff
member importing. Another PC that finds the lock taken reads that name from ``pg_stat_activity`` and says who is
importing and since when. On SQLite (one PC) the write transaction itself is the lock.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.orm import Session

from attendance_desk.store.errors import StoreError
from attendance_desk.store.models import Staff

IMPORT_LOCK_KEY = 0x4144696D7072  # "ADimpr": one number for every Attendance Desk import
IMPORTING_PREFIX = "Attendance Desk importing:"
LONDON = ZoneInfo("Europe/London")


class ImportBusyError(StoreError):
    """Another PC is importing; this import changed nothing."""


def hold_import_lock(session: Session, actor_id: int | None) -> None:
    """Take the import lock for the session's transaction, or raise :class:`ImportBusyError` naming the holder."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    connection.execute(
        text("SELECT set_config('application_name', :name, true)"), {"name": f"{IMPORTING_PREFIX}{actor_id or ''}"}
    )
    if connection.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK_KEY}).scalar():
        return
    holder = connection.execute(
        text(
            "SELECT a.application_name, a.xact_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :high AND l.objid = :low"
        ),
        {"high": IMPORT_LOCK_KEY >> 32, "low": IMPORT_LOCK_KEY & 0xFFFFFFFF},
    ).first()
    who, since = "Someone on another PC", ""
    if holder is not None:
        name, started = holder
        staff_id = str(name or "").removeprefix(IMPORTING_PREFIX)
        member = session.get(Staff, int(staff_id)) if staff_id.isdigit() else None
        who = member.name if member is not None else who
        since = f" (since {started.astimezone(LONDON):%H:%M})" if isinstance(started, datetime) else ""
    raise ImportBusyError(
        f"{who} is importing a file{since}. Only one import runs at a time, so this one changed nothing: "
        "try again when theirs has finished."
    )
