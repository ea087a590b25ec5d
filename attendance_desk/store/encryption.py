"""Optional whole-database encryption with SQLCipher 4 (the ``sqlcipher3-wheels`` driver).

The key comes from the school's passphrase through SQLCipher's own key derivation (PBKDF2-HMAC-SHA512, 256,000
iterations, a random salt in the file's first page), so we never handle raw keys. Where the passphrase comes
from, in order: given by the caller, ``$ATTENDANCE_DESK_PASSPHRASE`` (scripts), the operating system's keyring
on this PC (``keyring``; skipped cleanly where there is no backend). A marker file beside the database says it is
encrypted (it holds nothing secret), so a missing passphrase is a clear message, not "file is not a database".
Backups of an encrypted database are encrypted with the same passphrase (``sqlcipher_export``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from attendance_desk.store.errors import StoreProblem

log = logging.getLogger(__name__)
MARKER_FILENAME = "encrypted-with-sqlcipher"
PASSPHRASE_ENV = "ATTENDANCE_DESK_PASSPHRASE"
KEYRING_SERVICE = "AttendanceDesk"
MIN_PASSPHRASE = 12


class EncryptionError(StoreProblem):
    """The passphrase is missing or wrong, or encryption is not possible here; the message says which."""


def _driver() -> Any:
    try:
        import sqlcipher3
    except ImportError as exc:  # pragma: no cover - the wheel is a dependency
        raise EncryptionError("SQLCipher is not installed (pip install sqlcipher3-wheels)") from exc
    return sqlcipher3


# Passphrases of the encrypted databases this process has opened, by data folder, so that backups taken while the
# app runs can be encrypted with the same key without asking again. Held in memory only.
_OPENED: dict[Path, str] = {}


def note_opened(data_dir: Path, passphrase: str) -> None:
    _OPENED[data_dir.resolve()] = passphrase


def open_passphrase(data_dir: Path) -> str | None:
    """The passphrase of this folder's database when it is encrypted and open here (None for a plain one)."""
    if not is_encrypted(data_dir):
        return None
    return _OPENED.get(data_dir.resolve()) or passphrase_for(data_dir)


def encrypted_schema(database_file: Path, passphrase: str) -> str:
    connection = _open(database_file, passphrase)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except Exception:
        row = None
    finally:
        connection.close()
    return str(row[0]) if row else ""


def is_encrypted(data_dir: Path) -> bool:
    return (data_dir / MARKER_FILENAME).exists()


def _keyring_name(data_dir: Path) -> str:
    return str(data_dir.resolve())


def remembered_passphrase(data_dir: Path) -> str | None:
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, _keyring_name(data_dir))
    except Exception:  # no backend, locked keyring, D-Bus missing: fall back to asking
        log.info("No keyring available for the database passphrase")
        return None


def remember_passphrase(data_dir: Path, passphrase: str) -> bool:
    """Keep the passphrase in this PC's keyring. False when there is no usable keyring (nothing kept)."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, _keyring_name(data_dir), passphrase)
        return True
    except Exception:
        log.info("The passphrase could not be kept in a keyring on this computer")
        return False


def passphrase_for(data_dir: Path, given: str | None = None) -> str | None:
    return given or os.environ.get(PASSPHRASE_ENV) or remembered_passphrase(data_dir)


def encrypted_url(database_file: Path, passphrase: str) -> URL:
    return URL.create("sqlite+pysqlcipher", password=passphrase, database=str(database_file))


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _open(path: Path, passphrase: str | None) -> Any:
    connection = _driver().connect(str(path))
    if passphrase is not None:
        connection.execute(f"PRAGMA key = {_quote(passphrase)}")
    return connection


def check_passphrase(database_file: Path, passphrase: str) -> None:
    connection = _open(database_file, passphrase)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as exc:
        raise EncryptionError("that passphrase does not open this school's database") from exc
    finally:
        connection.close()


def export_copy(source: Path, target: Path, *, source_key: str | None, target_key: str) -> None:
    """Write an encrypted copy of ``source`` (plain when ``source_key`` is None) to ``target``."""
    if target.exists():
        target.unlink()
    connection = _open(source, source_key)
    try:
        connection.execute(f"ATTACH DATABASE {_quote(str(target))} AS encrypted KEY {_quote(target_key)}")
        connection.execute("SELECT sqlcipher_export('encrypted')")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()


def encrypt_database(database_file: Path, data_dir: Path, passphrase: str) -> None:
    """Replace the plain database with an encrypted copy. The caller has closed every engine; use
    ``store.backup.encrypt_school`` to encrypt the backups too."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise EncryptionError(f"Choose a passphrase of at least {MIN_PASSPHRASE} characters.")
    if is_encrypted(data_dir):
        raise EncryptionError("This school's database is already encrypted.")
    plain = _open(database_file, None)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the last commits may live in the -wal file
    finally:
        plain.close()
    partial = database_file.with_name(database_file.name + ".encrypting")
    export_copy(database_file, partial, source_key=None, target_key=passphrase)
    check_passphrase(partial, passphrase)
    (data_dir / MARKER_FILENAME).write_text("SQLCipher 4; the passphrase is not stored here\n", encoding="utf-8")
    for suffix in ("-wal", "-shm"):
        leftover = database_file.with_name(database_file.name + suffix)
        if leftover.exists():
            leftover.unlink()
    os.replace(partial, database_file)
    note_opened(data_dir, passphrase)
    log.info("The database and its backups are now encrypted")
