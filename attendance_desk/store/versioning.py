"""Optimistic locking: two people editing the same plan, contract or settings never overwrite each other silently.

A versioned table carries ``version`` (SQLAlchemy's ``version_id_col``: every ORM update says ``WHERE version =
<what was read>`` and adds one), plus who changed it last and when. A screen remembers the version it showed; the
service calls :func:`claim_edit` with it before changing the row. If someone saved in between, the save is refused
with who and when. If two saves race inside the same second, the losing ``UPDATE`` matches no row and
:class:`~attendance_desk.store.engine.Store` turns SQLAlchemy's ``StaleDataError`` into the same refusal.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from attendance_desk.store.errors import EditConflictError
from attendance_desk.store.models import Staff, utc_now
from attendance_desk.store.models.versioned import Versioned

__all__ = ["EditConflictError", "Versioned", "claim_edit", "conflict_from_stale"]

LONDON = ZoneInfo("Europe/London")


def _who_and_when(session: Session, row: Versioned) -> str:
    name = "someone else"
    if row.changed_by is not None:
        staff = session.get(Staff, row.changed_by)
        if staff is not None:
            name = staff.name
    if row.changed_at is None:
        return f"by {name}"
    local = row.changed_at.astimezone(LONDON)
    today = utc_now().astimezone(LONDON).date()
    when = f"{local:%H:%M}" if local.date() == today else f"{local:%H:%M} on {local:%d/%m/%Y}"
    return f"by {name} at {when}"


def claim_edit(session: Session, row: Versioned, expected_version: int | None, actor_id: int | None) -> None:
    """Refuse the edit if ``row`` changed since the screen read ``expected_version``; else stamp it as ours.

    Stamping always writes the row, so the version moves on even when only a child row (a review) is added:
    the next person still holding the old version is refused.
    """
    if expected_version is not None and row.version != expected_version:
        raise EditConflictError(
            f"{row.describe_as} changed {_who_and_when(session, row)} while you were editing. "
            "Nothing of yours was saved: reload to see their change, then make yours again."
        )
    row.changed_by = actor_id
    row.changed_at = utc_now()


def conflict_from_stale(error: BaseException) -> EditConflictError:
    """The refusal for a save that lost a race (the row changed between reading and writing)."""
    del error
    return EditConflictError(
        "Someone else saved this record at the same moment. Nothing of yours was saved: reload to see their "
        "change, then make yours again."
    )
