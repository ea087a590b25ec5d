"""The import history: every accepted import with its reconciliation report, newest first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select

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


def _record(batch: ImportBatch, staff: str | None) -> ImportRecord:
    return ImportRecord(
        batch.id,
        batch.kind,
        Path(batch.file_name).name,
        batch.status,
        batch.finished_at,
        staff or "",
        batch.inserted,
        batch.updated,
        batch.unchanged,
        batch.removed,
        batch.warnings,
        batch.first_date,
        batch.last_date,
        batch.profile,
        dict(batch.report or {}),
    )


def _query() -> Select[ImportBatch, str]:
    return select(ImportBatch, Staff.name).outerjoin(Staff, Staff.id == ImportBatch.staff_id)


def import_history(store: Store, limit: int = 200) -> list[ImportRecord]:
    """Finished imports, newest first."""
    with store.session() as session:
        rows = session.execute(
            _query().where(ImportBatch.status != "running").order_by(ImportBatch.id.desc()).limit(limit)
        ).all()
        return [_record(batch, name) for batch, name in rows]
