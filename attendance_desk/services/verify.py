"""``verify``: is the evidence as the app left it? Walks the audit chain, every evidence row and the archive.

Reports, by table and row: audit entries changed, missing (deleted), added outside the chain or dated before the
entry they follow (back-dated); a chain rewritten or cut since an anchor (a link kept outside the database, see
:mod:`services.evidence_anchor`); guard triggers dropped or disabled; evidence rows changed, deleted or added
outside the app, and kept versions that the chain never sealed (a row changed from outside and then by the app);
archived files changed or missing; and the database's own ``integrity_check`` (SQLite). Plain SELECTs, so it runs
on PostgreSQL too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text

from attendance_desk.domain.access import Permission
from attendance_desk.domain.text import plural
from attendance_desk.services.access import require
from attendance_desk.services.archive import verify_archive
from attendance_desk.services.evidence_anchor import (
    Anchor,
    Link,
    check_due,
    keep_result,
    last_result,
    saved_anchor,
)
from attendance_desk.store.append_only import GUARDED_TABLES, VERSIONED_TABLES, missing_guards
from attendance_desk.store.chain import (
    CHAIN_START,
    SEAL,
    SEAL_DELETE,
    SEAL_PREFIX,
    entry_hash,
    evidence_tables,
    legacy_digest,
    row_key,
)
from attendance_desk.store.digests import row_hash
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AuditChainHead, AuditEntry, EvidenceRowVersion

__all__ = ["Finding", "VerifyResult", "check_due", "last_result", "run_verify", "save_result", "verify_evidence"]


@dataclass(frozen=True, slots=True)
class Finding:
    table: str
    row: str
    problem: str

    def __str__(self) -> str:
        return f"{self.table} row {self.row}: {self.problem}"


@dataclass(frozen=True, slots=True)
class VerifyResult:
    audit_entries: int
    evidence_rows: int
    documents: int
    findings: tuple[Finding, ...]
    checked_at: datetime
    newest_link: Link | None = None
    """The last entry of the chain as walked: write it down (``attendance-desk verify`` prints it)."""

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def chain_intact(self) -> bool:
        """No problem with the audit log itself (so its newest link may become the next anchor)."""
        return not any(f.table == "audit_log" for f in self.findings)

    def summary(self) -> str:
        counts = (
            f"{plural(self.audit_entries, 'audit entry', 'audit entries')}, "
            f"{plural(self.evidence_rows, 'evidence row')} and {plural(self.documents, 'archived document')}"
        )
        if self.ok:
            return f"Checked {counts}: nothing has been changed, removed or added outside the app."
        return f"Checked {counts}: {plural(len(self.findings), 'problem')} found."


@dataclass(slots=True)
class _Walk:
    """What the chain walk gathers: entries, the latest seal of each row, every hash sealed for versioned rows,
    the hash at each anchored seq and the newest link."""

    count: int = 0
    seals: dict[tuple[str, str], tuple[str, str]] | None = None
    sealed_versions: dict[tuple[str, str], set[str]] | None = None
    at_seq: dict[int, str] | None = None
    newest: Link | None = None


def _walk_chain(store: Store, findings: list[Finding], anchored: set[int]) -> _Walk:
    """Check every link; gather what the row and anchor checks need."""
    walk = _Walk(seals={}, sealed_versions={}, at_seq={})
    assert walk.seals is not None and walk.sealed_versions is not None and walk.at_seq is not None
    table = AuditEntry.__table__
    with store.session() as session:
        head = session.get(AuditChainHead, 1)
        if head is None:
            findings.append(Finding("audit_log", "-", "the chain has not been started"))
            return walk
        connection = session.connection()
        previous_hash, previous_seq, previous_at, previous_id = "", 0, None, 0
        for row in connection.execute(
            select(table).order_by(table.c.seq.is_(None), table.c.seq, table.c.id)
        ).mappings():
            walk.count += 1
            entry_id = str(row["id"])
            if row["seq"] is None:
                if row["id"] > head.legacy_last_id:
                    findings.append(Finding("audit_log", entry_id, "added outside the app (it is not in the chain)"))
                continue
            seq = row["seq"]
            if seq != previous_seq + 1:
                gap = f"{previous_seq + 1}" if seq == previous_seq + 2 else f"{previous_seq + 1}–{seq - 1}"
                findings.append(Finding("audit_log", f"seq {gap}", "deleted (a gap in the chain)"))
            elif row["prev_hash"] != previous_hash:
                findings.append(Finding("audit_log", entry_id, "does not follow the entry before it"))
            if entry_hash(dict(row)) != row["entry_hash"]:
                findings.append(Finding("audit_log", entry_id, "changed since it was written"))
            if previous_at is not None and row["at"] < previous_at:
                findings.append(Finding("audit_log", entry_id, "dated before the entry it follows (back-dated)"))
            if row["id"] < previous_id:
                findings.append(Finding("audit_log", entry_id, "inserted out of order"))
            if row["action"] == CHAIN_START:
                _check_legacy(connection, head.legacy_last_id, row["after"] or {}, findings)
            if row["action"] in (SEAL, SEAL_DELETE) and str(row["entity"]).startswith(SEAL_PREFIX):
                key = (row["entity"][len(SEAL_PREFIX) :], row["entity_id"])
                walk.seals[key] = (row["action"], row["row_hash"])
                if key[0] in VERSIONED_TABLES and row["action"] == SEAL:
                    walk.sealed_versions.setdefault(key, set()).add(row["row_hash"])
            if seq in anchored:
                walk.at_seq[seq] = row["entry_hash"]
            previous_hash, previous_seq, previous_at, previous_id = row["entry_hash"], seq, row["at"], row["id"]
        if previous_seq:
            walk.newest = Link(previous_seq, previous_hash)
        if head.last_seq != previous_seq or head.last_hash != previous_hash:
            missing = f"seq {previous_seq + 1}–{head.last_seq}" if head.last_seq > previous_seq else "head"
            findings.append(Finding("audit_log", missing, "the newest entries are missing or were replaced"))
    return walk


def _check_legacy(connection: Any, last_id: int, start: dict[str, object], findings: list[Finding]) -> None:
    count, digest_now = legacy_digest(connection, last_id)
    if (count, digest_now) != (start.get("earlier_entries"), start.get("earlier_digest")):
        findings.append(Finding("audit_log", f"1–{last_id}", "entries from before the chain began were changed"))


def _check_anchors(walk: _Walk, anchors: Sequence[Anchor], findings: list[Finding]) -> None:
    """Each anchor's link must still be in the chain, unchanged: else the chain was rewritten from there on (a
    keyless hash can be recomputed) or cut back."""
    assert walk.at_seq is not None
    for anchor in anchors:
        if not anchor.link.matches(walk.at_seq.get(anchor.link.seq)):
            findings.append(
                Finding(
                    "audit_log", f"seq {anchor.link.seq}", f"the audit chain was rewritten or cut since {anchor.since}"
                )
            )


def _check_guards(store: Store, findings: list[Finding]) -> None:
    with store.engine.connect() as connection:
        gone = missing_guards(connection, GUARDED_TABLES)
    for table, triggers in gone.items():
        findings.append(
            Finding(table, "-", f"the database no longer refuses changes here (trigger {', '.join(triggers)} missing)")
        )


def _check_rows(store: Store, walk: _Walk, findings: list[Finding]) -> int:
    seals = walk.seals or {}
    checked = 0
    with store.session() as session:
        connection = session.connection()
        for table in evidence_tables():
            present: set[str] = set()
            for row in connection.execute(select(table)).mappings():
                checked += 1
                key = row_key(table, row)
                present.add(key)
                action, sealed = seals.get((table.name, key), ("", ""))
                if not action:
                    findings.append(Finding(table.name, key, "added outside the app (no seal in the audit chain)"))
                elif action == SEAL_DELETE:
                    findings.append(Finding(table.name, key, "was deleted by the app but is back"))
                elif sealed != row_hash(table, row):
                    findings.append(Finding(table.name, key, "changed outside the app"))
            for (name, key), (action, _hash) in seals.items():
                if name == table.name and action == SEAL and key not in present:
                    findings.append(Finding(table.name, key, "deleted outside the app"))
        _check_versions(connection, walk, findings)
    return checked


def _check_versions(connection: Any, walk: _Walk, findings: list[Finding]) -> None:
    """A kept version holds the row as the app found it just before changing it: if the chain never sealed that
    content, the row had been changed outside the app first (and the app's change would otherwise hide it)."""
    sealed = walk.sealed_versions or {}
    versions = EvidenceRowVersion.__table__
    query = select(versions.c.table_name, versions.c.row_key, versions.c.version, versions.c.row_hash)
    for name, key, version, kept_hash in connection.execute(query.order_by(versions.c.id)):
        if kept_hash not in sealed.get((name, key), set()):
            findings.append(Finding(name, key, f"was changed outside the app before version {version} was kept"))


def _integrity(store: Store, findings: list[Finding]) -> None:
    if store.engine.dialect.name != "sqlite":
        return
    with store.engine.connect() as connection:
        results = [r[0] for r in connection.execute(text("PRAGMA integrity_check"))]
    if results != ["ok"]:
        findings.extend(Finding("database", "-", f"integrity check: {message}") for message in results[:20])


def verify_evidence(
    store: Store,
    actor_id: int | None,
    progress: Callable[[int, int], None] | None = None,
    *,
    check_integrity: bool = True,
    anchors: Sequence[Anchor] = (),
) -> VerifyResult:
    """The whole check. ``progress`` is told about the archive files (the slow part). ``anchors``: links written
    down earlier, checked besides the one this computer keeps."""
    require(store, actor_id, Permission.VERIFY)
    return run_verify(store, progress, check_integrity=check_integrity, anchors=anchors)


def run_verify(
    store: Store,
    progress: Callable[[int, int], None] | None = None,
    *,
    check_integrity: bool = True,
    anchors: Sequence[Anchor] = (),
) -> VerifyResult:
    """The check without a sign-in: for the app's own daily run in the background."""
    from attendance_desk.store.models import utc_now

    findings: list[Finding] = []
    if check_integrity:
        _integrity(store, findings)
    kept = saved_anchor(store)
    every_anchor = [*anchors, *([kept] if kept is not None else [])]
    walk = _walk_chain(store, findings, {anchor.link.seq for anchor in every_anchor})
    _check_anchors(walk, every_anchor, findings)
    _check_guards(store, findings)
    rows = _check_rows(store, walk, findings)
    archive = verify_archive(store, progress)
    findings.extend(Finding("archived_documents", str(p.document_id), p.problem) for p in archive.problems)
    return VerifyResult(walk.count, rows, archive.checked, tuple(findings), utc_now(), walk.newest)


def save_result(store: Store, result: VerifyResult) -> None:
    """Keep the outcome for Settings → Security; the newest link becomes this computer's anchor."""
    keep_result(
        store,
        checked_at=result.checked_at,
        ok=result.ok,
        summary=result.summary(),
        findings=[str(f) for f in result.findings],
        newest_link=result.newest_link,
        chain_intact=result.chain_intact,
    )
