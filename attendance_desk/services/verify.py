"""``verify``: is the evidence as the app left it? Walks the audit chain, every evidence row and the archive.

Reports, by table and row: audit entries changed, missing (deleted), added outside the chain or dated before the
entry they follow (back-dated); evidence rows changed, deleted or added outside the app; archived files changed
or missing; and the database's own ``integrity_check`` (SQLite). Plain SELECTs, so it runs on PostgreSQL too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from attendance_desk.domain.access import Permission
from attendance_desk.domain.text import plural
from attendance_desk.paths import logs_dir
from attendance_desk.services.access import require
from attendance_desk.services.archive import verify_archive
from attendance_desk.store.chain import (
    CHAIN_START,
    SEAL,
    SEAL_DELETE,
    SEAL_PREFIX,
    entry_hash,
    evidence_tables,
    legacy_digest,
    row_hash,
    row_key,
)
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AuditChainHead, AuditEntry


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

    @property
    def ok(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        counts = (
            f"{self.audit_entries} audit entries, {self.evidence_rows} evidence rows and "
            f"{self.documents} archived documents"
        )
        if self.ok:
            return f"Checked {counts}: nothing has been changed, removed or added outside the app."
        return f"Checked {counts}: {plural(len(self.findings), 'problem')} found."


def _walk_chain(store: Store, findings: list[Finding]) -> tuple[int, dict[tuple[str, str], tuple[str, str]]]:
    """Check every link; return the entry count and the latest seal of each evidence row."""
    seals: dict[tuple[str, str], tuple[str, str]] = {}
    table = AuditEntry.__table__
    with store.session() as session:
        head = session.get(AuditChainHead, 1)
        if head is None:
            findings.append(Finding("audit_log", "-", "the chain has not been started"))
            return 0, seals
        connection = session.connection()
        count, previous_hash, previous_seq, previous_at, previous_id = 0, "", 0, None, 0
        for row in connection.execute(
            select(table).order_by(table.c.seq.is_(None), table.c.seq, table.c.id)
        ).mappings():
            count += 1
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
                seals[(row["entity"][len(SEAL_PREFIX) :], row["entity_id"])] = (row["action"], row["row_hash"])
            previous_hash, previous_seq, previous_at, previous_id = row["entry_hash"], seq, row["at"], row["id"]
        if head.last_seq != previous_seq or head.last_hash != previous_hash:
            missing = f"seq {previous_seq + 1}–{head.last_seq}" if head.last_seq > previous_seq else "head"
            findings.append(Finding("audit_log", missing, "the newest entries are missing or were replaced"))
    return count, seals


def _check_legacy(connection: object, last_id: int, start: dict[str, object], findings: list[Finding]) -> None:
    count, digest_now = legacy_digest(connection, last_id)  # type: ignore[arg-type]
    if (count, digest_now) != (start.get("earlier_entries"), start.get("earlier_digest")):
        findings.append(Finding("audit_log", f"1–{last_id}", "entries from before the chain began were changed"))


def _check_rows(store: Store, seals: dict[tuple[str, str], tuple[str, str]], findings: list[Finding]) -> int:
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
    return checked


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
) -> VerifyResult:
    """The whole check. ``progress`` is told about the archive files (the slow part)."""
    require(store, actor_id, Permission.VERIFY)
    return run_verify(store, progress, check_integrity=check_integrity)


def run_verify(
    store: Store, progress: Callable[[int, int], None] | None = None, *, check_integrity: bool = True
) -> VerifyResult:
    """The check without a sign-in: for the app's own daily run in the background."""
    from attendance_desk.store.models import utc_now

    findings: list[Finding] = []
    if check_integrity:
        _integrity(store, findings)
    entries, seals = _walk_chain(store, findings)
    rows = _check_rows(store, seals, findings)
    archive = verify_archive(store, progress)
    findings.extend(Finding("archived_documents", str(p.document_id), p.problem) for p in archive.problems)
    return VerifyResult(entries, rows, archive.checked, tuple(findings), utc_now())


# --- the app's daily check ---------------------------------------------------------------------------------------

RESULT_FILE = "last-evidence-check.json"
CHECK_EVERY = timedelta(days=1)


def _result_path(store: Store) -> Path:
    return logs_dir(store.data_dir) / RESULT_FILE


def save_result(store: Store, result: VerifyResult) -> None:
    """Keep the outcome (tables, rows and problems only: no personal data) for Settings → Security."""
    record = {
        "checked_at": result.checked_at.isoformat(),
        "ok": result.ok,
        "summary": result.summary(),
        "findings": [str(f) for f in result.findings[:200]],
        "chain_head": _chain_head(store),
    }
    path = _result_path(store)
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(record, indent=1), encoding="utf-8")
    partial.replace(path)


def last_result(store: Store) -> dict[str, Any] | None:
    try:
        data = json.loads(_result_path(store).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def check_due(store: Store, now: datetime | None = None) -> bool:
    """True when the last check is a day old or there has been none."""
    last = last_result(store)
    if last is None:
        return True
    try:
        checked = datetime.fromisoformat(str(last["checked_at"]))
    except (KeyError, ValueError):
        return True
    from attendance_desk.store.models import utc_now

    return (now or utc_now()) - checked >= CHECK_EVERY


def _chain_head(store: Store) -> list[object]:
    with store.session() as session:
        head = session.get(AuditChainHead, 1)
        return [head.last_seq, head.last_hash] if head is not None else []
