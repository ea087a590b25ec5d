"""Every version of a versioned evidence row, kept: before the app changes or removes such a row, the row as the
database holds it goes into ``evidence_row_versions`` in the same flush (see ``store/append_only.py`` for which
tables are versioned and why).

Called by ``store/chain.py``: before each flush the rows about to change are read, and just before the
transaction commits the versions are added (so they carry the staff member of the transaction's audit entries,
which services often write after the change). No service can change a versioned row without its earlier version
being kept in the same transaction, and the kept version is sealed in the audit chain like any other evidence row.
The content is read from the database, not from the session, so it is exactly what was there, even if someone
changed it from outside the app since (``verify`` then finds a kept version whose hash the chain never sealed).
"""

from __future__ import annotations

import hashlib
from collections import Counter
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
_KEPT = "kept_versions"
_ACTOR = "acting_staff"


def changed_columns(obj: Any) -> set[str]:
    """The mapped columns of ``obj`` with a pending change in this session."""
    state = orm_attributes.instance_state(obj)
    changed = set()
    for attr in state.mapper.column_attrs:
        if state.attrs[attr.key].history.has_changes():
            changed.add(attr.columns[0].key)
    return changed


def note_actor(session: Session) -> None:
    """Remember who is acting in this transaction: the staff member on its audit entries (services write one
    for every change they make, though often after the change itself has been flushed)."""
    if session.info.get(_ACTOR) is None:
        for entry in session.new:
            if isinstance(entry, AuditEntry) and entry.staff_id is not None:
                session.info[_ACTOR] = entry.staff_id
                return


def _latest(connection: Connection, table: str, keys: list[str]) -> dict[str, tuple[int, int]]:
    """For each row key, the newest kept version's number and id."""
    latest: dict[str, tuple[int, int]] = {}
    for start in range(0, len(keys), 400):
        query = (
            select(EvidenceRowVersion.row_key, EvidenceRowVersion.version, EvidenceRowVersion.id)
            .where(
                EvidenceRowVersion.table_name == table,
                EvidenceRowVersion.row_key.in_(keys[start : start + 400]),
            )
            .order_by(EvidenceRowVersion.version)
        )
        for key, version, version_id in connection.execute(query):
            latest[key] = (version, version_id)
    return latest


def capture_versions(session: Session, table: Table, changes: Iterable[tuple[tuple[Any, ...], str, Any]]) -> None:
    """Before a flush changes or removes rows of ``table`` (``(primary key, action, object)`` each), read each row
    as the database holds it; :func:`write_versions` keeps them when the transaction commits."""
    wanted = {key: (action, obj) for key, action, obj in changes}
    if not wanted:
        return
    pk = list(table.primary_key.columns)
    condition = pk[0].in_([k[0] for k in wanted]) if len(pk) == 1 else tuple_(*pk).in_(list(wanted))
    secret = SECRET_COLUMNS.get(table.name, frozenset())
    kept: list[dict[str, Any]] = session.info.setdefault(_KEPT, [])
    for row in session.connection().execute(select(table).where(condition)).mappings():
        key = tuple(row[c.key] for c in pk)
        action, obj = wanted[key]
        content = canonical_row(table, row)
        for column in secret & set(content):
            value = str(content[column] or "")
            content[column] = "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest() if value else ""
        kept.append(
            {
                "table_name": table.name,
                "row_key": "|".join(str(part) for part in key),
                "action": action,
                "content": content,
                "row_hash": row_hash(table, row),
                "replaced_by": getattr(obj, "changed_by", None),
            }
        )


def write_versions(session: Session) -> None:
    """Add the versions captured in this transaction (numbered on from the newest kept), just before it commits:
    they are flushed, and sealed, with the transaction's last flush."""
    kept: list[dict[str, Any]] = session.info.pop(_KEPT, [])
    actor = session.info.pop(_ACTOR, None)
    if not kept:
        return
    connection = session.connection()
    latest: dict[tuple[str, str], tuple[int, int | None]] = {}
    for table in sorted({k["table_name"] for k in kept}):
        keys = sorted({k["row_key"] for k in kept if k["table_name"] == table})
        for key, found in _latest(connection, table, keys).items():
            latest[(table, key)] = found
    previous: dict[tuple[str, str], EvidenceRowVersion] = {}
    counts = Counter((k["table_name"], k["row_key"]) for k in kept)
    for values in kept:
        ident = (values["table_name"], values["row_key"])
        version, previous_id = latest.get(ident, (0, None))
        earlier = previous.get(ident)
        row = EvidenceRowVersion(
            **(values | {"replaced_by": actor if actor is not None else values["replaced_by"]}),
            version=(earlier.version if earlier else version) + 1,
            previous_id=earlier.id if earlier else previous_id,
        )
        session.add(row)
        counts[ident] -= 1
        if counts[ident]:  # the same row changed again in this transaction: the next version points at this one
            session.flush()
        previous[ident] = row


def forget(session: Session) -> None:
    """After a rollback: nothing captured in it is kept."""
    session.info.pop(_KEPT, None)
    session.info.pop(_ACTOR, None)
