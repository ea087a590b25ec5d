"""The watched folder: exports dropped there (for example by the MIS's scheduled export) are imported.

A file is taken once it has stopped growing. Its kind comes from its name (``pupils``, ``contacts``/``parents``,
``marks``/``attendance``) or, failing that, from its headers. Afterwards it is moved into ``imported/`` or
``rejected/`` beside it (with the error report for a rejected file), so it is never imported twice and the office
can see what happened. With the app closed, the CLI does the same job for Windows Task Scheduler.

Each file is handled on its own: whatever happens to one (bad data, an unexpected error) it is moved aside once,
with its report, and the next file is taken. Nobody is at the keyboard to agree to removals, so a file that would
remove marks (or leave out many pupils) is never applied here: it goes to ``needs-review/`` with a note saying
why, for the office to import by hand.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from attendance_desk.domain.access import Permission
from attendance_desk.services.access import require
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.errors import describe_failure
from attendance_desk.store.models import SchoolSettings
from attendance_desk.sync.dates import DateCache
from attendance_desk.sync.headers import auto_map, grid_columns
from attendance_desk.sync.issues import ImportIssue
from attendance_desk.sync.textfile import TableReader

if TYPE_CHECKING:
    # Imported where a file is imported: the app starts its watcher at start-up, and the import machinery is a
    # tenth of a second of module loading that a morning with no file dropped never needs.
    from attendance_desk.services.sync.importing import ImportResult

log = logging.getLogger(__name__)
SUFFIXES = {".csv", ".txt", ".tsv"}
DONE_FOLDER, REJECTED_FOLDER, REVIEW_FOLDER = "imported", "rejected", "needs-review"
_NAME_HINTS = (
    ("contact", "contacts"),
    ("parent", "contacts"),
    ("mark", "marks"),
    ("attend", "marks"),
    ("register", "marks"),
    ("pupil", "pupils"),
    ("student", "pupils"),
)


@dataclass(frozen=True)
class WatchedImport:
    path: Path  # where the file is now (inside imported/ or rejected/)
    result: ImportResult


def watched_folder(store: Store) -> str:
    with store.session() as session:
        return session.scalar(select(SchoolSettings.watched_folder).where(SchoolSettings.id == 1)) or ""


def set_watched_folder(store: Store, actor_id: int | None, folder: str) -> None:
    require(store, actor_id, Permission.SCHOOL_SETTINGS)
    folder = folder.strip()
    if folder and not Path(folder).is_dir():
        raise ValueError(f"the folder '{folder}' does not exist")
    with store.transaction() as session:
        settings = session.get(SchoolSettings, 1)
        assert settings is not None  # open_store makes the row
        if settings.watched_folder != folder:
            record_change(
                session,
                actor_id=actor_id,
                action="update",
                entity="school_settings",
                entity_id=1,
                before={"watched_folder": settings.watched_folder},
                after={"watched_folder": folder},
            )
            settings.watched_folder = folder


def guess_kind(path: Path) -> str | None:
    """pupils, contacts or marks, from the file name or else the headers; None when it cannot tell."""
    name = path.stem.casefold()
    for hint, kind in _NAME_HINTS:
        if hint in name:
            return kind
    try:
        with TableReader(path) as table:
            header = table.header
    except Exception:  # unreadable: the import will say why
        return None
    marks = auto_map("marks", header)
    if ("date" in marks and "code" in marks) or len(grid_columns(header, DateCache())) >= 2:
        return "marks"
    if "contact_id" in auto_map("contacts", header):
        return "contacts"
    if "date_of_birth" in auto_map("pupils", header):
        return "pupils"
    return None


def waiting_files(folder: Path, sizes: dict[Path, int]) -> list[Path]:
    """Files ready to import: seen at the same size on the previous look (so not still being written).
    ``sizes`` is the caller's memory between looks; it is updated."""
    ready, now = [], {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not path.is_file() or path.suffix.casefold() not in SUFFIXES or path.name.startswith((".", "~$")):
            continue
        size = path.stat().st_size
        now[path] = size
        if sizes.get(path) == size:
            ready.append(path)
    sizes.clear()
    sizes.update(now)
    return ready


def _move(path: Path, folder_name: str) -> Path:
    target_folder = path.parent / folder_name
    target_folder.mkdir(exist_ok=True)
    target = target_folder / f"{datetime.now():%Y%m%d-%H%M%S}-{path.name}"
    shutil.move(str(path), target)
    return target


def import_file(store: Store, kind: str, path: Path, actor_id: int | None, *, allow_removals: bool) -> ImportResult:
    """:func:`services.sync.importing.import_file`, loaded when the first file arrives."""
    from attendance_desk.services.sync import importing

    return importing.import_file(store, kind, path, actor_id, allow_removals=allow_removals)


def _refused(path: Path, kind: str, message: str) -> ImportResult:
    from attendance_desk.services.sync.importing import ImportResult

    result = ImportResult(kind, path.name, "rejected")
    result.errors = [ImportIssue(path.name, 0, "", "", message)]
    result.error_count = 1
    return result


def _review_note(result: ImportResult) -> str:
    lines = [
        f"{result.file} was not imported from the watched folder: {result.needs_agreement}.",
        "The watched folder never removes anything. Check the list below; if it is right, import the file by hand",
        "(Import/Export page, or `attendance-desk import ... --allow-removals`) and agree to the removals there.",
        "",
    ]
    for removal in result.removals[:1000]:
        lines.append(f"{removal.upn} {removal.date:%d/%m/%Y} {removal.session}: was {removal.old_code}")
    if len(result.removals) > 1000:
        lines.append(f"... and {len(result.removals) - 1000} more")
    if result.gone_pupil_ids:
        lines.append(f"Pupils the file leaves out: {len(result.gone_pupil_ids)}")
    return "\n".join(lines) + "\n"


def import_dropped_file(store: Store, actor_id: int | None, path: Path) -> WatchedImport:
    """Import one dropped file and move it aside; never raises for the file's sake (only if it cannot be moved)."""
    kind = guess_kind(path)
    if kind is None:
        result = _refused(
            path,
            "unknown",
            "could not tell whether this file holds pupils, contacts or marks: put one of those words in its name",
        )
    else:
        try:
            result = import_file(store, kind, path, actor_id, allow_removals=False)
        except Exception as exc:  # one file's failure must not stop the folder: reported beside the file
            log.exception("Watched-folder import of one file failed")
            result = _refused(path, kind, describe_failure(exc) or f"an unexpected error ({type(exc).__name__})")
    if result.ok:
        return WatchedImport(_move(path, DONE_FOLDER), result)
    if result.needs_agreement:
        moved = _move(path, REVIEW_FOLDER)
        moved.with_name(moved.stem + "-note.txt").write_text(_review_note(result), encoding="utf-8-sig")
        return WatchedImport(moved, result)
    moved = _move(path, REJECTED_FOLDER)
    result.save_issue_report(moved.with_name(moved.stem + "-errors.csv"))
    return WatchedImport(moved, result)


def import_waiting_files(store: Store, actor_id: int | None, ready: list[Path]) -> list[WatchedImport]:
    """Each ready file on its own: a file that cannot even be moved aside is skipped (and logged), not retried in a
    way that blocks the others."""
    done = []
    for path in ready:
        try:
            done.append(import_dropped_file(store, actor_id, path))
        except OSError:
            log.exception("A watched-folder file could not be moved aside")
    return done
