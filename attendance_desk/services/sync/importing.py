"""Importing MIS exports into the store: check the whole file, then apply it as a difference in one transaction.

Nothing is written unless every row is valid, and a cancelled import leaves the database as it was: the whole
import is one transaction, rolled back on any error or cancel. Pupils are matched on UPN, contacts on the MIS
contact id, marks on pupil, date and session; an unchanged row is left alone, so importing the same file twice
changes nothing the second time and says so. Each accepted import is kept in ``import_batches`` with its
reconciliation report (see ``importing_people`` and ``importing_marks`` for what each kind does).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.services.access import require
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import ImportBatch, utc_now
from attendance_desk.sync.canonical import KINDS
from attendance_desk.sync.issues import ImportIssue, ImportRejected, IssueLog, write_issue_report
from attendance_desk.sync.mapping import MappingProfile

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]  # (bytes read, file size); raise ImportCancelled inside it to stop
AUTO = "auto"


class _DryRunChecked(Exception):
    """Leaves the transaction by rolling it back once a dry run has counted everything."""


class ImportCancelled(Exception):
    """Raised from a progress callback to stop an import; the transaction is rolled back."""


@dataclass
class ImportResult:
    kind: str
    file: str
    status: str  # imported | unchanged | rejected | dry-run | cancelled
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
    profile: str = ""
    report: dict[str, Any] = field(default_factory=dict)  # the reconciliation report (see importing_report)
    issue_log: IssueLog | None = field(default=None, repr=False, compare=False)
    follow_up: str = ""  # what the calling desk did with newly imported marks (codes proposed, tasks created)

    @property
    def ok(self) -> bool:
        return self.status not in ("rejected", "cancelled")

    def count(self, what: str, inserted: int = 0, updated: int = 0, unchanged: int = 0, removed: int = 0) -> None:
        """Add to the totals and to the per-kind counts of the report (``what``: pupils, contacts, links, marks)."""
        self.inserted += inserted
        self.updated += updated
        self.unchanged += unchanged
        self.removed += removed
        counts = self.report.setdefault("counts", {}).setdefault(
            what, {"inserted": 0, "updated": 0, "unchanged": 0, "removed": 0}
        )
        counts["inserted"] += inserted
        counts["updated"] += updated
        counts["unchanged"] += unchanged
        counts["removed"] += removed

    @property
    def changes(self) -> int:
        return self.inserted + self.updated + self.removed

    def summary(self) -> str:
        if self.status == "rejected":
            return f"{self.file}: rejected with {self.error_count} error(s); nothing was imported"
        if self.status == "cancelled":
            return f"{self.file}: cancelled; nothing was imported"
        if self.status == "unchanged":
            head = f"{self.file}: {self.kind} unchanged: already up to date ({self.unchanged} rows the same)"
        else:
            head = (
                f"{self.file}: {self.kind} {self.status}: {self.inserted} new, {self.updated} updated, "
                f"{self.unchanged} unchanged, {self.removed} removed"
            )
        return (
            head
            + (f", {self.duplicates_ignored} repeated row(s) ignored" if self.duplicates_ignored else "")
            + (f", {self.warning_count} warning(s)" if self.warning_count else "")
            + (f". {self.follow_up}" if self.follow_up else "")
        )

    def save_issue_report(self, target: str | Path) -> int:
        """Write every error and warning (not only those kept for the screen) to a CSV file."""
        issues = self.issue_log.all_issues() if self.issue_log is not None else [*self.errors, *self.warnings]
        return write_issue_report(issues, Path(target))

    def as_json(self) -> dict[str, Any]:
        issues = list(self.issue_log.all_issues()) if self.issue_log is not None else [*self.errors, *self.warnings]
        return {
            "file": self.file,
            "kind": self.kind,
            "status": self.status,
            "profile": self.profile,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "duplicates_ignored": self.duplicates_ignored,
            "batch_id": self.batch_id,
            "warnings": [w.as_json() for w in issues if w.severity == "warning"],
            "errors": [e.as_json() for e in issues if e.severity == "error"],
            "report": self.report,
        }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class ImportContext:
    """What one kind's importer is handed."""

    session: Session
    path: Path
    issues: IssueLog
    result: ImportResult
    batch: ImportBatch
    actor_id: int | None
    profile: MappingProfile | None
    progress: Progress | None


def import_file(
    store: Store,
    kind: str,
    path: str | Path,
    actor_id: int | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    profile: str | MappingProfile | None = AUTO,
) -> ImportResult:
    """Check and import one file. Raises nothing for bad input: see ``result.errors``.

    ``profile``: a saved profile (or its name), ``"auto"`` for the saved profile whose headers match this file
    (else the built-in synonyms), or None for the synonyms only.
    """
    require(store, actor_id, Permission.IMPORT)
    from attendance_desk.services.sync import marks as importing_marks
    from attendance_desk.services.sync import people as importing_people
    from attendance_desk.services.sync import profiles as sync_profiles

    importers = {
        "pupils": importing_people.import_pupils,
        "contacts": importing_people.import_contacts,
        "marks": importing_marks.import_marks,
    }
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    path = Path(path)
    issues = IssueLog(path.name)
    result = ImportResult(kind, path.name, "rejected", issue_log=issues)
    try:
        chosen = sync_profiles.resolve_profile(store, kind, path, profile)
        result.profile = chosen.name if chosen else ""
        with store.transaction() as session:
            batch = ImportBatch(kind=kind, file_name=str(path), staff_id=actor_id, profile=result.profile)
            session.add(batch)
            session.flush()
            context = ImportContext(session, path, issues, result, batch, actor_id, chosen, progress)
            importers[kind](context)
            if issues.error_count:
                raise ImportRejected(issues.errors, issues.warnings)
            result.status = "dry-run" if dry_run else ("imported" if result.changes else "unchanged")
            if dry_run:
                raise _DryRunChecked
            _finish_batch(session, batch, path, actor_id, result)
            result.batch_id = batch.id
    except _DryRunChecked:
        pass  # the transaction was rolled back: a dry run writes nothing
    except ImportRejected:
        result.status = "rejected"
    except ImportCancelled:
        result.status = "cancelled"
    except sync_profiles.UnknownProfile as exc:
        issues.error(0, "", str(profile), str(exc))
        result.status = "rejected"
    except OSError as exc:
        issues.error(0, "", "", f"the file could not be read: {exc.strerror or exc}")
        result.status = "rejected"
    if result.status in ("rejected", "cancelled"):
        result.batch_id = None
        result.inserted = result.updated = result.unchanged = result.removed = 0
    result.errors, result.warnings = issues.errors, issues.warnings
    result.error_count, result.warning_count = issues.error_count, issues.warning_count
    log.info("Import of %s (%s): %s", path.name, kind, result.status)
    if kind == "marks" and result.status == "imported":
        _follow_up(store, actor_id, result)
    return result


def _follow_up(store: Store, actor_id: int | None, result: ImportResult) -> None:
    """Let the calling desk act on the new marks. The import itself is already committed, so a failure here is
    reported beside it rather than undoing it."""
    from attendance_desk.services.sync.after_import import follow_up_marks_import

    try:
        outcome = follow_up_marks_import(store, actor_id, result.last_date)
    except Exception:
        log.exception("Follow-up of the marks import failed")
        result.follow_up = "The follow-up tasks could not be created; run `attendance-desk escalate` to retry"
        return
    if outcome is not None:
        result.follow_up = (
            f"For {outcome.on:%d/%m/%Y}: {outcome.codes_proposed} code(s) proposed from reported absences, "
            f"{outcome.tasks_created} follow-up task(s) created"
        )


def _finish_batch(session: Session, batch: ImportBatch, path: Path, actor_id: int | None, result: ImportResult) -> None:
    result.report.update(
        kind=result.kind,
        file=result.file,
        profile=result.profile,
        duplicates_ignored=result.duplicates_ignored,
        warnings=[w.as_json() for w in result.issue_log.warnings[:500]] if result.issue_log else [],
    )
    batch.file_sha256 = file_sha256(path)
    batch.finished_at = utc_now()
    batch.status = result.status
    batch.inserted, batch.updated = result.inserted, result.updated
    batch.unchanged, batch.removed = result.unchanged, result.removed
    batch.warnings = result.issue_log.warning_count if result.issue_log else 0
    batch.first_date, batch.last_date = result.first_date, result.last_date
    batch.report = result.report
    record_change(
        session,
        actor_id=actor_id,
        action="import",
        entity=result.kind,
        entity_id=batch.id,
        after={"file": path.name, "inserted": result.inserted, "updated": result.updated, "removed": result.removed},
    )
