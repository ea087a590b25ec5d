"""The import history: every accepted import with its reconciliation report, newest first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from attendance_desk.store.engine import Store
from attendance_desk.store.models import ImportBatch, Staff


@dataclass(frozen=True)
class ImportRecord:
    id: int
    kind: str
    file: str
    status: str
    finished_at: datetime | None
    staff: str
    inserted: int
    updated: int
    unchanged: int
    removed: int
    warnings: int
    first_date: date | None
    last_date: date | None
    profile: str
    report: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def import_history(store: Store, limit: int = 200) -> list[ImportRecord]:
    with store.session() as session:
        rows = session.execute(
            select(ImportBatch, Staff.name)
            .outerjoin(Staff, Staff.id == ImportBatch.staff_id)
            .where(ImportBatch.status != "running")
            .order_by(ImportBatch.id.desc())
            .limit(limit)
        ).all()
        return [
            ImportRecord(b.id, b.kind, Path(b.file_name).name, b.status, b.finished_at, name or "", b.inserted,
                         b.updated, b.unchanged, b.removed, b.warnings, b.first_date, b.last_date, b.profile,
                         dict(b.report or {}))
            for b, name in rows
        ]


def import_record(store: Store, batch_id: int) -> ImportRecord | None:
    return next((r for r in import_history(store, limit=10_000) if r.id == batch_id), None)
