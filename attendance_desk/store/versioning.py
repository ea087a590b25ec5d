"""Optimistic locking: two people editing the same plan, contract or settings never overwrite each other silently.

A versioned table carries ``version`` (SQLAlchemy's ``version_id_col``: every ORM update says ``WHERE version =
<what was read>`` and adds one), plus who changed it last and when. A screen remembers the version it showed; the
service calls :func:`claim_edit` with it before changing the row. If someone saved in between, the save is refused
with who and when. If two saves race inside the same second, the losing ``UPDATE`` matches no row and
:class:`~attendance_desk.store.engine.Store` turns SQLAlchemy's ``StaleDataError`` into the same refusal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from attendance_desk.store.errors import StoreError
from attendance_desk.store.models.base import utc_now

LONDON = ZoneInfo("Europe/London")


class EditConflictError(StoreError):
    """Someone else saved the same record after this screen loaded it; nothing was saved."""


class Versioned:
    """Mixin for a table edited from screens: ``version``, ``changed_by``, ``changed_at``."""

    version: Mapped[int] = mapped_column(default=1, server_default="1")
    changed_at: Mapped[datetime | None]

    @declared_attr
    def changed_by(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]

    describe_as: ClassVar[str] = "This record was"  # the start of the refusal: "<…> changed by Jo at 10:42"


def _who_and_when(session: Session, row: Versioned) -> str:
    from attendance_desk.store.models.school import Staff

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
            f"{row.describe_as} changed {_who_and_when(session, row)}, after you opened it. "
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
