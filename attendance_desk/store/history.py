"""Every version of a versioned evidence row, kept: before the app changes or removes such a row, the row as the
database holds it goes into ``evidence_row_versions`` in the same flush (see ``store/append_only.py`` for which
tables are versioned and why).

Called by ``store/chain.py`` before each flush, so no service can change a versioned row without its earlier
version being kept, and the kept version is sealed in the audit chain like any other evidence row. The content is
read from the database, not from the session, so it is exactly what was there, even if someone changed it from
outside the app since (``verify`` then finds a kept version whose hash the chain never sealed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table, select, tuple_
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.orm import attributes as orm_attributes

from attendance_desk.store.digests import canonical_row, row_hash
from attendance_desk.store.models import AuditEntry, EvidenceRowVersion

# Kept in a version only as their own digest: an old password hash is of no use as evidence, and of use to a thief.
SECRET_COLUMNS: dict[str, frozenset[str]] = {"staff": frozenset({"password_hash"})}


def changed_columns(obj: Any) -> set[str]:
    """The mapped columns of ``obj`` with a pending change in this session."""
    state = orm_attributes.instance_state(obj)
    changed = set()
    for attr in state.mapper.column_attrs:
        if state.attrs[attr.key].history.has_changes():
            changed.add(attr.columns[0].key)
    return changed


def _actor(session: Session, obj: Any) -> int | None:
    """Who is making the change: the audit entry written with it, else the row's own ``changed_by``."""
    for entry in session.new:
        if isinstance(entry, AuditEntry) and entry.staff_id is not None:
            return entry.staff_id
    return getattr(obj, "changed_by", None)


def _latest(connection: Connection, table: str, keys: list[str]) -> dict[str, tuple[int, int]]:
    """For each row key, the newest kept version's number and id."""
    versions = EvidenceRowVersion.__table__
    latest: dict[str, tuple[int, int]] = {}
    for start in range(0, len(keys), 400):
        query = (
            select(versions.c.row_key, versions.c.version, versions.c.id)
            .where(versions.c.table_name == table, versions.c.row_key.in_(keys[start : start + 400]))
            .order_by(versions.c.version)
        )
        for key, version, version_id in connection.execute(query):
            latest[str(key)] = (int(version), int(version_id))
    return latest


def keep_versions(session: Session, table: Table, changes: Iterable[tuple[tuple[Any, ...], str, Any]]) -> None:
    """Add a kept version for each ``(primary key, action, object)`` of ``table`` about to be updated or deleted."""
    wanted = {key: (action, obj) for key, action, obj in changes}
    if not wanted:
        return
    connection = session.connection()
    pk = list(table.primary_key.columns)
    condition = pk[0].in_([k[0] for k in wanted]) if len(pk) == 1 else tuple_(*pk).in_(list(wanted))
    rows = {tuple(row[c.key] for c in pk): row for row in connection.execute(select(table).where(condition)).mappings()}
    text_keys = {key: "|".join(str(part) for part in key) for key in rows}
    latest = _latest(connection, table.name, sorted(text_keys.values()))
    secret = SECRET_COLUMNS.get(table.name, frozenset())
    for key, row in rows.items():
        action, obj = wanted[key]
        content = canonical_row(table, row)
        for column in secret & set(content):
            value = str(content[column] or "")
            content[column] = "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest() if value else ""
        version, previous_id = latest.get(text_keys[key], (0, None))
        session.add(
            EvidenceRowVersion(
                table_name=table.name,
                row_key=text_keys[key],
                version=version + 1,
                previous_id=previous_id,
                action=action,
                content=content,
                row_hash=row_hash(table, row),
                replaced_by=_actor(session, obj),
            )
        )
