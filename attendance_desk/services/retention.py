"""Retention: records kept for the school's period after a pupil leaves, then deleted when an administrator says so.

The default is six years after leaving (School settings, ``retention_years``). The report lists how many pupils,
marks, contacts and documents are due, never their names. The deletion runs in one transaction: the pupils and
everything hanging off them (marks, calls, letters, casework, concerns), their parents who are linked to no other
pupil, the archive rows of their documents and the kept earlier versions of their rows; the PDF files go once it
has committed. The evidence tables' guard triggers step aside for that transaction only (``store/append_only``),
every removed evidence row gets a delete seal (so ``verify`` knows the app removed it) and one minimal audit entry
says what category went, when and by whom. It is the one removal of evidence the app makes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Table, delete, func, select
from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.domain.text import plural
from attendance_desk.services.access import require
from attendance_desk.services.archive import archive_root
from attendance_desk.store.append_only import guards_lifted
from attendance_desk.store.audit import record_change
from attendance_desk.store.chain import evidence_tables, seal_rows
from attendance_desk.store.engine import Store
from attendance_desk.store.models import (
    ArchivedDocument,
    ArchivedDocumentContent,
    Contact,
    EvidenceRowVersion,
    Letter,
    Mark,
    Pupil,
    PupilContact,
    SchoolSettings,
)

log = logging.getLogger(__name__)
CATEGORY = "registers and attendance casework of pupils who left"


@dataclass(frozen=True, slots=True)
class RetentionReport:
    as_of: date
    years: int
    left_before: date
    pupil_ids: tuple[int, ...]
    marks: int
    documents: int

    @property
    def empty(self) -> bool:
        return not self.pupil_ids

    def lines(self) -> list[str]:
        head = (
            f"Kept {self.years} years after leaving: records of pupils who left before "
            f"{self.left_before:%d/%m/%Y} are due for deletion."
        )
        if self.empty:
            return [head, "Nothing is due."]
        return [
            head,
            f"{plural(len(self.pupil_ids), 'pupil')}, {plural(self.marks, 'register mark')}, "
            f"{plural(self.documents, 'archived document')}.",
        ]


@dataclass(frozen=True, slots=True)
class RetentionDeletion:
    pupils: int
    documents: int
    files_left: int


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def records_due(store: Store, actor_id: int | None, *, as_of: date | None = None) -> RetentionReport:
    require(store, actor_id, Permission.RETENTION)
    today = as_of or date.today()
    with store.session() as session:
        settings = session.get(SchoolSettings, 1)
        years = settings.retention_years if settings is not None else 6
        left_before = _years_before(today, years)
        ids = tuple(
            session.scalars(
                select(Pupil.id).where(Pupil.leaving_date.is_not(None), Pupil.leaving_date < left_before)
            ).all()
        )
        marks = session.scalar(select(func.count()).select_from(Mark).where(Mark.pupil_id.in_(ids))) if ids else 0
        documents = (
            session.scalar(select(func.count()).select_from(ArchivedDocument).where(ArchivedDocument.pupil_id.in_(ids)))
            if ids
            else 0
        )
    return RetentionReport(today, years, left_before, ids, marks or 0, documents or 0)


def _keys(session: Session, table: Table) -> set[tuple[object, ...]]:
    return {tuple(row) for row in session.execute(select(*table.primary_key.columns))}


EVIDENCE_VERSIONS = "evidence_row_versions"


def _table(name: str) -> Table:
    return next(table for table in evidence_tables() if table.name == name)


def _not_named_in_kept_evidence(tables: list[Table]) -> list[ColumnElement[bool]]:
    """Conditions keeping a contact that a remaining evidence row names (another pupil's call to them, say):
    removing it would change that row (its contact would be set to nothing), and that evidence is kept."""
    conditions: list[ColumnElement[bool]] = []
    for table in tables:
        for column in table.columns:
            if any(key.column.table.name == "contacts" for key in column.foreign_keys):
                conditions.append(Contact.id.not_in(select(column).where(column.is_not(None))))
    return conditions


def _delete_kept_versions(session: Session, gone: dict[str, set[tuple[object, ...]]]) -> None:
    """The kept earlier versions of the removed rows go with them (they hold the same personal data)."""
    for name, keys in gone.items():
        text_keys = sorted("|".join(str(part) for part in key) for key in keys)
        for start in range(0, len(text_keys), 400):
            session.execute(
                delete(EvidenceRowVersion).where(
                    EvidenceRowVersion.table_name == name,
                    EvidenceRowVersion.row_key.in_(text_keys[start : start + 400]),
                )
            )


def delete_due(store: Store, actor_id: int | None, report: RetentionReport) -> RetentionDeletion:
    """Delete what ``report`` listed (re-checked now: only pupils still past the period go)."""
    require(store, actor_id, Permission.RETENTION)
    ids = [pid for pid in records_due(store, actor_id, as_of=report.as_of).pupil_ids if pid in set(report.pupil_ids)]
    if not ids:
        return RetentionDeletion(0, 0, 0)
    with store.transaction() as session:
        tables = evidence_tables()
        before = {table.name: _keys(session, table) for table in tables}
        files = list(session.scalars(select(ArchivedDocument.file_path).where(ArchivedDocument.pupil_id.in_(ids))))
        contacts = set(session.scalars(select(PupilContact.contact_id).where(PupilContact.pupil_id.in_(ids))))
        with guards_lifted(session):
            session.execute(delete(Letter).where(Letter.pupil_id.in_(ids)))
            their_documents = select(ArchivedDocument.id).where(ArchivedDocument.pupil_id.in_(ids))
            # On the school's server the PDF bytes live in the database, beside their archive row.
            session.execute(
                delete(ArchivedDocumentContent).where(ArchivedDocumentContent.document_id.in_(their_documents))
            )
            session.execute(delete(ArchivedDocument).where(ArchivedDocument.pupil_id.in_(ids)))
            session.execute(delete(Pupil).where(Pupil.id.in_(ids)))
            still_linked = select(PupilContact.contact_id).where(PupilContact.contact_id.in_(contacts))
            session.execute(
                delete(Contact).where(
                    Contact.id.in_(contacts), Contact.id.not_in(still_linked), *_not_named_in_kept_evidence(tables)
                )
            )
            gone = {table.name: before[table.name] - _keys(session, table) for table in tables}
            _delete_kept_versions(session, gone)
        gone[EVIDENCE_VERSIONS] = before[EVIDENCE_VERSIONS] - _keys(session, _table(EVIDENCE_VERSIONS))
        connection = session.connection()
        for table in tables:
            if gone[table.name]:
                session.add_all(seal_rows(connection, table, sorted(gone[table.name], key=repr)))
        record_change(
            session,
            actor_id=actor_id,
            action="retention-delete",
            entity="retention",
            after={
                "category": CATEGORY,
                "left_before": report.left_before.isoformat(),
                "pupils": len(ids),
                "documents": len(files),
            },
        )
    root, left = archive_root(store.data_dir), 0
    for relative in files:
        path = root / relative
        try:
            path.chmod(0o600)
            path.unlink()
        except FileNotFoundError:
            pass  # on the school's server the PDF lived in the database, and went with its row
        except OSError:
            left += 1
    log.info("Retention: deleted %d pupils' records and %d documents (%d files left)", len(ids), len(files), left)
    return RetentionDeletion(len(ids), len(files), left)


@dataclass(frozen=True, slots=True)
class SecurityPolicy:
    retention_years: int
    idle_lock_minutes: int


def load_policy(store: Store) -> SecurityPolicy:
    with store.session() as session:
        settings = session.get(SchoolSettings, 1)
        if settings is None:
            return SecurityPolicy(6, 10)
        return SecurityPolicy(settings.retention_years, settings.idle_lock_minutes)


def save_policy(store: Store, actor_id: int | None, policy: SecurityPolicy) -> SecurityPolicy:
    """Retention years (3–25) and the idle lock (0 = off, up to 120 minutes): administrators only."""
    require(store, actor_id, Permission.SCHOOL_SETTINGS)
    if not 3 <= policy.retention_years <= 25:
        raise ValueError("Keep records between 3 and 25 years after a pupil leaves.")
    if not 0 <= policy.idle_lock_minutes <= 120:
        raise ValueError("The idle lock is between 1 and 120 minutes (0 turns it off).")
    with store.transaction() as session:
        settings = session.get(SchoolSettings, 1)
        assert settings is not None
        before = {"retention_years": settings.retention_years, "idle_lock_minutes": settings.idle_lock_minutes}
        settings.retention_years, settings.idle_lock_minutes = policy.retention_years, policy.idle_lock_minutes
        after = {"retention_years": policy.retention_years, "idle_lock_minutes": policy.idle_lock_minutes}
        if before != after:
            record_change(
                session,
                actor_id=actor_id,
                action="update",
                entity="school_settings",
                entity_id=1,
                before=before,
                after=after,
            )
    return policy
