"""Backups a school can rely on: one zip file holding a consistent copy of the database and the whole archive.

- The database is copied with SQLite's online backup API, so the copy includes what still lives in the WAL and is
  consistent even while the app is open (a copy of the file alone may be unreadable).
- Every archived document (``<data>/archive``) goes in beside it.
- ``manifest.json`` lists each member with its size and SHA-256; restoring checks every one before it trusts the
  file, so a damaged or cut-short backup is refused instead of half restored.

The same function writes the automatic daily backup (``backups/``, keeping the last 14 and the first of each
month for a year), the backup taken before a schema upgrade, and ``attendance-desk backup -o FILE``. zipfile
(standard library) is used: Windows opens the file without extra software, and deflate suits the database
while PDFs are stored as they are.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from attendance_desk import __version__
from attendance_desk.paths import DATABASE_FILENAME, backups_dir
from attendance_desk.store.encryption import (
    MARKER_FILENAME,
    encrypt_database,
    encrypted_schema,
    export_copy,
    open_passphrase,
)
from attendance_desk.store.errors import StoreProblem

MANIFEST = "manifest.json"
FORMAT = "attendance-desk-backup"
FORMAT_VERSION = 1
ARCHIVE_DIRNAME = "archive"
DATABASE_MEMBER = DATABASE_FILENAME
DAILY_LABEL = "daily"
KEEP_DAILY = 14
KEEP_MONTHLY = 12
_CHUNK = 1 << 20
_COMPRESSED_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".zip", ".docx", ".xlsx"}


class BackupProblem(StoreProblem):
    """A backup cannot be written or restored; the message says why. Nothing was left half done."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    files: int  # members besides the manifest
    size: int  # bytes of the zip file
    created: str  # ISO timestamp
    schema: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_database(database_file: Path, target: Path) -> None:
    """A consistent copy through the online backup API (takes the WAL into account; safe while others read).

    An encrypted database (SQLCipher) is copied encrypted with the same passphrase."""
    passphrase = open_passphrase(database_file.parent)
    if passphrase is not None:
        export_copy(database_file, target, source_key=passphrase, target_key=passphrase)
        return
    source = sqlite3.connect(database_file)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            copy.close()
    finally:
        source.close()


def _schema_of(database_copy: Path, passphrase: str | None = None) -> str:
    if passphrase is not None:
        return encrypted_schema(database_copy, passphrase)
    connection = sqlite3.connect(database_copy)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        row = None
    finally:
        connection.close()
    return str(row[0]) if row else ""


def _archive_files(data_dir: Path) -> Iterator[tuple[Path, str]]:
    root = data_dir / ARCHIVE_DIRNAME
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path, f"{ARCHIVE_DIRNAME}/{path.relative_to(root).as_posix()}"


def write_backup(database_file: Path, data_dir: Path, target: Path) -> BackupInfo:
    """Write one backup file at ``target`` (replaced only once complete: a failure leaves no partial file)."""
    target = Path(target)
    partial = target.with_name(target.name + ".part")
    created = datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        with tempfile.TemporaryDirectory(prefix="attendance-desk-backup-") as scratch:
            database_copy = Path(scratch) / DATABASE_MEMBER
            copy_database(database_file, database_copy)
            passphrase = open_passphrase(database_file.parent)
            schema = _schema_of(database_copy, passphrase)
            members = {DATABASE_MEMBER: {"sha256": _sha256(database_copy), "size": database_copy.stat().st_size}}
            with zipfile.ZipFile(partial, "w", allowZip64=True) as archive:
                archive.write(database_copy, DATABASE_MEMBER, compress_type=zipfile.ZIP_DEFLATED)
                if passphrase is not None:  # the restored folder must know its database is encrypted
                    marker = data_dir / MARKER_FILENAME
                    members[MARKER_FILENAME] = {"sha256": _sha256(marker), "size": marker.stat().st_size}
                    archive.write(marker, MARKER_FILENAME)
                for path, name in _archive_files(data_dir):
                    members[name] = {"sha256": _sha256(path), "size": path.stat().st_size}
                    stored = path.suffix.casefold() in _COMPRESSED_SUFFIXES
                    archive.write(path, name, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created": created,
                    "app_version": __version__,
                    "schema": schema,
                    "files": members,
                }
                archive.writestr(MANIFEST, json.dumps(manifest, indent=2), compress_type=zipfile.ZIP_DEFLATED)
            with partial.open("rb") as handle:
                os.fsync(handle.fileno())
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupInfo(target, len(members), target.stat().st_size, created, schema)


def backup_database(database_file: Path, data_dir: Path, label: str = "backup") -> Path:
    """A backup into ``<data>/backups/`` named with the time and ``label`` (e.g. ``before-0006_imports``)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir(data_dir) / f"attendance-desk-{stamp}-{label}.zip"
    return write_backup(database_file, data_dir, target).path


# --- reading and restoring ---------------------------------------------------------------------------------------


def read_manifest(backup_file: Path) -> dict[str, object]:
    """The manifest of a backup file; :class:`BackupProblem` when it is not one of ours."""
    try:
        with zipfile.ZipFile(backup_file) as archive:
            manifest = json.loads(archive.read(MANIFEST))
    except FileNotFoundError:
        raise BackupProblem(f"the backup file {backup_file} does not exist") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise BackupProblem(
            f"{Path(backup_file).name} is not an Attendance Desk backup, or it is damaged or incomplete"
        ) from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("files"), dict)
    ):
        raise BackupProblem(f"{Path(backup_file).name} is not an Attendance Desk backup")
    return manifest


def _safe_member(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts and ":" not in name


def restore_backup(backup_file: Path, data_dir: Path) -> BackupInfo:
    """Unpack a backup into ``data_dir``, which must be empty (or not exist yet). Every member's SHA-256 is checked
    against the manifest; on any problem everything written is removed again and :class:`BackupProblem` says why.
    The caller then opens the store (quick check, upgrade if the backup is older) and verifies the archive."""
    backup_file, data_dir = Path(backup_file), Path(data_dir)
    manifest = read_manifest(backup_file)
    if data_dir.exists() and any(data_dir.iterdir()):
        raise BackupProblem(
            f"the folder {data_dir} is not empty; restore into a new, empty data folder so that nothing there is "
            "overwritten"
        )
    files = manifest["files"]
    assert isinstance(files, dict)
    if DATABASE_MEMBER not in files:
        raise BackupProblem(f"{backup_file.name} holds no database")
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(backup_file) as archive:
            names = set(archive.namelist()) - {MANIFEST}
            if names != set(files):
                raise BackupProblem(f"{backup_file.name} does not hold the files its manifest lists; it is damaged")
            for name, expected in files.items():
                if not _safe_member(name):
                    raise BackupProblem(f"{backup_file.name} names a file outside the data folder; refused")
                target = data_dir / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with archive.open(name) as source, target.open("wb") as out:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                if digest.hexdigest() != expected.get("sha256"):
                    raise BackupProblem(f"{name} in {backup_file.name} does not match its recorded SHA-256")
                if name.startswith(f"{ARCHIVE_DIRNAME}/"):
                    target.chmod(0o444)  # archived documents are read-only, as the archive writes them
    except BackupProblem:
        _empty(data_dir)
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        _empty(data_dir)
        if isinstance(exc, OSError):
            raise
        raise BackupProblem(f"{backup_file.name} is damaged or incomplete; nothing was restored") from None
    return BackupInfo(
        backup_file, len(files), backup_file.stat().st_size, str(manifest.get("created", "")), str(manifest["schema"])
    )


def _empty(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(0o644)  # read-only archive copies must go too
    for child in folder.iterdir():
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()


# --- the automatic daily backup ----------------------------------------------------------------------------------


def _day_of(path: Path) -> date | None:
    """The date in a backup's name (``attendance-desk-YYYYMMDD-…``)."""
    try:
        return datetime.strptime(path.name.split("-")[2], "%Y%m%d").date()
    except (IndexError, ValueError):
        return None


def daily_backups(data_dir: Path) -> list[Path]:
    return sorted(backups_dir(data_dir).glob(f"attendance-desk-*-{DAILY_LABEL}.zip"))


def backups_to_prune(paths: list[Path], today: date) -> list[Path]:
    """Daily backups beyond the newest :data:`KEEP_DAILY`, except the first of each of the last twelve months."""
    dated = sorted((day, path) for path in paths if (day := _day_of(path)) is not None)
    keep = {path for _day, path in dated[-KEEP_DAILY:]}
    first_of_month: dict[tuple[int, int], Path] = {}
    for day, path in dated:
        months_ago = (today.year - day.year) * 12 + today.month - day.month
        if 0 <= months_ago < KEEP_MONTHLY:
            first_of_month.setdefault((day.year, day.month), path)
    keep |= set(first_of_month.values())
    return [path for _day, path in dated if path not in keep]


def backed_up_today(data_dir: Path, today: date | None = None) -> bool:
    today = today or date.today()
    return any(_day_of(path) == today for path in daily_backups(data_dir))


def daily_backup(database_file: Path, data_dir: Path, today: date | None = None) -> BackupInfo | None:
    """At start-up: one backup a day (None when today's exists), then the old ones pruned."""
    today = today or date.today()
    existing = daily_backups(data_dir)
    if backed_up_today(data_dir, today):
        return None
    stamp = datetime.now().strftime("%H%M%S")
    target = backups_dir(data_dir) / f"attendance-desk-{today:%Y%m%d}-{stamp}-{DAILY_LABEL}.zip"
    info = write_backup(database_file, data_dir, target)
    for old in backups_to_prune([*existing, target], today):
        old.unlink(missing_ok=True)
    return info


def encrypt_backups(data_dir: Path, passphrase: str) -> int:
    """When a school turns encryption on: rewrite each backup with its database encrypted. Returns how many."""
    count = 0
    for backup in sorted(backups_dir(data_dir).glob("*.zip")):
        manifest = read_manifest(backup)
        files = manifest["files"]
        assert isinstance(files, dict)
        partial = backup.with_name(backup.name + ".part")
        with tempfile.TemporaryDirectory(prefix="attendance-desk-encrypt-") as scratch:
            plain, encrypted = Path(scratch) / "plain.sqlite3", Path(scratch) / "encrypted.sqlite3"
            with zipfile.ZipFile(backup) as source, zipfile.ZipFile(partial, "w", allowZip64=True) as target:
                plain.write_bytes(source.read(DATABASE_MEMBER))
                export_copy(plain, encrypted, source_key=None, target_key=passphrase)
                target.write(encrypted, DATABASE_MEMBER, compress_type=zipfile.ZIP_DEFLATED)
                files[DATABASE_MEMBER] = {"sha256": _sha256(encrypted), "size": encrypted.stat().st_size}
                for name in files:
                    if name not in (DATABASE_MEMBER, MARKER_FILENAME):
                        target.writestr(source.getinfo(name), source.read(name))
                marker = data_dir / MARKER_FILENAME
                target.write(marker, MARKER_FILENAME)
                files[MARKER_FILENAME] = {"sha256": _sha256(marker), "size": marker.stat().st_size}
                target.writestr(MANIFEST, json.dumps(manifest, indent=2), compress_type=zipfile.ZIP_DEFLATED)
        partial.replace(backup)
        count += 1
    return count


def encrypt_school(database_file: Path, data_dir: Path, passphrase: str) -> int:
    """Turn encryption on: the database, then every backup in ``backups/``. Returns how many backups."""
    encrypt_database(database_file, data_dir, passphrase)
    return encrypt_backups(data_dir, passphrase)
