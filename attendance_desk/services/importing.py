"""Importing canonical CSV files into the store: validate the whole file, then write it in one transaction.

Nothing is written unless every row is valid. Pupils are matched on UPN, contacts on the MIS contact id, marks on
pupil, date and session; a row that matches is updated in place, so importing the same file twice changes
nothing the second time.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from attendance_desk.domain.codes import NO_MARK, default_codebook
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, ImportBatch, Mark, Pupil, PupilContact, utc_now
from attendance_desk.sync.canonical import KINDS, DateParser, IssueLog, read_records
from attendance_desk.sync.issues import ImportIssue, ImportRejected

log = logging.getLogger(__name__)
Progress = Callable[[int], None]


@dataclass
class ImportResult:
    kind: str
    file: str
    status: str  # imported | unchanged | rejected | dry-run
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    duplicates_ignored: int = 0
    first_date: date | None = None
    last_date: date | None = None
    warnings: list[ImportIssue] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    warning_count: int = 0
    error_count: int = 0
    batch_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.status != "rejected"

    def summary(self) -> str:
        if self.status == "rejected":
            return f"{self.file}: rejected with {self.error_count} error(s); nothing was imported"
        return (
            f"{self.file}: {self.kind} {self.status}: {self.inserted} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.removed} removed"
            + (f", {self.duplicates_ignored} repeated row(s) ignored" if self.duplicates_ignored else "")
            + (f", {self.warning_count} warning(s)" if self.warning_count else "")
        )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _upsert(connection: Connection):  # type: ignore[no-untyped-def]
    """The dialect's INSERT … ON CONFLICT construct (SQLite and PostgreSQL spell it the same way)."""
    return postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert


def import_file(
    store: Store,
    kind: str,
    path: str | Path,
    actor_id: int | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate and import one canonical CSV file. Raises nothing for bad input: see ``result.errors``."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    path = Path(path)
    issues = IssueLog(path.name)
    result = ImportResult(kind, path.name, "rejected")
    try:
        with store.transaction() as session:
            counts = _IMPORTERS[kind](session, path, issues, result, progress)
            if issues.error_count:
                raise ImportRejected(issues.errors, issues.warnings)
            result.status = "dry-run" if dry_run else ("imported" if counts else "unchanged")
            if dry_run:
                session.rollback()
            else:
                batch = _record_batch(session, kind, path, actor_id, result)
                result.batch_id = batch.id
    except ImportRejected:
        result.status = "rejected"
    except OSError as exc:
        issues.error(0, "", "", f"the file could not be read: {exc.strerror or exc}")
        result.status = "rejected"
    result.errors, result.warnings = issues.errors, issues.warnings
    result.error_count, result.warning_count = issues.error_count, issues.warning_count
    log.info("Import of %s (%s): %s", path.name, kind, result.status)
    return result


def _record_batch(session: Session, kind: str, path: Path, actor_id: int | None, result: ImportResult) -> ImportBatch:
    batch = ImportBatch(
        kind=kind,
        file_name=str(path),
        file_sha256=file_sha256(path),
        staff_id=actor_id,
        finished_at=utc_now(),
        status=result.status,
        inserted=result.inserted,
        updated=result.updated,
        unchanged=result.unchanged,
        removed=result.removed,
        warnings=result.warning_count,
        first_date=result.first_date,
        last_date=result.last_date,
        report={"duplicates_ignored": result.duplicates_ignored},
    )
    session.add(batch)
    session.flush()
    record_change(
        session,
        actor_id=actor_id,
        action="import",
        entity=kind,
        entity_id=batch.id,
        after={"file": path.name, "inserted": result.inserted, "updated": result.updated},
    )
    return batch


def _import_pupils(
    session: Session, path: Path, issues: IssueLog, result: ImportResult, progress: Progress | None
) -> int:
    existing = {p.upn: p for p in session.scalars(select(Pupil))}
    seen: dict[str, int] = {}
    rows: list[dict[str, Any]] = []
    for line, record in read_records(path, "pupils", issues, DateParser()):
        upn = record["upn"] = record["upn"].upper()
        if upn in seen:
            issues.error(line, "upn", upn, f"appears twice in the file (also on line {seen[upn]})")
            continue
        seen[upn] = line
        if (
            record.get("leaving_date")
            and record.get("admission_date")
            and record["leaving_date"] < record["admission_date"]
        ):
            issues.error(line, "leaving_date", str(record["leaving_date"]), "is before the admission date")
            continue
        rows.append(record)
    if issues.error_count:
        return 0
    changed = 0
    for record in rows:
        pupil = existing.get(record["upn"])
        if pupil is None:
            session.add(Pupil(**record))
            result.inserted += 1
            changed += 1
            continue
        differences = {k: v for k, v in record.items() if getattr(pupil, k) != v}
        if not differences:
            result.unchanged += 1
            continue
        for key, value in differences.items():
            setattr(pupil, key, value)
        result.updated += 1
        changed += 1
    session.flush()
    return changed


def _import_contacts(
    session: Session, path: Path, issues: IssueLog, result: ImportResult, progress: Progress | None
) -> int:
    pupil_ids = dict(session.execute(select(Pupil.upn, Pupil.id)).all())
    contacts = {c.mis_id: c for c in session.scalars(select(Contact))}
    links = {(link.pupil_id, link.contact_id): link for link in session.scalars(select(PupilContact))}
    contact_fields = (
        "title",
        "forename",
        "surname",
        "address_line1",
        "address_line2",
        "address_line3",
        "town",
        "county",
        "postcode",
        "phone_home",
        "phone_mobile",
        "phone_work",
        "email",
    )
    link_fields = ("priority", "parental_responsibility", "lives_with_pupil", "court_order_restriction")
    records: list[tuple[int, dict[str, Any]]] = []
    for line, record in read_records(path, "contacts", issues, DateParser()):
        upn = record["upn"].upper()
        if upn not in pupil_ids:
            issues.error(line, "upn", upn, "is not a pupil known to Attendance Desk (import pupils first)")
            continue
        records.append((line, record))
    if issues.error_count:
        return 0
    changed = 0
    for _line, record in records:
        details = {k: record.get(k, "") for k in contact_fields}
        contact = contacts.get(record["contact_id"])
        if contact is None:
            contact = Contact(mis_id=record["contact_id"], **details)
            session.add(contact)
            session.flush()
            contacts[contact.mis_id] = contact
            result.inserted += 1
            changed += 1
        else:
            differences = {k: v for k, v in details.items() if getattr(contact, k) != v}
            for key, value in differences.items():
                setattr(contact, key, value)
            if differences:
                result.updated += 1
                changed += 1
        pupil_id = pupil_ids[record["upn"].upper()]
        wanted = {k: record.get(k, False) for k in link_fields}
        wanted["priority"] = record.get("priority", 99)
        wanted["relationship_to_pupil"] = record.get("relationship", "")
        link = links.get((pupil_id, contact.id))
        if link is None:
            link = PupilContact(pupil_id=pupil_id, contact_id=contact.id, **wanted)
            session.add(link)
            links[(pupil_id, contact.id)] = link
            result.inserted += 1
            changed += 1
            continue
        differences = {k: v for k, v in wanted.items() if getattr(link, k) != v}
        for key, value in differences.items():
            setattr(link, key, value)
        if differences:
            result.updated += 1
            changed += 1
        else:
            result.unchanged += 1
    session.flush()
    return changed


def _import_marks(
    session: Session, path: Path, issues: IssueLog, result: ImportResult, progress: Progress | None
) -> int:
    codebook = default_codebook()
    pupil_ids = dict(session.execute(select(Pupil.upn, Pupil.id)).all())
    categories_by_date: dict[date, dict[str, object]] = {}
    marks: dict[tuple[int, date, str], tuple[str, int | None, int]] = {}
    for line, record in read_records(path, "marks", issues, DateParser()):
        code = record["code"]
        if code == NO_MARK:
            continue
        day: date = record["date"]
        categories = categories_by_date.get(day)
        if categories is None:
            categories = categories_by_date[day] = codebook.categories_for(day)  # type: ignore[assignment]
        if code not in categories:
            code_set = codebook.code_set_for(day).name
            issues.error(line, "code", code, f"is not a code in the {code_set} code set in force on {day:%d/%m/%Y}")
            continue
        pupil_id = pupil_ids.get(record["upn"].upper())
        if pupil_id is None:
            issues.error(line, "upn", record["upn"], "is not a pupil known to Attendance Desk (import pupils first)")
            continue
        key = (pupil_id, day, record["session"])
        previous = marks.get(key)
        if previous is not None:
            if previous[0] != code:
                issues.error(
                    line,
                    "code",
                    code,
                    f"contradicts line {previous[2]}, which gives '{previous[0]}' for the same session",
                )
            else:
                result.duplicates_ignored += 1
            continue
        marks[key] = (code, record.get("minutes_late"), line)
        if progress and len(marks) % 50_000 == 0:
            progress(len(marks))
    if issues.error_count or not marks:
        return 0
    days = [k[1] for k in marks]
    result.first_date, result.last_date = min(days), max(days)
    existing = {
        (p, d, s): (c, m)
        for p, d, s, c, m in session.execute(
            select(Mark.pupil_id, Mark.date, Mark.session, Mark.code, Mark.minutes_late).where(
                Mark.date >= result.first_date, Mark.date <= result.last_date
            )
        )
    }
    new_rows = []
    changed_rows = []
    for key, (code, minutes, _line) in marks.items():
        old = existing.get(key)
        if old is None:
            new_rows.append((*key, code, minutes))
        elif old != (code, minutes):
            changed_rows.append((*key, code, minutes))
        else:
            result.unchanged += 1
    result.inserted, result.updated = len(new_rows), len(changed_rows)
    connection = session.connection()
    columns = ("pupil_id", "date", "session", "code", "minutes_late")
    if new_rows:
        connection.execute(Mark.__table__.insert(), [dict(zip(columns, row, strict=True)) for row in new_rows])
    if changed_rows:
        insert = _upsert(connection)(Mark.__table__)
        statement = insert.on_conflict_do_update(
            index_elements=["pupil_id", "date", "session"],
            set_={"code": insert.excluded.code, "minutes_late": insert.excluded.minutes_late},
        )
        connection.execute(statement, [dict(zip(columns, row, strict=True)) for row in changed_rows])
    return len(new_rows) + len(changed_rows)


_IMPORTERS = {"pupils": _import_pupils, "contacts": _import_contacts, "marks": _import_marks}
