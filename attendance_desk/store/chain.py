"""The hash chain over the audit log, and the seals that tie every evidence row to it.

How it works (plain SQL and SQLAlchemy events only, so it behaves the same on SQLite and PostgreSQL):

- Before each flush, new :class:`AuditEntry` objects are numbered (``seq``, no gaps) and hashed: ``entry_hash`` is
  the SHA-256 of the entry's content and the previous entry's hash. The newest link is kept in
  ``audit_chain_head``, read with ``FOR UPDATE`` (PostgreSQL) so that two workstations queue instead of forking.
- Before each flush, a row of a versioned table (``store/append_only.py``) that is about to change or go is read
  as the database holds it, and kept whole in ``evidence_row_versions`` when the transaction commits
  (``store/history.py``); the event tables refuse changes by trigger.
- After each flush, every evidence row that was inserted, changed or deleted gets a *seal*: an audit entry
  (action ``seal``) naming the table and row and carrying the SHA-256 of the row as the database now holds it.
  Rows written with Core bulk inserts are sealed by :func:`seal_unsealed` (the demo school calls it).
- ``services/verify.py`` walks the chain and compares each row with its latest seal: anything changed, deleted
  or added outside the app shows up by table and row.

The hash is keyless (anyone can recompute it), so it proves the log is consistent, not who wrote it: someone who
rewrites the whole chain from the changed row onwards can hide a change. ``verify`` therefore checks the chain
against an *anchor* kept outside the database (``services/verify.py``): the newest link each check saw, and any
link written down from ``attendance-desk verify``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any, cast

from sqlalchemy import Table, insert, select, tuple_, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm import attributes as orm_attributes

from attendance_desk.store import history
from attendance_desk.store.append_only import VERSIONED_TABLES
from attendance_desk.store.digests import EXCLUDED_COLUMNS, digest, row_hash
from attendance_desk.store.models import AuditChainHead, AuditEntry, Base, load_all, utc_now

# Tables whose rows are evidence. Each row is sealed in the audit chain whenever the app writes it.
EVIDENCE_TABLES: tuple[str, ...] = (
    "communications",
    "code_decisions",
    "call_attempts",
    "call_prompt_answers",
    "home_visits",
    "absence_reports",
    "safeguarding_concerns",
    "letters",
    "letter_deliveries",
    "letter_approvals",
    "letter_templates",
    "archived_documents",
    "case_stage_changes",
    "medical_action_plans",
    "medical_plan_reviews",
    "attendance_contracts",
    "contract_reviews",
    "attendance_meetings",
    "notices_to_improve",
    "penalty_notices",
    "import_batches",
    "staff",
    "staff_roles",
    "withdrawals",
    "evidence_row_versions",
)
SEAL = "seal"
SEAL_PREFIX = "row:"  # seal entries name "row:<table>", apart from the services' own entity names
SEAL_DELETE = "seal-delete"


def entry_content(entry: Mapping[str, Any]) -> dict[str, Any]:
    """What an audit entry's hash covers (everything but its own hash and its database id)."""
    keys = ("seq", "at", "staff_id", "action", "entity", "entity_id", "before", "after", "reason", "row_hash")
    return {key: entry.get(key) for key in keys} | {"prev_hash": entry.get("prev_hash", "")}


def entry_hash(entry: Mapping[str, Any]) -> str:
    return digest(entry_content(entry))


def row_key(table: Table, row: Mapping[Any, Any]) -> str:
    """The row's primary key as text ("12" or "12|AM" for a composite key)."""
    return "|".join(str(row[c.key]) for c in table.primary_key.columns)


def evidence_tables() -> list[Table]:
    load_all()  # every evidence table, whichever models the command has loaded so far
    tables = Base.metadata.tables
    return [tables[name] for name in EVIDENCE_TABLES]


# --- numbering and hashing new audit entries -------------------------------------------------------------------


def _head(connection: Connection) -> tuple[int, str]:
    query = select(AuditChainHead.last_seq, AuditChainHead.last_hash).where(AuditChainHead.id == 1)
    row = connection.execute(query.with_for_update()).first()
    if row is None:
        raise RuntimeError("the audit chain has not been started (open the database with open_store)")
    return int(row[0]), str(row[1])


_FIELDS = ("at", "staff_id", "action", "entity", "entity_id", "before", "after", "reason", "row_hash")


def _link(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Number and hash ``rows`` (dicts of audit columns) after the current head, and move the head on."""
    last_seq, last_hash = _head(connection)
    for row in rows:
        row["at"] = row.get("at") or utc_now()
        for text_field in ("row_hash", "reason", "entity_id"):
            row[text_field] = row.get(text_field) or ""
        last_seq += 1
        row["seq"], row["prev_hash"] = last_seq, last_hash
        row["entry_hash"] = last_hash = entry_hash(row)
    connection.execute(
        update(AuditChainHead).where(AuditChainHead.id == 1).values(last_seq=last_seq, last_hash=last_hash)
    )


def chain_rows(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For Core bulk inserts into ``audit_log``: the rows numbered and hashed, in the order given."""
    _link(session.connection(), rows)
    return rows


def _chain_new_entries(session: Session, entries: list[AuditEntry]) -> None:
    rows = [{name: getattr(entry, name) for name in _FIELDS} for entry in entries]
    _link(session.connection(), rows)
    for entry, row in zip(entries, rows, strict=True):
        for name in (*_FIELDS, "seq", "prev_hash", "entry_hash"):
            setattr(entry, name, row[name])


# --- sealing evidence rows --------------------------------------------------------------------------------------


def _pending(session: Session) -> dict[str, set[tuple[Any, ...]]]:
    return session.info.setdefault("seal_keys", {})  # type: ignore[no-any-return]


def _identity(obj: Any) -> tuple[str, tuple[Any, ...]] | None:
    table = getattr(obj, "__table__", None)
    if table is None or table.name not in EVIDENCE_TABLES:
        return None
    state = orm_attributes.instance_state(obj)
    if state.key is not None:
        return table.name, tuple(state.key[1])
    return table.name, ()


def seal_rows(connection: Connection, table: Table, keys: Iterable[tuple[Any, ...]]) -> list[AuditEntry]:
    """Seal entries for the given rows of ``table`` as the database holds them now (deleted rows: a delete seal)."""
    wanted = list(dict.fromkeys(keys))
    pk = list(table.primary_key.columns)
    found: dict[tuple[Any, ...], Mapping[Any, Any]] = {}
    for start in range(0, len(wanted), 400):
        chunk = wanted[start : start + 400]
        condition = pk[0].in_([k[0] for k in chunk]) if len(pk) == 1 else tuple_(*pk).in_(chunk)
        for row in connection.execute(select(table).where(condition)).mappings():
            found[tuple(row[c.key] for c in pk)] = row
    seals = []
    entity = SEAL_PREFIX + table.name
    for key in wanted:
        sealed_row = found.get(key)
        text_key = "|".join(str(part) for part in key)
        if sealed_row is None:
            seals.append(AuditEntry(action=SEAL_DELETE, entity=entity, entity_id=text_key, row_hash=""))
        else:
            digest_now = row_hash(table, sealed_row)
            seals.append(AuditEntry(action=SEAL, entity=entity, entity_id=text_key, row_hash=digest_now))
    return seals


def _keep_versions(session: Session) -> None:
    """Before versioned rows change or go, keep each as the database holds it (``store/history.py``)."""
    changes: dict[str, list[tuple[tuple[Any, ...], str, Any]]] = {}
    for obj in session.dirty:
        ident = _identity(obj)
        changed = history.changed_columns(obj) if ident and ident[1] and ident[0] in VERSIONED_TABLES else set()
        if ident and changed - EXCLUDED_COLUMNS.get(ident[0], frozenset()):
            changes.setdefault(ident[0], []).append((ident[1], "update", obj))
    for obj in session.deleted:
        ident = _identity(obj)
        if ident and ident[1] and ident[0] in VERSIONED_TABLES:
            changes.setdefault(ident[0], []).append((ident[1], "delete", obj))
    tables = Base.metadata.tables
    for name, found in changes.items():
        history.capture_versions(session, tables[name], found)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    _keep_versions(session)
    history.note_actor(session)
    pending = _pending(session)
    new_objects: list[Any] = session.info.setdefault("seal_new", [])
    for obj in list(session.dirty) + list(session.deleted):
        ident = _identity(obj)
        if ident and ident[1] and (obj in session.deleted or session.is_modified(obj, include_collections=False)):
            pending.setdefault(ident[0], set()).add(ident[1])
    for obj in session.new:
        if _identity(obj):
            new_objects.append(obj)
    entries = [obj for obj in session.new if isinstance(obj, AuditEntry) and obj.seq is None]
    if entries:
        entries.sort(key=lambda obj: orm_attributes.instance_state(obj).insert_order or 0)
        _chain_new_entries(session, entries)


def _after_flush_postexec(session: Session, _context: Any) -> None:
    pending = _pending(session)
    for obj in session.info.pop("seal_new", []):
        state = orm_attributes.instance_state(obj)
        if state.key is not None:
            pending.setdefault(obj.__table__.name, set()).add(tuple(state.key[1]))
    if not pending:
        return
    session.info["seal_keys"] = {}
    tables = Base.metadata.tables
    connection = session.connection()
    for name, keys in pending.items():
        for seal in seal_rows(connection, tables[name], sorted(keys, key=repr)):
            session.add(seal)


def _after_end(session: Session, *_args: Any) -> None:
    session.info.pop("seal_keys", None)
    session.info.pop("seal_new", None)
    history.forget(session)


def _before_commit(session: Session) -> None:
    session.flush()  # the changes still pending are captured now, so their versions go in with them
    history.note_actor(session)
    history.write_versions(session)


def install(factory: sessionmaker[Session]) -> None:
    """Chain and seal on every session the store hands out."""
    from sqlalchemy import event

    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush_postexec", _after_flush_postexec)
    event.listen(factory, "after_soft_rollback", _after_end)
    event.listen(factory, "before_commit", _before_commit)


def seal_unsealed(session: Session) -> int:
    """Seal evidence rows that have no seal yet (written by Core bulk inserts). Returns how many were sealed."""
    connection = session.connection()
    sealed = {
        (entity, key)
        for entity, key in connection.execute(
            # Only seals inside the chain count: one written before the chain began (a database taken back to an
            # older version and upgraded again) is covered by the legacy digest, not by verify's walk.
            select(AuditEntry.entity, AuditEntry.entity_id).where(
                AuditEntry.action.in_((SEAL, SEAL_DELETE)), AuditEntry.seq.is_not(None)
            )
        )
    }
    count = 0
    for table in evidence_tables():
        pk = list(table.primary_key.columns)
        missing = [
            tuple(row)
            for row in connection.execute(select(*pk))
            if (SEAL_PREFIX + table.name, "|".join(str(part) for part in row)) not in sealed
        ]
        for seal in seal_rows(connection, table, missing):
            session.add(seal)
            count += 1
    session.flush()
    return count


CHAIN_EXTEND = "chain-extend"


def joining_tables(session: Session) -> list[Table]:
    """The evidence tables with rows but not one seal yet (see :func:`seal_joining_tables`): one statement, asked
    at every opening, so it reads nothing but a row of each table and the audit index."""
    asked = " UNION ALL ".join(
        f"SELECT {position} WHERE EXISTS (SELECT 1 FROM {name}) AND NOT EXISTS "
        f"(SELECT 1 FROM audit_log WHERE entity = '{SEAL_PREFIX}{name}')"
        for position, name in enumerate(EVIDENCE_TABLES)
    )  # the names are this program's own table names, never input; asked by name, so no model is loaded
    joining = [EVIDENCE_TABLES[row[0]] for row in session.connection().exec_driver_sql(asked)]
    return [table for table in evidence_tables() if table.name in joining] if joining else []


def seal_joining_tables(session: Session) -> list[str]:
    """Seal the rows of evidence tables that have never been under the chain (a table that a newer version made
    evidence, such as ``withdrawals``), with one entry naming each table. A table with any seal is left alone, so
    rows added to it from outside stay unsealed and ``verify`` finds them. Returns the tables sealed."""
    connection = session.connection()
    joined = []
    for table in joining_tables(session):
        keys = [tuple(row) for row in connection.execute(select(*table.primary_key.columns))]
        session.add(
            AuditEntry(action=CHAIN_EXTEND, entity="audit_log", entity_id=table.name, after={"rows": len(keys)})
        )
        session.add_all(seal_rows(connection, table, keys))
        joined.append(table.name)
    if joined:
        session.flush()
    return joined


def legacy_digest(connection: Connection, last_id: int) -> tuple[int, str]:
    """How many entries were written before the chain began, and one digest over them all (in id order)."""
    table = AuditEntry.__table__
    hasher = hashlib.sha256()
    count = 0
    query = select(table).where(table.c.id <= last_id, table.c.seq.is_(None)).order_by(table.c.id)
    for row in connection.execute(query).mappings():
        hasher.update(digest({c.key: row[c.key] for c in table.columns if c.key not in _CHAIN_COLUMNS}).encode())
        count += 1
    return count, hasher.hexdigest()


_CHAIN_COLUMNS = frozenset({"seq", "row_hash", "prev_hash", "entry_hash"})
CHAIN_START = "chain-start"


def chain_started(session: Session) -> bool:
    return session.connection().exec_driver_sql("SELECT 1 FROM audit_chain_head WHERE id = 1").first() is not None


def start_chain(session: Session) -> bool:
    """Begin the chain on a database that has none yet: cover older entries with one digest, seal every row."""
    connection = session.connection()
    if chain_started(session):
        return False
    table = AuditEntry.__table__
    last_id = connection.execute(select(table.c.id).order_by(table.c.id.desc()).limit(1)).scalar() or 0
    count, legacy = legacy_digest(connection, last_id)
    connection.execute(
        insert(cast(Table, AuditChainHead.__table__)).values(id=1, last_seq=0, last_hash="", legacy_last_id=last_id)
    )
    session.add(
        AuditEntry(
            action=CHAIN_START,
            entity="audit_log",
            entity_id=str(last_id),
            after={"earlier_entries": count, "earlier_digest": legacy},
        )
    )
    session.flush()
    seal_unsealed(session)
    return True
