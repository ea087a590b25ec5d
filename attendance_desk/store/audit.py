"""Recording changes in the append-only audit log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from attendance_desk.store.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def snapshot(obj: Any, fields: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The mapped column values of ``obj`` as JSON-ready values (images become their size)."""
    columns = fields or tuple(c.key for c in obj.__mapper__.column_attrs)
    return {name: _plain(getattr(obj, name)) for name in columns}


def record_change(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: object = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Add one audit row in the caller's transaction. For updates, only the fields that changed are kept."""
    if before is not None and after is not None:
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: _plain(before.get(k)) for k in sorted(changed)}
        after = {k: _plain(after.get(k)) for k in sorted(changed)}
    entry = AuditEntry(
        staff_id=actor_id,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
        reason=reason,
    )
    session.add(entry)
    return entry
