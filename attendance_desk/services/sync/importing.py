"""Importing MIS exports into the store: check the whole file, then apply it as a difference in one transaction.

Nothing is written unless every row is valid, and a cancelled import leaves the database as it was: the whole
import is one transaction, rolled back on any error or cancel. Pupils are matched on UPN, contacts on the MIS
contact id, marks on pupil, date and session; an unchanged row is left alone, so importing the same file twice
changes nothing the second time and says so. Each accepted import is kept in ``import_batches`` with its
reconciliation report (see ``people`` and ``marks`` for what each kind does).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.services.access import require
from attendance_desk.services.sync import after_import
from attendance_desk.services.sync import marks as importing_marks
from attendance_desk.services.sync import people as importing_people
from attendance_desk.services.sync import profiles as sync_profiles
from attendance_desk.services.sync.results import Agreement, ImportCancelled, ImportContext, ImportResult, Progress
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.errors import BUSY, DatabaseBusy, is_busy
from attendance_desk.store.locks import hold_import_lock
from attendance_desk.store.models import ImportBatch, utc_now
from attendance_desk.sync.canonical import KINDS
from attendance_desk.sync.issues import ImportRejected, IssueLog
from attendance_desk.sync.mapping import MappingProfile

log = logging.getLogger(__name__)
AUTO = "auto"


class _DryRunChecked(Exception):
    """Leaves the transaction by rolling it back once a dry run has counted everything."""


# From this size a marks file (tens of thousands of marks) is loaded with its foreign keys checked once for the
# file rather than row by row: 0.1 s less for a year at 1,500 pupils. The check once costs a read of every other
# table's keys (about 50 ms a million rows), more than a morning's few hundred marks save, so small files keep the
# row-by-row checks.
BULK_LOAD_BYTES = 1 << 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_file(store: Store, kind: str, path: str | Path, actor_id: int | None = None, **options: Any) -> ImportResult:
    """Check and import one file (see :func:`import_file_once` for the options). When another copy holds the
    database for longer than the busy timeout, the whole import (one transaction, rolled back) is tried once more;
    if it is still busy, :class:`DatabaseBusy` says so in a sentence."""
    try:
        return import_file_once(store, kind, path, actor_id, **options)
    except Exception as exc:
        if not is_busy(exc):
            raise
    log.warning("The database was busy; trying the import once more")
    try:
        return import_file_once(store, kind, path, actor_id, **options)
    except Exception as exc:
        if is_busy(exc):
            raise DatabaseBusy(BUSY) from exc
        raise


def import_file_once(
    store: Store,
    kind: str,
    path: str | Path,
    actor_id: int | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    profile: str | MappingProfile | None = AUTO,
    allow_removals: Agreement = False,
    encoding: str | None = None,
    today: date | None = None,
) -> ImportResult:
    """Check and import one file. Raises nothing for bad input: see ``result.errors``.

    ``profile``: a saved profile (or its name), ``"auto"`` for the saved profile whose headers match this file
    (else the built-in synonyms), or None for the synonyms only. ``allow_removals``: see
    :data:`~attendance_desk.services.sync.results.Agreement`; a file that would remove marks (or leave out many
    pupils) without it is rejected, with ``result.removals`` and ``result.needs_agreement`` saying what it would
    do. ``encoding``: the file's text encoding, when the user knows better than the detection.
    """
    require(store, actor_id, Permission.IMPORT)
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
        # A big marks file is a bulk load: its rows' pupils and import are checked once, not row by row (see
        # Store.transaction and services.sync.marks.check_mark_parents).
        bulk = kind == "marks" and path.stat().st_size >= BULK_LOAD_BYTES
        with store.transaction(bulk_load=("marks",) if bulk else ()) as session:
            if not dry_run:
                hold_import_lock(session, actor_id)  # one import at a time on the server; says who holds it
            batch = ImportBatch(kind=kind, file_name=str(path), staff_id=actor_id, profile=result.profile)
            session.add(batch)
            session.flush()
            context = ImportContext(
                session,
                path,
                issues,
                result,
                batch,
                actor_id,
                chosen,
                progress,
                allow_removals=allow_removals,
                encoding=encoding,
                today=today or date.today(),
            )
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
    result.text_format = issues.text_format
    if issues.text_format:
        result.report["encoding"] = issues.text_format
    result.errors, result.warnings = issues.errors, issues.warnings
    result.error_count, result.warning_count = issues.error_count, issues.warning_count
    log.info("Import of %s (%s): %s", path.name, kind, result.status)
    if kind == "marks" and result.status == "imported" and result.batch_id is not None:
        # The import is committed; its follow-up is recorded as pending in the same transaction, so a failure or
        # a kill here is finished (or reported) at the next start rather than lost.
        result.follow_up = after_import.finish_after_import(store, actor_id, result.batch_id)
    return result


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
    if result.kind == "marks" and result.status == "imported":
        # Recorded in the import's own transaction: if the process dies before the follow-up has run, the next
        # start finds this batch and finishes the work (see after_import.finish_pending). An unchanged file has
        # no follow-up (import_file_once runs it for "imported" only), so nothing is left pending for it.
        batch.after_import = "pending"
    record_change(
        session,
        actor_id=actor_id,
        action="import",
        entity=result.kind,
        entity_id=batch.id,
        after={"file": path.name, "inserted": result.inserted, "updated": result.updated, "removed": result.removed},
    )
