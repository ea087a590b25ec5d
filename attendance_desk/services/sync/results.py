"""What an import reports and what each kind's importer is handed: shared by ``importing`` (which runs an import)
and ``people`` / ``marks`` (which apply one kind), so neither side imports the other's module for its types."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from attendance_desk.domain.text import plural
from attendance_desk.store.models import ImportBatch
from attendance_desk.sync.issues import ImportIssue, IssueLog, write_issue_report
from attendance_desk.sync.mapping import MappingProfile

Progress = Callable[[int, int], None]  # (bytes read, file size); raise ImportCancelled inside it to stop
RemovalKey = tuple[int, str, str]  # pupil id, ISO date, AM|PM
# What the user agreed to: False (nothing may be removed), True (anything the file removes), or exactly the marks
# (or, for a pupils file, the pupil ids) shown to them in a confirmation, so a file that changed since is refused.
Agreement = bool | Collection[RemovalKey] | Collection[int]


@dataclass(frozen=True, slots=True)
class Removal:
    """A stored mark the file would remove (shown to the user before anything is written)."""

    pupil_id: int
    upn: str
    pupil: str
    date: date
    session: str
    old_code: str

    @property
    def key(self) -> RemovalKey:
        return (self.pupil_id, self.date.isoformat(), self.session)

    def as_json(self) -> dict[str, Any]:
        return {"upn": self.upn, "date": self.date.isoformat(), "session": self.session, "old_code": self.old_code}


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
    report: dict[str, Any] = field(default_factory=dict)  # the reconciliation report (see ``importing._finish_batch``)
    issue_log: IssueLog | None = field(default=None, repr=False, compare=False)
    follow_up: str = ""  # what the calling desk did with newly imported marks (codes proposed, tasks created)
    removals: list[Removal] = field(default_factory=list)  # marks the file removes (or would, if agreed)
    # Why the file needs the user's agreement before it can be imported ("" when it does not): marks it would
    # remove, or a pupils file that would leave many pupils out. Such a file is rejected until agreed.
    needs_agreement: str = ""
    gone_pupil_ids: list[int] = field(default_factory=list)  # pupils file: pupils it leaves out
    text_format: str = ""  # how the file was read, e.g. "UTF-8, comma"

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
        if self.status == "rejected" and self.needs_agreement and self.error_count == 1:
            return f"{self.file}: not imported: {self.needs_agreement}; nothing was written"
        if self.status == "rejected":
            return f"{self.file}: rejected with {plural(self.error_count, 'error')}; nothing was imported"
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
            + (f", {plural(self.duplicates_ignored, 'repeated row')} ignored" if self.duplicates_ignored else "")
            + (f", {plural(self.warning_count, 'warning')}" if self.warning_count else "")
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
            "encoding": self.text_format,
            "needs_agreement": self.needs_agreement,
            "removals": [removal.as_json() for removal in self.removals],
            "warnings": [w.as_json() for w in issues if w.severity == "warning"],
            "errors": [e.as_json() for e in issues if e.severity == "error"],
            "report": self.report,
        }


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
    allow_removals: Agreement = False
    encoding: str | None = None
    today: date = field(default_factory=date.today)

    def agreed(self, key: RemovalKey | int) -> bool:
        """Whether the user agreed to this removal (``allow_removals`` is True or lists it)."""
        if isinstance(self.allow_removals, bool):
            return self.allow_removals
        return key in self.allow_removals
