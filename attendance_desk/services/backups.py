"""Backup and restore for the app and the command line: write one backup file, restore one into an empty data
folder and prove it usable (database checks, every archived document against its SHA-256), and the automatic
daily backup at start-up. The file format and the rotation live in ``store.backup``."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from attendance_desk.domain.text import plural
from attendance_desk.paths import database_path
from attendance_desk.services.archive import verify_archive
from attendance_desk.store.backup import BackupInfo, backed_up_today, daily_backup, restore_backup, write_backup
from attendance_desk.store.engine import Store, sqlite_url
from attendance_desk.store.errors import StoreProblem
from attendance_desk.store.open import integrity_check, open_store, quick_check

log = logging.getLogger(__name__)


@dataclass
class RestoreOutcome:
    info: BackupInfo
    data_dir: Path
    database_problems: list[str] = field(default_factory=list)
    documents_checked: int = 0
    document_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.database_problems and not self.document_problems

    def lines(self) -> list[str]:
        out = [f"restored the backup of {self.info.created or 'unknown date'} into {self.data_dir}"]
        if self.database_problems:
            out.append(
                f"the database check found {plural(len(self.database_problems), 'problem')}: the backup is damaged"
            )
        else:
            out.append("database check (integrity_check): ok")
        out.extend(self.document_problems)
        if self.document_problems:
            out.append(
                f"{len(self.document_problems)} of {plural(self.documents_checked, 'archived document')} do not match"
            )
        else:
            out.append(
                f"{plural(self.documents_checked, 'archived document')} checked: all match their recorded SHA-256"
            )
        return out


class ServerBackupElsewhere(StoreProblem):
    """On the school's server the database (archive included) is backed up there, not from one PC."""


def backup_to(store: Store, target: Path) -> BackupInfo:
    if store.database_file is None:
        raise ServerBackupElsewhere(
            f"this PC works on the school's server ({store.location}), which holds the archive too, so the backup "
            "is taken on the server with its own tools (pg_dump -Fc, or the school's backup system; README: "
            "Several PCs). Nothing was written"
        )
    quick_check(store.engine)  # whatever today's record says: never write a damaged file into a backup unnoticed
    info = write_backup(store.database_file, store.data_dir, target)
    log.info("Backup written (%d files, %d bytes)", info.files, info.size)
    return info


def restore_and_verify(backup_file: Path, data_dir: Path) -> RestoreOutcome:
    """Restore into an empty ``data_dir`` and check the result: the database's full ``integrity_check`` and
    every archived document's SHA-256."""
    info = restore_backup(backup_file, data_dir)
    store = open_store(data_dir, url=sqlite_url(database_path(data_dir)))  # a backup is a file, whatever this PC uses
    try:
        outcome = RestoreOutcome(info, data_dir, integrity_check(store.engine))
        report = verify_archive(store)
        outcome.documents_checked = report.checked
        outcome.document_problems = [f"document {p.document_id}: {p.problem}: {p.path}" for p in report.problems]
    finally:
        store.dispose()
    log.info(
        "Backup restored; database problems %d, document problems %d",
        len(outcome.database_problems),
        len(outcome.document_problems),
    )
    return outcome


def start_of_day_backup(store: Store) -> BackupInfo | None:
    """The app's automatic backup: once a day at start-up (None when today's exists already)."""
    if store.database_file is None or backed_up_today(store.data_dir):
        return None
    quick_check(store.engine)  # a damaged file is refused with a sentence rather than rotated into the backups
    info = daily_backup(store.database_file, store.data_dir)
    if info is not None:
        log.info("Daily backup written (%d bytes)", info.size)
    return info
